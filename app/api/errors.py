"""AppError | HTTPException | Exception → one JSON envelope (architecture.md §5)."""
from __future__ import annotations

import logging
import uuid

from flask import Flask, jsonify
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app import messages
from app.errors import AppError

log = logging.getLogger(__name__)

_HTTP_MESSAGES = {
    400: messages.MALFORMED_JSON, 401: messages.LOGIN_REQUIRED, 403: messages.ROLE_REQUIRED,
    404: "请求的资源不存在", 405: "不支持该请求方法", 409: "请求与当前状态冲突", 413: "上传或提交的内容过大",
    415: "不支持的内容类型，请使用 application/json", 422: "提交的数据有误", 429: "请求过于频繁",
}
_HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "permission_denied", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
               422: "validation_failed", 429: "too_many_requests"}
_FIELD_MESSAGES = {"Unknown field.": "未知字段「{field}」", "Missing data for required field.": "「{field}」为必填项",
                   "Not a valid integer.": "「{field}」必须是整数", "Not a valid string.": "「{field}」必须是文本",
                   "Not a valid boolean.": "「{field}」必须是 true 或 false", "Not a valid mapping type.": "「{field}」必须是对象",
                   "Field may not be null.": "「{field}」不能为空"}


def envelope(code: str, status: int, message: str, errors=None):
    response = jsonify({"code": code, "status": status, "message": message, "errors": errors or []})
    response.status_code = status
    return response


def http_error(error: HTTPException):
    status = error.code or 500
    data = getattr(error, "data", None) or {}
    errors = _webargs_errors(data.get("messages")) if isinstance(data, dict) else []
    message = _HTTP_MESSAGES.get(status, error.description or "请求失败")
    if status == 422 and errors:
        message = messages.VALIDATION_SUMMARY.format(n=len(errors))
    if status == 400 and data.get("messages") and not _is_json_error(data["messages"]):
        message = "请求参数有误"
    return envelope(_HTTP_CODES.get(status, "http_error"), status, message, errors)


def _is_json_error(msgs) -> bool:
    return "Invalid JSON body." in str(msgs)


def _webargs_errors(msgs) -> list[dict]:
    """webargs' ``{"json": {"field": ["..."]}}`` → ``[{"field", "message"}]`` in Chinese."""
    if not isinstance(msgs, dict):
        return []
    out = []
    for location, fields in msgs.items():
        if not isinstance(fields, dict):
            continue
        for name, problems in fields.items():
            for problem in problems if isinstance(problems, list) else [problems]:
                template = _FIELD_MESSAGES.get(str(problem), f"「{{field}}」{problem}")
                out.append({"field": name, "location": location, "message": template.format(field=name)})
    return out


def register_error_handlers(app: Flask, api: Api) -> None:
    @app.errorhandler(AppError)
    def _app_error(error: AppError):
        return envelope(error.code, error.status, error.message, error.errors)

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return envelope("csrf_failed", 400, messages.CSRF_FAILED)

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        return http_error(error)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        request_id = uuid.uuid4().hex[:12]
        log.exception("unhandled error, request %s", request_id)
        return envelope("internal_error", 500, messages.INTERNAL_ERROR.format(request_id=request_id))

    api.handle_http_exception = http_error  # flask-smorest's own handler, same envelope
