"""Redis Streams: the default channel. One stream per message type, an atomic check-and-XADD
per message so republishing is a no-op, and a consumer-group reader for downstream services."""

from __future__ import annotations

import os
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import redis

from eventwire.channels.base import STREAMS, decode, encode
from eventwire.schemas.messages import Message

# KEYS[1] marker of the message id, KEYS[2] the stream.
# ARGV: message id, maxlen, marker ttl, type, body.
# The marker key's hash tag is the stream's name, so both keys live in one cluster slot.
# The marker's value becomes the stream entry id, so that readers (the HTTP intake's
# GET /v1/records/{id}) find a message by its id with one GET and one XRANGE.
_PUBLISH_ONCE = """
if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[3]) then
  local entry = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[2], '*',
                           'id', ARGV[1], 'type', ARGV[4], 'body', ARGV[5])
  redis.call('SET', KEYS[1], entry, 'KEEPTTL')
  return entry
end
return false
"""


class RedisStreamPublisher:
    """Publishes each message on ``<prefix>:<records|duplicates|dead>`` exactly once per id."""

    def __init__(
        self, client: redis.Redis, prefix: str, maxlen: int, published_ttl_seconds: int
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.maxlen = maxlen
        self.published_ttl_seconds = published_ttl_seconds
        self._script = client.register_script(_PUBLISH_ONCE)

    def stream_for(self, message: Message) -> str:
        return f"{self.prefix}:{STREAMS[message.type]}"

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        """Publish all messages in one pipelined round trip."""
        if not messages:
            return []
        pipe = self.client.pipeline(transaction=False)
        for message in messages:
            stream = self.stream_for(message)
            self._script(
                keys=[f"{{{stream}}}:published:{message.message_id}", stream],
                args=[
                    message.message_id,
                    self.maxlen,
                    self.published_ttl_seconds,
                    message.type,
                    encode(message),
                ],
                client=pipe,
            )
        return [result is not None for result in pipe.execute()]


@dataclass(frozen=True, slots=True)
class StreamEntry:
    """One message read from a stream, with the entry id to acknowledge."""

    entry_id: str
    message_id: str
    message: Message


def default_consumer_name() -> str:
    """A consumer name unique to this process: host and pid."""
    return f"{socket.gethostname()}-{os.getpid()}"


class StreamConsumer:
    """Reads one stream through a consumer group; acknowledge after your side effect."""

    def __init__(self, client: redis.Redis, stream: str, group: str, consumer: str) -> None:
        self.client = client
        self.stream = stream
        self.group = group
        self.consumer = consumer

    def ensure_group(self, start: str = "0") -> None:
        """Create the group (and stream) if missing; a new group reads from ``start``."""
        try:
            self.client.xgroup_create(self.stream, self.group, id=start, mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def read(self, count: int = 100, block_ms: int | None = 1000) -> list[StreamEntry]:
        """Deliver up to ``count`` new entries to this consumer (waiting up to ``block_ms``)."""
        reply = cast(
            list[Any],
            self.client.xreadgroup(
                self.group, self.consumer, {self.stream: ">"}, count=count, block=block_ms
            ),
        )
        entries: list[StreamEntry] = []
        for _stream, items in reply or []:
            for entry_id, fields in items:
                entries.append(_entry(entry_id, fields))
        return entries

    def ack(self, entries: Sequence[StreamEntry]) -> int:
        """Acknowledge entries once they have been handled."""
        if not entries:
            return 0
        return int(self.client.xack(self.stream, self.group, *[e.entry_id for e in entries]))


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _entry(entry_id: bytes | str, fields: dict[Any, Any]) -> StreamEntry:
    decoded = {_text(key): value for key, value in fields.items()}
    return StreamEntry(
        entry_id=_text(entry_id),
        message_id=_text(decoded["id"]),
        message=decode(_text(decoded["type"]), decoded["body"]),
    )
