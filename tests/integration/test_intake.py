"""The HTTP intake against the real Redis (broker and streams) and a real worker process."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from kombu.connection import Connection
from kombu.exceptions import ChannelError

from eventwire.channels.redis_streams import StreamConsumer
from eventwire.producers.client import Producer
from eventwire.producers.intake import create_intake_app
from eventwire.schemas.events import EventRecord
from eventwire.settings import Settings
from tests.integration.conftest import PrivateRedis, WorkerProcess, collect, free_port

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEED = json.loads((ROOT / "examples" / "seed_article.json").read_text(encoding="utf-8"))
KEY = "test-key-1"
AUTH = {"X-API-Key": KEY}


def _client(settings: Settings, **overrides: Any) -> TestClient:
    configured = settings.model_copy(update={"api_keys": ["other-key", KEY], **overrides})
    return TestClient(create_intake_app(configured))


def _queued(client: redis.Redis, settings: Settings) -> int:
    """Batches waiting on the queue, on either broker."""
    if settings.broker_url and settings.broker_url.startswith("amqp"):
        with Connection(settings.broker_url, connect_timeout=5) as connection:  # type: ignore[no-untyped-call]  # kombu: no annotations
            try:
                declared = connection.default_channel.queue_declare(
                    queue=settings.queue, passive=True
                )
            except ChannelError:
                return 0  # nothing was ever sent: the queue was never declared
            return int(declared.message_count)
    return int(client.llen(settings.queue))


class TestPostArticles:
    """POST /v1/articles validates, queues through the producer, and refuses what it must."""

    def test_one_article_is_queued(self, settings: Settings, redis_client: redis.Redis) -> None:
        """One valid article answers 202 with its id, and one batch is on the queue."""
        response = _client(settings).post("/v1/articles", json=SEED, headers=AUTH)
        assert response.status_code == 202
        body = response.json()
        assert body["count"] == 1
        assert body["accepted"][0].startswith("art_")
        assert _queued(redis_client, settings) == 1

    def test_batch_is_queued_in_batch_size_messages(
        self, settings: Settings, redis_client: redis.Redis
    ) -> None:
        """A batch of five with batch_size 2 answers five ids and queues three messages."""
        client = _client(settings, batch_size=2)
        articles = [{**SEED, "external_id": f"e{i}"} for i in range(5)]
        response = client.post("/v1/articles", json=articles, headers=AUTH)
        assert response.status_code == 202
        assert len(set(response.json()["accepted"])) == 5
        assert _queued(redis_client, settings) == 3

    def test_missing_key_is_401(self, settings: Settings, redis_client: redis.Redis) -> None:
        """No API key answers 401 with WWW-Authenticate, and nothing is queued."""
        response = _client(settings).post("/v1/articles", json=SEED)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "ApiKey"
        assert _queued(redis_client, settings) == 0

    def test_wrong_key_is_403(self, settings: Settings, redis_client: redis.Redis) -> None:
        """A key that is not configured answers 403, and nothing is queued."""
        response = _client(settings).post(
            "/v1/articles", json=SEED, headers={"X-API-Key": KEY + "x"}
        )
        assert response.status_code == 403
        assert _queued(redis_client, settings) == 0

    def test_no_configured_keys_refuses_everyone(self, settings: Settings) -> None:
        """With no API keys configured, every key is refused."""
        client = TestClient(create_intake_app(settings))
        assert client.post("/v1/articles", json=SEED, headers=AUTH).status_code == 403

    def test_invalid_field_is_422_with_field_errors(
        self, settings: Settings, redis_client: redis.Redis
    ) -> None:
        """A batch with one naive timestamp answers 422 naming the article and field, and
        queues none of the batch."""
        bad = {**SEED, "published_at": "2017-01-17T18:30:00"}
        response = _client(settings).post("/v1/articles", json=[SEED, bad], headers=AUTH)
        assert response.status_code == 422
        errors = response.json()["errors"]
        assert [(e["index"], e["loc"]) for e in errors] == [(1, "published_at")]
        assert _queued(redis_client, settings) == 0

    def test_not_json_is_422(self, settings: Settings) -> None:
        """A body that is not JSON answers 422 saying so."""
        response = _client(settings).post(
            "/v1/articles",
            content=b"{nope",
            headers={**AUTH, "content-type": "application/json"},
        )
        assert response.status_code == 422
        assert response.json()["detail"] == "body is not JSON"

    def test_oversize_content_length_is_413(
        self, settings: Settings, redis_client: redis.Redis
    ) -> None:
        """A declared Content-Length above the cap answers 413 before the body is read."""
        client = _client(settings, intake_max_request_bytes=1000)
        response = client.post("/v1/articles", json=SEED, headers=AUTH)
        assert response.status_code == 413
        assert _queued(redis_client, settings) == 0

    def test_oversize_streamed_body_is_413(self, settings: Settings) -> None:
        """A chunked body with no Content-Length is cut off with 413 once it passes the cap."""
        client = _client(settings, intake_max_request_bytes=1000)

        def chunks() -> Iterator[bytes]:
            yield b'{"source": "x", "text": "'
            for _ in range(100):
                yield b"a" * 100
            yield b'"}'

        response = client.post(
            "/v1/articles",
            content=chunks(),
            headers={**AUTH, "content-type": "application/json"},
        )
        assert response.status_code == 413

    def test_too_many_articles_is_413(self, settings: Settings) -> None:
        """A batch above intake_max_articles answers 413 naming the limit."""
        client = _client(settings, intake_max_articles=2)
        response = client.post("/v1/articles", json=[SEED, SEED, SEED], headers=AUTH)
        assert response.status_code == 413
        assert "at most 2" in response.json()["detail"]


def _fill(client: redis.Redis) -> int:
    """Write until Redis refuses with OOM; return how many writes it took."""
    for index in range(100_000):
        try:
            client.set(f"fill:{index}", b"x" * 1000)
        except redis.OutOfMemoryError:
            return index
    return 100_000


@pytest.fixture
def full_redis(tmp_path: Path) -> Iterator[str]:
    """A private redis-server with a tiny maxmemory and noeviction, already full: it refuses
    every write that needs memory, as a production Redis at its cap does."""
    server = PrivateRedis(
        free_port(), tmp_path, "--maxmemory", "2mb", "--maxmemory-policy", "noeviction"
    )
    client = redis.Redis.from_url(server.url)
    try:
        filled = _fill(client)
        assert filled < 100_000, "Redis never refused a write"
        yield server.url
    finally:
        client.close()
        server.stop()


class TestBackPressure:
    """When the broker refuses writes, the intake answers 503 with Retry-After."""

    def test_full_redis_is_503_with_retry_after(self, full_redis: str) -> None:
        """A broker Redis at maxmemory with noeviction makes POST answer 503 and Retry-After."""
        settings = Settings(redis_url=full_redis, api_keys=[KEY], queue="bp.articles")
        client = TestClient(create_intake_app(settings))
        response = client.post("/v1/articles", json=SEED, headers=AUTH)
        assert response.status_code == 503
        assert int(response.headers["retry-after"]) >= 1
        assert "overloaded" in response.json()["detail"]


class TestReadRecords:
    """GET /v1/records/{id} returns what a real worker published; events are not yet."""

    def test_record_of_posted_article(
        self, settings: Settings, redis_client: redis.Redis, worker: WorkerProcess
    ) -> None:
        """The seed article posted over HTTP comes back from GET /v1/records/{record_id} equal
        to the record on the stream."""
        client = _client(settings)
        assert client.post("/v1/articles", json=SEED, headers=AUTH).status_code == 202
        found = collect(redis_client, settings, {"records": 1})
        record = found["records"][0].message
        response = client.get(f"/v1/records/{record.message_id}", headers=AUTH)
        assert response.status_code == 200
        assert response.json() == record.model_dump(mode="json")

    def test_unknown_record_is_404(self, settings: Settings) -> None:
        """A well-formed record id never published answers 404."""
        response = _client(settings).get(f"/v1/records/rec_{'0' * 24}", headers=AUTH)
        assert response.status_code == 404

    def test_records_need_a_key(self, settings: Settings) -> None:
        """Reading a record without a key answers 401."""
        assert _client(settings).get(f"/v1/records/rec_{'0' * 24}").status_code == 401

    def test_unknown_event_is_404(self, settings: Settings) -> None:
        """A well-formed event id never reported answers 404."""
        response = _client(settings).get(f"/v1/events/evt_{'0' * 24}", headers=AUTH)
        assert response.status_code == 404

    def test_event_read_back(
        self, settings: Settings, redis_client: redis.Redis, worker: WorkerProcess
    ) -> None:
        """An event coded from the seed article comes back from GET /v1/events/{event_id} as
        its latest version on the events stream."""
        client = _client(settings)
        assert client.post("/v1/articles", json=SEED, headers=AUTH).status_code == 202
        collect(redis_client, settings, {"records": 1})
        reader = StreamConsumer(redis_client, settings.stream("events"), "it-events", "check")
        reader.ensure_group()
        entries = reader.read(count=100, block_ms=5000)
        assert entries, "the seed article codes events"
        event = entries[0].message
        assert isinstance(event, EventRecord)
        response = client.get(f"/v1/events/{event.event_id}", headers=AUTH)
        assert response.status_code == 200
        assert response.json() == event.model_dump(mode="json")


class TestHealth:
    """/healthz says the process is up; /readyz also wants Redis, the broker and a worker."""

    def test_healthz(self, settings: Settings) -> None:
        """/healthz answers 200 without a key."""
        assert _client(settings).get("/healthz").json() == {"status": "ok"}

    def test_not_ready_without_a_worker(self, settings: Settings) -> None:
        """With Redis and the broker up but no worker heartbeat, /readyz answers 503."""
        response = _client(settings).get("/readyz")
        assert response.status_code == 503
        assert response.json() == {
            "status": "not ready",
            "redis": True,
            "broker": True,
            "workers": 0,
        }

    def test_ready_with_a_worker(self, settings: Settings, worker: WorkerProcess) -> None:
        """A running worker's heartbeat makes /readyz answer 200 with one worker."""
        response = _client(settings).get("/readyz")
        assert response.status_code == 200
        assert response.json()["workers"] == 1

    def test_not_ready_when_redis_is_down(self, settings: Settings) -> None:
        """A Redis that does not answer makes /readyz answer 503 with redis false (and the broker
        false too when Redis is the broker)."""
        down = settings.model_copy(
            update={"redis_url": f"redis://127.0.0.1:{free_port()}/0", "api_keys": [KEY]}
        )
        producer = Producer(down)
        producer.app.conf.broker_connection_timeout = 1
        client = TestClient(create_intake_app(down, producer=producer))
        body = client.get("/readyz").json()
        broker_up = settings.broker_url is not None  # RabbitMQ still answers
        assert (body["redis"], body["broker"], body["status"]) == (False, broker_up, "not ready")
