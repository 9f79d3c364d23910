"""Feed polling: RSS and Atom feeds listed in a TOML file, fetched through the SSRF guard with
conditional GET, their new entries turned into articles for the :class:`Producer`.

Per-feed state lives in Redis (``<prefix>:feeds:<name>``: ETag, Last-Modified, last status), and
each entry already queued is remembered (``<prefix>:feeds:<name>:entry:<digest>``, for
``seen_ttl_seconds``), so a feed that ignores conditional GET does not requeue old entries.
"""

from __future__ import annotations

import calendar
import hashlib
import time
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import feedparser
import redis
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from eventwire.producers.client import Producer, Rejection
from eventwire.producers.fetch import (
    FetchFailedError,
    FetchPolicy,
    FetchRefusedError,
    Resolver,
    fetch,
    system_resolver,
)
from eventwire.producers.metrics import ARTICLES_ACCEPTED, FEED_ENTRIES
from eventwire.schemas.errors import ConfigurationError
from eventwire.settings import Settings


class Feed(BaseModel):
    """One feed of the config file."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=100)
    url: str = Field(pattern=r"^https?://", max_length=2048)
    source: str | None = Field(
        default=None, description="The articles' source; the feed's name when unset."
    )
    language: str | None = None


class FeedConfig(BaseModel):
    """The config file: ``[[feed]]`` tables."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    feed: list[Feed] = Field(default_factory=list)


def load_config(path: Path) -> list[Feed]:
    """Read and check a feeds file; a bad file is a :class:`ConfigurationError` naming why."""
    try:
        config = FeedConfig.model_validate(tomllib.loads(path.read_text(encoding="utf-8")))
    except (OSError, tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ConfigurationError(f"feeds file {path}: {exc}") from exc
    names = [feed.name for feed in config.feed]
    if len(names) != len(set(names)):
        raise ConfigurationError(f"feeds file {path}: feed names repeat")
    return config.feed


@dataclass(slots=True)
class PollReport:
    """What one poll of one feed did."""

    feed: str
    status: int | None = None
    entries: int = 0
    queued: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    error: str | None = None
    not_modified: bool = False


def entry_key(entry: Any) -> str:
    """A stable identity for a feed entry: its id, else its link, else its title and date."""
    for name in ("id", "link"):
        value = entry.get(name)
        if value:
            return str(value)
    return f"{entry.get('title', '')}|{entry.get('published', entry.get('updated', ''))}"


def _timestamp(entry: Any) -> str | None:
    for name in ("published_parsed", "updated_parsed"):
        parsed = entry.get(name)
        if parsed:
            moment = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            return moment.isoformat().replace("+00:00", "Z")
    return None


def entry_to_article(entry: Any, feed: Feed) -> dict[str, Any]:
    """An ``ArticleIn`` payload from a feedparser entry (not validated here: the producer
    validates, and dead-letters an entry with nothing to read)."""
    contents = entry.get("content") or []
    html = next((c.get("value") for c in contents if c.get("value")), None)
    html = html or entry.get("summary") or None
    payload: dict[str, Any] = {
        "source": feed.source or feed.name,
        "external_id": entry_key(entry)[:256],
        "url": entry.get("link") or None,
        "title": entry.get("title") or None,
        "published_at": _timestamp(entry),
        "html": html,
        "language": feed.language,
        "metadata": {"feed": feed.name},
    }
    return {key: value for key, value in payload.items() if value is not None}


class FeedPoller:
    """Polls feeds into a :class:`Producer`, keeping per-feed state in Redis."""

    def __init__(
        self,
        settings: Settings,
        producer: Producer,
        client: redis.Redis,
        resolver: Resolver = system_resolver,
    ) -> None:
        self.settings = settings
        self.producer = producer
        self.client = client
        self.policy = FetchPolicy.from_settings(settings)
        self.resolver = resolver

    def state_key(self, feed: Feed) -> str:
        return f"{self.settings.stream_prefix}:feeds:{feed.name}"

    def state(self, feed: Feed) -> dict[str, str]:
        """The stored state of a feed (empty before its first poll)."""
        raw = cast(dict[bytes, bytes], self.client.hgetall(self.state_key(feed)))
        return {k.decode(): v.decode() for k, v in raw.items()}

    def poll(self, feeds: Iterable[Feed]) -> list[PollReport]:
        """Poll each feed once; a failing feed is reported and does not stop the others."""
        return [self.poll_one(feed) for feed in feeds]

    def poll_one(self, feed: Feed) -> PollReport:
        report = PollReport(feed.name)
        state = self.state(feed)
        headers = {}
        if state.get("etag"):
            headers["If-None-Match"] = state["etag"]
        if state.get("last_modified"):
            headers["If-Modified-Since"] = state["last_modified"]
        try:
            result = fetch(feed.url, self.policy, headers, self.resolver)
        except (FetchRefusedError, FetchFailedError) as exc:
            report.error = str(exc)
            self._save(feed, {"last_error": report.error})
            return report
        report.status = result.status
        if result.status == 304:
            report.not_modified = True
            self._save(feed, {"last_status": "304", "last_error": ""})
            return report
        if result.status != 200:
            report.error = f"HTTP {result.status}"
            self._save(feed, {"last_status": str(result.status), "last_error": report.error})
            return report
        parsed = feedparser.parse(result.body)
        if parsed.get("bozo") and not parsed.entries:
            report.error = f"not a feed: {parsed.get('bozo_exception')}"
            self._save(feed, {"last_status": "200", "last_error": report.error})
            return report
        report.entries = len(parsed.entries)
        self._queue_new(feed, parsed.entries, report)
        self._save(
            feed,
            {
                "etag": result.headers.get("etag", ""),
                "last_modified": result.headers.get("last-modified", ""),
                "last_status": "200",
                "last_error": "",
            },
        )
        return report

    def _entry_marker(self, feed: Feed, entry: Any) -> str:
        digest = hashlib.sha256(entry_key(entry).encode("utf-8")).hexdigest()[:32]
        return f"{self.state_key(feed)}:entry:{digest}"

    def _queue_new(self, feed: Feed, entries: list[Any], report: PollReport) -> None:
        markers = [self._entry_marker(feed, entry) for entry in entries]
        known = cast(list[Any], self.client.mget(markers)) if markers else []
        fresh = [
            (entry, marker)
            for entry, marker, seen in zip(entries, markers, known, strict=True)
            if seen is None
        ]
        if not fresh:
            return
        result = self.producer.submit([entry_to_article(entry, feed) for entry, _ in fresh])
        # Remember entries only once queued (or dead-lettered): a failed submit raises before
        # this, and the next poll tries them again.
        pipe = self.client.pipeline(transaction=False)
        for _entry, marker in fresh:
            pipe.set(marker, "1", ex=self.settings.seen_ttl_seconds)
        pipe.execute()
        report.queued = result.accepted
        report.rejected = result.rejected
        FEED_ENTRIES.labels(feed.name).inc(len(fresh))
        ARTICLES_ACCEPTED.labels("feed").inc(len(result.accepted))

    def _save(self, feed: Feed, values: dict[str, str]) -> None:
        key = self.state_key(feed)
        mapping: dict[Any, Any] = {**values, "last_polled": str(time.time())}
        self.client.hset(key, mapping=mapping)
