"""Demo records for ``flask seed-demo``: a realistic spread of statuses, filed like a person would.

Every record of ``app/demo/demo-records.json`` is created, given its files, submitted, reviewed and
withdrawn through the same services the HTTP API calls (``records``, ``attachments``, ``review``,
``withdrawals``), so routing, trails, notifications and counts are exactly what the pages will show.

A record is known by (owner, record type, title): one already there (any status) is skipped, so
seeding twice adds nothing. The file's ``default_assessment_year`` (the year of its records) becomes the
默认考核年度 when none is set, so a new record in the demo starts in the year of the demo's content.
"""
from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.auth.principal import REVIEWER_ROLES, Principal, load_principal
from app.errors import AppError
from app.extensions import db
from app.models import Record, RecordType, RoleGrant, User, UserTask

from app.services import candidates
from app.services.files import attachments
from app.services.records import lifecycle as records
from app.services.records import withdrawals
from app.services.reference.seeding import seed_default_assessment_year
from app.services.deployment import form_of
from app.services.review import review


class DemoContentError(RuntimeError):
    """A demo record could not be filed as the file says (the message names the record and step)."""


def seed_demo_records(path: Path) -> dict[str, Any]:
    """File the demo records of ``path`` (``app/demo/demo-records.json`` shape) that are not there yet.

    Args:
        path: a JSON file ``{"default_assessment_year"?: 2025, "records": [{"owner", "type", "data", "steps",
            "filed_by"?, "files"?, "row_files"?}]}``; steps are ``submit``, ``approve``, ``return:<审核意见>``,
            ``terminate:<审核意见>`` and ``withdraw:<撤回原因>``. The organisation (``seed_organisation``)
            and the definitions must already be there.

    Returns:
        ``{"records_created": n, "records_skipped": n, "statuses": {"draft": n, …},
        "default_year_seeded": 2025 | None}`` where ``statuses`` counts the created records by their final
        status and ``default_year_seeded`` is the 默认考核年度 set now (None: the file names none, or one was
        set already).

    Raises:
        DemoContentError: an owner, type or reviewer is missing, or a service refused a step
            (the service's Chinese message is kept).
    """
    spec = json.loads(path.read_text(encoding="utf-8"))
    year = spec.get("default_assessment_year")
    seeded_year = year if isinstance(year, int) and seed_default_assessment_year(year) else None
    created, skipped = 0, 0
    statuses: Counter[str] = Counter()
    for item in spec["records"]:
        if _exists(item):
            skipped += 1
            continue
        status = _file_record(item)
        created += 1
        statuses[status] += 1
    db.session.close()
    return {"records_created": created, "records_skipped": skipped, "statuses": dict(statuses),
            "default_year_seeded": seeded_year}


def _exists(item: Mapping[str, Any]) -> bool:
    session = db.session
    rtype = session.get(RecordType, item["type"])
    if rtype is None:
        raise DemoContentError(f"demo record: unknown record type {item['type']} (run flask definitions deploy)")
    owner = _user(item["owner"])
    title = form_of(session, rtype.form_version_id).title_of(item["data"])
    found = session.scalar(select(Record.id).where(Record.owner_id == owner.id, Record.record_type_code == rtype.code,
                                                   Record.title == title).limit(1))
    return found is not None


def _file_record(item: Mapping[str, Any]) -> str:
    applicant = _principal(item.get("filed_by") or item["owner"])
    label = f"{item['type']} of {item['owner']} ({item['data']})"
    try:
        owner = {"owner_account": item["owner"]} if item.get("filed_by") else {}
        record = records.create_record(applicant, record_type=item["type"], data=item["data"], **owner)
        record_id = record.id
        _attach(applicant, record_id, item)
        for step in item.get("steps", []):
            _act(applicant, record_id, step, label)
    except AppError as exc:
        details = "; ".join(str(e.get("message")) for e in getattr(exc, "errors", None) or [])
        raise DemoContentError(f"demo record {label}: {exc.message} {details}".strip()) from exc
    finally:
        db.session.close()
    return _record(record_id).status


def _attach(applicant: Principal, record_id: int, item: Mapping[str, Any]) -> None:
    """Upload a generated file to each top-level file field, and one per row of each child-list file field."""
    for field, kind in item.get("files", {}).items():
        attachments.upload_attachment(applicant, record_id, field=field, file_name=f"{_FILE_NAMES.get(field, field)}.{kind}",
                                      stream=io.BytesIO(sample_file(kind, f"{field} {record_id}")))
    row_files = item.get("row_files", {})
    if not row_files:
        return
    data = dict(_record(record_id).data)
    for path, kind in row_files.items():
        list_field, sub = path.split(".", 1)
        rows = []
        for n, row in enumerate(data.get(list_field, []), start=1):
            file = attachments.upload_attachment(applicant, record_id, field=path, file_name=f"文献{n}.{kind}",
                                                 stream=io.BytesIO(sample_file(kind, f"{path} {record_id} {n}")))
            rows.append({**row, sub: [file.id]})
        data[list_field] = rows
    records.update_record(applicant, record_id, data=data, version=None)


_FILE_NAMES = {"attachments": "证明材料", "evidence": "聘用证明", "review_doc": "综述查重报告",
               "plagiarism_doc": "论文查重报告", "scan": "纸质版扫描"}


def _act(applicant: Principal, record_id: int, step: str, label: str) -> None:
    verb, _, text = step.partition(":")
    if verb == "submit":
        records.submit_record(applicant, record_id)
    elif verb in review.ACTIONS:
        task, reviewer = _open_review(record_id, label)
        review.complete_user_task(reviewer, task, action=verb, comment=text or None)
    elif verb == "withdraw":
        withdrawals.withdraw_record(applicant, record_id, reason=text)
    else:
        raise DemoContentError(f"demo record {label}: unknown step {step!r}")


def _open_review(record_id: int, label: str) -> tuple[int, Principal]:
    """The record's open review task and the first reviewer (by account) whose inbox holds it."""
    session = db.session
    record = _record(record_id)
    task = session.scalar(select(UserTask).where(UserTask.record_id == record_id, UserTask.status == "open",
                                                 UserTask.candidate_role != "applicant"))
    if task is None:
        raise DemoContentError(f"demo record {label}: no open review task (status {record.status})")
    reviewers = session.scalars(select(User).join(RoleGrant).where(RoleGrant.role.in_(REVIEWER_ROLES | {"hr_admin"}))
                                .distinct().order_by(User.account))
    for user in reviewers:
        if user.id in (record.owner_id, record.submitter_id):
            continue
        principal = load_principal(session, user.id)
        if principal and session.scalar(select(UserTask.id).where(UserTask.id == task.id,
                                                                  candidates.review_task_clause(principal))):
            return task.id, principal
    raise DemoContentError(f"demo record {label}: nobody in the demo organisation can review 「{task.name}」")


def _user(account: str) -> User:
    user = db.session.scalar(select(User).where(User.account == account))
    if user is None:
        raise DemoContentError(f"demo record: unknown account {account} (run flask seed-demo --no-content first)")
    return user


def _principal(account: str) -> Principal:
    principal = load_principal(db.session, _user(account).id)
    if principal is None:
        raise DemoContentError(f"demo record: account {account} is not active")
    return principal


def _record(record_id: int) -> Record:
    record = db.session.get(Record, record_id)
    if record is None:
        raise DemoContentError(f"demo record {record_id} vanished")
    return record


def sample_file(kind: str, text: str) -> bytes:
    """A small, genuine file of ``kind`` (``pdf``, ``docx``, ``png``) whose bytes depend on ``text``."""
    if kind == "pdf":
        return (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
                b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n" + f"% {text}\n".encode() +
                b"xref\n0 3\n0000000000 65535 f \ntrailer << /Root 1 0 R /Size 3 >>\nstartxref\n0\n%%EOF\n")
    if kind == "docx":
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                                                    'openxmlformats.org/package/2006/content-types"/>')
            archive.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
            archive.writestr("word/document.xml", f'<?xml version="1.0"?><document>{text}</document>')
        return buffer.getvalue()
    if kind == "png":
        def chunk(tag: bytes, body: bytes) -> bytes:
            return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)
        return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)) +
                chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"tEXt", b"Comment\x00" + text.encode()) +
                chunk(b"IEND", b""))
    raise ValueError(f"no sample file of kind {kind!r}")
