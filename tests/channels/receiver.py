"""A real local HTTP receiver for webhook tests: http.server in a thread, answering from a
script of statuses and recording every request it gets."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    """One request as the receiver saw it."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """Answers each request with the next status of ``script`` (the last one repeats)."""

    script: list[int]
    delays: list[float] = field(default_factory=list)
    requests: list[Received] = field(default_factory=list)
    url: str = ""

    def next_status(self) -> int:
        index = min(len(self.requests) - 1, len(self.script) - 1)
        return self.script[index]

    def accepted(self) -> list[Received]:
        """Requests answered with a 2xx."""
        return [
            r
            for i, r in enumerate(self.requests)
            if 200 <= self.script[min(i, len(self.script) - 1)] < 300
        ]


@contextmanager
def running_receiver(script: list[int], delays: list[float] | None = None) -> Iterator[Receiver]:
    """Serve on a free loopback port until the block ends; request i waits ``delays[i]``
    seconds (if given) before answering."""
    receiver = Receiver(script, delays or [])
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            with lock:
                receiver.requests.append(
                    Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body)
                )
                status = receiver.next_status()
                index = len(receiver.requests) - 1
                delay = receiver.delays[index] if index < len(receiver.delays) else 0.0
            time.sleep(delay)
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: object) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
