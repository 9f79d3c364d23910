"""Downstream channels: publishers behind one Protocol, and matching consumer helpers."""

from eventwire.channels.base import STREAMS, Publisher, decode, encode
from eventwire.channels.redis_streams import RedisStreamPublisher, StreamConsumer, StreamEntry

__all__ = [
    "STREAMS",
    "Publisher",
    "RedisStreamPublisher",
    "StreamConsumer",
    "StreamEntry",
    "decode",
    "encode",
]
