"""Alembic environment: runs on the connection handed in by ``app.schema`` (SQLite or PostgreSQL)."""
from alembic import context
from sqlalchemy import create_engine

from app.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite", compare_type=True)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "alembic: no sqlalchemy.url"
    engine = create_engine(url)
    with engine.begin() as conn:
        _run(conn)
