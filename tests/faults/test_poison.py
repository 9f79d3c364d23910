"""Poison: payloads and messages built to break a worker all end in the dead letters, each with
its reason, within the time limit; nothing is retried forever and no worker stays down."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest
from kombu.connection import Connection
from kombu.entity import Exchange, Queue

from eventwire.producers.client import broker_app
from eventwire.schemas.article import Batch, Submission
from eventwire.schemas.tasks import PROCESS_BATCH
from eventwire.settings import Settings
from tests.faults.conftest import Fleet
from tests.faults.harness import Ledger, articles, check, outcomes

pytestmark = [pytest.mark.integration, pytest.mark.faults]

BASE = {"source": "poison", "published_at": "2024-05-01T12:00:00Z"}


def _deep(levels: int) -> Any:
    value: Any = "bottom"
    for _ in range(levels):
        value = {"x": value}
    return value


POISON: dict[str, Any] = {
    "wrong_types": {"source": 7, "text": ["not", "a", "string"], "published_at": True},
    "oversize": {**BASE, "text": "word " * 300_000},
    "deep_nesting": {**BASE, "text": "Deep.", "metadata": _deep(200)},
    "binary_and_controls": {**BASE, "text": "\x00\x01\x02\x1b\x7f\x08\x0c\x1f\x9b\u200b"},
    "lone_surrogate": {**BASE, "text": "broken \ud800 text \udfff"},
    "not_an_object": ["a", "list", "is", "not", "an", "article"],
}
"""Payloads that pass the broker but not the worker's own validation."""


def _send_raw(settings: Settings, body: bytes, content_type: str, encoding: str) -> None:
    """Put a message straight on the batch queue, as a broken or hostile producer would."""
    queue = Queue(settings.queue, Exchange(settings.queue), settings.queue)  # type: ignore[no-untyped-call]
    with Connection(settings.broker) as connection:  # type: ignore[no-untyped-call]  # kombu: no annotations
        connection.Producer().publish(
            body,
            exchange=queue.exchange,
            routing_key=settings.queue,
            declare=[queue],
            content_type=content_type,
            content_encoding=encoding,
            headers={"task": PROCESS_BATCH, "id": str(uuid.uuid4()), "lang": "py"},
        )


class TestPoison:
    """Every poison input becomes a dead letter with a reason, quickly."""

    def test_poison_payloads_are_dead_lettered(self, fleet: Fleet) -> None:
        """Wrong types, oversize text, deep nesting, control characters, lone surrogates and a
        regex-backtracking text: each ends in the dead letters with its reason within the soft
        time limit."""
        fleet.worker()
        now = datetime.now(UTC)
        backtracking = {
            **BASE,
            "text": "“" + "Aa Bb " * 20_000 + "said" + " ," * 5000 + '"' * 3000,
        }
        items = [
            Submission(article_id=f"art_{name}", submitted_at=now, payload=payload)
            for name, payload in {**POISON, "backtracking": backtracking}.items()
        ]
        app = broker_app(fleet.settings)
        for item in items:
            batch = Batch(batch_id=f"b-{item.article_id}", items=[item])
            app.send_task(PROCESS_BATCH, args=[batch.model_dump(mode="json")])
        app.close()
        ledger = Ledger(accepted={item.article_id for item in items})
        started = time.monotonic()
        report = check("10 poison payloads", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert report.drain_seconds < 2 * fleet.settings.soft_time_limit + 10
        letters = {
            letter.article_id: letter for letter in outcomes(fleet.client, fleet.settings)["dead"]
        }
        assert {article_id.removeprefix("art_") for article_id in letters} == {
            *POISON,
            "backtracking",
        }
        assert all(letter.reason for letter in letters.values())
        assert letters["art_backtracking"].reason == "pathological_text"
        assert report.published == 0

    def test_undecodable_and_pickled_messages_are_dead_lettered(self, fleet: Fleet) -> None:
        """Invalid JSON, invalid UTF-8, deeply nested JSON and a pickled message are refused by
        the real worker and dead-lettered with their reason; the worker keeps consuming."""
        fleet.worker()
        settings = fleet.settings
        _send_raw(settings, b'{"not json', "application/json", "utf-8")
        _send_raw(settings, b'[[{"items": "\xff\xfe\xfa"}], {}, {}]', "application/json", "utf-8")
        _send_raw(settings, b"[" * 100_000 + b"]" * 100_000, "application/json", "utf-8")
        app = broker_app(settings)
        batch = Batch(
            batch_id="b-pickled",
            items=[
                Submission(article_id="art_pickled", submitted_at=datetime.now(UTC), payload=BASE)
            ],
        ).model_dump(mode="json")
        app.send_task(PROCESS_BATCH, args=[batch], serializer="pickle")
        app.close()
        ledger = Ledger()
        ledger.submit(fleet.producer(), articles(4, seed=10))
        started = time.monotonic()
        deadline = time.monotonic() + 30
        dead: list[Any] = []
        while time.monotonic() < deadline:
            dead = outcomes(fleet.client, settings)["dead"]
            if len(dead) >= 4:
                break
            time.sleep(0.25)
        report = check("10 poison messages", fleet.client, settings, ledger, started)
        report.show()
        report.assert_clean()
        reasons = sorted(letter.reason for letter in dead)
        assert reasons.count("content_disallowed") == 1, reasons
        assert len(dead) == 4, reasons
        assert report.published == 4
        assert "art_pickled" not in {letter.article_id for letter in dead}

    def test_message_that_kills_every_worker_is_poison(self, fleet: Fleet) -> None:
        """A batch whose every delivery kills its pool child is dead-lettered as poison after
        the allowed attempts, and the rest of the load is processed."""
        fleet.worker()
        ledger = Ledger()
        producer = fleet.producer()
        ledger.submit(producer, articles(1, seed=11, fault="kill"))
        ledger.submit(producer, articles(8, seed=12))
        started = time.monotonic()
        report = check("10 worker-killing batch", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert report.reasons == {"poison_message": 1}
        assert report.published == 8
