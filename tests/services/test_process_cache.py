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
