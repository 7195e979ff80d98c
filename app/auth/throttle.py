"""Login throttling: failed attempts counted per account and per client address (issue 8, finding 2).

Each key has tiers of limits (``LOGIN_LIMITS_PER_ACCOUNT``, ``LOGIN_LIMITS_PER_ADDRESS``, in the
``limits`` notation ``"10/15 minutes;20/hour;40/day"``): once any tier is used up, further attempts are
refused until that tier's window moves on, so repeated bursts meet longer and longer waits (back-off).
Only failures count; a successful login clears the account's counters. The account key is the
normalised account text whether or not it exists, so throttling does not reveal which accounts exist.

Counters live in Redis when ``REDIS_URL`` is set (shared by every web process), in memory otherwise (the
embedded default). A Redis that fails or hangs (0.5 s timeouts) falls back to memory rather than
blocking or failing logins.
"""
from __future__ import annotations

from typing import cast

import logging
import math
import time

from limits import RateLimitItem, parse_many
from limits.storage import Storage, storage_from_string
from limits.strategies import MovingWindowRateLimiter

log = logging.getLogger(__name__)
REDIS_TIMEOUT = 0.5


class LoginThrottle:
    """Failure counters for logins; one per app (``app.extensions["login_throttle"]``)."""

    def __init__(self, redis_url: str | None, per_account: str, per_address: str) -> None:
        self._memory = storage_from_string("memory://")
        self._shared: Storage | None = None
        if redis_url:
            self._shared = cast(Storage, storage_from_string(redis_url, socket_timeout=REDIS_TIMEOUT,
                                                             socket_connect_timeout=REDIS_TIMEOUT))
        self.per_account: list[RateLimitItem] = parse_many(per_account)
        self.per_address: list[RateLimitItem] = parse_many(per_address)

    def wait_minutes(self, account: str, address: str | None) -> int | None:
        """Minutes until a login for ``account`` from ``address`` is accepted again; None when it is now."""
        wait = 0.0
        for limiter, items, key in self._keys(account, address):
            for item in items:
                if not limiter.test(item, *key):
                    wait = max(wait, limiter.get_window_stats(item, *key).reset_time - time.time())
        return max(1, math.ceil(wait / 60)) if wait > 0 else None

    def failed(self, account: str, address: str | None) -> None:
        """Count one failed attempt against the account and the address."""
        for limiter, items, key in self._keys(account, address):
            for item in items:
                limiter.hit(item, *key)

    def succeeded(self, account: str) -> None:
        """A correct password: the account's failures are forgotten (the address's are not)."""
        for limiter, items, key in self._keys(account, None):
            for item in items:
                limiter.clear(item, *key)

    def reset(self) -> None:
        """Forget every counter (tests)."""
        self._memory.reset()
        if self._shared is not None:
            try:
                self._shared.reset()
            except Exception:  # noqa: BLE001
                log.warning("could not reset the shared login counters", exc_info=True)

    def _keys(self, account: str, address: str | None):
        limiter = self._limiter()
        keys = [(limiter, self.per_account, ("login-account", account.strip().casefold()[:64]))]
        if address:
            keys.append((limiter, self.per_address, ("login-address", address)))
        return keys

    def _limiter(self) -> MovingWindowRateLimiter:
        if self._shared is not None:
            try:
                if self._shared.check():
                    return MovingWindowRateLimiter(self._shared)
            except Exception:  # noqa: BLE001 - counted in memory meanwhile
                pass
            log.warning("login throttle: Redis unavailable, counting in memory")
        return MovingWindowRateLimiter(self._memory)
