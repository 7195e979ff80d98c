"""``make run``'s first step: a taken port is reported before any set-up (scripts/port_free.py)."""
import socket
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "port_free.py"


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=30)


def test_a_free_port_passes_silently():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = _run("127.0.0.1", str(port))
    assert result.returncode == 0 and result.stderr == ""


def test_a_taken_port_is_reported_with_a_way_out():
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        port = listener.getsockname()[1]
        result = _run("127.0.0.1", str(port))
    assert result.returncode == 1
    assert f"port {port} on 127.0.0.1 is already in use" in result.stderr
    assert f"make run PORT={port + 1}" in result.stderr


def test_a_bad_port_or_host_is_refused():
    assert _run("127.0.0.1", "http").returncode == 2
    assert _run("127.0.0.1", "70000").returncode == 2
    result = _run("no-such-host.invalid", "5000")
    assert result.returncode == 1 and "HOST=no-such-host.invalid" in result.stderr
