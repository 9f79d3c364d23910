"""The Redis event store: merges article mentions into event records, atomically."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import orjson
import redis

from eventwire.pipeline.events import EventMention
from eventwire.schemas.events import MAX_LISTED_RECORDS, EventRecord

# KEYS: state hash, set of counted record ids, set of sources, list of the latest record ids.
# ARGV: record id, source, now (ISO), ttl, static fields (JSON), mentions in this article, cap.
# An article already counted changes nothing (a redelivery), but the current state is still
# returned so that a version whose publication was interrupted is published now.
_MERGE = """
local added = redis.call('SADD', KEYS[2], ARGV[1])
if added == 1 then
  redis.call('SADD', KEYS[3], ARGV[2])
  redis.call('LPUSH', KEYS[4], ARGV[1])
  redis.call('LTRIM', KEYS[4], 0, tonumber(ARGV[7]) - 1)
  local version = redis.call('HINCRBY', KEYS[1], 'version', 1)
  redis.call('HINCRBY', KEYS[1], 'mentions', tonumber(ARGV[6]))
  if version == 1 then
    redis.call('HSET', KEYS[1], 'first_seen', ARGV[3], 'static', ARGV[5])
  end
  redis.call('HSET', KEYS[1], 'last_seen', ARGV[3])
  for _, key in ipairs(KEYS) do
    redis.call('EXPIRE', key, ARGV[4])
  end
end
local state = redis.call('HMGET', KEYS[1], 'version', 'mentions', 'first_seen', 'last_seen',
                        'static')
return {added, state[1], state[2], state[3], state[4], state[5],
        redis.call('SCARD', KEYS[2]), redis.call('SCARD', KEYS[3]),
        redis.call('LRANGE', KEYS[4], 0, -1)}
"""

_STATIC_FIELDS = ("cameo_code", "cameo_root", "plover", "statement", "source", "target", "place")


class RedisEventStore:
    """Event state under ``<prefix>:{ev:<event id>}`` keys (one hash tag per event), kept for
    ``ttl_seconds`` after the last report."""

    def __init__(self, client: redis.Redis, prefix: str, ttl_seconds: int) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self._script = client.register_script(_MERGE)

    def keys(self, event_id: str) -> list[str]:
        base = f"{self.prefix}:{{ev:{event_id}}}"
        return [base, f"{base}:records", f"{base}:sources", f"{base}:recent"]

    def merge_many(self, mentions: Sequence[EventMention], now: datetime) -> list[EventRecord]:
        """Merge all mentions in one pipelined round trip."""
        if not mentions:
            return []
        pipe = self.client.pipeline(transaction=False)
        for mention in mentions:
            event = mention.event
            assert event.event_id is not None
            static = orjson.dumps(
                {
                    **event.model_dump(mode="json", include=set(_STATIC_FIELDS)),
                    "date": event.date,
                }
            )
            self._script(
                keys=self.keys(event.event_id),
                args=[
                    mention.record_id,
                    mention.source,
                    now.isoformat(),
                    self.ttl_seconds,
                    static,
                    mention.mentions,
                    MAX_LISTED_RECORDS,
                ],
                client=pipe,
            )
        return [
            _record(mention, reply) for mention, reply in zip(mentions, pipe.execute(), strict=True)
        ]


def _text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _record(mention: EventMention, reply: list[Any]) -> EventRecord:
    _added, version, mentions, first_seen, last_seen, static, articles, sources, recent = reply
    fields = orjson.loads(static)
    return EventRecord(
        event_id=mention.event.event_id or "",
        version=int(version),
        mentions=int(mentions),
        articles=int(articles),
        sources=int(sources),
        record_ids=[_text(item) for item in recent],
        first_seen=datetime.fromisoformat(_text(first_seen)),
        last_seen=datetime.fromisoformat(_text(last_seen)),
        **fields,
    )
