"""The delivery counter, on fakeredis (store logic only; real workers use it in tests/faults)."""

from __future__ import annotations

import fakeredis

from eventwire.workers.delivery import HANDLED, DeliveryCounter


class TestDeliveryCounter:
    """Counts deliveries of a batch message and tells poison apart."""

    def test_counts_each_delivery(self) -> None:
        """Every delivery of the same message adds one."""
        counter = DeliveryCounter(fakeredis.FakeRedis(), "p", max_attempts=2)
        assert [counter.attempt("t:0") for _ in range(3)] == [1, 2, 3]

    def test_poison_is_past_the_maximum(self) -> None:
        """Deliveries up to the maximum are processed; the next one is poison."""
        counter = DeliveryCounter(fakeredis.FakeRedis(), "p", max_attempts=2)
        assert not counter.is_poison(2)
        assert counter.is_poison(3)

    def test_handled_batch_is_never_poison(self) -> None:
        """A copy delivered after the batch was handled is reported as handled, not counted."""
        counter = DeliveryCounter(fakeredis.FakeRedis(), "p", max_attempts=1)
        counter.attempt("t:0")
        counter.done("t:0")
        assert counter.attempt("t:0") == HANDLED
        assert not counter.is_poison(HANDLED)

    def test_counters_expire(self) -> None:
        """A counter has a TTL, so abandoned ones do not pile up."""
        client = fakeredis.FakeRedis()
        counter = DeliveryCounter(client, "p", max_attempts=1)
        counter.attempt("t:0")
        assert int(client.ttl(counter.key("t:0"))) > 0
