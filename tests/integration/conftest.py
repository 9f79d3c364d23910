"""Fixtures for integration tests: the machine's real redis-server and real `celery worker`
processes, isolated by a key prefix and queue name unique to each test."""

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
from kombu import Connection

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


@pytest.fixture(params=sorted(BROKERS))
def settings(request: pytest.FixtureRequest, redis_client: redis.Redis) -> Iterator[Settings]:
    """Settings with a key prefix and queue of this test's own, on each broker in turn; their
    keys (and the RabbitMQ queue) are removed after."""
    run = f"ewit-{uuid.uuid4().hex[:10]}"
    broker = BROKERS[request.param]
    made = Settings(
        redis_url=REDIS_URL, broker_url=broker, stream_prefix=run, queue=f"{run}.articles"
    )
    if broker:
        with Connection(broker, connect_timeout=5) as connection:
            try:
                connection.ensure_connection(max_retries=1)
            except Exception as exc:
                pytest.fail(f"integration tests need a RabbitMQ at {broker}: {exc}")
    yield made
    for key in redis_client.scan_iter(match=f"*{run}*", count=1000):
        redis_client.delete(key)
    if broker:
        with Connection(broker, connect_timeout=5) as connection:
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


@pytest.fixture
def worker(settings: Settings, tmp_path: Path) -> Iterator[WorkerProcess]:
    """A ready worker consuming this test's queue; stopped (and reaped) after the test."""
    process = WorkerProcess(settings, tmp_path / "worker.log")
    try:
        process.wait_ready()
        yield process
    finally:
        process.stop()


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
