"""Prometheus metrics after a real run: a real intake process and a real prefork worker share a
multiprocess folder, and the counts scraped from both add up."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import redis
from prometheus_client.parser import text_string_to_metric_families

from eventwire.producers.client import Producer
from eventwire.settings import Settings
from tests.integration.conftest import (
    IntakeProcess,
    PrivateRedis,
    WorkerProcess,
    collect,
    free_port,
)

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEED = json.loads((ROOT / "examples" / "seed_article.json").read_text(encoding="utf-8"))
KEY = "metrics-key"
OTHER = {"source": "other-wire", "text": "Protesters marched in the capital on Monday."}
EMPTY = {"source": "other-wire", "text": "\u200b\u200b"}
NAIVE = {"source": "other-wire", "text": "A story.", "published_at": "2017-01-17T18:30:00"}

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(url: str) -> Samples:
    """Every sample of an exposition, keyed by name and sorted labels."""
    text = httpx.get(url, timeout=10).raise_for_status().text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def total(samples: Samples, name: str, **labels: str) -> float:
    """Sum of the samples called ``name`` whose labels include ``labels``."""
    wanted = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and wanted <= set(ls))


@pytest.fixture
def multiproc_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "prometheus"
    folder.mkdir()
    return folder


@pytest.fixture
def metrics_env(multiproc_dir: Path) -> dict[str, str]:
    return {
        "PROMETHEUS_MULTIPROC_DIR": str(multiproc_dir),
        "EVENTWIRE_WORKER_METRICS_PORT": str(free_port()),
        "EVENTWIRE_WORKER_HEARTBEAT_SECONDS": "0.5",
    }


@pytest.fixture
def service(
    settings: Settings, tmp_path: Path, metrics_env: dict[str, str]
) -> Iterator[tuple[IntakeProcess, WorkerProcess]]:
    """A real intake and a real worker writing into one multiprocess folder."""
    keyed = settings.model_copy(update={"api_keys": [KEY]})
    intake = IntakeProcess(keyed, tmp_path / "intake.log", metrics_env)
    worker = WorkerProcess(keyed, tmp_path / "worker.log", extra_env=metrics_env)
    try:
        intake.wait_ready()
        worker.wait_ready()
        yield intake, worker
    finally:
        worker.stop()
        intake.stop()


class TestMetricsAfterARun:
    """Articles accepted over HTTP equal records + duplicates + pipeline dead letters."""

    def test_counts_add_up(
        self,
        settings: Settings,
        redis_client: redis.Redis,
        service: tuple[IntakeProcess, WorkerProcess],
        metrics_env: dict[str, str],
    ) -> None:
        """After four articles over HTTP (one duplicate, one with no text left) and one payload
        the Python producer rejects, the scraped counters agree with the streams."""
        intake, _worker = service
        response = httpx.post(
            f"{intake.url}/v1/articles",
            json=[SEED, {**SEED, "external_id": "copy"}, OTHER, EMPTY],
            headers={"X-API-Key": KEY},
            timeout=30,
        )
        assert response.status_code == 202
        producer = Producer(settings)
        assert len(producer.submit([NAIVE]).rejected) == 1
        producer.close()
        found = collect(redis_client, settings, {"records": 2, "duplicates": 1, "dead": 2})
        assert {name: len(entries) for name, entries in found.items()} == {
            "records": 2,
            "duplicates": 1,
            "dead": 2,
        }

        worker_url = f"http://127.0.0.1:{metrics_env['EVENTWIRE_WORKER_METRICS_PORT']}/metrics"
        for samples in (scrape(f"{intake.url}/metrics"), scrape(worker_url)):
            accepted = total(samples, "eventwire_articles_accepted_total", via="http")
            records = total(samples, "eventwire_records_total")
            duplicates = total(samples, "eventwire_duplicates_total")
            pipeline_dead = total(samples, "eventwire_dead_letters_total", stage="normalise")
            assert (accepted, records, duplicates, pipeline_dead) == (4, 2, 1, 1)
            assert accepted == records + duplicates + pipeline_dead
            assert total(samples, "eventwire_dead_letters_total", reason="empty_text") == 1
            assert total(samples, "eventwire_dead_letters_total", stage="producer") == 1
            assert total(samples, "eventwire_duplicates_total", match="exact_text") == 1
            assert total(samples, "eventwire_stage_duration_seconds_count", stage="validate") == 4
            assert total(samples, "eventwire_stage_duration_seconds_count", stage="enrich") == 2
            # One batch of four; the producer's dead letter goes by another task, not a batch.
            assert total(samples, "eventwire_batch_size_count") == 1
            assert total(samples, "eventwire_batch_size_sum") == 4
            events = redis_client.xlen(settings.stream("events"))
            assert events > 0
            assert (
                total(samples, "eventwire_events_created_total")
                + total(samples, "eventwire_events_updated_total")
                == events
            )
            assert total(samples, "eventwire_task_retries_total") == 0
            assert (
                "eventwire_queue_depth",
                (("queue", settings.queue),),
            ) in samples


class TestRetriesAfterAnOutage:
    """A batch that meets a Redis outage is retried, counted, and published once Redis is back."""

    def test_retries_are_counted(
        self,
        settings: Settings,
        redis_client: redis.Redis,
        tmp_path: Path,
        metrics_env: dict[str, str],
    ) -> None:
        """With the state Redis down the worker retries the batch (the retries counter rises);
        once a redis-server answers on that port the record is published, counted once."""
        state_port = free_port()
        outage = settings.model_copy(
            update={"redis_url": f"redis://127.0.0.1:{state_port}/0", "broker_url": settings.broker}
        )
        env = {
            **metrics_env,
            "EVENTWIRE_BROKER_URL": settings.broker,
            "EVENTWIRE_RETRY_BACKOFF_MAX": "1",
        }
        worker = WorkerProcess(outage, tmp_path / "worker.log", extra_env=env)
        state: PrivateRedis | None = None
        try:
            worker.wait_ready()
            producer = Producer(outage)
            assert len(producer.submit([SEED]).accepted) == 1
            producer.close()
            url = f"http://127.0.0.1:{metrics_env['EVENTWIRE_WORKER_METRICS_PORT']}/metrics"
            deadline = time.monotonic() + 30
            while total(scrape(url), "eventwire_task_retries_total") < 1:
                assert time.monotonic() < deadline, worker.output()[-3000:]
                time.sleep(0.5)
            state = PrivateRedis(state_port, tmp_path)
            state_client = redis.Redis.from_url(state.url)
            published = settings.model_copy(update={"redis_url": state.url})
            found = collect(state_client, published, {"records": 1}, timeout=60)
            state_client.close()
            assert len(found["records"]) == 1
            samples = scrape(url)
            assert total(samples, "eventwire_records_total") == 1
            assert (
                total(samples, "eventwire_task_retries_total", task="eventwire.process_batch") >= 1
            )
        finally:
            worker.stop()
            if state is not None:
                state.stop()
