"""A digest of everything the worker publishes, to prove a change to record assembly, validation
or serialisation leaves the published bytes unchanged: the generated articles of
bench/throughput.py (unique, exact and near copies, invalid payloads) go through the real
:class:`BatchProcessor` (seen-store, event and story stores, Redis streams publisher) on
fakeredis, with a fixed clock, in batches; then every entry of every stream is hashed in order
(its type and JSON body; not the entry id, which the server stamps from its own time).

    python bench/assembly_identity.py [--count 600] [--batch-size 50] [--seed 3]

Prints the number of messages per stream, one digest per stream and one over all of them.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import fakeredis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from replies import expect_entries
from throughput import generate

from eventwire.pipeline import warm_up
from eventwire.schemas.article import Batch, Submission
from eventwire.settings import Settings
from eventwire.workers.logging import configure_logging
from eventwire.workers.runtime import build_processor

STREAMS = ("records", "duplicates", "dead", "events")
START = datetime(2024, 4, 2, 9, 0, tzinfo=UTC)


class SteppingClock:
    """A clock that moves one second forward on each reading, from the same start every run."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def bodies(count: int, batch_size: int, seed: int) -> list[dict[str, Any]]:
    """The ``eventwire.process_batch`` bodies of the generated payloads, under fixed article ids
    (the invalid payloads too: the worker dead-letters them, as it does one a producer let by)."""
    payloads = generate(count, 0.20, 0.02, seed)
    items = [
        Submission(article_id=f"art-{index:05d}", submitted_at=START, payload=payload)
        for index, payload in enumerate(payloads)
    ]
    return [
        Batch(batch_id=f"b{index}", items=items[index : index + batch_size]).model_dump(mode="json")
        for index in range(0, len(items), batch_size)
    ]


def digests(count: int, batch_size: int, seed: int) -> dict[str, tuple[int, str]]:
    """Run the batches through a worker's processor on fakeredis; hash each stream."""
    settings = Settings(stream_prefix="ident", log_format="json")
    with open(os.devnull, "w") as devnull:
        configure_logging(settings, stream=devnull)  # the log lines are made, as in a worker
        return _digests(settings, count, batch_size, seed)


def _digests(
    settings: Settings, count: int, batch_size: int, seed: int
) -> dict[str, tuple[int, str]]:
    client = fakeredis.FakeRedis()
    processor = build_processor(settings, client, clock=SteppingClock())
    for body in bodies(count, batch_size, seed):
        processor.process_batch(body)
        # A redelivered batch publishes nothing new, and must not change what was published.
        processor.process_batch(body)
    return stream_digests(client)


def stream_digests(client: Any) -> dict[str, tuple[int, str]]:
    """The number of entries and a SHA-256 of each ``ident:`` stream (every field of every
    entry, in key order; not the entry ids, which carry the time), then of all of them."""
    found: dict[str, tuple[int, str]] = {}
    everything = hashlib.sha256()
    for stream in STREAMS:
        digest = hashlib.sha256()
        entries = expect_entries(client.xrange(f"ident:{stream}"))
        for _, fields in entries:
            for key in sorted(fields):
                digest.update(key + b"\x00" + fields[key] + b"\x01")
            digest.update(b"\x02")
        found[stream] = (len(entries), digest.hexdigest())
        everything.update(digest.digest())
    found["all"] = (sum(n for n, _ in found.values()), everything.hexdigest())
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=600, help="payloads (default 600)")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    warm_up()
    for stream, (number, digest) in digests(args.count, args.batch_size, args.seed).items():
        print(f"{stream:<10} {number:>6} {digest}")


if __name__ == "__main__":
    main()
