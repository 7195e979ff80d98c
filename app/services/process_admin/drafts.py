"""A process admin's drafts: opened from the deployed version, saved server-side per admin, validated
without deploying (the deploy checks themselves: parse, the safety lint with ``line N: …``, lanes, called
decisions, DMN cells, forms and their uiSchema) and deployed as new content-hashed versions (issue 14 item 1).
Running instances keep their version. Every change is audited."""
from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from app import messages
from app.auth.principal import Principal
from app.definitions import sources
from app.definitions.discovery import DefinitionFiles
from app.errors import InvalidState, NotFound, ValidationFailed
from app.extensions import db
from app.models import DefinitionDraft, DefinitionVersion

from app.services.audit import audit
from app.services.deployment import DeployReport, check_files, deploy_files, deployed_files, latest_version
from app.services.uow import unit_of_work

from .access import require_process_admin

MAX_DRAFT_CHARS = 200_000
"""Within the JSON body limit (``MAX_JSON_BYTES``, 256 KB); the largest shipped definition is under 20 KB."""


def list_drafts(principal: Principal) -> list[DefinitionDraft]:
    """The caller's drafts, most recently saved first (another admin's drafts are never listed)."""
    require_process_admin(principal)
    return list(db.session.scalars(select(DefinitionDraft).where(DefinitionDraft.owner_id == principal.user_id)
                                   .order_by(DefinitionDraft.updated_at.desc(), DefinitionDraft.id.desc())))


def get_draft(principal: Principal, draft_id: int) -> DefinitionDraft:
    """One of the caller's drafts. Raises NotFound (404) for anyone else's."""
    require_process_admin(principal)
    return own_draft(db.session, principal, draft_id)


def open_draft(principal: Principal, kind: str, key: str) -> DefinitionDraft:
    """The caller's draft of ``kind``/``key``, created from the newest deployed version when there is none.

    Raises:
        NotFound: the definition was never deployed.
    """
    require_process_admin(principal)
    with unit_of_work() as session:
        draft = session.scalar(select(DefinitionDraft).where(DefinitionDraft.owner_id == principal.user_id,
                                                             DefinitionDraft.kind == kind, DefinitionDraft.key == key))
        if draft is None:
            base = latest_version(session, kind, key)
            if base is None:
                raise NotFound(messages.DEFINITION_NOT_FOUND)
            draft = DefinitionDraft(owner_id=principal.user_id, kind=kind, key=key, base_version_id=base.id,
                                    source=sources.readable(kind, base.source))
            session.add(draft)
            session.flush()
            audit(session, principal.user_id, "definition.draft_open", "definition_draft", draft.id,
                  kind=kind, key=key, base_version=base.version)
    return draft


def save_draft(principal: Principal, draft_id: int, source: str) -> DefinitionDraft:
    """Store the edited text of a draft (not checked: 校验 does that). Audited with the text's sha256.

    Raises:
        ValidationFailed: the text is empty or larger than the lint accepts.
    """
    require_process_admin(principal)
    if not source.strip() or len(source) > MAX_DRAFT_CHARS:
        raise ValidationFailed("草稿内容为空或过大", errors=[{"field": "source", "message": "草稿内容为空或超过 200KB"}])
    with unit_of_work() as session:
        draft = own_draft(session, principal, draft_id)
        draft.source = source
        audit(session, principal.user_id, "definition.draft_save", "definition_draft", draft.id, kind=draft.kind,
              key=draft.key, sha256=hashlib.sha256(source.encode("utf-8")).hexdigest())
    return draft


def delete_draft(principal: Principal, draft_id: int) -> None:
    """Discard a draft (放弃草稿). Audited."""
    require_process_admin(principal)
    with unit_of_work() as session:
        draft = own_draft(session, principal, draft_id)
        audit(session, principal.user_id, "definition.draft_delete", "definition_draft", draft.id,
              kind=draft.kind, key=draft.key)
        session.delete(draft)


def validate_draft(principal: Principal, draft_id: int) -> list[dict]:
    """Check the draft as deploying it would, deploying nothing (校验). Audited with the verdict.

    Returns:
        ``[{"file", "line", "message"}]``, e.g. ``{"file": "processes/workload_approval.bpmn", "line": 40,
        "message": "element bpmn:scriptTask is not allowed (scripts are disabled)"}``; empty = deployable.
    """
    require_process_admin(principal)
    with unit_of_work() as session:
        draft = own_draft(session, principal, draft_id)
        problems = _problems(draft_files(session, draft))
        audit(session, principal.user_id, "definition.validate", "definition_draft", draft.id, kind=draft.kind,
              key=draft.key, problems=len(problems))
    return problems


def deploy_draft(principal: Principal, draft_id: int) -> DeployReport:
    """Deploy the draft as a new version (with every process calling a changed table), ``deployed_by`` the
    caller's account; the draft is removed and the deploy audited in the same transaction. Running instances
    keep their version (``migration`` moves them on request).

    Raises:
        ValidationFailed: the draft has problems (``errors`` as :func:`validate_draft`); nothing is deployed.
        InvalidState: the draft equals the deployed version (409).
    """
    require_process_admin(principal)
    session = db.session
    draft = own_draft(session, principal, draft_id)
    files = draft_files(session, draft)
    problems = _problems(files)
    if problems:
        with unit_of_work() as audit_session:
            audit(audit_session, principal.user_id, "definition.deploy_refused", "definition_draft", draft_id,
                  kind=draft.kind, key=draft.key, problems=len(problems))
        raise ValidationFailed(messages.DRAFT_INVALID.format(n=len(problems)), errors=problems)
    kind, key = draft.kind, draft.key
    session.rollback()

    def finish(tx: Session, report: DeployReport) -> None:
        if not any(line.startswith(f"{kind} {key} v") for line in report.created):
            raise InvalidState(messages.DRAFT_UNCHANGED)
        row = tx.get(DefinitionDraft, draft_id)
        if row is not None:
            tx.delete(row)
        audit(tx, principal.user_id, "definition.deploy", "definition_draft", draft_id, kind=kind, key=key,
              created=report.created)
    return deploy_files(files, deployed_by=principal.account, before_commit=finish)


def draft_files(session: Session, draft: DefinitionDraft) -> DefinitionFiles:
    """The newest deployed definitions with the draft in place of its file (a form's JSON text that does not
    parse is a problem with its line)."""
    files = deployed_files(session)
    data = draft.source.encode("utf-8")
    if draft.kind == "process":
        files.processes[draft.key] = data
    elif draft.kind == "decision":
        files.decisions[draft.key] = data
    else:
        try:
            files.forms[draft.key] = json.loads(draft.source)
        except json.JSONDecodeError as exc:
            files.forms.pop(draft.key, None)
            files.problems.append({"file": sources.file_path("form", draft.key), "line": exc.lineno,
                                   "message": f"不是合法的 JSON：{exc.msg}"})
    return files


def _problems(files: DefinitionFiles) -> list[dict]:
    """The deploy checks' problems, a message without a known line not starting with ``line None:``."""
    return [{"file": p.get("file"), "line": p.get("line"), "message": str(p.get("message")).removeprefix("line None: ")}
            for p in check_files(files)]


def own_draft(session: Session, principal: Principal, draft_id: int) -> DefinitionDraft:
    """One of the caller's drafts in ``session``. Raises NotFound (404) for anyone else's."""
    draft = session.scalar(select(DefinitionDraft).where(DefinitionDraft.id == draft_id,
                                                         DefinitionDraft.owner_id == principal.user_id))
    if draft is None:
        raise NotFound(messages.DRAFT_NOT_FOUND)
    return draft


def base_version(session: Session, draft: DefinitionDraft) -> DefinitionVersion | None:
    """The deployed version the draft was opened from."""
    return session.get(DefinitionVersion, draft.base_version_id) if draft.base_version_id else None
