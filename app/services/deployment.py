"""Which deployed version: deployment of processes, decision tables and forms as content-hashed, immutable
versions, and every lookup and cache of them (``deployed``, ``current_*``, ``form_of``, ``evaluate``).

Used by ``flask definitions deploy`` (and so by ``make run``), by the test setup and, later, by the
process-admin upload endpoint; every service that needs a definition version asks here.
Source: architecture.md §1, style.md §7.
"""
from __future__ import annotations

import functools
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, make_transient_to_detached

from app.definitions.discovery import DefinitionFiles, discover
from app.definitions.forms import FormDefinition, canonical_json, check_form, fingerprint
from app.engine import CC_ROLES_PROPERTY, SERIALIZER_VERSION, CompiledProcess, DefinitionInvalidError, get_engine
from app.errors import NotFound, ValidationFailed
from app.models import DefinitionVersion, RecordType
from app.vocabulary import CC_ROLES

from app.services import process_cache
from app.services.uow import unit_of_work

_FAMILY_ORDER = {"T": 0, "G": 1, "R": 2, "M": 3, "D": 4, "A": 5, "I": 6, "P": 7}


@dataclass
class DeployReport:
    created: list[str] = field(default_factory=list)      # "process workload_approval v2"
    unchanged: list[str] = field(default_factory=list)


def deploy_from_folder(root: Path, *, deployed_by: str | None = None, rules_dir: Path | None = None) -> DeployReport:
    """Discover, check and deploy every definition under ``root`` in one transaction (:func:`deploy_files`).

    Raises:
        ValidationFailed: any file is invalid; ``errors`` = ``[{"file", "line", "message"}]``,
            e.g. ``line 12: script tasks are not allowed``. Nothing is deployed then.
    """
    return deploy_files(discover(root, rules_dir=rules_dir), deployed_by=deployed_by)


def deploy_files(files: DefinitionFiles, *, deployed_by: str | None,
                 before_commit: Callable[[Session, DeployReport], None] | None = None) -> DeployReport:
    """Check and deploy a complete set of definitions in one transaction; each version records ``deployed_by``
    (``"cli"``, or the account of the process admin who deployed a draft).

    Same content → no new version; a changed DMN gives a new version of every process calling it.
    ``before_commit`` runs in the same transaction with the report (the caller's audit row).

    Raises:
        ValidationFailed: as :func:`check_files`. Nothing is deployed then.
    """
    compiled = _check(files)
    report = DeployReport()
    with unit_of_work() as session:
        store = functools.partial(_store, session, report, deployed_by=deployed_by)
        for decision_id, (xml, _) in compiled["decisions"].items():
            store("decision", decision_id, _sha(xml), xml.decode("utf-8"), {}, None)
        for key, (xml, process) in compiled["processes"].items():
            used = {d: files.decisions[d].decode("utf-8") for d in process.decision_ids}
            digest = _sha(xml + b"".join(k.encode() + v.encode() for k, v in sorted(used.items())))
            inputs = sorted({name for d in process.decision_ids for name in compiled["decisions"][d][1].inputs
                             if name.isidentifier()})
            store("process", key, digest, xml.decode("utf-8"),
                  {"decisions": used, "inputs": inputs, "due": dict(process.lane_due), **process_extra(process)},
                  process.spec_json)
        for code, doc in files.forms.items():
            version = store("form", code, fingerprint(doc), canonical_json(doc), {}, None)
            _sync_record_type(session, FormDefinition(doc), version)
        if before_commit is not None:
            before_commit(session, report)
    return report


def check_files(files: DefinitionFiles) -> list[dict]:
    """Every problem of a complete set of definitions, as deploying it would find them (nothing stored).

    Returns:
        ``[{"file", "line", "message"}]`` (``line`` absent or None when unknown), e.g.
        ``{"file": "processes/workload_approval.bpmn", "line": 12, "message":
        "element bpmn:scriptTask is not allowed (scripts are disabled)"}``; empty when deployable.
    """
    try:
        _check(files)
    except ValidationFailed as exc:
        return [dict(problem) for problem in exc.errors or []]
    return []


def deployed_files(session: Session) -> DefinitionFiles:
    """The newest deployed version of every process, decision table and form, as the files they came from
    (the base a process admin's draft replaces one file of)."""
    newest = (select(DefinitionVersion.kind, DefinitionVersion.key, func.max(DefinitionVersion.version).label("v"))
              .group_by(DefinitionVersion.kind, DefinitionVersion.key).subquery())
    rows = session.execute(select(DefinitionVersion.kind, DefinitionVersion.key, DefinitionVersion.source).join(
        newest, (newest.c.kind == DefinitionVersion.kind) & (newest.c.key == DefinitionVersion.key)
        & (newest.c.v == DefinitionVersion.version))).all()
    files = DefinitionFiles()
    for kind, key, source in rows:
        if kind == "process":
            files.processes[key] = source.encode("utf-8")
        elif kind == "decision":
            files.decisions[key] = source.encode("utf-8")
        elif kind == "form":
            files.forms[key] = json.loads(source)
    return files


def process_extra(process: CompiledProcess) -> dict:
    """What a process version stores beside its spec for the services: ``lanes`` and ``cc_roles`` (the
    process property ``cc_roles`` split into role codes, catalog §5 抄送; empty when absent)."""
    raw = process.properties.get(CC_ROLES_PROPERTY, "")
    return {"lanes": list(process.lanes), "cc_roles": [part.strip() for part in raw.split(",") if part.strip()]}


def _check_cc_roles(stem: str, process: CompiledProcess) -> list[dict]:
    """Every ``cc_roles`` code is a role a 抄送 can reach (``vocabulary.CC_ROLES``)."""
    unknown = [role for role in process_extra(process)["cc_roles"] if role not in CC_ROLES]
    return [{"file": f"processes/{stem}.bpmn", "message": f"抄送角色 {role} 无效（可用：{', '.join(CC_ROLES)}）"}
            for role in unknown]


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
            problems += _check_cc_roles(stem, processes[stem][1])
        except DefinitionInvalidError as exc:
            problems += _issues(f"processes/{stem}.bpmn", exc)
    for stem, doc in files.forms.items():
        where = f"forms/{stem}.json"
        problems += [{"file": where, "message": m} for m in check_form(doc, stem)]
        if isinstance(doc, dict) and doc.get("process_key") not in files.processes:
            problems.append({"file": where, "message": f"绑定的流程 {doc.get('process_key')} 不存在"})
        needed = [doc.get("workload_decision"), *list(doc.get("field_decisions", {}).values())] if isinstance(doc, dict) else []
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
           extra: dict, spec_json: str | None, *, deployed_by: str | None) -> DefinitionVersion:
    latest = latest_version(session, kind, key)
    if latest is not None and latest.sha256 == sha:
        report.unchanged.append(f"{kind} {key} v{latest.version}")
        return latest
    number = (latest.version if latest else 0) + 1
    version = DefinitionVersion(kind=kind, key=key, version=number, sha256=sha, source=source,
                                extra=extra, spec_json=spec_json, deployed_by=deployed_by)
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
    """SELECT ``columns`` (one, or a tuple) of the newest version of ``kind``/``key`` (the (kind, key, version)
    index)."""
    columns = columns if isinstance(columns, tuple) else (columns,)
    return (select(*columns).where(DefinitionVersion.kind == kind, DefinitionVersion.key == key)
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
    sha256: str = ""

    @property
    def spec(self) -> str:
        """The compiled spec of a process version (``spec_json``, never None for ``kind == "process"``)."""
        if self.spec_json is None:
            raise ValueError(f"{self.kind} {self.key} v{self.version} has no compiled spec")
        return self.spec_json


ContentKey = tuple[int, str]
"""(definition-version id, sha256): what every cache of deployed versions is keyed by. The id alone is
not enough: SQLite reuses the id of a version whose deploy was rolled back."""

_DEPLOYED: dict[ContentKey, Deployed] = {}
def content_key(session: Session, version_id: int) -> ContentKey:
    """``(version_id, sha256)`` of a stored version: one primary-key read per version and process (:data:`_SHA`).

    Raises:
        NotFound: no such version.
    """
    sha = _SHA.get(version_id)
    if sha is None:
        sha = session.scalar(select(DefinitionVersion.sha256).where(DefinitionVersion.id == version_id))
        if sha is None:
            raise NotFound(f"定义版本 {version_id} 不存在")
        _SHA[version_id] = sha
    return version_id, sha


_SHA: dict[int, str] = {}
"""``{version id: sha256}`` of committed versions read by this process: a stored version never changes and
its id is never given to another (PostgreSQL's sequences never go back; SQLite may reuse the id of a
deploy rolled back, and a rollback of a transaction that wrote versions empties this, ``process_cache``)."""
process_cache.on_write({"definition_version"}, _SHA.clear)


def verify_versions(session: Session, version_ids: Iterable[int]) -> None:
    """Read the sha256 of every version in ``version_ids`` this process does not know yet, in one query (so a
    list or an export of many records costs at most one content check, whatever the row count)."""
    missing = sorted({i for i in version_ids if i not in _SHA})
    if missing:
        _SHA.update(session.execute(select(DefinitionVersion.id, DefinitionVersion.sha256)
                                    .where(DefinitionVersion.id.in_(missing))).tuples().all())


def deployed(session: Session, version_id: int) -> Deployed:
    """The deployed version ``version_id``, cached per process by content (:func:`content_key`).

    Raises:
        NotFound: no such version.
    """
    key = content_key(session, version_id)
    found = _DEPLOYED.get(key)
    if found is None:
        row = session.get(DefinitionVersion, version_id)
        if row is None:
            raise NotFound(f"定义版本 {version_id} 不存在")
        found = _DEPLOYED[key] = Deployed(row.id, row.kind, row.key, row.version, row.source,
                                          _current_spec_json(row), dict(row.extra or {}), row.sha256)
    return found


def _current_spec_json(row: DefinitionVersion) -> str | None:
    """The row's ``spec_json``, or, when an older SpiffWorkflow serializer wrote it, the spec compiled again
    from the stored BPMN and DMN (the source of truth; engine-notes §4), so running instances survive an
    engine upgrade. Their state is migrated on load by the engine."""
    if row.kind != "process" or not row.spec_json:
        return row.spec_json
    if json.loads(row.spec_json).get("serializer_version") == SERIALIZER_VERSION:
        return row.spec_json
    decisions = [xml.encode("utf-8") for xml in (row.extra or {}).get("decisions", {}).values()]
    return get_engine().compile_process(row.source.encode("utf-8"), decisions, row.key).spec_json


def current(session: Session, kind: str, key: str) -> Deployed:
    """The newest version of ``kind``/``key`` (one indexed lookup of id and sha256, then the cache).

    Raises:
        NotFound: never deployed.
    """
    row = _NEWEST.get((kind, key), lambda: session.execute(
        _newest((DefinitionVersion.id, DefinitionVersion.sha256), kind, key)).tuples().first())
    if row is None:
        label = {"process": "流程", "decision": "决策表", "form": "表单"}.get(kind, kind)
        raise NotFound(f"{label} {key} 尚未部署")
    _SHA[row[0]] = row[1]
    return deployed(session, row[0])


_NEWEST: process_cache.TimedCache[tuple[int, str]] = process_cache.TimedCache({"definition_version"}, 2.0)
"""``(kind, key)`` → ``(id, sha256)`` of the newest version as this process last read it, for 2 s (a submit
asks for its process and the decision tables it evaluates: one read each per interval, not per request).
A deploy committed (or rolled back) in this process empties it at once; another process's deploy applies
here within 2 s, and an instance started meanwhile runs on the version before, pinned, as every running
instance does."""


def current_process(session: Session, key: str) -> Deployed:
    """The version new instances of process ``key`` start on."""
    return current(session, "process", key)


def current_decision(session: Session, decision_id: str) -> Deployed:
    """The version of decision table ``decision_id`` evaluated now."""
    return current(session, "decision", decision_id)


def record_type_of(session: Session, code: str) -> RecordType | None:
    """The record type ``code`` in ``session`` (None when unknown), without a query while this process
    holds a copy younger than 2 s (a deploy committed or rolled back here empties it at once; another
    process's deploy applies here within 2 s, as for :func:`current`). The copy carries the type's
    columns; a relationship of it loads when read."""
    cached = _RECORD_TYPES.get(code, lambda: _detached_record_type(session, code))
    return session.merge(cached, load=False) if cached is not None else None


def _detached_record_type(session: Session, code: str) -> RecordType | None:
    row = session.get(RecordType, code)
    if row is None:
        return None
    copy = RecordType(**{column.key: getattr(row, column.key) for column in RecordType.__mapper__.column_attrs})
    make_transient_to_detached(copy)        # never attached: each session merges its own instance
    return copy


_RECORD_TYPES: process_cache.TimedCache[RecordType] = process_cache.TimedCache({"record_type"}, 2.0)
"""code → a detached copy of the record type (its columns) as this process last read it, for 2 s."""


_FORMS: dict[ContentKey, FormDefinition] = {}


def form_of(session: Session, form_version_id: int) -> FormDefinition:
    """The form definition of a pinned form version, cached per process by content (:func:`content_key`).

    Raises:
        NotFound: no such version.
    """
    key = content_key(session, form_version_id)
    form = _FORMS.get(key)
    if form is None:
        form = _FORMS[key] = FormDefinition(json.loads(deployed(session, form_version_id).source))
    return form


def evaluate(session: Session, decision_id: str, inputs: Mapping[str, object]) -> dict[str, object]:
    """Evaluate the current version of a standalone decision table (field decisions, 工作量).

    Raises:
        NotFound: the table was never deployed.
        EngineError: the table cannot be evaluated with ``inputs`` (e.g. an input missing).
    """
    version = current_decision(session, decision_id)
    return get_engine().evaluate_decision(str(version.id), version.source.encode("utf-8"), inputs)


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
