"""Delivery attempts of a queued batch, counted in Redis.

Celery has no delivery counter on the Redis transport: a batch whose processing kills its worker
(a segfault, an out-of-memory kill, a hard time limit) comes back again and again. Each delivery
increments a counter before any work starts; past ``max_attempts`` the batch is dead-lettered as
poison instead of being processed once more.
"""

from __future__ import annotations

import redis

ATTEMPTS_TTL_SECONDS = 7 * 24 * 3600
"""A counter outlives any redelivery of its batch, then goes."""


class DeliveryCounter:
    """``<prefix>:{deliveries}:<task id>:<retry>`` counters, one per message delivery chain."""

    def __init__(self, client: redis.Redis, prefix: str, max_attempts: int) -> None:
        self.client = client
        self.prefix = prefix
        self.max_attempts = max_attempts

    def key(self, delivery: str) -> str:
        return f"{self.prefix}:{{deliveries}}:{delivery}"

    def attempt(self, delivery: str) -> int:
        """Count one more delivery of ``delivery`` and return how many there have been."""
        pipe = self.client.pipeline(transaction=True)
        pipe.incr(self.key(delivery))
        pipe.expire(self.key(delivery), ATTEMPTS_TTL_SECONDS)
        count, _ = pipe.execute()
        return int(count)

    def is_poison(self, attempt: int) -> bool:
        """Whether a delivery numbered ``attempt`` is one too many."""
        return attempt > self.max_attempts

    def done(self, delivery: str) -> None:
        """Forget the counter once the batch has been handled for good."""
        self.client.delete(self.key(delivery))
