"""Deployment of processes, decision tables and forms as content-hashed, immutable versions.

Used by ``flask definitions deploy`` (and so by ``make run``), by the test setup and, later, by the
process-admin upload endpoint. Source: architecture.md §1, style.md §7.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.definitions.discovery import DefinitionFiles, discover
from app.definitions.forms import FormDefinition, canonical_json, check_form, fingerprint
from app.engine import DefinitionInvalidError, get_engine
from app.errors import NotFound, ValidationFailed
from app.models import DefinitionVersion, RecordType

from app.services.uow import unit_of_work

_FAMILY_ORDER = {"T": 0, "G": 1, "R": 2, "M": 3, "D": 4, "A": 5, "I": 6, "P": 7}


@dataclass
class DeployReport:
    created: list[str] = field(default_factory=list)      # "process workload_approval v2"
    unchanged: list[str] = field(default_factory=list)


def deploy_from_folder(root: Path, *, deployed_by: str | None = None, rules_dir: Path | None = None) -> DeployReport:
    """Discover, check and deploy every definition under ``root`` in one transaction.

    Same content → no new version; a changed DMN gives a new version of every process calling it.

    Raises:
        ValidationFailed: any file is invalid; ``errors`` = ``[{"file", "line", "message"}]``,
            e.g. ``line 12: script tasks are not allowed``. Nothing is deployed then.
    """
    files = discover(root, rules_dir=rules_dir)
    compiled = _check(files)
    report = DeployReport()
    with unit_of_work() as session:
        for decision_id, (xml, _) in compiled["decisions"].items():
            _store(session, report, "decision", decision_id, _sha(xml), xml.decode("utf-8"), {}, None)
        for key, (xml, process) in compiled["processes"].items():
            used = {d: files.decisions[d].decode("utf-8") for d in process.decision_ids}
            digest = _sha(xml + b"".join(k.encode() + v.encode() for k, v in sorted(used.items())))
            inputs = sorted({name for d in process.decision_ids for name in compiled["decisions"][d][1].inputs
                             if name.isidentifier()})
            _store(session, report, "process", key, digest, xml.decode("utf-8"),
                   {"decisions": used, "lanes": list(process.lanes), "inputs": inputs}, process.spec_json)
        for code, doc in files.forms.items():
            version = _store(session, report, "form", code, fingerprint(doc), canonical_json(doc), {}, None)
            _sync_record_type(session, FormDefinition(doc), version)
    return report


def _check(files: DefinitionFiles) -> dict:
    engine = get_engine()
    problems = list(files.problems)
    decisions, processes = {}, {}
    for stem, xml in files.decisions.items():
        try:
            decision = engine.compile_decision(xml)
        except DefinitionInvalidError as exc:
            problems += _issues(f"rules/{stem}.dmn", exc)
            continue
        if decision.decision_id != stem:
            problems.append({"file": f"rules/{stem}.dmn", "message": f"决策表 id {decision.decision_id} 必须与文件名一致"})
        decisions[stem] = (xml, decision)
    for stem, xml in files.processes.items():
        try:
            refs = engine.referenced_decisions(xml)
            missing = [d for d in refs if d not in files.decisions]
            if missing:
                problems.append({"file": f"processes/{stem}.bpmn", "message": f"引用的决策表不存在：{', '.join(missing)}"})
                continue
            processes[stem] = (xml, engine.compile_process(xml, [files.decisions[d] for d in refs], stem))
        except DefinitionInvalidError as exc:
            problems += _issues(f"processes/{stem}.bpmn", exc)
    for stem, doc in files.forms.items():
        where = f"forms/{stem}.json"
        problems += [{"file": where, "message": m} for m in check_form(doc, stem)]
        if isinstance(doc, dict) and doc.get("process_key") not in files.processes:
            problems.append({"file": where, "message": f"绑定的流程 {doc.get('process_key')} 不存在"})
        needed = [doc.get("workload_decision")] + list(doc.get("field_decisions", {}).values()) if isinstance(doc, dict) else []
        problems += [{"file": where, "message": f"决策表 {d} 不存在"} for d in needed if d and d not in files.decisions]
    if problems:
        raise ValidationFailed(f"流程/规则/表单定义有 {len(problems)} 处错误，未部署", errors=problems)
    return {"decisions": decisions, "processes": processes}


def _issues(file: str, exc: DefinitionInvalidError) -> list[dict]:
    issues = getattr(exc, "issues", None) or []
    if not issues:
        return [{"file": file, "line": getattr(exc, "line", None), "message": str(exc)}]
    return [{"file": file, "line": i.line, "message": str(i)} for i in issues]


def _store(session: Session, report: DeployReport, kind: str, key: str, sha: str, source: str,
           extra: dict, spec_json: str | None) -> DefinitionVersion:
    latest = latest_version(session, kind, key)
    if latest is not None and latest.sha256 == sha:
        report.unchanged.append(f"{kind} {key} v{latest.version}")
        return latest
    number = (latest.version if latest else 0) + 1
    version = DefinitionVersion(kind=kind, key=key, version=number, sha256=sha, source=source,
                                extra=extra, spec_json=spec_json)
    session.add(version)
    session.flush()
    report.created.append(f"{kind} {key} v{number}")
    return version


def _sync_record_type(session: Session, form: FormDefinition, version: DefinitionVersion) -> None:
    doc = form.doc
    row = session.get(RecordType, form.code) or RecordType(code=form.code)
    row.name, row.family, row.category = doc["title"], doc["family"], doc["category"]
    row.entry_mode, row.pay_attribute = doc["entry_mode"], doc.get("pay_attribute")
    row.process_key, row.post_approval_policy = doc["process_key"], doc["post_approval_policy"]
    row.form_version_id = version.id
    match = re.match(r"([A-Z])(\d+)", form.code)
    row.sort_order = (_FAMILY_ORDER.get(match.group(1), 9) * 1000 + int(match.group(2))) if match else 9999
    session.add(row)


def latest_version(session: Session, kind: str, key: str) -> DefinitionVersion | None:
    """The newest deployed version of a definition, or None."""
    return session.scalar(_newest(DefinitionVersion, kind, key))


def _newest(column, kind: str, key: str):
    """SELECT ``column`` of the newest version of ``kind``/``key`` (the (kind, key, version) index)."""
    return (select(column).where(DefinitionVersion.kind == kind, DefinitionVersion.key == key)
            .order_by(DefinitionVersion.version.desc()).limit(1))


@dataclass(frozen=True)
class Deployed:
    """An immutable deployed version, as plain data (cached per process: versions never change)."""

    id: int
    kind: str
    key: str
    version: int
    source: str
    spec_json: str | None
    extra: dict


_DEPLOYED: dict[int, Deployed] = {}


def deployed(session: Session, version_id: int) -> Deployed:
    """The deployed version ``version_id``; read from the database once per process."""
    found = _DEPLOYED.get(version_id)
    if found is None:
        row = session.get(DefinitionVersion, version_id)
        if row is None:
            raise NotFound(f"定义版本 {version_id} 不存在")
        found = _DEPLOYED[version_id] = Deployed(row.id, row.kind, row.key, row.version, row.source,
                                                 row.spec_json, dict(row.extra or {}))
    return found


def current(session: Session, kind: str, key: str) -> Deployed:
    """The newest version of ``kind``/``key`` (one indexed id lookup, then the cache).

    Raises:
        NotFound: never deployed.
    """
    version_id = session.scalar(_newest(DefinitionVersion.id, kind, key))
    if version_id is None:
        label = {"process": "流程", "decision": "决策表", "form": "表单"}.get(kind, kind)
        raise NotFound(f"{label} {key} 尚未部署")
    return deployed(session, version_id)


def current_process(session: Session, key: str) -> Deployed:
    """The version new instances of process ``key`` start on."""
    return current(session, "process", key)


def current_decision(session: Session, decision_id: str) -> Deployed:
    """The version of decision table ``decision_id`` evaluated now."""
    return current(session, "decision", decision_id)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
