"""批量审核: one decision over many review tasks, each record in its own transaction (catalog §5.3).

No e-signature is asked for (「该操作无需个人电子签名」). Each task goes through the same
``review.complete_user_task`` as a single review, so scope, self-review, the row locks and the trail
are exactly those of 审核; a failure on one record never undoes another.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import func, select

from app import messages
from app.auth.principal import Principal
from app.errors import (InvalidState, NotFound, PermissionDenied, StaleVersion, TaskAlreadyCompleted,
                        ValidationFailed)
from app.extensions import db
from app.models import Record, User, UserTask
from app.vocabulary import ReviewAction

from typing_extensions import Unpack

from app.services.review import inbox, review
from app.services.review.workspace import ColumnFilter

MAX_BATCH = 500
BATCH_ACTIONS = (ReviewAction.APPROVE, ReviewAction.RETURN)
OUTCOMES = ("success", "done_by_other", "out_of_scope", "changed")
OUTCOME_LABELS = {"success": messages.BATCH_SUCCESS, "done_by_other": messages.BATCH_DONE_BY_OTHER,
                  "out_of_scope": messages.BATCH_OUT_OF_SCOPE, "changed": messages.BATCH_CHANGED}


@dataclass(frozen=True)
class BatchResult:
    """The result of one task of a batch: ``outcome`` is one of ``OUTCOMES``, ``label`` its 中文 text
    (成功 / 已由他人处理 / 不在您的审核范围 / 记录已变更), ``detail`` the single review's message,
    ``owner`` the record owner's 姓名."""

    task_id: int
    record_id: int | None
    title: str | None
    outcome: str
    label: str
    detail: str | None = None
    owner: str | None = None


def filtered_task_ids(principal: Principal, *, record_type: str | None = None, q: str | None = None,
                      year: int | None = None, status: str | None = None,
                      **narrow: Unpack[ColumnFilter]) -> list[int]:
    """Every open review task id the caller's inbox shows for these filters (「全部筛选结果」), oldest first;
    ``narrow`` as ``inbox.list_inbox`` (status, lane, submission dates, 所属单位).

    Raises:
        ValidationFailed: more than ``MAX_BATCH`` rows (422, 「批量审核每次最多 500 条记录…」), or a bad
            filter (``workspace.column_filters``).
    """
    joined = inbox.inbox_query(principal, record_type=record_type, q=q, year=year, status=status, **narrow)
    n = db.session.scalar(joined(func.count(UserTask.id))) or 0
    if n > MAX_BATCH:
        raise _too_many(n)
    return list(db.session.scalars(joined(UserTask.id).order_by(*inbox.inbox_order(False))))


def batch_review(principal: Principal, task_ids: Sequence[int], *, action: str, comment: str | None = None,
                 record_versions: Mapping[int, int] | None = None) -> list[BatchResult]:
    """Complete every task of ``task_ids`` with one decision (catalog §5.3), each in its own transaction.

    Args:
        principal: the reviewer (active role).
        task_ids: at most 500 ``user_task`` ids (selected rows, a page, or ``filtered_task_ids``);
            duplicates are decided once.
        action: ``approve`` (通过) or ``return`` (退回).
        comment: the one shared 审核意见; required for 退回, at most 500 characters.
        record_versions: optional ``{task_id: record version seen in the list}``; a record changed
            since is not decided (记录已变更).

    Returns:
        One ``BatchResult`` per distinct task id, in the order given: ``success``; ``done_by_other``
        (「已由他人处理」, the task was completed by someone else); ``out_of_scope`` (not in the
        caller's candidate groups, or the caller's own record); ``changed`` (the record changed or the
        task was withdrawn).

    Raises:
        ValidationFailed: no ids, more than 500, an action other than 通过/退回, or 退回 without a comment (422).
    """
    ids = list(dict.fromkeys(task_ids))
    comment = (comment or "").strip() or None
    if not ids:
        raise ValidationFailed(messages.BATCH_EMPTY, errors=[{"field": "task_ids", "message": messages.BATCH_EMPTY}])
    if len(ids) > MAX_BATCH:
        raise _too_many(len(ids))
    if action not in BATCH_ACTIONS:
        raise ValidationFailed(messages.BATCH_ACTION, errors=[{"field": "action", "message": messages.BATCH_ACTION}])
    if action == ReviewAction.RETURN and not comment:
        raise ValidationFailed(messages.BATCH_RETURN_COMMENT,
                               errors=[{"field": "comment", "message": messages.BATCH_RETURN_COMMENT}])
    versions = record_versions or {}
    titles = _titles(ids)

    def decide(task_id: int) -> tuple[str, str | None]:
        try:
            review.complete_user_task(principal, task_id, action=action, comment=comment,
                                      expected_version=versions.get(task_id))
            return "success", None
        except TaskAlreadyCompleted as exc:
            return "done_by_other", exc.message
        except (NotFound, PermissionDenied) as exc:
            return "out_of_scope", exc.message
        except (StaleVersion, InvalidState) as exc:
            return "changed", exc.message

    results = []
    for task_id, (outcome, detail) in zip(ids, _each(ids, decide), strict=True):
        record_id, title, owner = titles.get(task_id, (None, None, None))
        hidden = outcome == "out_of_scope"         # another scope's task: its record is not named
        results.append(BatchResult(task_id, None if hidden else record_id, None if hidden else title,
                                   outcome, OUTCOME_LABELS[outcome], detail, None if hidden else owner))
    return results


def _each(ids: list[int], decide: Callable[[int], tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """``decide`` each id, in order, each call its own transaction. On PostgreSQL with
    ``BATCH_REVIEW_THREADS`` > 1, that many threads take the ids in turn, each in an app context (a session
    and a connection) of its own: a record's database round trips overlap another's Python work, and the
    row locks of a review step keep two records' steps as independent as two reviewers' (SQLite, which
    writes one transaction at a time, decides them one by one)."""
    threads = min(int(current_app.config.get("BATCH_REVIEW_THREADS", 1)), len(ids))
    if threads <= 1 or db.engine.dialect.name != "postgresql":
        return [decide(task_id) for task_id in ids]
    app = current_app._get_current_object()        # type: ignore[attr-defined]
    outcomes: dict[int, tuple[str, str | None]] = {}

    def work(share: list[int]) -> None:
        with app.app_context():
            for task_id in share:
                outcomes[task_id] = decide(task_id)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        for done in [pool.submit(work, ids[k::threads]) for k in range(threads)]:
            done.result()                         # an unexpected error is the request's (500), not swallowed
    return [outcomes[task_id] for task_id in ids]


def _titles(ids: list[int]) -> dict[int, tuple[int, str | None, str]]:
    """Record id, title and the owner's 姓名 per task id, read once for the result list (shown only where the task
    turns out to be in the caller's scope)."""
    rows = db.session.execute(select(UserTask.id, Record.id, Record.title, User.name)
                              .join(Record, Record.id == UserTask.record_id).join(User, User.id == Record.owner_id)
                              .where(UserTask.id.in_(ids)))
    return {task_id: (record_id, title, owner) for task_id, record_id, title, owner in rows}


def _too_many(n: int) -> ValidationFailed:
    message = messages.BATCH_TOO_MANY.format(limit=MAX_BATCH, n=n)
    return ValidationFailed(message, errors=[{"field": "task_ids", "message": message}])
