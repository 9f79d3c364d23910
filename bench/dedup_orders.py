"""Order independence of the dedup claim, over many real stories: four copies of each story
(the text, a two-sentence teaser, the text with its first sentence moved to the end, and a
retitled republication with an outlet's byline and footer) are claimed in every one of their 24
orders on a private redis-server, and every order must give exactly one original with every other
copy a duplicate of it.

The stories are the Wikinews articles of ../shared/eval/geovirus.jsonl (read in place) with at
least seven sentences (``text.count(". ") >= 6``, as tests/workers/test_stores.py picks them).
Prints the failing orders, by the order of the first two copies of the story to arrive and by
which copies became originals, and for each failure the pair that did not match.

    python bench/dedup_orders.py [--stories N] [--batch]
"""

from __future__ import annotations

import argparse
import itertools
import json
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import redis
from private_redis import private_redis  # bench/private_redis.py, beside this script

from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Fingerprint, Original
from eventwire.pipeline.normalise import content_hash
from eventwire.pipeline.sketch import sketch_text
from eventwire.workers.stores import RedisSeenStore

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "geovirus.jsonl"
NAMES = ("text", "teaser", "rotated", "republished")


def copies(text: str) -> list[str]:
    """The four copies of one story, as the order test of tests/workers/test_stores.py makes
    them."""
    sentences = text.split(". ")
    return [
        text,
        ". ".join(sentences[:2]) + ".",
        ". ".join(sentences[1:] + sentences[:1]),
        f"Officials act on the outbreak\n\nBy Staff Reporter | The Courier\n\n"
        f"{text}\n\nCopyright The Courier.",
    ]


def requests_of(story: int, texts: list[str]) -> list[ClaimRequest]:
    return [
        ClaimRequest(
            f"s{story}c{i}",
            f"rec_s{story}c{i}",
            (Fingerprint("exact_text", content_hash(text)),),
            sketch_text(text),
        )
        for i, text in enumerate(texts)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stories", type=int, default=0, help="first N stories only (0: all)")
    parser.add_argument(
        "--batch", action="store_true", help="claim each order as one batch (default: one by one)"
    )
    args = parser.parse_args()
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    texts = [row["text"] for row in rows if row["text"].count(". ") >= 6]
    if args.stories:
        texts = texts[: args.stories]
    with private_redis() as client:
        run(client, texts, args.batch)


def run(client: redis.Redis, texts: list[str], batch: bool) -> None:
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {len(texts)} stories x 24 orders of "
        f"{', '.join(NAMES)}; claimed {'as one batch' if batch else 'one by one'}; "
        f"private redis-server {client.info('server')['redis_version']}"
    )
    failures: list[tuple[int, tuple[int, ...], list[str]]] = []
    runs = 0
    started = time.perf_counter()
    for story, text in enumerate(texts):
        requests = requests_of(story, copies(text))
        for number, order in enumerate(itertools.permutations(range(4))):
            store = RedisSeenStore(client, f"o{story}:{number}", 3600)
            claims = [requests[i] for i in order]
            if batch:
                verdicts = store.claim_many(claims)
            else:
                verdicts = [store.claim_many([claim])[0] for claim in claims]
            runs += 1
            first = f"rec_s{story}c{order[0]}"
            ok = isinstance(verdicts[0], Original) and all(
                isinstance(v, Duplicate) and v.original_record_id == first for v in verdicts[1:]
            )
            if not ok:
                said = [
                    f"{NAMES[i]}:{'original' if isinstance(v, Original) else v.match}"
                    for i, v in zip(order, verdicts, strict=True)
                ]
                failures.append((story, order, said))
        client.flushdb()
    seconds = time.perf_counter() - started
    print(
        f"{runs} runs, {len(failures)} failing ({len(failures) / max(runs, 1):.2%}) in "
        f"{len({story for story, *_ in failures})} stories; {seconds:.1f} s"
    )
    if not failures:
        return
    by_head = Counter(f"{NAMES[order[0]]} then {NAMES[order[1]]}" for _, order, _ in failures)
    print("\nfailing runs by the first two copies to arrive:")
    for head, count in by_head.most_common():
        print(f"  {count:5d}  {head}")
    by_originals = Counter(
        " + ".join(part.split(":")[0] for part in said if part.endswith(":original"))
        for *_, said in failures
    )
    print("\nfailing runs by the copies that became originals:")
    for originals, count in by_originals.most_common():
        print(f"  {count:5d}  {originals}")
    print("\nfirst failures (story, order: verdicts):")
    for story, order, said in failures[:12]:
        print(f"  {story:3d} {''.join(map(str, order))}: {', '.join(said)}")


if __name__ == "__main__":
    main()
