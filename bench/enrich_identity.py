"""Enrichment output digest: a guard for speed work that must not change any output.

Runs every default enricher over the 229 Wikinews texts of ../shared/eval/geovirus.jsonl (read
in place) and the articles of examples/, each text three times (published on 2009-05-06, on
2017-01-17, and with no ``published_at``, so that every date path runs; the first 40 also with
curly apostrophes, in upper case, and after a 'ß'), and prints a SHA-256 of
the full enrichment output: one digest without event coding (the enrichers of
``eventwire/pipeline/enrich``), one per section, and one with event coding. With --dump it also
writes every record as a JSON line, to diff two runs when a digest differs.

    python bench/enrich_identity.py [--dump FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eventwire.pipeline import DEFAULT_ENRICHERS, warm_up
from eventwire.pipeline.coding.coder import code_events
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas.article import ArticleIn, NormalisedArticle
from eventwire.schemas.enrichment import Enrichment

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / ".." / "shared" / "eval" / "geovirus.jsonl"
VARIANTS = 40
ANCHORS: tuple[datetime | None, ...] = (
    datetime(2009, 5, 6, 12, tzinfo=UTC),
    datetime(2017, 1, 17, 18, 30, tzinfo=UTC),
    None,
)


def payloads() -> list[tuple[str, dict[str, Any]]]:
    """``(label, payload)`` for every text, under every anchor; examples keep their own."""
    out: list[tuple[str, dict[str, Any]]] = []
    for number, line in enumerate(EVAL.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        for anchor in ANCHORS:
            out.append(
                (
                    f"geovirus-{number}@{anchor}",
                    {"source": "identity", "text": row["text"], "published_at": anchor},
                )
            )
        if number < VARIANTS:
            # Variants that take the other paths of the tokeniser: non-ASCII text, upper case,
            # and a character whose upper case is longer ('ß').
            for name, text in (
                ("curly", row["text"].replace("'", "\u2019")),
                ("upper", row["text"].upper()),
                ("sharp-s", "Straße. " + row["text"]),
            ):
                out.append(
                    (
                        f"geovirus-{number}-{name}",
                        {"source": "identity", "text": text, "published_at": ANCHORS[0]},
                    )
                )
    rows: list[tuple[str, dict[str, Any]]] = []
    for path in sorted((ROOT / "examples").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            try:
                rows.append((f"{path.name}:{n}", json.loads(line)))
            except json.JSONDecodeError:
                continue  # the examples hold one line that is not JSON on purpose
    rows.extend(
        (path.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / "examples").glob("*.json"))
    )
    for label, row in rows:
        out.append((label, row))
        if row.get("text") or row.get("html"):
            for anchor in ANCHORS:
                out.append((f"{label}@{anchor}", {**row, "published_at": anchor}))
    return out


def articles() -> list[tuple[str, NormalisedArticle | None]]:
    """The normalised articles (None for a payload the intake rejects)."""
    out: list[tuple[str, NormalisedArticle | None]] = []
    for number, (label, payload) in enumerate(payloads()):
        try:
            article = normalise_article(ArticleIn.model_validate(payload), f"art_{number}")
        except (ValidationError, ValueError):
            out.append((label, None))
            continue
        out.append((label, article))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dump", type=Path, help="write every record as a JSON line here")
    args = parser.parse_args()
    warm_up()
    enrichers = tuple(e for e in DEFAULT_ENRICHERS if e is not code_events)
    whole = hashlib.sha256()
    coded = hashlib.sha256()
    sections: dict[str, Any] = {}
    lines: list[str] = []
    docs = articles()
    for label, article in docs:
        if article is None:
            record: dict[str, Any] = {"label": label, "rejected": True}
            events: Any = None
        else:
            found = Enrichment()
            for enricher in enrichers:
                found = enricher(article, found)
            record = {"label": label, **found.model_dump(mode="json")}
            events = code_events(article, found).model_dump(mode="json")["events"]
        line = json.dumps(record, sort_keys=True, ensure_ascii=False)
        whole.update(line.encode())
        coded.update(json.dumps(events, sort_keys=True, ensure_ascii=False).encode())
        for name, value in record.items():
            sections.setdefault(name, hashlib.sha256()).update(
                json.dumps(value, sort_keys=True, ensure_ascii=False).encode()
            )
        lines.append(line)
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    rejected = sum(1 for _, a in docs if a is None)
    print(f"{len(docs)} articles ({rejected} rejected by the intake)")
    for name in ("entities", "places", "dates", "quotes", "figures", "tone"):
        print(f"  {name:<9} {sections[name].hexdigest()[:16]}")
    print(f"enrichment (no event coding): {whole.hexdigest()}")
    print(f"with event coding:            {coded.hexdigest()}")


if __name__ == "__main__":
    main()
