"""Worker CPU per article around the stages, this checkout against a git revision, in one
process: the generated payloads of bench/throughput.py (3 KB articles, 20% copies, 2% invalid)
go through each side's whole batch processor (validation, normalising, the dedup claim,
enrichment, record assembly, the event merge, stories, publishing to the Redis streams, log
lines) on a private redis-server, each round under fresh key and stream prefixes so that both
sides do the same work every round. The two sides alternate, ``--rounds`` times each (the order
swapped every round); the medians of CPU time (``time.process_time``: this process only, not
redis-server) per article are printed for the whole ``process_batch`` and for its publishing
call alone, then a micro A/B of serialising the published messages (each side's serialiser on
the same messages) and whether both sides published the same bytes.

    python bench/assembly_speed.py --against REF [--rounds 5] [--count 400]

Give as REF the revision the branch started from (``git merge-base HEAD main``), not a main
that has moved on since: the stages' changes on main would differ in output and in time.

REF's ``eventwire`` package is exported to a temporary folder as ``eventwire_ref``, as
bench/enrich_speed.py --against does.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson
import structlog
from kombu.utils import json as kombu_json
from prometheus_client import REGISTRY

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assembly_identity import SteppingClock, bodies
from enrich_speed import load_ref
from private_redis import private_redis

from eventwire.pipeline import flow, warm_up
from eventwire.schemas.messages import MESSAGE_TYPES, ArticleRecord, DedupVerdict, message_json
from eventwire.settings import Settings
from eventwire.workers import metrics, processing
from eventwire.workers.logging import configure_logging
from eventwire.workers.runtime import build_processor


class TimedPublisher:
    """Wraps a publisher and adds up the CPU time of its ``publish`` calls."""

    def __init__(self, publisher: Any) -> None:
        self.publisher = publisher
        self.seconds = 0.0

    def publish(self, messages: Sequence[Any]) -> list[bool]:
        started = time.process_time()
        try:
            return list(self.publisher.publish(messages))
        finally:
            self.seconds += time.process_time() - started


def run_side(
    build: Callable[..., Any], settings: Any, client: Any, batches: list[dict[str, Any]]
) -> tuple[float, float]:
    """CPU seconds of ``process_batch`` over the batches, and of its publishing alone."""
    processor = build(settings, client, clock=SteppingClock())
    timed = TimedPublisher(processor.publisher)
    processor.publisher = timed
    started = time.process_time()
    for body in batches:
        processor.process_batch(body)
    return time.process_time() - started, timed.seconds


def stream_bytes(client: Any, prefix: str) -> list[bytes]:
    """Every body published under ``prefix``, stream by stream, in order."""
    return [
        fields[b"body"]
        for stream in ("records", "duplicates", "dead", "events")
        for _, fields in client.xrange(f"{prefix}:{stream}")
    ]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--against", metavar="REF", required=True, help="git revision")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--count", type=int, default=400, help="payloads per round")
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args()
    batches = bodies(args.count, args.batch_size, 3)
    with tempfile.TemporaryDirectory() as folder, private_redis() as client:
        load_ref(args.against, Path(folder))
        # Both sides' metrics modules register the same names in the default registry: this
        # checkout's are dropped from it (they still count, only nothing exports them here).
        for collector in list(REGISTRY._collector_to_names):
            REGISTRY.unregister(collector)
        ref_runtime = importlib.import_module("eventwire_ref.workers.runtime")
        ref_settings = importlib.import_module("eventwire_ref.settings").Settings
        ref_base = importlib.import_module("eventwire_ref.channels.base")
        ref_messages = importlib.import_module("eventwire_ref.schemas.messages")
        importlib.import_module("eventwire_ref.pipeline").warm_up()
        warm_up()
        with open(os.devnull, "w") as devnull:
            configure_logging(Settings(log_format="json"), stream=devnull)
            gc.freeze()
            sides = {
                "ref": (ref_runtime.build_processor, ref_settings),
                "now": (build_processor, Settings),
            }
            runs: dict[str, list[tuple[float, float]]] = {"ref": [], "now": []}
            for number in range(args.rounds):
                for side in ("ref", "now") if number % 2 == 0 else ("now", "ref"):
                    build, settings_type = sides[side]
                    settings = settings_type(stream_prefix=f"ab{number}{side}", log_format="json")
                    runs[side].append(run_side(build, settings, client, batches))
        same = stream_bytes(client, "ab0ref") == stream_bytes(client, "ab0now")
        published = stream_bytes(client, "ab0now")
        # The serialisers alone, on the same messages (each side's own classes).
        decoded_now = [_decode(MESSAGE_TYPES, body) for body in published]
        decoded_ref = [_decode(ref_messages.MESSAGE_TYPES, body) for body in published]
        serialise = serialise_ab(decoded_ref, ref_base.encode, decoded_now, args.rounds * 4)
    per_article = 1000 / args.count
    print(f"{args.count} payloads in {len(batches)} batches; {args.rounds} rounds each side")
    print(f"published bodies identical to {args.against}'s: {same} ({len(published)} messages)")
    print(f"median CPU ms per article        {args.against:>10} {'this':>10}")
    for label, pick in (("process_batch", 0), ("of which publishing", 1)):
        ref = statistics.median(run[pick] for run in runs["ref"]) * per_article
        now = statistics.median(run[pick] for run in runs["now"]) * per_article
        print(f"  {label:<30} {ref:10.3f} {now:10.3f}")
    ref = statistics.median(serialise["ref"]) * per_article
    now = statistics.median(serialise["now"]) * per_article
    print(f"  {'serialising the bodies alone':<30} {ref:10.3f} {now:10.3f}")
    print("where process_batch spends its CPU, this checkout (ms per article, one round):")
    with private_redis() as fresh, open(os.devnull, "w") as devnull:
        configure_logging(Settings(log_format="json"), stream=devnull)
        for label, seconds in breakdown(fresh, batches).items():
            print(f"  {label:<52} {seconds * per_article:8.3f}")
    print("parts, this checkout (median of 9 runs, CPU ms per article):")
    with open(os.devnull, "w") as devnull:
        configure_logging(Settings(log_format="json"), stream=devnull)
        for label, seconds in parts(decoded_now, batches).items():
            print(f"  {label:<52} {seconds * per_article:8.4f}")


def serialise_ab(
    ref_messages: list[Any], ref_encode: Callable[[Any], bytes], messages: list[Any], rounds: int
) -> dict[str, list[float]]:
    """CPU seconds of serialising the same messages with REF's ``encode`` and with
    ``message_json``, alternately."""
    found: dict[str, list[float]] = {"ref": [], "now": []}
    for number in range(rounds):
        for side in ("ref", "now") if number % 2 == 0 else ("now", "ref"):
            started = time.process_time()
            if side == "ref":
                for message in ref_messages:
                    ref_encode(message)
            else:
                for message in messages:
                    message_json(message)
            found[side].append(time.process_time() - started)
    return found


class TimedLog:
    """Stands in for the processor's structlog logger, timing its lines."""

    def __init__(self, log: Any, timed: Callable[[str, Callable[..., Any]], Any]) -> None:
        self.log = log
        self.info = timed("log lines", log.info)
        self.warning = timed("log lines", log.warning)
        self.error = timed("log lines", log.error)


def breakdown(client: Any, batches: list[dict[str, Any]]) -> dict[str, float]:
    """CPU seconds of one round of this checkout's ``process_batch`` by step: each step is
    wrapped where the flow calls it; what is left is assembly, logging and metrics."""
    spent: dict[str, float] = {}

    def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - started

        return run

    settings = Settings(stream_prefix="breakdown", log_format="json")
    processor = build_processor(settings, client, clock=SteppingClock())
    pipeline = processor.pipeline
    assert pipeline.events is not None
    assert pipeline.stories is not None
    # Attributes of this processor's own objects, wrapped on the instances (mypy forbids
    # assigning to a method by name, so by setattr like the module functions below).
    methods: list[tuple[object, str, str]] = [
        (pipeline.events, "merge_many", "event merge (merge_many)"),
        (pipeline.stories, "assign_many", "stories (assign_many)"),
        (pipeline.store, "claim_many", "dedup claim (claim_many)"),
        (processor.publisher, "publish", "publishing (publish)"),
    ]
    for owner, name, label in methods:
        setattr(owner, name, timed(label, getattr(owner, name)))
    patches = [
        (processing, "split_batch", "batch body to submissions (split_batch)"),
        (flow, "validate_article", "intake validation (validate_article)"),
        (flow, "normalise_article", "normalise (normalise_article)"),
        (flow, "check_shape", "shape check (check_shape)"),
        (flow, "record_id_for", "record id (record_id_for)"),
        (flow, "claim_request", "dedup fingerprints and sketch (claim_request)"),
        (flow, "enrich", "enrichment (enrich)"),
        (flow, "event_mentions", "event mentions (event_mentions)"),
        (metrics, "observe_batch", "metrics"),
        (metrics, "observe_published", "metrics"),
        (metrics, "observe_timings", "metrics"),
    ]
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    for module, name, label in patches:
        setattr(module, name, timed(label, getattr(module, name)))
    processing.log = TimedLog(processing.log, timed)
    try:
        started = time.process_time()
        for body in batches:
            processor.process_batch(body)
        total = time.process_time() - started
    finally:
        for module, name, function in saved:
            setattr(module, name, function)
        processing.log = processing.log.log
    spent["the rest: record assembly, outcomes, the batch loop"] = total - sum(spent.values())
    spent["process_batch, all of it"] = total
    return spent


def parts(messages: list[Any], batches: list[dict[str, Any]]) -> dict[str, float]:
    """CPU seconds (median of 9 runs) of the ways a step around the stages can be done: the
    record built with validation or with ``model_construct``, the story id set by
    ``model_copy``, the article.processed log line with its article_id bound as a context
    variable (as before) or as a field, and the Celery JSON decoding of the batch bodies
    (kombu's, with its ``object_hook`` on every object, against plain ``json.loads``)."""
    records = [m for m in messages if isinstance(m, ArticleRecord)]
    texts = [json.dumps(body) for body in batches]

    def validated() -> None:
        for r in records:
            ArticleRecord(
                record_id=r.record_id,
                article=r.article,
                dedup=DedupVerdict(checked=list(r.dedup.checked)),
                enrichment=r.enrichment,
                processed_at=r.processed_at,
            )

    def constructed() -> None:
        for r in records:
            ArticleRecord.model_construct(
                record_id=r.record_id,
                article=r.article,
                dedup=DedupVerdict.model_construct(checked=list(r.dedup.checked)),
                enrichment=r.enrichment,
                processed_at=r.processed_at,
            )

    def copied() -> None:
        for r in records:
            r.model_copy(update={"story_id": "sto_1"})

    def kombu_loads() -> None:
        for text in texts:
            kombu_json.loads(text)  # type: ignore[no-untyped-call]  # kombu has no annotations

    def plain_loads() -> None:
        for text in texts:
            json.loads(text)

    fields = {
        "outcome": "article_record",
        "message_id": "rec_1",
        "republished": False,
        "timings_ms": {"validate": 0.05, "normalise": 1.4, "dedup": 0.7, "enrich": 2.9},
        "record_id": "rec_1",
        "quotes": 1,
        "entities": 5,
        "places": 3,
        "events": 4,
    }

    def log_bound() -> None:
        for r in records:
            with structlog.contextvars.bound_contextvars(article_id=r.article.article_id):
                processing.log.info("article.processed", **fields)

    def log_field() -> None:
        for r in records:
            processing.log.info("article.processed", **fields, article_id=r.article.article_id)

    found: dict[str, float] = {}
    for label, step in (
        ("log line: article_id bound as a context variable", log_bound),
        ("log line: article_id as a field of the line", log_field),
        ("record: ArticleRecord(...) validated", validated),
        ("record: ArticleRecord.model_construct(...)", constructed),
        ("record: model_copy for the story id", copied),
        ("batch body: kombu json loads (Celery's decoder)", kombu_loads),
        ("batch body: json.loads", plain_loads),
    ):
        times = []
        for _ in range(9):
            started = time.process_time()
            step()
            times.append(time.process_time() - started)
        found[label] = statistics.median(times)
    return found


def _decode(types: dict[str, Any], body: bytes) -> Any:
    """A published body back as a message of the classes in ``types``."""
    return types[orjson.loads(body)["type"]].model_validate_json(body)


if __name__ == "__main__":
    main()
