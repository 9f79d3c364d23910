"""One reading interface over the channels that keep messages for consumers (Redis Streams,
RabbitMQ, NATS JetStream), so that ``eventwire tail`` prints the same thing from each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import redis

from eventwire.channels.nats_jetstream import NatsConsumer
from eventwire.channels.rabbitmq import BINDINGS, RabbitMQConsumer
from eventwire.channels.redis_streams import StreamConsumer, StreamEntry, default_consumer_name
from eventwire.schemas.messages import Message
from eventwire.settings import Settings


class Source(Protocol):
    """Messages to read, each with a token to acknowledge it by once handled."""

    def read(self, count: int, timeout: float) -> list[tuple[str, Message]]: ...

    def ack(self, tokens: Sequence[str]) -> None: ...

    def close(self) -> None: ...


class RedisSource:
    """A Redis Streams consumer group."""

    def __init__(self, settings: Settings, stream: str, group: str, consumer: str) -> None:
        self.client = redis.Redis.from_url(settings.redis_url)
        self.reader = StreamConsumer(self.client, settings.stream(stream), group, consumer)
        self.reader.ensure_group()
        self._entries: dict[str, StreamEntry] = {}

    def read(self, count: int, timeout: float) -> list[tuple[str, Message]]:
        entries = self.reader.read(count=count, block_ms=int(timeout * 1000))
        self._entries.update((entry.entry_id, entry) for entry in entries)
        return [(entry.entry_id, entry.message) for entry in entries]

    def ack(self, tokens: Sequence[str]) -> None:
        self.reader.ack([self._entries.pop(token) for token in tokens])

    def close(self) -> None:
        self.client.close()


class RabbitMQSource:
    """A durable queue ``<group>.<stream>`` bound to the exchange for one stream's messages.

    RabbitMQ keeps only what arrives after the queue exists: the first tail of a group sees
    messages published from then on.
    """

    def __init__(self, settings: Settings, stream: str, group: str) -> None:
        self.consumer = RabbitMQConsumer(
            settings.amqp_url, settings.amqp_exchange, f"{group}.{stream}", [BINDINGS[stream]]
        )

    def read(self, count: int, timeout: float) -> list[tuple[str, Message]]:
        out: list[tuple[str, Message]] = []
        for tag, message in self.consumer.read(inactivity_timeout=timeout):
            out.append((str(tag), message))
            if len(out) >= count:
                break
        return out

    def ack(self, tokens: Sequence[str]) -> None:
        for token in tokens:
            self.consumer.ack(int(token))

    def close(self) -> None:
        self.consumer.close()


class NatsSource:
    """A durable pull consumer ``<group>-<stream>`` on ``<prefix>.<stream>``."""

    def __init__(self, settings: Settings, stream: str, group: str) -> None:
        self.consumer = NatsConsumer(
            settings.nats_url,
            settings.nats_stream,
            f"{settings.stream_prefix}.{stream}",
            f"{group}-{stream}".replace(".", "_"),
            prefix=settings.stream_prefix,
        )

    def read(self, count: int, timeout: float) -> list[tuple[str, Message]]:
        return self.consumer.read(count, timeout)

    def ack(self, tokens: Sequence[str]) -> None:
        for token in tokens:
            self.consumer.ack(token)

    def close(self) -> None:
        self.consumer.close()


def open_source(
    channel: str, settings: Settings, stream: str, group: str, consumer: str | None
) -> Source:
    """The reader of ``stream`` on ``channel`` (redis, rabbitmq or nats)."""
    if channel == "redis":
        return RedisSource(settings, stream, group, consumer or default_consumer_name())
    if channel == "rabbitmq":
        return RabbitMQSource(settings, stream, group)
    if channel == "nats":
        return NatsSource(settings, stream, group)
    raise ValueError(f"unknown channel {channel!r}; choose redis, rabbitmq or nats")
