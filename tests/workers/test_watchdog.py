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
        self.recovered = 0

    def watchdog(self, stall: float = 10.0) -> Watchdog:
        return Watchdog(stall, self._depth, lambda: self.done, self._recover, lambda: self.now)

    def _depth(self) -> int:
        if self.depth < 0:
            raise ConnectionError("broker down")
        return self.depth

    def _recover(self) -> None:
        self.recovered += 1


class TestWatchdog:
    """Recovers a worker that finishes nothing while work waits, and only then."""

    def test_stalled_with_work_waiting_recovers_and_counts(self) -> None:
        """No completion for the stall time while the queue holds work: recover, count it."""
        world = _World()
        watchdog = world.watchdog()
        world.depth = 5
        before = RECOVERIES._value.get()
        world.now = 5.0
        assert not watchdog.check()
        world.now = 10.5
        assert watchdog.check()
        assert world.recovered == 1
        assert RECOVERIES._value.get() == before + 1

    def test_progress_resets_the_clock(self) -> None:
        """A completed task counts as progress, however long the queue."""
        world = _World()
        watchdog = world.watchdog()
        world.depth = 5
        world.now, world.done = 9.0, 1
        assert not watchdog.check()
        world.now = 15.0
        assert not watchdog.check()
        assert world.recovered == 0

    def test_idle_with_empty_queue_is_not_stalled(self) -> None:
        """Nothing to do is not a stall."""
        world = _World()
        watchdog = world.watchdog()
        world.now = 100.0
        assert not watchdog.check()
        world.depth = 1
        world.now = 105.0
        assert not watchdog.check()
        assert world.recovered == 0

    def test_broker_outage_is_not_a_stall(self) -> None:
        """While the queue cannot be read the watchdog waits rather than restarting."""
        world = _World()
        watchdog = world.watchdog()
        world.depth = -1
        world.now = 100.0
        assert not watchdog.check()
        assert world.recovered == 0

    def test_stall_time_must_exceed_hard_limit(self) -> None:
        """A stall time within the hard time limit is refused with the reason."""
        with pytest.raises(ConfigurationError, match="watchdog_stall_seconds"):
            Settings(watchdog_stall_seconds=30, hard_time_limit=30, soft_time_limit=20)
        assert Settings(watchdog_stall_seconds=0).watchdog_stall_seconds == 0
