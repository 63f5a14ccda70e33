"""Ports for servers a test starts on a port it names.

A port found by binding port 0 and letting it go can be taken by another test worker before the
server binds it. Each worker therefore takes ports from its own block, below the range the kernel
hands out for port 0 and outgoing connections (32768 and up here), and only ports nothing holds.
"""

from __future__ import annotations

import itertools
import os
import socket

FIRST = 20000
BLOCK = 1000  # ports per worker: far more than one worker's tests start


def _worker() -> int:
    name = os.environ.get("PYTEST_XDIST_WORKER", "gw0")  # gw0, gw1, ...
    return int(name.removeprefix("gw")) if name.removeprefix("gw").isdecimal() else 0


_NEXT = itertools.cycle(range(BLOCK))


def _bindable(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port() -> int:
    """A port on 127.0.0.1 that no other worker of this run will be given."""
    base = FIRST + _worker() * BLOCK
    for _ in range(BLOCK):
        port = base + next(_NEXT)
        if _bindable(port):
            return port
    raise RuntimeError(f"no free port in {base}..{base + BLOCK - 1}")
