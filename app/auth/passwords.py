"""Password hashing with argon2 (argon2-cffi), with a bound on concurrent hashing.

Every verification costs the profile's memory (``default``: RFC 9106 low-memory, 64 MiB) for its
duration. ``verify_password`` and ``verify_dummy`` hold a slot of a bounded semaphore
(``PASSWORD_HASH_CONCURRENCY``, default 4), so anonymous login attempts can never have more than
that many hashes in memory at once: 4 × 64 MiB = 256 MiB on top of the process (issue 8, finding 2).
A caller that waits longer than ``PASSWORD_HASH_WAIT_SECONDS`` for a slot gets ``HashingBusy``.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST, RFC_9106_LOW_MEMORY

_HASHERS = {"default": PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY),
            "fast": PasswordHasher.from_parameters(CHEAPEST)}
PROFILE_MEMORY_KIB = {"default": RFC_9106_LOW_MEMORY.memory_cost, "fast": CHEAPEST.memory_cost}
_profile = "default"
_slots = threading.BoundedSemaphore(4)
_concurrency = 4
_wait_seconds = 10.0
_dummy_hashes: dict[str, str] = {}
_lock = threading.Lock()
_active = 0
peak_active = 0          # the most hashes ever in progress at once (read by the memory-bound test)


class HashingBusy(RuntimeError):
    """No hashing slot became free in time (the server is saturated with logins)."""


def configure(profile: str, *, concurrency: int = 4, wait_seconds: float = 10.0) -> None:
    """Choose the argon2 parameters (``fast`` only for tests and demo seeding) and the hashing bound."""
    global _profile, _slots, _concurrency, _wait_seconds
    _profile = profile if profile in _HASHERS else "default"
    if concurrency != _concurrency:
        _slots, _concurrency = threading.BoundedSemaphore(max(1, concurrency)), max(1, concurrency)
    _wait_seconds = wait_seconds


def hashing_bound() -> tuple[int, int]:
    """``(slots, KiB per hash)`` of the current configuration: the memory bound is their product."""
    return _concurrency, PROFILE_MEMORY_KIB[_profile]


def hash_password(password: str) -> str:
    with _slot():
        return _HASHERS[_profile].hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash.

    Raises:
        HashingBusy: every hashing slot stayed taken for ``wait_seconds``.
    """
    with _slot():
        try:
            return _HASHERS["default"].verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


def verify_dummy(password: str) -> None:
    """The same work as verifying a real account's password, for an unknown account (login timing
    must not tell which accounts exist): a verification against a hash of the current profile."""
    verify_password(_dummy_hash(), password)


def _dummy_hash() -> str:
    dummy = _dummy_hashes.get(_profile)
    if dummy is None:
        dummy = _dummy_hashes[_profile] = _HASHERS[_profile].hash("dummy password, matches nothing real")
    return dummy


@contextmanager
def _slot():
    global _active, peak_active
    if not _slots.acquire(timeout=_wait_seconds):
        raise HashingBusy("password hashing is saturated")
    with _lock:
        _active += 1
        peak_active = max(peak_active, _active)
    try:
        yield
    finally:
        with _lock:
            _active -= 1
        _slots.release()


def reset_peak() -> None:
    """Forget the recorded peak (tests)."""
    global peak_active
    with _lock:
        peak_active = _active
