"""The facts a record's 保存/提交 needs, gathered for ``definitions.preparation.prepare_record_data``.

The preparation itself (computed fields, decisions, schema and type rules) is one pure function in
``app.definitions.preparation``; this module reads what it needs from the database, the decision tables
and the clock, and checks one child list for 调整.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import event, select
from sqlalchemy.orm import Session, SessionTransaction

from app import messages
from app.definitions import type_rules
from app.definitions.forms import FormDefinition
from app.definitions.preparation import PreparationFacts, prepare_record_data
from app.definitions.validation import validate_data
from app.engine import EngineError
from app.errors import ValidationFailed
from app.models import Record, Unit, User
from app.vocabulary import RecordStatus

from app.services.files import attachments
from app.services.deployment import evaluate
from app.services.reference import values as reference_values


@dataclass(frozen=True)
class RecordContext:
    """Whose record the data belongs to: the owner, the record type and (once saved) the record."""

    owner: User
    record_type: str
    record: Record | None = None

    @classmethod
    def of(cls, record: Record) -> RecordContext:
        """The context of a saved record."""
        return cls(record.owner, record.record_type_code, record)

    @property
    def record_id(self) -> int | None:
        return self.record.id if self.record is not None else None


def prepare_data(session: Session, form: FormDefinition, context: RecordContext, data: Any, *,
                 for_submit: bool) -> tuple[dict[str, Any], Decimal | None]:
    """Gather the facts of one 保存/提交 and run ``definitions.preparation.prepare_record_data`` once.

    Facts: the field decisions' outputs (catalog §2.2), the 工作量 table (catalog §1.2), the record's
    live file ids, the duplicate finder, today and the term calendar (``_rule_context``). The form's
    ``x-reference`` enums hold the maintained reference data; a saved record keeps its retired values
    (``reference.values.resolved_form``).

    Returns:
        ``(data, workload)``: the data to store (computed fields filled in) and 工作量 as a Decimal
        (None while it cannot be computed or was not entered).

    Raises:
        ValidationFailed: one ``{"field", "message"}`` per problem, e.g.
            ``{"field": "sessions", "message": "「监考/考务场次」必须是整数"}``.
    """
    lock_owner(session, context.owner.id)
    record = context.record
    form = reference_values.resolved_form(session, form, keep=record.data if record is not None else None)
    facts = PreparationFacts(
        field_decisions=field_decision_outputs(session, form, context.owner.unit),
        workload=(lambda inputs: _workload_outputs(session, form, inputs)) if form.workload_decision else None,
        file_ids=attachments.file_field_ids(session, record, form=form) if record is not None else None,
        row_files=attachments.row_upload_ids(session, context.record_id or 0, form),
        rules=_rule_context(session, context))
    prepared = prepare_record_data(form, data, facts, for_submit=for_submit)
    if prepared.errors:
        raise ValidationFailed(messages.VALIDATION_SUMMARY.format(n=len(prepared.errors)), errors=prepared.errors)
    return prepared.data, prepared.workload


def _workload_outputs(session: Session, form: FormDefinition, inputs: Mapping[str, Any]) -> Mapping[str, Any]:
    """The form's 工作量 table on ``inputs``; ``{}`` when it cannot run (a draft's inputs are incomplete)."""
    try:
        return evaluate(session, form.workload_decision or "", inputs)
    except EngineError:
        return {}


def lock_owner(session: Session, owner_id: int) -> None:
    """Serialise every save, submit and 调整 of one owner's records until the transaction ends.

    The duplicate rules (``unique``: T01 「同一课程同一班级」, A06 one 年度考核 a year) read the owner's
    other records; without a lock two concurrent requests could both find none and both pass
    (issue 8, finding 4). ``SELECT … FOR UPDATE`` on the owner's ``user_account`` row makes the second
    wait for the first to commit, and then see its record. SQLite serialises writers by itself.
    An owner locked already in this transaction (:func:`locked_owner`) is not asked for again.
    """
    locked = session.info.setdefault(_OWNERS_LOCKED, set())
    if owner_id not in locked:
        session.execute(select(User.id).where(User.id == owner_id).with_for_update())
        locked.add(owner_id)


def locked_owner(session: Session, user_id: int) -> User:
    """The account ``user_id`` (with its unit) read and locked as :func:`lock_owner` locks it: one statement
    where a teacher files for himself.

    Raises:
        sqlalchemy.exc.NoResultFound: no such account.
    """
    user = session.get_one(User, user_id, with_for_update={"of": User})
    session.info.setdefault(_OWNERS_LOCKED, set()).add(user_id)
    return user


_OWNERS_LOCKED = "owners_locked"
"""``session.info`` key: the owners whose ``user_account`` row this session's transaction locked
(emptied when a transaction or savepoint ends, ``_forget_owner_locks``)."""


@event.listens_for(Session, "after_transaction_end")
def _forget_owner_locks(session: Session, _transaction: SessionTransaction) -> None:
    # also at a savepoint's end: one rolled back took its row locks with it (asking again is harmless)
    session.info.pop(_OWNERS_LOCKED, None)


def _rule_context(session: Session, context: RecordContext) -> type_rules.RuleContext:
    def find_duplicate(values: Mapping[str, object]) -> bool:
        query = select(Record.data).where(
            Record.owner_id == context.owner.id, Record.record_type_code == context.record_type,
            Record.status.notin_((RecordStatus.TERMINATED, RecordStatus.DELETED)))
        if context.record_id is not None:
            query = query.where(Record.id != context.record_id)
        return any(all(_blank(other.get(k)) if _blank(v) else other.get(k) == v for k, v in values.items())
                   for other in session.scalars(query))

    unit = context.owner.unit
    return type_rules.RuleContext(today=date.today(), owner_unit_name=unit.name if unit else None,
                                  find_duplicate=find_duplicate,
                                  term_calendar=reference_values.term_calendar(session))


def _blank(value: object) -> bool:
    return value in (None, "", [])


def field_decision_outputs(session: Session, form: FormDefinition, owner_unit: Unit | None) -> dict[str, dict]:
    """For each decision-filled field: ``{field: {"value": default, "editable": bool}}`` (catalog §2.2:
    evaluated when the form loads and again on 提交)."""
    inputs = {"unit_type": owner_unit.kind if owner_unit else None,
              "default_research_owner": owner_unit.default_research_owner if owner_unit else None}
    out = {}
    for field, decision_id in form.field_decisions.items():
        result = evaluate(session, decision_id, inputs)
        out[field] = {"value": result.get(field), "editable": bool(result.get(f"{field}_editable", not result))}
    return out


def validate_child_list(session: Session, record, form: FormDefinition, data: Mapping[str, Any], field: str) -> None:
    """Check one child list inside the whole data, as on 提交 (调整-保存, catalog §3.6).

    Raises:
        ValidationFailed: errors of ``field`` only (its rows, its minimum count, its rules).
    """
    lock_owner(session, record.owner_id)
    errors = [e for e in validate_data(form, data, for_submit=True)
              if e.field == field or e.field.startswith(f"{field}[") or e.field.startswith(f"{field}.")]
    errors += type_rules.check_rules(form, data, _rule_context(session, RecordContext.of(record)), for_submit=True,
                                     only_fields={field})
    problems = [e.as_dict() for e in errors] + [
        e for e in attachments.check_row_attachment_ids(session, record.id, form, data) if e["field"].startswith(f"{field}[")]
    if problems:
        raise ValidationFailed(messages.VALIDATION_SUMMARY.format(n=len(problems)), errors=problems)
