"""The Redis Streams consumer helper against the real Redis: dead consumers' entries are taken
over (XAUTOCLAIM), and an entry that keeps failing is dead-lettered after N deliveries."""

from __future__ import annotations

import time

import pytest
import redis

from eventwire.channels.base import decode
from eventwire.channels.redis_streams import RedisStreamPublisher, StreamConsumer
from eventwire.schemas.messages import ArticleRecord, DeadLetter
from eventwire.settings import Settings
from tests.replies import expect_entries

pytestmark = pytest.mark.integration


def _consumer(
    client: redis.Redis, settings: Settings, name: str, max_deliveries: int = 3
) -> StreamConsumer:
    consumer = StreamConsumer(
        client,
        settings.stream("records"),
        "svc",
        name,
        min_idle_ms=50,
        max_deliveries=max_deliveries,
        dead_stream=settings.stream("records-consumer-dead"),
    )
    consumer.ensure_group()
    return consumer


class TestStreamConsumer:
    """poll: stale entries of dead consumers first, new entries otherwise."""

    def test_dead_consumers_entries_are_claimed(
        self, redis_client: redis.Redis, settings: Settings, article_record: ArticleRecord
    ) -> None:
        """An entry read by a consumer that never acks is taken over by another after the idle
        time, and once acked it is gone from the pending list."""
        RedisStreamPublisher(redis_client, settings.stream_prefix, 1000, 60).publish(
            [article_record]
        )
        dead = _consumer(redis_client, settings, "dead")
        assert [e.message_id for e in dead.poll(block_ms=None)] == [article_record.record_id]
        alive = _consumer(redis_client, settings, "alive")
        assert alive.poll(block_ms=None) == []  # not idle long enough yet
        time.sleep(0.1)
        (entry,) = alive.poll(block_ms=None)
        assert entry.message == article_record
        assert alive.delivery_counts([entry.entry_id]) == {entry.entry_id: 2}
        assert alive.ack([entry]) == 1
        assert redis_client.xpending(settings.stream("records"), "svc")["pending"] == 0

    def test_dead_letter_after_max_deliveries(
        self, redis_client: redis.Redis, settings: Settings, article_record: ArticleRecord
    ) -> None:
        """An entry whose handler fails every time is delivered max_deliveries times, then moved
        to the dead stream with reason max_deliveries_exceeded and acknowledged."""
        RedisStreamPublisher(redis_client, settings.stream_prefix, 1000, 60).publish(
            [article_record]
        )
        consumer = _consumer(redis_client, settings, "flaky", max_deliveries=3)
        deliveries = 0
        for _ in range(10):
            entries = consumer.poll(block_ms=None)
            deliveries += len(entries)  # the handler "fails": nothing is acked
            time.sleep(0.07)
        assert deliveries == 3
        assert redis_client.xpending(settings.stream("records"), "svc")["pending"] == 0
        ((_, fields),) = expect_entries(
            redis_client.xrange(settings.stream("records-consumer-dead"))
        )
        letter = decode(fields[b"type"].decode(), fields[b"body"])
        assert isinstance(letter, DeadLetter)
        assert letter.reason == "max_deliveries_exceeded"
        assert letter.payload["id"] == article_record.record_id
