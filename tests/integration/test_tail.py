"""`eventwire tail` prints the same JSON lines from Redis Streams, RabbitMQ and NATS."""

from __future__ import annotations

import subprocess
import sys
import uuid

import pytest
import redis

from eventwire.channels.base import encode
from eventwire.channels.marks import PublishedMarks
from eventwire.channels.nats_jetstream import NatsPublisher
from eventwire.channels.rabbitmq import BINDINGS, RabbitMQConsumer, RabbitMQPublisher
from eventwire.channels.redis_streams import RedisStreamPublisher
from eventwire.schemas.messages import ArticleRecord, Message
from eventwire.settings import Settings
from tests.integration.conftest import settings_env
from tests.integration.test_channels import AMQP_URL, NATS_URL, delete_amqp, delete_nats_stream

pytestmark = pytest.mark.integration


class TestTail:
    """Three records published on each channel read back identically."""

    def test_same_output_from_every_channel(
        self, settings: Settings, redis_client: redis.Redis, article_record: ArticleRecord
    ) -> None:
        """tail --channel redis|rabbitmq|nats prints the three records as the same JSON lines."""
        records: list[Message] = [
            article_record.model_copy(update={"record_id": f"rec_tail_{i}"}) for i in range(3)
        ]
        prefix = settings.stream_prefix
        exchange = f"{prefix}.x"
        nats_stream = f"EWIT_{uuid.uuid4().hex[:10]}"
        extra = {
            "EVENTWIRE_AMQP_URL": AMQP_URL,
            "EVENTWIRE_AMQP_EXCHANGE": exchange,
            "EVENTWIRE_NATS_URL": NATS_URL,
            "EVENTWIRE_NATS_STREAM": nats_stream,
        }
        # tail's queue is <group>.<stream>; use a group unique to this test.
        group = f"{prefix}-it-tail"
        try:
            RabbitMQConsumer(AMQP_URL, exchange, f"{group}.records", [BINDINGS["records"]]).close()
            marks = PublishedMarks(redis_client, f"{prefix}:amqp", 60)
            amqp = RabbitMQPublisher(AMQP_URL, exchange, marks)
            amqp.publish(records)
            amqp.close()
            nats = NatsPublisher(NATS_URL, nats_stream, prefix)
            nats.publish(records)
            nats.close()
            RedisStreamPublisher(redis_client, prefix, 1000, 60).publish(records)

            expected = "".join(encode(r).decode() + "\n" for r in records)
            outputs = {
                channel: _tail_group(settings, channel, extra, group)
                for channel in ("redis", "rabbitmq", "nats")
            }
            assert outputs == {"redis": expected, "rabbitmq": expected, "nats": expected}
        finally:
            delete_amqp(exchange, [f"{group}.records"])
            delete_nats_stream(nats_stream)


def _tail_group(settings: Settings, channel: str, extra: dict[str, str], group: str) -> str:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "eventwire",
            "tail",
            "records",
            f"--group={group}",
            f"--channel={channel}",
            "--count=3",
            "--idle-timeout=5",
        ],
        env={**settings_env(settings), **extra},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
