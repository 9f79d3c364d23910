"""The Celery app factory and its tasks. Tasks are one line each and hand off to the processor."""

from __future__ import annotations

import gc
from typing import Any

import structlog
from celery import Celery, Task
from celery.signals import task_retry, worker_init, worker_process_shutdown

from eventwire.pipeline import warm_up
from eventwire.schemas.tasks import PROCESS_BATCH, PUBLISH_DEAD_LETTERS
from eventwire.settings import Settings
from eventwire.workers import metrics
from eventwire.workers.heartbeat import heartbeat_step
from eventwire.workers.logging import configure_logging
from eventwire.workers.retry import retry_options
from eventwire.workers.runtime import ProcessRuntime


def create_app(settings: Settings) -> Celery:
    """Build the Celery app for ``settings``, with every eventwire task registered."""
    app = Celery("eventwire", broker=settings.broker, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        result_serializer="json",
        result_accept_content=["json"],
        task_ignore_result=True,
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_acks_on_failure_or_timeout=True,
        task_default_queue=settings.queue,
        task_create_missing_queues=True,
        task_routes={
            PROCESS_BATCH: {"queue": settings.queue},
            PUBLISH_DEAD_LETTERS: {"queue": settings.queue},
        },
        task_soft_time_limit=settings.soft_time_limit,
        task_time_limit=settings.hard_time_limit,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        worker_send_task_events=True,
        task_send_sent_event=True,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": settings.visibility_timeout},
        enable_utc=True,
    )
    runtime = ProcessRuntime(settings)
    app.steps["worker"].add(heartbeat_step(settings))
    task_retry.connect(_count_retry, weak=False)
    worker_process_shutdown.connect(_pool_process_exited, weak=False)
    configure_logging(settings)
    # The dictionaries, gazetteer and lexicon are built in the parent before the prefork pool
    # forks, so every child shares them copy-on-write instead of building its own.
    worker_init.connect(_warm_up, weak=False)
    options = retry_options(settings)

    @app.task(name=PROCESS_BATCH, bind=True, shared=False, **options)  # type: ignore[untyped-decorator]
    def process_batch(self: Task, body: dict[str, Any]) -> dict[str, int]:
        _bind_task(self, batch_id=body.get("batch_id") if isinstance(body, dict) else None)
        return _counts(runtime.processor.process_batch(body))

    @app.task(name=PUBLISH_DEAD_LETTERS, bind=True, shared=False, **options)  # type: ignore[untyped-decorator]
    def publish_dead_letters(self: Task, bodies: list[Any]) -> dict[str, int]:
        _bind_task(self)
        return _counts(runtime.processor.publish_dead_letters(bodies))

    return app


def _warm_up(**_: Any) -> None:
    warm_up()
    # Move what was built out of the collector's reach: a collection in a child would otherwise
    # write to every object's header and un-share the pages copy-on-write gave it.
    gc.freeze()


def _bind_task(task: Task, **ids: Any) -> None:
    """Start the task's log context afresh with its ids."""
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(
        task_id=task.request.id, task=task.name, attempt=task.request.retries, **ids
    )


def _counts(messages: list[Any]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for message in messages:
        counts[message.type] = counts.get(message.type, 0) + 1
    return counts


def _count_retry(sender: Any = None, **_: Any) -> None:
    metrics.observe_retry(getattr(sender, "name", "unknown"))


def _pool_process_exited(pid: int | None = None, **_: Any) -> None:
    if pid is not None:
        metrics.process_exited(pid)
