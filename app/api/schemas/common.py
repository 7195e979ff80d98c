"""Shared schemas: the error envelope, paging arguments and page responses."""
from marshmallow import Schema, fields, validate


class ErrorItem(Schema):
    field = fields.String(metadata={"description": "the field's path, e.g. sessions, cases[9].admit_date"})
    location = fields.String(metadata={"description": "json | query | form | files | path"})
    row = fields.Integer()
    column = fields.String()
    file = fields.String()
    line = fields.Integer(allow_none=True)
    message = fields.String(required=True)


class ErrorResponse(Schema):
    code = fields.String(required=True, metadata={"description": "stable English code, e.g. validation_failed"})
    status = fields.Integer(required=True)
    message = fields.String(required=True, metadata={"description": "中文说明"})
    errors = fields.List(fields.Nested(ErrorItem))


MAX_PAGE = 100_000               # page × page_size stays far inside a 32-bit OFFSET


class PageResponse(Schema):
    """The paging part of every list response; subclasses add ``items``."""
    total = fields.Integer(metadata={"description": "共 N 条"})
    page = fields.Integer()
    page_size = fields.Integer()


class WorkloadPageResponse(PageResponse):
    """A page of records or tasks with the 合计 of their 工作量 (catalog §1.3.0, §5.4)."""
    totals = fields.Function(lambda p: {"workload": float(p.workload_total)})


class PageArgs(Schema):
    """Paging of every list: ``page`` from 1, ``page_size`` 1–200."""
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=MAX_PAGE))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))
