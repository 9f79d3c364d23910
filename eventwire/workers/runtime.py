"""Builds the objects a worker process needs from the settings: Redis client, store, publisher,
pipeline. Built lazily in each process, since connections must not cross a fork."""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import UTC, datetime

import redis

from eventwire.channels.composite import publisher_from_settings
from eventwire.channels.resp import RespPacker
from eventwire.pipeline import DEFAULT_ENRICHERS
from eventwire.pipeline.enrich.base import Enricher
from eventwire.pipeline.flow import Clock, Pipeline
from eventwire.settings import Settings
from eventwire.workers.delivery import DeliveryCounter
from eventwire.workers.events import RedisEventStore
from eventwire.workers.ledger import TaskLedger
from eventwire.workers.processing import BatchProcessor
from eventwire.workers.stores import RedisSeenStore
from eventwire.workers.stories import RedisStoryStore


def utc_now() -> datetime:
    """The production clock."""
    return datetime.now(UTC)


def redis_client(url: str) -> redis.Redis:
    """A client of ``url`` as a worker process uses it: its commands packed by
    :class:`RespPacker` (redis-py's bytes in fewer instructions: a batch's pipelines send about
    ten script calls of 15 to 30 arguments per article), with the encoding a URL may set."""
    pool = redis.ConnectionPool.from_url(url, socket_timeout=10, socket_connect_timeout=5)
    options = pool.connection_kwargs
    options["command_packer"] = RespPacker(
        options.get("encoding", "utf-8"), options.get("encoding_errors", "strict")
    )
    return redis.Redis(connection_pool=pool)


def build_processor(
    settings: Settings,
    client: redis.Redis,
    clock: Clock = utc_now,
    enrichers: Sequence[Enricher] = DEFAULT_ENRICHERS,
) -> BatchProcessor:
    """Wire a :class:`BatchProcessor` onto ``client``."""
    store = RedisSeenStore(
        client,
        settings.stream_prefix,
        settings.seen_ttl_seconds,
        near_threshold=settings.dedup_near_threshold,
        contained_threshold=settings.dedup_contained_threshold,
        clock=lambda: clock().timestamp(),
    )
    publisher = publisher_from_settings(settings, client)
    events = RedisEventStore(client, settings.stream_prefix, settings.event_ttl_seconds)
    stories = RedisStoryStore(client, settings.stream_prefix, settings.story_window_seconds)
    pipeline = Pipeline(
        store, enrichers, clock, settings.max_body_bytes, events=events, stories=stories
    )
    return BatchProcessor(pipeline, publisher, clock)


class ProcessRuntime:
    """One :class:`BatchProcessor` and delivery counter per OS process, rebuilt after a fork."""

    def __init__(
        self, settings: Settings, enrichers: Sequence[Enricher] = DEFAULT_ENRICHERS
    ) -> None:
        self.settings = settings
        self.enrichers = tuple(enrichers)
        self._pid: int | None = None
        self._processor: BatchProcessor | None = None
        self._deliveries: DeliveryCounter | None = None
        self._ledger: TaskLedger | None = None

    def _build(self) -> None:
        client = redis_client(self.settings.redis_url)
        self._processor = build_processor(self.settings, client, enrichers=self.enrichers)
        self._deliveries = DeliveryCounter(
            client, self.settings.stream_prefix, self.settings.max_delivery_attempts
        )
        self._ledger = None
        if self.settings.broker_is_redis:
            # The task ledger sits beside the queue, in the broker's Redis (the same client
            # when the broker is the state Redis, as it is by default).
            broker = client
            if self.settings.broker != self.settings.redis_url:
                broker = redis_client(self.settings.broker)
            self._ledger = TaskLedger(broker, self.settings.stream_prefix)
        self._pid = os.getpid()

    @property
    def processor(self) -> BatchProcessor:
        if self._processor is None or self._pid != os.getpid():
            self._build()
        assert self._processor is not None
        return self._processor

    @property
    def deliveries(self) -> DeliveryCounter:
        if self._deliveries is None or self._pid != os.getpid():
            self._build()
        assert self._deliveries is not None
        return self._deliveries

    def task_done(self, task_id: str) -> None:
        """Forget a finished task in the task ledger (a Redis broker's; other brokers keep
        unacknowledged messages themselves and need none)."""
        if self._processor is None or self._pid != os.getpid():
            self._build()
        if self._ledger is not None:
            self._ledger.done(task_id)
