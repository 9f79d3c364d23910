"""The Redis event store: merges article mentions into event records, atomically, keeping each
event in one small hash that Redis can hold in its compact (listpack) encoding."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

import redis

from eventwire.channels.lua import PipelineScript, execute
from eventwire.pipeline.events import EventMention
from eventwire.schemas.enrichment import ActorRef, CodedEvent
from eventwire.schemas.events import MAX_LISTED_RECORDS, EventRecord
from eventwire.schemas.generations import EVENT_DIGEST, generations

# Most events are reported by one article, and a key costs about 100 bytes beyond its value (a
# field of a large hash about 60), so an event with one article is packed as an entry of a
# bucket field of a hash shared with other events: its shard (two hex digits of its id, the hash
# tag, so the keys one script touches share a slot) and generation (an eighth of the TTL: the
# entry lasts the TTL after it was written and at most an eighth more; the eight generations
# before and the next are searched too); the bucket is the top four bits of the second byte of
# its 12-byte digest (``event_digest``), 16 per shard. An entry is <digest><length: 2 bytes>
# <value>, the value a zero byte, then the values of the fields its own hash would hold (below),
# without their names, in a fixed order (the record field, the source field, then _POSITIONAL),
# each after its length (one byte below 254, or 255 and two more; 254 alone: absent). The second
# article unpacks it into the event's own hash. (An event packed by the earlier layout, a field
# of its own named by its 12-byte id in the same hashes, valued with name and value pairs after
# the record field, is still read.)
#
# The event's hash: Redis keeps a hash as a listpack (a few bytes per field) while it has at
# most 128 fields of at most 64 bytes (the defaults), so every field is short, and a field whose
# value follows from the others is left out:
#   v version (= distinct articles), m mentions, n distinct sources beyond the first (absent: 0),
#   f first seen, l last seen (absent: f), as microseconds since the epoch for UTC times,
#   the first report's fields (_STATIC), each scalar in its own field: r (the root) only if it is
#   not the code's first two digits, s (statement) only if it is not 'root 01-03',
#   '#' + 12 raw bytes of a counted record id (or '$' + the id if it is not 'rec_' + 24 hex),
#   valued with the version that counted it; '@' + source: a counted source,
#   'k<version % cap>': once there are more than cap records, a ring of the latest ones, so that
#   listing them stays O(cap) (below, the record fields themselves are read).
# KEYS[1]: the event's hash; KEYS[2]: the current generation of packed events; KEYS[3..]: the
# others. ARGV: this report packed (its record field, source field, mentions and time are its
# first four values), seconds until the current generation expires, ttl, cap, the event's
# digest, its field in the earlier layout (empty: the digest itself, as for a derived id). The
# event's bucket field is the top four bits of its digest's second byte. A first report is
# packed and answered {1}: its record follows from the report itself. An article already
# counted changes nothing (a redelivery), but the current state is still returned (packed, or
# the hash's) so that a version whose publication was interrupted is published now.
_STATIC = ("c", "r", "p", "s", "w", "d", "a", "b", "e", "A", "B", "E")
_POSITIONAL = ("m", "f", *_STATIC)
"""The fields of a packed event after its record and source fields, in order."""
_MERGE = """
-- A packed event as the fields of its own hash (record field first): either layout.
local function unpacked(packed)
  local values, pos, positional = {}, 1, string.byte(packed, 1) == 0
  if positional then pos = 2 end
  while pos <= #packed do
    local size, skip = string.byte(packed, pos), 1
    if positional and size == 254 then
      values[#values + 1], size = false, -1
    elseif size == 255 then
      size, skip = string.byte(packed, pos + 1) * 256 + string.byte(packed, pos + 2), 3
    end
    if size >= 0 then
      values[#values + 1] = string.sub(packed, pos + skip, pos + skip + size - 1)
    else
      size = 0
    end
    pos = pos + skip + size
  end
  if not positional then return values end
  local items = {values[1], '1', values[2], '', 'v', '1'}
  for i, name in ipairs({POSITIONAL}) do
    if values[i + 2] then
      items[#items + 1] = name
      items[#items + 1] = values[i + 2]
    end
  end
  return items
end
local key, report, digest, earlier = KEYS[1], ARGV[1], ARGV[5], ARGV[6]
if earlier == '' then earlier = digest end
local mine
if redis.call('EXISTS', key) == 0 then
  local field = string.char(math.floor(string.byte(digest, 2) / 16))
  local packed, at, bucket, pos, size, current = false, 0, nil, nil, nil, nil
  for i = 2, #KEYS do
    local found = redis.call('HMGET', KEYS[i], field, earlier)
    if i == 2 then current = found[1] end
    if found[1] then
      pos = string.find(found[1], digest, 1, true)
      if pos then
        size = string.byte(found[1], pos + 12) * 256 + string.byte(found[1], pos + 13)
        packed, at, bucket = string.sub(found[1], pos + 14, pos + 13 + size), i, found[1]
        break
      end
    end
    if found[2] then
      packed, at = found[2], i
      break
    end
  end
  if not packed then
    local entry = digest .. string.char(math.floor(#report / 256), #report % 256) .. report
    redis.call('HSET', KEYS[2], field, (current or '') .. entry)
    redis.call('EXPIRE', KEYS[2], ARGV[2])
    return {1}
  end
  mine = unpacked(report)
  local items = unpacked(packed)
  if items[1] == mine[1] then
    return {0, packed}
  end
  redis.call('HSET', key, unpack(items))
  if not bucket then
    redis.call('HDEL', KEYS[at], earlier)
  else
    local rest = string.sub(bucket, 1, pos - 1) .. string.sub(bucket, pos + 14 + size)
    if rest == '' then
      redis.call('HDEL', KEYS[at], field)
    else
      redis.call('HSET', KEYS[at], field, rest)
    end
  end
end
local cap = tonumber(ARGV[4])
-- This report's record field, source field, mentions and time: the first four values packed.
mine = mine or unpacked(report)
local record, source, mentions, now = mine[1], mine[3], mine[8], mine[10]
local added = 0
if redis.call('HEXISTS', key, record) == 0 then
  added = 1
  local version = redis.call('HINCRBY', key, 'v', 1)
  redis.call('HINCRBY', key, 'm', tonumber(mentions))
  redis.call('HSET', key, record, version)
  redis.call('HSET', key, 'l', now)
  if redis.call('HSETNX', key, source, '') == 1 then
    redis.call('HINCRBY', key, 'n', 1)
  end
  if version == cap + 1 then
    local all = redis.call('HGETALL', key)
    for i = 1, #all, 2 do
      local kind = string.sub(all[i], 1, 1)
      if (kind == '#' or kind == '$') and tonumber(all[i + 1]) > 1 then
        redis.call('HSET', key, 'k' .. (tonumber(all[i + 1]) % cap), all[i])
      end
    end
  elseif version > cap then
    redis.call('HSET', key, 'k' .. (version % cap), record)
  end
  redis.call('EXPIRE', key, ARGV[3])
end
local state = redis.call('HMGET', key, 'v', 'm', 'n', 'f', 'l', STATIC)
local version = tonumber(state[1])
local recent = {}
if version > cap then
  local ring = {}
  for seq = version, version - cap + 1, -1 do
    ring[#ring + 1] = 'k' .. (seq % cap)
  end
  recent = redis.call('HMGET', key, unpack(ring))
else
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    local kind = string.sub(all[i], 1, 1)
    if kind == '#' or kind == '$' then
      recent[version - tonumber(all[i + 1]) + 1] = all[i]
    end
  end
end
return {added, state, recent}
""".replace("STATIC", ", ".join(f"'{name}'" for name in _STATIC))
_MERGE = _MERGE.replace("POSITIONAL", ", ".join(f"'{name}'" for name in _POSITIONAL))

_RECORD_DIGEST = re.compile(r"rec_([0-9a-f]{24})")
_VALIDATE_EVENT = EventRecord.__pydantic_validator__.validate_python
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class RedisEventStore:
    """Event state kept for ``ttl_seconds`` after the last report: an event reported by one
    article packed in a bucket field of ``<prefix>:{ev2:<shard>}:g<generation>``, an event with
    more in its own hash ``<prefix>:{ev2:<shard>}:<event id>``."""

    def __init__(self, client: redis.Redis, prefix: str, ttl_seconds: int) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self._script = PipelineScript(client, _MERGE)

    def key(self, event_id: str) -> str:
        """The hash of an event once a second article reports it."""
        # 'ev2' marks this layout: the four keys per event of the earlier one are never misread
        # after an upgrade, and expire with their TTL.
        return self._event_key(_names(event_id)[0], event_id)

    def _base(self, shard: str) -> str:
        """What the keys of the events of one shard begin with (their hash tag)."""
        return f"{self.prefix}:{{ev2:{shard}}}"

    def _event_key(self, shard: str, event_id: str) -> str:
        return f"{self._base(shard)}:{event_id}"

    def _generation_keys(self, shard: str, found: Sequence[int]) -> list[str]:
        base = self._base(shard)
        return [f"{base}:g{n}" for n in found]

    def generations(self, event_id: str, now: datetime) -> tuple[list[str], int]:
        """The hashes that may hold the event packed at ``now`` (the current generation first,
        then the eight before and the next), and the seconds until the current one expires."""
        found, expires = generations(self.ttl_seconds, now.timestamp())
        return self._generation_keys(_names(event_id)[0], found), expires

    def merge_many(self, mentions: Sequence[EventMention], now: datetime) -> list[EventRecord]:
        """Merge all mentions in one pipelined round trip."""
        if not mentions:
            return []
        pipe = self.client.pipeline(transaction=False)
        stamp = _encode_time(now).encode()
        found, expires = generations(self.ttl_seconds, now.timestamp())
        # Keys and arguments as redis-py would encode them (text as UTF-8, numbers as their
        # repr), the ones every call shares made once per batch; the generation hashes once per
        # shard.
        constants = [str(expires).encode(), str(self.ttl_seconds).encode()]
        constants.append(str(MAX_LISTED_RECORDS).encode())
        shards: dict[str, list[bytes]] = {}
        queue = self._script.queue
        for mention in mentions:
            event = mention.event
            event_id = event.event_id
            assert event_id is not None
            shard, digest, earlier = _names(event_id)
            keys = shards.get(shard)
            if keys is None:
                keys = shards[shard] = [k.encode() for k in self._generation_keys(shard, found)]
            packed = _pack(
                [
                    _record_field(mention.record_id),
                    b"@" + mention.source.encode("utf-8"),
                    str(mention.mentions).encode(),
                    stamp,
                    *_static_values(event),
                ]
            )
            queue(
                pipe,
                keys=[self._event_key(shard, event_id).encode(), *keys],
                args=[packed, *constants, digest, earlier],
            )
        replies = execute(pipe, (self._script,))
        first_seen = _decode_time(stamp)
        return [
            _first(mention, first_seen) if len(reply) == 1 else _record(mention, reply)
            for mention, reply in zip(mentions, replies, strict=True)
        ]


def _names(event_id: str) -> tuple[str, bytes, bytes]:
    """An event's shard (two hex digits of its digest: 256 hash tags, so the state spreads over
    a cluster), digest (``event_digest``) and field in the earlier layout
    (``event_field``; empty when it is the digest, as for a derived id), with one match."""
    digest = EVENT_DIGEST.fullmatch(event_id)
    if digest is not None:
        return digest.group(1)[:2], bytes.fromhex(digest.group(1)), b""
    hashed = hashlib.sha256(event_id.encode("utf-8")).digest()
    return hashed[:1].hex(), hashed[:12], event_id.encode("utf-8")


_SIZES = [bytes((size,)) for size in range(254)]
"""The one-byte length of an item below 254 bytes, made once."""
_ABSENT = b"\xfe"


def _pack(items: Sequence[bytes | None]) -> bytes:
    """A packed event: a zero byte (this layout), then each item after its length (one byte
    below 254, else 255 and two bytes), 254 alone for an absent one."""
    parts = [b"\0"]
    append = parts.append
    for item in items:
        if item is None:
            append(_ABSENT)
            continue
        size = len(item)
        append(_SIZES[size] if size < 254 else bytes((255, size >> 8, size & 255)))
        append(item)
    return b"".join(parts)


def _unpack(packed: bytes) -> dict[bytes, bytes]:
    """The fields a packed event's own hash would hold, and its record field under ``b""``;
    from this layout or the earlier one (name, value pairs after the record field)."""
    positional = packed[:1] == b"\0"
    items: list[bytes | None] = []
    pos = 1 if positional else 0
    while pos < len(packed):
        size, skip = packed[pos], 1
        if positional and size == 254:
            items.append(None)
            pos += 1
            continue
        if size == 255:
            size, skip = packed[pos + 1] * 256 + packed[pos + 2], 3
        items.append(packed[pos + skip : pos + skip + size])
        pos += skip + size
    if not positional:
        pairs = [item or b"" for item in items[4:]]
        return {b"": items[0] or b"", **dict(zip(pairs[::2], pairs[1::2], strict=True))}
    named = zip(_POSITIONAL, items[2:], strict=False)
    fields = {name.encode(): value for name, value in named if value is not None}
    return {b"": items[0] or b"", b"v": b"1", **fields}


def _bytes(value: str | None) -> bytes | None:
    return None if value is None else value.encode("utf-8")


def _record_field(record_id: str) -> bytes:
    """The hash field of a counted record: 13 bytes for a derived id, the id itself otherwise."""
    digest = _RECORD_DIGEST.fullmatch(record_id)
    if digest is not None:
        return b"#" + bytes.fromhex(digest.group(1))
    return b"$" + record_id.encode("utf-8")


def _record_id(field: bytes) -> str:
    if field[:1] == b"#":
        return "rec_" + field[1:].hex()
    return field[1:].decode("utf-8")


def _encode_time(moment: datetime) -> str:
    """Microseconds since the epoch for a UTC time (an integer, 8 bytes in a listpack); any
    other zone keeps its ISO form, so the record shows the offset it was given."""
    if moment.tzinfo is UTC:
        return str((moment - _EPOCH) // _MICROSECOND)
    return moment.isoformat()


def _decode_time(value: bytes) -> datetime:
    text = value.decode("ascii")
    if text.isdigit():
        return _EPOCH + int(text) * _MICROSECOND
    return datetime.fromisoformat(text)


def _static_values(event: CodedEvent) -> list[bytes | None]:
    """The first report's fields that the record repeats, in the order of :data:`_STATIC`, as
    UTF-8; None where a value is absent, and for a root or statement flag that follows from the
    code (neither has a field)."""
    code, root = event.cameo_code, event.cameo_root
    values = [
        code.encode("utf-8"),
        None if root == code[:2] else root.encode("utf-8"),
        event.plover.encode("utf-8"),
        None if event.statement == _is_statement(root) else str(event.statement).encode("utf-8"),
        _bytes(event.place),
        _bytes(event.date),
    ]
    for actor in (event.source, event.target):
        if actor is None:
            values += (None, None, None)
        else:
            values += (actor.code.encode("utf-8"), actor.name.encode("utf-8"))
            values.append(_bytes(actor.entity_id))
    return values


def _is_statement(root: str) -> bool:
    """CAMEO roots 01-03 are statements and intentions."""
    return root in ("01", "02", "03")


def _text(value: bytes | None) -> str | None:
    return None if value is None else value.decode("utf-8")


def _actor(code: bytes | None, name: bytes | None, entity: bytes | None) -> ActorRef | None:
    if code is None or name is None:
        return None
    return ActorRef(code=code.decode("utf-8"), name=name.decode("utf-8"), entity_id=_text(entity))


def _first(mention: EventMention, seen: datetime) -> EventRecord:
    """The record of an event whose first report this is, as :func:`_record` would read it back
    from the packed report: every field is the report's own (a root or statement flag left out
    of the packed form follows from the code, as the report's does)."""
    event = mention.event
    return _event_record(
        {
            "event_id": event.event_id or "",
            "version": 1,
            "mentions": mention.mentions,
            "articles": 1,
            "sources": 1,
            "record_ids": [mention.record_id],
            "first_seen": seen,
            "last_seen": seen,
            "cameo_code": event.cameo_code,
            "cameo_root": event.cameo_root,
            "plover": event.plover,
            "statement": event.statement,
            "source": event.source,
            "target": event.target,
            "place": event.place,
            "date": event.date,
        }
    )


def _event_record(fields: dict[str, Any]) -> EventRecord:
    """An event record validated from one dict by the model's validator: the same model as
    ``EventRecord(**fields)``, in about half the time (no ``__init__`` around the validation)."""
    record: EventRecord = _VALIDATE_EVENT(fields)
    return record


def _record(mention: EventMention, reply: list[Any]) -> EventRecord:
    if len(reply) == 2:
        fields = _unpack(reply[1])
        names = (b"v", b"m", b"n", b"f", b"l", *(name.encode() for name in _STATIC))
        reply = [reply[0], [fields.get(name) for name in names], [fields[b""]]]
    _added, state, recent = reply
    version, mentions, more_sources, first_seen, last_seen, *static = state
    code, root, plover, statement, place, date, *actors = static
    cameo_code = code.decode("ascii")
    cameo_root = cameo_code[:2] if root is None else root.decode("ascii")
    return _event_record(
        {
            "event_id": mention.event.event_id or "",
            "version": int(version),
            "mentions": int(mentions),
            "articles": int(version),
            "sources": 1 + int(more_sources or 0),
            "record_ids": [_record_id(field) for field in recent],
            "first_seen": _decode_time(first_seen),
            "last_seen": _decode_time(last_seen or first_seen),
            "cameo_code": cameo_code,
            "cameo_root": cameo_root,
            "plover": plover.decode("ascii"),
            "statement": _is_statement(cameo_root) if statement is None else statement == b"True",
            "source": _actor(*actors[:3]),
            "target": _actor(*actors[3:]),
            "place": _text(place),
            "date": _text(date),
        }
    )
