"""The task ledger on a Redis broker: re-send a queued task that a dead worker took with it.

Kombu's Redis transport takes a message off the queue with BRPOP and only afterwards, in a second
command, records it in its ``unacked`` hash, from which a dead worker's messages are restored. A
worker killed between the two (a container kill, an out-of-memory kill; more likely on a loaded
machine, where a process can be descheduled in between) takes the message with it: nothing in
Redis remembers it. The fault suite saw this as a few lost articles after whole-worker kills.

So a producer records each task in the ledger (``TASK_LEDGER``) before queuing it, a worker
removes the entry when the task is done (processed or dead-lettered), and every worker's
heartbeat sweeps the ledger: an entry queued more than ``lost_task_grace_seconds`` ago, while the
queue is empty and the task is not among kombu's unacknowledged messages, was lost and is sent
again under its own task id (so its delivery counter keeps counting). The sweep waits while the
queue holds anything: a backlog is not a loss, and entries stuck behind it are checked once it
drains. Re-sending is safe because processing is idempotent: a task that was in fact still
being taken (the sweep raced the same window) is processed twice and published once.
"""

from __future__ import annotations

import time
from typing import Any

import orjson
import redis
import structlog

from eventwire.schemas.tasks import TASK_LEDGER, TASK_LEDGER_DUE
from eventwire.workers import metrics

log = structlog.get_logger("eventwire.worker")

UNACKED = "unacked"
"""Kombu's hash of delivery tag -> unacknowledged message on the Redis transport."""

SWEEP_LIMIT = 100
"""Most overdue entries one sweep looks at."""

# KEYS[1] the due set. ARGV[1] task id, ARGV[2] cutoff, ARGV[3] now. Moves the entry's due time
# to now if it is still at or before the cutoff: of two sweepers, only one re-sends.
_CLAIM = """
local due = redis.call('ZSCORE', KEYS[1], ARGV[1])
if due and tonumber(due) <= tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
  return 1
end
return 0
"""


class TaskLedger:
    """The ledger entries of ``prefix`` on ``client`` (the broker's Redis, beside the queue)."""

    def __init__(self, client: redis.Redis, prefix: str) -> None:
        self.client = client
        self.tasks_key = f"{prefix}:{TASK_LEDGER}"
        self.due_key = f"{prefix}:{TASK_LEDGER_DUE}"
        self._claim = client.register_script(_CLAIM)

    def done(self, task_id: str) -> None:
        """Forget a finished task (processed or dead-lettered)."""
        pipe = self.client.pipeline(transaction=False)
        pipe.hdel(self.tasks_key, task_id)
        pipe.zrem(self.due_key, task_id)
        pipe.execute()

    def overdue(self, cutoff: float) -> list[str]:
        """Ids of entries queued (or last re-sent) at or before ``cutoff``."""
        found: list[bytes] = self.client.zrangebyscore(  # type: ignore[assignment]
            self.due_key, "-inf", cutoff, start=0, num=SWEEP_LIMIT
        )
        return [item.decode() for item in found]

    def sweep(self, app: Any, broker: redis.Redis, queue: str, grace: float) -> list[str]:
        """Re-send every overdue task that is neither queued nor unacknowledged; return their
        ids. ``broker`` is a client of the broker's Redis, ``app`` the Celery app to send with."""
        now = time.time()
        cutoff = now - grace
        overdue = self.overdue(cutoff)
        if not overdue or broker.llen(queue):
            return []
        taken = in_flight(broker)
        resent = []
        for task_id in overdue:
            if task_id in taken:
                continue
            entry = self.client.hget(self.tasks_key, task_id)
            if entry is None:
                # Finished between the two reads.
                self.client.zrem(self.due_key, task_id)
                continue
            if not self._claim(keys=[self.due_key], args=[task_id, cutoff, now]):
                continue
            task = orjson.loads(entry)
            app.send_task(task["name"], args=[task["body"]], queue=queue, task_id=task_id)
            resent.append(task_id)
        if resent:
            metrics.observe_ledger_resent(len(resent))
            log.warning("task.resent", tasks=len(resent), task_ids=resent[:10], queue=queue)
        return resent


def in_flight(broker: redis.Redis) -> set[str]:
    """Task ids of the messages kombu holds as unacknowledged (delivered to a live worker, or
    waiting for kombu's own restore)."""
    ids = set()
    for raw in broker.hvals(UNACKED):
        try:
            message = orjson.loads(raw)[0]
            ids.add(str(message["headers"]["id"]))
        except (orjson.JSONDecodeError, LookupError, TypeError):
            continue
    return ids
