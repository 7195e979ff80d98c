"""Per-process caches of rarely changing rows (issue 15): what they keep, for how long, and how a write
made in this process empties them at once while another process's write waits out their lifetime."""
import pytest
from sqlalchemy import select, text, update

from flows import TEACHER_JSGZB, UNIT_ADMIN_JSGZB


class Clock:
    """``time.monotonic`` of app.services.process_cache, moved by hand."""

    def __init__(self, monkeypatch) -> None:
        from app.services import process_cache
        self.now = 1000.0
        monkeypatch.setattr(process_cache.time, "monotonic", lambda: self.now)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def test_a_timed_cache_keeps_a_value_for_its_lifetime_and_never_keeps_none(clock):
    from app.services.process_cache import TimedCache
    cache: TimedCache[int] = TimedCache({"a_table_nobody_writes"}, 5.0)
    loads = []

    def load(value):
        def _load():
            loads.append(value)
            return value
        return _load

    assert cache.get("k", load(1)) == 1 and cache.get("k", load(2)) == 1 and loads == [1]
    clock.now += 5.1
    assert cache.get("k", load(3)) == 3 and loads == [1, 3]
    assert cache.get("none", load(None)) is None and cache.get("none", load(None)) is None and loads == [1, 3, None, None]
    assert cache.get("off", load(4), seconds=0) == 4 and cache.get("off", load(5), seconds=0) == 5


def test_a_write_ends_with_the_cache_emptied_whether_it_commits_or_rolls_back(ctx):
    from app.extensions import db
    from app.models import Unit
    from app.services.process_cache import on_write
    from app.services.uow import unit_of_work
    told = []
    on_write({"unit"}, lambda: told.append("unit"))
    with unit_of_work() as session:
        session.scalars(select(Unit)).all()                 # a read tells nothing
    assert told == []
    with unit_of_work() as session:
        session.scalars(select(Unit).limit(1)).one().name += "（改）"
    assert told == ["unit"]
    with pytest.raises(RuntimeError), unit_of_work() as session:
        session.execute(update(Unit).where(Unit.id == -1).values(name="x"))   # a bulk statement counts too
        raise RuntimeError("rolled back")
    assert told == ["unit", "unit"]
    db.session.execute(text("UPDATE unit SET name = name"))  # plain SQL is not seen: what another process does
    db.session.commit()
    assert told == ["unit", "unit"]


def _roles(api) -> set[str]:
    return {grant["role"] for grant in api.ok("GET", "/api/v1/auth/me")["grants"]}


def test_a_role_taken_in_this_process_is_gone_on_the_next_request(login_as, app):
    from app.extensions import db
    from app.models import RoleGrant, User
    admin = login_as(UNIT_ADMIN_JSGZB)
    assert "unit_admin" in _roles(admin)                    # the principal is now cached
    with app.app_context():
        user_id = db.session.scalar(select(User.id).where(User.account == UNIT_ADMIN_JSGZB))
        for grant in db.session.scalars(select(RoleGrant).where(RoleGrant.user_id == user_id,
                                                                RoleGrant.role == "unit_admin")):
            db.session.delete(grant)
        db.session.commit()
    assert "unit_admin" not in _roles(admin)


def test_a_role_taken_by_another_process_applies_once_the_cached_principal_is_too_old(login_as, app, clock):
    from app.extensions import db
    teacher = login_as(TEACHER_JSGZB)
    assert "teacher" in _roles(teacher)
    with app.app_context():
        db.session.execute(text("DELETE FROM role_grant WHERE role = 'teacher' AND user_id = "
                                "(SELECT id FROM user_account WHERE account = :account)"), {"account": TEACHER_JSGZB})
        db.session.commit()
    assert "teacher" in _roles(teacher)                     # this process has not seen the change yet
    clock.now += app.config["PRINCIPAL_CACHE_SECONDS"] + 0.1
    assert "teacher" not in _roles(teacher)


def test_a_deactivated_account_is_refused_on_its_next_request(login_as, app):
    from app.extensions import db
    from app.models import User
    teacher = login_as(TEACHER_JSGZB)
    assert teacher.get("/api/v1/auth/me").status_code == 200
    with app.app_context():
        db.session.execute(update(User).where(User.account == TEACHER_JSGZB).values(is_active=False))
        db.session.commit()
    assert teacher.get("/api/v1/auth/me").status_code == 401


def test_a_new_process_version_deployed_here_starts_the_next_record_at_once(ctx, tmp_path):
    from app.extensions import db
    from app.models import DefinitionVersion
    from app.services import deployment
    from samples import copy_definitions
    first = deployment.current_process(db.session, "workload_approval")
    root = copy_definitions(tmp_path)
    bpmn = root / "processes" / "workload_approval.bpmn"
    bpmn.write_text(bpmn.read_text(encoding="utf-8").replace("</bpmn:definitions>", "<!-- v2 --></bpmn:definitions>"),
                    encoding="utf-8")
    deployment.deploy_from_folder(root, deployed_by="tests")
    newest = db.session.scalar(select(DefinitionVersion.id).where(DefinitionVersion.kind == "process",
                                                                   DefinitionVersion.key == "workload_approval")
                               .order_by(DefinitionVersion.version.desc()).limit(1))
    assert newest != first.id and deployment.current_process(db.session, "workload_approval").id == newest


def _statements_during(action) -> list[str]:
    """The SQL statements ``action()`` sends (the app context's engine)."""
    from sqlalchemy import event

    from app.extensions import db
    sent: list[str] = []

    def _seen(_conn, _cursor, statement, *_rest):
        sent.append(" ".join(statement.split()))
    event.listen(db.engine, "before_cursor_execute", _seen)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", _seen)
    return sent


def test_a_record_type_is_read_once_then_merged_into_each_session_without_a_query(ctx, clock):
    from app.extensions import db
    from app.models import RecordType
    from app.services.deployment import record_type_of
    from app.services.uow import unit_of_work
    first = record_type_of(db.session, "T04")
    assert first is not None and first in db.session and first.code == "T04"
    name, process_key = first.name, first.process_key
    db.session.rollback()
    db.session.expunge_all()                                # as the next request's session
    again: list[RecordType | None] = []
    assert not any("record_type" in s for s in _statements_during(lambda: again.append(record_type_of(db.session, "T04"))))
    assert again[0] is not first and again[0] in db.session and again[0].process_key == process_key
    assert record_type_of(db.session, "NOPE") is None

    with unit_of_work() as session:                         # a write here empties the cache at once
        session.get_one(RecordType, "T04").name = name + "（改）"
    assert record_type_of(db.session, "T04").name == name + "（改）"

    db.session.execute(text("UPDATE record_type SET name = '监考' WHERE code = 'T04'"))   # as another process
    db.session.commit()
    db.session.expunge_all()
    assert record_type_of(db.session, "T04").name == name + "（改）"
    clock.now += 2.1
    db.session.expunge_all()
    assert record_type_of(db.session, "T04").name == "监考"


def test_an_owner_is_locked_once_per_transaction_and_again_in_the_next(ctx):
    from app.extensions import db
    from app.models import User
    from app.services.records.record_data import lock_owner, locked_owner
    owner_id = db.session.scalar(select(User.id).where(User.account == TEACHER_JSGZB))
    db.session.rollback()

    def locks(sent: list[str]) -> list[str]:
        return [s for s in sent if "FROM user_account" in s and "FOR UPDATE" in s.upper()]

    def twice():
        lock_owner(db.session, owner_id)
        lock_owner(db.session, owner_id)
    expected = 1 if db.engine.dialect.name == "postgresql" else 0     # SQLite has no row locks to ask for
    assert len(locks(_statements_during(twice))) == expected
    db.session.commit()
    assert len(locks(_statements_during(lambda: lock_owner(db.session, owner_id)))) == expected

    db.session.rollback()
    sent = _statements_during(lambda: (locked_owner(db.session, owner_id), lock_owner(db.session, owner_id)))
    assert len([s for s in sent if "FROM user_account" in s]) == 1
    assert len(locks(sent)) == expected
