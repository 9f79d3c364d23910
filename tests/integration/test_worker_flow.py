"""End to end on the real Redis and a real prefork `celery worker` process."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import redis

from eventwire.producers.client import Producer, broker_app
from eventwire.schemas.article import Batch, Submission
from eventwire.schemas.export import SCHEMA_DIR
from eventwire.schemas.messages import ArticleRecord, DeadLetter, DuplicateNotice
from eventwire.schemas.tasks import PROCESS_BATCH
from eventwire.settings import Settings
from tests.integration.conftest import WorkerProcess, collect
from tests.replies import expect_entries

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEED = json.loads((ROOT / "examples" / "seed_article.json").read_text(encoding="utf-8"))
NAIVE = {"source": "example-wire", "text": "A story.", "published_at": "2017-01-17T18:30:00"}


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    """A record without what differs between two runs: timestamps and the submission id."""
    article = {k: v for k, v in record["article"].items() if k != "article_id"}
    return {**{k: v for k, v in record.items() if k != "processed_at"}, "article": article}


class TestWorkerFlow:
    """Producer -> broker -> worker -> Redis Streams."""

    def test_seed_duplicate_and_invalid(
        self, settings: Settings, redis_client: redis.Redis, own_worker: WorkerProcess
    ) -> None:
        """The seed article gives one record, its copy one duplicate notice, the invalid payload
        one dead letter naming the field; the record validates against the exported schema and
        equals what embedded mode prints."""
        producer = Producer(settings)
        result = producer.submit([SEED, SEED, NAIVE])
        producer.close()
        assert len(result.accepted) == 2
        assert [r.reason for r in result.rejected] == ["invalid_payload"]

        found = collect(redis_client, settings, {"records": 1, "duplicates": 1, "dead": 1})
        assert {name: len(entries) for name, entries in found.items()} == {
            "records": 1,
            "duplicates": 1,
            "dead": 1,
        }

        record_entry = found["records"][0]
        raw = expect_entries(
            redis_client.xrange(settings.stream("records"), record_entry.entry_id, "+", count=1)
        )
        body = json.loads(raw[0][1][b"body"])
        schema = json.loads((SCHEMA_DIR / "article_record.schema.json").read_text())
        jsonschema.Draft202012Validator(schema).validate(body)
        record = record_entry.message
        assert isinstance(record, ArticleRecord)
        assert record.article.article_id == result.accepted[0]
        assert record.article.canonical_url == (
            "https://news.example.org/2017/01/17/syria-astana-delegations"
        )
        assert any(q.speaker == "Lavrov" for q in record.enrichment.quotes)

        notice = found["duplicates"][0].message
        assert isinstance(notice, DuplicateNotice)
        assert notice.original_record_id == record.record_id
        assert notice.article_id == result.accepted[1]
        assert notice.match == "exact_text"

        letter = found["dead"][0].message
        assert isinstance(letter, DeadLetter)
        assert letter.stage == "producer"
        assert [error.loc for error in letter.errors] == ["published_at"]
        assert "published_at" in letter.message
        assert letter.payload == NAIVE

        embedded = subprocess.run(
            [
                sys.executable,
                "-m",
                "eventwire",
                "run",
                str(ROOT / "examples" / "seed_article.json"),
            ],
            capture_output=True,
            check=True,
            text=True,
            timeout=120,
        )
        lines = [
            line
            for line in map(json.loads, embedded.stdout.splitlines())
            if line["type"] == "article_record"
        ]
        assert len(lines) == 1
        assert _comparable(lines[0]) == _comparable(body)

        assert own_worker.stop() == 0, own_worker.output()

    def test_invalid_payload_past_the_producer_is_dead_lettered_by_the_worker(
        self, settings: Settings, redis_client: redis.Redis, worker: WorkerProcess
    ) -> None:
        """A payload that skips the producer's check is validated again by the worker."""
        batch = Batch(
            batch_id="batch-raw",
            items=[
                Submission(article_id="art_raw_1", submitted_at=datetime.now(UTC), payload=NAIVE)
            ],
        )
        app = broker_app(settings)
        app.send_task(PROCESS_BATCH, args=[batch.model_dump(mode="json")], queue=settings.queue)
        app.close()
        found = collect(redis_client, settings, {"dead": 1})
        assert len(found["dead"]) == 1
        assert not found["records"]
        letter = found["dead"][0].message
        assert isinstance(letter, DeadLetter)
        assert (letter.stage, letter.reason, letter.article_id) == (
            "intake",
            "invalid_payload",
            "art_raw_1",
        )
        assert [error.loc for error in letter.errors] == ["published_at"]

    def test_redelivered_batch_publishes_nothing_twice(
        self, settings: Settings, redis_client: redis.Redis, worker: WorkerProcess
    ) -> None:
        """The same batch delivered twice (at-least-once) gives one record, not a duplicate."""
        batch = Batch(
            batch_id="batch-twice",
            items=[
                Submission(article_id="art_twice", submitted_at=datetime.now(UTC), payload=SEED)
            ],
        ).model_dump(mode="json")
        app = broker_app(settings)
        app.send_task(PROCESS_BATCH, args=[batch], queue=settings.queue)
        app.send_task(PROCESS_BATCH, args=[batch], queue=settings.queue)
        app.close()
        found = collect(redis_client, settings, {"records": 1}, settle=3.0)
        assert len(found["records"]) == 1
        assert not found["duplicates"]
        assert not found["dead"]
        assert redis_client.xlen(settings.stream("records")) == 1
