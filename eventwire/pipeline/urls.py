"""Canonical URLs: one spelling for every variant of an article's address."""

from __future__ import annotations

from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

from eventwire.schemas.errors import DataError

_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_hsenc",
        "_hsmi",
        "mkt_tok",
        "ref",
        "ref_src",
        "cmpid",
        "ncid",
        "ocid",
        "spm",
        "s_cid",
        "icid",
        "soc_src",
        "soc_trk",
        "guccounter",
        "__twitter_impression",
    }
)
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_AMP_PARAMS = frozenset({"amp", "outputtype", "amp_js_v", "usqp"})
"""Query parameters that only ask for the AMP rendering (``?amp``, ``?outputType=amp``)."""
_MOBILE_HOSTS = ("m.", "mobile.", "amp.")
_AMP_SEGMENTS = frozenset({"amp", "amphtml"})
_DEFAULT_PORTS = {"http": 80, "https": 443}


def _is_tracking(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_PARAMS or lowered.startswith(_TRACKING_PREFIXES)


def _is_amp_param(name: str, value: str) -> bool:
    lowered = name.lower()
    if lowered == "outputtype":
        return value.lower() == "amp"
    return lowered in _AMP_PARAMS


def _desktop_host(host: str) -> str:
    """``m.example.com``, ``mobile.example.com`` and ``amp.example.com`` become
    ``example.com``, when a registrable name is left."""
    changed = True
    while changed:  # until none is left: "m.www.example.com" sheds both
        changed = False
        for prefix in (*_MOBILE_HOSTS, "www."):
            if host.startswith(prefix) and host.count(".") >= 2:
                host, changed = host[len(prefix) :], True
    return host


def _desktop_path(path: str) -> str:
    """Drop an ``amp`` path segment (``/amp/story``, ``/story/amp``) and the ``.amp`` of
    ``story.amp.html``."""
    segments = [segment for segment in path.split("/") if segment.lower() not in _AMP_SEGMENTS]
    changed = bool(segments)
    while changed:  # until none is left: "story.amp.amp.html" sheds both
        changed = False
        for suffix in (".amp.html", ".amp.htm", ".amp"):
            last = segments[-1]
            if last.lower().endswith(suffix) and len(last) > len(suffix):
                segments[-1], changed = last[: -len(suffix)] + suffix[4:], True
    return "/".join(segments)


def canonical_url(url: str) -> str:
    """Return the canonical form of an http(s) URL.

    Lower-case scheme and host, no default port, no fragment, no tracking parameters, the
    remaining query sorted, percent-encoding made uniform, and no trailing slash on a path.
    AMP and mobile variants become the desktop address: ``m.``/``mobile.``/``amp.`` hosts,
    ``/amp/`` path segments, ``.amp.html`` pages and ``?amp``/``?outputType=amp`` queries.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    host = _desktop_host(host)
    if ":" in host:
        host = f"[{host}]"  # an IPv6 literal keeps its brackets
    try:
        port = parts.port
    except ValueError as exc:
        raise DataError("normalise", "invalid_url", f"url has an invalid port: {exc}") from exc
    netloc = host if port is None or _DEFAULT_PORTS.get(scheme) == port else f"{host}:{port}"
    path = quote(unquote(parts.path), safe="/:@!$&'()*+,;=-._~")
    path = _desktop_path(path.rstrip("/")).rstrip("/") or "/"
    query = [
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _is_tracking(name) and not _is_amp_param(name, value)
    ]
    return urlunsplit((scheme, netloc, path, urlencode(sorted(query)), ""))
