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
from eventwire.channels.lua import PipelineScript, execute
from eventwire.schemas.events import EventRecord
from eventwire.schemas.generations import (
    event_digest,
    event_field,
    generations,
    marker_bucket,
    message_digest,
)
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import DeadLetter, Message, message_json

# The big-endian bytes of a number, used by both publish scripts.
_BYTES_OF = """
local function bytes_of(value, size)
  local out = {}
  for i = size, 1, -1 do
    out[i] = string.char(value % 256)
    value = math.floor(value / 256)
  end
  return table.concat(out)
end
"""

# A message other than an event record is published once per id. Its marker, which every copy
# checks, is 22 bytes packed with others' into a bucket field of a hash shared by the stream's
# messages (a key per message costs about 130 bytes, a field of its own in a large hash about
# 80): field = the first byte of the message's 12-byte digest (``message_digest``) and the top
# four bits of its second (4,096 buckets); entry = <digest: 12 bytes><its stream entry id:
# milliseconds 6, sequence 4>, big-endian, so that readers (the HTTP intake's
# GET /v1/records/{id}) find a message by its id with one HGET per generation and one XRANGE.
# The hashes are generations of an eighth of ``published_ttl_seconds`` like the event markers
# below, ``{<stream>}:published:g<generation>``: written in the current one, which expires
# ``published_ttl_seconds`` after it ends, and looked for in the eight before and the next too.
# The hash tag of every marker key is the stream's name, so they share the stream's cluster slot.
# KEYS[1]: the stream; KEYS[2]: the marker key of the layout before generations
# (``{<stream>}:published:<message id>``, only read: a message published before an upgrade is
# not published again); KEYS[3]: the current generation; KEYS[4..]: the others.
# ARGV: message id, maxlen, seconds until the current generation expires, type, body, bucket
# field, digest.
_PUBLISH_ONCE = (
    _BYTES_OF
    + """
local field, digest, ENTRY = ARGV[6], ARGV[7], 22
if redis.call('EXISTS', KEYS[2]) == 1 then
  return false
end
local current
for i = 3, #KEYS do
  local bucket = redis.call('HGET', KEYS[i], field)
  if i == 3 then current = bucket end
  local at = 1
  while bucket do
    local found = string.find(bucket, digest, at, true)
    if not found then break end
    if (found - 1) % ENTRY == 0 then return false end
    at = found + 1
  end
end
local entry = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*',
                         'id', ARGV[1], 'type', ARGV[4], 'body', ARGV[5])
local ms, seq = string.match(entry, '^(%d+)-(%d+)$')
local marker = digest .. bytes_of(tonumber(ms), 6) .. bytes_of(tonumber(seq), 4)
redis.call('HSET', KEYS[3], field, (current or '') .. marker)
redis.call('EXPIRE', KEYS[3], ARGV[3])
return entry
"""
)

# An event record is republished with a higher version at each change; one marker per event
# (not per version) says which of its versions went out. Markers are packed, 30 bytes each, into
# the fields of a hash shared by every event (a field of its own costs about 60 bytes more in a
# large hash): field = the first byte of the event's 12-byte digest (``event_digest``) and the
# top four bits of its second, 4,096 buckets; value = entries <digest: 12 bytes><highest
# version sent: 4><mask: 4><its entry id: milliseconds 6, sequence 4>, big-endian. Bit i of the
# mask is set when version highest - i has been sent, for the 32 versions up to the highest, so
# versions that two workers publish out of order still go out once each. A version 32 or more
# behind the highest counts as sent: its successors have carried all of it.
# A hash cannot expire its fields, so the hashes are generations of an eighth of
# ``published_ttl_seconds``, ``{<stream>}:published:e<generation>``: a marker is written to the
# current one and removed from the others, and a generation expires ``published_ttl_seconds``
# after it ends, so a marker lasts that long after its last write, and at most an eighth more.
# The eight generations before are read too, and the next, so that a worker whose clock is a
# little ahead or behind still finds a marker written across a boundary; and so are the same
# generations of the earlier layout, ``{<stream>}:published:g<generation>`` (a field per event
# valued '<highest> <mask> <entry id>'), only read, until they expire.
# KEYS[1]: the stream; KEYS[2]: the current generation; KEYS[3..n]: the others; KEYS[n+1..]:
# the generations of the earlier layout. ARGV: message id, maxlen, seconds until the current
# generation expires, type, body, version, the bucket field, the digest, the earlier layout's
# field, n.
_PUBLISH_VERSION_ONCE = (
    _BYTES_OF
    + """
local window, ENTRY = 32, 30
local field, digest, earlier = ARGV[7], ARGV[8], ARGV[9]
local version, n = tonumber(ARGV[6]), tonumber(ARGV[10])
local function number_at(s, at, size)
  local value = 0
  for i = at, at + size - 1 do
    value = value * 256 + string.byte(s, i)
  end
  return value
end
local function place(bucket)
  local at = 1
  while bucket do
    local found = string.find(bucket, digest, at, true)
    if not found then return nil end
    if (found - 1) % ENTRY == 0 then return found end
    at = found + 1
  end
  return nil
end
local high, mask, entry = 0, 0, ''
local buckets, places = {}, {}
for i = 2, n do
  local bucket = redis.call('HGET', KEYS[i], field)
  local at = bucket and place(bucket)
  buckets[i], places[i] = bucket, at
  if at then
    local h, m = number_at(bucket, at + 12, 4), number_at(bucket, at + 16, 4)
    local ms, seq = number_at(bucket, at + 20, 6), number_at(bucket, at + 26, 4)
    if h > high then
      high, mask, entry = h, m, string.format('%.0f-%.0f', ms, seq)
    end
  end
end
for i = n + 1, #KEYS do
  local marker = redis.call('HGET', KEYS[i], earlier)
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
local ms, seq = string.match(entry, '^(%d+)-(%d+)$')
local marker = digest .. bytes_of(high, 4) .. bytes_of(mask, 4) .. bytes_of(tonumber(ms), 6)
  .. bytes_of(tonumber(seq), 4)
local current, at = buckets[2] or '', places[2]
if at then
  current = string.sub(current, 1, at - 1) .. marker .. string.sub(current, at + ENTRY)
else
  current = current .. marker
end
redis.call('HSET', KEYS[2], field, current)
redis.call('EXPIRE', KEYS[2], ARGV[3])
for i = 3, n do
  at = places[i]
  if at then
    local rest = string.sub(buckets[i], 1, at - 1) .. string.sub(buckets[i], at + ENTRY)
    if rest == '' then
      redis.call('HDEL', KEYS[i], field)
    else
      redis.call('HSET', KEYS[i], field, rest)
    end
  end
end
return added
"""
)


class RedisStreamPublisher:
    """Publishes each message on ``<prefix>:<STREAMS[type]>`` exactly once per id.

    The marker of a message is packed with others in a bucket field of the hash
    ``{<stream>}:published:g<generation>`` (``clock``, unix seconds, picks the generation); for
    event records one marker per event covers all its versions, packed likewise in
    ``{<stream>}:published:e<generation>``.

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
        self._script = PipelineScript(client, _PUBLISH_ONCE)
        self._versioned = PipelineScript(client, _PUBLISH_VERSION_ONCE)

    def stream_for(self, message: Message) -> str:
        return f"{self.prefix}:{STREAMS[message.type]}"

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        """Publish all messages in one pipelined round trip."""
        if not messages:
            return []
        # One clock reading per batch, and each stream's marker keys made once (as the bytes
        # redis-py would encode): a batch that straddles a generation boundary writes all its
        # markers in the earlier one, which every reader looks in (it reads the eight
        # generations before the current one and the next).
        now = self.clock()
        found, expires = generations(self.published_ttl_seconds, now)
        streams: dict[str, tuple[str, bytes, list[bytes], list[bytes]]] = {}
        maxlen = self.maxlen
        queue_once, queue_versioned = self._script.queue, self._versioned.queue
        pipe = self.client.pipeline(transaction=False)
        for message in messages:
            kind = message.type
            known = streams.get(kind)
            if known is None:
                stream = f"{self.prefix}:{STREAMS[kind]}"
                known = streams[kind] = (
                    stream,
                    stream.encode(),
                    [f"{{{stream}}}:published:g{n}".encode() for n in found],
                    [f"{{{stream}}}:published:e{n}".encode() for n in found],
                )
            stream, key, keys, versioned = known
            # EXPIRE, not EXPIREAT, which the workers' ACL user may not run.
            if isinstance(message, EventRecord):
                digest = event_digest(message.event_id)
                queue_versioned(
                    pipe,
                    keys=[key, *versioned, *keys],
                    args=[
                        message.message_id,
                        maxlen,
                        expires,
                        kind,
                        message_json(message),
                        message.version,
                        marker_bucket(digest),
                        digest,
                        event_field(message.event_id),
                        1 + len(versioned),
                    ],
                )
            else:
                message_id = message.message_id
                digest = message_digest(message_id)
                queue_once(
                    pipe,
                    keys=[key, f"{{{stream}}}:published:{message_id}", *keys],
                    args=[
                        message_id,
                        maxlen,
                        expires,
                        kind,
                        message_json(message),
                        marker_bucket(digest),
                        digest,
                    ],
                )
        replies = execute(pipe, (self._script, self._versioned))
        return [result is not None for result in replies]


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
