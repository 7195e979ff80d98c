"""The production web server (``gunicorn -c gunicorn.conf.py``, what ``make serve`` runs) as a child
process, and a keep-alive HTTP client driving the seed-000 T04 lifecycle over it.

Used by bench/http_lifecycle.py, bench/scale_out.py and tests/concurrency/test_scale_out.py. A client may
talk to several servers: it then sends each request to the next server in turn, so one lifecycle's submit,
inbox reads and approvals land on different server processes.
"""
from __future__ import annotations

import atexit
import http.client
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from flows import DEPT, HR, HR_2, SEED000_T04, TEACHER_JSGZB, UNIT_ADMIN_JSGZB
from notify_support import free_port

ROOT = Path(__file__).resolve().parents[1]

# the seed-000 example: 赵志睿 submits a T04 record, 教师工作部 (曹阳), 教务部 (邓超) and 人力资源部 (潘婷) approve
TEACHER, REVIEWERS, T04 = TEACHER_JSGZB, (UNIT_ADMIN_JSGZB, DEPT["教务部"], HR), SEED000_T04
HR_SECOND = HR_2                # 蒋文, the other member of 人力资源部's group (the approval race)


class HttpError(RuntimeError):
    """A response other than 200/201: ``status`` and the decoded JSON ``body`` (or the raw text)."""

    def __init__(self, method: str, url: str, status: int, body: object) -> None:
        super().__init__(f"{method} {url} → {status}: {str(body)[:300]}")
        self.status, self.body = status, body


IDLE_SECONDS = 3.0
"""A connection idle this long is opened anew before its next request: the server closes an idle one
after ``GUNICORN_KEEPALIVE`` (5 s), and a request written into a connection the server is closing fails
(a browser retries it; a POST must not be retried blindly, so the client never lets it happen)."""


class Client:
    """Keep-alive HTTP/1.1 connections to one or more servers, requests sent to each in turn; records
    ``(kind, ms)`` of every request in ``timings`` and how many requests each port served in ``served``."""

    def __init__(self, ports: int | Sequence[int], tokens: dict[str, str]):
        self.ports = [ports] if isinstance(ports, int) else list(ports)
        self.connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for port in self.ports]
        self.last_used = [0.0] * len(self.ports)
        self.tokens = tokens
        self.timings: list[tuple[str, float]] = []
        self.served: Counter[int] = Counter()
        self._turn = 0

    def request(self, method: str, url: str, account: str, body: dict | None = None,
                server: int | None = None) -> tuple[int, object, float]:
        """One request on the next server (or on ``self.ports[server]``); ``(status, JSON body, ms)``."""
        if server is None:
            server, self._turn = self._turn, (self._turn + 1) % len(self.connections)
        headers = {"Authorization": f"Bearer {self.tokens[account]}", "Connection": "keep-alive"}
        payload = None
        if body is not None:
            payload = json.dumps(body)
            headers["Content-Type"] = "application/json"
        connection = self.connections[server]
        t0 = time.perf_counter()
        if t0 - self.last_used[server] > IDLE_SECONDS:
            connection.close()              # the next request connects again
        connection.request(method, url, body=payload, headers=headers)
        response = connection.getresponse()
        data = response.read()
        self.last_used[server] = time.perf_counter()
        elapsed = (self.last_used[server] - t0) * 1000
        self.served[self.ports[server]] += 1
        try:
            decoded: object = json.loads(data) if data else None
        except ValueError:
            decoded = data[:300].decode(errors="replace")
        return response.status, decoded, elapsed

    def call(self, kind: str, method: str, url: str, account: str, body: dict | None = None,
             server: int | None = None) -> dict:
        """``request``, timed under ``kind``; raises ``HttpError`` unless the answer is 200 or 201."""
        status, decoded, elapsed = self.request(method, url, account, body, server)
        self.timings.append((kind, elapsed))
        if status not in (200, 201):
            raise HttpError(method, url, status, decoded)
        assert isinstance(decoded, dict)
        return decoded

    def submit(self) -> dict:
        return self.call("submit", "POST", "/api/v1/records", TEACHER, {"record_type": "T04", "data": T04, "submit": True})

    def open_task(self, record_id: int, reviewer: str) -> int:
        """The id of ``record_id``'s task in ``reviewer``'s inbox (one inbox request)."""
        inbox = self.call("inbox", "GET", "/api/v1/tasks?record_type=T04&page_size=50", reviewer)
        return next(t["id"] for t in inbox["items"] if t["record"]["id"] == record_id)

    def approve(self, task_id: int, reviewer: str) -> dict:
        return self.call("approve", "POST", f"/api/v1/tasks/{task_id}/complete", reviewer, {"action": "approve"})

    def lifecycle(self) -> int:
        """Submit, then each reviewer reads the inbox and approves (7 requests); the record's id."""
        record = self.submit()
        for reviewer in REVIEWERS:
            self.approve(self.open_task(record["id"], reviewer), reviewer)
        return int(record["id"])

    def close(self) -> None:
        for connection in self.connections:
            connection.close()


@dataclass
class Run:
    """What ``drive`` measured: wall seconds of the timed part, every ``(kind, ms)``, the records whose
    lifecycle finished, the errors (one per failed lifecycle; a client stops at its first) and how many
    requests each server port answered."""

    elapsed: float
    timings: list[tuple[str, float]]
    record_ids: list[int]
    errors: list[BaseException]
    served: Counter[int] = field(default_factory=Counter)


def drive(ports: int | Sequence[int], tokens: dict[str, str], clients: int, n: int, *, warm_up: int = 3) -> Run:
    """``n`` lifecycles in all, shared out between ``clients`` threads, each on its own keep-alive
    connections to the servers of ``ports`` (requests sent to each in turn), after ``warm_up`` untimed
    lifecycles per client (connections, the caches of every server process)."""
    workers = [Client(ports, tokens) for _ in range(clients)]
    record_ids: list[int] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    warmed = threading.Barrier(clients + 1)
    start = threading.Event()

    def lifecycles(client: Client, count: int) -> bool:
        try:
            for _ in range(count):
                record_id = client.lifecycle()
                with lock:
                    record_ids.append(record_id)
            return True
        except BaseException as error:  # noqa: BLE001 - reported after the run
            with lock:
                errors.append(error)
            return False

    def run(client: Client, count: int) -> None:
        ok = lifecycles(client, warm_up)
        client.timings.clear()
        warmed.wait()
        start.wait()
        if ok:
            lifecycles(client, count)

    threads = [threading.Thread(target=run, args=(c, n // clients + (i < n % clients))) for i, c in enumerate(workers)]
    for thread in threads:
        thread.start()
    warmed.wait()
    t0 = time.perf_counter()
    start.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - t0
    served: Counter[int] = Counter()
    for client in workers:
        client.close()
        served.update(client.served)
    return Run(elapsed, [timing for client in workers for timing in client.timings], record_ids, errors, served)


def issue_tokens(app, accounts: Sequence[str], *, sign: Sequence[str] = (), signature: str = "") -> dict[str, str]:
    """A bearer token per demo account (logged in through the API of ``app``), and ``signature`` (a PNG
    data URL, as the signature pad sends it) stored as the e-signature of each account in ``sign``
    (single reviews need one, catalog §5.2)."""
    client = app.test_client()
    tokens = {}
    for account in accounts:
        response = client.post("/api/v1/auth/tokens", json={"account": account, "password": "demo-password"})
        assert response.status_code in (200, 201), response.get_json()
        tokens[account] = response.get_json()["token"]
    for account in sign:
        response = client.put("/api/v1/me/signature", json={"image": signature},
                              headers={"Authorization": f"Bearer {tokens[account]}"})
        assert response.status_code in (200, 201), response.get_json()
    return tokens


class ServerProcess:
    """``gunicorn -c gunicorn.conf.py`` on a free port of 127.0.0.1, in its own process group; its output
    goes to a log file (``output()``) in ``workdir``, else a temporary file removed by ``__exit__``.
    ``start()`` returns at once, ``wait_ready()`` waits for /healthz; ``stop()`` (also run at exit) ends
    the master and its workers."""

    def __init__(self, env: dict[str, str], *, workers: int = 1, threads: int = 4, root: Path = ROOT,
                 workdir: Path | None = None) -> None:
        self.port = free_port()
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": str(workers),
                    "GUNICORN_THREADS": str(threads), "GUNICORN_ACCESS_LOG": ""}
        self.root = root
        self.log = (workdir / f"gunicorn-{self.port}.log" if workdir is not None
                    else Path(tempfile.mkstemp(prefix=f"gunicorn-{self.port}-", suffix=".log")[1]))
        self.process: subprocess.Popen | None = None

    def start(self) -> ServerProcess:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
                                            cwd=self.root, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                            start_new_session=True)
        atexit.register(self.stop)
        return self

    def wait_ready(self, timeout: float = 60) -> ServerProcess:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                break
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    return self
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn on port {self.port} did not answer: {self.output()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]

    def __enter__(self) -> ServerProcess:
        return self.start().wait_ready()

    def __exit__(self, *exc) -> None:
        self.stop()
        self.log.unlink(missing_ok=True)
