"""Publishing cost per channel on this machine's real servers: messages/s for one publisher
publishing batches of article records on Redis Streams (the baseline, measured in the same run),
RabbitMQ with publisher confirms, NATS JetStream and the JSON-lines file. Each run uses names of
its own and removes them afterwards.

    python bench/channels.py [--messages 2000] [--batch 50]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import nats
import pika
import redis

from eventwire.channels.base import Publisher
from eventwire.channels.jsonl import JsonlFilePublisher
from eventwire.channels.marks import PublishedMarks
from eventwire.channels.nats_jetstream import NatsPublisher
from eventwire.channels.rabbitmq import RabbitMQPublisher
from eventwire.channels.redis_streams import RedisStreamPublisher
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment
from eventwire.schemas.messages import ArticleRecord, DedupVerdict, Message

AMQP_URL = "amqp://guest:guest@127.0.0.1:5672/%2F"
NATS_URL = "nats://127.0.0.1:4222"


def records(count: int, run: str) -> list[Message]:
    now = datetime.now(UTC)
    text = "Delegations met in Astana on Monday to discuss a ceasefire. " * 30
    return [
        ArticleRecord(
            record_id=f"rec_{run}_{i}",
            article=NormalisedArticle(
                article_id=f"art_{run}_{i}",
                source="bench",
                external_id=None,
                url=None,
                canonical_url=None,
                title="Talks",
                published_at=now,
                language="en",
                text=text,
                content_hash="0" * 64,
                word_count=len(text.split()),
                metadata={},
            ),
            dedup=DedupVerdict(checked=["exact_text"]),
            enrichment=Enrichment(),
            processed_at=now,
        )
        for i in range(count)
    ]


def measure(publisher: Publisher, messages: list[Message], batch: int) -> float:
    started = time.perf_counter()
    for i in range(0, len(messages), batch):
        publisher.publish(messages[i : i + batch])
    return len(messages) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    run = f"bench-{uuid.uuid4().hex[:8]}"
    client = redis.Redis.from_url("redis://127.0.0.1:6379/0")
    exchange, stream = f"{run}.x", f"BENCH_{run.replace('-', '_')}"
    cleanups: list[Callable[[], None]] = []
    try:
        with tempfile.TemporaryDirectory() as tmp:
            rabbit = RabbitMQPublisher(AMQP_URL, exchange, PublishedMarks(client, f"{run}:a", 600))
            natsp = NatsPublisher(NATS_URL, stream, run, duplicate_window_seconds=600)
            cleanups += [rabbit.close, natsp.close]
            channels: dict[str, Publisher] = {
                "redis_streams (baseline)": RedisStreamPublisher(client, run, 100_000, 600),
                "rabbitmq (confirms)": rabbit,
                "nats jetstream": natsp,
                "jsonl file (fsync)": JsonlFilePublisher(
                    Path(tmp), 10**9, PublishedMarks(client, f"{run}:j", 600)
                ),
            }
            print(f"{args.messages} article records (~2 KB each), batches of {args.batch};")
            print("2 shared cores, other engineers' test runs may be using them")
            for name, publisher in channels.items():
                rate = measure(publisher, records(args.messages, f"{run}-{name[:4]}"), args.batch)
                print(f"{name:28s} {rate:10.0f} messages/s")
    finally:
        for cleanup in cleanups:
            cleanup()
        for key in client.scan_iter(match=f"*{run}*", count=1000):
            client.delete(key)
        connection = pika.BlockingConnection(pika.URLParameters(AMQP_URL))
        connection.channel().exchange_delete(exchange)
        connection.close()

        async def drop() -> None:
            nc = await nats.connect(NATS_URL)
            await nc.jetstream().delete_stream(stream)
            await nc.close()

        asyncio.run(drop())


if __name__ == "__main__":
    main()
