"""Several real worker processes deduplicating copies of the same stories at the same moment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from eventwire.producers.client import Producer
from eventwire.schemas.messages import ArticleRecord, DuplicateNotice
from eventwire.settings import Settings
from tests.integration.conftest import WorkerProcess, collect
from tests.shared_eval import eval_rows

pytestmark = pytest.mark.integration

STORIES = 6
WORKERS = 3


def _copies(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Copies of one Wikinews story as they arrive from different outlets."""
    text = row["text"]
    sentences = text.split(". ")
    url = row["source_url"]
    return [
        {"source": "wire-a", "url": url, "text": text},
        {"source": "wire-b", "url": f"{url}?utm_source=feed", "text": text},
        {
            "source": "courier",
            "url": f"https://courier.example/{row['id']}",
            "text": f"By Staff Reporter | The Courier\n\n{text}\n\nCopyright The Courier.",
        },
        {
            "source": "teasers",
            "url": f"https://teasers.example/{row['id']}",
            "text": ". ".join(sentences[:2]) + ".",
        },
        {
            "source": "edited",
            "url": f"https://edited.example/{row['id']}",
            "text": ". ".join(sentences[1:] + sentences[:1]),
        },
    ]


@pytest.fixture
def workers(settings: Settings, tmp_path: Path) -> Iterator[list[WorkerProcess]]:
    """Several ready worker processes, each with a pool of two, on this test's queue."""
    started = [
        WorkerProcess(settings, tmp_path / f"worker{i}.log", concurrency=2) for i in range(WORKERS)
    ]
    try:
        for process in started:
            process.wait_ready()
        yield started
    finally:
        for process in started:
            process.stop()


class TestConcurrentDedup:
    """Copies racing through several workers give one original per story."""

    def test_one_original_per_story(
        self, settings: Settings, redis_client: redis.Redis, workers: list[WorkerProcess]
    ) -> None:
        """Every story gets exactly one record; every other copy is a duplicate notice of it."""
        rows = eval_rows("geovirus.jsonl")
        rows = [row for row in rows if row["text"].count(". ") >= 6][:STORIES]
        copies = [(story, copy) for story, row in enumerate(rows) for copy in _copies(row)]
        # Interleave the stories so that copies of each are in flight on different workers.
        copies.sort(key=lambda pair: (pair[1]["source"], pair[0]))
        producer = Producer(settings.model_copy(update={"batch_size": 1}))
        result = producer.submit([payload for _, payload in copies])
        producer.close()
        assert len(result.accepted) == len(copies)
        story_of = {
            article_id: story
            for article_id, (story, _) in zip(result.accepted, copies, strict=True)
        }

        found = collect(
            redis_client,
            settings,
            {"records": len(rows), "duplicates": len(copies) - len(rows)},
            timeout=120,
        )
        assert found["dead"] == []
        records = [entry.message for entry in found["records"]]
        assert all(isinstance(record, ArticleRecord) for record in records)
        record_story = {
            record.record_id: story_of[record.article.article_id]
            for record in records
            if isinstance(record, ArticleRecord)
        }
        assert Counter(record_story.values()) == dict.fromkeys(range(len(rows)), 1)

        notices = [entry.message for entry in found["duplicates"]]
        assert len(notices) == len(copies) - len(rows)
        for notice in notices:
            assert isinstance(notice, DuplicateNotice)
            assert record_story[notice.original_record_id] == story_of[notice.article_id]
        # The race was real: more than one worker process handled batches.
        assert sum("batch.processed" in process.output() for process in workers) >= 2
