"""A real HTTP server on a loopback port, for fetch and feed tests: routes map a path to a
function of the request headers that returns status, headers and body."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

Reply = tuple[int, dict[str, str], bytes]
Route = Callable[[dict[str, str]], Reply]


class LocalServer:
    """Serves ``routes`` on 127.0.0.1; ``requests`` records (path, headers) of each request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                headers = {name.lower(): value for name, value in self.headers.items()}
                server.requests.append((self.path, headers))
                route = server.routes.get(self.path)
                status, reply_headers, body = route(headers) if route else (404, {}, b"")
                self.send_response(status)
                for name, value in reply_headers.items():
                    self.send_header(name, value)
                if "Content-Length" not in reply_headers:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_server() -> Iterator[LocalServer]:
    """A running local HTTP server, shut down after the test."""
    server = LocalServer()
    try:
        yield server
    finally:
        server.close()
