"""Enrichment speed and memory: milliseconds of the whole enrichment step per 3 KB of article
text on one core (the Wikinews articles of ../shared/eval/geovirus.jsonl, normalised), per
enricher, next to the baseline measured in the same run: the foundation's enrichment (quotes
only). Then the resident memory of one process before and after the dictionaries, gazetteer and
lexicon are built, and with --worker the resident and unshared memory of a real
``eventwire worker --concurrency 2`` (parent and prefork children) on a private queue of the
Redis at EVENTWIRE_REDIS_URL.

    python bench/enrich_speed.py [--repeat 3] [--worker]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

from eventwire.pipeline import DEFAULT_ENRICHERS, enrich, warm_up
from eventwire.pipeline.enrich import extract_quotes
from eventwire.pipeline.enrich.base import Enricher
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas.article import ArticleIn, NormalisedArticle
from eventwire.schemas.enrichment import Enrichment

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "geovirus.jsonl"
KB3 = 3 * 1024


def rss_mb(pid: int | str = "self") -> float:
    """Resident set size of a process, in MB."""
    status = Path(f"/proc/{pid}/status").read_text()
    found = re.search(r"VmRSS:\s+(\d+) kB", status)
    return int(found.group(1)) / 1024 if found else 0.0


def private_mb(pid: int) -> float:
    """Memory a process does not share with others (Private_Clean + Private_Dirty), in MB."""
    rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    kb = sum(int(v) for v in re.findall(r"Private_(?:Clean|Dirty):\s+(\d+) kB", rollup))
    return kb / 1024


def articles() -> list[NormalisedArticle]:
    out = []
    for number, line in enumerate(EVAL.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        payload = ArticleIn(source="bench", text=row["text"], published_at="2009-05-06T12:00:00Z")
        out.append(normalise_article(payload, f"art_{number}"))
    return out


def time_enrichers(
    docs: list[NormalisedArticle], enrichers: tuple[Enricher, ...], repeat: int
) -> float:
    """Best-of-``repeat`` milliseconds per 3 KB of text for running ``enrichers`` on ``docs``."""
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for doc in docs:
            enrich(doc, enrichers)
        best = min(best, time.process_time() - started)
    return best * 1000 / (size / KB3)


def time_each(docs: list[NormalisedArticle], repeat: int) -> dict[str, float]:
    """Milliseconds per 3 KB spent in each default enricher (with the ones before it run first)."""
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    totals = {e.__name__: float("inf") for e in DEFAULT_ENRICHERS}
    for _ in range(repeat):
        spent = dict.fromkeys(totals, 0.0)
        for doc in docs:
            found = Enrichment()
            for enricher in DEFAULT_ENRICHERS:
                started = time.process_time()
                found = enricher(doc, found)
                spent[enricher.__name__] += time.process_time() - started
        totals = {k: min(totals[k], v) for k, v in spent.items()}
    return {k: v * 1000 / (size / KB3) for k, v in totals.items()}


def measure_worker() -> None:
    """Start a real worker on a private queue, read its processes' memory, stop it."""
    run = f"bench-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "EVENTWIRE_STREAM_PREFIX": run, "EVENTWIRE_QUEUE": f"{run}.articles"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "worker", "--concurrency", "2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        assert proc.stdout is not None
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if "ready" in line:
                break
        time.sleep(2)
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        print(
            f"worker parent  pid {proc.pid}: RSS {rss_mb(proc.pid):6.1f} MB, "
            f"private {private_mb(proc.pid):6.1f} MB"
        )
        for child in children:
            print(
                f"worker child   pid {child}: RSS {rss_mb(child):6.1f} MB, "
                f"private {private_mb(int(child)):6.1f} MB"
            )
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--worker", action="store_true")
    args = parser.parse_args()
    print("(one process, CPU time; 2 cores shared with other engineers' runs)")
    before = rss_mb()
    started = time.perf_counter()
    warm_up()
    built = time.perf_counter() - started
    after = rss_mb()
    docs = articles()
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    print(f"{len(docs)} articles, {size / len(docs) / 1024:.1f} KB on average")
    print(f"build once per process: {built:.2f} s; RSS {before:.0f} MB -> {after:.0f} MB")
    baseline = time_enrichers(docs, (extract_quotes,), args.repeat)
    full = time_enrichers(docs, DEFAULT_ENRICHERS, args.repeat)
    print(f"baseline (quotes only):  {baseline:6.3f} ms per 3 KB")
    print(f"all default enrichers:   {full:6.3f} ms per 3 KB")
    for name, ms in time_each(docs, args.repeat).items():
        print(f"  {name:<18} {ms:6.3f} ms per 3 KB")
    print(f"RSS after the run: {rss_mb():.0f} MB")
    if args.worker:
        measure_worker()


if __name__ == "__main__":
    main()
