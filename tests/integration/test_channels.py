"""Each channel against its real server: RabbitMQ on 5672, NATS JetStream on 4222; names unique
to each test, removed afterwards."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterator

import nats
import pika
import pytest
import redis

from eventwire.channels.marks import PublishedMarks
from eventwire.channels.nats_jetstream import NatsConsumer, NatsPublisher
from eventwire.channels.rabbitmq import RabbitMQConsumer, RabbitMQPublisher
from eventwire.schemas.errors import TransientError
from eventwire.schemas.messages import ArticleRecord, DeadLetter, DuplicateNotice, Message
from eventwire.settings import Settings

pytestmark = pytest.mark.integration

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
NATS_URL = "nats://127.0.0.1:4222"


@pytest.fixture
def messages(
    article_record: ArticleRecord, duplicate_notice: DuplicateNotice, dead_letter: DeadLetter
) -> list[Message]:
    return [article_record, duplicate_notice, dead_letter]


def delete_amqp(exchange: str, queues: list[str]) -> None:
    """Remove a test's exchange and queues from the shared RabbitMQ."""
    connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
    channel = connection.channel()
    for queue in queues:
        channel.queue_delete(queue)
    channel.exchange_delete(exchange)
    connection.close()


def delete_nats_stream(stream: str) -> None:
    """Remove a test's JetStream stream from the shared NATS server."""

    async def go() -> None:
        client = await nats.connect(NATS_URL)
        with contextlib.suppress(nats.js.errors.NotFoundError):
            await client.jetstream().delete_stream(stream)
        await client.close()

    asyncio.run(go())


@pytest.fixture
def amqp_names(settings: Settings) -> Iterator[tuple[str, str]]:
    """An exchange and a queue of this test's own."""
    exchange, queue = f"{settings.stream_prefix}.x", f"{settings.stream_prefix}.q"
    yield exchange, queue
    delete_amqp(exchange, [queue])


@pytest.fixture
def nats_stream() -> Iterator[str]:
    """A JetStream stream name of this test's own."""
    name = f"EWIT_{uuid.uuid4().hex[:10]}"
    yield name
    delete_nats_stream(name)


class TestRabbitMQPublisher:
    """Durable topic exchange, confirms, routing keys, message ids."""

    def test_publish_once_and_route(
        self,
        redis_client: redis.Redis,
        settings: Settings,
        amqp_names: tuple[str, str],
        messages: list[Message],
    ) -> None:
        """Three messages arrive once each on a queue bound to all keys, with their ids, types
        and persistent delivery; publishing them again sends nothing."""
        exchange, queue = amqp_names
        consumer = RabbitMQConsumer(
            AMQP_URL, exchange, queue, ["record.#", "duplicate.#", "dead.#"]
        )
        marks = PublishedMarks(redis_client, f"{settings.stream_prefix}:amqp", 60)
        publisher = RabbitMQPublisher(AMQP_URL, exchange, marks)
        assert publisher.publish(messages) == [True, True, True]
        assert publisher.publish(messages) == [False, False, False]
        publisher.close()
        got = []
        for tag, message in consumer.read(inactivity_timeout=1.0):
            got.append(message)
            consumer.ack(tag)
        consumer.close()
        assert got == messages

    def test_binding_selects_by_key(
        self,
        redis_client: redis.Redis,
        settings: Settings,
        amqp_names: tuple[str, str],
        messages: list[Message],
    ) -> None:
        """A queue bound to record.en.* receives the English record and nothing else."""
        exchange, queue = amqp_names
        consumer = RabbitMQConsumer(AMQP_URL, exchange, queue, ["record.en.*"])
        marks = PublishedMarks(redis_client, f"{settings.stream_prefix}:amqp", 60)
        publisher = RabbitMQPublisher(AMQP_URL, exchange, marks)
        publisher.publish(messages)
        publisher.close()
        got = [message for _tag, message in consumer.read(inactivity_timeout=1.0)]
        consumer.close()
        assert got == messages[:1]

    def test_unreachable_broker_is_transient_and_releases_claims(
        self, redis_client: redis.Redis, settings: Settings, messages: list[Message]
    ) -> None:
        """With no broker the publish raises TransientError and a retry may send again."""
        marks = PublishedMarks(redis_client, f"{settings.stream_prefix}:amqp", 60)
        publisher = RabbitMQPublisher("amqp://guest:guest@127.0.0.1:1/%2F", "x", marks)
        with pytest.raises(TransientError):
            publisher.publish(messages)
        assert marks.claim([m.message_id for m in messages]) == [True, True, True]


class TestNatsPublisher:
    """JetStream subjects per type, Nats-Msg-Id dedup."""

    def test_publish_once_per_id(self, nats_stream: str, messages: list[Message]) -> None:
        """The stream is created if missing; a republish is a server-side duplicate; a durable
        consumer on <prefix>.records reads the record exactly once."""
        prefix = nats_stream.lower()
        publisher = NatsPublisher(NATS_URL, nats_stream, prefix, duplicate_window_seconds=60)
        assert publisher.publish(messages) == [True, True, True]
        assert publisher.publish(messages) == [False, False, False]
        publisher.close()
        consumer = NatsConsumer(NATS_URL, nats_stream, f"{prefix}.records", "it")
        got = consumer.read(10, timeout=1.0)
        for token, _message in got:
            consumer.ack(token)
        assert [message for _token, message in got] == messages[:1]
        assert consumer.read(10, timeout=0.5) == []
        consumer.close()

    def test_unreachable_server_is_transient(self, messages: list[Message]) -> None:
        """With no server the publish raises TransientError."""
        publisher = NatsPublisher("nats://127.0.0.1:1", "NOPE", "nope")
        with pytest.raises(TransientError):
            publisher.publish(messages)
        publisher.close()
