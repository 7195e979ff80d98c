"""Shared schemas: the error envelope and paging arguments."""
from marshmallow import Schema, fields, validate


class ErrorItem(Schema):
    field = fields.String()
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


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1))
    page_size = fields.Integer(load_default=20, validate=validate.Range(min=1, max=200))
