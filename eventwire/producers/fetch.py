"""Fetching a URL someone else chose, safely: public http(s) addresses only (an SSRF guard),
checked again at every redirect, with timeouts and a cap on the bytes read.

The host is resolved once, every address it resolves to must be public, and the connection is
made to the checked address itself (the Host header and TLS server name carry the host name),
so a DNS answer that changes between the check and the connection cannot send the request
somewhere private.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3

from eventwire.schemas.errors import EventwireError
from eventwire.settings import Settings

REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK_BYTES = 65_536

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]


class FetchRefusedError(EventwireError):
    """The URL (or a redirect) points somewhere the guard does not allow, or the response
    breaks a limit; nothing further was read."""


class FetchFailedError(EventwireError):
    """The fetch did not complete (connection refused, timeout, TLS failure)."""


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """What a fetch may do."""

    timeout_seconds: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    allow_loopback: bool = False
    """Only for tests against a server on this machine; never in production."""

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchPolicy:
        return cls(
            timeout_seconds=settings.fetch_timeout_seconds,
            max_bytes=settings.fetch_max_bytes,
            max_redirects=settings.fetch_max_redirects,
            allow_loopback=settings.fetch_allow_loopback,
        )


@dataclass(frozen=True, slots=True)
class FetchResult:
    """A completed fetch: the final URL after redirects, status, headers (lower-case names) and
    the body (empty for 304)."""

    url: str
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""


def refusal_reason(address: IPAddress, allow_loopback: bool = False) -> str | None:
    """Why the guard refuses ``address``, or None when it is a public unicast address.

    Everything that is not globally routable is refused: private (10/8, 172.16/12,
    192.168/16, fc00::/7), loopback, link-local (169.254/16 with the cloud metadata service
    169.254.169.254, fe80::/10), shared (100.64/10), multicast, reserved, unspecified and
    documentation ranges. IPv4 addresses inside IPv6 (mapped, 6to4, Teredo) are judged as IPv4.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address.teredo is not None:
            embedded = address.teredo[1]
        if embedded is not None:
            return refusal_reason(embedded, allow_loopback)
    if address.is_loopback:
        return None if allow_loopback else "loopback address"
    checks = (
        (address.is_link_local, "link-local address (cloud metadata lives here)"),
        (address.is_multicast, "multicast address"),
        (address.is_unspecified, "unspecified address"),
        (not address.is_global, "private or reserved address"),
    )
    return next((reason for refused, reason in checks if refused), None)


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, as the system resolver answers."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def checked_address(host: str, port: int, policy: FetchPolicy, resolver: Resolver) -> str:
    """The address to connect to for ``host``: every address it resolves to must pass the
    guard (one private answer among public ones is refused, against DNS tricks)."""
    try:
        literal = ipaddress.ip_address(host)
        addresses: list[str] = [str(literal)]
    except ValueError:
        try:
            addresses = resolver(host, port)
        except OSError as exc:
            raise FetchFailedError(f"cannot resolve {host}: {exc}") from exc
    if not addresses:
        raise FetchFailedError(f"{host} resolves to no address")
    for text in addresses:
        reason = refusal_reason(ipaddress.ip_address(text.split("%")[0]), policy.allow_loopback)
        if reason is not None:
            raise FetchRefusedError(f"{host} resolves to {text}: {reason}")
    return addresses[0]


def fetch(
    url: str,
    policy: FetchPolicy,
    headers: Mapping[str, str] | None = None,
    resolver: Resolver = system_resolver,
) -> FetchResult:
    """GET ``url`` under ``policy``, following redirects itself so that each hop is checked."""
    current = url
    for _hop in range(policy.max_redirects + 1):
        result = _fetch_once(current, policy, headers or {}, resolver)
        if result.status not in REDIRECTS:
            return result
        location = result.headers.get("location")
        if not location:
            return result
        current = urljoin(current, location)
    raise FetchRefusedError(f"more than {policy.max_redirects} redirects from {url}")


def _host_header(host: str, port: int, default_port: int) -> str:
    name = f"[{host}]" if ":" in host else host
    return name if port == default_port else f"{name}:{port}"


def _fetch_once(
    url: str, policy: FetchPolicy, headers: Mapping[str, str], resolver: Resolver
) -> FetchResult:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefusedError(f"only http and https URLs are fetched, not {parts.scheme!r}")
    host = parts.hostname
    if not host:
        raise FetchRefusedError(f"no host in {url!r}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchRefusedError(f"bad port in {url!r}") from exc
    address = checked_address(host, port, policy, resolver)
    timeout = urllib3.Timeout(connect=policy.timeout_seconds, read=policy.timeout_seconds)
    pool: urllib3.HTTPConnectionPool
    if parts.scheme == "https":
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            timeout=timeout,
            retries=False,
            server_hostname=host,
            assert_hostname=host,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    host_header = _host_header(host, port, 443 if parts.scheme == "https" else 80)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        response = pool.urlopen(
            "GET",
            target,
            headers={"Host": host_header, "User-Agent": "eventwire-feeds/1", **headers},
            redirect=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.HTTPError as exc:
        raise FetchFailedError(f"GET {url}: {exc}") from exc
    try:
        names = {name.lower(): value for name, value in response.headers.items()}
        declared = names.get("content-length", "")
        if declared.isdigit() and int(declared) > policy.max_bytes:
            raise FetchRefusedError(f"{url}: body of {declared} bytes over {policy.max_bytes}")
        body = bytearray()
        if response.status not in REDIRECTS and response.status != 304:
            try:
                for chunk in response.stream(CHUNK_BYTES):
                    body.extend(chunk)
                    if len(body) > policy.max_bytes:
                        raise FetchRefusedError(f"{url}: body over {policy.max_bytes} bytes")
            except urllib3.exceptions.HTTPError as exc:
                raise FetchFailedError(f"GET {url}: {exc}") from exc
        return FetchResult(url=url, status=response.status, headers=names, body=bytes(body))
    finally:
        response.release_conn()
        pool.close()
