"""Redis Streams: the default channel. One stream per message type, an atomic check-and-XADD
per message so republishing is a no-op, and a consumer-group reader for downstream services."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

import redis

from eventwire.channels.base import STREAMS, decode
from eventwire.schemas.events import EventRecord
from eventwire.schemas.generations import event_field, generations
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import DeadLetter, Message, message_json

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

# An event record is republished with a higher version at each change; one marker per event
# (not per version) says which of its versions went out, as a field of a hash shared by every
# event (a key per event costs about 100 bytes more). A hash cannot expire its fields, so the
# hashes are generations of an eighth of ``published_ttl_seconds``: a marker is written to the
# current one and removed from the others, and a generation expires ``published_ttl_seconds``
# after it ends, so a marker lasts that long after its last write, and at most an eighth more.
# The eight generations before are read too, and the next, so that a worker whose clock is a
# little ahead or behind still finds a marker written across a boundary.
# KEYS[1]: the stream; KEYS[2]: the current generation; KEYS[3..]: the others.
# ARGV: message id, maxlen, seconds until the current generation expires, type, body, version,
# the event's field.
# The marker is '<highest version sent> <mask> <its entry id>'; bit i of mask is set when
# version highest - i has been sent, for the 32 versions up to the highest, so versions that
# two workers publish out of order still go out once each. A version 32 or more behind the
# highest counts as sent: its successors have carried all of it.
_PUBLISH_VERSION_ONCE = """
local window = 32
local field = ARGV[7]
local version = tonumber(ARGV[6])
local high, mask, entry = 0, 0, ''
for i = 2, #KEYS do
  local marker = redis.call('HGET', KEYS[i], field)
  if marker then
    local h, m, e = string.match(marker, '^(%d+) (%d+) (.*)$')
    if tonumber(h) > high then
      high, mask, entry = tonumber(h), tonumber(m), e
    end
  end
end
local behind = high - version
if behind >= window then
  return false
end
if behind >= 0 then
  local bit = 2 ^ behind
  if math.floor(mask / bit) % 2 == 1 then
    return false
  end
  mask = mask + bit
end
local added = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*',
                         'id', ARGV[1], 'type', ARGV[4], 'body', ARGV[5])
if behind < 0 then
  if -behind >= window then
    mask = 1
  else
    mask = (mask * 2 ^ -behind) % 2 ^ window + 1
  end
  high, entry = version, added
end
redis.call('HSET', KEYS[2], field, string.format('%d %d %s', high, mask, entry))
redis.call('EXPIRE', KEYS[2], ARGV[3])
for i = 3, #KEYS do
  redis.call('HDEL', KEYS[i], field)
end
return added
"""


def event_marker_keys(stream: str, ttl_seconds: int, now: float) -> tuple[list[str], int]:
    """The generations of event markers that may hold an event's marker at ``now`` (the
    current one first, then the eight before and the next), and the seconds until the current
    one is to expire."""
    found, expires = generations(ttl_seconds, now)
    return [f"{{{stream}}}:published:g{generation}" for generation in found], expires


class RedisStreamPublisher:
    """Publishes each message on ``<prefix>:<STREAMS[type]>`` exactly once per id.

    The marker of a message is ``{<stream>}:published:<message id>``, except for event records:
    one marker per event, a field of the hash ``{<stream>}:published:g<generation>``, covers all
    its versions (``clock``, unix seconds, picks the generation).

    Streams are capped with ``MAXLEN ~ maxlen``: the cap must exceed the worst lag of the
    slowest consumer group (entries published during its longest outage or backlog), or entries
    are trimmed before that group reads them. Size it as peak messages per second x longest
    tolerated consumer outage in seconds, with a margin; see docs/channels.md.
    """

    def __init__(
        self,
        client: redis.Redis,
        prefix: str,
        maxlen: int,
        published_ttl_seconds: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.clock = clock
        self.prefix = prefix
        self.maxlen = maxlen
        self.published_ttl_seconds = published_ttl_seconds
        self._script = client.register_script(_PUBLISH_ONCE)
        self._versioned = client.register_script(_PUBLISH_VERSION_ONCE)

    def stream_for(self, message: Message) -> str:
        return f"{self.prefix}:{STREAMS[message.type]}"

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        """Publish all messages in one pipelined round trip."""
        if not messages:
            return []
        pipe = self.client.pipeline(transaction=False)
        for message in messages:
            stream = self.stream_for(message)
            args: list[str | int | bytes] = [
                message.message_id,
                self.maxlen,
                self.published_ttl_seconds,
                message.type,
                message_json(message),
            ]
            if isinstance(message, EventRecord):
                # EXPIRE, not EXPIREAT, which the workers' ACL user may not run.
                keys, args[2] = event_marker_keys(stream, self.published_ttl_seconds, self.clock())
                self._versioned(
                    keys=[stream, *keys],
                    args=[*args, message.version, event_field(message.event_id)],
                    client=pipe,
                )
            else:
                self._script(
                    keys=[f"{{{stream}}}:published:{message.message_id}", stream],
                    args=args,
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
    """Reads one stream through a consumer group; acknowledge after your side effect.

    A downstream service loops on :meth:`poll`: it first takes over entries that another
    consumer of the group was delivered but has not acknowledged for ``min_idle_ms`` (that
    consumer is presumed dead; XAUTOCLAIM), then reads new entries (XREADGROUP ``>``). An entry
    delivered ``max_deliveries`` times without an acknowledgement (its handler keeps failing)
    is moved to ``dead_stream`` as a dead letter and acknowledged, so it stops coming back.
    """

    def __init__(
        self,
        client: redis.Redis,
        stream: str,
        group: str,
        consumer: str,
        *,
        min_idle_ms: int = 60_000,
        max_deliveries: int = 5,
        dead_stream: str | None = None,
    ) -> None:
        self.client = client
        self.stream = stream
        self.group = group
        self.consumer = consumer
        self.min_idle_ms = min_idle_ms
        self.max_deliveries = max_deliveries
        self.dead_stream = dead_stream or f"{stream}:consumer-dead:{group}"

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

    def claim_stale(self, count: int = 100) -> list[StreamEntry]:
        """Take over entries idle for ``min_idle_ms`` in another consumer's pending list.

        Entries already delivered ``max_deliveries`` times are dead-lettered instead of
        returned. Entries trimmed from the stream meanwhile (MAXLEN) are dropped from the
        pending list by Redis itself.
        """
        reply: list[Any] = self.client.xautoclaim(
            self.stream, self.group, self.consumer, self.min_idle_ms, "0-0", count=count
        )
        claimed = [(entry_id, fields) for entry_id, fields in reply[1] if fields]
        if not claimed:
            return []
        deliveries = self.delivery_counts([_text(entry_id) for entry_id, _ in claimed])
        live: list[StreamEntry] = []
        for entry_id, fields in claimed:
            if deliveries.get(_text(entry_id), 0) > self.max_deliveries:
                self._dead_letter(_text(entry_id), fields, deliveries[_text(entry_id)])
            else:
                live.append(_entry(entry_id, fields))
        return live

    def poll(self, count: int = 100, block_ms: int | None = 1000) -> list[StreamEntry]:
        """Stale entries of dead consumers first, else new entries."""
        return self.claim_stale(count) or self.read(count, block_ms)

    def delivery_counts(self, entry_ids: Sequence[str]) -> dict[str, int]:
        """How many times each pending entry has been delivered (XPENDING)."""
        if not entry_ids:
            return {}
        ordered = sorted(entry_ids, key=_entry_order)
        rows = cast(
            list[dict[str, Any]],
            self.client.xpending_range(
                self.stream, self.group, min=ordered[0], max=ordered[-1], count=len(entry_ids) * 4
            ),
        )
        wanted = set(entry_ids)
        return {
            _text(row["message_id"]): int(row["times_delivered"])
            for row in rows
            if _text(row["message_id"]) in wanted
        }

    def ack(self, entries: Sequence[StreamEntry]) -> int:
        """Acknowledge entries once they have been handled."""
        if not entries:
            return 0
        return int(self.client.xack(self.stream, self.group, *[e.entry_id for e in entries]))

    def _dead_letter(self, entry_id: str, fields: dict[Any, Any], deliveries: int) -> None:
        decoded = {_text(key): _text(value) for key, value in fields.items()}
        letter = DeadLetter(
            dead_letter_id=derive_id("dead", self.stream, self.group, entry_id),
            article_id=None,
            stage="publish",
            reason="max_deliveries_exceeded",
            message=(
                f"entry {entry_id} of {self.stream} was delivered {deliveries} times to group "
                f"{self.group!r} without an acknowledgement"
            ),
            payload=decoded,
            received_at=datetime.now(UTC),
        )
        pipe = self.client.pipeline(transaction=True)
        pipe.xadd(
            self.dead_stream,
            {"id": letter.dead_letter_id, "type": letter.type, "body": message_json(letter)},
        )
        pipe.xack(self.stream, self.group, entry_id)
        pipe.execute()


def _entry_order(entry_id: str) -> tuple[int, int]:
    millis, _, seq = entry_id.partition("-")
    return int(millis), int(seq or 0)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _entry(entry_id: bytes | str, fields: dict[Any, Any]) -> StreamEntry:
    decoded = {_text(key): value for key, value in fields.items()}
    return StreamEntry(
        entry_id=_text(entry_id),
        message_id=_text(decoded["id"]),
        message=decode(_text(decoded["type"]), decoded["body"]),
    )
