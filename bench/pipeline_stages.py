"""Where the time goes in one process: per-stage time per article through the embedded pipeline,
on real news text (the Wikinews articles of ../shared/eval/geovirus.jsonl).

Prints articles/s for the full pipeline (validate, normalise, dedup on fakeredis, enrich,
publish on fakeredis) and, as the baseline measured in the same run, for validation alone.

    python bench/pipeline_stages.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

import fakeredis

from eventwire.producers.client import prepare
from eventwire.schemas.article import ArticleIn, Batch
from eventwire.settings import Settings
from eventwire.workers.logging import configure_logging
from eventwire.workers.runtime import build_processor

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "geovirus.jsonl"


def articles(repeat: int) -> list[dict[str, str]]:
    """Unique payloads: each Wikinews text once per repeat, marked so that none is a copy."""
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    return [
        {
            "source": "wikinews",
            "url": f"{row['source_url']}?r={r}",
            "published_at": "2020-01-01T00:00:00Z",
            "text": f"{row['text']}\n\nRun {r}.",
        }
        for r in range(repeat)
        for row in rows
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    payloads = articles(args.repeat)
    settings = Settings(log_level="WARNING")
    configure_logging(settings)

    started = time.perf_counter()
    for payload in payloads:
        ArticleIn.model_validate(payload)
    baseline = len(payloads) / (time.perf_counter() - started)

    processor = build_processor(settings, fakeredis.FakeRedis())
    stage_ms: dict[str, list[float]] = defaultdict(list)
    original = processor.pipeline.process

    def timed(submissions):  # type: ignore[no-untyped-def]
        outcomes = original(submissions)
        for outcome in outcomes:
            for stage, ms in outcome.timings_ms.items():
                stage_ms[stage].append(ms)
        return outcomes

    processor.pipeline.process = timed  # type: ignore[method-assign]
    started = time.perf_counter()
    published = 0
    for index in range(0, len(payloads), settings.batch_size):
        chunk = payloads[index : index + settings.batch_size]
        prepared = prepare(chunk, settings.max_body_bytes, datetime.now(UTC))
        batch = Batch(batch_id=f"b{index}", items=prepared.submissions)
        published += len(processor.process_batch(batch.model_dump(mode="json")))
    elapsed = time.perf_counter() - started

    print(f"articles: {len(payloads)} ({published} published)")
    print(f"full pipeline, embedded (fakeredis): {len(payloads) / elapsed:,.0f} articles/s")
    print(f"baseline, ArticleIn validation only: {baseline:,.0f} articles/s")
    for stage, values in stage_ms.items():
        print(f"  {stage:<10} mean {statistics.fmean(values):.3f} ms/article")


if __name__ == "__main__":
    main()
