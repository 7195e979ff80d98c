"""Shared schemas: the error envelope, paging arguments and page responses, and ``patch_of`` (the PATCH
body of a create body)."""
import copy
from collections.abc import Iterable, Mapping

from marshmallow import missing, Schema, fields, validate


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


def patch_of(create: type[Schema], name: str, *, exclude: Iterable[str] = (),
             extra: Mapping[str, fields.Field] | None = None) -> type[Schema]:
    """The PATCH body of the create body ``create``: the same fields with the same checks (lengths,
    choices, ``allow_none``), none required and none defaulted, so a key left out is left unchanged.

    Args:
        create: the create (POST) schema whose fields and checks the PATCH body shares.
        name: the class name, which is also the schema's name in the OpenAPI document.
        exclude: fields that cannot be changed (e.g. an account's 账号).
        extra: fields only a change has (e.g. a position), added after the shared ones.

    Returns:
        A new ``Schema`` class.
    """
    shared: dict[str, fields.Field] = {}
    for key, field in create._declared_fields.items():
        if key in exclude:
            continue
        optional = copy.copy(field)
        optional.required, optional.load_default = False, missing
        shared[key] = optional
    return Schema.from_dict({**shared, **(extra or {})}, name=name)

