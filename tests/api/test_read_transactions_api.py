"""A page of reads ends its transaction with COMMIT, so the connection keeps its prepared statements and
PostgreSQL stops planning the inbox's statements on every request (app/request_transactions.py)."""
import pytest
import sqlalchemy as sa

from app.extensions import db

REVIEWER = "10019001"


@pytest.mark.committed
def test_an_inbox_page_commits_its_reads_and_its_statements_get_prepared(app, login_as):
    client = login_as(REVIEWER)
    ended: list[str] = []

    def on(name):
        return lambda *_: ended.append(name)
    with app.app_context():
        engine = db.engine
    listeners = [(name, on(name)) for name in ("commit", "rollback")]
    for name, listener in listeners:
        sa.event.listen(engine, name, listener)
    try:
        client.ok("GET", "/api/v1/tasks?record_type=T04")
        assert ended == ["commit"]
        for _ in range(6):                              # psycopg prepares a statement on its sixth run
            client.ok("GET", "/api/v1/tasks?record_type=T04")
        assert set(ended) == {"commit"}
    finally:
        for name, listener in listeners:
            sa.event.remove(engine, name, listener)
    with app.app_context():
        prepared = db.session.scalars(sa.text("SELECT statement FROM pg_prepared_statements")).all()
    assert any("FROM user_task" in statement for statement in prepared), prepared

