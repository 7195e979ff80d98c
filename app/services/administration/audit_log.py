"""The 审计日志 (catalog §3.8): administrative actions, newest first, for the administrators who may read
them; and the 信息管理员 changes HR must see (catalog §6.3 rule 5)."""
from __future__ import annotations

from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import aliased

from app.auth.principal import Principal
from app.errors import PermissionDenied
from app.models import AuditEvent, User
from app.services.uow import unit_of_work
from app.vocabulary import Role

from .grants import INFO_ADMIN_ACTIONS
from .reach import reach_of

ACTION_LABELS = {
    "account.create": "新建账号", "account.update": "修改账号", "account.deactivate": "停用账号",
    "account_deactivate": "停用账号", "account.reactivate": "启用账号", "account.password_reset": "重置密码",
    "grant.add": "授予角色", "grant.remove": "撤销角色", "info_admin.grant": "指派信息管理员",
    "info_admin.revoke": "撤销信息管理员", "unit.create": "新增单位", "unit.update": "修改单位",
    "unit.deactivate": "停用单位", "unit.reactivate": "启用单位", "token_revoke": "吊销令牌",
    "import.upload": "上传导入文件", "import.commit": "导入", "import.cancel": "取消导入", "import.failed": "导入失败",
    "import.personal": "个人模板导入", "settlement.close": "工作量结算",
    "definition.draft_open": "打开定义草稿", "definition.draft_save": "保存定义草稿",
    "definition.draft_delete": "删除定义草稿", "definition.validate": "校验定义", "definition.deploy": "部署定义",
    "definition.deploy_refused": "部署被拒绝", "definition.export": "导出定义", "process.migrate": "迁移流程实例",
    "process.migrate_refused": "迁移被拒绝", "incident.retry": "重试异常", "task.reassign": "改派任务",
    "instance.terminate": "终止流程", "instance.jump": "跳转环节", "outbox.retry": "重发通知",
    "delegation.create": "委托审核", "delegation.revoke": "撤销委托", "signature.qr": "扫码签名",
    "reference.add": "新增参考数据", "reference.update": "修改参考数据", "reference.delete": "删除参考数据",
    "reference.retire": "停用参考数据", "reference.restore": "启用参考数据", "reference.default_year": "设置默认考核年度",
    "reference.import.upload": "上传参考数据", "reference.import.commit": "导入参考数据",
}
"""action code → the 操作 the 审计日志 shows (every action ``services.audit`` records; an unknown code shows as it is)."""
HR_ONLY = "只有人力资源部可以查看信息管理员变更记录"


def events(principal: Principal, *, action: str | None = None, account: str | None = None, page: int = 1,
           page_size: int = 20) -> dict[str, Any]:
    """审计日志, newest first. A school-level 系统管理员 reads every event; any other administrator the
    events he did and those about accounts of his units.

    Args:
        action: an action code (``account.password_reset``) or a prefix ending in ``.`` (``unit.``).
        account: events done by, or done to, this account.

    Returns:
        ``{"items": [{"id", "created_at", "action", "action_label", "actor_account", "actor_name",
        "target_account", "target_name", "detail"}], "total", "page", "page_size"}``.
    """
    page, page_size = max(1, page), min(max(1, page_size), 200)
    with unit_of_work() as session:
        reach = reach_of(session, principal)
        where = []
        if not reach.school:
            in_units = select(User.id).where(User.unit_id.in_(sorted(reach.unit_ids or ())))
            where.append(or_(AuditEvent.actor_id == principal.user_id, AuditEvent.target_user_id.in_(in_units)))
        if action:
            where.append(AuditEvent.action.startswith(action[:48]) if action.endswith(".") else AuditEvent.action == action)
        if account:
            ids = select(User.id).where(User.account == account.strip()[:32])
            where.append(or_(AuditEvent.actor_id.in_(ids), AuditEvent.target_user_id.in_(ids)))
        return _page(session, where, page, page_size)


def info_admin_changes(principal: Principal, *, page: int = 1, page_size: int = 20) -> dict[str, Any]:
    """信息管理员 changes (指派 / 撤销), for 人力资源部 (catalog §6.3 rule 5: 「专职信息管理员变更的需报人事处备案」).

    Raises PermissionDenied for anyone but 人力资源部审核员 / 管理员. Shape as ``events``.
    """
    if not principal.has_role(Role.HR_REVIEWER, Role.HR_ADMIN):
        raise PermissionDenied(HR_ONLY)
    page, page_size = max(1, page), min(max(1, page_size), 200)
    with unit_of_work() as session:
        return _page(session, [AuditEvent.action.in_(INFO_ADMIN_ACTIONS)], page, page_size)


def _page(session, where, page: int, page_size: int) -> dict[str, Any]:
    actor, subject = aliased(User), aliased(User)
    total = session.scalar(select(func.count()).select_from(AuditEvent).where(*where)) or 0
    rows = session.execute(
        select(AuditEvent, actor.account, actor.name, subject.account, subject.name)
        .outerjoin(actor, actor.id == AuditEvent.actor_id).outerjoin(subject, subject.id == AuditEvent.target_user_id)
        .where(*where).order_by(AuditEvent.id.desc()).offset((page - 1) * page_size).limit(page_size)).all()
    items = [{"id": e.id, "created_at": e.created_at, "action": e.action,
              "action_label": ACTION_LABELS.get(e.action, e.action), "actor_account": a_acc, "actor_name": a_name,
              "target_account": t_acc, "target_name": t_name, "detail": e.detail or {}}
             for e, a_acc, a_name, t_acc, t_name in rows]
    return {"items": items, "total": total, "page": page, "page_size": page_size}
