"""End to end on one machine, every stage on: articles/s, submit-to-publish latency, CPU per
article and per stage, worker memory, Redis memory per retained article, and scaling.

It starts its own redis-server on a free port and real prefork `eventwire worker` processes,
generates realistic ~3 KB articles by recombining the sentences of the Wikinews texts in
../shared/eval/geovirus.jsonl (with a share of exact and near duplicates and of invalid
payloads), submits them through the public Producer, and waits until every one is published as a
record, a duplicate notice or a dead letter. Latency runs from the moment the producer was
called to the stream entry's id (Redis's clock on the same machine).

In the same run it measures the transport's ceiling: a no-op Celery task (bench/noop_app.py)
with one message per article, and with one message per batch, on the same Redis and worker
settings, and prints our throughput as a ratio of both.

    python bench/throughput.py                           # throughput, N=20,000, + ceilings
    python bench/throughput.py --mode latency --rate 500 --seconds 30
    python bench/throughput.py --mode scaling --count 4000
    python bench/throughput.py --mode profile --count 1000   # cProfile of one worker process
"""

from __future__ import annotations

import argparse
import atexit
import cProfile
import io
import json
import os
import pstats
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import orjson
import redis
from noop_app import NOOP, NOOP_BATCH, done_key  # bench/noop_app.py, beside this script
from replies import expect_entries  # bench/replies.py, beside this script

import eventwire
from eventwire.pipeline import warm_up
from eventwire.producers.client import Producer, prepare
from eventwire.schemas.article import Batch
from eventwire.schemas.errors import OverloadedError
from eventwire.settings import Settings
from eventwire.workers.logging import configure_logging
from eventwire.workers.runtime import build_processor

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "geovirus.jsonl"
STREAMS = ("records", "duplicates", "dead")
TICKS = os.sysconf("SC_CLK_TCK")


# -- the articles ---------------------------------------------------------------------------


def sentences() -> tuple[list[str], list[str]]:
    """Every sentence of the Wikinews texts, and their first sentences (used as leads)."""
    pool: list[str] = []
    leads: list[str] = []
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["text"]
        parts = [p.strip() for p in re.split(r"(?<=[.!?\"])\s+(?=[A-Z\"])", text) if p.strip()]
        if parts:
            leads.append(parts[0])
            pool.extend(parts[1:])
    return pool, leads


def generate(count: int, dup_share: float, invalid_share: float, seed: int) -> list[Any]:
    """``count`` payloads of about 3 KB: unique recombined articles, exact copies (another URL,
    same text), near copies (another headline, a sentence cut, the outlet's boilerplate added),
    and invalid payloads, shuffled."""
    rng = random.Random(seed)  # noqa: S311 (test data, not secrets)
    pool, leads = sentences()
    invalid = round(count * invalid_share)
    copies = round(count * dup_share)
    unique = count - invalid - copies
    originals: list[dict[str, Any]] = []
    for index in range(unique):
        parts = [rng.choice(leads)]
        while sum(len(p) + 1 for p in parts) < 3000:
            parts.append(rng.choice(pool))
        day = 1 + index % 28
        originals.append(
            {
                "source": f"outlet-{index % 40}",
                "url": f"https://news{index % 40}.example.com/story/{index}?utm_source=feed",
                "title": parts[0][:90],
                "published_at": f"2024-03-{day:02d}T{index % 24:02d}:00:00Z",
                "text": "\n\n".join(" ".join(parts[i : i + 4]) for i in range(0, len(parts), 4)),
            }
        )
    payloads: list[Any] = list(originals)
    for index in range(copies):
        original = rng.choice(originals)
        copy = dict(original, url=f"https://mirror{index % 7}.example.org/a/{index}")
        if index % 2:
            paragraphs = original["text"].split("\n\n")
            del paragraphs[rng.randrange(1, len(paragraphs))]
            copy["title"] = f"Update: {original['title']}"
            copy["text"] = "\n\n".join(
                [*paragraphs, "Copyright 2024 Mirror Wire. All rights reserved."]
            )
        payloads.append(copy)
    broken: list[Any] = [
        {"source": "bad", "text": ""},
        {"source": "bad", "text": 42},
        {"source": "bad", "text": "x", "published_at": "not a date"},
        {"text": "no source"},
        ["not", "an", "object"],
    ]
    payloads.extend(broken[index % len(broken)] for index in range(invalid))
    rng.shuffle(payloads)
    return payloads


# -- servers and workers ---------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def redis_server() -> Iterator[redis.Redis]:
    """A private redis-server with nothing on disk, as the workers' broker and store."""
    workdir = Path(tempfile.mkdtemp(prefix="ew-bench-"))
    port = free_port()
    server = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port), "--save", "",
         "--appendonly", "no", "--dir", str(workdir)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    client = redis.Redis(port=port)
    try:
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield client
    finally:
        client.close()
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


def settings_for(client: redis.Redis, run: str, batch_size: int) -> Settings:
    port = client.connection_pool.connection_kwargs["port"]
    return Settings(
        redis_url=f"redis://127.0.0.1:{port}/0",
        stream_prefix=run,
        queue=f"{run}.articles",
        batch_size=batch_size,
        queue_high_water=0,
        log_format="json",
    )


@cache
def bench_only() -> Path:
    """A folder holding only a link to bench/: on the workers' path it lets ``bench.noop_app``
    import without putting the source tree's ``eventwire`` before the installed one."""
    folder = Path(tempfile.mkdtemp(prefix="throughput-path-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    (folder / "bench").symlink_to(ROOT / "bench", target_is_directory=True)
    return folder


def environment(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    if Path(eventwire.__file__).resolve().parent == ROOT / "eventwire":
        path = str(ROOT)  # the source tree (editable install): the workers import the same
    else:
        # An installed build (make compiled): the workers must import it too, not the source
        # tree that their cwd (-m adds it, unless PYTHONSAFEPATH) or ROOT on the path would put
        # first.
        path = str(bench_only())
        env["PYTHONSAFEPATH"] = "1"
    env.update(
        EVENTWIRE_REDIS_URL=settings.redis_url,
        EVENTWIRE_STREAM_PREFIX=settings.stream_prefix,
        EVENTWIRE_QUEUE=settings.queue,
        EVENTWIRE_LOG_FORMAT="json",
        PYTHONPATH=os.pathsep.join(filter(None, [path, env.get("PYTHONPATH")])),
    )
    return env


@dataclass
class Worker:
    """A real worker in its own process group; its output goes to ``log``."""

    process: subprocess.Popen[bytes]
    log: Path
    cpu_start: float = 0.0
    redis_cpu_start: float = 0.0

    @classmethod
    def start(cls, argv: list[str], settings: Settings, log: Path) -> Worker:
        with log.open("wb") as out:
            process = subprocess.Popen(
                argv, env=environment(settings), cwd=ROOT, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
        worker = cls(process, log)
        deadline = time.monotonic() + 120
        while " ready." not in log.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"worker did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.1)
        worker.cpu_start = worker.cpu_seconds()
        return worker

    def pids(self) -> list[int]:
        """The worker's main process and its pool children."""
        found = [self.process.pid]
        for pid in found:
            for task in Path(f"/proc/{pid}/task").glob("*/children"):
                found.extend(int(child) for child in task.read_text().split())
        return found

    def cpu_seconds(self) -> float:
        total = 0
        for pid in self.pids():
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        return total / TICKS

    def memory_mb(self) -> list[tuple[int, float, float]]:
        """(pid, RSS, PSS) in MB for each process; PSS counts copy-on-write pages shared with
        the parent once across the processes that share them."""
        rows = []
        for pid in self.pids():
            status = Path(f"/proc/{pid}/smaps_rollup").read_text()
            rss = int(re.search(r"^Rss:\s+(\d+)", status, re.M).group(1))  # type: ignore[union-attr]
            pss = int(re.search(r"^Pss:\s+(\d+)", status, re.M).group(1))  # type: ignore[union-attr]
            rows.append((pid, rss / 1024, pss / 1024))
        return rows

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def eventwire_worker(settings: Settings, concurrency: int, log: Path) -> Worker:
    argv = [sys.executable, "-m", "eventwire", "worker", f"--concurrency={concurrency}",
            "--loglevel=INFO", f"--hostname={settings.stream_prefix}@%h"]  # fmt: skip
    return Worker.start(argv, settings, log)


def noop_worker(settings: Settings, concurrency: int, log: Path) -> Worker:
    argv = [sys.executable, "-m", "celery", "--app", "bench.noop_app", "worker",
            "--pool=prefork", f"--concurrency={concurrency}", "--loglevel=INFO",
            f"--queues={settings.queue}",
            f"--hostname={settings.stream_prefix}-noop@%h"]  # fmt: skip
    return Worker.start(argv, settings, log)


# -- measuring -------------------------------------------------------------------------------


@dataclass
class Outcome:
    """What a run produced, read back from the output streams."""

    counts: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    first_submit: float = 0.0
    last_publish: float = 0.0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def rate(self) -> float:
        return self.total / max(self.last_publish - self.first_submit, 1e-9)


def published(client: redis.Redis, settings: Settings) -> int:
    pipe = client.pipeline(transaction=False)
    for name in STREAMS:
        pipe.xlen(settings.stream(name))
    return sum(pipe.execute())


def wait_published(client: redis.Redis, settings: Settings, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while (done := published(client, settings)) < count:
        if time.monotonic() > deadline:
            raise SystemExit(f"only {done} of {count} published after {timeout:.0f} s")
        time.sleep(0.05)


def read_outcome(client: redis.Redis, settings: Settings, submitted: dict[str, float]) -> Outcome:
    """Every published message, its article id matched to the time it was submitted."""
    outcome = Outcome(first_submit=min(submitted.values()))
    for name in STREAMS:
        last: bytes | str = "-"
        while entries := expect_entries(client.xrange(settings.stream(name), min=last, count=2000)):
            for entry_id, fields in entries:
                if entry_id == last:
                    continue
                body = orjson.loads(fields[b"body"])
                article_id = (
                    body["article"]["article_id"] if name == "records" else body.get("article_id")
                )
                published_at = int(entry_id.split(b"-")[0]) / 1000
                outcome.counts[name] += 1
                outcome.last_publish = max(outcome.last_publish, published_at)
                if article_id in submitted:
                    outcome.latencies_ms.append((published_at - submitted[article_id]) * 1000)
            last = entries[-1][0]
            if len(entries) < 2000:
                break
    return outcome


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else float("nan")


def submit(producer: Producer, payloads: list[Any], submitted: dict[str, float]) -> None:
    """Submit through the public producer, waiting out back-pressure as a client would."""
    while True:
        stamp = time.time()
        try:
            result = producer.submit(payloads)
        except OverloadedError as exc:
            time.sleep(exc.retry_after_seconds)
            continue
        for article_id in result.accepted:
            submitted[article_id] = stamp
        for rejection in result.rejected:
            submitted[rejection.article_id] = stamp
        return


def stage_times(log: Path) -> dict[str, list[float]]:
    """Per-stage times (ms) of every article, from the workers' canonical log lines."""
    times: dict[str, list[float]] = defaultdict(list)
    with log.open("rb") as lines:
        for line in lines:
            if b'"article.processed"' not in line:
                continue
            try:
                entry = orjson.loads(line)
            except orjson.JSONDecodeError:
                continue
            for stage, ms in entry.get("timings_ms", {}).items():
                times[stage].append(ms)
    return times


def worker_build(log: Path) -> str:
    """What the workers said of their build at start ('worker.build'): compiled or pure."""
    with log.open("rb") as lines:
        for line in lines:
            if b'"worker.build"' in line:
                try:
                    entry = orjson.loads(line)
                except orjson.JSONDecodeError:
                    continue
                compiled = entry.get("compiled_modules", 0)
                kind = f"compiled, {compiled} modules" if compiled else "pure Python"
                return f"{kind} ({entry.get('package')})"
    return "not logged"


def redis_memory(client: redis.Redis, settings: Settings) -> dict[str, tuple[int, int]]:
    """Bytes and key count by kind of key (ids and digests folded away)."""
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    keys = list(client.scan_iter(count=5000))
    for start in range(0, len(keys), 2000):
        chunk = keys[start : start + 2000]
        pipe = client.pipeline(transaction=False)
        for key in chunk:
            pipe.memory_usage(key, samples=0)
        for key, used in zip(chunk, pipe.execute(), strict=True):
            text = key.decode(errors="replace").replace(settings.stream_prefix, "<prefix>")
            kind = re.sub(r"[0-9a-f]{12,}|[0-9]+(-[0-9]+)?$", "<id>", text)
            kind = re.sub(r"\{ev2:[0-9a-f]{2}\}", "{ev2:<shard>}", kind)
            kinds[kind][0] += used or 0
            kinds[kind][1] += 1
    return {kind: (size, count) for kind, (size, count) in kinds.items()}


def run_pipeline(
    client: redis.Redis,
    payloads: list[Any],
    concurrency: int,
    batch_size: int,
    workdir: Path,
    *,
    rate: float | None = None,
) -> tuple[Outcome, Worker, Settings, float]:
    """Submit ``payloads`` to a fresh eventwire worker (as fast as possible, or at ``rate``
    articles/s) and wait until all are published. Returns the outcome, the (still running)
    worker, its settings and the producer's own CPU seconds."""
    run = f"tp-{uuid.uuid4().hex[:8]}"
    settings = settings_for(client, run, batch_size)
    worker = eventwire_worker(settings, concurrency, workdir / f"{run}.log")
    worker.redis_cpu_start = redis_cpu(client)
    producer = Producer(settings)
    submitted: dict[str, float] = {}
    cpu = time.process_time()
    started = time.monotonic()
    for index in range(0, len(payloads), batch_size):
        if rate:
            delay = started + index / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        submit(producer, payloads[index : index + batch_size], submitted)
    producer_cpu = time.process_time() - cpu
    producer.close()
    wait_published(client, settings, len(payloads), timeout=60 + len(payloads) / 5)
    return read_outcome(client, settings, submitted), worker, settings, producer_cpu


def run_noop(
    client: redis.Redis, payloads: list[Any], concurrency: int, batch: int, workdir: Path
) -> float:
    """Articles/s through no-op tasks: one message per article (batch 1) or per batch."""
    run = f"noop-{uuid.uuid4().hex[:8]}"
    settings = settings_for(client, run, batch)
    worker = noop_worker(settings, concurrency, workdir / f"{run}.log")
    producer = Producer(settings)
    try:
        started = time.monotonic()
        for index in range(0, len(payloads), batch):
            chunk = payloads[index : index + batch]
            if batch == 1:
                producer.app.send_task(NOOP, args=[chunk[0]], queue=settings.queue)
            else:
                prepared = prepare(chunk, settings.max_body_bytes, datetime.now(UTC))
                body = Batch(batch_id=run, items=prepared.submissions).model_dump(mode="json")
                body["items"] = chunk  # the count the task adds: every article, valid or not
                producer.app.send_task(NOOP_BATCH, args=[body], queue=settings.queue)
        deadline = time.monotonic() + 60 + len(payloads) / 50
        while int(client.get(done_key(settings.queue)) or 0) < len(payloads):
            if time.monotonic() > deadline:
                raise SystemExit("the no-op run did not finish")
            time.sleep(0.01)
        return len(payloads) / (time.monotonic() - started)
    finally:
        producer.close()
        worker.stop()


# -- reports ---------------------------------------------------------------------------------


def report_outcome(label: str, outcome: Outcome, expected: int) -> None:
    lat = outcome.latencies_ms
    took = outcome.last_publish - outcome.first_submit
    print(f"{label}: {outcome.total:,} of {expected:,} published in {took:.1f} s: "
          f"{outcome.rate():,.0f} articles/s")  # fmt: skip
    print(f"  records {outcome.counts['records']:,}, duplicates "
          f"{outcome.counts['duplicates']:,}, dead letters {outcome.counts['dead']:,} "
          f"(add up to N: {outcome.total == expected})")  # fmt: skip
    print(f"  latency submit->publish ms: p50 {percentile(lat, 0.5):,.0f}  "
          f"p95 {percentile(lat, 0.95):,.0f}  p99 {percentile(lat, 0.99):,.0f}  "
          f"max {max(lat, default=float('nan')):,.0f}")  # fmt: skip


def redis_cpu(client: redis.Redis) -> float:
    """CPU seconds the redis-server has used (user + system, all its threads)."""
    info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def report_worker(
    worker: Worker, outcome: Outcome, producer_cpu: float, client: redis.Redis
) -> None:
    cpu = worker.cpu_seconds() - worker.cpu_start
    server = redis_cpu(client) - worker.redis_cpu_start
    print(f"  CPU per article: workers {cpu * 1000 / outcome.total:.2f} ms, redis-server "
          f"{server * 1000 / outcome.total:.2f} ms, producer "
          f"{producer_cpu * 1000 / outcome.total:.2f} ms")  # fmt: skip
    print(f"  workers' build: {worker_build(worker.log)}")
    times = stage_times(worker.log)
    for stage, values in times.items():
        print(f"    stage {stage:<10} mean {statistics.fmean(values):6.3f} ms  "
              f"p99 {percentile(values, 0.99):7.3f} ms")  # fmt: skip
    for pid, rss, pss in worker.memory_mb():
        print(f"  worker process {pid}: RSS {rss:,.0f} MB, PSS {pss:,.0f} MB")


def report_redis(client: redis.Redis, settings: Settings, records: int, baseline: int) -> None:
    used = int(client.info("memory")["used_memory"]) - baseline
    kinds = redis_memory(client, settings)
    streams = sum(size for kind, (size, _) in kinds.items() if kind.endswith(STREAMS))
    streams += sum(size for kind, (size, _) in kinds.items() if kind.endswith(":events"))
    print(f"  Redis: {used / 1e6:,.1f} MB used by the run, of which streams "
          f"{streams / 1e6:,.1f} MB; beyond the streams {(used - streams) / max(records, 1):,.0f} "
          f"B per retained article ({records:,} records)")  # fmt: skip
    for kind, (size, count) in sorted(kinds.items(), key=lambda item: -item[1][0])[:12]:
        print(f"    {kind:<60} {count:>7,} keys {size / max(records, 1):8,.0f} B/record")


def profile(payloads: list[Any], batch_size: int, client: redis.Redis) -> None:
    """cProfile of the whole batch processor in this process, on the private redis-server, by
    cumulative time (eventwire's functions) and by own time (everything)."""
    settings = settings_for(client, f"prof-{uuid.uuid4().hex[:8]}", batch_size)
    settings = settings.model_copy(update={"log_format": "json"})
    devnull = open(os.devnull, "w")  # noqa: SIM115 (open for the whole run)
    configure_logging(settings, stream=devnull)  # log lines are made and written, as in a worker
    warm_up()
    processor = build_processor(settings, client)
    bodies = []
    for index in range(0, len(payloads), batch_size):
        prepared = prepare(payloads[index : index + batch_size], 10**6, datetime.now(UTC))
        if prepared.submissions:
            bodies.append(
                Batch(batch_id=f"p{index}", items=prepared.submissions).model_dump(mode="json")
            )
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for body in bodies:
        processor.process_batch(body)
    profiler.disable()
    elapsed = time.perf_counter() - started
    per_article = elapsed * 1000 / len(payloads)
    print(f"profile: {len(payloads):,} articles in one process: {per_article:.2f} ms/article "
          "under cProfile")  # fmt: skip
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(r"eventwire", 30)
    stats.sort_stats("tottime").print_stats(25)
    print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--mode", choices=["throughput", "latency", "scaling", "profile"],
                        default="throughput")  # fmt: skip
    parser.add_argument("--count", type=int, default=20_000, help="articles (default 20,000)")
    parser.add_argument("--duplicates", type=float, default=0.20, help="share of copies")
    parser.add_argument("--invalid", type=float, default=0.01, help="share of invalid payloads")
    parser.add_argument("--concurrency", type=int, default=2, help="worker pool processes")
    parser.add_argument("--batch-size", type=int, default=50, help="articles per message")
    parser.add_argument("--rate", type=float, default=500.0, help="offered articles/s (latency)")
    parser.add_argument("--seconds", type=float, default=30.0, help="latency run length")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    count = round(args.rate * args.seconds) if args.mode == "latency" else args.count
    payloads = generate(count, args.duplicates, args.invalid, args.seed)
    print(f"{count:,} articles, mean {statistics.fmean(len(str(p)) for p in payloads):,.0f} "
          f"bytes each; {os.cpu_count()} CPUs; mode {args.mode}")  # fmt: skip
    print(eventwire.build_line())
    if args.mode == "profile":
        with redis_server() as client:
            profile(payloads, args.batch_size, client)
        return
    workdir = Path(tempfile.mkdtemp(prefix="ew-bench-logs-"))
    with redis_server() as client:
        baseline = int(client.info("memory")["used_memory"])
        if args.mode == "scaling":
            rates = {}
            for concurrency in (1, 2):
                outcome, worker, _, _ = run_pipeline(
                    client, payloads, concurrency, args.batch_size, workdir
                )
                worker.stop()
                report_outcome(f"{concurrency} worker process(es)", outcome, count)
                rates[concurrency] = outcome.rate()
                client.flushall()
            print(f"scaling 1 -> 2 worker processes: {rates[2] / rates[1]:.2f}x")
            return
        rate = args.rate if args.mode == "latency" else None
        outcome, worker, settings, producer_cpu = run_pipeline(
            client, payloads, args.concurrency, args.batch_size, workdir, rate=rate
        )
        try:
            label = f"eventwire, offered {args.rate:,.0f}/s" if rate else "eventwire"
            report_outcome(label, outcome, count)
            report_worker(worker, outcome, producer_cpu, client)
        finally:
            worker.stop()
        report_redis(client, settings, outcome.counts["records"], baseline)
        if args.mode == "throughput":
            client.flushall()
            per_message = run_noop(client, payloads, args.concurrency, 1, workdir)
            batched = run_noop(client, payloads, args.concurrency, 100, workdir)
            print(f"baseline no-op task, one message per article: {per_message:,.0f} articles/s "
                  f"(eventwire = {outcome.rate() / per_message:.2f}x)")  # fmt: skip
            print(f"baseline no-op task, 100 articles per message: {batched:,.0f} articles/s "
                  f"(eventwire = {outcome.rate() / batched:.2f}x)")  # fmt: skip
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
