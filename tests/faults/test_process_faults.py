"""Faults of worker processes: killed children, killed containers, shutdown signals, crashes
between publishing and acknowledging, and redelivered batches."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime

import pytest

from eventwire.producers.client import broker_app
from eventwire.schemas.article import Batch, Submission
from eventwire.schemas.tasks import PROCESS_BATCH, TASK_LEDGER
from tests.faults.conftest import Fleet
from tests.faults.harness import Ledger, articles, check

pytestmark = [pytest.mark.integration, pytest.mark.faults]


def _kill_busy_child(fleet: Fleet, index: int) -> int:
    """SIGKILL one pool child of worker ``index``; return its pid."""
    children = fleet.workers[index].children()
    assert children, "the worker has no pool children"
    os.kill(children[0], signal.SIGKILL)
    return children[0]


class TestProcessFaults:
    """Every accepted article ends in exactly one place, whatever happens to the workers."""

    def test_sigkill_pool_child_mid_task(self, fleet: Fleet) -> None:
        """A pool child killed mid-batch has its batch redelivered at once and finished."""
        fleet.start(2)
        ledger = Ledger()
        ledger.submit(fleet.producer(), articles(24, seed=1, fault="sleep:0.3"))
        started = time.monotonic()
        time.sleep(0.8)
        _kill_busy_child(fleet, 0)
        time.sleep(0.4)
        _kill_busy_child(fleet, 1)
        report = check("1 SIGKILL pool child", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert report.published == 24

    def test_message_taken_by_a_dying_consumer(self, fleet: Fleet) -> None:
        """Kombu's Redis transport pops a message (BRPOP) before it records it as
        unacknowledged, in a second command: a worker killed between the two takes the message
        with it, and kombu's restore never sees it. Be that worker: take every message off the
        queue and record nothing. The task ledger re-sends them once the grace has passed."""
        ledger = Ledger()
        ledger.submit(fleet.producer(), articles(8, seed=13))
        taken = [fleet.client.rpop(fleet.settings.queue) for _ in range(2)]
        assert all(taken)
        assert fleet.client.llen(fleet.settings.queue) == 0
        assert not fleet.client.hlen("unacked")
        started = time.monotonic()
        worker = fleet.worker()
        report = check(
            "13 message taken by a dying consumer", fleet.client, fleet.settings, ledger, started
        )
        report.show()
        report.assert_clean()
        assert report.published == 8
        assert '"task.resent"' in worker.output()
        # Done tasks leave the ledger.
        assert not fleet.client.hlen(f"{fleet.settings.stream_prefix}:{TASK_LEDGER}")

    def test_sigkill_whole_worker_group(self, fleet: Fleet) -> None:
        """A worker container killed outright: its unacknowledged batches come back after the
        visibility timeout, swept by the surviving worker, and nothing is published twice."""
        fleet.start(2)
        ledger = Ledger()
        ledger.submit(fleet.producer(), articles(32, seed=2, fault="sleep:0.2"))
        started = time.monotonic()
        time.sleep(1.0)
        fleet.workers[0].kill_group()
        report = check("2 SIGKILL worker group", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert report.published == 32
        assert report.drain_seconds < fleet.settings.visibility_timeout + 15

    def test_sigterm_and_sigquit_under_load(self, fleet: Fleet) -> None:
        """A warm (SIGTERM) and a cold (SIGQUIT) shutdown under load lose and repeat nothing."""
        fleet.start(3)
        ledger = Ledger()
        ledger.submit(fleet.producer(), articles(40, seed=3, fault="sleep:0.2"))
        started = time.monotonic()
        time.sleep(1.0)
        fleet.workers[0].signal(signal.SIGTERM)
        time.sleep(0.5)
        fleet.workers[1].signal(signal.SIGQUIT)
        report = check("3 SIGTERM+SIGQUIT", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert report.published == 40
        assert fleet.workers[0].process.wait(30) == 0

    def test_task_outliving_visibility_timeout(self, fleet: Fleet) -> None:
        """Another fleet on the same Redis with a shorter visibility timeout requeues batches
        that are still running; the copies run too, and still nothing is published twice."""
        # Batches of 4 x 0.9 s: a soft limit of 6 s leaves them room on a loaded machine (the
        # suite's 4 s did not), while they still outlive the sweeper's 3 s visibility timeout.
        fleet.settings = fleet.settings.model_copy(
            update={"soft_time_limit": 6, "hard_time_limit": 7}
        )
        fleet.worker()
        sweeper = Fleet.__new__(Fleet)
        sweeper.__dict__.update(fleet.__dict__)
        sweeper.settings = fleet.settings.model_copy(
            update={
                "queue": f"{fleet.settings.queue}.other",
                "soft_time_limit": 1,
                "hard_time_limit": 2,
                "visibility_timeout": 3,
            }
        )
        sweeper.workers = fleet.workers
        ledger = Ledger()
        ledger.submit(fleet.producer(), articles(8, seed=4, fault="sleep:0.9"))
        started = time.monotonic()
        sweeper.worker(concurrency=1)
        report = check("4 outlives visibility", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert report.published == 8

    def test_crash_after_publish_before_ack(self, fleet: Fleet) -> None:
        """A child that dies after publishing but before the ack: the batch is redelivered and
        republishes nothing."""
        fleet.worker()
        ledger = Ledger()
        ledger.submit(fleet.producer(), articles(8, seed=5, fault="crash_after_publish"))
        started = time.monotonic()
        report = check("5 crash after publish", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert report.published == 8
        crashed = list(fleet.client.scan_iter(f"{fleet.settings.stream_prefix}:fault:crashed:*"))
        assert len(crashed) == 2  # each of the two batches crashed once

    def test_same_article_twice_and_batch_redelivered(self, fleet: Fleet) -> None:
        """An article submitted twice gives a record and a duplicate notice; a batch message
        sent twice publishes each of its articles once."""
        fleet.worker()
        ledger = Ledger()
        producer = fleet.producer()
        twin = articles(1, seed=6)
        ledger.submit(producer, twin)
        ledger.submit(producer, twin)
        now = datetime.now(UTC)
        batch = Batch(
            batch_id="batch-again",
            items=[
                Submission(article_id=f"art_again_{index}", submitted_at=now, payload=payload)
                for index, payload in enumerate(articles(4, seed=7))
            ],
        ).model_dump(mode="json")
        app = broker_app(fleet.settings)
        app.send_task(PROCESS_BATCH, args=[batch], queue=fleet.settings.queue)
        app.send_task(PROCESS_BATCH, args=[batch], queue=fleet.settings.queue)
        app.close()
        ledger.accepted.update(f"art_again_{index}" for index in range(4))
        started = time.monotonic()
        report = check("11 twice + redelivered", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert (report.published, report.duplicates, report.dead) == (5, 1, 0)


class TestWatchdog:
    """A worker that stops consuming while work waits is recovered by its own watchdog."""

    def test_stalled_consumers_are_restarted_in_place_or_exit(self, fleet: Fleet) -> None:
        """Two stalled workers, each alone on its own queue. One had its consumer cancelled: it
        logs the stall, restarts its consumer in place and drains its queue without exiting.
        The other forgot its queue, so the restart cannot help: a stall period later it logs
        the stall again and exits (warm shutdown, for its supervisor), leaving its batches in
        the queue for the first worker, told to consume it, to drain."""
        # Short limits keep the stall period (never below the hard limit + 10 s) short.
        fleet.settings = fleet.settings.model_copy(
            update={"soft_time_limit": 2, "hard_time_limit": 3, "watchdog_stall_seconds": 4}
        )
        stall = fleet.settings.watchdog_stall_effective
        other = Fleet.__new__(Fleet)
        other.__dict__.update(fleet.__dict__)
        other.settings = fleet.settings.model_copy(update={"queue": f"{fleet.settings.queue}.b"})
        other.workers, other.name_prefix = fleet.workers, "b"
        node = os.uname().nodename
        # The watchdog's idle clock runs from its last look that found the queue empty, which can
        # come up to a look's interval before the work is submitted: the two stall periods are
        # counted from before the workers start, which is never later.
        launched = time.monotonic()
        cancelled = fleet.worker(ready=False)
        forgetful = other.worker()
        cancelled.wait_ready()
        app = broker_app(fleet.settings)
        assert app.control.cancel_consumer(
            fleet.settings.queue, destination=[f"{cancelled.name}@{node}"], reply=True
        )
        assert app.control.broadcast(
            "forget_queue",
            arguments={"queue": other.settings.queue},
            destination=[f"{forgetful.name}@{node}"],
            reply=True,
        )
        ledger = Ledger()
        ledger.submit(fleet.producer(), articles(8, seed=13))
        ledger.submit(other.producer(), articles(8, seed=14))
        started = time.monotonic()
        assert forgetful.process.wait(3 * stall + 30) == 0  # a warm shutdown
        gone = time.monotonic() - launched
        assert app.control.add_consumer(
            other.settings.queue, destination=[f"{cancelled.name}@{node}"], reply=True
        )
        app.close()
        report = check("watchdog restart", fleet.client, fleet.settings, ledger, started)
        report.show()
        report.assert_clean()
        assert report.published == 16
        assert gone >= 2 * stall
        assert cancelled.process.poll() is None
        output = cancelled.output()
        assert '"action": "restart_consumer", "event": "worker.stalled"' in output
        assert '"action": "exit"' not in output
        output = forgetful.output()
        assert '"action": "restart_consumer", "event": "worker.stalled"' in output
        assert '"action": "exit", "event": "worker.stalled"' in output
