"""The batch processor on fakeredis: what it publishes, and its canonical log line per article."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import fakeredis
import orjson
import pytest
from structlog.testing import capture_logs

from eventwire.pipeline.enrich import extract_quotes
from eventwire.schemas.messages import ArticleRecord
from eventwire.settings import Settings
from eventwire.workers.processing import BatchProcessor
from eventwire.workers.runtime import build_processor
from tests.replies import expect_entries

NOW = datetime(2024, 4, 2, 9, 0, tzinfo=UTC)
TEXT = (
    'The mayor said on Monday that "the bridge will open in May" after a year of repairs. '
    "Traffic on the river road has doubled since the old crossing closed."
)


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis()


@pytest.fixture
def processor(client: fakeredis.FakeRedis) -> BatchProcessor:
    settings = Settings(stream_prefix="proc")
    return build_processor(settings, client, clock=lambda: NOW, enrichers=(extract_quotes,))


def _body(*payloads: Any) -> dict[str, Any]:
    items = [
        {"article_id": f"art_{i}", "submitted_at": NOW.isoformat(), "payload": payload}
        for i, payload in enumerate(payloads)
    ]
    return {"batch_id": "b1", "items": items}


def test_record_published_as_its_json(
    processor: BatchProcessor, client: fakeredis.FakeRedis
) -> None:
    """The body on the records stream is the record's JSON, which validates back to it."""
    (record,) = processor.process_batch(_body({"source": "wire", "text": TEXT}))
    assert isinstance(record, ArticleRecord)
    ((_, fields),) = expect_entries(client.xrange("proc:records"))
    assert fields[b"body"] == orjson.dumps(record.model_dump(mode="json"))
    assert ArticleRecord.model_validate_json(fields[b"body"]) == record
    assert record.enrichment.quotes[0].text == "the bridge will open in May"


def test_one_log_line_per_article_with_its_id(processor: BatchProcessor) -> None:
    """Each article gets one article.processed line naming it, its outcome and its timings,
    a payload the worker dead-letters at intake too."""
    with capture_logs() as lines:
        processor.process_batch(_body({"source": "wire", "text": TEXT}, {"source": "wire"}))
    processed = [line for line in lines if line["event"] == "article.processed"]
    assert len(processed) == 2
    record, letter = processed
    assert record["article_id"] == "art_0"
    assert record["outcome"] == "article_record"
    assert record["quotes"] == 1
    assert set(record["timings_ms"]) >= {"validate", "normalise", "dedup", "enrich", "publish"}
    assert letter["article_id"] == "art_1"
    assert letter["outcome"] == "dead_letter"
    assert letter["reason"] == "invalid_payload"
