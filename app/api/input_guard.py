"""Input hygiene for every endpoint, before any view or query sees the request.

- Text may not carry NUL (``\\0``): PostgreSQL refuses it in text and JSONB, so it would fail deep in
  a query; it is refused up front with the field's path (query, path, form field, file name or
  JSON body, keys included).
- A JSON body may not carry lone surrogates (``"\\udfff"``: not Unicode, PostgreSQL and every encoder
  refuse them) in values or keys, nor ``NaN``/``Infinity`` (or a number so large it parses as infinity):
  422 with the field path (issue 8, finding 5).
- A JSON body the parser refuses (bad syntax, an integer of over 4300 digits, nesting past the
  recursion limit) is a 400 here, before a view's parser could fail on it less gracefully.
"""
from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from flask import Flask, request

from app import messages
from app.errors import join_path, BadRequest, ValidationFailed

NUL = "\x00"
MAX_REPORTED = 50
# kind → (summary, per-field message)
PROBLEMS = {"nul": (messages.NUL_IN_INPUT, messages.NUL_IN_FIELD),
            "surrogate": (messages.SURROGATE_IN_INPUT, messages.SURROGATE_IN_FIELD),
            "non_finite": (messages.NON_FINITE_IN_INPUT, messages.NON_FINITE_IN_FIELD)}


def init_input_guard(app: Flask) -> None:
    @app.before_request
    def _reject_bad_text():
        found, kinds = [], []
        for location, field, kind in _bad_locations():
            found.append({"field": field, "location": location, "message": PROBLEMS[kind][1].format(field=field)})
            kinds.append(kind)
            if len(found) >= MAX_REPORTED:
                break
        if found:
            raise ValidationFailed(PROBLEMS[kinds[0]][0], errors=found)


def _bad_locations() -> Iterator[tuple[str, str, str]]:
    """``(location, field path, kind)`` of every NUL in any text of the request, and of every lone
    surrogate or non-finite number in the JSON body."""
    yield from ((location, field, "nul") for location, field in _nul_locations(json=False))
    if request.is_json:                             # application/json and */*+json, as webargs reads them
        yield from (("json", path, kind) for path, kind in _json_bad_paths(_json_body()))


def _nul_locations(*, json: bool = True) -> Iterator[tuple[str, str]]:
    """``(location, field path)`` of every text of the request holding a NUL (the JSON body only
    when ``json``)."""
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and NUL in value:
            yield "path", name
    for key, value in request.args.items(multi=True):
        if NUL in key or NUL in value:
            yield "query", _printable(key)
    if request.is_json:                             # application/json and */*+json, as webargs reads them
        if json:
            yield from (("json", path) for path, kind in _json_bad_paths(_json_body()) if kind == "nul")
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


def _json_bad_paths(document: Any) -> Iterator[tuple[str, str]]:
    """``(path, kind)`` (``data.title``, ``rows[2].note``) of the strings or keys holding a NUL or a lone
    surrogate, and of the non-finite numbers; iterative, so a deep document cannot exhaust the stack."""
    stack: list[tuple[str, Any]] = [("", document)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield from ((path or messages.WHOLE_BODY, kind) for kind in _text_problems(value))
        elif isinstance(value, float):
            if not math.isfinite(value):
                yield path or messages.WHOLE_BODY, "non_finite"
        elif isinstance(value, dict):
            for key, sub in value.items():
                child = join_path(path, _printable(str(key)))
                yield from ((child, kind) for kind in _text_problems(str(key)))
                stack.append((child, sub))
        elif isinstance(value, list):
            stack.extend((join_path(path, i), sub) for i, sub in enumerate(value))


def _text_problems(text: str) -> list[str]:
    problems = ["nul"] if NUL in text else []
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        problems.append("surrogate")
    return problems


def _printable(text: str) -> str:
    """``text`` fit for a message: NUL as ``\\0``, a lone surrogate as ``\\udfff``."""
    return text.replace(NUL, "\\0").encode("utf-8", "backslashreplace").decode("utf-8")
