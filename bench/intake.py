"""What the HTTP intake costs on top of the producer: articles/s accepted by a real
`eventwire serve` (uvicorn, one process) over HTTP, in batches, against the real Redis broker;
and, as the baseline measured in the same run, the same batches through `Producer.submit`
directly. Queues go to a throwaway queue name that is deleted afterwards.

    python bench/intake.py [--articles 2000] [--batch 50]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import redis

from eventwire.producers.client import Producer
from eventwire.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEED = json.loads((ROOT / "examples" / "seed_article.json").read_text(encoding="utf-8"))
KEY = "bench-key"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def batches(total: int, size: int) -> list[list[dict[str, object]]]:
    items = [{**SEED, "external_id": f"bench-{i}"} for i in range(total)]
    return [items[i : i + size] for i in range(0, total, size)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    args = parser.parse_args()
    run = f"bench-{uuid.uuid4().hex[:8]}"
    settings = Settings(stream_prefix=run, queue=f"{run}.articles", api_keys=[KEY])
    client = redis.Redis.from_url(settings.redis_url)
    work = batches(args.articles, args.batch)

    producer = Producer(settings)
    started = time.perf_counter()
    for batch in work:
        producer.submit(batch)
    direct = args.articles / (time.perf_counter() - started)
    producer.close()

    port = free_port()
    env = {
        **os.environ,
        "EVENTWIRE_STREAM_PREFIX": run,
        "EVENTWIRE_QUEUE": settings.queue,
        "EVENTWIRE_API_KEYS": json.dumps([KEY]),
        "EVENTWIRE_LOG_LEVEL": "WARNING",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "eventwire", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as http:
            for _ in range(100):
                try:
                    http.get("/healthz")
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            started = time.perf_counter()
            for batch in work:
                response = http.post("/v1/articles", json=batch, headers={"X-API-Key": KEY})
                response.raise_for_status()
            over_http = args.articles / (time.perf_counter() - started)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(10)
        for key in client.scan_iter(match=f"*{run}*"):
            client.delete(key)

    print(
        f"articles: {args.articles}, batch size {args.batch}, "
        f"seed article ({len(SEED['text'])} chars)"
    )
    print(f"baseline  Producer.submit direct : {direct:8.0f} articles/s")
    print(f"HTTP intake (POST /v1/articles)  : {over_http:8.0f} articles/s")
    print(f"HTTP overhead: {direct / over_http:.2f}x the direct time")


if __name__ == "__main__":
    main()
