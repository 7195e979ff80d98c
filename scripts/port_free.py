"""Exit 1 with a message when HOST:PORT is already taken (``make run``'s first step; stdlib only).

Usage: ``python3 scripts/port_free.py HOST PORT``.
"""
from __future__ import annotations

import socket
import sys


def port_problem(host: str, port: int) -> str | None:
    """None when a server could listen on ``host:port`` now, else why not (in the words make run prints)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        return f"HOST={host} is not an address of this machine ({exc.strerror})"
    family, _type, _proto, _name, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
            probe.listen(1)
        except OSError as exc:
            return f"port {port} on {host} is already in use ({exc.strerror}); choose another one: make run PORT={port + 1}"
    return None


def main(argv: list[str]) -> int:
    host, port = argv[1], argv[2]
    if not port.isdigit() or not 0 < int(port) < 65536:
        print(f"PORT={port} is not a port number (1–65535)", file=sys.stderr)
        return 2
    problem = port_problem(host, int(port))
    if problem:
        print(problem, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
