"""How far two independent labellings of the coding gold agree, and what adjudication kept.

bench/data/coding_gold_passes.jsonl holds, for every sentence of bench/data/coding_gold.jsonl,
the events of the first pass (the labels up to commit c37554f) and of the second, blind pass
(made without seeing the first pass or the coder's output, under the guideline's rules 1-16 in
bench/data/README.md). The final gold is bench/data/coding_gold.jsonl itself, adjudicated
sentence by sentence where the passes differ. This prints, overall and per half of the gold:

- how many sentences the passes label the same (the same multiset of triples);
- the agreement of the passes on (source, target, root) triples, on full codes and on roots
  alone, as the F1 of one pass scored against the other (symmetric, so it is the same either
  way), with the bench's own actor comparison (bench/coding_eval.py's ``actor_key``);
- Cohen's kappa of the two passes on whether a sentence reports any codable event;
- the F1 of each pass against the final gold, that is how much of it adjudication kept.

    python bench/coding_agreement.py
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from coding_eval import GOLD, HALVES, Score, Triple, actor_key, half_of

PASSES = Path(__file__).resolve().parent / "data" / "coding_gold_passes.jsonl"


def triples(events: Iterable[dict[str, Any]], width: int) -> list[Triple]:
    """Events as the bench compares them: actor parts and the code cut to ``width`` digits
    (2 for roots, 4 for full codes)."""
    return [
        (actor_key(e["source"]), actor_key(e["target"]), str(e["code"])[:width]) for e in events
    ]


def roots(events: Iterable[dict[str, Any]]) -> list[Triple]:
    return [(None, None, str(e["code"])[:2]) for e in events]


def f1(score: Score) -> float:
    precision = score.hit / score.predicted if score.predicted else 0.0
    recall = score.hit / score.gold if score.gold else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def kappa(pairs: Sequence[tuple[bool, bool]]) -> float:
    """Cohen's kappa of two yes/no labellings of the same items."""
    n = len(pairs)
    if not n:
        return 0.0
    observed = sum(a == b for a, b in pairs) / n
    first = sum(a for a, _ in pairs) / n
    second = sum(b for _, b in pairs) / n
    expected = first * second + (1 - first) * (1 - second)
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def report(name: str, rows: Sequence[dict[str, Any]], final: dict[str, list[Any]]) -> list[str]:
    same = 0
    agree = {"triples": Score(), "full codes": Score(), "roots alone": Score()}
    kept = {"first": Score(), "second": Score()}
    has_event: list[tuple[bool, bool]] = []
    for row in rows:
        first, second = row["first"], row["second"]
        if Counter(triples(first, 2)) == Counter(triples(second, 2)):
            same += 1
        agree["triples"].add(triples(second, 2), triples(first, 2))
        agree["full codes"].add(triples(second, 4), triples(first, 4))
        agree["roots alone"].add(roots(second), roots(first))
        for label in ("first", "second"):
            kept[label].add(triples(row[label], 2), triples(final[row["id"]], 2))
        has_event.append((bool(first), bool(second)))
    lines = [
        f"{name}: {len(rows)} sentences, {same} labelled the same by both passes "
        f"({same / len(rows):.1%})"
    ]
    for label, score in agree.items():
        lines.append(
            f"  passes agree on {label:<12} F1 {f1(score):.3f}"
            f"  (matched {score.hit}; first pass {score.gold}, second pass {score.predicted})"
        )
    lines.append(f"  Cohen's kappa, any codable event: {kappa(has_event):.3f}")
    for label, score in kept.items():
        lines.append(f"  {label} pass against the final gold, triples F1 {f1(score):.3f}")
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").split("\n\n")[0],
        epilog="Example: python bench/coding_agreement.py",
    )
    parser.add_argument("--passes", type=Path, default=PASSES, help="the two passes' labels")
    parser.add_argument("--gold", type=Path, default=GOLD, help="the final, adjudicated gold")
    args = parser.parse_args(argv)
    gold = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines() if line]
    passes = [
        json.loads(line) for line in args.passes.read_text(encoding="utf-8").splitlines() if line
    ]
    final = {row["id"]: row["events"] for row in gold}
    article = {row["id"]: row["article"] for row in gold}
    missing = sorted(set(final) ^ {row["id"] for row in passes})
    if missing:
        print(f"the passes and the gold name different sentences: {missing[:10]}", file=sys.stderr)
        return 1
    print("\n".join(report("all", passes, final)))
    for half in HALVES:
        rows = [row for row in passes if half_of(article[row["id"]]) == half]
        print("\n".join(report(half, rows, final)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
