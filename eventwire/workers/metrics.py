"""Prometheus metrics of the workers, and what feeds them.

Counted in the pool processes that run batches; with ``PROMETHEUS_MULTIPROC_DIR`` set before the
worker starts (prefork), each process writes its own files there and the exposition (the
worker's ``EVENTWIRE_WORKER_METRICS_PORT`` or the intake's ``/metrics``) adds them up. Counters
count messages published for the first time, so a redelivered batch counts nothing twice.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, start_http_server
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import REGISTRY

from eventwire.schemas.messages import Message

RECORDS = Counter("eventwire_records", "Article records published.")
DUPLICATES = Counter(
    "eventwire_duplicates", "Duplicate notices published, by how they matched.", ["match"]
)
DEAD_LETTERS = Counter(
    "eventwire_dead_letters", "Dead letters published, by stage and reason.", ["stage", "reason"]
)
REPUBLISHED = Counter(
    "eventwire_republished",
    "Messages a redelivered batch produced again and the channel dropped, by type.",
    ["type"],
)
EVENTS_CREATED = Counter("eventwire_events_created", "Event records created (version 1).")
EVENTS_UPDATED = Counter(
    "eventwire_events_updated", "Event records republished with a higher version."
)
STAGE_SECONDS = Histogram(
    "eventwire_stage_duration_seconds",
    "Time each pipeline stage took for one article.",
    ["stage"],
    buckets=(0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0),
)
BATCH_SIZE = Histogram(
    "eventwire_batch_size",
    "Items in each batch a worker processed.",
    buckets=(1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000),
)
QUEUE_DEPTH = Gauge(
    "eventwire_queue_depth",
    "Batches waiting on the broker queue, as the worker last measured.",
    ["queue"],
    multiprocess_mode="mostrecent",
)
RETRIES = Counter("eventwire_task_retries", "Task retries after a transient error.", ["task"])
LEDGER_RESENT = Counter(
    "eventwire_tasks_resent",
    "Tasks re-sent from the task ledger: taken off the queue by a worker that died before "
    "kombu recorded them as unacknowledged.",
)


def observe_published(messages: Sequence[Message], fresh: Sequence[bool]) -> None:
    """Count each message by type (and kind, or reason) where it went out for the first time.

    The unlabelled counters are added to once per batch, by how many, not once per message."""
    records = created = updated = 0
    for message, is_new in zip(messages, fresh, strict=False):
        if not is_new:
            REPUBLISHED.labels(message.type).inc()
        elif message.type == "article_record":
            records += 1
        elif message.type == "duplicate_notice":
            DUPLICATES.labels(message.match).inc()
        elif message.type == "event_record":
            if message.version == 1:
                created += 1
            else:
                updated += 1
        else:
            DEAD_LETTERS.labels(message.stage, message.reason).inc()
    for counter, count in (
        (RECORDS, records),
        (EVENTS_CREATED, created),
        (EVENTS_UPDATED, updated),
    ):
        if count:
            counter.inc(count)


_STAGES: dict[str, Histogram] = {}
"""The histogram of each stage, as ``STAGE_SECONDS.labels(stage)`` gives it (the same object every
time), kept: finding it there costs about as much as the observation itself."""


def observe_timings(timings_ms: dict[str, float]) -> None:
    """One observation per stage of one article's ``Outcome.timings_ms``."""
    stages = _STAGES
    for stage, milliseconds in timings_ms.items():
        histogram = stages.get(stage)
        if histogram is None:
            histogram = stages[stage] = STAGE_SECONDS.labels(stage)
        histogram.observe(milliseconds / 1000)


def observe_batch(size: int) -> None:
    BATCH_SIZE.observe(size)


def observe_retry(task_name: str) -> None:
    RETRIES.labels(task_name).inc()


def observe_ledger_resent(count: int) -> None:
    LEDGER_RESENT.inc(count)


def registry() -> CollectorRegistry:
    """The registry to expose: the multiprocess folder's sum when one is configured."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        collected = CollectorRegistry()
        MultiProcessCollector(collected)  # type: ignore[no-untyped-call]
        return collected
    return REGISTRY


def serve_metrics(port: int, address: str = "0.0.0.0") -> None:  # noqa: S104 - scraped from outside
    """Serve the exposition on ``port`` from a daemon thread of this (the worker's main) process."""
    start_http_server(port, addr=address, registry=registry())


def process_exited(pid: int) -> None:
    """Drop a dead pool process's live gauges from the multiprocess folder."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        mark_process_dead(pid)  # type: ignore[no-untyped-call]


def set_queue_depth(queue: str, depth: int) -> None:
    QUEUE_DEPTH.labels(queue).set(depth)
