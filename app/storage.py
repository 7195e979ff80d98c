"""Content-addressed file storage for attachments (catalog §0.4).

A file's bytes live at ``<root>/<sha[:2]>/<sha>``, where ``sha`` is the sha256 of the content. The
user's file name never reaches a path: it is only a column of the ``attachment`` row. Uploads are
spooled to a temporary file under ``<root>/.tmp`` (same file system as the store) while they are
hashed and measured, and only a file that passed every check is moved into place with an atomic
``os.replace``. Equal content is stored once; a blob is never deleted by a soft delete of one row.
"""
from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from flask import current_app

CHUNK = 64 * 1024
HEAD_BYTES = 8192               # what magic-byte detection reads (the filetype library uses 8 KiB too)
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class SpooledUpload:
    """An upload written to a temporary file: not part of the store until ``FileStore.keep``."""

    path: Path
    sha256: str             # of the bytes read (all of them unless ``is_over_limit``)
    size: int               # bytes read; limit + 1 when ``is_over_limit``
    is_over_limit: bool     # the stream had more than ``limit`` bytes; reading stopped there

    def head(self, n: int = HEAD_BYTES) -> bytes:
        """The first ``n`` bytes (for magic-byte checks)."""
        with self.path.open("rb") as handle:
            return handle.read(n)


class FileStore:
    """The attachment folder: ``spool`` an upload, ``keep`` it, ``path_for`` a stored sha256."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        """Where the blob ``sha256`` lives. Raises ValueError for anything but 64 lowercase hex digits."""
        if not _SHA256.match(sha256 or ""):
            raise ValueError("not a sha256 hex digest")
        return self.root / sha256[:2] / sha256

    @contextmanager
    def spool(self, stream: BinaryIO, *, limit: int) -> Iterator[SpooledUpload]:
        """Copy ``stream`` to a temporary file, hashing it, reading at most ``limit + 1`` bytes.

        The temporary file is removed when the block ends, whether or not it was kept.
        """
        tmp_dir = self.root / ".tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="upload-")
        path = Path(name)
        try:
            digest, size = hashlib.sha256(), 0
            with os.fdopen(fd, "wb") as out:
                while size <= limit:
                    chunk = stream.read(min(CHUNK, limit + 1 - size))
                    if not chunk:
                        break
                    size += len(chunk)
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            yield SpooledUpload(path, digest.hexdigest(), size, size > limit)
        finally:
            path.unlink(missing_ok=True)

    def keep(self, upload: SpooledUpload) -> Path:
        """Move a spooled upload into the store (atomic rename); equal content is stored once."""
        if upload.is_over_limit:
            raise ValueError("an upload over its limit is never stored")
        target = self.path_for(upload.sha256)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.is_file():
            os.replace(upload.path, target)
        return target

    def remove_stale_spools(self, *, older_than: timedelta, now: datetime) -> int:
        """Remove temporary upload files older than ``older_than`` (left by a killed request).

        Returns the number of files removed; a file removed meanwhile by its request is skipped.
        """
        cutoff = (now - older_than).timestamp()
        removed = 0
        for path in (self.root / ".tmp").glob("upload-*"):
            try:
                if path.stat().st_mtime < cutoff:
                    path.unlink()
                    removed += 1
            except FileNotFoundError:
                continue
        return removed


def attachment_store() -> FileStore:
    """The store under the app's ``ATTACHMENT_DIR``."""
    return FileStore(current_app.config["ATTACHMENT_DIR"])
