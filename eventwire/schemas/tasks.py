"""Celery task names: part of the wire contract, so producers can send without worker code."""

PROCESS_BATCH = "eventwire.process_batch"
"""Body: one :class:`~eventwire.schemas.article.Batch` as JSON."""

PUBLISH_DEAD_LETTERS = "eventwire.publish_dead_letters"
"""Body: a list of :class:`~eventwire.schemas.messages.DeadLetter` as JSON."""

WORKER_HEARTBEATS = "workers"
"""Key (after ``<prefix>:``) of the sorted set where each worker node records the Unix time of its
latest heartbeat; the HTTP intake's /readyz reads it. Shared by workers and producers, like the
task names."""
