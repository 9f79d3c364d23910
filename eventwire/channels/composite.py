"""Fan-out: one Publisher made of several, each carrying the message types configured for it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import redis

from eventwire.channels.base import Publisher
from eventwire.channels.jsonl import JsonlFilePublisher
from eventwire.channels.marks import PublishedMarks
from eventwire.channels.nats_jetstream import NatsPublisher
from eventwire.channels.rabbitmq import RabbitMQPublisher
from eventwire.channels.redis_streams import RedisStreamPublisher
from eventwire.channels.webhooks import Endpoint, RetryPolicy, WebhookPublisher
from eventwire.schemas.errors import ConfigurationError
from eventwire.schemas.messages import MESSAGE_TYPES, Message
from eventwire.settings import Settings

ALL_TYPES = "*"


class CompositePublisher:
    """Publishes every message on each channel whose route includes its type.

    Every channel is idempotent on the message id, so when one channel fails the whole call is
    retried and the channels that had already sent drop their repeat. The result for a message
    is True where any channel sent it now.
    """

    def __init__(self, routes: Sequence[tuple[str, Publisher, frozenset[str]]]) -> None:
        for name, _publisher, types in routes:
            unknown = types - set(MESSAGE_TYPES)
            if unknown:
                raise ValueError(f"channel {name!r}: unknown message types {sorted(unknown)}")
        self.routes = list(routes)

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        fresh = [False] * len(messages)
        for _name, publisher, types in self.routes:
            picked = [i for i, message in enumerate(messages) if message.type in types]
            if not picked:
                continue
            results = publisher.publish([messages[i] for i in picked])
            for i, is_new in zip(picked, results, strict=True):
                fresh[i] = fresh[i] or is_new
        return fresh

    def channels_for(self, message_type: str) -> list[str]:
        """Names of the channels that carry a message type."""
        return [name for name, _publisher, types in self.routes if message_type in types]


def expand_types(types: Sequence[str]) -> frozenset[str]:
    """A route's message types, with ``*`` standing for every type."""
    if ALL_TYPES in types:
        return frozenset(MESSAGE_TYPES)
    return frozenset(types)


def parse_routes(
    channels: Mapping[str, Sequence[str]], known: Sequence[str]
) -> dict[str, frozenset[str]]:
    """Check a channel -> types mapping from the settings; raise ValueError naming what is wrong."""
    routes: dict[str, frozenset[str]] = {}
    for name, types in channels.items():
        if name not in known:
            raise ValueError(f"unknown channel {name!r}; known: {', '.join(known)}")
        expanded = expand_types(types)
        unknown = expanded - set(MESSAGE_TYPES)
        if unknown:
            raise ValueError(f"channel {name!r}: unknown message types {sorted(unknown)}")
        if not expanded:
            raise ValueError(f"channel {name!r} carries no message type")
        routes[name] = expanded
    if not routes:
        raise ValueError("no channel configured")
    return routes


CHANNEL_NAMES = ("redis_streams", "rabbitmq", "webhooks", "nats", "jsonl")
"""The channels :func:`publisher_from_settings` knows how to build."""


def publisher_from_settings(settings: Settings, client: redis.Redis) -> CompositePublisher:
    """Build every configured channel and the fan-out over them.

    Raises :class:`ConfigurationError` for an unknown channel or type. Webhook failures are
    dead-lettered on the channels that carry dead letters, other than webhooks themselves.
    """
    try:
        routes = parse_routes(settings.channels, CHANNEL_NAMES)
    except ValueError as exc:
        raise ConfigurationError(f"EVENTWIRE_CHANNELS: {exc}") from exc
    built: dict[str, Publisher] = {}
    ttl = settings.published_ttl_seconds
    prefix = settings.stream_prefix
    for name in routes:
        if name == "redis_streams":
            built[name] = RedisStreamPublisher(client, prefix, settings.stream_maxlen, ttl)
        elif name == "rabbitmq":
            marks = PublishedMarks(client, f"{prefix}:rabbitmq:{settings.amqp_exchange}", ttl)
            built[name] = RabbitMQPublisher(settings.amqp_url, settings.amqp_exchange, marks)
        elif name == "nats":
            built[name] = NatsPublisher(
                settings.nats_url,
                settings.nats_stream,
                prefix,
                settings.nats_duplicate_window_seconds,
            )
        elif name == "jsonl":
            marks = PublishedMarks(client, f"{prefix}:jsonl", ttl)
            built[name] = JsonlFilePublisher(
                Path(settings.jsonl_dir), settings.jsonl_max_bytes, marks
            )
    if "webhooks" in routes:
        try:
            endpoints = [
                Endpoint(url=str(e["url"]), secrets=tuple(e["secrets"]))
                for e in settings.webhook_endpoints
            ]
        except (KeyError, TypeError, ValueError) as exc:
            raise ConfigurationError(f"EVENTWIRE_WEBHOOK_ENDPOINTS: {exc}") from exc
        dead_routes = [
            (name, built[name], frozenset({"dead_letter"}))
            for name, types in routes.items()
            if name != "webhooks" and "dead_letter" in types
        ]
        if not dead_routes:
            raise ConfigurationError("webhooks need another channel that carries dead_letter")
        built["webhooks"] = WebhookPublisher(
            endpoints,
            PublishedMarks(client, f"{prefix}:webhooks", ttl),
            CompositePublisher(dead_routes),
            timeout_seconds=settings.webhook_timeout_seconds,
            policy=RetryPolicy(
                max_attempts=settings.webhook_max_attempts,
                base_seconds=settings.webhook_backoff_seconds,
                max_seconds=settings.webhook_backoff_max_seconds,
            ),
        )
    return CompositePublisher([(name, built[name], routes[name]) for name in routes])
