"""The watchdog: a worker that completes nothing while batches wait in its queue is stuck (a
Celery worker was seen to stop consuming for good after a Redis outage), so it logs, counts the
recovery, and shuts down for its supervisor to start it afresh. Its unacknowledged batches come
back through the broker; nothing is lost."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any

import structlog
from celery import Celery
from celery.signals import worker_ready
from celery.worker import state
from prometheus_client import Counter

from eventwire.settings import Settings

log = structlog.get_logger("eventwire.worker")

RECOVERIES = Counter(
    "eventwire_watchdog_recoveries_total",
    "Times the watchdog found its worker making no progress while work waited, and restarted it.",
)

EXIT_GRACE_SECONDS = 30.0
"""How long a warm shutdown may take before the watchdog ends the process outright."""


class Watchdog:
    """Decides, one check at a time, whether the worker is stalled, and recovers it if so."""

    def __init__(
        self,
        stall_seconds: float,
        queue_depth: Callable[[], int],
        completed: Callable[[], int],
        recover: Callable[[], None],
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stall_seconds = stall_seconds
        self.queue_depth = queue_depth
        self.completed = completed
        self.recover = recover
        self.clock = clock
        self._done = completed()
        self._progress_at = clock()

    def check(self) -> bool:
        """One look: True if the worker was found stalled and recovery started."""
        now = self.clock()
        done = self.completed()
        if done != self._done:
            self._done, self._progress_at = done, now
            return False
        try:
            depth = self.queue_depth()
        except Exception:
            # The broker itself is unreachable: that is an outage, not a stall of this worker;
            # the clock keeps running, so a worker that stays stuck after it recovers is caught.
            return False
        if depth == 0:
            self._progress_at = now
            return False
        idle = now - self._progress_at
        if idle < self.stall_seconds:
            return False
        log.error(
            "worker.stalled",
            stall_seconds=self.stall_seconds,
            waiting=depth,
            idle_seconds=round(idle, 1),
            completed=done,
            action="restart",
        )
        RECOVERIES.inc()
        self.recover()
        return True


def completed_tasks() -> int:
    """Tasks this worker process has finished, as Celery's main process counts them."""
    return sum(state.total_count.values())


def restart_process() -> None:
    """Warm shutdown, for the supervisor to restart the worker; forced if it hangs."""
    os.kill(os.getpid(), signal.SIGTERM)
    timer = threading.Timer(EXIT_GRACE_SECONDS, os._exit, args=(70,))
    timer.daemon = True
    timer.start()


def queue_depth_of(app: Celery, queue: str) -> Callable[[], int]:
    """A function reading how many messages wait in ``queue`` on the app's broker."""

    def depth() -> int:
        with app.connection_for_read() as connection:
            declared = connection.default_channel.queue_declare(queue=queue, passive=True)
            return int(declared.message_count)

    return depth


def install(app: Celery, settings: Settings) -> None:
    """Start the watchdog thread once the worker built from ``app`` is ready (if enabled)."""
    if not settings.watchdog_stall_seconds:
        return

    @worker_ready.connect(weak=False)  # type: ignore[untyped-decorator]
    def start(sender: Any = None, **_: Any) -> None:
        if getattr(sender, "app", None) is not app:
            return
        watchdog = Watchdog(
            settings.watchdog_stall_effective,
            queue_depth_of(app, settings.queue),
            completed_tasks,
            restart_process,
        )

        def run() -> None:
            while not watchdog.check():
                time.sleep(settings.watchdog_interval_seconds)

        threading.Thread(target=run, name="eventwire-watchdog", daemon=True).start()
        log.info("watchdog.started", stall_seconds=settings.watchdog_stall_effective)
