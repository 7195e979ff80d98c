"""Progress of a running import commit, readable while the commit's transaction is still open.

The commit is one transaction, so its progress cannot live in a table the poller reads. It is kept in
Redis when the app has one (the worker and the web process share it), else in this process's memory
(in-process execution: the same process runs the job and answers the poll).
"""
from __future__ import annotations

import contextlib
import json
import threading

from flask import current_app

_LOCAL: dict[int, dict] = {}
_LOCK = threading.Lock()
TTL_SECONDS = 3600


def report(batch_id: int, done: int, total: int) -> None:
    """Record that ``done`` of ``total`` rows are committed (percent rounds down, 100 only when done)."""
    value = {"done": done, "total": total, "percent": (100 * done // total) if total else 100}
    client = _redis()
    if client is not None:
        try:
            client.set(_key(batch_id), json.dumps(value), ex=TTL_SECONDS)
            return
        except Exception:  # noqa: BLE001 - progress is advisory; never fail the import for it
            pass
    with _LOCK:
        _LOCAL[batch_id] = value


def read(batch_id: int) -> dict | None:
    """``{"done", "total", "percent"}`` of a running commit, or None when unknown."""
    client = _redis()
    if client is not None:
        try:
            raw = client.get(_key(batch_id))
            if raw:
                return json.loads(raw)
        except Exception:  # noqa: BLE001
            pass
    with _LOCK:
        return _LOCAL.get(batch_id)


def clear(batch_id: int) -> None:
    client = _redis()
    if client is not None:
        with contextlib.suppress(Exception):        # advisory: the key expires anyway
            client.delete(_key(batch_id))
    with _LOCK:
        _LOCAL.pop(batch_id, None)


def _key(batch_id: int) -> str:
    return f"import:progress:{batch_id}"


def _redis():
    url = current_app.config.get("REDIS_URL")
    if not url:
        return None
    import redis
    return redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
