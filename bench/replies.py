"""Typed stream entries from what a bench script's Redis client answers.

from replies import expect_entries  # bench/replies.py, beside the script

redis-py types an XRANGE reply as optional, with ids and fields of ``bytes | str`` (``str``
with ``decode_responses=True``); the bench clients never decode, so this checks that the
entries are the bytes a script reads, and fails with the reply itself when they are not
(tests/replies.py holds the same check for the tests).
"""

from __future__ import annotations

StreamEntry = tuple[bytes, dict[bytes, bytes]]
"""A stream entry as XRANGE answers it: the entry id and the fields."""


def _bytes(reply: object) -> bytes:
    if not isinstance(reply, bytes):
        raise TypeError(f"expected bytes from Redis, got {reply!r}")
    return reply


def expect_entries(reply: object) -> list[StreamEntry]:
    """A reply that is a list of stream entries, each with its fields (XRANGE, XREVRANGE)."""
    if not isinstance(reply, list):
        raise TypeError(f"expected a list of stream entries from Redis, got {reply!r}")
    entries: list[StreamEntry] = []
    for entry in reply:
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[1], dict)):
            raise TypeError(f"expected a stream entry (id, fields) from Redis, got {entry!r}")
        entry_id, fields = entry
        entries.append(
            (_bytes(entry_id), {_bytes(name): _bytes(value) for name, value in fields.items()})
        )
    return entries
