"""The operator's instance list: every process instance with its record, version, open step and age,
filtered by status, process and version, lane, unit and age (issue 14 item 2). Never loads workflow state."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.auth.principal import Principal
from app.extensions import db
from app.models import DefinitionVersion, Incident, ProcessInstance, Record, RecordType, Unit, User, UserTask, utcnow
from app.models.workflow import INSTANCE_STATUSES
from app.vocabulary import Lane, TaskStatus

from app.services.operations.access import ensure_operator
from app.services.operations.rows import lane_label
from app.services.paging import Page, paging

STATUS_LABELS = {"running": "运行中", "completed": "已完成", "terminated": "已终止", "cancelled": "已取消",
                 "suspended": "已挂起", "incident": "异常"}
"""Labels of ``process_instance.status`` in the console."""


@dataclass(frozen=True)
class InstanceRow:
    """One instance: ``status`` code and label, process ``key`` and ``version``, the record, the open step
    (``step``, ``lane``, ``lane_label``: None when nothing is open), ``open_incidents`` and the times (UTC)."""

    id: int
    status: str
    status_label: str
    process_key: str
    process_version: int
    record_id: int
    record_title: str | None
    record_type: str
    owner: str
    owner_unit: str | None
    step: str | None
    lane: str | None
    lane_label: str | None
    task_id: int | None
    open_incidents: int
    created_at: datetime
    ended_at: datetime | None


def list_instances(principal: Principal, *, status: str | None = None, process_key: str | None = None,
                   version: int | None = None, lane: str | None = None, unit_id: int | None = None,
                   older_than_days: int | None = None, page: int = 1, page_size: int = 20) -> Page:
    """A page of process instances, newest first.

    Args:
        status: ``running`` | ``suspended`` | ``incident`` | ``completed`` | ``terminated`` | ``cancelled``.
        process_key / version: e.g. ``workload_approval`` and 2 (``version`` only with ``process_key``).
        lane: instances with an open task in that lane (``unit`` | ``dept`` | ``hr`` | ``applicant``).
        unit_id: the record's owner unit.
        older_than_days: started at least this many days ago.

    Raises:
        NotFound: the caller is not an operator (404).
    """
    ensure_operator(principal)
    page, page_size = paging(page, page_size)
    where = _filters(status, process_key, version, lane, unit_id, older_than_days)
    session = db.session
    total = session.scalar(select(func.count()).select_from(ProcessInstance).join(
        DefinitionVersion, DefinitionVersion.id == ProcessInstance.definition_version_id)
        .join(Record, Record.id == ProcessInstance.record_id).where(*where)) or 0
    rows = session.execute(
        select(ProcessInstance.id, ProcessInstance.status, DefinitionVersion.key, DefinitionVersion.version,
               Record.id, Record.title, RecordType.name, User.name, Unit.name, ProcessInstance.created_at,
               ProcessInstance.ended_at)
        .join(DefinitionVersion, DefinitionVersion.id == ProcessInstance.definition_version_id)
        .join(Record, Record.id == ProcessInstance.record_id)
        .join(RecordType, RecordType.code == Record.record_type_code)
        .join(User, User.id == Record.owner_id)
        .outerjoin(Unit, Unit.id == Record.owner_unit_id)
        .where(*where).order_by(ProcessInstance.id.desc()).offset((page - 1) * page_size).limit(page_size)).all()
    ids = [r[0] for r in rows]
    steps = _open_steps(session, ids)
    incidents = dict(session.execute(select(Incident.instance_id, func.count()).where(
        Incident.instance_id.in_(ids), Incident.resolved_at.is_(None)).group_by(Incident.instance_id)).tuples().all())
    items = []
    for (iid, st, key, ver, rid, title, type_name, owner, unit, created, ended) in rows:
        task_id, step, task_lane = steps.get(iid, (None, None, None))
        items.append(InstanceRow(iid, st, STATUS_LABELS.get(st, st), key, ver, rid, title, type_name, owner, unit,
                                 step, task_lane, lane_label(task_lane) if task_lane else None, task_id,
                                 incidents.get(iid, 0), created, ended))
    return Page(items, total, Decimal(0), page, page_size)        # no 合计 on this list


def instance_filters(principal: Principal) -> dict[str, object]:
    """What the list's filters offer: ``statuses`` [{value, label}], ``processes`` [{key, versions: [n]}],
    ``lanes`` [{value, label}], ``units`` [{id, name}]. Raises NotFound for non-operators."""
    ensure_operator(principal)
    session = db.session
    versions: dict[str, list[int]] = {}
    for key, number in session.execute(select(DefinitionVersion.key, DefinitionVersion.version)
                                       .where(DefinitionVersion.kind == "process")
                                       .order_by(DefinitionVersion.key, DefinitionVersion.version)):
        versions.setdefault(key, []).append(number)
    units = session.execute(select(Unit.id, Unit.name).order_by(Unit.code)).all()
    return {"statuses": [{"value": s, "label": STATUS_LABELS[s]} for s in INSTANCE_STATUSES],
            "processes": [{"key": k, "versions": v} for k, v in versions.items()],
            "lanes": [{"value": lane.value, "label": lane.label} for lane in Lane],
            "units": [{"id": i, "name": n} for i, n in units]}


def _filters(status, process_key, version, lane, unit_id, older_than_days) -> list[ColumnElement[bool]]:
    where: list[ColumnElement[bool]] = []
    if status:
        where.append(ProcessInstance.status == status)
    if process_key:
        where.append(DefinitionVersion.key == process_key)
        if version:
            where.append(DefinitionVersion.version == version)
    if lane:
        where.append(exists().where(UserTask.instance_id == ProcessInstance.id, UserTask.status == TaskStatus.OPEN,
                                    UserTask.lane == lane))
    if unit_id:
        where.append(Record.owner_unit_id == unit_id)
    if older_than_days:
        where.append(ProcessInstance.created_at <= utcnow() - timedelta(days=older_than_days))
    return where


def _open_steps(session: Session, instance_ids: list[int]) -> dict[int, tuple[int, str, str]]:
    """instance id → (task id, step name, lane) of its open task (the first, when there are several)."""
    found: dict[int, tuple[int, str, str]] = {}
    if not instance_ids:
        return found
    for task_id, instance_id, name, lane in session.execute(
            select(UserTask.id, UserTask.instance_id, UserTask.name, UserTask.lane)
            .where(UserTask.instance_id.in_(instance_ids), UserTask.status == TaskStatus.OPEN).order_by(UserTask.id)):
        found.setdefault(instance_id, (task_id, name, lane))
    return found
