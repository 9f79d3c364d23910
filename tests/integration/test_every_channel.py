"""The whole flow on every channel at once: a real `eventwire worker` publishing to Redis
Streams, RabbitMQ, NATS JetStream, a JSON-lines file and a webhook receiver, with the same batch
delivered twice. Each channel must receive exactly the messages produced, once each."""

from __future__ import annotations

import base64
import json
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import redis

from eventwire.channels.nats_jetstream import NatsConsumer
from eventwire.channels.rabbitmq import RabbitMQConsumer
from eventwire.channels.webhooks import verify
from eventwire.producers.client import broker_app
from eventwire.schemas.article import Batch, Submission
from eventwire.schemas.tasks import PROCESS_BATCH
from eventwire.settings import Settings
from tests.channels.receiver import running_receiver
from tests.integration.conftest import WorkerProcess, collect
from tests.integration.test_channels import AMQP_URL, NATS_URL, delete_amqp, delete_nats_stream
from tests.replies import expect_entries

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
SEED = json.loads((ROOT / "examples" / "seed_article.json").read_text(encoding="utf-8"))
INVALID = {"source": "example-wire", "text": "A story.", "published_at": "2017-01-17T18:30:00"}
SECRET = "whsec_" + base64.b64encode(b"every-channel test secret 32 by").decode()


def _batch() -> dict[str, Any]:
    now = datetime.now(UTC)
    items = [
        Submission(article_id="art_every_1", submitted_at=now, payload=SEED),
        Submission(article_id="art_every_2", submitted_at=now, payload=SEED),
        Submission(article_id="art_every_3", submitted_at=now, payload=INVALID),
    ]
    return Batch(batch_id="batch-every", items=items).model_dump(mode="json")


class TestEveryChannel:
    """One record, one duplicate notice and one dead letter on each channel, once."""

    def test_batch_delivered_twice_reaches_each_channel_once(
        self, settings: Settings, redis_client: redis.Redis, tmp_path: Path
    ) -> None:
        """Redis Streams, RabbitMQ, NATS and the JSONL file each hold exactly the three
        messages; the webhook receiver, failing three times first, accepted the record and the
        duplicate notice once each with valid signatures, and nothing was dead-lettered by it."""
        prefix = settings.stream_prefix
        exchange, queue = f"{prefix}.x", f"{prefix}.q"
        nats_stream = f"EWIT_{uuid.uuid4().hex[:10]}"
        jsonl_dir = tmp_path / "out"
        # Bind a queue first: RabbitMQ drops what no queue is bound to.
        amqp = RabbitMQConsumer(AMQP_URL, exchange, queue, ["#"])
        worker: WorkerProcess | None = None
        try:
            with running_receiver([503, 500, 429, 200]) as receiver:
                env = {
                    "EVENTWIRE_CHANNELS": json.dumps(
                        {
                            "redis_streams": ["*"],
                            "rabbitmq": ["*"],
                            "nats": ["*"],
                            "jsonl": ["*"],
                            "webhooks": ["article_record", "duplicate_notice"],
                        }
                    ),
                    "EVENTWIRE_AMQP_URL": AMQP_URL,
                    "EVENTWIRE_AMQP_EXCHANGE": exchange,
                    "EVENTWIRE_NATS_URL": NATS_URL,
                    "EVENTWIRE_NATS_STREAM": nats_stream,
                    "EVENTWIRE_JSONL_DIR": str(jsonl_dir),
                    "EVENTWIRE_WEBHOOK_ENDPOINTS": json.dumps(
                        [{"url": receiver.url, "secrets": [SECRET]}]
                    ),
                    "EVENTWIRE_WEBHOOK_BACKOFF_SECONDS": "0.05",
                    "EVENTWIRE_WEBHOOK_BACKOFF_MAX_SECONDS": "0.2",
                }
                worker = WorkerProcess(settings, tmp_path / "worker.log", extra_env=env)
                worker.wait_ready()
                batch = _batch()
                app = broker_app(settings)
                app.send_task(PROCESS_BATCH, args=[batch], queue=settings.queue)
                app.send_task(PROCESS_BATCH, args=[batch], queue=settings.queue)
                app.close()

                found = collect(
                    redis_client,
                    settings,
                    {"records": 1, "duplicates": 1, "dead": 1},
                    settle=3.0,
                )
                wanted = {
                    "article_record": [e.message_id for e in found["records"]],
                    "duplicate_notice": [e.message_id for e in found["duplicates"]],
                    "dead_letter": [e.message_id for e in found["dead"]],
                }
                assert all(len(ids) == 1 for ids in wanted.values()), (wanted, worker.output())
                # The record's coded events are published too, one event record version each.
                events = [
                    json.loads(fields[b"body"])
                    for _entry, fields in expect_entries(
                        redis_client.xrange(settings.stream("events"))
                    )
                ]
                wanted["event_record"] = [f"{e['event_id']}:v{e['version']}" for e in events]
                assert wanted["event_record"], "the seed article codes events"
                every = sorted(i for ids in wanted.values() for i in ids)

                deadline = time.monotonic() + 30
                while len(receiver.accepted()) < 2 and time.monotonic() < deadline:
                    time.sleep(0.2)
                time.sleep(1.0)
            assert worker.stop() == 0, worker.output()

            accepted = receiver.accepted()
            assert sorted(r.headers["webhook-id"] for r in accepted) == sorted(
                wanted["article_record"] + wanted["duplicate_notice"]
            )
            assert all(verify(SECRET, r.headers, r.body, now=time.time()) for r in accepted)
            assert len(receiver.requests) == 5  # three failures, then one success per message

            amqp_ids = []
            for tag, message in amqp.read(inactivity_timeout=2.0):
                amqp_ids.append(message.message_id)
                amqp.ack(tag)
            assert sorted(amqp_ids) == every

            nats = NatsConsumer(NATS_URL, nats_stream, f"{prefix}.*", "it")
            got = nats.read(500, timeout=2.0)
            for token, _message in got:
                nats.ack(token)
            nats.close()
            assert sorted(message.message_id for _token, message in got) == every

            lines = [
                json.loads(line)
                for path in sorted(jsonl_dir.glob("*.jsonl"))
                for line in path.read_text(encoding="utf-8").splitlines()
            ]
            jsonl_ids = [
                line.get("record_id")
                or line.get("notice_id")
                or line.get("dead_letter_id")
                or f"{line['event_id']}:v{line['version']}"
                for line in lines
            ]
            assert sorted(jsonl_ids) == every
        finally:
            if worker is not None:
                worker.stop()
            amqp.close()
            delete_amqp(exchange, [queue])
            delete_nats_stream(nats_stream)
