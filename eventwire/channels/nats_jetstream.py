"""NATS JetStream: a subject per message type (``<prefix>.records`` ...), each message with its
id in the ``Nats-Msg-Id`` header so the stream's duplicate window drops redeliveries.

nats-py is asyncio only; :class:`NatsPublisher` keeps one event loop and connection of its own
and runs them to completion in the calling (synchronous worker) thread."""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine, Sequence
from typing import Any, TypeVar

import nats
import nats.errors
import nats.js.errors
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy, StreamConfig

from eventwire.channels.base import STREAMS, decode, encode
from eventwire.schemas.errors import TransientError
from eventwire.schemas.messages import Message

T = TypeVar("T")

MSG_ID_HEADER = "Nats-Msg-Id"


def subject_for(prefix: str, message_type: str) -> str:
    """The subject of a message type: ``<prefix>.<stream>``, the same names as Redis Streams."""
    return f"{prefix}.{STREAMS[message_type]}"


class _Loop:
    """A private event loop that a synchronous caller drives one coroutine at a time."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()

    def run(self, coroutine: Coroutine[Any, Any, T]) -> T:
        return self.loop.run_until_complete(coroutine)

    def close(self) -> None:
        self.loop.close()


async def _ensure_stream(
    js: JetStreamContext, stream: str, prefix: str, duplicate_window: float
) -> None:
    try:
        await js.stream_info(stream)
    except nats.js.errors.NotFoundError:
        await js.add_stream(
            StreamConfig(name=stream, subjects=[f"{prefix}.>"], duplicate_window=duplicate_window)
        )


class NatsPublisher:
    """Publishes on JetStream and waits for each message's ack (stored, or a dropped duplicate).

    Returns False for a message the server reports as a duplicate within its window.
    """

    def __init__(
        self,
        url: str,
        stream: str,
        prefix: str,
        duplicate_window_seconds: float = 86_400,
        ack_timeout_seconds: float = 10.0,
    ) -> None:
        self.url = url
        self.stream = stream
        self.prefix = prefix
        self.duplicate_window = duplicate_window_seconds
        self.ack_timeout = ack_timeout_seconds
        self._loop = _Loop()
        self._client: Client | None = None
        self._js: JetStreamContext | None = None

    async def _connect(self) -> JetStreamContext:
        if self._js is None or self._client is None or not self._client.is_connected:
            self._client = await nats.connect(
                self.url, connect_timeout=5, max_reconnect_attempts=2, allow_reconnect=False
            )
            self._js = self._client.jetstream()
            await _ensure_stream(self._js, self.stream, self.prefix, self.duplicate_window)
        return self._js

    async def _publish(self, messages: Sequence[Message]) -> list[bool]:
        js = await self._connect()
        fresh = []
        for message in messages:
            ack = await js.publish(
                subject_for(self.prefix, message.type),
                encode(message),
                stream=self.stream,
                headers={MSG_ID_HEADER: message.message_id},
                timeout=self.ack_timeout,
            )
            fresh.append(not ack.duplicate)
        return fresh

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        if not messages:
            return []
        try:
            return self._loop.run(self._publish(messages))
        except (nats.errors.Error, OSError, TimeoutError) as exc:
            self._js = None
            raise TransientError(f"nats publish failed: {exc!r}") from exc

    def close(self) -> None:
        if self._client is not None and not self._client.is_closed:
            self._loop.run(self._client.close())
        self._loop.close()


class NatsConsumer:
    """A durable pull consumer on one subject; ack after the side effect."""

    def __init__(
        self, url: str, stream: str, subject: str, durable: str, prefix: str | None = None
    ) -> None:
        self._loop = _Loop()
        self._client: Client = self._loop.run(nats.connect(url, connect_timeout=5))
        js = self._client.jetstream()
        if prefix is not None:
            # A consumer may start before the first publisher: create the stream as it would.
            self._loop.run(_ensure_stream(js, stream, prefix, 86_400))
        self._sub = self._loop.run(
            js.pull_subscribe(
                subject,
                durable=durable,
                stream=stream,
                config=ConsumerConfig(
                    ack_policy=AckPolicy.EXPLICIT, deliver_policy=DeliverPolicy.ALL
                ),
            )
        )
        self._pending: dict[str, Any] = {}

    def read(self, count: int, timeout: float) -> list[tuple[str, Message]]:
        """Up to ``count`` messages as (token to ack, message); empty after ``timeout`` seconds."""
        try:
            msgs = self._loop.run(self._sub.fetch(count, timeout=timeout))
        except (nats.errors.TimeoutError, TimeoutError):
            # nats-py raises its own error or asyncio's, depending on where the wait ran out.
            return []
        out = []
        for msg in msgs:
            subject_stream = msg.subject.rsplit(".", 1)[-1]
            message_type = next(t for t, s in STREAMS.items() if s == subject_stream)
            token = f"{msg.metadata.sequence.stream}"
            self._pending[token] = msg
            out.append((token, decode(message_type, msg.data)))
        return out

    def ack(self, token: str) -> None:
        self._loop.run(self._pending.pop(token).ack())

    def close(self) -> None:
        self._loop.run(self._client.close())
        self._loop.close()
