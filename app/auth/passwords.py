"""Password hashing with argon2 (argon2-cffi)."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.profiles import CHEAPEST, RFC_9106_LOW_MEMORY

_HASHERS = {"default": PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY),
            "fast": PasswordHasher.from_parameters(CHEAPEST)}
_profile = "default"


def configure(profile: str) -> None:
    """Choose the argon2 parameters (``fast`` only for tests and demo seeding)."""
    global _profile
    _profile = profile if profile in _HASHERS else "default"


def hash_password(password: str) -> str:
    return _HASHERS[_profile].hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _HASHERS["default"].verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
