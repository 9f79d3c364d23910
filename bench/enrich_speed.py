"""Enrichment speed and memory, on one core (CPU time), on two sets of normalised articles made
from the Wikinews texts of ../shared/eval/geovirus.jsonl:

- 3 KB articles, what issue 4 asks about ("<= 2 ms per 3 KB article"): consecutive whole texts
  joined with a blank line until the article holds at least 3,000 characters (the remainder
  at the end, shorter, is left out); the figure is milliseconds per such article. With
  ``--articles generated`` they are instead the unique articles bench/throughput.py generates
  (sentences of the texts recombined until 3,000 characters, paragraphs of four), seed 1.
- the single texts (1.6 KB on average), as before: milliseconds per 3 KB of text, scaled, in
  which every per-article fixed cost counts about twice.

It prints the milliseconds of each enricher and of all of them, next to the baseline measured
in the same run: the foundation's enrichment (quotes only). Then the resident memory of one
process before and after the dictionaries, gazetteer and lexicon are built, and with --worker
the resident and unshared memory of a real ``eventwire worker --concurrency 2`` (parent and
prefork children) on a private queue of the Redis at EVENTWIRE_REDIS_URL.

    python bench/enrich_speed.py [--repeat 3] [--worker] [--articles joined|generated]

With --against REF (a git revision) it times this checkout's enrichers against REF's in the
same process instead: REF's ``eventwire`` package is exported to a temporary folder under the
name ``eventwire_ref``, and the two run the same normalised articles (both sets) alternately,
``--rounds`` times each (the order swapped every round), printing for both the median
milliseconds of each enricher per 3 KB article and per 3 KB of the single texts (or with
``--statistic min`` the minimum, which other processes' load moves less), and whether their
outputs are identical.

    python bench/enrich_speed.py --against main [--rounds 7] [--articles joined|generated]
        [--statistic median|min]

With --against-pure it does the same against the pure Python of the very ``eventwire`` it
imports (its ``.py`` files, without the compiled extensions): the same-run A/B of the compiled
build (``make compiled``, docs/performance.md) against the same code uncompiled.

    .venv-compiled/bin/python bench/enrich_speed.py --against-pure --rounds 5 --statistic min
"""

from __future__ import annotations

import argparse
import gc
import importlib
import io
import json
import os
import re
import shutil
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

import eventwire
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


ARTICLE_CHARS = 3000
"""A 3 KB article holds at least this many characters."""
PUBLISHED = "2009-05-06T12:00:00Z"
"""The publication time of the Wikinews articles (the date paths need one)."""


def texts() -> list[str]:
    """The Wikinews texts, in file order."""
    lines = EVAL.read_text(encoding="utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines]


def articles() -> list[NormalisedArticle]:
    """The single texts, normalised: one article each."""
    return normalised(texts())


def joined_texts() -> list[str]:
    """Consecutive whole texts joined with a blank line until at least :data:`ARTICLE_CHARS`
    characters: articles of about 3 KB that are real texts, not recombined sentences. The
    shorter remainder at the end is left out."""
    out: list[str] = []
    parts: list[str] = []
    for text in texts():
        parts.append(text)
        if len("\n\n".join(parts)) >= ARTICLE_CHARS:
            out.append("\n\n".join(parts))
            parts = []
    return out


def generated_texts() -> list[str]:
    """The unique articles of bench/throughput.py's generator (seed 1, no copies, nothing
    invalid): sentences of the texts recombined until 3,000 characters."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    throughput = importlib.import_module("throughput")  # imported here: it pulls in the worker
    return [p["text"] for p in throughput.generate(120, 0.0, 0.0, 1)]


def normalised(bodies: Sequence[str]) -> list[NormalisedArticle]:
    """``bodies`` as normalised articles published at :data:`PUBLISHED`."""
    out = []
    for number, text in enumerate(bodies):
        payload = ArticleIn(source="bench", text=text, published_at=PUBLISHED)
        out.append(normalise_article(payload, f"art_{number}"))
    return out


def articles_3kb(kind: str) -> list[NormalisedArticle]:
    """The 3 KB articles: ``joined`` (whole texts) or ``generated`` (throughput.py's)."""
    return normalised(joined_texts() if kind == "joined" else generated_texts())


def per_article(docs: Sequence[NormalisedArticle]) -> str:
    """'90 articles of 4.2 KB on average (3.0 to 9.7 KB)'."""
    sizes = [len(d.text.encode("utf-8")) / 1024 for d in docs]
    return (
        f"{len(docs)} articles of {statistics.mean(sizes):.1f} KB on average "
        f"({min(sizes):.1f} to {max(sizes):.1f} KB)"
    )


def time_enrichers(
    docs: list[NormalisedArticle], enrichers: tuple[Enricher, ...], repeat: int
) -> float:
    """Best-of-``repeat`` CPU seconds for running ``enrichers`` on ``docs``."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for doc in docs:
            enrich(doc, enrichers)
        best = min(best, time.process_time() - started)
    return best


def time_each(docs: list[NormalisedArticle], repeat: int) -> dict[str, float]:
    """Best-of-``repeat`` CPU seconds spent in each default enricher (with the ones before it
    run first)."""
    totals = {e.__name__: float("inf") for e in DEFAULT_ENRICHERS}
    for _ in range(repeat):
        spent = run_stages(DEFAULT_ENRICHERS, docs, Enrichment)
        totals = {k: min(totals[k], v) for k, v in spent.items()}
    return totals


_REF_NAMES = re.compile(r"(\bfrom\s+|\bimport\s+|\"(?=eventwire\.data))eventwire(?=[.\s])")
"""Where the package names itself: imports and resource names ('"eventwire.data"')."""


PURE = "pure"
"""--against-pure's name for the other side: this very package without its compiled modules."""


def load_ref(revision: str, folder: Path) -> Any:
    """Import ``revision``'s ``eventwire.pipeline`` as ``eventwire_ref.pipeline``; with
    :data:`PURE`, the imported ``eventwire``'s own sources, without its compiled extensions."""
    if revision == PURE:
        shutil.copytree(
            Path(eventwire.__file__).parent,
            folder / "eventwire",
            ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"),
        )
    else:
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


def compare(revision: str, rounds: int, kind: str, statistic: str) -> None:
    """Time this checkout's enrichers and ``revision``'s alternately in this process, on the
    3 KB articles and on the single texts; print the median (or the minimum) over the rounds."""
    with tempfile.TemporaryDirectory() as folder:
        ref = load_ref(revision, Path(folder))
        ref_schemas = importlib.import_module("eventwire_ref.schemas.article")
        ref_enrichment = importlib.import_module("eventwire_ref.schemas.enrichment").Enrichment
        warm_up()
        ref.warm_up()
        sets = {"3kb": articles_3kb(kind), "texts": articles()}
        ref_sets = {
            name: [
                ref_schemas.NormalisedArticle.model_validate(d.model_dump(mode="json"))
                for d in docs
            ]
            for name, docs in sets.items()
        }
        same = all(
            enrich(d, DEFAULT_ENRICHERS).model_dump(mode="json")
            == ref.enrich(r, ref.DEFAULT_ENRICHERS).model_dump(mode="json")
            for name in sets
            for d, r in zip(sets[name], ref_sets[name], strict=True)
        )
        # As the worker does after its warm-up: the collector no longer walks the dictionaries
        # (two copies of them here) in whichever stage happens to trigger a full collection.
        gc.freeze()
        runs: dict[tuple[str, str], list[dict[str, float]]] = {
            (side, name): [] for side in ("ref", "now") for name in sets
        }
        sides = {
            "ref": (ref.DEFAULT_ENRICHERS, ref_sets, ref_enrichment),
            "now": (DEFAULT_ENRICHERS, sets, Enrichment),
        }
        for number in range(rounds):
            for side in ("ref", "now") if number % 2 == 0 else ("now", "ref"):
                enrichers, docs, empty = sides[side]
                for name in sets:
                    # Each pass starts with the collector's young generations empty: otherwise
                    # a collection the other side's garbage brings due lands, at the same
                    # point of every round, in this side's timing of one stage.
                    gc.collect()
                    runs[side, name].append(run_stages(enrichers, docs[name], empty))
    print(f"{rounds} rounds; outputs identical to {revision}'s on every article: {same}")
    print(f"3 KB articles ({kind}): {per_article(sets['3kb'])}")
    size = sum(len(d.text.encode("utf-8")) for d in sets["texts"])
    print(f"single texts: {per_article(sets['texts'])}")
    scale = {"3kb": 1000 / len(sets["3kb"]), "texts": 1000 / (size / KB3)}
    names = list(runs["now", "texts"][0])
    coding = names[-1]

    pick = statistics.median if statistic == "median" else min

    def median(side: str, name: str, stages: list[str]) -> float:
        """The median (or minimum) over the rounds of the time in ``stages``, in ms."""
        spent = [sum(run[stage] for stage in stages) for run in runs[side, name]]
        return float(pick(spent)) * scale[name]

    rows = [(name, [name]) for name in names[:-1]]
    rows += [("the six enrichers", names[:-1]), (coding, [coding]), ("whole step", names)]
    print(
        f"{statistic + ' CPU ms':<22} {'per article':>21}  {'per 3 KB of single texts':>21}\n"
        f"  {'':<20} {revision:>10} {'this':>10}  {revision:>10} {'this':>10}"
    )
    for label, stages in rows:
        print(
            f"  {label:<20} {median('ref', '3kb', stages):10.3f} "
            f"{median('now', '3kb', stages):10.3f}  {median('ref', 'texts', stages):10.3f} "
            f"{median('now', 'texts', stages):10.3f}"
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
    parser.add_argument(
        "--against-pure",
        action="store_true",
        help="time against the pure Python of the eventwire imported (compiled build's A/B)",
    )
    parser.add_argument("--rounds", type=int, default=7, help="rounds of --against")
    parser.add_argument(
        "--articles",
        choices=("joined", "generated"),
        default="joined",
        help="3 KB articles: consecutive whole texts joined, or throughput.py's generator",
    )
    parser.add_argument(
        "--statistic",
        choices=("median", "min"),
        default="median",
        help="of --against's rounds: the minimum is less moved by other processes' load",
    )
    args = parser.parse_args()
    print(eventwire.build_line())
    if args.against or args.against_pure:
        against = PURE if args.against_pure else args.against
        compare(against, args.rounds, args.articles, args.statistic)
        return
    print("(one process, CPU time; 2 cores shared with other engineers' runs)")
    before = rss_mb()
    started = time.perf_counter()
    warm_up()
    built = time.perf_counter() - started
    after = rss_mb()
    sets = {"3kb": articles_3kb(args.articles), "texts": articles()}
    gc.freeze()  # as the worker does after its warm-up
    print(f"build once per process: {built:.2f} s; RSS {before:.0f} MB -> {after:.0f} MB")
    print(f"3 KB articles ({args.articles}): {per_article(sets['3kb'])}")
    print(f"single texts: {per_article(sets['texts'])}")
    size = sum(len(d.text.encode("utf-8")) for d in sets["texts"])
    scale = {"3kb": 1000 / len(sets["3kb"]), "texts": 1000 / (size / KB3)}
    print(f"best of {args.repeat}, CPU ms         per article  per 3 KB of single texts")
    timed: dict[str, dict[str, float]] = {}
    for name, docs in sets.items():
        timed[name] = {
            "baseline (quotes only)": time_enrichers(docs, (extract_quotes,), args.repeat),
            "all default enrichers": time_enrichers(docs, DEFAULT_ENRICHERS, args.repeat),
        }
        each = time_each(docs, args.repeat)
        timed[name] |= {f"  {stage}": spent for stage, spent in each.items()}
        timed[name]["  the six enrichers"] = sum(list(each.values())[:-1])
    for label in timed["3kb"]:
        print(
            f"  {label:<24} {timed['3kb'][label] * scale['3kb']:10.3f} "
            f"{timed['texts'][label] * scale['texts']:18.3f}"
        )
    print(f"RSS after the run: {rss_mb():.0f} MB")
    if args.worker:
        measure_worker()


if __name__ == "__main__":
    main()
