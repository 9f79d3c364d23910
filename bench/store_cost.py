"""CPU per article of the worker's Redis stores (the dedup claim, the story assignment, the event
merge), client and redis-server, on a private redis-server.

The generated payloads of bench/throughput.py (3 KB articles, 20% copies, 2% invalid) go once
through a worker's whole batch processor; every call it makes to the stores is timed where the
flow makes it (client: ``time.process_time`` of this process, which includes redis-py's
packing; redis-server: ``used_cpu_user + used_cpu_sys`` of INFO cpu before and after, the server
being private) and its arguments kept. Publishing is timed the same way, for the whole picture.
Prints, per store and per article: client and redis-server CPU, commands run (INFO
commandstats; ``EVALSHA`` and the commands the scripts run), and ``MEMORY USAGE`` per retained
record of the store's keys.

With ``--against REV`` the kept calls are replayed instead, in one process on the same
redis-server: REV's stores (``eventwire/workers/stores.py``, ``events.py`` and ``stories.py``
as git has them there) and the working tree's, each under its own key prefix, alternate batch
by batch (the order swapped every batch), and every reply is compared. Enrichment runs once, so
a replay takes seconds. ``--against HEAD`` with a clean tree runs the same code on both sides:
the noise of the comparison.

    python bench/store_cost.py [--count 3000] [--batch 50]
    python bench/store_cost.py --against REV [--count 3000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from assembly_identity import SteppingClock, bodies
from dedup_cost import _module_at, server_cpu
from private_redis import private_redis

from eventwire.pipeline import warm_up
from eventwire.settings import Settings
from eventwire.workers.events import RedisEventStore
from eventwire.workers.logging import configure_logging
from eventwire.workers.runtime import build_processor
from eventwire.workers.stores import RedisSeenStore
from eventwire.workers.stories import RedisStoryStore

STEPS = ("claim", "stories", "events")


def commands(client: redis.Redis) -> int:
    """Commands Redis has run so far (INFO itself left out)."""
    stats = client.info("commandstats")
    return sum(int(v["calls"]) for k, v in stats.items() if k != "cmdstat_info")


@dataclass
class Cost:
    """CPU seconds (client, redis-server) and commands of one kind of call, added up."""

    client: float = 0.0
    server: float = 0.0
    commands: int = 0
    calls: int = 0

    def timed(self, redis_client: redis.Redis, call: Callable[..., Any], *args: Any) -> Any:
        """``call(*args)``, its cost added."""
        commands_before = commands(redis_client)
        server_before = server_cpu(redis_client)
        started = time.process_time()
        try:
            return call(*args)
        finally:
            self.client += time.process_time() - started
            self.server += server_cpu(redis_client) - server_before
            # The INFO cpu and INFO commandstats read in between are not counted.
            self.commands += commands(redis_client) - commands_before - 1
            self.calls += 1


@dataclass
class Kept:
    """The stores' calls of one batch, in the order the flow made them."""

    calls: list[tuple[str, tuple[Any, ...], float]] = field(default_factory=list)


def capture(client: redis.Redis, count: int, batch: int) -> tuple[list[Kept], int]:
    """Run the payloads through a batch processor; time its store calls and keep them."""
    settings = Settings(stream_prefix="capture", log_format="json")
    clock = SteppingClock()
    processor = build_processor(settings, client, clock=clock)
    pipeline = processor.pipeline
    costs = {name: Cost() for name in (*STEPS, "publish")}
    kept: list[Kept] = []
    store, stories, events = pipeline.store, pipeline.stories, pipeline.events
    assert stories is not None
    assert events is not None
    claim_many, assign_many, merge_many = store.claim_many, stories.assign_many, events.merge_many
    publish = processor.publisher.publish

    def keep(name: str, call: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any) -> Any:
            kept[-1].calls.append((name, args, clock.now.timestamp()))
            return costs[name].timed(client, call, *args)

        return run

    store.claim_many = keep("claim", claim_many)  # type: ignore[method-assign]
    stories.assign_many = keep("stories", assign_many)  # type: ignore[method-assign]
    events.merge_many = keep("events", merge_many)  # type: ignore[method-assign]
    processor.publisher.publish = lambda messages: costs["publish"].timed(  # type: ignore[method-assign]
        client, publish, messages
    )
    for body in bodies(count, batch, 7):
        kept.append(Kept())
        processor.process_batch(body)
    records = int(client.xlen("capture:records"))
    print(f"{count} articles, batches of {batch}: {records} records")
    print("CPU per article (all articles), commands per article, in the worker's flow:")
    for name, cost in costs.items():
        print(
            f"  {name:<8} client {cost.client * 1000 / count:.3f} ms  redis-server "
            f"{cost.server * 1000 / count:.3f} ms  commands {cost.commands / count:.1f}"
        )
    return kept, records


def memory(client: redis.Redis, prefix: str) -> dict[str, int]:
    """``MEMORY USAGE`` of the keys under ``prefix``, by store."""
    families = {"claim": ":{seen}:", "stories": ":{story}:", "events": ":{ev2:"}
    found = dict.fromkeys(families, 0)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    pipe = client.pipeline(transaction=False)
    for key in keys:
        pipe.memory_usage(key, samples=0)
    for key, size in zip(keys, pipe.execute(), strict=True):
        for name, part in families.items():
            if part in key.decode():
                found[name] += int(size or 0)
    return found


def stores_of(modules: Any, client: redis.Redis, prefix: str, clock: list[float]) -> dict[str, Any]:
    stores, events, stories = modules
    settings = Settings()
    return {
        "claim": stores.RedisSeenStore(
            client,
            prefix,
            settings.seen_ttl_seconds,
            near_threshold=settings.dedup_near_threshold,
            contained_threshold=settings.dedup_contained_threshold,
            clock=lambda: clock[0],
        ),
        "stories": stories.RedisStoryStore(
            client, prefix, settings.story_window_seconds, clock=lambda: clock[0]
        ),
        "events": events.RedisEventStore(client, prefix, settings.event_ttl_seconds),
    }


def replay(client: redis.Redis, kept: list[Kept], rev: str, records: int, count: int) -> None:
    """REV's stores and the working tree's alternate over the kept calls."""
    modules = {
        "reference": (
            _module_at(rev, "eventwire/workers/stores.py", "ref_stores"),
            _module_at(rev, "eventwire/workers/events.py", "ref_events"),
            _module_at(rev, "eventwire/workers/stories.py", "ref_stories"),
        ),
        "working tree": tuple(
            sys.modules[c.__module__] for c in (RedisSeenStore, RedisEventStore, RedisStoryStore)
        ),
    }
    clock = [0.0]
    sides = {
        name: stores_of(mods, client, name.replace(" ", "-"), clock)
        for name, mods in modules.items()
    }
    methods = {"claim": "claim_many", "stories": "assign_many", "events": "merge_many"}
    costs = {name: {step: Cost() for step in STEPS} for name in sides}
    differ = 0
    for number, batch in enumerate(kept):
        order = list(sides) if number % 2 == 0 else list(sides)[::-1]
        replies: dict[str, list[Any]] = {}
        for name in order:
            replies[name] = []
            for step, args, now in batch.calls:
                clock[0] = now
                call = getattr(sides[name][step], methods[step])
                replies[name].append(costs[name][step].timed(client, call, *args))
        first, second = replies.values()
        differ += sum(a != b for a, b in zip(first, second, strict=True))
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; replay of {len(kept)} batches against {rev}, "
        f"alternating; load average {os.getloadavg()[0]:.1f}; store calls whose replies "
        f"differ: {differ}"
    )
    for name in sides:
        used = memory(client, name.replace(" ", "-"))
        print(f"{name}:")
        for step in STEPS:
            cost = costs[name][step]
            print(
                f"  {step:<8} client {cost.client * 1000 / count:.3f} ms  redis-server "
                f"{cost.server * 1000 / count:.3f} ms  commands {cost.commands / count:.1f}  "
                f"MEMORY USAGE {used[step] / max(records, 1):.0f} B/record"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--against", metavar="REV", help="A/B of the stores of REV and of this")
    args = parser.parse_args()
    with open(os.devnull, "w") as devnull:
        configure_logging(Settings(log_format="json"), stream=devnull)
        warm_up()
        with private_redis() as client:
            print(
                f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; private redis-server "
                f"{client.info('server')['redis_version']}; load average "
                f"{os.getloadavg()[0]:.1f}"
            )
            client.config_resetstat()
            kept, records = capture(client, args.count, args.batch)
            used = memory(client, "capture")
            print(
                "MEMORY USAGE per record: "
                + ", ".join(f"{name} {size / max(records, 1):.0f} B" for name, size in used.items())
            )
            if args.against:
                replay(client, kept, args.against, records, args.count)


if __name__ == "__main__":
    main()
