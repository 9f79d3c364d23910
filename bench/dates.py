"""Date expressions: span and resolved-value accuracy of the dates enricher on a hand-labelled
set, next to dateparser.search.search_dates measured in the same run (pip install '.[bench]').

The labels (bench/dates_labels.jsonl, 190 expressions in 71 Wikinews articles of
../shared/eval/geovirus.jsonl) store the article id, character offsets, the surface, the value
the expression denotes and its granularity; the article texts are read from ../shared. Wikinews
texts carry no publication date: ``published`` is the date the text states where it does
(``published_is: stated``) and otherwise an assumed date (``assumed``, mostly Wednesday
2009-05-06), and each label is what the expression denotes if the article appeared that day
('on Sunday' in a past-tense sentence is the Sunday before). How the labels were made: every
expression that either system found in those articles was read in its sentence, and labelled
with its value by hand, or left out when it is no calendar date ('we may', '35 years'), a week
('this week': the record has no week granularity) or undecidable under an assumed date; one
expression neither system found whole was added. Expressions both systems miss are therefore
not in the set: the figures measure resolution, and recall only against the union of both.

A label counts as found when a prediction overlaps its span, and as resolved when that
prediction's value equals the label at the label's granularity (dateparser returns datetimes,
which are cut to the granularity). "spurious" counts predictions that overlap no label.

    python bench/dates.py
"""

from __future__ import annotations

import json
import time
import warnings
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateparser.search import search_dates

from eventwire.pipeline.enrich.dates import find_dates

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / ".." / "shared" / "eval" / "geovirus.jsonl"
LABELS = ROOT / "bench" / "dates_labels.jsonl"

Prediction = tuple[int, int, str | None]


def ours(text: str, published: date) -> list[Prediction]:
    """The dates enricher."""
    return [(d.span.start, d.span.end, d.value) for d in find_dates(text, published)]


def dateparser_search(text: str, published: date) -> list[Prediction]:
    """dateparser.search.search_dates with the publication day as its relative base."""
    # dateparser compares RELATIVE_BASE with naive datetimes of its own.
    base = datetime(published.year, published.month, published.day, 12)  # noqa: DTZ001
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out: list[Prediction] = []
    cursor = 0
    for surface, value in found:
        start = text.find(surface, cursor)
        if start < 0:
            start = text.find(surface)
        if start < 0:
            continue
        cursor = start + len(surface)
        out.append((start, start + len(surface), value.date().isoformat()))
    return out


def score(
    docs: dict[str, str],
    labels: list[dict[str, Any]],
    system: Callable[[str, date], list[Prediction]],
) -> dict[str, Any]:
    """Per granularity: labels, found (span overlap), resolved (same value); and spurious."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for label in labels:
        by_doc.setdefault(label["doc"], []).append(label)
    result: dict[str, list[int]] = {g: [0, 0, 0] for g in ("day", "month", "year", "all")}
    spurious = 0
    started = time.perf_counter()
    for doc, items in by_doc.items():
        published = date.fromisoformat(items[0]["published"])
        predictions = system(docs[doc], published)
        for start, end, _ in predictions:
            if not any(start < i["end"] and i["start"] < end for i in items):
                spurious += 1
        for item in items:
            hits = [p for p in predictions if p[0] < item["end"] and item["start"] < p[1]]
            resolved = any(
                p[2] is not None
                and p[2][: len(item["value"])] == item["value"]
                and len(p[2]) >= len(item["value"])
                for p in hits
            )
            for key in (item["granularity"], "all"):
                result[key][0] += 1
                result[key][1] += bool(hits)
                result[key][2] += resolved
    return {"by": result, "spurious": spurious, "seconds": time.perf_counter() - started}


def main() -> None:
    docs = {}
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        if line:
            row = json.loads(line)
            docs[row["id"]] = row["text"]
    labels = [json.loads(line) for line in LABELS.read_text("utf-8").splitlines() if line]
    for label in labels:
        assert docs[label["doc"]][label["start"] : label["end"]] == label["text"], label
    print(f"{len(labels)} labelled date expressions in {len({x['doc'] for x in labels})} articles")
    print("(2 shared cores; timings include other engineers' runs)")
    print(f"{'system':<12} {'granularity':<11} {'n':>4} {'span acc':>9} {'value acc':>10}")
    for name, system in (("dateparser", dateparser_search), ("eventwire", ours)):
        r = score(docs, labels, system)
        for granularity, (n, found, resolved) in r["by"].items():
            print(f"{name:<12} {granularity:<11} {n:4d} {found / n:9.3f} {resolved / n:10.3f}")
        print(f"{name:<12} spurious predictions: {r['spurious']}, {r['seconds']:.2f} s")


if __name__ == "__main__":
    main()
