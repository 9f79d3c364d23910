"""Fixtures of the fault-injection suite: a private Redis per test and a fleet of workers."""

from __future__ import annotations

import contextlib
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.producers.client import Producer
from eventwire.settings import Settings
from tests.faults.harness import FIGURES, FIGURES_PROPERTY, RedisServer, TlsFiles, Worker


class Fleet:
    """The private Redis, the settings every process shares, and the workers started so far."""

    def __init__(self, tmp_path: Path, *redis_options: str, tls: TlsFiles | None = None) -> None:
        self.tmp_path = tmp_path
        self.redis = RedisServer(tmp_path / "redis", *redis_options, tls=tls)
        self.redis.start()
        run = f"ewf-{uuid.uuid4().hex[:8]}"
        self.settings = Settings(
            redis_url=self.redis.url,
            stream_prefix=run,
            queue=f"{run}.articles",
            batch_size=4,
            soft_time_limit=4,
            hard_time_limit=6,
            visibility_timeout=8,
            unacked_restore_interval=1,
            lost_task_grace_seconds=12,
            worker_heartbeat_seconds=1,
            unacked_mutex_expire=5,
            max_delivery_attempts=3,
            max_retries=20,
            retry_backoff_max=2,
            broker_socket_timeout=3,
            watchdog_stall_seconds=20,
            watchdog_interval_seconds=1,
            queue_high_water=0,
        )
        self.workers: list[Worker] = []
        self.name_prefix = "w"
        self.client = self.redis.client()

    def worker(self, concurrency: int = 2, ready: bool = True) -> Worker:
        name = f"{self.name_prefix}{len(self.workers)}-{self.settings.stream_prefix}"
        worker = Worker(self.settings, self.tmp_path / f"{name}.log", name, concurrency=concurrency)
        self.workers.append(worker)
        if ready:
            worker.wait_ready()
        return worker

    def start(self, count: int, concurrency: int = 2) -> list[Worker]:
        """``count`` ready workers, started all at once and then waited for (a start is ~9 s of
        warm-up on one core: started one after the other they would take ``count`` times
        that on a machine with cores to spare)."""
        started = [self.worker(concurrency, ready=False) for _ in range(count)]
        for worker in started:
            worker.wait_ready()
        return started

    @contextlib.contextmanager
    def supervised(self) -> Iterator[list[str]]:
        """Restart any worker that exits, as a container supervisor would; yields the names
        of the workers restarted."""
        restarted: list[str] = []
        stop = threading.Event()

        def watch() -> None:
            while not stop.wait(0.5):
                for index, worker in enumerate(list(self.workers)):
                    if worker.process.poll() is not None and not worker.retired:
                        worker.retired = True
                        restarted.append(worker.name)
                        replacement = self.worker(ready=False)
                        self.workers[index], self.workers[-1] = replacement, worker

        thread = threading.Thread(target=watch, daemon=True)
        thread.start()
        try:
            yield restarted
        finally:
            stop.set()
            thread.join(5)

    def producer(self) -> Producer:
        return Producer(self.settings)

    def close(self) -> None:
        # Every worker's warm shutdown at once, then each waited for.
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            worker.stop()
        self.redis.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Keep each phase's report on the test item, for fixtures to see whether it failed, and
    put the figures the test's fault runs added on its call report."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    if report.when == "call":
        while FIGURES:
            report.user_properties.append((FIGURES_PROPERTY, FIGURES.pop(0)))
    return report


def show_worker_logs(fleet: Fleet, lines: int = 40) -> None:
    """Print the lifecycle lines of every worker's log (celery's own lines and warnings), so a
    failure on a CI machine can be read from its output alone."""
    for worker in fleet.workers:
        kept = [
            line
            for line in worker.output().splitlines()
            if line.startswith("[20") or '"level": "error"' in line or '"level": "warning"' in line
        ]
        print(f"--- {worker.name} (exit {worker.process.poll()}): last {lines} lines")  # noqa: T201
        print("\n".join(kept[-lines:]))  # noqa: T201


@pytest.fixture
def fleet(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Fleet]:
    """A private fsync-always Redis and no worker yet; everything is stopped after the test,
    and the workers' logs are printed when the test failed."""
    made = Fleet(tmp_path)
    try:
        yield made
    finally:
        call = getattr(request.node, "report_call", None)
        if call is not None and call.failed:
            show_worker_logs(made)
        made.close()
