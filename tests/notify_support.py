"""A real SMTP server (aiosmtpd) on 127.0.0.1 and a real Celery worker process (with beat) for the
notification tests and bench/notify.py."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from email import message_from_bytes, policy
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class MailSink:
    """Collects what the SMTP server accepted; ``refuse`` makes it answer DATA with a 554."""

    def __init__(self) -> None:
        self.messages: list[dict[str, str]] = []
        self.refusals = 0
        self.refuse = False
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refuse:
            with self._lock:
                self.refusals += 1
            return "554 5.7.1 refused by the test server"
        parsed = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self._lock:
            for rcpt in envelope.rcpt_tos:
                self.messages.append({"to": rcpt, "key": str(parsed["X-Outbox-Key"]),
                                      "subject": str(parsed["Subject"])})
        return "250 OK"

    def keys(self) -> list[str]:
        with self._lock:
            return [m["key"] for m in self.messages]


class SmtpServer:
    """``with SmtpServer() as smtp:`` a local SMTP server; ``smtp.port``, ``smtp.sink``."""

    def __init__(self) -> None:
        from aiosmtpd.controller import Controller
        self.sink = MailSink()
        self.port = free_port()
        self.controller = Controller(self.sink, hostname="127.0.0.1", port=self.port)

    def __enter__(self) -> SmtpServer:
        self.controller.start()
        return self

    def __exit__(self, *exc) -> None:
        self.controller.stop()


class WorkerProcess:
    """``celery -A celery_worker worker -B`` in its own process group, on the given queue and database.

    ``stop()`` shuts it down warmly; ``kill()`` sends SIGKILL to the group (worker and beat).
    """

    def __init__(self, *, database_url: str, redis_url: str, queue: str, workdir: Path,
                 env: dict[str, str] | None = None, beat: bool = True, root: Path = ROOT) -> None:
        self.env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url, "CELERY_QUEUE": queue,
                    "SECRET_KEY": "worker-test-key-" + "x" * 32, "OUTBOX_RELAY_SECONDS": "0.5",
                    "DEADLINE_SWEEP_SECONDS": "3600", **(env or {})}
        self.args = [sys.executable, "-m", "celery", "-A", "celery_worker", "worker", "--pool=solo",
                     "--without-gossip", "--without-mingle", "--without-heartbeat", "-Q", queue,
                     "--loglevel=WARNING"]
        if beat:
            self.args += ["-B", "-s", str(workdir / f"beat-{time.monotonic_ns()}")]
        self.log = workdir / f"worker-{time.monotonic_ns()}.log"
        self.process: subprocess.Popen | None = None
        self.root = root            # the application the worker runs (bench/baseline.py: another revision)

    def start(self) -> WorkerProcess:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(self.args, cwd=self.root, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        return self

    def kill(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def __enter__(self) -> WorkerProcess:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


def wait_for(check: Callable[[], bool], timeout: float, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(interval)
    return check()
