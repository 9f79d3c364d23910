"""Places on GeoVirus (../shared/eval/geovirus.jsonl: 229 Wikinews articles, 2,167 gold place
mentions with coordinates): span precision, recall and F1 (exact character spans) and accuracy
within 161 km (over the gold mentions whose span was found), for the places enricher and, as the
baseline measured in the same run, a naive longest-match gazetteer lookup over the same gazetteer
that takes the most populous reading of every name.

GeoVirus annotates names only, so mentions the enricher marks as demonyms ('Syrian') are left out
of the enricher's precision (they are right, but not what the corpus labels); the baseline has no
demonyms to leave out. Entities are found first, as in the pipeline, so names of people are not
read as towns.

    python bench/geovirus_places.py
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from eventwire.pipeline.dictionaries import tokens_with_spans
from eventwire.pipeline.enrich.entities import find_entities
from eventwire.pipeline.enrich.gazetteer import gazetteer
from eventwire.pipeline.enrich.places import find_places

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "geovirus.jsonl"
KM = 161.0

Prediction = tuple[int, int, float | None, float | None, str]


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


def enricher(text: str) -> list[Prediction]:
    """The places enricher, after the entities enricher as in the pipeline."""
    entities = find_entities(text, None)
    blocked = [m for e in entities for m in e.mentions]
    return [
        (p.span.start, p.span.end, p.lat, p.lon, p.kind)
        for p in find_places(text, None, blocked)
        if not p.demonym
    ]


def baseline(text: str) -> list[Prediction]:
    """Longest gazetteer match at every capitalised word, the most populous reading."""
    places = gazetteer()
    tokens = tokens_with_spans(text)
    keys = [t[0] for t in tokens]
    out: list[Prediction] = []
    i = 0
    while i < len(tokens):
        start = tokens[i][1]
        found = places.index.match_at(keys, i) if text[start].isupper() else None
        if found is None:
            i += 1
            continue
        n, entries = found
        names = [e for e in entries if tuple(keys[i : i + n]) not in places.demonyms]
        if names:
            best = max(names, key=lambda e: e.population)
            out.append((start, tokens[i + n - 1][2], best.lat, best.lon, best.kind))
        i += n
    return out


def score(
    rows: list[dict[str, Any]], system: Callable[[str], list[Prediction]]
) -> dict[str, float]:
    """Span P/R/F1 and accuracy@161 km of ``system`` on ``rows``."""
    tp = predicted = gold_total = near = located = 0
    by_kind: dict[bool, list[int]] = {True: [0, 0], False: [0, 0]}
    started = time.perf_counter()
    for row in rows:
        predictions = {(s, e): (lat, lon, kind) for s, e, lat, lon, kind in system(row["text"])}
        predicted += len(predictions)
        for place in row["toponyms"]:
            gold_total += 1
            found = predictions.get((place["start"], place["end"]))
            if found is None:
                continue
            tp += 1
            located += 1
            lat, lon, kind = found
            hit = (
                lat is not None
                and lon is not None
                and km(lat, lon, place["lat"], place["lon"]) <= KM
            )
            near += hit
            by_kind[kind == "country"][0] += hit
            by_kind[kind == "country"][1] += 1
    precision = tp / predicted if predicted else 0.0
    recall = tp / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "acc@161km": near / located if located else 0.0,
        "acc_countries": by_kind[True][0] / max(1, by_kind[True][1]),
        "acc_other": by_kind[False][0] / max(1, by_kind[False][1]),
        "gold": gold_total,
        "predicted": predicted,
        "seconds": time.perf_counter() - started,
    }


def main() -> None:
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines() if line]
    find_entities("warm up", date(2020, 1, 1))
    gazetteer()
    print(f"GeoVirus: {len(rows)} articles, {sum(len(r['toponyms']) for r in rows)} gold places")
    print("(2 shared cores; timings include other engineers' runs)")
    header = (
        f"{'system':<10} {'P':>6} {'R':>6} {'F1':>6} {'acc@161':>8} {'countries':>9} "
        f"{'others':>7} {'pred':>6} {'s':>6}"
    )
    print(header)
    print("(acc@161 split by the kind the system chose: country centre points differ between")
    print(
        " gazetteers, and GeoVirus uses Wikipedia's, e.g. US 40,-100 where countryinfo has 38,-97)"
    )
    for name, system in (("baseline", baseline), ("enricher", enricher)):
        r = score(rows, system)
        print(
            f"{name:<10} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f} "
            f"{r['acc@161km']:8.3f} {r['acc_countries']:9.3f} {r['acc_other']:7.3f} "
            f"{int(r['predicted']):6d} {r['seconds']:6.2f}"
        )


if __name__ == "__main__":
    main()
