"""The watchdog's decision, with a fixed clock and plain functions for the queue and progress."""

from __future__ import annotations

import pytest

from eventwire.schemas.errors import ConfigurationError
from eventwire.settings import Settings
from eventwire.workers.watchdog import RECOVERIES, Watchdog


class _World:
    """The clock, queue depth and completed count a watchdog looks at, set by the test."""

    def __init__(self) -> None:
        self.now = 0.0
        self.depth = 0
        self.done = 0
        self.restarts = 0
        self.exits = 0

    @property
    def recovered(self) -> int:
        return self.restarts + self.exits

    def watchdog(self, stall: float = 10.0) -> Watchdog:
        return Watchdog(
            stall, self._depth, lambda: self.done, self._restart, self._exit, clock=lambda: self.now
        )

    def _depth(self) -> int:
        if self.depth < 0:
            raise ConnectionError("broker down")
        return self.depth

    def _restart(self) -> None:
        self.restarts += 1

    def _exit(self) -> None:
        self.exits += 1


def _count(action: str) -> float:
    return float(RECOVERIES.labels(action=action)._value.get())


class TestWatchdog:
    """Recovers a worker that finishes nothing while work waits, and only then."""

    def test_stalled_with_work_waiting_restarts_the_consumer_and_counts(self) -> None:
        """No completion for the stall time while the queue holds work: restart the consumer
        in place (not the process), and count it."""
        world = _World()
        watchdog = world.watchdog()
        world.depth = 5
        before = _count("restart_consumer")
        world.now = 5.0
        assert watchdog.check() is None
        world.now = 10.5
        assert watchdog.check() == "restart_consumer"
        assert (world.restarts, world.exits) == (1, 0)
        assert _count("restart_consumer") == before + 1

    def test_exits_when_the_restart_brings_no_progress(self) -> None:
        """Still no progress a whole stall period after the consumer restart: exit."""
        world = _World()
        watchdog = world.watchdog()
        world.depth = 5
        before = _count("exit")
        world.now = 10.5
        assert watchdog.check() == "restart_consumer"
        world.now = 20.0
        assert watchdog.check() is None
        world.now = 21.0
        assert watchdog.check() == "exit"
        assert (world.restarts, world.exits) == (1, 1)
        assert _count("exit") == before + 1

    def test_progress_after_a_restart_earns_a_new_restart(self) -> None:
        """A restart that worked is forgotten: the next stall restarts again rather than exits."""
        world = _World()
        watchdog = world.watchdog()
        world.depth = 5
        world.now = 10.5
        assert watchdog.check() == "restart_consumer"
        world.now, world.done = 12.0, 1
        assert watchdog.check() is None
        world.now = 22.5
        assert watchdog.check() == "restart_consumer"
        assert (world.restarts, world.exits) == (2, 0)

    def test_progress_resets_the_clock(self) -> None:
        """A completed task counts as progress, however long the queue."""
        world = _World()
        watchdog = world.watchdog()
        world.depth = 5
        world.now, world.done = 9.0, 1
        assert watchdog.check() is None
        world.now = 15.0
        assert watchdog.check() is None
        assert world.recovered == 0

    def test_idle_with_empty_queue_is_not_stalled(self) -> None:
        """Nothing to do is not a stall."""
        world = _World()
        watchdog = world.watchdog()
        world.now = 100.0
        assert watchdog.check() is None
        world.depth = 1
        world.now = 105.0
        assert watchdog.check() is None
        assert world.recovered == 0

    def test_broker_outage_is_not_a_stall(self) -> None:
        """While the queue cannot be read the watchdog waits rather than restarting."""
        world = _World()
        watchdog = world.watchdog()
        world.depth = -1
        world.now = 100.0
        assert watchdog.check() is None
        assert world.recovered == 0

    def test_stall_time_must_exceed_hard_limit(self) -> None:
        """A stall time within the hard time limit is refused with the reason."""
        with pytest.raises(ConfigurationError, match="watchdog_stall_seconds"):
            Settings(watchdog_stall_seconds=30, hard_time_limit=30, soft_time_limit=20)
        assert Settings(watchdog_stall_seconds=0).watchdog_stall_seconds == 0
