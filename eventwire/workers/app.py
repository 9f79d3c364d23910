"""The Celery app factory and its tasks. Tasks are one line each and hand off to the processor."""

from __future__ import annotations

import gc
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import structlog
from celery import Celery, Task
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from celery.signals import task_retry, worker_init, worker_process_shutdown
from kombu.entity import Queue

import eventwire
from eventwire.pipeline import DEFAULT_ENRICHERS, warm_up
from eventwire.pipeline.enrich.base import Enricher
from eventwire.schemas.messages import Message
from eventwire.schemas.tasks import PROCESS_BATCH, PUBLISH_DEAD_LETTERS
from eventwire.settings import Settings
from eventwire.workers import metrics
from eventwire.workers.consumer import dead_lettering_consumer
from eventwire.workers.heartbeat import heartbeat_step
from eventwire.workers.logging import configure_logging
from eventwire.workers.retry import RETRYABLE, retries_exhausted, retry_later, retry_options
from eventwire.workers.runtime import ProcessRuntime
from eventwire.workers.watchdog import install as install_watchdog

log = structlog.get_logger("eventwire.worker")


def broker_transport_options(settings: Settings) -> dict[str, Any]:
    """kombu transport options: on Redis, a dead worker's unacknowledged batches are swept back
    onto the queue every ``unacked_restore_interval`` seconds once older than the visibility
    timeout (kombu's default sweep is every 100 s, its default visibility timeout an hour)."""
    return {
        "visibility_timeout": settings.visibility_timeout,
        "unacked_restore_interval": settings.unacked_restore_interval,
        "unacked_restore_throttle": 1,
        "unacked_mutex_expire": settings.unacked_mutex_expire,
        "socket_timeout": settings.broker_socket_timeout,
        "socket_connect_timeout": settings.broker_socket_timeout,
        "health_check_interval": 10,
    }


def create_app(settings: Settings, enrichers: Sequence[Enricher] = DEFAULT_ENRICHERS) -> Celery:
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
        task_queues=[Queue(settings.queue, queue_arguments=settings.queue_arguments)],  # type: ignore[no-untyped-call]
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
        broker_connection_max_retries=None,
        broker_transport_options=broker_transport_options(settings),
        broker_use_ssl=settings.broker_use_ssl,
        enable_utc=True,
    )
    runtime = ProcessRuntime(settings, enrichers)
    app.conf.worker_consumer = dead_lettering_consumer(lambda: runtime.processor)
    app.steps["worker"].add(heartbeat_step(settings))
    task_retry.connect(_count_retry, weak=False)
    worker_process_shutdown.connect(_pool_process_exited, weak=False)
    configure_logging(settings)
    install_watchdog(app, settings)
    # The dictionaries, gazetteer and lexicon are built in the parent before the prefork pool
    # forks, so every child shares them copy-on-write instead of building its own.
    worker_init.connect(_warm_up, weak=False)
    options = retry_options(settings)

    class BatchTask(Task):  # type: ignore[misc]
        """Dead-letters a batch killed by the hard time limit (reported in the main process),
        which Celery would otherwise acknowledge and forget."""

        def on_failure(
            self, exc: BaseException, task_id: str, args: Any, kwargs: Any, einfo: Any
        ) -> None:
            if isinstance(exc, TimeLimitExceeded) and args:
                runtime.processor.dead_letter_batch(
                    args[0], "time_limit", f"the batch ran past the hard time limit: {exc}"
                )
                runtime.task_done(task_id)

    @app.task(
        name=PROCESS_BATCH,
        bind=True,
        shared=False,
        base=BatchTask,
        max_retries=settings.max_retries,
    )  # type: ignore[untyped-decorator]
    def process_batch(self: Task, body: dict[str, Any]) -> dict[str, int]:
        _bind_task(self, batch_id=body.get("batch_id") if isinstance(body, dict) else None)
        return _counts(handle_batch(self, body))

    def handle_batch(task: Task, body: Any) -> list[Message]:
        """Count the delivery, then process the batch, or dead-letter it when it is poison, runs
        out of time or of retries. Only a transient failure leaves it to be retried."""
        try:
            return attempt_batch(task, body)
        except RETRYABLE as exc:
            # Redis failed while counting or dead-lettering: the work is not done, retry it.
            retry_later(task, exc, settings)

    def attempt_batch(task: Task, body: Any) -> list[Message]:
        delivery = f"{task.request.id}:{task.request.retries}"
        attempt = runtime.deliveries.attempt(delivery)
        if runtime.deliveries.is_poison(attempt):
            log.error("batch.poison", delivery_attempts=attempt)
            messages = runtime.processor.dead_letter_batch(
                body,
                "poison_message",
                f"delivered {attempt} times and never finished: every delivery ended its worker",
            )
        else:
            try:
                messages = runtime.processor.process_batch(body)
            except SoftTimeLimitExceeded:
                messages = runtime.processor.dead_letter_batch(
                    body, "time_limit", "the batch ran past the soft time limit"
                )
            except RETRYABLE as exc:
                if not retries_exhausted(task, settings):
                    retry_later(task, exc, settings)
                messages = runtime.processor.dead_letter_batch(
                    body, "retries_exhausted", f"still failing after every retry: {exc!r}"
                )
            except Exception as exc:
                # A bug: said loudly in the log, and the batch kept in the dead letters rather
                # than acknowledged and forgotten.
                log.exception("batch.failed")
                messages = runtime.processor.dead_letter_batch(
                    body, "internal_error", f"processing failed: {type(exc).__name__}: {exc}"
                )
        runtime.deliveries.done(delivery)
        runtime.task_done(task.request.id)
        return messages

    @app.task(name=PUBLISH_DEAD_LETTERS, bind=True, shared=False, **options)  # type: ignore[untyped-decorator]
    def publish_dead_letters(self: Task, bodies: list[Any]) -> dict[str, int]:
        _bind_task(self)
        published = runtime.processor.publish_dead_letters(bodies)
        runtime.task_done(self.request.id)
        return _counts(published)

    return app


def _warm_up(**_: Any) -> None:
    warm_up()
    # Which build runs: the editable install is pure Python, a wheel has its hot modules
    # compiled (docs/performance.md); benchmarks read this line to say what they measured.
    log.info(
        "worker.build",
        compiled_modules=len(eventwire.compiled_modules()),
        package=str(Path(eventwire.__file__).parent),
    )
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
