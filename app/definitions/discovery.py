"""Reads processes/*.bpmn, rules/*.dmn and forms/*.json under a root folder (nothing else)."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class DefinitionFiles:
    processes: dict[str, bytes] = field(default_factory=dict)     # file stem -> BPMN bytes
    decisions: dict[str, bytes] = field(default_factory=dict)     # file stem -> DMN bytes
    forms: dict[str, Any] = field(default_factory=dict)           # file stem -> parsed JSON
    problems: list[dict[str, object]] = field(default_factory=list)


def discover(root: Path, *, rules_dir: Path | None = None) -> DefinitionFiles:
    """Read the three definition folders of ``root``.

    Args:
        root: the project root (holding ``processes/``, ``rules/``, ``forms/``).
        rules_dir: another folder of DMN files to use instead of ``root/rules`` (a process admin's
            alternative policy, e.g. ``rules/alternatives``).

    Returns:
        The files; unreadable JSON is reported in ``problems`` as ``{"file", "message"}``.
    """
    found = DefinitionFiles()
    for path in sorted((root / "processes").glob("*.bpmn")):
        found.processes[path.stem] = path.read_bytes()
    for path in sorted((rules_dir or root / "rules").glob("*.dmn")):
        found.decisions[path.stem] = path.read_bytes()
    for path in sorted((root / "forms").glob("*.json")):
        try:
            found.forms[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            found.problems.append({"file": f"forms/{path.name}", "message": f"不是合法的 JSON：{exc}"})
    return found
