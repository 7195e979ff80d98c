"""AppError | HTTPException | Exception → one JSON envelope (architecture.md §5)."""
from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, jsonify
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from app import messages
from app.errors import join_path, AppError

log = logging.getLogger(__name__)

_HTTP_MESSAGES = {
    400: messages.MALFORMED_JSON, 401: messages.LOGIN_REQUIRED, 403: messages.ROLE_REQUIRED,
    404: "请求的资源不存在", 405: "不支持该请求方法", 409: "请求与当前状态冲突", 413: "上传或提交的内容过大",
    415: "不支持的内容类型，请使用 application/json", 422: "提交的数据有误", 429: "请求过于频繁",
}
_HTTP_CODES = {400: "bad_request", 401: "unauthenticated", 403: "permission_denied", 404: "not_found",
               405: "method_not_allowed", 409: "conflict", 413: "payload_too_large", 415: "unsupported_media_type",
               422: "validation_failed", 429: "too_many_requests"}
# marshmallow/webargs messages → Chinese, "{field}" being the field's path; {0}, {1} the numbers in the message
_FIELD_MESSAGES = tuple((re.compile(pattern), template) for pattern, template in (
    (r"Unknown field\.", "未知字段「{field}」"),
    (r"Invalid input type\.", "「{field}」的类型不正确"),
    (r"Missing data for required field\.", "「{field}」为必填项"),
    (r"Field may not be null\.", "「{field}」不能为空"),
    (r"Not a valid integer\.", "「{field}」必须是整数"),
    (r"Not a valid number\.", "「{field}」必须是数字"),
    (r"Not a valid string\.", "「{field}」必须是文本"),
    (r"Not a valid boolean\.", "「{field}」必须是 true 或 false"),
    (r"Not a valid mapping type\.", "「{field}」必须是对象"),
    (r"Not a valid list\.", "「{field}」必须是列表"),
    (r"Not a valid date\.", "「{field}」必须是日期（YYYY-MM-DD）"),
    (r"Not a valid datetime\.", "「{field}」必须是日期时间"),
    (r"Longer than maximum length (\d+)\.", "「{field}」不能超过 {0} 个字符"),
    (r"Shorter than minimum length (\d+)\.", "「{field}」不能少于 {0} 个字符"),
    (r"Length must be between (\d+) and (\d+)\.", "「{field}」须为 {0} 到 {1} 个字符"),
    (r"Must be greater than or equal to (\S+) and less than or equal to (\S+)\.", "「{field}」必须在 {0} 到 {1} 之间"),
    (r"Must be greater than or equal to (\S+)\.", "「{field}」不能小于 {0}"),
    (r"Must be less than or equal to (\S+)\.", "「{field}」不能大于 {0}"),
    (r"Must be one of: (.*)\.", "「{field}」只能是 {0}"),
))


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
    if status == 400 and errors:
        message = "请求参数有误"        # a malformed JSON body never gets here: input_guard answers it
    response = envelope(_HTTP_CODES.get(status, "http_error"), status, message, errors)
    for name, value in error.get_headers():
        if name.lower() != "content-type":
            response.headers[name] = value      # e.g. Allow on a 405
    return response


def _webargs_errors(msgs) -> list[dict]:
    """webargs' ``{"json": {"rows": {0: ["..."]}}}`` → ``[{"field": "rows[0]", "location", "message"}]``,
    the message in Chinese when marshmallow's wording is known (else kept after the field's name)."""
    if not isinstance(msgs, dict):
        return []
    out = []
    for location, tree in msgs.items():
        for path, problem in _flatten("", tree):
            out.append({"field": path, "location": location, "message": field_message(path, problem)})
    return out


def field_message(path: str, problem: str) -> str:
    """One marshmallow message about ``path`` in Chinese (``"Longer than maximum length 64."`` →
    ``「q」不能超过 64 个字符``)."""
    for pattern, template in _FIELD_MESSAGES:
        match = pattern.fullmatch(problem)
        if match:
            return template.format(*match.groups(), field=path)
    return f"「{path}」{problem}"


def _flatten(prefix: str, tree):
    """Yield ``(path, message)`` from marshmallow's nested error dict (int keys are list indexes)."""
    if isinstance(tree, dict):
        for key, sub in tree.items():
            yield from _flatten(prefix if key == "_schema" else join_path(prefix, key), sub)
    elif isinstance(tree, (list, tuple)):
        for item in tree:
            yield from _flatten(prefix, item)
    else:
        yield prefix or messages.WHOLE_BODY, str(tree)


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
