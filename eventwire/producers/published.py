"""Reads what the workers published on the Redis output streams: one record by its id, the most
recent records, and the stream counts, for the HTTP intake and its live page.

The key layout is the Redis Streams channel's (``<prefix>:records`` and the published-id markers,
packed in bucket fields of one hash per generation ``{<stream>}:published:g<n>`` with the stream
entry id, and for events one marker per event likewise); producers may not import
channels, so it is restated here and an integration test checks the two agree.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

import redis

from eventwire.schemas.generations import (
    event_digest,
    event_field,
    generations,
    marker_bucket,
    message_digest,
    read_marker,
    read_message_marker,
)
from eventwire.schemas.messages import MESSAGE_TYPES, Message
from eventwire.settings import Settings

STREAM_NAMES = ("records", "duplicates", "dead")
"""The output streams, after ``<prefix>:``."""


@dataclass(frozen=True, slots=True)
class Published:
    """One message read back from a stream, with its entry id (the stream position)."""

    entry_id: str
    message: Message


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def _decode(entry_id: bytes | str, fields: dict[Any, Any]) -> Published:
    decoded = {_text(key): value for key, value in fields.items()}
    model = MESSAGE_TYPES[_text(decoded["type"])]
    return Published(_text(entry_id), model.model_validate_json(decoded["body"]))


class PublishedReader:
    """Read-only access to the output streams of one ``stream_prefix``."""

    def __init__(self, client: redis.Redis, settings: Settings) -> None:
        self.client = client
        self.settings = settings

    def stream(self, name: str) -> str:
        return self.settings.stream(name)

    def find(self, name: str, message_id: str) -> Published | None:
        """The message ``message_id`` on stream ``name``, or None when it was never published,
        its marker expired, or the stream was trimmed past it."""
        stream = self.stream(name)
        marked, _expires = generations(self.settings.published_ttl_seconds, time.time())
        digest = message_digest(message_id)
        pipe = self.client.pipeline(transaction=False)
        for generation in marked:
            pipe.hget(f"{{{stream}}}:published:g{generation}", marker_bucket(digest))
        # The marker key of the layout before generations, until it expires.
        pipe.get(f"{{{stream}}}:published:{message_id}")
        *buckets, earlier = pipe.execute()
        marked_entries = [read_message_marker(cast(bytes | None, b), digest) for b in buckets]
        if earlier is not None and _text(earlier) != "1":
            marked_entries.append(_text(earlier))
        entries = [entry for entry in marked_entries if entry is not None]
        if not entries:
            return None
        entry_id = entries[0]
        found = cast(list[Any], self.client.xrange(stream, entry_id, entry_id, count=1))
        if not found:
            return None
        return _decode(*found[0])

    def find_event(self, event_id: str) -> Published | None:
        """The latest published version of event record ``event_id``.

        The Redis Streams channel keeps one marker per event, 30 bytes packed with others in a
        bucket field (``marker_bucket``) of one of the hashes
        ``{<stream>}:published:e<generation>``: generations of an eighth of
        ``published_ttl_seconds`` of unix time, the marker in the current one, one of the
        eight before or the next (``read_marker`` reads it); markers written before the upgrade
        are fields (the 12 bytes of the id) of ``{<stream>}:published:g<generation>`` valued
        ``<highest version sent> <mask> <its entry id>`` (layout of
        ``channels/redis_streams.py``, restated here like the streams')."""
        stream = self.stream("events")
        marked, _expires = generations(self.settings.published_ttl_seconds, time.time())
        digest = event_digest(event_id)
        bucket, field = marker_bucket(digest), event_field(event_id)
        pipe = self.client.pipeline(transaction=False)
        for generation in marked:
            pipe.hget(f"{{{stream}}}:published:e{generation}", bucket)
            pipe.hget(f"{{{stream}}}:published:g{generation}", field)
        found = pipe.execute()
        markers = [read_marker(cast(bytes | None, packed), digest) for packed in found[::2]]
        for earlier in found[1::2]:
            if earlier is not None:
                high, mask, entry = _text(earlier).split(" ")
                markers.append((int(high), int(mask), entry))
        known = [marker for marker in markers if marker is not None]
        if not known:
            return None
        entry_id = max(known, key=lambda marker: marker[0])[2]
        entries = cast(list[Any], self.client.xrange(stream, entry_id, entry_id, count=1))
        if not entries:
            return None
        return _decode(*entries[0])

    def latest(self, name: str, count: int, after: str | None = None) -> list[Published]:
        """Up to ``count`` newest messages of stream ``name`` (oldest first), or, with ``after``,
        those published after that entry id."""
        stream = self.stream(name)
        if after is None:
            entries = cast(list[Any], self.client.xrevrange(stream, count=count))
            entries.reverse()
        else:
            entries = cast(list[Any], self.client.xrange(stream, f"({after}", "+", count=count))
        return [_decode(entry_id, fields) for entry_id, fields in entries]

    def lengths(self, names: Sequence[str] = STREAM_NAMES) -> dict[str, int]:
        """How many entries each stream holds now."""
        pipe = self.client.pipeline(transaction=False)
        for name in names:
            pipe.xlen(self.stream(name))
        return dict(zip(names, (int(n) for n in pipe.execute()), strict=True))
