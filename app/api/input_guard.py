"""Input hygiene for every endpoint, before any view or query sees the request.

- Text may not carry NUL (``\\0``): PostgreSQL refuses it in text and JSONB, so it would fail deep in
  a query; it is refused up front with the field's path (query, path, form field, file name or
  JSON body, keys included).
- A JSON body the parser refuses (bad syntax, an integer of over 4300 digits, nesting past the
  recursion limit) is a 400 here, before a view's parser could fail on it less gracefully.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Flask, request

from app import messages
from app.errors import join_path, BadRequest, ValidationFailed

NUL = "\x00"


def init_input_guard(app: Flask) -> None:
    @app.before_request
    def _reject_bad_text():
        found = next(_nul_locations(), None)
        if found:
            location, field = found
            raise ValidationFailed(messages.NUL_IN_INPUT, errors=[
                {"field": field, "location": location, "message": messages.NUL_IN_FIELD.format(field=field)}])


def _nul_locations() -> Iterator[tuple[str, str]]:
    """``(location, field path)`` of every text of the request holding a NUL."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and NUL in value:
            yield "path", name
    for key, value in request.args.items(multi=True):
        if NUL in key or NUL in value:
            yield "query", _printable(key)
    if request.is_json:                             # application/json and */*+json, as webargs reads them
        yield from (("json", path) for path in _json_nul_paths(_json_body()))
    elif request.mimetype in ("multipart/form-data", "application/x-www-form-urlencoded"):
        for key, value in request.form.items(multi=True):
            if NUL in key or NUL in value:
                yield "form", _printable(key)
        for key, file in request.files.items(multi=True):
            if NUL in key or NUL in (file.filename or ""):
                yield "files", _printable(key)


def _json_body() -> Any:
    """The parsed body (None when empty). Any ``ValueError`` of the parser (bad syntax, an integer of
    over 4300 digits) is the 400 of a malformed body; so is nesting past the recursion limit."""
    if not request.get_data(cache=True).strip():
        return None                                 # no body: the view's parser reports what is missing
    try:
        return request.get_json()
    except RecursionError as exc:
        raise BadRequest(messages.JSON_TOO_DEEP) from exc


def _json_nul_paths(document: Any) -> Iterator[str]:
    """Paths (``data.title``, ``rows[2].note``) of the strings or keys holding a NUL; iterative, so a
    deep document cannot exhaust the stack."""
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if NUL in value:
                yield path or messages.WHOLE_BODY
        elif isinstance(value, dict):
            for key, sub in value.items():
                child = join_path(path, _printable(str(key)))
                if NUL in str(key):
                    yield child
                stack.append((child, sub))
        elif isinstance(value, list):
            stack.extend((join_path(path, i), sub) for i, sub in enumerate(value))


def _printable(text: str) -> str:
    return text.replace(NUL, "\\0")
