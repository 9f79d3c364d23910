"""Normalise stage speed: CPU milliseconds per article of the normalise stage as the pipeline
runs it (``normalise_article`` and the shape check), on the ~3 KB articles of
bench/throughput.py's generator (its default mix: 20% copies, 1% invalid payloads, which the
intake rejects before this stage and are left out) or on the Wikinews texts.

With --against REF (a git revision) it times this checkout's stage against REF's in the same
process: REF's ``eventwire`` package is exported to a temporary folder as ``eventwire_ref`` (as
bench/enrich_speed.py does), the two run the same payloads alternately, ``--rounds`` times each
(the order swapped every round), and it prints the median of each and whether their outputs are
identical on every article. Without --against it times this checkout alone and splits the stage
into its parts.

    python bench/normalise_speed.py [--count 1000] [--corpus throughput|wikinews]
    python bench/normalise_speed.py --against main [--rounds 9]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from enrich_speed import load_ref  # bench/enrich_speed.py, beside this script
from normalise_identity import EVAL, corpora
from pydantic import ValidationError

from eventwire.pipeline import language, normalise, shape, urls
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.errors import DataError

KB3 = 3 * 1024


def payloads(corpus: str, count: int) -> list[dict[str, Any]]:
    """The valid payloads of one corpus (as JSON objects, for either side to validate)."""
    if corpus == "wikinews":
        rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
        return [{"source": "wikinews", "text": row["text"]} for row in rows]
    out = []
    for _, payload in corpora(count)["throughput"]:
        try:
            ArticleIn.model_validate(payload)
        except ValidationError:
            continue
        out.append(payload)
    return out


def stage(modules: Any) -> Callable[[list[Any]], list[Any]]:
    """The normalise stage of one side: what it makes of each article, or why not."""
    normalise_one = modules.intake.normalise_article
    check = modules.shape.check_shape
    error_type = modules.errors.DataError

    def run(articles: list[Any]) -> list[Any]:
        out: list[Any] = []
        for number, article in enumerate(articles):
            try:
                normalised = normalise_one(article, f"art_{number}")
                check(normalised.text)
            except error_type as error:
                out.append(str(error))
                continue
            out.append(normalised)
        return out

    return run


class _Side:
    def __init__(self, package: str) -> None:
        self.intake = importlib.import_module(f"{package}.pipeline.intake")
        self.shape = importlib.import_module(f"{package}.pipeline.shape")
        self.errors = importlib.import_module(f"{package}.schemas.errors")
        self.schemas = importlib.import_module(f"{package}.schemas.article")
        importlib.import_module(f"{package}.pipeline.language").load_detectors()


def _dumped(outcomes: list[Any]) -> list[Any]:
    return [o if isinstance(o, str) else o.model_dump(mode="json") for o in outcomes]


def compare(revision: str, corpus: str, count: int, rounds: int) -> None:
    """Time this checkout's stage and ``revision``'s alternately in this process."""
    with tempfile.TemporaryDirectory() as folder:
        load_ref(revision, Path(folder))
        sides = {"ref": _Side("eventwire_ref"), "now": _Side("eventwire")}
        raw = payloads(corpus, count)
        inputs = {k: [s.schemas.ArticleIn.model_validate(p) for p in raw] for k, s in sides.items()}
        runs = {k: stage(s) for k, s in sides.items()}
        same = _dumped(runs["ref"](inputs["ref"])) == _dumped(runs["now"](inputs["now"]))
        gc.freeze()
        spent: dict[str, list[float]] = {"ref": [], "now": []}
        for number in range(rounds):
            for side in ("ref", "now") if number % 2 == 0 else ("now", "ref"):
                started = time.process_time()
                runs[side](inputs[side])
                spent[side].append(time.process_time() - started)
    size = sum(len((p.get("text") or "").encode("utf-8")) for p in raw)
    average = size / len(raw) / 1024
    print(f"{len(raw)} {corpus} articles, {average:.1f} KB on average; {rounds} rounds")
    print(f"outputs identical to {revision}'s on every article: {same}")
    print(f"median CPU ms          {revision:>10} {'this':>10}")
    ref, now = (statistics.median(spent[k]) * 1000 for k in ("ref", "now"))
    print(f"  per article          {ref / len(raw):10.3f} {now / len(raw):10.3f}")
    print(f"  per 3 KB             {ref / (size / KB3):10.3f} {now / (size / KB3):10.3f}")
    print(f"  this / {revision}: {now / ref:.2f}")


def parts(corpus: str, count: int, rounds: int) -> None:
    """Best-of-``rounds`` CPU microseconds per article of the stage and of its parts."""
    language.load_detectors()
    articles = [ArticleIn.model_validate(p) for p in payloads(corpus, count)]
    done = [normalise_article(a, "x") for a in articles]
    texts = [d.text for d in done]

    def whole(article: ArticleIn) -> None:
        with contextlib.suppress(DataError):
            shape.check_shape(normalise_article(article, "x").text)

    steps: dict[str, tuple[Callable[[Any], Any], list[Any]]] = {
        "whole stage": (whole, articles),
        "normalise_text (body)": (normalise.normalise_text, [a.text for a in articles]),
        "normalise_line (title)": (normalise.normalise_line, [a.title or "" for a in articles]),
        "canonical_url": (urls.canonical_url, [a.url or "" for a in articles]),
        "detect_language": (language.detect_language, texts),
        "content_hash": (normalise.content_hash, texts),
        "count_words": (normalise.count_words, texts),
        "check_shape": (shape.check_shape, texts),
    }
    gc.freeze()
    print(f"{len(articles)} {corpus} articles; best of {rounds} rounds, CPU")
    for name, (step, items) in steps.items():
        best = float("inf")
        for _ in range(rounds):
            started = time.process_time()
            for item in items:
                step(item)
            best = min(best, time.process_time() - started)
        print(f"  {name:<24} {best * 1e6 / len(articles):8.1f} us per article")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", choices=["throughput", "wikinews"], default="throughput")
    parser.add_argument("--count", type=int, default=1000, help="throughput payloads")
    parser.add_argument("--against", metavar="REF", help="time against this git revision")
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()
    if args.against:
        compare(args.against, args.corpus, args.count, args.rounds)
    else:
        parts(args.corpus, args.count, args.rounds)


if __name__ == "__main__":
    main()
