"""The transport's ceiling for bench/throughput.py: Celery tasks that do nothing but count.

Same broker, queue arguments, serializer, acks, prefetch and transport options as the eventwire
worker (eventwire.workers.app.create_app); the only work a task does is one INCRBY of a counter
in Redis, so the bench knows when every message has been handled.

    EVENTWIRE_REDIS_URL=... EVENTWIRE_QUEUE=... \
        python -m celery --app bench.noop_app worker --pool=prefork --concurrency=2
"""

from __future__ import annotations

from typing import Any

import redis
from celery import Celery
from kombu.entity import Queue

from eventwire.settings import Settings
from eventwire.workers.app import broker_transport_options

NOOP = "bench.noop"
NOOP_BATCH = "bench.noop_batch"

settings = Settings()
app = Celery("bench-noop", broker=settings.broker, set_as_current=False)
app.conf.update(
    task_serializer="json",
    accept_content=["json"],
    task_ignore_result=True,
    task_acks_late=True,
    task_reject_on_worker_lost=True,
    task_default_queue=settings.queue,
    task_queues=[Queue(settings.queue, queue_arguments=settings.queue_arguments)],  # type: ignore[no-untyped-call]
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
    broker_transport_options=broker_transport_options(settings),
)
_client: list[redis.Redis] = []


def done_key(queue: str) -> str:
    """The counter both sides agree on."""
    return f"{queue}:noop-done"


def _count(items: int) -> None:
    if not _client:
        _client.append(redis.Redis.from_url(settings.redis_url))
    _client[0].incrby(done_key(settings.queue), items)


@app.task(name=NOOP)  # type: ignore[untyped-decorator]
def noop(body: Any) -> None:
    """One article per message: count it."""
    _count(1)


@app.task(name=NOOP_BATCH)  # type: ignore[untyped-decorator]
def noop_batch(body: dict[str, Any]) -> None:
    """A batch per message: count its items."""
    _count(len(body["items"]))
