"""Event records under concurrency: real worker processes on the real Redis."""

from __future__ import annotations

import json
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import pytest
import redis

from eventwire.channels.redis_streams import StreamConsumer
from eventwire.pipeline import DEFAULT_ENRICHERS, enrich
from eventwire.pipeline.events import EventMention, counts_as_event
from eventwire.pipeline.intake import normalise_article
from eventwire.producers.client import Producer
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.events import EventRecord
from eventwire.schemas.ids import derive_id
from eventwire.settings import Settings
from eventwire.workers.events import RedisEventStore
from tests.integration.conftest import WorkerProcess

SEED = Path(__file__).resolve().parents[2] / "examples" / "seed_article.json"

pytestmark = pytest.mark.integration

REPORTS = 12
TEMPLATE = "Russia and Turkey held talks in Moscow on Monday, officials said.\n\n{background}"


def _background(n: int) -> str:
    """A paragraph no other report shares, so that no report is a near duplicate of another."""
    return " ".join(f"background{n}term{i}" for i in range(120)) + "."


def _articles() -> list[dict[str, str]]:
    return [
        {
            "source": f"outlet-{n}",
            "url": f"https://outlet-{n}.example.org/moscow-talks-{n}",
            "published_at": "2017-01-17T12:00:00Z",
            "text": TEMPLATE.format(background=_background(n)),
        }
        for n in range(REPORTS)
    ]


def _read_events(
    client: redis.Redis, settings: Settings, until_articles: int, timeout: float = 90.0
) -> dict[str, list[EventRecord]]:
    reader = StreamConsumer(client, settings.stream("events"), "it-events", "checker")
    reader.ensure_group()
    versions: dict[str, list[EventRecord]] = defaultdict(list)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entries = reader.read(count=100, block_ms=200)
        reader.ack(entries)
        for entry in entries:
            assert isinstance(entry.message, EventRecord)
            versions[entry.message.event_id].append(entry.message)
        if versions and max(r.articles for v in versions.values() for r in v) >= until_articles:
            time.sleep(1.0)
            for entry in reader.read(count=1000, block_ms=200):
                assert isinstance(entry.message, EventRecord)
                versions[entry.message.event_id].append(entry.message)
            break
    return versions


class TestConcurrentEventMerge:
    """Several workers reporting one event at the same moment make one record."""

    def test_one_event_record_with_every_report_counted(
        self, settings: Settings, redis_client: redis.Redis, tmp_path: Path
    ) -> None:
        """Twelve reports of the Moscow talks, spread over two workers of two processes each,
        give one event record whose last version counts twelve articles from twelve sources,
        and whose versions are all distinct."""
        settings = settings.model_copy(update={"batch_size": 1})
        workers = [
            WorkerProcess(settings, tmp_path / f"worker-{i}.log", concurrency=2) for i in range(2)
        ]
        try:
            for worker in workers:
                worker.wait_ready()
            producer = Producer(settings)
            result = producer.submit(_articles())
            producer.close()
            assert len(result.accepted) == REPORTS
            versions = _read_events(redis_client, settings, until_articles=REPORTS)
        finally:
            codes = [worker.stop() for worker in workers]
        # 'Russia and Turkey held talks': one event for each (the gold's rule 13); Russia's
        talks = [
            records
            for records in versions.values()
            if records[0].cameo_root == "04"
            and records[0].place == "Moscow"
            and records[0].source is not None
            and records[0].source.code == "RUS"
        ]
        assert len(talks) == 1, {k: [r.cameo_code for r in v] for k, v in versions.items()}
        records = talks[0]
        final = max(records, key=lambda r: r.version)
        assert (final.version, final.articles, final.sources) == (REPORTS, REPORTS, REPORTS)
        assert sorted(r.version for r in records) == list(range(1, REPORTS + 1))
        assert codes == [0, 0]


class TestCompactEventState:
    """The event store's hashes keep Redis's compact encoding at its default limits."""

    def test_seed_events_are_one_listpack_hash_each(self, redis_client: redis.Redis) -> None:
        """Every event coded from the seed, reported by three articles of three outlets, is one
        key: a listpack hash of at most 128 fields of at most 64 bytes, with a TTL."""
        article = normalise_article(
            ArticleIn.model_validate(json.loads(SEED.read_text("utf-8"))), "art_seed"
        )
        events = {
            event.event_id: event
            for event in enrich(article, DEFAULT_ENRICHERS).events
            if counts_as_event(event)
        }
        assert events
        prefix = f"ewit-{uuid.uuid4().hex[:10]}"
        store = RedisEventStore(redis_client, prefix, ttl_seconds=60)
        now = datetime(2017, 1, 18, 9, 0, tzinfo=UTC)
        try:
            for n, outlet in enumerate(("example-wire", "steppe-post", "gulf-courier")):
                record_id = derive_id("rec", outlet, str(n))
                store.merge_many(
                    [EventMention(record_id, outlet, 1, e) for e in events.values()], now
                )
            keys = sorted(redis_client.keys(f"{prefix}:*"))
            assert keys == sorted(store.key(event_id or "").encode() for event_id in events)
            for key in keys:
                assert redis_client.object("encoding", key) == b"listpack"
                assert redis_client.hlen(key) <= 128
                assert 0 < redis_client.ttl(key) <= 60
                fields = redis_client.hgetall(key)
                assert max(len(item) for pair in fields.items() for item in pair) <= 64
        finally:
            for key in redis_client.keys(f"{prefix}:*"):
                redis_client.delete(key)
