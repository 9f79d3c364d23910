"""RabbitMQ: a durable topic exchange, persistent messages, publisher confirms, and routing keys
a consumer can bind to: ``record.<language>.<country>``, ``duplicate.<match>``,
``dead.<stage>``, ``event.<plover>.<actor country>``."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pika
import pika.exceptions

from eventwire.channels.base import STREAMS, decode, encode
from eventwire.channels.marks import PublishedMarks
from eventwire.schemas.errors import TransientError
from eventwire.schemas.messages import Message

ROUTING_PREFIX: dict[str, str] = {
    "article_record": "record",
    "duplicate_notice": "duplicate",
    "dead_letter": "dead",
    "event_record": "event",
}
"""First word of the routing key of each message type (default: the type itself)."""


def _word(value: str | None, default: str) -> str:
    """A routing-key word: lower case, no dots (they separate words)."""
    return (value or default).lower().replace(".", "_").replace(" ", "_") or default


def _record_words(message: Message) -> list[str]:
    if message.type != "article_record":
        raise TypeError(message.type)
    countries = [p.country for p in message.enrichment.places if p.country]
    return [
        _word(message.article.language, "und"),
        _word(countries[0] if countries else None, "xx"),
    ]


def _duplicate_words(message: Message) -> list[str]:
    if message.type != "duplicate_notice":
        raise TypeError(message.type)
    return [message.match]


def _dead_words(message: Message) -> list[str]:
    if message.type != "dead_letter":
        raise TypeError(message.type)
    return [message.stage]


def _event_words(message: Message) -> list[str]:
    if message.type != "event_record":
        raise TypeError(message.type)
    actor = message.source or message.target
    return [_word(message.plover, "none"), _word(actor.code[:3] if actor else None, "xx")]


def _no_words(_message: Message) -> list[str]:
    return []


ROUTING_WORDS: dict[str, Callable[[Message], list[str]]] = {
    "article_record": _record_words,
    "duplicate_notice": _duplicate_words,
    "dead_letter": _dead_words,
    "event_record": _event_words,
}
"""The words after the first one, per message type; a type without an entry has none."""


def routing_key(message: Message) -> str:
    """Where a message goes on the topic exchange: ``record.<language>.<country>`` (country of
    the first place that has one, else ``xx``; language else ``und``), ``duplicate.<match>``,
    ``dead.<stage>``."""
    words = ROUTING_WORDS.get(message.type, _no_words)(message)
    return ".".join([ROUTING_PREFIX.get(message.type, message.type), *words])


BINDINGS: dict[str, str] = {
    stream: f"{ROUTING_PREFIX.get(message_type, message_type)}.#"
    for message_type, stream in STREAMS.items()
}
"""The binding that selects one stream's messages, by stream name (``records`` -> ``record.#``)."""


class RabbitMQPublisher:
    """Publishes on a durable topic exchange and waits for the broker's confirm of each message
    before returning, so the task acks its batch only once RabbitMQ has the messages.

    RabbitMQ does not drop repeated ids itself: ``marks`` remembers what it confirmed, and every
    message carries its id in the ``message_id`` property for consumer-side dedup.
    """

    def __init__(self, url: str, exchange: str, marks: PublishedMarks) -> None:
        self.url = url
        self.exchange = exchange
        self.marks = marks
        self._connection: pika.BlockingConnection | None = None
        self._channel: pika.adapters.blocking_connection.BlockingChannel | None = None

    def _open(self) -> pika.adapters.blocking_connection.BlockingChannel:
        if self._channel is None or not self._channel.is_open:
            self.close()
            self._connection = pika.BlockingConnection(pika.URLParameters(self.url))
            channel = self._connection.channel()
            channel.exchange_declare(self.exchange, exchange_type="topic", durable=True)
            channel.confirm_delivery()
            self._channel = channel
        return self._channel

    def close(self) -> None:
        if self._connection is not None and self._connection.is_open:
            self._connection.close()
        self._connection = None
        self._channel = None

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        claimed = self.marks.claim([m.message_id for m in messages])
        sent: list[str] = []
        try:
            channel = self._open()
            for message, mine in zip(messages, claimed, strict=True):
                if not mine:
                    continue
                # With confirms on, basic_publish returns once the broker has confirmed it,
                # and raises if the broker nacked or returned it.
                channel.basic_publish(
                    self.exchange,
                    routing_key(message),
                    encode(message),
                    pika.BasicProperties(
                        content_type="application/json",
                        delivery_mode=pika.DeliveryMode.Persistent,
                        message_id=message.message_id,
                        type=message.type,
                    ),
                )
                sent.append(message.message_id)
        except (pika.exceptions.AMQPError, OSError) as exc:
            self.marks.confirm(sent)
            self.marks.release(
                [
                    m.message_id
                    for m, mine in zip(messages, claimed, strict=True)
                    if mine and m.message_id not in sent
                ]
            )
            self.close()
            raise TransientError(f"rabbitmq publish failed: {exc!r}") from exc
        self.marks.confirm(sent)
        return claimed


class RabbitMQConsumer:
    """Reads messages from a durable queue bound to the exchange; ack after the side effect."""

    def __init__(self, url: str, exchange: str, queue: str, bindings: Sequence[str]) -> None:
        self.connection = pika.BlockingConnection(pika.URLParameters(url))
        self.channel = self.connection.channel()
        self.channel.exchange_declare(exchange, exchange_type="topic", durable=True)
        self.channel.queue_declare(queue, durable=True)
        for binding in bindings:
            self.channel.queue_bind(queue, exchange, routing_key=binding)
        self.channel.basic_qos(prefetch_count=100)
        self.queue = queue

    def read(self, inactivity_timeout: float) -> Iterator[tuple[int, Message]]:
        """Yield (delivery tag, message) until ``inactivity_timeout`` seconds pass with none."""
        for method, properties, body in self.channel.consume(
            self.queue, inactivity_timeout=inactivity_timeout
        ):
            if method is None:
                return
            yield method.delivery_tag, decode(properties.type, body)

    def ack(self, delivery_tag: int) -> None:
        self.channel.basic_ack(delivery_tag)

    def close(self) -> None:
        if self.channel.is_open:
            self.channel.cancel()
        if self.connection.is_open:
            self.connection.close()
