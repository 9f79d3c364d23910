"""Enrichment speed and memory: milliseconds of the whole enrichment step per 3 KB of article
text on one core (the Wikinews articles of ../shared/eval/geovirus.jsonl, normalised), per
enricher, next to the baseline measured in the same run: the foundation's enrichment (quotes
only). Then the resident memory of one process before and after the dictionaries, gazetteer and
lexicon are built, and with --worker the resident and unshared memory of a real
``eventwire worker --concurrency 2`` (parent and prefork children) on a private queue of the
Redis at EVENTWIRE_REDIS_URL.

    python bench/enrich_speed.py [--repeat 3] [--worker]

With --against REF (a git revision) it times this checkout's enrichers against REF's in the
same process instead: REF's ``eventwire`` package is exported to a temporary folder under the
name ``eventwire_ref``, and the two run the same normalised articles alternately, ``--rounds``
times each (the order swapped every round), printing the median milliseconds per 3 KB of each
enricher for both, and whether their outputs are identical.

    python bench/enrich_speed.py --against main [--rounds 7]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

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
        spent = run_stages(DEFAULT_ENRICHERS, docs, Enrichment)
        totals = {k: min(totals[k], v) for k, v in spent.items()}
    return {k: v * 1000 / (size / KB3) for k, v in totals.items()}


_REF_NAMES = re.compile(r"(\bfrom\s+|\bimport\s+|\"(?=eventwire\.data))eventwire(?=[.\s])")
"""Where the package names itself: imports and resource names ('"eventwire.data"')."""


def load_ref(revision: str, folder: Path) -> Any:
    """Import ``revision``'s ``eventwire.pipeline`` as ``eventwire_ref.pipeline``."""
    root = Path(__file__).resolve().parents[1]
    archive = subprocess.run(
        ["git", "-C", str(root), "archive", "--format=tar", revision, "eventwire"],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    (folder / "eventwire").rename(folder / "eventwire_ref")
    for path in (folder / "eventwire_ref").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        path.write_text(_REF_NAMES.sub(r"\1eventwire_ref", source), encoding="utf-8")
    sys.path.insert(0, str(folder))
    return importlib.import_module("eventwire_ref.pipeline")


def run_stages(enrichers: Sequence[Any], docs: Sequence[Any], empty: Any) -> dict[str, float]:
    """CPU seconds spent in each enricher over ``docs`` (the ones before it run first)."""
    spent = {e.__name__: 0.0 for e in enrichers}
    for doc in docs:
        found = empty()
        for enricher in enrichers:
            started = time.process_time()
            found = enricher(doc, found)
            spent[enricher.__name__] += time.process_time() - started
    return spent


def compare(revision: str, rounds: int) -> None:
    """Time this checkout's enrichers and ``revision``'s alternately in this process."""
    with tempfile.TemporaryDirectory() as folder:
        ref = load_ref(revision, Path(folder))
        ref_schemas = importlib.import_module("eventwire_ref.schemas.article")
        ref_enrichment = importlib.import_module("eventwire_ref.schemas.enrichment").Enrichment
        warm_up()
        ref.warm_up()
        docs = articles()
        ref_docs = [
            ref_schemas.NormalisedArticle.model_validate(d.model_dump(mode="json")) for d in docs
        ]
        size = sum(len(d.text.encode("utf-8")) for d in docs)
        same = all(
            enrich(d, DEFAULT_ENRICHERS).model_dump(mode="json")
            == ref.enrich(r, ref.DEFAULT_ENRICHERS).model_dump(mode="json")
            for d, r in zip(docs, ref_docs, strict=True)
        )
        # As the worker does after its warm-up: the collector no longer walks the dictionaries
        # (two copies of them here) in whichever stage happens to trigger a full collection.
        gc.freeze()
        runs: dict[str, list[dict[str, float]]] = {"ref": [], "now": []}
        sides = {
            "ref": (ref.DEFAULT_ENRICHERS, ref_docs, ref_enrichment),
            "now": (DEFAULT_ENRICHERS, docs, Enrichment),
        }
        for number in range(rounds):
            for side in ("ref", "now") if number % 2 == 0 else ("now", "ref"):
                runs[side].append(run_stages(*sides[side]))
    per_3kb = 1000 / (size / KB3)
    print(f"{len(docs)} articles, {size / len(docs) / 1024:.1f} KB on average; {rounds} rounds")
    print(f"outputs identical to {revision}'s on every article: {same}")
    print(f"median ms per 3 KB (CPU)  {revision:>10} {'this':>10}")
    names = list(runs["now"][0])
    coding = names[-1]

    def median(side: str, pick: Any) -> float:
        return statistics.median(pick(run) for run in runs[side]) * per_3kb

    for name in names:
        print(
            f"  {name:<22} {median('ref', lambda r, n=name: r[n]):10.3f} "
            f"{median('now', lambda r, n=name: r[n]):10.3f}"
        )

    def enrichers_only(r: dict[str, float]) -> float:
        return sum(v for k, v in r.items() if k != coding)

    print(
        f"  {'enrichers, no coding':<22} {median('ref', enrichers_only):10.3f} "
        f"{median('now', enrichers_only):10.3f}"
    )
    print(
        f"  {'whole step':<22} {median('ref', lambda r: sum(r.values())):10.3f} "
        f"{median('now', lambda r: sum(r.values())):10.3f}"
    )


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
    parser.add_argument("--against", metavar="REF", help="time against this git revision")
    parser.add_argument("--rounds", type=int, default=7, help="rounds of --against")
    args = parser.parse_args()
    if args.against:
        compare(args.against, args.rounds)
        return
    print("(one process, CPU time; 2 cores shared with other engineers' runs)")
    before = rss_mb()
    started = time.perf_counter()
    warm_up()
    built = time.perf_counter() - started
    after = rss_mb()
    docs = articles()
    gc.freeze()  # as the worker does after its warm-up
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
