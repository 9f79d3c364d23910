"""The SSRF guard and the fetcher: public addresses only, checked at every redirect, with
timeouts and a byte cap; a local server is reachable only when loopback is allowed."""

from __future__ import annotations

import ipaddress
import time

import pytest

from eventwire.producers.fetch import (
    FetchFailedError,
    FetchPolicy,
    FetchRefusedError,
    checked_address,
    fetch,
    refusal_reason,
)
from tests.producers.conftest import LocalServer

LOOPBACK = FetchPolicy(timeout_seconds=2, max_bytes=10_000, max_redirects=3, allow_loopback=True)


def _ok(body: bytes) -> tuple[int, dict[str, str], bytes]:
    return 200, {"Content-Type": "text/plain"}, body


class TestRefusalReason:
    """Only globally routable unicast addresses pass."""

    @pytest.mark.parametrize(
        "address",
        [
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "127.0.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",  # noqa: S104 - an address the guard must refuse, not a bind
            "224.0.0.1",
            "192.0.2.1",
            "::1",
            "fe80::1",
            "fd00:ec2::254",
            "::ffff:127.0.0.1",
            "::ffff:169.254.169.254",
            "2002:a00:1::",
            "::",
        ],
    )
    def test_refused(self, address: str) -> None:
        """Private, loopback, link-local (metadata), shared, multicast, documentation,
        unspecified and IPv4-in-IPv6 forms of them are refused."""
        assert refusal_reason(ipaddress.ip_address(address)) is not None

    @pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "2606:4700::1111"])
    def test_public_passes(self, address: str) -> None:
        """Public IPv4 and IPv6 addresses pass."""
        assert refusal_reason(ipaddress.ip_address(address)) is None

    @pytest.mark.parametrize("address", ["127.0.0.1", "::1", "::ffff:127.0.0.1"])
    def test_loopback_only_when_allowed(self, address: str) -> None:
        """allow_loopback lets loopback through, and nothing else."""
        assert refusal_reason(ipaddress.ip_address(address), allow_loopback=True) is None
        assert refusal_reason(ipaddress.ip_address("10.0.0.1"), allow_loopback=True)


class TestCheckedAddress:
    """Every address a name resolves to must pass."""

    def test_one_private_answer_refuses_the_name(self) -> None:
        """A name resolving to a public and a private address is refused."""
        with pytest.raises(FetchRefusedError, match=r"10\.0\.0\.5"):
            checked_address(
                "mixed.example", 80, FetchPolicy(), lambda _h, _p: ["93.184.216.34", "10.0.0.5"]
            )

    def test_public_name_connects_to_its_checked_address(self) -> None:
        """A public name gives the address the connection is made to."""
        address = checked_address("pub.example", 80, FetchPolicy(), lambda _h, _p: ["8.8.8.8"])
        assert address == "8.8.8.8"

    def test_localhost_is_refused_by_default(self) -> None:
        """'localhost', through the system resolver, is loopback and refused."""
        with pytest.raises(FetchRefusedError):
            fetch("http://localhost:1/", FetchPolicy())


class TestFetch:
    """GET through the guard against a real local server."""

    def test_loopback_refused_by_default(self, local_server: LocalServer) -> None:
        """With the default policy the local server is never contacted."""
        local_server.routes["/a"] = lambda _h: _ok(b"hello")
        with pytest.raises(FetchRefusedError, match="loopback"):
            fetch(local_server.url("/a"), FetchPolicy())
        assert local_server.requests == []

    def test_fetches_when_loopback_allowed(self, local_server: LocalServer) -> None:
        """With allow_loopback the body, status and headers come back."""
        local_server.routes["/a?x=1"] = lambda _h: _ok(b"hello")
        result = fetch(local_server.url("/a?x=1"), LOOPBACK, {"If-None-Match": '"v1"'})
        assert (result.status, result.body) == (200, b"hello")
        assert result.headers["content-type"] == "text/plain"
        assert local_server.requests[0][1]["if-none-match"] == '"v1"'
        assert local_server.requests[0][1]["host"] == f"127.0.0.1:{local_server.port}"

    def test_follows_redirects(self, local_server: LocalServer) -> None:
        """A relative redirect is followed and the final URL reported."""
        local_server.routes["/old"] = lambda _h: (301, {"Location": "/new"}, b"")
        local_server.routes["/new"] = lambda _h: _ok(b"moved")
        result = fetch(local_server.url("/old"), LOOPBACK)
        assert (result.body, result.url) == (b"moved", local_server.url("/new"))

    @pytest.mark.parametrize(
        "location",
        [
            "http://169.254.169.254/latest/meta-data/",
            "http://10.0.0.1/",
            "http://[::ffff:192.168.0.1]/",
            "file:///etc/passwd",
        ],
    )
    def test_redirect_to_a_refused_place(self, local_server: LocalServer, location: str) -> None:
        """A redirect to metadata, a private address or another scheme is refused."""
        local_server.routes["/r"] = lambda _h: (302, {"Location": location}, b"")
        with pytest.raises(FetchRefusedError):
            fetch(local_server.url("/r"), LOOPBACK)

    def test_redirect_loop_stops(self, local_server: LocalServer) -> None:
        """More redirects than allowed are refused."""
        local_server.routes["/loop"] = lambda _h: (302, {"Location": "/loop"}, b"")
        with pytest.raises(FetchRefusedError, match="redirects"):
            fetch(local_server.url("/loop"), LOOPBACK)
        assert len(local_server.requests) == LOOPBACK.max_redirects + 1

    def test_declared_oversize_body(self, local_server: LocalServer) -> None:
        """A Content-Length above max_bytes is refused before the body is read."""
        local_server.routes["/big"] = lambda _h: _ok(b"x" * 20_000)
        with pytest.raises(FetchRefusedError, match="over"):
            fetch(local_server.url("/big"), LOOPBACK)

    def test_undeclared_oversize_body(self, local_server: LocalServer) -> None:
        """A body with no Content-Length is cut off once it passes max_bytes."""
        local_server.routes["/stream"] = lambda _h: (
            200,
            {"Content-Length": "", "Connection": "close"},
            b"x" * 20_000,
        )
        with pytest.raises(FetchRefusedError, match="over"):
            fetch(local_server.url("/stream"), LOOPBACK)

    def test_read_timeout(self, local_server: LocalServer) -> None:
        """A server slower than the timeout fails the fetch."""

        def slow(_h: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
            time.sleep(1.5)
            return _ok(b"late")

        local_server.routes["/slow"] = slow
        policy = FetchPolicy(timeout_seconds=0.3, allow_loopback=True)
        with pytest.raises(FetchFailedError):
            fetch(local_server.url("/slow"), policy)

    @pytest.mark.parametrize("url", ["ftp://example.org/feed", "gopher://x/", "http:///nohost"])
    def test_other_schemes_and_no_host(self, url: str) -> None:
        """Only http(s) URLs with a host are fetched."""
        with pytest.raises(FetchRefusedError):
            fetch(url, LOOPBACK)
