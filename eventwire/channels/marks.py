"""Which message ids a channel has already sent, kept in Redis, for channels whose server does
not drop a repeated id itself (RabbitMQ, webhooks, the JSON-lines file)."""

from __future__ import annotations

from collections.abc import Sequence

import redis

_CLAIM = b"sending"
_DONE = b"sent"


class PublishedMarks:
    """A claim-then-confirm marker per (channel, message id).

    ``claim`` sets the marker only if absent (SET NX, short TTL), so two workers handling the
    same redelivered batch at once never both send; ``confirm`` makes it last
    ``ttl_seconds`` once the server has confirmed; ``release`` drops a claim whose send failed,
    so the retry sends again. A worker that dies between claim and confirm leaves a claim that
    expires after ``claim_seconds``: its redelivered batch then sends the message, so a consumer
    may (rarely) see it twice and should drop repeats by message id.
    """

    def __init__(
        self,
        client: redis.Redis,
        namespace: str,
        ttl_seconds: int,
        claim_seconds: int = 300,
    ) -> None:
        self.client = client
        self.namespace = namespace
        self.ttl_seconds = ttl_seconds
        self.claim_seconds = claim_seconds

    def key(self, message_id: str) -> str:
        # One hash tag per namespace keeps a channel's markers in one cluster slot.
        return f"{{{self.namespace}}}:sent:{message_id}"

    def claim(self, message_ids: Sequence[str]) -> list[bool]:
        """Claim each id; True where this caller now owns sending it."""
        pipe = self.client.pipeline(transaction=False)
        for message_id in message_ids:
            pipe.set(self.key(message_id), _CLAIM, nx=True, ex=self.claim_seconds)
        return [bool(result) for result in pipe.execute()]

    def confirm(self, message_ids: Sequence[str]) -> None:
        """Record that each id has been sent."""
        pipe = self.client.pipeline(transaction=False)
        for message_id in message_ids:
            pipe.set(self.key(message_id), _DONE, ex=self.ttl_seconds)
        pipe.execute()

    def release(self, message_ids: Sequence[str]) -> None:
        """Drop claims whose send failed, so that a retry sends them."""
        if message_ids:
            self.client.delete(*[self.key(message_id) for message_id in message_ids])

    def is_sent(self, message_id: str) -> bool:
        return self.client.get(self.key(message_id)) == _DONE
