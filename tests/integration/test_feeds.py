"""Feed polling against feeds served by a real local HTTP server, with the real Redis (state and
broker) and a real worker: conditional GET, per-feed state, only new entries queued."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from eventwire.producers.client import Producer
from eventwire.producers.feeds import Feed, FeedPoller
from eventwire.schemas.messages import ArticleRecord
from eventwire.settings import Settings
from tests.integration.conftest import WorkerProcess, collect, settings_env
from tests.producers.conftest import LocalServer, Reply

pytestmark = pytest.mark.integration

ITEM = """<item><title>{title}</title><link>https://news.example.org/{slug}</link>
<guid>{slug}</guid><pubDate>Tue, 17 Jan 2017 18:30:00 GMT</pubDate>
<description>&lt;p&gt;{text}&lt;/p&gt;</description></item>"""
EMPTY_ITEM = "<item><title>No body</title><guid>empty-1</guid></item>"


def rss(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<link>https://news.example.org/</link>{''.join(items)}</channel></rss>"
    ).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom wire</title><id>urn:atom-wire</id>
<updated>2017-01-18T09:00:00Z</updated>
<entry><title>Talks in Astana</title><id>urn:atom-wire:1</id>
<link href="https://atom.example.org/talks"/><updated>2017-01-18T09:00:00Z</updated>
<content type="html">&lt;p&gt;Delegations arrived in Astana for the talks.&lt;/p&gt;</content>
</entry></feed>"""


class FeedServer:
    """An RSS feed honouring If-None-Match, an Atom feed honouring If-Modified-Since, and an RSS
    feed that ignores conditional GET; ``items`` is what the first RSS feed holds now."""

    def __init__(self, server: LocalServer) -> None:
        self.server = server
        self.items = [
            ITEM.format(title="Talks named", slug="a1", text="The delegations were named."),
            EMPTY_ITEM,
        ]
        server.routes["/rss.xml"] = self._rss
        server.routes["/atom.xml"] = self._atom
        server.routes["/plain.xml"] = lambda _h: (
            200,
            {"Content-Type": "application/rss+xml"},
            rss([ITEM.format(title="Plain", slug="p1", text="A feed with no validators.")]),
        )

    def _rss(self, headers: dict[str, str]) -> Reply:
        etag = f'"v{len(self.items)}"'
        if headers.get("if-none-match") == etag:
            return 304, {"ETag": etag}, b""
        return 200, {"ETag": etag, "Content-Type": "application/rss+xml"}, rss(self.items)

    def _atom(self, headers: dict[str, str]) -> Reply:
        modified = "Wed, 18 Jan 2017 09:00:00 GMT"
        if headers.get("if-modified-since") == modified:
            return 304, {}, b""
        return 200, {"Last-Modified": modified, "Content-Type": "application/atom+xml"}, ATOM

    def feeds(self) -> list[Feed]:
        return [
            Feed(name="rss", url=self.server.url("/rss.xml"), source="rss-wire"),
            Feed(name="atom", url=self.server.url("/atom.xml"), language="en"),
            Feed(name="plain", url=self.server.url("/plain.xml")),
        ]


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    server = LocalServer()
    try:
        yield FeedServer(server)
    finally:
        server.close()


@pytest.fixture
def loopback_settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"fetch_allow_loopback": True})


@pytest.fixture
def poller(loopback_settings: Settings, redis_client: redis.Redis) -> Iterator[FeedPoller]:
    producer = Producer(loopback_settings)
    yield FeedPoller(loopback_settings, producer, redis_client)
    producer.close()


class TestFeedPoller:
    """Entries become articles once; conditional GET and per-feed state in Redis."""

    def test_first_poll_queues_every_entry(
        self, poller: FeedPoller, feed_server: FeedServer
    ) -> None:
        """Every entry is submitted; the one with no text is rejected to the dead letters; the
        ETag and Last-Modified are stored per feed."""
        reports = {r.feed: r for r in poller.poll(feed_server.feeds())}
        assert {name: len(r.queued) for name, r in reports.items()} == {
            "rss": 1,
            "atom": 1,
            "plain": 1,
        }
        assert [r.reason for r in reports["rss"].rejected] == ["invalid_payload"]
        rss_feed, atom_feed, _ = feed_server.feeds()
        assert poller.state(rss_feed)["etag"] == '"v2"'
        assert poller.state(atom_feed)["last_modified"] == "Wed, 18 Jan 2017 09:00:00 GMT"

    def test_second_poll_is_conditional_and_queues_nothing(
        self, poller: FeedPoller, feed_server: FeedServer
    ) -> None:
        """The second poll sends the validators, gets 304 from the feeds that honour them, and
        queues nothing from the one that does not (its entries are remembered)."""
        poller.poll(feed_server.feeds())
        reports = {r.feed: r for r in poller.poll(feed_server.feeds())}
        assert reports["rss"].not_modified
        assert reports["atom"].not_modified
        assert (reports["plain"].status, reports["plain"].queued) == (200, [])
        sent = {path: headers for path, headers in feed_server.server.requests[3:]}
        assert sent["/rss.xml"]["if-none-match"] == '"v2"'
        assert sent["/atom.xml"]["if-modified-since"] == "Wed, 18 Jan 2017 09:00:00 GMT"

    def test_only_new_entries_are_queued(self, poller: FeedPoller, feed_server: FeedServer) -> None:
        """A feed that gains an entry is fetched again and only that entry is queued."""
        poller.poll(feed_server.feeds())
        feed_server.items.insert(
            0, ITEM.format(title="New", slug="a2", text="A newer story arrived.")
        )
        report = poller.poll_one(feed_server.feeds()[0])
        assert (report.status, report.entries, len(report.queued)) == (200, 3, 1)

    def test_loopback_refused_without_the_setting(
        self, settings: Settings, redis_client: redis.Redis, feed_server: FeedServer
    ) -> None:
        """With the default settings the guard refuses the local server; the error is stored."""
        producer = Producer(settings)
        poller = FeedPoller(settings, producer, redis_client)
        report = poller.poll_one(feed_server.feeds()[0])
        producer.close()
        assert report.error is not None
        assert "loopback" in report.error
        assert feed_server.server.requests == []
        assert "loopback" in poller.state(feed_server.feeds()[0])["last_error"]

    def test_entries_become_records(
        self,
        poller: FeedPoller,
        feed_server: FeedServer,
        loopback_settings: Settings,
        redis_client: redis.Redis,
        worker: WorkerProcess,
    ) -> None:
        """A real worker turns the queued entries into records carrying the feed's source,
        entry link and title, and dead-letters the entry with no text."""
        poller.poll(feed_server.feeds())
        found = collect(redis_client, loopback_settings, {"records": 3, "dead": 1})
        records = [e.message for e in found["records"]]
        assert all(isinstance(r, ArticleRecord) for r in records)
        by_source = {r.article.source: r for r in records if isinstance(r, ArticleRecord)}
        assert set(by_source) == {"rss-wire", "atom", "plain"}
        assert by_source["atom"].article.title == "Talks in Astana"
        assert by_source["atom"].article.canonical_url == "https://atom.example.org/talks"
        assert by_source["rss-wire"].article.text == "The delegations were named."
        assert len(found["dead"]) == 1


class TestFeedsCommand:
    """``eventwire feeds poll FILE`` reads the config file and reports each feed."""

    def _run(
        self, settings: Settings, config: Path, allow: bool
    ) -> subprocess.CompletedProcess[str]:
        env = settings_env(settings)
        if allow:
            env["EVENTWIRE_FETCH_ALLOW_LOOPBACK"] = "true"
        return subprocess.run(
            [sys.executable, "-m", "eventwire", "feeds", "poll", str(config)],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def test_polls_the_feeds_of_the_file(
        self, settings: Settings, feed_server: FeedServer, tmp_path: Path
    ) -> None:
        """With loopback allowed every feed is polled; without, each is refused and it exits 1."""
        config = tmp_path / "feeds.toml"
        config.write_text(
            "".join(
                f'[[feed]]\nname = "{feed.name}"\nurl = "{feed.url}"\n\n'
                for feed in feed_server.feeds()
            )
        )
        allowed = self._run(settings, config, allow=True)
        assert allowed.returncode == 0, allowed.stderr
        assert "rss: 2 entries, 1 queued, 1 rejected" in allowed.stderr
        assert "atom: 1 entries, 1 queued, 0 rejected" in allowed.stderr
        refused = self._run(settings, config, allow=False)
        assert refused.returncode == 1
        assert refused.stderr.count("loopback address") == 3

    def test_bad_config_exits_2(self, settings: Settings, tmp_path: Path) -> None:
        """A config file with an unknown key is refused with a message and exit code 2."""
        config = tmp_path / "feeds.toml"
        config.write_text('[[feed]]\nname = "x"\nurl = "https://x.example/"\nbogus = 1\n')
        result = self._run(settings, config, allow=False)
        assert result.returncode == 2
        assert "bogus" in result.stderr
