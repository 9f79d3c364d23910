"""The one Protocol every downstream channel implements, and the wire form of a message."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from eventwire.schemas.messages import MESSAGE_TYPES, Message, message_json

STREAMS: dict[str, str] = {
    "article_record": "records",
    "duplicate_notice": "duplicates",
    "dead_letter": "dead",
    "event_record": "events",
}
"""Which stream (after the prefix) carries each message type."""


class Publisher(Protocol):
    """Publishes messages, idempotent on their ``message_id``."""

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        """Publish each message; True where it went out now, False where it had already."""
        ...


def encode(message: Message) -> bytes:
    """The JSON body of a message, as every channel sends it (``message_json``: one pass of
    pydantic-core's serializer, byte for byte what orjson gives of ``model_dump``)."""
    return message_json(message)


def decode(message_type: str, body: bytes | str) -> Message:
    """Parse and validate a message body of the given type."""
    model = MESSAGE_TYPES.get(message_type)
    if model is None:
        raise ValueError(f"unknown message type {message_type!r}")
    return model.model_validate_json(body)
