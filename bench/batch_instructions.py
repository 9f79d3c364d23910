"""Instruction counts of the worker's batch path (``BatchProcessor.process_batch``: intake, dedup
claim, record assembly, stories, event merge, publishing, log lines) for A/Bs that the load of a
shared machine does not move, with a digest of what was published so that any change of output
shows.

Run it under callgrind with collection off. It starts a private redis-server (a process of its
own, whose instructions callgrind does not count), runs the first ``--count`` payloads of
bench/throughput.py's generator (20% copies, 2% invalid; the batches of
bench/assembly_identity.py, fixed article ids and a stepping clock) through a worker's processor
once uncounted (loading the scripts, warming every cache), empties Redis, switches collection on
(``callgrind_control -i on``), runs them again, dumps the counts (``callgrind_control -d``) and
switches collection off. Without ``--enrich`` the enrichers and the coder are replayed: the
counted run gets each article's enrichment as the uncounted run computed it, so the counts are
the path around them; with ``--enrich`` they run (and the uncounted run takes only the first
batch). Run from a checkout's root to count that checkout's package (its folder goes first on
the path):

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/x.cg \\
        .venv/bin/python bench/batch_instructions.py [--count 200] [--enrich]
    callgrind_annotate /tmp/x.cg.1 | grep TOTALS

Prints the messages per stream and a digest of every stream's entries (message id, type and
body, in order; not the entry ids, which the server stamps from its own time), the same with or
without ``--enrich``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from typing import Any

sys.path[:0] = [os.getcwd(), os.path.join(os.getcwd(), "bench")]

import redis  # noqa: E402
from assembly_identity import SteppingClock, bodies, stream_digests  # noqa: E402  # the checkout's bench/
from private_redis import private_redis  # noqa: E402

from eventwire.pipeline import DEFAULT_ENRICHERS, warm_up  # noqa: E402
from eventwire.pipeline.enrich.base import enrich  # noqa: E402
from eventwire.schemas.article import NormalisedArticle  # noqa: E402
from eventwire.schemas.enrichment import Enrichment  # noqa: E402
from eventwire.settings import Settings  # noqa: E402
from eventwire.workers import runtime  # noqa: E402
from eventwire.workers.logging import configure_logging  # noqa: E402
from eventwire.workers.runtime import build_processor  # noqa: E402

STREAMS = ("records", "duplicates", "dead", "events")


class Replay:
    """An enricher that gives each article the enrichment the real enrichers gave it once: the
    first time it computes and keeps it, afterwards it returns what it kept (``replaying``)."""

    def __init__(self) -> None:
        self.kept: dict[tuple[str, str], Enrichment] = {}
        self.replaying = False

    def __call__(self, article: NormalisedArticle, found: Enrichment) -> Enrichment:
        key = (article.article_id, article.text)
        if self.replaying:
            return self.kept[key]
        self.kept[key] = enriched = enrich(article, DEFAULT_ENRICHERS)
        return enriched


def callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], capture_output=True, check=False)


def digests(client: redis.Redis) -> list[tuple[str, int, str]]:
    """The number of entries and a SHA-256 of each stream, then of all of them (the same
    digests as bench/assembly_identity.py's)."""
    return [(stream, number, digest) for stream, (number, digest) in stream_digests(client).items()]


def run(batches: list[dict[str, Any]], client: redis.Redis, enrich_too: bool) -> None:
    settings = Settings(stream_prefix="ident", log_format="json")
    replay = Replay()
    with open(os.devnull, "w") as devnull:
        configure_logging(settings, stream=devnull)  # the log lines are made, as in a worker
        enrichers = DEFAULT_ENRICHERS if enrich_too else (replay,)
        processor = build_processor(settings, client, clock=SteppingClock(), enrichers=enrichers)
        for body in batches[:1] if enrich_too else batches:
            processor.process_batch(body)
        client.flushall()  # the scripts stay loaded
        replay.replaying = True
        processor = build_processor(settings, client, clock=SteppingClock(), enrichers=enrichers)
        callgrind("-i", "on")
        for body in batches:
            processor.process_batch(body)
        callgrind("-d")
        callgrind("-i", "off")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200, help="payloads (default 200)")
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--enrich", action="store_true", help="run the enrichers and coder too")
    options = parser.parse_args()
    warm_up()
    batches = bodies(options.count, options.batch_size, options.seed)
    with private_redis() as client:
        # The client as a worker makes it (runtime.redis_client, where the checkout has it).
        port = client.connection_pool.connection_kwargs["port"]
        make = getattr(runtime, "redis_client", None)
        worker = make(f"redis://127.0.0.1:{port}/0") if make else client
        run(batches, worker, options.enrich)
        for stream, number, digest in digests(client):
            print(f"{stream:<10} {number:>6} {digest}")


if __name__ == "__main__":
    main()
