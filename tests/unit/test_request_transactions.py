"""A request's read-only transaction is committed at its end (so PostgreSQL keeps the connection's
prepared statements); anything that wrote, or holds unflushed changes, is not (app/request_transactions.py)."""
import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from app.request_transactions import only_read, watch


class Base(DeclarativeBase):
    pass


class Thing(Base):
    __tablename__ = "thing"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


def _engine() -> sa.Engine:
    engine = sa.create_engine("sqlite://")
    Base.metadata.create_all(engine)
    watch(engine)
    watch(engine)                       # idempotent: one listener each
    return engine


def test_a_transaction_that_only_selected_is_read_only():
    with Session(_engine()) as session:
        assert not only_read(session)                   # no transaction yet: nothing to commit
        session.execute(sa.select(Thing))
        assert only_read(session)
        session.get(Thing, 1)
        assert only_read(session)


def test_a_write_or_an_unflushed_change_is_never_committed_by_the_request():
    engine = _engine()
    with Session(engine) as session:
        session.execute(sa.select(Thing))
        session.add(Thing(id=1, name="a"))
        assert not only_read(session)                   # pending: a commit would flush it
        session.flush()
        assert not only_read(session)                   # flushed INSERT
        session.rollback()
        session.execute(sa.select(Thing))
        assert only_read(session)                       # a new transaction starts clean
        session.execute(sa.text("UPDATE thing SET name = 'b'"))
        assert not only_read(session)                   # a statement that is not a SELECT
    with Session(engine) as session:
        session.add(Thing(id=2, name="c"))
        session.commit()
        thing = session.get(Thing, 2)
        assert only_read(session)
        thing.name = "d"
        assert not only_read(session)                   # dirty
