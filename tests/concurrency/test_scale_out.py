"""Scale-out (docs/architecture.md §9, issue 15): two production servers and two Celery workers on one
PostgreSQL and one Redis finish every lifecycle exactly once and deliver every notification exactly once.

Two ``gunicorn -c gunicorn.conf.py`` instances on free ports, two ``celery -A celery_worker worker``
processes (beat in the first) on this run's schema and queue, e-mail on and sent to a local SMTP server.
Keep-alive clients send each request to the next server in turn; then the two members of 人力资源部
approve one task at the same moment through different servers. The bench of the same line-up at full
size is bench/scale_out.py.
"""
import pytest
from sqlalchemy import select

from conftest import CELERY_QUEUE, DATABASE_URL, IS_POSTGRES, PG_STATUS, REDIS_URL, requires_redis
from scale_out_support import LineUp, approval_race, exactly_once, race_problems, wait_until_settled
from server_support import drive

LIFECYCLES, CLIENTS, RACES = 10, 3, 3

pytestmark = [
    pytest.mark.skipif(not IS_POSTGRES, reason="scale-out needs PostgreSQL: two server processes share one "
                       f"database, and the embedded SQLite set-up has no second server ({PG_STATUS})"),
    requires_redis,
    pytest.mark.committed,
]


def _names(app) -> dict[str, str]:
    from app.extensions import db
    from app.models import User
    with app.app_context():
        names = dict(db.session.execute(select(User.account, User.name)).tuples().all())
        db.session.close()
    return names


def test_two_servers_and_two_workers_finish_every_lifecycle_and_notify_exactly_once(app, db_session, tmp_path):
    tokens = app.config["TEST_TOKENS"]
    with LineUp(database_url=DATABASE_URL, redis_url=REDIS_URL, queue=CELERY_QUEUE, workdir=tmp_path,
                secret_key=app.config["SECRET_KEY"]) as line_up:
        run = drive(line_up.ports, tokens, CLIENTS, LIFECYCLES, warm_up=0)
        races = [approval_race(line_up.ports, tokens) for _ in range(RACES)]
        assert run.errors == [], f"{run.errors[0]}\n{line_up.output()}"
        assert wait_until_settled(app, line_up.smtp, 45), line_up.output()
        checks = exactly_once(app, line_up.smtp, run.record_ids + [race.record_id for race in races])
    # every request went to the two servers in turn
    assert sorted(run.served) == sorted(line_up.ports), run.served
    assert max(run.served.values()) - min(run.served.values()) <= CLIENTS, run.served
    names = _names(app)
    assert [problem for race in races for problem in race_problems(race, names)] == []
    assert checks.problems == [], "\n".join(checks.problems[:20])
    assert checks.records == LIFECYCLES + RACES
    assert checks.tasks == 3 * checks.records and checks.events == 4 * checks.records
    # per lifecycle: 曹阳, 邓超, 潘婷 and 蒋文 told of a new task, 赵志睿 of the approval; each in-app and by mail
    assert checks.in_app == checks.email_rows == checks.mails_received == 5 * checks.records
