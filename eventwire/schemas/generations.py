"""Shared layout of the event state and the publish markers in Redis: the compact field of an
event or message id, and the time generations of the hashes that hold them (used by the event
store, the Redis Streams channel and the producers' read-back, which may not import each
other)."""

from __future__ import annotations

import hashlib
import re

GENERATIONS = 8
"""How many generations one TTL spans: a field lasts its TTL and at most an eighth more."""

EVENT_DIGEST = re.compile(r"evt_([0-9a-f]{24})")
"""A derived event id (``eventwire.schemas.ids.derive_id``): its 24 hex digits."""


def event_field(event_id: str) -> bytes:
    """An event's field in a shared hash: the 12 bytes of a derived id, else the id itself."""
    digest = EVENT_DIGEST.fullmatch(event_id)
    return bytes.fromhex(digest.group(1)) if digest else event_id.encode("utf-8")


def event_digest(event_id: str) -> bytes:
    """The 12 bytes an event's publish marker is known by: a derived id's, else the first 12 of
    the SHA-256 of the id."""
    digest = EVENT_DIGEST.fullmatch(event_id)
    if digest is not None:
        return bytes.fromhex(digest.group(1))
    return hashlib.sha256(event_id.encode("utf-8")).digest()[:12]


MARKER_ENTRY = 30
"""Bytes of an event publish marker packed in its bucket: the event digest (12), the highest
version sent (4), the mask of the versions sent (4), the stream entry id of the highest
(milliseconds 6, sequence 4), big-endian."""


def marker_bucket(digest: bytes) -> bytes:
    """The field of the bucket holding an event's publish marker: the first byte of its digest
    and the top four bits of the second (4,096 buckets)."""
    return bytes([digest[0], digest[1] & 0xF0])


def read_marker(bucket: bytes | None, digest: bytes) -> tuple[int, int, str] | None:
    """The event's marker in a bucket: its highest version sent, the mask of the versions sent,
    and the stream entry id of the highest; None when the bucket holds none."""
    if bucket is None:
        return None
    at = bucket.find(digest)
    while at >= 0:
        if at % MARKER_ENTRY == 0:
            parts = ((12, 16), (16, 20), (20, 26), (26, 30))
            high, mask, ms, seq = (int.from_bytes(bucket[at + lo : at + hi]) for lo, hi in parts)
            return high, mask, f"{ms}-{seq}"
        at = bucket.find(digest, at + 1)
    return None


DERIVED_DIGEST = re.compile(r"[a-z]+_([0-9a-f]{24})")
"""Any derived id (``rec_``, ``dup_``, ``evt_``... and 24 hex digits): its digits."""


def message_field(message_id: str) -> bytes:
    """A derived id's 12 bytes, else the id itself: the compact field of an id in a shared hash
    (the story store's records and stories)."""
    digest = DERIVED_DIGEST.fullmatch(message_id)
    return bytes.fromhex(digest.group(1)) if digest else message_id.encode("utf-8")


def message_digest(message_id: str) -> bytes:
    """The 12 bytes a message's publish marker is known by: a derived id's, else the first 12
    of the SHA-256 of the id (the stream a marker belongs to tells the kinds of id apart)."""
    digest = DERIVED_DIGEST.fullmatch(message_id)
    if digest is not None:
        return bytes.fromhex(digest.group(1))
    return hashlib.sha256(message_id.encode("utf-8")).digest()[:12]


MESSAGE_MARKER = 22
"""Bytes of a message's publish marker packed in its bucket (``marker_bucket`` of its digest):
the digest (12), the stream entry id (milliseconds 6, sequence 4), big-endian."""


def read_message_marker(bucket: bytes | None, digest: bytes) -> str | None:
    """The stream entry id in a message's marker in a bucket, None when the bucket holds none."""
    at = -1 if bucket is None else bucket.find(digest)
    while bucket is not None and at >= 0:
        if at % MESSAGE_MARKER == 0:
            ms = int.from_bytes(bucket[at + 12 : at + 18])
            return f"{ms}-{int.from_bytes(bucket[at + 18 : at + 22])}"
        at = bucket.find(digest, at + 1)
    return None


def generations(ttl_seconds: int, now: float) -> tuple[list[int], int]:
    """The generations (each an eighth of ``ttl_seconds`` of unix time) that may hold a field at
    ``now``: the current one first, then the eight before and the next (a worker whose clock is
    a little ahead may have written there); and the seconds until the current one is to expire
    (the TTL after the generation ends)."""
    period = max(-(-ttl_seconds // GENERATIONS), 1)
    current = int(now) // period
    found = [current, *range(current - GENERATIONS, current), current + 1]
    return found, (current + 1) * period + ttl_seconds - int(now)
