"""Near-duplicate benchmark: pairwise precision, recall and F1 of our dedup stage against two
peers measured in the same run, on pairs built from real news text.

The 229 Wikinews articles of ../shared/eval/geovirus.jsonl (CC BY 2.5; read in place, never
copied) are transformed the way copies really arise: republication under another headline with
an outlet's boilerplate, edited versions (paragraphs cut, reordered or added), teasers of the
first paragraphs (before and after the full text), typos and mojibake. Copy against copy: two
transformed versions of one article, in both orders (a teaser and an edited version that cut a
paragraph after the teaser's, a republication and a reordered version, a two-sentence teaser and
a version with its first sentence moved to the end). Hard negatives are pairs of different
Wikinews articles that share the most text (same outbreak, follow-up reports), plus a teaser of
one against the other.

Every method sees the same text: our normalise stage's output. Ours is the real claim path
(RedisSeenStore's Lua script on fakeredis, first text claimed, then the second). The peers are
datasketch's MinHashLSH in memory (128 permutations, threshold 0.5, the same word 3-shingles)
and a 64-bit SimHash of the same shingles with Hamming distance <= 3 (Manku et al., 2007).

    python bench/neardup.py [--seed 7]
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TypedDict

import fakeredis
import numpy as np
from datasketch import MinHash, MinHashLSH

from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Fingerprint
from eventwire.pipeline.intake import normalise_article
from eventwire.pipeline.normalise import content_hash
from eventwire.pipeline.sketch import shingle_hashes, sketch_text
from eventwire.schemas.article import ArticleIn
from eventwire.workers.stores import RedisSeenStore

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "geovirus.jsonl"
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9])")
OUTLETS = [
    ("The Daily Courier", "Subscribe to the Courier for more news. Copyright 2024."),
    ("Global Health Wire", "Follow us on social media. All rights reserved."),
    ("Metro Evening Post", "Sign up for our newsletter to get the day's top stories."),
    ("Regional Tribune", "Have a news tip? Contact our newsroom. Reporting by staff."),
]

Pair = tuple[str, str, str, bool]
"""(first text, second text, category, is a copy)."""


def paragraphs(text: str, per: int = 3) -> list[str]:
    """The Wikinews texts are one paragraph; regroup their sentences into paragraphs of three."""
    sentences = SENTENCE.split(text)
    return [" ".join(sentences[i : i + per]) for i in range(0, len(sentences), per)]


def typos(text: str, rng: random.Random, rate: float = 0.03) -> str:
    """Swap, drop or double a letter in ``rate`` of the words."""
    words = text.split(" ")
    for i, word in enumerate(words):
        if len(word) > 3 and rng.random() < rate:
            at = rng.randrange(1, len(word) - 1)
            edit = rng.choice(["swap", "drop", "double"])
            if edit == "swap":
                words[i] = word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
            elif edit == "drop":
                words[i] = word[:at] + word[at + 1 :]
            else:
                words[i] = word[:at] + word[at] + word[at:]
    return " ".join(words)


def mojibake(text: str) -> str:
    """UTF-8 read as Windows-1252, as a misconfigured feed does, with typographic quotes."""
    curly = text.replace("'", "\u2019").replace(' "', " \u201c").replace('" ', "\u201d ")
    return curly.encode("utf-8").decode("cp1252", errors="replace")


def build_pairs(rows: list[dict[str, str]], seed: int) -> list[Pair]:
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not secrets
    pairs: list[Pair] = []
    texts = [row["text"] for row in rows]
    for index, text in enumerate(texts):
        paras = paragraphs(text)
        name, footer = OUTLETS[index % len(OUTLETS)]
        republished = f"By Staff Reporter | {name}\n\n{chr(10).join(paras)}\n\n{footer}"
        pairs.append((text, republished, "republished", True))
        if len(paras) >= 3:
            cut = list(paras)
            del cut[rng.randrange(1, len(cut))]
            pairs.append((text, "\n\n".join(cut), "paragraph_cut", True))
            shuffled = list(paras)
            rng.shuffle(shuffled)
            pairs.append((text, "\n\n".join(shuffled), "reordered", True))
        other = paragraphs(texts[(index + 1) % len(texts)])
        added = [*paras, f"Background: {other[0]}"]
        pairs.append((text, "\n\n".join(added), "paragraph_added", True))
        held = rng.choice([1, 1, 2]) if len(paras) > 2 else 1
        teaser = " ".join(paras[:held])
        if len(teaser) < len(text):
            pairs.append((text, teaser, "teaser_after", True))
            pairs.append((teaser, text, "teaser_before", True))
        # Copy against copy: two transformed versions of the same article, in both orders.
        sentences = SENTENCE.split(text)
        if len(teaser) < len(text) and len(paras) >= 3:
            # The edit cuts a paragraph after the teaser's: a teaser and an edit that dropped half
            # of it share too little to be copies of each other (only of the full text).
            if len(paras) > held:
                edit = list(paras)
                del edit[rng.randrange(held, len(edit))]
                pairs.append((teaser, "\n\n".join(edit), "teaser_then_edit", True))
                pairs.append(("\n\n".join(edit), teaser, "edit_then_teaser", True))
            pairs.append((republished, "\n\n".join(shuffled), "republished_vs_reordered", True))
        if len(sentences) >= 4:
            lead = " ".join(sentences[:2])
            rotated = " ".join(sentences[1:] + sentences[:1])
            pairs.append((lead, rotated, "teaser_then_rotated", True))
            pairs.append((rotated, lead, "rotated_then_teaser", True))
        pairs.append((text, typos(text, rng), "typos", True))
        pairs.append((text, mojibake(typos(text, rng, 0.01)), "mojibake_typos", True))

    # Hard negatives: the different articles that share most word shingles (same outbreak,
    # follow-up reports), and a teaser of one against the other.
    sets = [set(shingle_hashes(text).tolist()) for text in texts]
    scored = sorted(
        (
            (len(sets[i] & sets[j]) / max(1, min(len(sets[i]), len(sets[j]))), i, j)
            for i, j in itertools.combinations(range(len(texts)), 2)
        ),
        reverse=True,
    )
    for _, i, j in scored[:400]:
        pairs.append((texts[i], texts[j], "hard_negative", False))
        pairs.append((texts[j], paragraphs(texts[i])[0], "hard_negative_teaser", False))
    return pairs


def normalised(text: str) -> str:
    return normalise_article(ArticleIn(source="bench", text=text), "bench").text


def ours(near: float, contained: float) -> Callable[[str, str], bool]:
    server = fakeredis.FakeServer()
    counter = itertools.count()

    def decide(first: str, second: str) -> bool:
        store = RedisSeenStore(
            fakeredis.FakeRedis(server=server),
            f"p{next(counter)}",
            7 * 24 * 3600,
            near_threshold=near,
            contained_threshold=contained,
        )
        requests = [
            ClaimRequest(
                f"a{n}",
                f"rec_{n}",
                (Fingerprint("exact_text", content_hash(text)),),
                sketch_text(text),
            )
            for n, text in enumerate((first, second))
        ]
        return isinstance(store.claim_many(requests)[1], Duplicate)

    return decide


def _shingle_bytes(text: str) -> list[bytes]:
    return [int(h).to_bytes(8, "big") for h in np.unique(shingle_hashes(text))]


def datasketch_lsh(first: str, second: str) -> bool:
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sketches = []
    for text in (first, second):
        sketch = MinHash(num_perm=128)
        sketch.update_batch(_shingle_bytes(text))
        sketches.append(sketch)
    lsh.insert("first", sketches[0])
    return bool(lsh.query(sketches[1]))


def simhash(text: str) -> int:
    hashes = np.unique(shingle_hashes(text))
    if len(hashes) == 0:
        return 0
    bits = ((hashes[:, None] >> np.arange(64, dtype=np.uint64)) & np.uint64(1)).astype(np.int64)
    votes = (2 * bits - 1).sum(axis=0)
    return int(sum(1 << i for i in range(64) if votes[i] > 0))


def simhash_3(first: str, second: str) -> bool:
    return bin(simhash(first) ^ simhash(second)).count("1") <= 3


def _share(said: list[bool]) -> float:
    return sum(said) / max(1, len(said))


class Score(TypedDict):
    """How one method judged the pairs: its figures overall and by category."""

    precision: float
    recall: float
    f1: float
    categories: dict[str, float]
    teasers: float
    ms_per_pair: float


def score(pairs: list[tuple[str, str, str, bool]], decide: Callable[[str, str], bool]) -> Score:
    tp = fp = fn = 0
    by_category: dict[str, list[bool]] = defaultdict(list)
    started = time.perf_counter()
    for first, second, category, label in pairs:
        said = decide(first, second)
        by_category[category].append(said)
        tp += said and label
        fp += said and not label
        fn += label and not said
    precision = tp / max(1, tp + fp)
    recall = tp / max(1, tp + fn)
    return {
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(1e-9, precision + recall),
        "categories": {k: sum(v) / len(v) for k, v in by_category.items()},
        "teasers": _share(
            [
                said
                for k, v in by_category.items()
                if "teaser" in k and "negative" not in k
                for said in v
            ]
        ),
        "ms_per_pair": (time.perf_counter() - started) * 1000 / len(pairs),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--near", type=float, default=0.5)
    parser.add_argument("--contained", type=float, default=0.8)
    args = parser.parse_args()
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    raw = build_pairs(rows, args.seed)
    pairs = [(normalised(a), normalised(b), c, label) for a, b, c, label in raw]
    positives = sum(label for *_, label in pairs)
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {len(rows)} articles, {len(pairs)} pairs "
        f"({positives} copies, {len(pairs) - positives} hard negatives); seed {args.seed}"
    )
    print("machine: 2 cores shared with other engineers' runs (timings are indicative)")
    results = {
        "eventwire (Lua bottom-k+containment)": score(pairs, ours(args.near, args.contained)),
        "datasketch MinHashLSH t=0.5": score(pairs, datasketch_lsh),
        "SimHash-64 hamming<=3": score(pairs, simhash_3),
    }
    print(f"{'method':38} {'P':>6} {'R':>6} {'F1':>6} {'ms/pair':>8}")
    for name, result in results.items():
        print(
            f"{name:38} {result['precision']:6.3f} {result['recall']:6.3f} "
            f"{result['f1']:6.3f} {result['ms_per_pair']:8.2f}"
        )
    print(
        "\nteaser recall (every pair with a teaser in it): "
        + "; ".join(f"{name} {result['teasers']:.3f}" for name, result in results.items())
    )
    categories = list(next(iter(results.values()))["categories"])
    print(
        "\nshare judged a copy, by category (recall for copies, false-positive rate for negatives)"
    )
    print(f"{'category':26}" + "".join(f"{name[:14]:>16}" for name in results))
    for category in categories:
        print(
            f"{category:26}"
            + "".join(f"{result['categories'][category]:16.3f}" for result in results.values())
        )


if __name__ == "__main__":
    main()
