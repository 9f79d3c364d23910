"""A worker bootstep that, every ``worker_heartbeat_seconds`` in the worker's main process,
records the node's heartbeat in Redis (for the intake's /readyz), measures the queue depth (for
the metrics) and, on a Redis broker, sweeps the task ledger for lost tasks
(eventwire/workers/ledger.py); it also serves the worker's metrics when a port is configured."""

from __future__ import annotations

import contextlib
import time
from typing import Any, ClassVar

import redis
import structlog
from celery import bootsteps

from eventwire.schemas.tasks import WORKER_HEARTBEATS
from eventwire.settings import Settings
from eventwire.workers import metrics
from eventwire.workers.ledger import TaskLedger

log = structlog.get_logger("eventwire.worker")


def heartbeat_key(settings: Settings) -> str:
    """Sorted set of worker node name -> Unix time of its latest heartbeat."""
    return f"{settings.stream_prefix}:{WORKER_HEARTBEATS}"


def beat(client: redis.Redis, settings: Settings, node: str, now: float) -> None:
    """Record one heartbeat of ``node`` and forget nodes silent for a day."""
    key = heartbeat_key(settings)
    pipe = client.pipeline(transaction=False)
    pipe.zadd(key, {node: now})
    pipe.zremrangebyscore(key, "-inf", now - 86_400)
    pipe.expire(key, 86_400)
    pipe.execute()


def heartbeat_step(settings: Settings) -> type[bootsteps.StartStopStep]:
    """The bootstep class for ``settings`` (Celery instantiates steps itself)."""

    class Heartbeat(bootsteps.StartStopStep):  # type: ignore[misc]
        requires: ClassVar[set[str]] = {"celery.worker.components:Timer"}

        def __init__(self, parent: Any, **kwargs: Any) -> None:
            super().__init__(parent, **kwargs)
            self.timer_ref: Any = None
            self.client: redis.Redis | None = None
            self.broker: redis.Redis | None = None
            self.ledger: TaskLedger | None = None

        def start(self, parent: Any) -> None:
            if settings.worker_metrics_port is not None:
                metrics.serve_metrics(settings.worker_metrics_port)
            self.client = redis.Redis.from_url(
                settings.redis_url, socket_timeout=2, socket_connect_timeout=2
            )
            if settings.broker_is_redis:
                self.broker = redis.Redis.from_url(
                    settings.broker, socket_timeout=2, socket_connect_timeout=2
                )
                self.ledger = TaskLedger(self.broker, settings.stream_prefix)
            node = parent.hostname
            self._tick(parent.app, node)
            self.timer_ref = parent.timer.call_repeatedly(
                settings.worker_heartbeat_seconds, self._tick, (parent.app, node), priority=10
            )

        def _tick(self, app: Any, node: str) -> None:
            assert self.client is not None
            try:
                beat(self.client, settings, node, time.time())
            except redis.RedisError as exc:
                log.warning("worker.heartbeat_failed", node=node, error=str(exc))
            try:
                with app.connection_for_read() as connection:
                    _name, depth, _consumers = connection.default_channel.queue_declare(
                        queue=settings.queue, passive=True
                    )
                metrics.set_queue_depth(settings.queue, int(depth))
            except Exception as exc:
                # A missing queue (Redis deletes empty lists) or a broker hiccup: both mean
                # "nothing to measure now", never a worker failure.
                if "NOT_FOUND" in str(exc) or "no queue" in str(exc).lower():
                    metrics.set_queue_depth(settings.queue, 0)
            if self.ledger is not None and self.broker is not None:
                try:
                    self.ledger.sweep(app, self.broker, settings.queue, settings.lost_task_grace)
                except redis.RedisError as exc:
                    log.warning("worker.ledger_sweep_failed", node=node, error=str(exc))

        def stop(self, parent: Any) -> None:
            if self.timer_ref is not None:
                self.timer_ref.cancel()
                self.timer_ref = None
            if self.client is not None:
                with contextlib.suppress(redis.RedisError):
                    self.client.zrem(heartbeat_key(settings), parent.hostname)
                self.client.close()
            if self.broker is not None:
                self.broker.close()

    return Heartbeat
