"""A private redis-server for a bench script: a free port, nothing on disk, removed afterwards.

from private_redis import private_redis  # bench/private_redis.py, beside the script
with private_redis() as client:
    ...
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import redis


def free_port() -> int:
    """A TCP port free on the loopback interface now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def private_redis(*options: str) -> Iterator[redis.Redis]:
    """Start a redis-server (no RDB snapshot, no AOF, extra ``options`` appended), yield a
    client once it answers, and stop it and remove its directory afterwards."""
    workdir = Path(tempfile.mkdtemp())
    port = free_port()
    server = subprocess.Popen(
        [
            shutil.which("redis-server") or "redis-server",
            *("--port", str(port), "--save", "", "--appendonly", "no", "--dir", str(workdir)),
            *options,
        ],
        stdout=subprocess.DEVNULL,
    )
    try:
        client = redis.Redis(port=port)
        for _ in range(50):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.1)
        else:
            raise RuntimeError(f"redis-server on port {port} did not answer in 5 s")
        yield client
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)
