"""The task ledger's sweep (store logic on fakeredis): what it re-sends, and what it leaves."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import fakeredis
import orjson
import pytest

from eventwire.schemas.tasks import PROCESS_BATCH
from eventwire.workers.ledger import TaskLedger, in_flight

QUEUE = "t.articles"


@dataclass
class Sender:
    """Stands in for the Celery app's send_task: records what would be queued."""

    sent: list[tuple[str, Any, str, str]] = field(default_factory=list)

    def send_task(self, name: str, args: list[Any], queue: str, task_id: str) -> None:
        self.sent.append((name, args[0], queue, task_id))


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis()


def record(client: fakeredis.FakeRedis, task_id: str, queued_at: float) -> None:
    """What the producer writes before it queues a task."""
    client.hset("p:{ledger}:tasks", task_id, orjson.dumps({"name": PROCESS_BATCH, "body": [1]}))
    client.zadd("p:{ledger}:due", {task_id: queued_at})


def unacked(client: fakeredis.FakeRedis, task_id: str) -> None:
    """What kombu writes when a worker has taken a message."""
    message = {"headers": {"id": task_id}, "body": "..."}
    client.hset("unacked", f"tag-{task_id}", orjson.dumps([message, "", QUEUE]))


def test_an_overdue_task_neither_queued_nor_taken_is_resent_under_its_id(
    client: fakeredis.FakeRedis,
) -> None:
    record(client, "lost", time.time() - 60)
    sender = Sender()
    assert TaskLedger(client, "p").sweep(sender, client, QUEUE, grace=30) == ["lost"]
    assert sender.sent == [(PROCESS_BATCH, [1], QUEUE, "lost")]
    # Its due time moved to now: the next sweep does not send it again.
    assert TaskLedger(client, "p").sweep(sender, client, QUEUE, grace=30) == []
    assert len(sender.sent) == 1


def test_recent_unacknowledged_and_backlogged_tasks_are_left_alone(
    client: fakeredis.FakeRedis,
) -> None:
    record(client, "recent", time.time())
    record(client, "running", time.time() - 60)
    unacked(client, "running")
    sender = Sender()
    ledger = TaskLedger(client, "p")
    assert ledger.sweep(sender, client, QUEUE, grace=30) == []
    # A backlog is not a loss: nothing is re-sent while the queue holds messages.
    record(client, "behind-the-backlog", time.time() - 60)
    client.lpush(QUEUE, b"a message")
    assert ledger.sweep(sender, client, QUEUE, grace=30) == []
    client.delete(QUEUE)
    assert ledger.sweep(sender, client, QUEUE, grace=30) == ["behind-the-backlog"]
    assert [task_id for *_, task_id in sender.sent] == ["behind-the-backlog"]


def test_done_forgets_the_task(client: fakeredis.FakeRedis) -> None:
    record(client, "finished", time.time() - 60)
    ledger = TaskLedger(client, "p")
    ledger.done("finished")
    assert not client.hlen("p:{ledger}:tasks")
    assert not client.zcard("p:{ledger}:due")
    assert ledger.sweep(Sender(), client, QUEUE, grace=30) == []


def test_in_flight_reads_kombus_unacked_messages_and_skips_garbage(
    client: fakeredis.FakeRedis,
) -> None:
    unacked(client, "a")
    client.hset("unacked", "junk", b"not json")
    assert in_flight(client) == {"a"}
