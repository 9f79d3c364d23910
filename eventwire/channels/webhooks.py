"""Webhooks: an HTTP POST of each message to every configured endpoint, signed as Standard
Webhooks (Svix) specifies, retried with backoff on 5xx, 429 and timeouts, dead-lettered after
the retry budget with the last status."""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import httpx

from eventwire.channels.base import Publisher, encode
from eventwire.channels.marks import PublishedMarks
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import DeadLetter, Message

SECRET_PREFIX = "whsec_"  # noqa: S105 - the scheme's marker, not a secret


def _secret_bytes(secret: str) -> bytes:
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("a webhook secret starts with 'whsec_' followed by base64")
    return base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)


def sign(secret: str, webhook_id: str, timestamp: int, body: bytes) -> str:
    """``v1,<base64 HMAC-SHA256>`` over ``id.timestamp.body`` with the decoded secret."""
    content = f"{webhook_id}.{timestamp}.".encode() + body
    digest = hmac.new(_secret_bytes(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def signature_headers(
    secrets: Sequence[str], webhook_id: str, timestamp: int, body: bytes
) -> dict[str, str]:
    """The three Standard Webhooks headers; one signature per secret (rotation: a receiver that
    knows either the old or the new secret verifies)."""
    return {
        "webhook-id": webhook_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, webhook_id, timestamp, body) for s in secrets),
    }


def verify(
    secret: str,
    headers: dict[str, str],
    body: bytes,
    now: float,
    tolerance_seconds: int = 300,
) -> bool:
    """What a receiver does: recompute the signature and reject stale timestamps."""
    timestamp = int(headers["webhook-timestamp"])
    if abs(now - timestamp) > tolerance_seconds:
        return False
    expected = sign(secret, headers["webhook-id"], timestamp, body).split(",", 1)[1]
    return any(
        hmac.compare_digest(expected, candidate.split(",", 1)[1])
        for candidate in headers["webhook-signature"].split()
        if candidate.startswith("v1,")
    )


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One receiver: its URL and signing secrets (newest first; all sign during rotation)."""

    url: str
    secrets: tuple[str, ...]

    def __post_init__(self) -> None:
        if not self.secrets:
            raise ValueError(f"webhook endpoint {self.url} has no secret")
        for secret in self.secrets:
            _secret_bytes(secret)

    @property
    def key(self) -> str:
        return hashlib.sha256(self.url.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with full jitter, capped, over ``max_attempts`` attempts."""

    max_attempts: int = 6
    base_seconds: float = 0.5
    max_seconds: float = 20.0
    rand: Callable[[], float] = field(default=random.random)

    def delay(self, attempt: int) -> float:
        """Delay before attempt ``attempt + 1`` (attempt counts from 1)."""
        ceiling = min(self.max_seconds, self.base_seconds * 2 ** (attempt - 1))
        return float(ceiling * self.rand())


@dataclass(frozen=True, slots=True)
class Delivery:
    """How sending one message to one endpoint ended."""

    delivered: bool
    attempts: int
    last_status: int | None
    last_error: str | None


def retryable(status: int) -> bool:
    """5xx and 429 are retried; any other 4xx is final (the request itself is wrong)."""
    return status >= 500 or status == 429


class WebhookPublisher:
    """POSTs each message to every endpoint, once per (endpoint, message id).

    Retries run in the calling worker, so ``max_attempts`` worth of backoff must fit in the
    task's soft time limit. A message that exhausts its budget, or meets a 4xx other than 429,
    is published as a dead letter (stage ``publish``, reason ``webhook_failed``) on
    ``dead_letters`` with the last status, and counts as handled.
    """

    def __init__(
        self,
        endpoints: Sequence[Endpoint],
        marks: PublishedMarks,
        dead_letters: Publisher,
        *,
        timeout_seconds: float = 10.0,
        policy: RetryPolicy | None = None,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoints = list(endpoints)
        self.marks = marks
        self.dead_letters = dead_letters
        self.policy = policy or RetryPolicy()
        self.clock = clock
        self.sleep = sleep
        self.client = httpx.Client(timeout=timeout_seconds)

    def close(self) -> None:
        self.client.close()

    def publish(self, messages: Sequence[Message]) -> list[bool]:
        fresh = [False] * len(messages)
        for endpoint in self.endpoints:
            ids = [f"{endpoint.key}:{message.message_id}" for message in messages]
            claimed = self.marks.claim(ids)
            for i, (message, mark, mine) in enumerate(zip(messages, ids, claimed, strict=True)):
                if not mine:
                    continue
                try:
                    delivery = self.deliver(endpoint, message)
                except BaseException:
                    self.marks.release([mark])
                    raise
                if not delivery.delivered:
                    self.dead_letters.publish([self._letter(endpoint, message, delivery)])
                self.marks.confirm([mark])
                fresh[i] = fresh[i] or delivery.delivered
        return fresh

    def deliver(self, endpoint: Endpoint, message: Message) -> Delivery:
        """Send one message, retrying per the policy; never raises for HTTP failures."""
        body = encode(message)
        last_status: int | None = None
        last_error: str | None = None
        for attempt in range(1, self.policy.max_attempts + 1):
            headers = {
                "content-type": "application/json",
                **signature_headers(endpoint.secrets, message.message_id, int(self.clock()), body),
            }
            try:
                response = self.client.post(endpoint.url, content=body, headers=headers)
            except httpx.TransportError as exc:
                last_status, last_error = None, f"{type(exc).__name__}: {exc}"
            else:
                last_status, last_error = response.status_code, None
                if response.is_success:
                    return Delivery(True, attempt, last_status, None)
                if not retryable(response.status_code):
                    return Delivery(False, attempt, last_status, None)
            if attempt < self.policy.max_attempts:
                self.sleep(self.policy.delay(attempt))
        return Delivery(False, self.policy.max_attempts, last_status, last_error)

    def _letter(self, endpoint: Endpoint, message: Message, delivery: Delivery) -> DeadLetter:
        outcome = (
            f"last status {delivery.last_status}"
            if delivery.last_status is not None
            else f"last error {delivery.last_error}"
        )
        return DeadLetter(
            dead_letter_id=derive_id("dead", message.message_id, "publish", endpoint.url),
            article_id=message.article.article_id if message.type == "article_record" else None,
            stage="publish",
            reason="webhook_failed",
            message=(
                f"webhook {endpoint.url} did not accept {message.message_id} after "
                f"{delivery.attempts} attempt(s); {outcome}"
            ),
            payload={
                "endpoint": endpoint.url,
                "message_id": message.message_id,
                "message_type": message.type,
                "attempts": delivery.attempts,
                "last_status": delivery.last_status,
                "last_error": delivery.last_error,
                "message": message.model_dump(mode="json"),
            },
            received_at=datetime.now(UTC),
        )
