"""Organisation: units, users, role grants, API tokens (catalog §0.6, §6)."""
from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, JSONType, utcnow

from app.vocabulary import Role
UNIT_KINDS = ("学院", "科研机构", "机关", "教辅", "职能部门")
RESEARCH_OWNERS = ("科学技术部", "人文社科部")      # catalog §0.6: 学院 and 科研机构 name one of them
ROLES = tuple(Role)


class Unit(Base):
    __tablename__ = "unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16))
    default_research_owner: Mapped[str | None] = mapped_column(sa.String(32))
    parent_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())


class User(Base):
    __tablename__ = "user_account"
    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str] = mapped_column(sa.String(32), unique=True)
    name: Mapped[str] = mapped_column(sa.String(64), index=True)
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped by logout, password change and deactivation: a cookie session carrying an older value is
    # over (app/api/security.py checks it on every request).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    email: Mapped[str | None] = mapped_column(sa.String(200))
    # 教师账号 facts of catalog §4.2 / §6.1 (姓名, 性别, 出生年月, 身份证号码)
    gender: Mapped[str | None] = mapped_column(sa.String(2))
    birth_month: Mapped[str | None] = mapped_column(sa.String(7))            # YYYY-MM
    id_number: Mapped[str | None] = mapped_column(sa.String(18))
    # catalog §6.3 rule 5: admin roles only for staff accounts (a student assistant is not staff)
    is_staff: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    # A password set by an administrator (reset, or none yet): one login with it, then it must change
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    one_time_login_at: Mapped[datetime | None]

    unit: Mapped[Unit | None] = relationship(lazy="joined")
    grants: Mapped[list[RoleGrant]] = relationship(back_populates="user", lazy="select",
                                                     cascade="all, delete-orphan")


class RoleGrant(Base):
    """A role held by a user, scoped to a unit and, for unit admins, to categories (catalog §6.2)."""

    __tablename__ = "role_grant"
    __table_args__ = (sa.UniqueConstraint("user_id", "role", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(32))
    unit_id: Mapped[int | None] = mapped_column(sa.ForeignKey("unit.id"))
    categories: Mapped[list[str] | None] = mapped_column(JSONType)

    user: Mapped[User] = relationship(back_populates="grants")
    unit: Mapped[Unit | None] = relationship(lazy="joined")


class ApiToken(Base):
    """A bearer token for scripts; only its sha256 is stored."""

    __tablename__ = "api_token"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    token_sha256: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]


class AuditEvent(Base):
    """An administrator's action (accounts, grants, units, imports, settlements…), kept for the 审计日志."""

    __tablename__ = "audit_event"
    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    action: Mapped[str] = mapped_column(sa.String(48))
    target_user_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user_account.id"), index=True)
    detail: Mapped[dict] = mapped_column(JSONType, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
