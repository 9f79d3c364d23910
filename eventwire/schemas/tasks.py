"""Celery task names: part of the wire contract, so producers can send without worker code."""

PROCESS_BATCH = "eventwire.process_batch"
"""Body: one :class:`~eventwire.schemas.article.Batch` as JSON."""

PUBLISH_DEAD_LETTERS = "eventwire.publish_dead_letters"
"""Body: a list of :class:`~eventwire.schemas.messages.DeadLetter` as JSON."""

WORKER_HEARTBEATS = "workers"
"""Key (after ``<prefix>:``) of the sorted set where each worker node records the Unix time of its
latest heartbeat; the HTTP intake's /readyz reads it. Shared by workers and producers, like the
task names."""

TASK_LEDGER = "{ledger}:tasks"
"""Key (after ``<prefix>:``) of the task ledger on a Redis broker: a hash of task id -> JSON
``{"name": ..., "body": ...}`` holding every task a producer queued and no worker has finished
yet. Beside it, ``TASK_LEDGER_DUE`` is a sorted set of the same ids by the Unix time each was
queued (or last re-sent). Kombu's Redis transport pops a message (BRPOP) and only then records
it as unacknowledged, in a second command: a worker killed between the two loses the message.
The producer writes the ledger entry before it queues the task, the worker removes it when the
task is done, and workers re-send an entry that is neither queued nor unacknowledged long after
it was queued (eventwire/workers/ledger.py)."""

TASK_LEDGER_DUE = "{ledger}:due"
"""Key (after ``<prefix>:``) of the ledger's sorted set of task id -> queued-at time."""
