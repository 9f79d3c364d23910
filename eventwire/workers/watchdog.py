"""The watchdog: a worker that completes nothing while batches wait in its queue is stuck (a
Celery worker was seen to stop consuming for good after a Redis outage). It first restarts the
worker's consumer in place (a fresh broker connection and a fresh subscription to its queue); if
that does not bring progress back within another stall period, it shuts the worker down for its
supervisor to start it afresh. Unacknowledged batches come back through the broker either way;
nothing is lost."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, Literal

import structlog
from celery import Celery
from celery.signals import worker_ready
from celery.worker import state
from prometheus_client import Counter

from eventwire.settings import Settings

log = structlog.get_logger("eventwire.worker")

RECOVERIES = Counter(
    "eventwire_watchdog_recoveries_total",
    "Times the watchdog found its worker making no progress while work waited, by what it did: "
    "restart_consumer (in place) or exit (for the supervisor to restart the worker).",
    ["action"],
)

EXIT_GRACE_SECONDS = 30.0
"""How long a warm shutdown may take before the watchdog ends the process outright."""

Action = Literal["restart_consumer", "exit"]


class Watchdog:
    """Decides, one check at a time, whether the worker is stalled, and recovers it if so: the
    first time by restarting its consumer, and if that brought no progress within another
    ``stall_seconds``, by exiting."""

    def __init__(
        self,
        stall_seconds: float,
        queue_depth: Callable[[], int],
        completed: Callable[[], int],
        restart_consumer: Callable[[], None],
        exit_process: Callable[[], None],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stall_seconds = stall_seconds
        self.queue_depth = queue_depth
        self.completed = completed
        self.restart_consumer = restart_consumer
        self.exit_process = exit_process
        self.clock = clock
        self._done = completed()
        self._progress_at = clock()
        self._restarted = False

    def check(self) -> Action | None:
        """One look: what was done about a stall (``exit`` ends the watchdog), or None."""
        now = self.clock()
        done = self.completed()
        if done != self._done:
            self._done, self._progress_at = done, now
            self._restarted = False
            return None
        try:
            depth = self.queue_depth()
        except Exception:
            # The broker itself is unreachable: that is an outage, not a stall of this worker;
            # the clock keeps running, so a worker that stays stuck after it recovers is caught.
            return None
        if depth == 0:
            self._progress_at = now
            self._restarted = False
            return None
        idle = now - self._progress_at
        if idle < self.stall_seconds:
            return None
        action: Action = "exit" if self._restarted else "restart_consumer"
        log.error(
            "worker.stalled",
            stall_seconds=self.stall_seconds,
            waiting=depth,
            idle_seconds=round(idle, 1),
            completed=done,
            action=action,
        )
        RECOVERIES.labels(action=action).inc()
        if action == "exit":
            self.exit_process()
        else:
            self._restarted = True
            # The restarted consumer gets a whole stall period (longer than the hard time limit)
            # to finish a batch before the worker is given up.
            self._progress_at = now
            self.restart_consumer()
        return action


class ConsumerRestartError(ConnectionResetError):
    """Raised inside the worker's event loop to make Celery restart its consumer: Celery treats
    it as a lost broker connection, closes the connection, and starts every consumer step again
    on a new one (the same recovery as after a real outage)."""


def consumer_restarter(consumer: Any, queue: str) -> Callable[[], None]:
    """A function that restarts ``consumer`` (Celery's worker consumer) in place, from any
    thread: the event loop runs the restart as its next callback."""

    def in_loop() -> None:
        # A queue whose consumption was cancelled (by a control command, or lost in a broken
        # reconnect) is selected again, so the new consumer subscribes to it.
        queues = consumer.app.amqp.queues
        if queue in queues:
            queues.select_add(queues[queue])
        raise ConsumerRestartError("eventwire watchdog: restarting the stalled consumer")

    def restart() -> None:
        hub = getattr(consumer, "hub", None)
        if hub is None:
            # No event loop to restart in (a pool without one): only the exit is left.
            return
        hub.call_soon(in_loop)

    return restart


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
        # ``sender`` is the worker's consumer.
        if getattr(sender, "app", None) is not app:
            return
        watchdog = Watchdog(
            settings.watchdog_stall_effective,
            queue_depth_of(app, settings.queue),
            completed_tasks,
            consumer_restarter(sender, settings.queue),
            restart_process,
        )

        def run() -> None:
            while watchdog.check() != "exit":
                time.sleep(settings.watchdog_interval_seconds)

        threading.Thread(target=run, name="eventwire-watchdog", daemon=True).start()
        log.info("watchdog.started", stall_seconds=settings.watchdog_stall_effective)
