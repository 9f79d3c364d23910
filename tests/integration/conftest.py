"""Fixtures for integration tests: the machine's real redis-server and real `celery worker`
processes, isolated by a key prefix and queue name unique to each test, or, for the tests that
share one broker's running worker, by removing the worker's state after each of them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from kombu.connection import Connection

from eventwire.channels.redis_streams import StreamConsumer, StreamEntry
from eventwire.settings import Settings

REDIS_URL = os.environ.get("EVENTWIRE_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    """A client of the real Redis; fails (never skips) when Redis does not answer."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"integration tests need a Redis at {REDIS_URL}: {exc}")
    yield client
    client.close()


AMQP_URL = os.environ.get("EVENTWIRE_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672//")
BROKERS = {"redis": None, "rabbitmq": AMQP_URL}
"""The brokers every integration test runs against: Redis itself, and RabbitMQ (quorum queue)."""


def _run_settings(broker: str | None, run: str) -> Settings:
    """Settings whose keys carry ``run`` and whose queue is ``run``'s own."""
    return Settings(
        redis_url=REDIS_URL, broker_url=broker, stream_prefix=run, queue=f"{run}.articles"
    )


def _check_broker(broker: str | None) -> None:
    """Fail (never skip) when the RabbitMQ of ``broker`` does not answer."""
    if broker:
        with Connection(broker, connect_timeout=5) as connection:  # type: ignore[no-untyped-call]  # kombu: no annotations
            try:
                connection.ensure_connection(max_retries=1)
            except Exception as exc:
                pytest.fail(f"integration tests need a RabbitMQ at {broker}: {exc}")


@pytest.fixture(params=sorted(BROKERS))
def settings(request: pytest.FixtureRequest, redis_client: redis.Redis) -> Iterator[Settings]:
    """Settings with a key prefix and queue of this test's own, on each broker in turn; their
    keys (and the RabbitMQ queue) are removed after.

    A test that takes ``worker`` gets the prefix and queue of that broker's shared worker
    instead, with every key the worker keeps as state (dedup, events, stories, output streams,
    delivery counts) removed after the test, so that the next test sharing it starts from
    nothing as it would with a worker of its own."""
    if "worker" in request.fixturenames:
        shared: SharedWorkers = request.getfixturevalue("shared_workers")
        yield shared.settings[request.param]
        shared.reset(request.param, redis_client)
        return
    run = f"ewit-{uuid.uuid4().hex[:10]}"
    broker = BROKERS[request.param]
    made = _run_settings(broker, run)
    _check_broker(broker)
    yield made
    for key in redis_client.scan_iter(match=f"*{run}*", count=1000):
        redis_client.delete(key)
    if broker:
        with Connection(broker, connect_timeout=5) as connection:  # type: ignore[no-untyped-call]  # kombu: no annotations
            channel = connection.channel()
            channel.queue_delete(made.queue)
            channel.exchange_delete(made.queue)


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process build the same settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    env.update(
        {
            "EVENTWIRE_REDIS_URL": settings.redis_url,
            "EVENTWIRE_STREAM_PREFIX": settings.stream_prefix,
            "EVENTWIRE_QUEUE": settings.queue,
            **({"EVENTWIRE_BROKER_URL": settings.broker_url} if settings.broker_url else {}),
            "EVENTWIRE_LOG_FORMAT": "json",
        }
    )
    return env


class WorkerProcess:
    """A real `eventwire worker` in its own process group, its output captured to a file."""

    def __init__(
        self,
        settings: Settings,
        log_path: Path,
        concurrency: int = 2,
        extra_env: dict[str, str] | None = None,
    ) -> None:
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "eventwire",
                "worker",
                f"--concurrency={concurrency}",
                # A node name of its own: two workers of one test must not share RabbitMQ's
                # exclusive pidbox queue.
                f"--hostname={settings.stream_prefix}-{uuid.uuid4().hex[:6]}@%h",
            ],
            env={**settings_env(settings), **(extra_env or {})},
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.output():
                return
            if self.process.poll() is not None:
                pytest.fail(f"worker exited with {self.process.returncode}:\n{self.output()}")
            time.sleep(0.2)
        pytest.fail(f"worker not ready after {timeout}s:\n{self.output()}")

    def stop(self, timeout: float = 60.0) -> int:
        """Warm shutdown (SIGTERM to the group); kill if it does not stop in time."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()
        return self.process.returncode


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Under pytest-xdist, run every test that shares a worker in the same process, so that the
    shared workers start once, not once in each process."""
    for item in items:
        if "worker" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("shared_workers"))


@pytest.fixture
def own_worker(settings: Settings, tmp_path: Path) -> Iterator[WorkerProcess]:
    """A ready worker of this test's own, consuming its queue; stopped (and reaped) after the
    test. For tests that stop the worker or need it fresh; others take ``worker``."""
    process = WorkerProcess(settings, tmp_path / "worker.log")
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


class SharedWorkers:
    """One real worker per broker, shared by every test that takes ``worker``: each is started
    once (all at the same time, since a start is ~9 s of warm-up that mostly waits on one core)
    and stopped at the end of the session. Each consumes a queue and key prefix of its own,
    which the tests sharing it use; ``reset`` removes the state between two of them."""

    KEPT = ("workers", "{ledger}:tasks", "{ledger}:due")
    """Keys (after ``<prefix>:``) the running worker owns rather than the test: its heartbeat
    (read by /readyz) and the task ledger (empty between tests, see ``drained``)."""

    def __init__(self, folder: Path) -> None:
        self.settings = {
            name: _run_settings(broker, f"ewit-{name}-{uuid.uuid4().hex[:8]}")
            for name, broker in BROKERS.items()
        }
        for broker in BROKERS.values():
            _check_broker(broker)
        self.processes = {
            name: WorkerProcess(settings, folder / f"worker-{name}.log")
            for name, settings in self.settings.items()
        }

    def wait_ready(self) -> None:
        for process in self.processes.values():
            process.wait_ready()

    def drained(self, name: str, client: redis.Redis, timeout: float = 60.0) -> None:
        """Wait until nothing is left queued for the worker of ``name`` (and, on the Redis
        broker, nothing is left in the task ledger, which a task leaves only when done)."""
        settings = self.settings[name]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if settings.broker_url:
                with Connection(settings.broker_url, connect_timeout=5) as connection:  # type: ignore[no-untyped-call]  # kombu: no annotations
                    declared = connection.default_channel.queue_declare(
                        queue=settings.queue, passive=True
                    )
                left = int(declared.message_count)
            else:
                ledger = f"{settings.stream_prefix}:{self.KEPT[1]}"
                left = int(client.llen(settings.queue)) + int(client.hlen(ledger))
            if left == 0:
                return
            time.sleep(0.2)
        pytest.fail(f"the shared {name} worker still had {left} task(s) after {timeout}s")

    def reset(self, name: str, client: redis.Redis) -> None:
        """Wait for the worker of ``name`` to finish what it was sent, then remove every key of
        its prefix (``<prefix>:...`` and the hash-tagged ``{<prefix>...}:...``) but the ones it
        owns; the broker's own keys (``<prefix>.articles``, kombu's bindings) stay."""
        self.drained(name, client)
        prefix = self.settings[name].stream_prefix
        kept = {f"{prefix}:{key}".encode() for key in self.KEPT}
        for key in client.scan_iter(match=f"*{prefix}[:}}]*", count=1000):
            if key not in kept:
                client.delete(key)

    def stop(self, client: redis.Redis) -> dict[str, int]:
        codes = {name: process.stop() for name, process in self.processes.items()}
        for settings in self.settings.values():
            for key in client.scan_iter(match=f"*{settings.stream_prefix}*", count=1000):
                client.delete(key)
            if settings.broker_url:
                with Connection(settings.broker_url, connect_timeout=5) as connection:  # type: ignore[no-untyped-call]  # kombu: no annotations
                    channel = connection.channel()
                    channel.queue_delete(settings.queue)
                    channel.exchange_delete(settings.queue)
        return codes


@pytest.fixture(scope="session")
def shared_workers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SharedWorkers]:
    """The workers of every broker, started together on first use, stopped after the last test
    (each must end its warm shutdown with exit code 0)."""
    shared = SharedWorkers(tmp_path_factory.mktemp("shared-workers"))
    client = redis.Redis.from_url(REDIS_URL)
    try:
        shared.wait_ready()
        yield shared
    finally:
        codes = shared.stop(client)
        client.close()
    failed = {name: code for name, code in codes.items() if code != 0}
    assert not failed, {name: shared.processes[name].output()[-3000:] for name in failed}


@pytest.fixture
def worker(settings: Settings, shared_workers: SharedWorkers) -> WorkerProcess:
    """A ready worker consuming this test's queue (``settings``): the shared one of the test's
    broker, its state removed after the test (see ``settings``)."""
    for name, process in shared_workers.processes.items():
        if shared_workers.settings[name] == settings:
            if process.process.poll() is not None:
                pytest.fail(f"the shared {name} worker exited:\n{process.output()[-3000:]}")
            return process
    raise AssertionError("settings are not those of a shared worker")


def collect(
    client: redis.Redis,
    settings: Settings,
    wanted: dict[str, int],
    timeout: float = 60.0,
    settle: float = 1.0,
) -> dict[str, list[StreamEntry]]:
    """Read the output streams until each holds at least ``wanted[name]`` entries, then keep
    reading for ``settle`` seconds so that any extra message is caught too."""
    readers = {
        name: StreamConsumer(client, settings.stream(name), "it-check", "checker")
        for name in ("records", "duplicates", "dead")
    }
    for reader in readers.values():
        reader.ensure_group()
    found: dict[str, list[StreamEntry]] = {name: [] for name in readers}
    deadline = time.monotonic() + timeout
    settled_at: float | None = None
    while time.monotonic() < deadline:
        for name, reader in readers.items():
            entries = reader.read(count=100, block_ms=50)
            reader.ack(entries)
            found[name].extend(entries)
        if all(len(found[name]) >= count for name, count in wanted.items()):
            settled_at = settled_at or time.monotonic()
            if time.monotonic() - settled_at >= settle:
                return found
    return found


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class IntakeProcess:
    """A real `eventwire serve` (uvicorn) on a free port, its output captured to a file."""

    def __init__(
        self, settings: Settings, log_path: Path, extra_env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = log_path.open("wb")
        env = {
            **settings_env(settings),
            "EVENTWIRE_API_KEYS": json.dumps(settings.api_keys),
            **(extra_env or {}),
        }
        self.process = subprocess.Popen(
            [sys.executable, "-m", "eventwire", "serve", "--port", str(self.port)],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"intake exited with {self.process.returncode}:\n{self.output()}")
            try:
                httpx.get(f"{self.url}/healthz", timeout=2).raise_for_status()
            except httpx.HTTPError:
                time.sleep(0.1)
            else:
                return
        pytest.fail(f"intake not answering after {timeout}s:\n{self.output()}")

    def stop(self, timeout: float = 20.0) -> int:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()
        return self.process.returncode


class PrivateRedis:
    """A redis-server of the test's own on ``port`` (no persistence), in ``folder``."""

    def __init__(self, port: int, folder: Path, *flags: str) -> None:
        self.url = f"redis://127.0.0.1:{port}/0"
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(folder),
                "--save",
                "",
                "--appendonly",
                "no",
                *flags,
            ],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        try:
            while True:
                try:
                    client.ping()
                    return
                except redis.ConnectionError:
                    if time.monotonic() > deadline or self.process.poll() is not None:
                        raise
                    time.sleep(0.05)
        finally:
            client.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)
