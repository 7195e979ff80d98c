"""The principal of a bearer token or a cookie session, kept for a short time per process (issue 15).

Every request needs its principal (the account, its unit and its grants): one four-join query that
costs more than the rest of a light request. A process keeps each principal it loaded for
``PRINCIPAL_CACHE_SECONDS`` (default 2 s; 0 turns the cache off), keyed by what identified the caller
(the token's sha256, or the user id of a cookie session).

Invalidation: a transaction of this process that writes an account, a role grant, a token or a unit
empties the cache when it ends (``process_cache``), so a 停用, a role change, a logout or a password
change takes effect on this process's next request; other processes see it within the cache's
lifetime at most.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable

from app.auth.principal import Principal
from app.services.process_cache import TimedCache

IDENTITY_TABLES = frozenset({"user_account", "role_grant", "api_token", "unit"})
"""The tables a principal is read from (``app.auth.principal._principal_statements``)."""

_principals: TimedCache[Principal] = TimedCache(IDENTITY_TABLES, 0)


def principal(key: Hashable, load: Callable[[], Principal | None], ttl: float) -> Principal | None:
    """The principal cached under ``key`` if it is younger than ``ttl`` seconds, else ``load()`` (and kept
    when it is not None: an unknown token or an inactive account is asked again next time)."""
    return _principals.get(key, load, ttl)
