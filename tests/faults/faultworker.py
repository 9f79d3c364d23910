"""A real eventwire worker with fault hooks, for the fault-injection suite only.

It builds the app exactly as ``eventwire worker`` does (same factory, same settings from the
environment, same prefork pool and command line) and adds one enricher and one signal handler
that act on an article's ``metadata.fault``:

- ``sleep:<seconds>``: the enrichment takes that long (a task to kill mid-way, or to time out);
- ``kill``: the pool child SIGKILLs itself every time (a message that keeps killing workers);
- ``crash_after_publish``: on a batch's first delivery only, the child exits after the batch
  was published and before the broker saw the acknowledgement.

It also answers one extra control command, ``forget_queue``: the worker stops consuming a queue
and forgets it was ever configured to, so a restart of its consumer in place does not bring the
queue back (a stall only an exit cures).

Run: ``python -m tests.faults.faultworker --concurrency 2 --hostname w1@%h``.
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from typing import Any

import redis
from celery.signals import task_postrun
from celery.worker.control import control_command

from eventwire.pipeline import DEFAULT_ENRICHERS
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment
from eventwire.settings import Settings
from eventwire.workers.app import create_app


def inject(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """The enricher that carries out ``sleep:`` and ``kill`` faults."""
    fault = article.metadata.get("fault")
    if isinstance(fault, str) and fault.startswith("sleep:"):
        time.sleep(float(fault.removeprefix("sleep:")))
    elif fault == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    return found


@control_command(args=[("queue", str)], signature="<queue>")  # type: ignore[untyped-decorator]
def forget_queue(state: Any, queue: str) -> dict[str, str]:
    """Stop consuming ``queue`` and drop it from the worker's configured queues."""
    state.consumer.cancel_task_queue(queue)
    state.consumer.app.amqp.queues.pop(queue, None)
    return {"ok": f"forgot {queue}"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--hostname", default="faults@%h")
    options = parser.parse_args()
    settings = Settings()
    client = redis.Redis.from_url(settings.redis_url)

    @task_postrun.connect(weak=False)  # type: ignore[untyped-decorator]  # celery: no annotations
    def crash_after_publish(args: Any = None, **_: Any) -> None:
        """Exit after the task returned (published) but before its message is acknowledged."""
        body = args[0] if args else None
        if not isinstance(body, dict):
            return
        for item in body.get("items", []):
            payload = item.get("payload") if isinstance(item, dict) else None
            metadata = payload.get("metadata") if isinstance(payload, dict) else None
            if isinstance(metadata, dict) and metadata.get("fault") == "crash_after_publish":
                marker = f"{settings.stream_prefix}:fault:crashed:{body.get('batch_id')}"
                if client.set(marker, "1", nx=True):
                    os._exit(1)
                return

    app = create_app(settings, enrichers=(*DEFAULT_ENRICHERS, inject))
    app.worker_main(
        argv=[
            "worker",
            "--pool=prefork",
            "--loglevel=INFO",
            f"--queues={settings.queue}",
            f"--hostname={options.hostname}",
            f"--concurrency={options.concurrency}",
        ]
    )


if __name__ == "__main__":
    main()
