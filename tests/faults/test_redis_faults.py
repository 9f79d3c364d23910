"""Faults of Redis itself (broker and state): killed and restarted from its AOF, frozen with
SIGSTOP, and full at maxmemory. Producers are told what they could not queue; nothing they were
told was accepted is lost or published twice."""

from __future__ import annotations

import contextlib
import time

import pytest
import redis

from eventwire.producers.client import Producer
from eventwire.schemas.errors import OverloadedError
from tests.faults.conftest import Fleet
from tests.faults.harness import Ledger, Load, articles, check

pytestmark = [pytest.mark.integration, pytest.mark.faults]


class TestRedisFaults:
    """Every accepted article ends in exactly one place through Redis outages."""

    @pytest.mark.parametrize("outage", [1.0, 10.0])
    def test_redis_killed_and_restarted_from_aof(self, fleet: Fleet, outage: float) -> None:
        """Redis SIGKILLed under load for ``outage`` seconds, then restarted from its AOF."""
        fleet.start(2)
        ledger = Ledger()
        # Supervised until the check ends, as a container is: a worker may exit when its
        # broker connection drops (docs/reliability.md) and is restarted, possibly late.
        with fleet.supervised() as restarted:
            with Load(fleet.settings, ledger, seed=60 + int(outage)):
                time.sleep(1.5)
                fleet.redis.kill()
                time.sleep(outage)
                fleet.redis.start()
                time.sleep(1.5)
            started = time.monotonic()
            name = f"6 Redis killed {outage:g}s"
            report = check(name, fleet.client, fleet.settings, ledger, started)
        print("restarted by the supervisor:", restarted)  # noqa: T201
        report.show()
        report.assert_clean()
        assert report.accepted > 0

    def test_redis_frozen_with_sigstop(self, fleet: Fleet) -> None:
        """Redis stopped (SIGSTOP) for 10 s under load, then continued."""
        fleet.start(2)
        ledger = Ledger()
        with fleet.supervised() as restarted:
            with Load(fleet.settings, ledger, seed=70):
                time.sleep(1.5)
                fleet.redis.freeze()
                time.sleep(10)
                fleet.redis.thaw()
                time.sleep(1.5)
            started = time.monotonic()
            report = check("7 Redis SIGSTOP 10s", fleet.client, fleet.settings, ledger, started)
        print("restarted by the supervisor:", restarted)  # noqa: T201
        report.show()
        report.assert_clean()
        assert report.accepted > 0

    def test_redis_at_maxmemory(self, fleet: Fleet) -> None:
        """With Redis full (maxmemory, noeviction) producers get OverloadedError and queue
        nothing; batches already queued wait and finish once memory is freed."""
        fleet.worker()
        ledger = Ledger()
        producer = fleet.producer()
        supervisor = fleet.supervised()
        restarted = supervisor.__enter__()
        ledger.submit(producer, articles(16, seed=80, fault="sleep:0.3"))
        client = fleet.client
        used = int(client.info("memory")["used_memory"])
        client.config_set("maxmemory-policy", "noeviction")
        client.config_set("maxmemory", str(used + 2_000_000))
        filler = 0
        with pytest.raises(redis.exceptions.OutOfMemoryError):  # noqa: PT012
            while True:
                client.set(f"{fleet.settings.stream_prefix}:filler:{filler}", b"x" * 100_000)
                filler += 1
        refusals: list[OverloadedError] = []
        for attempt in range(50):
            # Workers free a little memory as they ack; top the filler up until writes fail.
            try:
                result = producer.submit(articles(4, seed=81, tag=f"oom{attempt}-"))
            except OverloadedError as exc:
                refusals.append(exc)
                break
            ledger.accepted.update(result.accepted)
            with contextlib.suppress(redis.exceptions.OutOfMemoryError):
                while True:
                    client.set(f"{fleet.settings.stream_prefix}:filler:{filler}", b"x" * 20_000)
                    filler += 1
        assert refusals, "the producer was never refused"
        assert refusals[0].retry_after_seconds > 0
        time.sleep(3)
        filled = client.keys(f"{fleet.settings.stream_prefix}:filler:*")
        assert len(filled) == filler  # noeviction: nothing was evicted to make room
        for index in range(filler):
            client.delete(f"{fleet.settings.stream_prefix}:filler:{index}")
        client.config_set("maxmemory", "0")
        started = time.monotonic()
        report = check("8 Redis at maxmemory", client, fleet.settings, ledger, started)
        supervisor.__exit__(None, None, None)
        print("restarted by the supervisor:", restarted)  # noqa: T201
        report.show()
        report.assert_clean()
        assert report.published == report.accepted

    def test_queue_above_high_water_mark(self, fleet: Fleet) -> None:
        """With no worker draining, producers are refused once the queue reaches its mark."""
        settings = fleet.settings.model_copy(update={"queue_high_water": 3})
        producer = Producer(settings)
        ledger = Ledger()
        for seed in range(5):
            ledger.submit(producer, articles(4, seed=90 + seed))
        assert len(ledger.accepted) == 12
        assert ledger.overloaded == 2
        fleet.worker()
        started = time.monotonic()
        report = check("8b queue high-water", fleet.client, settings, ledger, started)
        report.show()
        report.assert_clean()
