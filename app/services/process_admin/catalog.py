"""Deployed definitions for the process admin: every version (hash, who, when), the record types using each,
the instances running on each version, the text diff of two versions and a version exported as files
(issue 14 item 1)."""
from __future__ import annotations

import io
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import messages
from app.auth.principal import Principal
from app.definitions import sources
from app.errors import NotFound
from app.extensions import db
from app.models import DefinitionDraft, DefinitionVersion, ProcessInstance, RecordType

from app.services.audit import audit
from app.services.deployment import form_of
from app.services.uow import unit_of_work

from .access import require_process_admin

KIND_ORDER = {"process": 0, "decision": 1, "form": 2}


@dataclass
class DefinitionEntry:
    """One process, decision table or form with its versions, newest first."""

    kind: str
    key: str
    name: str
    path: str
    versions: list[dict] = field(default_factory=list)
    record_types: list[dict] = field(default_factory=list)
    used_by: list[str] = field(default_factory=list)
    running_instances: int = 0
    draft_id: int | None = None


def list_definitions(principal: Principal, kind: str | None = None) -> list[DefinitionEntry]:
    """Every deployed definition (processes, then decision tables, then forms, by key).

    Each version: ``{"id", "version", "sha256", "deployed_at", "deployed_by", "running_instances"}``;
    ``record_types``: ``[{"code", "name"}]`` of the types whose form, process or decisions use it;
    ``used_by``: for a decision table, the processes calling it and the forms evaluating it;
    ``draft_id``: the caller's draft of it, if any.
    """
    require_process_admin(principal)
    session = db.session
    query = select(DefinitionVersion.id, DefinitionVersion.kind, DefinitionVersion.key, DefinitionVersion.version,
                   DefinitionVersion.sha256, DefinitionVersion.deployed_at, DefinitionVersion.deployed_by)
    if kind:
        query = query.where(DefinitionVersion.kind == kind)
    running = running_counts(session)
    entries: dict[tuple[str, str], DefinitionEntry] = {}
    for row in session.execute(query.order_by(DefinitionVersion.version.desc())):
        entry = entries.get((row.kind, row.key))
        if entry is None:
            source = session.scalar(select(DefinitionVersion.source).where(DefinitionVersion.id == row.id)) or ""
            entry = entries[(row.kind, row.key)] = DefinitionEntry(
                row.kind, row.key, sources.display_name(row.kind, row.key, source), sources.file_path(row.kind, row.key))
        entry.versions.append({"id": row.id, "version": row.version, "sha256": row.sha256,
                               "deployed_at": row.deployed_at, "deployed_by": row.deployed_by,
                               "running_instances": running.get(row.id, 0)})
        entry.running_instances += running.get(row.id, 0)
    _add_usage(session, entries)
    drafts = dict(session.execute(select(DefinitionDraft.kind + ":" + DefinitionDraft.key, DefinitionDraft.id)
                                  .where(DefinitionDraft.owner_id == principal.user_id)).tuples().all())
    for entry in entries.values():
        entry.draft_id = drafts.get(f"{entry.kind}:{entry.key}")
    return sorted(entries.values(), key=lambda e: (KIND_ORDER.get(e.kind, 9), e.key))


def running_counts(session: Session) -> dict[int, int]:
    """``{process version id: instances running on it}`` (one grouped count, no state read)."""
    return dict(session.execute(select(ProcessInstance.definition_version_id, func.count())
                                .where(ProcessInstance.status == "running")
                                .group_by(ProcessInstance.definition_version_id)).tuples().all())


def _add_usage(session: Session, entries: dict[tuple[str, str], DefinitionEntry]) -> None:
    """Record types per form, per process (its ``process_key``; 撤回 approval: types with that policy) and per
    decision table (the processes calling it in their newest version, the forms evaluating it)."""
    types = session.scalars(select(RecordType).order_by(RecordType.sort_order)).all()
    by_process: dict[str, list[dict]] = defaultdict(list)
    by_decision: dict[str, list[dict]] = defaultdict(list)
    form_users: dict[str, list[str]] = defaultdict(list)
    for rtype in types:
        brief = {"code": rtype.code, "name": rtype.name}
        if (entry := entries.get(("form", rtype.code))) is not None:
            entry.record_types.append(brief)
        by_process[rtype.process_key].append(brief)
        if rtype.post_approval_policy == "withdraw_approval":
            by_process["withdrawal_approval"].append(brief)
        form = form_of(session, rtype.form_version_id)          # cached by content: no per-type read
        for decision_id in [form.workload_decision, *form.field_decisions.values()]:
            if decision_id:
                by_decision[decision_id].append(brief)
                form_users[decision_id].append(f"form {rtype.code}")
    for (kind, key), entry in entries.items():
        if kind != "process":
            continue
        entry.record_types = by_process.get(key, [])
        newest = session.scalar(select(DefinitionVersion.extra).where(DefinitionVersion.id == entry.versions[0]["id"]))
        for decision_id in (newest or {}).get("decisions", {}):
            if (decision := entries.get(("decision", decision_id))) is not None:
                decision.used_by.append(f"process {key}")
                decision.record_types.extend(t for t in entry.record_types if t not in decision.record_types)
    for (kind, key), entry in entries.items():
        if kind == "decision":
            entry.used_by.extend(form_users.get(key, []))
            entry.record_types.extend(t for t in by_decision.get(key, []) if t not in entry.record_types)


def version_of(session: Session, version_id: int) -> DefinitionVersion:
    """A deployed version by id. Raises NotFound (404)."""
    version = session.get(DefinitionVersion, version_id)
    if version is None:
        raise NotFound(messages.DEFINITION_NOT_FOUND)
    return version


def get_version(principal: Principal, version_id: int) -> dict:
    """One version with its text (``source``; a form indented) and, for a process, the DMN texts it was
    compiled with (``decisions``: ``{id: xml}``)."""
    require_process_admin(principal)
    version = version_of(db.session, version_id)
    return {"id": version.id, "kind": version.kind, "key": version.key, "version": version.version,
            "sha256": version.sha256, "deployed_at": version.deployed_at, "deployed_by": version.deployed_by,
            "name": sources.display_name(version.kind, version.key, version.source),
            "path": sources.file_path(version.kind, version.key),
            "source": sources.readable(version.kind, version.source),
            "decisions": (version.extra or {}).get("decisions", {}) if version.kind == "process" else {}}


def diff_versions(principal: Principal, version_id: int, against_id: int) -> dict:
    """Unified text diff of two versions of the same definition (``against`` → ``version``).

    Returns:
        ``{"diff": "--- route_steps v1\\n+++ route_steps v2\\n@@ …", "changed": bool}``; for processes the
        called DMN texts are compared too (a table edit is a new process version).

    Raises:
        NotFound: either version unknown, or they belong to different definitions.
    """
    require_process_admin(principal)
    new, old = version_of(db.session, version_id), version_of(db.session, against_id)
    if (new.kind, new.key) != (old.kind, old.key):
        raise NotFound(messages.DEFINITION_NOT_FOUND)
    path = sources.file_path(new.kind, new.key)
    text = sources.line_diff(sources.readable(old.kind, old.source), sources.readable(new.kind, new.source),
                             f"{path} v{old.version}", f"{path} v{new.version}")
    if new.kind == "process":
        old_dmn, new_dmn = (old.extra or {}).get("decisions", {}), (new.extra or {}).get("decisions", {})
        for decision_id in sorted(set(old_dmn) | set(new_dmn)):
            dmn_path = sources.file_path("decision", decision_id)
            text += sources.line_diff(old_dmn.get(decision_id, ""), new_dmn.get(decision_id, ""),
                                      f"{dmn_path} (v{old.version})", f"{dmn_path} (v{new.version})")
    return {"diff": text, "changed": bool(text)}


def export_version(principal: Principal, version_id: int) -> tuple[bytes, str]:
    """A deployed version as repository files in a zip (``processes/…bpmn`` with the ``rules/…dmn`` it was
    compiled with, ``rules/…dmn`` or ``forms/…json``), to commit an admin's change back. Audited.

    Returns:
        ``(zip bytes, file name)``, e.g. ``route_steps-v2.zip``.
    """
    require_process_admin(principal)
    with unit_of_work() as session:
        version = version_of(session, version_id)
        files = {sources.file_path(version.kind, version.key): sources.readable(version.kind, version.source)}
        if version.kind == "process":
            files |= {sources.file_path("decision", d): xml for d, xml in (version.extra or {}).get("decisions", {}).items()}
        audit(session, principal.user_id, "definition.export", "definition_version", version.id,
              kind=version.kind, key=version.key, version=version.version, sha256=version.sha256)
        name = f"{version.key}-v{version.version}.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in sorted(files.items()):
            archive.writestr(path, text)
    return buffer.getvalue(), name
