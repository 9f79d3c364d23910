"""The event-coding gold (bench/data/coding_gold.jsonl) and its two passes are well formed: every
label names a real sentence of its article, every code is a CAMEO code with its root, every actor
a code the bench can compare, and the passes file covers the same sentences."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.shared_eval import eval_rows

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "bench" / "data"
CODE = re.compile(r"[012][0-9]{2}[0-9]?")
ACTOR = re.compile(r"[A-Z]{3}[A-Z0-9]*")


def rows(name: str) -> list[dict[str, Any]]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line]


def check_events(events: list[dict[str, Any]]) -> None:
    for event in events:
        assert CODE.fullmatch(event["code"]), event
        assert int(event["code"][:2]) in range(1, 21), event
        if "root" in event:
            assert event["root"] == event["code"][:2], event
        for role in ("source", "target"):
            assert event[role] is None or ACTOR.fullmatch(event[role]), event
        assert event["source"] or event["target"], event


def test_gold_labels_are_well_formed() -> None:
    gold = rows("coding_gold.jsonl")
    assert len(gold) >= 200
    assert len({row["id"] for row in gold}) == len(gold)
    for row in gold:
        assert row["note"].strip(), row["id"]
        check_events(row["events"])


def test_gold_sentences_lie_in_their_articles() -> None:
    texts = {row["id"]: row["text"] for row in eval_rows("geovirus.jsonl")}
    seed = json.loads((ROOT / "examples" / "seed_article.json").read_text(encoding="utf-8"))
    texts["examples/seed_article.json"] = seed["text"]
    lines = (ROOT / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        payload = json.loads(line) if line.startswith("{") else {}
        if isinstance(payload.get("text"), str):
            texts[f"examples/articles.jsonl:{index}"] = payload["text"]
    for row in rows("coding_gold.jsonl"):
        text = texts[row["article"]]
        assert 0 <= row["start"] < row["end"] <= len(text), row["id"]
        sentence = text[row["start"] : row["end"]]
        assert sentence, row["id"]
        assert sentence == sentence.strip(), row["id"]


def test_passes_cover_the_gold() -> None:
    passes = rows("coding_gold_passes.jsonl")
    assert [row["id"] for row in passes] == [row["id"] for row in rows("coding_gold.jsonl")]
    for row in passes:
        check_events(row["first"])
        check_events(row["second"])


@pytest.mark.parametrize("name", ["coding_gold.jsonl", "coding_gold_passes.jsonl"])
def test_files_end_lines_with_newlines(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    assert text.endswith("\n")
    assert "\n\n" not in text
