"""Where the session-signing key comes from (issue 8: no fixed key anywhere).

- ``SECRET_KEY`` configured (environment or config class): used as is.
- Embedded mode (``EMBEDDED=1``, which ``make run`` sets): a random key is generated once into
  ``instance/secret_key`` (mode 0600) and reused on every later start, so sessions survive restarts of
  the demo without anyone choosing a key.
- Anything else refuses to start: a server that signs cookies with a guessable key lets anyone log in
  as anyone.
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

MISSING_KEY = ("SECRET_KEY is not configured: set SECRET_KEY to a long random value "
               "(python -c 'import secrets; print(secrets.token_hex(32))'), or start the embedded demo "
               "with EMBEDDED=1 (make run) to generate one into instance/secret_key")


class SecretKeyMissing(RuntimeError):
    """Raised by the factory when no key is configured outside embedded mode."""


def resolve_secret_key(configured: str | None, *, embedded: bool, key_file: Path) -> str:
    """The key to sign sessions and CSRF tokens with.

    Args:
        configured: ``SECRET_KEY`` from the configuration (None or "" when not set).
        embedded: ``EMBEDDED`` is on (``make run``): generate or reuse ``key_file``.
        key_file: the generated key's file, ``instance/secret_key``.

    Raises:
        SecretKeyMissing: no key configured and not embedded (the message says what to set).
    """
    if configured:
        return configured
    if not embedded:
        raise SecretKeyMissing(MISSING_KEY)
    return _generated_key(key_file)


def _generated_key(key_file: Path) -> str:
    """Read ``key_file``; create it (0600, exclusive, so two starts never race) when absent."""
    key_file.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = key_file.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise SecretKeyMissing(f"{key_file} holds no usable key; delete it to generate a new one") from None
        return key
    key = secrets.token_hex(32)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key
