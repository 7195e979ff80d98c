"""One page of a list: the items, the count and 合计 over every filtered row, per-status tab counts.

Shared by every list service (records, inbox, 撤回记录); the api schemas render it (``PageResponse``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

MAX_PAGE_SIZE = 200


@dataclass
class Page:
    """``items`` of page ``page`` (1-based) of ``page_size``; ``total`` rows and ``workload_total``
    (合计 of 工作量) over every row the filter matched; ``tabs``: status → count, where a list has tabs."""

    items: list[Any]
    total: int
    workload_total: Decimal
    page: int
    page_size: int
    tabs: dict[str, int] = field(default_factory=dict)


def paging(page: int, page_size: int) -> tuple[int, int]:
    """``(page, page_size)`` clamped to 1… and 1…MAX_PAGE_SIZE."""
    return max(1, page), max(1, min(page_size, MAX_PAGE_SIZE))
