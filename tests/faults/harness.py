"""The fault-injection harness: a private redis-server with an fsync-always AOF, real worker
processes in their own process groups, a load generator, and the checker that proves every
accepted article ended in exactly one place."""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import socket
import string
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis

from eventwire.channels.base import decode
from eventwire.producers.client import Producer
from eventwire.schemas.errors import OverloadedError
from eventwire.settings import Settings
from tests.replies import expect_entries

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass(frozen=True)
class TlsFiles:
    """A throwaway certificate authority and a server certificate it signed for 127.0.0.1."""

    ca: Path
    cert: Path
    key: Path

    @classmethod
    def make(cls, directory: Path) -> TlsFiles:
        """Generate them with the openssl command line (valid for a day)."""
        directory.mkdir(parents=True, exist_ok=True)
        files = cls(directory / "ca.crt", directory / "server.crt", directory / "server.key")
        ca_key, request = directory / "ca.key", directory / "server.csr"
        extensions = directory / "server.ext"
        extensions.write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
        key = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]
        for command in (
            ["req", "-x509", *key, "-keyout", ca_key, "-out", files.ca, "-days", "1",
             "-subj", "/CN=eventwire test CA"],
            ["req", *key, "-keyout", files.key, "-out", request, "-subj", "/CN=127.0.0.1"],
            ["x509", "-req", "-in", request, "-CA", files.ca, "-CAkey", ca_key,
             "-CAcreateserial", "-out", files.cert, "-days", "1", "-extfile", extensions],
        ):  # fmt: skip
            subprocess.run(["openssl", *map(str, command)], check=True, capture_output=True)
        return files


class RedisServer:
    """A private redis-server on a free port, its AOF fsynced on every write, in ``directory``;
    with ``tls``, it listens on that port with TLS only."""

    def __init__(
        self,
        directory: Path,
        *options: str,
        password: str | None = None,
        tls: TlsFiles | None = None,
    ) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.options = options
        self.password = password
        self.tls = tls
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return self.url_as(None, self.password)

    def url_as(self, user: str | None, password: str | None) -> str:
        """The URL that logs in as ``user`` (the default user if None) with ``password``."""
        auth = f"{user or ''}:{password}@" if password else ""
        if self.tls:
            query = f"ssl_cert_reqs=required&ssl_ca_certs={self.tls.ca}"
            return f"rediss://{auth}127.0.0.1:{self.port}/0?{query}"
        return f"redis://{auth}127.0.0.1:{self.port}/0"

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url, socket_timeout=5)

    def start(self) -> None:
        """Start (or restart, reloading the AOF) and wait until it answers."""
        command = [
            "redis-server",
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--dir", str(self.directory),
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--save", "",
            *self.options,
        ]  # fmt: skip
        if self.password:
            command += ["--requirepass", self.password]
        if self.tls:
            command += [
                "--port", "0",
                "--tls-port", str(self.port),
                "--tls-cert-file", str(self.tls.cert),
                "--tls-key-file", str(self.tls.key),
                "--tls-ca-cert-file", str(self.tls.ca),
                "--tls-auth-clients", "no",
            ]  # fmt: skip
        log = (self.directory / "redis.log").open("ab")
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if self.client().ping():
                    return
            except redis.BusyLoadingError:
                pass
            except redis.ConnectionError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"redis-server on {self.port} did not come up")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no final save; only what the AOF holds survives."""
        assert self.process is not None
        self.process.kill()
        self.process.wait()

    def freeze(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.process is not None
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.kill()
            self.process.wait()


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment that makes a child process build exactly ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    for name, value in settings.model_dump(mode="json").items():
        if value is not None:
            # Complex settings (channels, keys) are read back as JSON.
            env[f"EVENTWIRE_{name.upper()}"] = (
                value if isinstance(value, str) else json.dumps(value)
            )
    env["EVENTWIRE_LOG_FORMAT"] = "json"
    return env


class Worker:
    """A real worker (``tests.faults.faultworker``) in its own process group."""

    def __init__(self, settings: Settings, log_path: Path, name: str, concurrency: int = 2) -> None:
        self.log_path = log_path
        self.name = name
        self.retired = False
        self._terminated = False
        self._log = log_path.open("ab")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.faults.faultworker",
                f"--concurrency={concurrency}",
                f"--hostname={name}@%h",
            ],
            env=settings_env(settings),
            cwd=ROOT,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def output(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if " ready." in self.output():
                return
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"worker exited with {self.process.returncode}:\n{self.output()}"
                )
            time.sleep(0.1)
        raise RuntimeError(f"worker not ready after {timeout}s:\n{self.output()}")

    def children(self) -> list[int]:
        """Pids of the pool processes."""
        found: list[int] = []
        for task in Path(f"/proc/{self.pid}/task").glob("*"):
            try:
                found += [int(pid) for pid in (task / "children").read_text().split()]
            except OSError:
                continue
        return found

    def signal(self, signum: int) -> None:
        """Send ``signum`` to the main process only."""
        if self.process.poll() is None:
            os.kill(self.pid, signum)

    def kill_group(self) -> None:
        """SIGKILL the whole process group: what a container kill does."""
        if self.process.poll() is None:
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait()

    def terminate(self) -> None:
        """Ask for a warm shutdown (SIGTERM to the group, once) without waiting for it."""
        if self.process.poll() is None and not self._terminated:
            self._terminated = True
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.pid, signal.SIGTERM)

    def stop(self, timeout: float = 30.0) -> None:
        """Warm shutdown; kill the group if it does not stop in time."""
        try:
            if self.process.poll() is None:
                self.terminate()
                self.process.wait(timeout)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            pass
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait()
        self._log.close()


def articles(
    count: int, seed: int, fault: str | None = None, tag: str = ""
) -> list[dict[str, Any]]:
    """``count`` distinct articles (random words, so no two are duplicates, exact or near: the
    words are letters only, since the dedup sketches read words, not hex digits)."""
    rng = random.Random(f"{seed}:{tag}")  # noqa: S311  # reproducible test data, not secrets
    made: list[dict[str, Any]] = []
    for index in range(count):
        words = " ".join(
            "".join(rng.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(25)
        )
        article: dict[str, Any] = {
            "source": "faults",
            "text": f"Report {tag}{seed}-{index}. Officials said {words}.",
            "published_at": "2024-05-01T12:00:00Z",
        }
        if fault:
            article["metadata"] = {"fault": fault}
        made.append(article)
    return made


@dataclass
class Ledger:
    """What producers were told: ids accepted, and how many submissions were refused."""

    accepted: set[str] = field(default_factory=set)
    rejected: set[str] = field(default_factory=set)
    overloaded: int = 0
    failed: int = 0

    def submit(self, producer: Producer, payloads: Sequence[dict[str, Any]]) -> None:
        """Submit; only what ``submit`` returned is accepted (a send that raised is not)."""
        try:
            result = producer.submit(list(payloads))
        except OverloadedError:
            self.overloaded += 1
            return
        except Exception:  # a broker outage: the caller was told it failed
            self.failed += 1
            return
        self.accepted.update(result.accepted)
        self.rejected.update(r.article_id for r in result.rejected)


@dataclass
class Report:
    """The checker's figures for one run."""

    name: str
    accepted: int
    published: int
    duplicates: int
    dead: int
    lost: list[str]
    duplicated: list[str]
    unreasoned: int
    drain_seconds: float
    reasons: dict[str, int]

    def figures(self) -> dict[str, Any]:
        return {
            "fault": self.name,
            "accepted": self.accepted,
            "published": self.published,
            "duplicates": self.duplicates,
            "dead": self.dead,
            "lost": len(self.lost),
            "duplicated": len(self.duplicated),
            "drain_s": round(self.drain_seconds, 1),
        }

    def show(self) -> None:
        print("FIGURES", json.dumps({**self.figures(), "reasons": self.reasons}))  # noqa: T201
        FIGURES.append(self.figures())

    def assert_clean(self) -> None:
        assert not self.lost, f"lost {len(self.lost)}: {self.lost[:5]}"
        assert not self.duplicated, f"published twice {len(self.duplicated)}: {self.duplicated[:5]}"
        assert self.unreasoned == 0


FIGURES: list[dict[str, Any]] = []
"""The figures of the reports shown by the running test; tests/faults/conftest.py moves them onto
its report, from which the table printed at the session's end is made."""

FIGURES_PROPERTY = "fault_figures"
"""The name under which a test's report carries the figures of its fault runs: reports reach
the process that prints the table (tests/conftest.py) even when pytest-xdist ran the test in
another, which never loads tests/faults/conftest.py."""


def outcomes(client: redis.Redis, settings: Settings) -> dict[str, list[Any]]:
    """Every message on the three output streams, decoded."""
    found: dict[str, list[Any]] = {}
    for name in ("records", "duplicates", "dead"):
        found[name] = [
            decode(fields[b"type"].decode(), fields[b"body"])
            for _entry, fields in expect_entries(client.xrange(settings.stream(name)))
        ]
    return found


def _article_ids(found: dict[str, list[Any]]) -> Counter[str]:
    ids: Counter[str] = Counter()
    for message in found["records"]:
        ids[message.article.article_id] += 1
    for message in found["duplicates"]:
        ids[message.article_id] += 1
    for message in found["dead"]:
        if message.article_id:
            ids[message.article_id] += 1
    return ids


def check(
    name: str,
    client: redis.Redis,
    settings: Settings,
    ledger: Ledger,
    started: float,
    *,
    timeout: float = 90.0,
    settle: float = 1.5,
    expect: Iterable[str] = (),
) -> Report:
    """Wait until every accepted id has an outcome (or ``timeout``), then compare."""
    wanted = set(ledger.accepted) | set(expect)
    drained = time.monotonic()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            seen = _article_ids(outcomes(client, settings))
        except redis.RedisError:
            time.sleep(0.5)
            continue
        if wanted <= set(seen):
            drained = time.monotonic()
            break
        time.sleep(0.25)
    else:
        drained = time.monotonic()
    time.sleep(settle)
    found = outcomes(client, settings)
    seen = _article_ids(found)
    return Report(
        name=name,
        accepted=len(ledger.accepted),
        published=len(found["records"]),
        duplicates=len(found["duplicates"]),
        dead=len(found["dead"]),
        lost=sorted(wanted - set(seen)),
        duplicated=sorted(article for article, count in seen.items() if count > 1),
        unreasoned=sum(1 for letter in found["dead"] if not letter.reason),
        drain_seconds=drained - started,
        reasons=dict(Counter(letter.reason for letter in found["dead"])),
    )


class Load:
    """Submits a few distinct articles every ``interval`` seconds from a thread, recording
    what was accepted, until stopped."""

    def __init__(
        self,
        settings: Settings,
        ledger: Ledger,
        seed: int,
        per_submit: int = 4,
        interval: float = 0.1,
    ) -> None:
        self.settings = settings
        self.ledger = ledger
        self.seed = seed
        self.per_submit = per_submit
        self.interval = interval
        self.submits = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Load:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(60)

    def _run(self) -> None:
        producer = Producer(self.settings)
        try:
            while not self._stop.is_set():
                payloads = articles(self.per_submit, self.seed, tag=f"L{self.submits}-")
                self.ledger.submit(producer, payloads)
                self.submits += 1
                self._stop.wait(self.interval)
        finally:
            producer.close()
