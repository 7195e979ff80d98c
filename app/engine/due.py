"""A lane's due time, declared in the BPMN (超时催办, issue 13 item 3).

A lane carries the Spiff extension property ``due``::

    <bpmn:lane id="lane_dept" name="dept">
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="due" value="P3D"/>
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      …

The value is either an ISO 8601 duration counted from the moment the task opens (weeks, days,
hours, minutes, seconds: ``P3D``, ``PT48H``, ``P1DT12H``; years and months have no fixed length and are
refused), or the name of a date field of the record's form (``exam_date``): the task is then due at the
end of that day. Nothing here evaluates anything; the value is only matched against two patterns.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import timedelta

from lxml import etree

DUE_PROPERTY = "due"
_DURATION = re.compile(r"^P(?:(?P<w>\d{1,4})W)?(?:(?P<d>\d{1,5})D)?"
                       r"(?:T(?:(?P<h>\d{1,6})H)?(?:(?P<m>\d{1,7})M)?(?:(?P<s>\d{1,9})S)?)?$")
_FIELD = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_SPIFF_PROPERTY = "{http://spiffworkflow.org/bpmn/schema/1.0/core}property"


def parse_duration(text: str) -> timedelta | None:
    """The length of an ISO 8601 duration without years or months (``P3D`` → 3 days); None when
    ``text`` is not one, or is empty (``P``, ``PT``) or zero."""
    match = _DURATION.match(text or "")
    if match is None or text.endswith(("P", "T")):
        return None
    parts = {key: int(value) for key, value in match.groupdict().items() if value}
    length = timedelta(weeks=parts.get("w", 0), days=parts.get("d", 0), hours=parts.get("h", 0),
                       minutes=parts.get("m", 0), seconds=parts.get("s", 0))
    return length if length > timedelta(0) else None


def is_date_field(value: str) -> bool:
    """True when ``value`` has the shape of a form field key (the date-field form of ``due``)."""
    return bool(_FIELD.match(value or "")) and not value.startswith("P")


def due_problem(value: str | None) -> str | None:
    """Why a ``due`` value is refused (for the lint), or None when it is a duration or a field name."""
    text = (value or "").strip()
    if not text:
        return "is empty"
    if parse_duration(text) is not None or is_date_field(text):
        return None
    if text.startswith("P"):
        return ("is not an ISO 8601 duration longer than zero in weeks, days, hours, minutes or seconds "
                "(e.g. P3D, PT48H, P1DT12H; no years or months)")
    return "is neither an ISO 8601 duration (e.g. P3D) nor the name of a date field (e.g. exam_date)"


def lane_due_elements(lanes: Iterable[etree._Element]) -> list[tuple[etree._Element, etree._Element]]:
    """``(lane, property element)`` for every ``due`` property directly on one of ``lanes``."""
    found = []
    for lane in lanes:
        for prop in lane.iterfind(f"./{{*}}extensionElements/{{*}}properties/{_SPIFF_PROPERTY}"):
            if prop.get("name") == DUE_PROPERTY:
                found.append((lane, prop))
    return found


def lane_due_rules(lanes: Iterable[etree._Element]) -> dict[str, str]:
    """``{lane name: due value}`` of the lanes that declare one (values as written, stripped)."""
    return {lane.get("name") or "": (prop.get("value") or "").strip() for lane, prop in lane_due_elements(lanes)}


__all__ = ["DUE_PROPERTY", "due_problem", "is_date_field", "lane_due_rules", "parse_duration"]
