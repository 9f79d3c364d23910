"""canonical_url: one spelling for every variant of an article's address."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.pipeline.urls import canonical_url

CASES = [
    # (given, canonical)
    (
        "https://news.example.org/2017/01/17/syria?utm_source=rss&utm_medium=feed",
        "https://news.example.org/2017/01/17/syria",
    ),
    ("https://example.com/a?fbclid=abc123", "https://example.com/a"),
    ("https://example.com/a?gclid=x&id=7", "https://example.com/a?id=7"),
    ("https://example.com/a?UTM_Campaign=x", "https://example.com/a"),
    ("https://example.com/a#comments", "https://example.com/a"),
    ("https://example.com:443/a", "https://example.com/a"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    ("https://example.com:80/a", "https://example.com:80/a"),
    ("https://www.example.com/a", "https://example.com/a"),
    ("https://example.com/a/", "https://example.com/a"),
    ("https://example.com", "https://example.com/"),
    ("https://example.com/", "https://example.com/"),
    ("HTTPS://News.Example.ORG/Path", "https://news.example.org/Path"),
    ("https://example.com./a", "https://example.com/a"),
    ("https://example.com/a?b=2&a=1&c=", "https://example.com/a?a=1&b=2&c="),
    ("https://example.com/a%7eb", "https://example.com/a~b"),
    ("  https://example.com/a  ", "https://example.com/a"),
]
VARIANTS = [
    "https://www.mirror.example.com/world/astana-talks/?fbclid=abc123#comments",
    "HTTPS://mirror.example.com:443/world/astana-talks?utm_source=x",
    "https://mirror.example.com/world/astana-talks",
]

hosts = st.from_regex(r"\A(www\.)?[a-z0-9]{1,10}\.(com|org|co\.uk)\Z").map(
    lambda host: "".join(ch.upper() if i % 3 == 0 else ch for i, ch in enumerate(host))
)
paths = st.lists(st.from_regex(r"\A[A-Za-z0-9._~-]{1,8}\Z"), max_size=4).map(
    lambda segments: "/" + "/".join(segments)
)
params = st.lists(
    st.tuples(
        st.sampled_from(["id", "page", "q", "utm_source", "utm_medium", "fbclid", "gclid", "ref"]),
        st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), max_size=6),
    ),
    max_size=4,
)
urls = st.builds(
    lambda scheme, host, port, path, slash, query, fragment: (
        f"{scheme}://{host}{port}{path}{slash}"
        + ("?" + "&".join(f"{name}={value}" for name, value in query) if query else "")
        + fragment
    ),
    st.sampled_from(["http", "https", "HTTPS"]),
    hosts,
    st.sampled_from(["", ":80", ":443", ":8080"]),
    paths,
    st.sampled_from(["", "/"]),
    params,
    st.sampled_from(["", "#top", "#"]),
)


class TestCanonicalUrl:
    """canonical_url removes tracking and noise and fixes the spelling."""

    @pytest.mark.parametrize(("url", "expected"), CASES)
    def test_cases(self, url: str, expected: str) -> None:
        """Tracking, fragment, default port, www. and trailing slash go; the rest is tidied."""
        assert canonical_url(url) == expected

    def test_variants_agree(self) -> None:
        """Spellings of the same address share one canonical URL."""
        assert len({canonical_url(url) for url in VARIANTS}) == 1

    def test_keeps_meaningful_query(self) -> None:
        """Query parameters other than tracking ones are kept."""
        assert canonical_url("https://example.com/story?id=42&utm_source=x") == (
            "https://example.com/story?id=42"
        )

    @pytest.mark.parametrize(("url", "expected"), CASES)
    def test_idempotent_on_cases(self, url: str, expected: str) -> None:
        """A canonical URL is its own canonical form."""
        assert canonical_url(expected) == expected
        assert canonical_url(canonical_url(url)) == canonical_url(url)

    @settings(max_examples=200, deadline=None)
    @given(urls)
    def test_idempotent(self, url: str) -> None:
        """Canonicalising twice gives what canonicalising once gives."""
        once = canonical_url(url)
        assert canonical_url(once) == once

    @settings(max_examples=200, deadline=None)
    @given(urls)
    def test_no_tracking_or_fragment_left(self, url: str) -> None:
        """No utm_*, fbclid, gclid, fragment or www. survives, and the query is sorted."""
        once = canonical_url(url)
        parts = urlsplit(once)
        names = [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
        assert not any(name.startswith("utm_") or name in {"fbclid", "gclid"} for name in names)
        assert names == sorted(names)
        assert parts.fragment == ""
        assert not parts.netloc.startswith("www.")

    def test_encoded_percent_sign_idempotent(self) -> None:
        """An encoded percent sign (%25) stays encoded, so 'a%2541' is a fixed point."""
        once = canonical_url("https://example.com/a%2541")
        assert canonical_url(once) == once
        assert once == "https://example.com/a%2541"


AMP_CASES = [
    ("https://m.example.com/world/story", "https://example.com/world/story"),
    ("https://mobile.example.com/world/story", "https://example.com/world/story"),
    ("https://amp.example.com/world/story", "https://example.com/world/story"),
    ("https://m.www.example.com/world/story", "https://example.com/world/story"),
    ("https://www.example.com/amp/world/story/", "https://example.com/world/story"),
    ("https://example.com/world/story/amp/", "https://example.com/world/story"),
    ("https://example.com/world/story.amp.html", "https://example.com/world/story.html"),
    ("https://example.com/world/story.amp.amp.html", "https://example.com/world/story.html"),
    ("https://example.com/world/story?amp", "https://example.com/world/story"),
    ("https://example.com/world/story?amp=1&id=3", "https://example.com/world/story?id=3"),
    ("https://example.com/world/story?outputType=amp", "https://example.com/world/story"),
    (
        "https://example.com/world/story?outputType=print",
        "https://example.com/world/story?outputType=print",
    ),
    ("https://m.com/story", "https://m.com/story"),
    ("https://example.com/ampere/story", "https://example.com/ampere/story"),
]


class TestAmpAndMobile:
    """AMP and mobile addresses canonicalise to the desktop page."""

    @pytest.mark.parametrize(("url", "expected"), AMP_CASES)
    def test_cases(self, url: str, expected: str) -> None:
        """Mobile hosts, amp segments, .amp.html and amp queries go; look-alikes stay."""
        assert canonical_url(url) == expected
        assert canonical_url(expected) == expected

    @settings(max_examples=200, deadline=None)
    @given(
        st.lists(st.sampled_from(["m.", "amp.", "mobile.", "www."]), max_size=3),
        st.lists(st.sampled_from(["amp", "news", "story.amp.html", "a.amp"]), max_size=4),
        st.sampled_from(["", "?amp", "?amp=1", "?outputType=amp", "?id=2&amp"]),
    )
    def test_idempotent(self, hosts: list[str], segments: list[str], query: str) -> None:
        """Any stack of mobile prefixes and amp segments reaches a fixed point in one pass."""
        url = f"https://{''.join(hosts)}example.com/{'/'.join(segments)}{query}"
        once = canonical_url(url)
        assert canonical_url(once) == once
        parts = urlsplit(once)
        assert parts.netloc == "example.com"
        assert "amp" not in parts.path.split("/")
        assert ".amp" not in parts.path.rsplit("/", 1)[-1]
        assert "amp" not in [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
