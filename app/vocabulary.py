"""The stored codes of the platform's vocabulary, with their Chinese labels beside them.

Each enum is a ``StrEnum``: a member *is* its stored string (``RecordStatus.DRAFT == "draft"``), so
columns, JSON, SQL comparisons and decision-table outputs keep the codes they always had. Labels are
verbatim from the catalog: record statuses §3.1, roles §6.2, lanes and review actions §2 and §3.7.
A foundation module like ``errors`` and ``messages``: every layer may import it.
"""
from __future__ import annotations

from enum import StrEnum


class RecordStatus(StrEnum):
    """A record's status (catalog §3.1); ``deleted`` is the soft delete of §3.2 transitions 4 and 14."""

    DRAFT = "draft"
    IN_REVIEW = "in_review"
    RETURNED = "returned"
    APPROVED = "approved"
    TERMINATED = "terminated"
    DELETED = "deleted"

    @property
    def workload_label(self) -> str:
        """The label of the workload family (S000): 未提交, 审核中, 退回, 已完成, 终止 (the code itself
        for ``deleted``, which no list shows)."""
        return _WORKLOAD_LABELS.get(self, self.value)

    @property
    def library_label(self) -> str:
        """The label of the library / teacher-information family (S004): 编辑中, 审核中, 退回, 审核通过, 终止."""
        return _LIBRARY_LABELS.get(self, self.value)


_WORKLOAD_LABELS = {RecordStatus.DRAFT: "未提交", RecordStatus.IN_REVIEW: "审核中", RecordStatus.RETURNED: "退回",
                    RecordStatus.APPROVED: "已完成", RecordStatus.TERMINATED: "终止"}
_LIBRARY_LABELS = {RecordStatus.DRAFT: "编辑中", RecordStatus.IN_REVIEW: "审核中", RecordStatus.RETURNED: "退回",
                   RecordStatus.APPROVED: "审核通过", RecordStatus.TERMINATED: "终止"}

LISTED_STATUSES = (RecordStatus.DRAFT, RecordStatus.IN_REVIEW, RecordStatus.RETURNED, RecordStatus.APPROVED,
                   RecordStatus.TERMINATED)
"""The five canonical statuses of §3.1, in the catalog's order (list tabs, filters)."""
SUBMITTED_STATUSES = (RecordStatus.IN_REVIEW, RecordStatus.RETURNED, RecordStatus.APPROVED, RecordStatus.TERMINATED)
"""Statuses a reviewer may see: drafts are their applicant's alone (catalog §6.3)."""
EDITABLE_STATUSES = (RecordStatus.DRAFT, RecordStatus.RETURNED)
"""修改 / 删除 / 提交 by the applicant (catalog §3.2)."""
ADJUSTABLE_STATUSES = (RecordStatus.IN_REVIEW, RecordStatus.APPROVED)
"""调整 of an adjustable child list (catalog §3.6)."""


class TaskStatus(StrEnum):
    """A user task in the inbox: waiting (``open``), done (``completed``) or withdrawn by the process."""

    OPEN = "open"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Role(StrEnum):
    """A role a user holds (catalog §6.2), stored in ``role_grant.role``."""

    TEACHER = "teacher"
    UNIT_ADMIN = "unit_admin"
    DEPT_REVIEWER = "dept_reviewer"
    HR_REVIEWER = "hr_reviewer"
    HR_ADMIN = "hr_admin"
    SYSTEM_ADMIN = "system_admin"
    INFO_ADMIN = "info_admin"
    INFO_QUERY = "info_query"
    PROCESS_ADMIN = "process_admin"
    OPERATOR = "operator"

    @property
    def label(self) -> str:
        """The role's name in catalog §6.2, e.g. 二级单位管理员."""
        return _ROLE_LABELS[self]


_ROLE_LABELS = {Role.TEACHER: "教职工", Role.UNIT_ADMIN: "二级单位管理员", Role.DEPT_REVIEWER: "职能部门审核员",
                Role.HR_REVIEWER: "人力资源部审核员", Role.HR_ADMIN: "人力资源部管理员", Role.SYSTEM_ADMIN: "系统管理员",
                Role.INFO_ADMIN: "信息管理员", Role.INFO_QUERY: "信息查询员", Role.PROCESS_ADMIN: "流程管理员",
                Role.OPERATOR: "运维人员"}

APPLICANT = "applicant"
"""The candidate group of the applicant lane: the one assignee (the record's submitter), not a role."""


class Lane(StrEnum):
    """A lane of an approval process (catalog §2): who holds the step."""

    APPLICANT = "applicant"
    UNIT = "unit"
    DEPT = "dept"
    HR = "hr"

    @property
    def label(self) -> str:
        """The lane as 流程图 and 审核记录 name it: 申请人, 二级单位审核, 职能部门审核, 人力资源部审核."""
        return _LANE_LABELS[self]


_LANE_LABELS = {Lane.APPLICANT: "申请人", Lane.UNIT: "二级单位审核", Lane.DEPT: "职能部门审核", Lane.HR: "人力资源部审核"}


class ReviewAction(StrEnum):
    """An entry of the 审核记录 (catalog §3.7 处理结果); the first three are a reviewer's decisions."""

    APPROVE = "approve"
    RETURN = "return"
    TERMINATE = "terminate"
    SUBMIT = "submit"
    IMPORT = "import"
    WITHDRAW = "withdraw"
    ADJUST = "adjust"
    CHANGE = "change"
    DELETE = "delete"
    WITHDRAW_REQUEST = "withdraw_request"
    WITHDRAW_REJECT = "withdraw_reject"
    URGE = "urge"
    RETURN_PREVIOUS = "return_previous"
    TRANSFER = "transfer"

    @property
    def label(self) -> str:
        """The 处理结果 as the 审核记录 shows it, e.g. 通过, 退回, 终止."""
        return _ACTION_LABELS[self]


_ACTION_LABELS = {ReviewAction.SUBMIT: "提交", ReviewAction.IMPORT: "导入", ReviewAction.APPROVE: "通过",
                  ReviewAction.RETURN: "退回", ReviewAction.TERMINATE: "终止", ReviewAction.WITHDRAW: "撤回",
                  ReviewAction.ADJUST: "调整", ReviewAction.CHANGE: "变更", ReviewAction.DELETE: "删除",
                  ReviewAction.WITHDRAW_REQUEST: "申请撤回", ReviewAction.WITHDRAW_REJECT: "不同意撤回",
                  ReviewAction.URGE: "催办", ReviewAction.RETURN_PREVIOUS: "退回上一步",
                  ReviewAction.TRANSFER: "转交"}

DECISIONS = (ReviewAction.APPROVE, ReviewAction.RETURN, ReviewAction.TERMINATE)
"""What a reviewer may do at the task he holds (catalog §3.3): 审核通过, 退回, 终止."""
SINGLE_REVIEW_ACTIONS = (*DECISIONS, ReviewAction.RETURN_PREVIOUS)
"""A single review may also 退回上一步 (issue 11 item 4): back to the previous review step, not the applicant."""


class SignMode(StrEnum):
    """``sign_mode`` of a multi-signer review step (BPMN user-task property, docs/process-authoring.md)."""

    ALL = "all"
    ANY = "any"

    @property
    def label(self) -> str:
        """会签 (every signer approves) or 或签 (the first approval decides)."""
        return "会签" if self is SignMode.ALL else "或签"


CC_ROLES = (Role.UNIT_ADMIN, Role.DEPT_REVIEWER, Role.HR_REVIEWER, Role.HR_ADMIN)
"""Roles a process may name in its ``cc_roles`` property (抄送 of the final result): the unit's admins of
the record's owner unit, the reviewers of the record's functional department, 人力资源部 staff."""

__all__ = ["ADJUSTABLE_STATUSES", "APPLICANT", "CC_ROLES", "DECISIONS", "EDITABLE_STATUSES", "LISTED_STATUSES",
           "SINGLE_REVIEW_ACTIONS", "SUBMITTED_STATUSES", "Lane", "RecordStatus", "ReviewAction", "Role", "SignMode",
           "TaskStatus"]
