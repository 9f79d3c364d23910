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


# KEYS[1] the counter. ARGV[1] its ttl. Returns 0 when the batch was already handled (a copy
# redelivered after it finished is processed again, harmlessly, and never counted as poison),
# else the number of deliveries so far, this one included.
_ATTEMPT = """
if redis.call('GET', KEYS[1]) == 'done' then
  return 0
end
local count = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
return count
"""

HANDLED = 0
"""What :meth:`DeliveryCounter.attempt` returns for a batch that was handled before."""


class DeliveryCounter:
    """``<prefix>:{deliveries}:<task id>:<retry>`` counters, one per message delivery chain."""

    def __init__(self, client: redis.Redis, prefix: str, max_attempts: int) -> None:
        self.client = client
        self.prefix = prefix
        self.max_attempts = max_attempts
        self._script = client.register_script(_ATTEMPT)

    def key(self, delivery: str) -> str:
        return f"{self.prefix}:{{deliveries}}:{delivery}"

    def attempt(self, delivery: str) -> int:
        """Count one more delivery of ``delivery`` and return how many there have been, or
        :data:`HANDLED` if the batch was handled already."""
        return int(self._script(keys=[self.key(delivery)], args=[ATTEMPTS_TTL_SECONDS]))

    def is_poison(self, attempt: int) -> bool:
        """Whether a delivery numbered ``attempt`` is one too many."""
        return attempt > self.max_attempts

    def done(self, delivery: str) -> None:
        """Mark the batch handled, so that a late copy of it is never taken for poison."""
        self.client.set(self.key(delivery), "done", ex=ATTEMPTS_TTL_SECONDS)
