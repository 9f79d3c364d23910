"""Load faults: a burst far above capacity, and a seeded random run of every fault."""

from __future__ import annotations

import os
import random
import signal
import threading
import time

import pytest

from eventwire.producers.client import Producer
from tests.faults.conftest import Fleet
from tests.faults.harness import Ledger, Load, articles, check

pytestmark = [pytest.mark.integration, pytest.mark.faults]


class TestBurst:
    """Back-pressure keeps the queue and Redis memory bounded under a 10x burst."""

    def test_tenfold_burst_stays_bounded(self, fleet: Fleet) -> None:
        """Producers sending about ten times what the workers finish are refused above the
        high-water mark; queue length and memory stay bounded and nothing accepted is lost."""
        high_water = 6
        settings = fleet.settings.model_copy(update={"queue_high_water": high_water})
        fleet.worker()
        client = fleet.client
        baseline = int(client.info("memory")["used_memory"])
        ledger = Ledger()
        stop = threading.Event()
        peaks = {"queue": 0, "memory": 0}

        def sample() -> None:
            while not stop.wait(0.05):
                peaks["queue"] = max(peaks["queue"], int(client.llen(settings.queue)))
                peaks["memory"] = max(peaks["memory"], int(client.info("memory")["used_memory"]))

        def flood(seed: int) -> None:
            producer = Producer(settings)
            for index in range(40):
                ledger.submit(
                    producer, articles(4, seed=seed, tag=f"burst{index}-", fault="sleep:0.05")
                )
            producer.close()

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        floods = [threading.Thread(target=flood, args=(900 + n,)) for n in range(2)]
        for thread in floods:
            thread.start()
        for thread in floods:
            thread.join()
        started = time.monotonic()
        report = check("9 10x burst", client, settings, ledger, started)
        stop.set()
        sampler.join()
        report.show()
        print(  # noqa: T201
            "burst: submits refused", ledger.overloaded, "peak queue", peaks["queue"],
            "peak memory over baseline MB", round((peaks["memory"] - baseline) / 1e6, 1),
        )  # fmt: skip
        report.assert_clean()
        assert ledger.overloaded > 0
        assert peaks["queue"] <= high_water + 2  # two producers may pass the check at once
        assert peaks["memory"] - baseline < 50_000_000


FAULTS = ("kill_child", "kill_group", "sigterm", "redis_kill", "redis_stop")


@pytest.mark.chaos
class TestChaos:
    """A seeded random run of the faults above, under continuous load."""

    def test_seeded_random_faults_for_90_seconds(self, fleet: Fleet) -> None:
        """Random faults for 90 s (seed in EVENTWIRE_CHAOS_SEED-free env CHAOS_SEED, default
        7); afterwards every accepted article has exactly one outcome."""
        seed = int(os.environ.get("CHAOS_SEED", "7"))
        rng = random.Random(seed)  # noqa: S311  # a reproducible schedule, not a secret
        fleet.start(3)
        ledger = Ledger()
        done: list[str] = []
        end = time.monotonic() + 90
        with fleet.supervised() as restarted:
            load = Load(fleet.settings, ledger, seed=1200, interval=0.2)
            load.__enter__()
            while time.monotonic() < end:
                time.sleep(rng.uniform(3, 8))
                fault = rng.choice(FAULTS)
                live = [w for w in fleet.workers if w.process.poll() is None and not w.retired]
                if fault == "kill_child" and live:
                    children = rng.choice(live).children()
                    if children:
                        os.kill(rng.choice(children), signal.SIGKILL)
                elif fault == "kill_group" and live:
                    rng.choice(live).kill_group()
                elif fault == "sigterm" and live:
                    rng.choice(live).signal(signal.SIGTERM)
                elif fault == "redis_kill":
                    fleet.redis.kill()
                    time.sleep(rng.uniform(0.5, 3))
                    fleet.redis.start()
                elif fault == "redis_stop":
                    fleet.redis.freeze()
                    time.sleep(rng.uniform(1, 5))
                    fleet.redis.thaw()
                done.append(fault)
            load.__exit__()
            started = time.monotonic()
            report = check(
                "12 chaos 90s", fleet.client, fleet.settings, ledger, started, timeout=120
            )
        report.show()
        print("chaos seed", seed, "faults", done, "restarted", len(restarted))  # noqa: T201
        report.assert_clean()
        assert report.accepted > 0
