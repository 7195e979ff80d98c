"""Definition sources as text: display names, the line diff of two versions and export file names.

Pure: the deployed text in, strings out (the process-admin console, issue 14).
"""
from __future__ import annotations

import difflib
import json
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as defused_et

KIND_LABELS = {"process": "流程", "decision": "决策表", "form": "表单"}
_FOLDERS = {"process": ("processes", "bpmn"), "decision": ("rules", "dmn"), "form": ("forms", "json")}


def display_name(kind: str, key: str, source: str) -> str:
    """The name a definition gives itself: the BPMN process's or DMN decision's ``name``, a form's ``title``;
    ``key`` when it has none or the text does not parse."""
    try:
        if kind == "form":
            return str(json.loads(source).get("title") or key)
        root = defused_et.fromstring(source.encode("utf-8"), forbid_dtd=True)
    except (ValueError, defused_et.ParseError, AttributeError):
        return key
    wanted = "process" if kind == "process" else "decision"
    for element in root.iter():
        if isinstance(element, Element) and element.tag.rsplit("}", 1)[-1] == wanted and element.get("id") == key:
            return element.get("name") or key
    return key


def file_path(kind: str, key: str) -> str:
    """Where a definition lives in the repository, e.g. ``rules/route_steps.dmn``."""
    folder, ext = _FOLDERS[kind]
    return f"{folder}/{key}.{ext}"


def readable(kind: str, source: str) -> str:
    """The text to show, diff and export: a form's stored canonical JSON indented, XML as deployed."""
    if kind != "form":
        return source
    return json.dumps(json.loads(source), ensure_ascii=False, indent=2) + "\n"


def line_diff(old: str, new: str, old_label: str, new_label: str) -> str:
    """Unified diff (3 lines of context) of two texts; empty when equal."""
    return "".join(difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                        fromfile=old_label, tofile=new_label))
