"""Deployment of processes, decision tables and forms as content-hashed, immutable versions.

Used by ``flask definitions deploy`` (and so by ``make run``), by the test setup and, later, by the
process-admin upload endpoint. Source: architecture.md §1, style.md §7.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

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


def _newest(columns, kind: str, key: str):
    """SELECT ``columns`` of the newest version of ``kind``/``key`` (the (kind, key, version) index)."""
    columns = columns if isinstance(columns, tuple) else (columns,)
    return (select(*columns).where(DefinitionVersion.kind == kind, DefinitionVersion.key == key)
            .order_by(DefinitionVersion.version.desc()).limit(1))


@dataclass(frozen=True)
class Deployed:
    """An immutable deployed version, as plain data (cached per process under its id and sha256)."""

    id: int
    kind: str
    key: str
    version: int
    sha256: str
    source: str
    spec_json: str | None
    extra: dict


# Keyed by content, as the engine's spec cache is: SQLite hands a rolled-back id out again, so an id
# alone may name different content over the life of a process.
_DEPLOYED: dict[tuple[int, str], Deployed] = {}
_SHA_MEMO = "deployment.sha256_by_id"     # session.info: id -> sha256 seen in this transaction


@event.listens_for(Session, "after_soft_rollback")
def _forget_after_rollback(session: Session, _previous: SessionTransaction) -> None:
    """A rollback may return ids to the pool, so the ids seen so far are looked up again."""
    session.info.pop(_SHA_MEMO, None)


def _sha256_of(session: Session, version_id: int) -> str | None:
    memo = session.info.setdefault(_SHA_MEMO, {})
    if version_id not in memo:
        look_up_versions(session, [version_id])
    return memo.get(version_id)


def look_up_versions(session: Session, version_ids: Iterable[int]) -> None:
    """Read the sha256 of every version in ``version_ids`` not yet seen in this transaction, in one
    query, so that ``deployed`` for each of them needs none (e.g. an export over many form versions)."""
    memo = session.info.setdefault(_SHA_MEMO, {})
    missing = {i for i in version_ids if i not in memo}
    if missing:
        memo.update(session.execute(select(DefinitionVersion.id, DefinitionVersion.sha256)
                                    .where(DefinitionVersion.id.in_(missing))).tuples().all())


def deployed(session: Session, version_id: int, sha256: str | None = None) -> Deployed:
    """The deployed version ``version_id``; its content is read from the database once per process.

    The cache key is ``(id, sha256)``; the sha256 is looked up once per transaction unless the caller
    already has it (``current`` does).

    Raises:
        NotFound: no such version.
    """
    sha = sha256 or _sha256_of(session, version_id)
    found = _DEPLOYED.get((version_id, sha)) if sha else None
    if found is None:
        row = session.get(DefinitionVersion, version_id)
        if row is None:
            raise NotFound(f"定义版本 {version_id} 不存在")
        found = _DEPLOYED[(row.id, row.sha256)] = Deployed(
            row.id, row.kind, row.key, row.version, row.sha256, row.source, row.spec_json, dict(row.extra or {}))
    return found


_FORMS: dict[tuple[int, str], FormDefinition] = {}     # (version id, sha256): keyed by content


def form_of(session: Session, form_version_id: int) -> FormDefinition:
    """The form definition of a pinned form version (cached per process under its id and sha256).

    Raises:
        NotFound: no such version.
    """
    version = deployed(session, form_version_id)
    form = _FORMS.get((version.id, version.sha256))
    if form is None:
        form = _FORMS[(version.id, version.sha256)] = FormDefinition(json.loads(version.source))
    return form


def current(session: Session, kind: str, key: str) -> Deployed:
    """The newest version of ``kind``/``key`` (one indexed lookup of id and sha256, then the cache).

    Raises:
        NotFound: never deployed.
    """
    newest = session.execute(_newest((DefinitionVersion.id, DefinitionVersion.sha256), kind, key)).first()
    if newest is None:
        label = {"process": "流程", "decision": "决策表", "form": "表单"}.get(kind, kind)
        raise NotFound(f"{label} {key} 尚未部署")
    return deployed(session, newest.id, newest.sha256)


def current_process(session: Session, key: str) -> Deployed:
    """The version new instances of process ``key`` start on."""
    return current(session, "process", key)


def current_decision(session: Session, decision_id: str) -> Deployed:
    """The version of decision table ``decision_id`` evaluated now."""
    return current(session, "decision", decision_id)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
