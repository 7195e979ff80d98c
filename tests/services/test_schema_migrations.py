"""The schema comes only from Alembic: one head, and the models match the migrations."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory


def test_there_is_a_single_migration_head(ctx):
    from app.extensions import db
    from app.schema import alembic_config
    heads = ScriptDirectory.from_config(alembic_config(db.engine)).get_heads()
    assert len(heads) == 1, heads


def test_models_and_migrations_do_not_differ(ctx):
    from app.extensions import db
    from app.models import Base
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        diff = compare_metadata(context, Base.metadata)
    assert diff == [], diff
