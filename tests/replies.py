"""Typed views of what the tests' Redis clients answer.

redis-py types a reply as ``bytes | str`` (a client made with ``decode_responses=True`` answers
text) and many replies as optional. The tests' clients never decode, so each function here
checks that a reply is the bytes a test reads, and fails with the reply itself when it is not.
"""

from __future__ import annotations

StreamEntry = tuple[bytes, dict[bytes, bytes]]
"""A stream entry as XRANGE answers it: the entry id and the fields."""


def expect_bytes(reply: object) -> bytes:
    """A reply that is one byte string (a key, a value, a hash field)."""
    if not isinstance(reply, bytes):
        raise TypeError(f"expected bytes from Redis, got {reply!r}")
    return reply


def expect_optional_bytes(reply: object) -> bytes | None:
    """A reply that is a byte string, or None for what is missing (GET, HGET)."""
    return None if reply is None else expect_bytes(reply)


def expect_bytes_list(reply: object) -> list[bytes]:
    """A reply that is a list of byte strings (KEYS, HKEYS, HVALS)."""
    if not isinstance(reply, list):
        raise TypeError(f"expected a list from Redis, got {reply!r}")
    return [expect_bytes(item) for item in reply]


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
            (
                expect_bytes(entry_id),
                {expect_bytes(name): expect_bytes(value) for name, value in fields.items()},
            )
        )
    return entries
