"""The review workspace's filters (catalog §5.4): shared by the 待审核 / 已审核 / 全部 lists, 批量审核's
「全部筛选结果」 and 导出, so every one of them takes the same query string."""
from marshmallow import Schema, fields, validate

from app.services.review.workspace import LANES, STATUSES


class WorkspaceFilterArgs(Schema):
    """环节, 提交时间 range and 所属单位; each narrows the list, its 合计, 批量审核 and 导出 alike."""

    lane = fields.String(validate=validate.OneOf(LANES), metadata={
        "description": "环节: applicant | unit (二级单位审核) | dept (职能部门审核) | hr (人力资源部审核); "
                       "the task's step in 待审核/已审核, where the record is now in 全部"})
    submitted_from = fields.Date(metadata={"description": "提交时间 from this school-local day (included)"})
    submitted_to = fields.Date(metadata={"description": "提交时间 up to this school-local day (included)"})
    unit_id = fields.Integer(validate=validate.Range(min=1), metadata={
        "description": "所属单位 (the owner's unit): one of GET /tasks/units; another unit is refused (422)"})


class StatusFilterArgs(Schema):
    status = fields.String(validate=validate.OneOf(STATUSES), metadata={"description": "审核状态 of the record now"})


class UnitOptionResponse(Schema):
    id = fields.Integer()
    name = fields.String()
