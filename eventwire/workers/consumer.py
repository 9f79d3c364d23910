"""The worker's message consumer: Celery's, except that a message it cannot take (not JSON, not
UTF-8, pickle or another refused content type, an unknown task, a malformed envelope) goes to the
dead letters with its reason before it is dropped, instead of only a log line."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import structlog
from celery.worker.consumer import Consumer
from kombu.exceptions import ContentDisallowed

from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import DeadLetter
from eventwire.workers.processing import BatchProcessor

log = structlog.get_logger("eventwire.worker")

MAX_KEPT_BODY = 65_536
"""Characters of a refused message body kept in its dead letter."""


def refused_letter(reason: str, detail: str, body: Any, received_at: datetime) -> DeadLetter:
    """The dead letter for a broker message refused before any task ran."""
    raw = body if isinstance(body, bytes) else str(body).encode("utf-8", "backslashreplace")
    text = raw.decode("utf-8", "backslashreplace")
    return DeadLetter(
        dead_letter_id=derive_id("dead", "intake", reason, hashlib.sha256(raw).hexdigest()),
        article_id=None,
        stage="intake",
        reason=reason,
        message=detail[:2000],
        payload=text[:MAX_KEPT_BODY],
        received_at=received_at,
    )


def dead_lettering_consumer(processor: Callable[[], BatchProcessor]) -> type[Consumer]:
    """A Consumer class (for ``worker_consumer``) publishing through ``processor()``."""

    class DeadLetteringConsumer(Consumer):  # type: ignore[misc]
        def _dead_letter(self, message: Any, reason: str, exc: BaseException | None) -> bool:
            letter = refused_letter(
                reason,
                f"{type(exc).__name__}: {exc}" if exc else "not a task message",
                getattr(message, "body", b""),
                datetime.now(UTC),
            )
            try:
                processor().publisher.publish([letter])
            except Exception:
                # Not acknowledged: the message stays unacknowledged and comes back later.
                log.exception("message.refusal_unpublished", reason=reason)
                return False
            log.error(
                "message.refused",
                reason=reason,
                content_type=getattr(message, "content_type", None),
                dead_letter_id=letter.dead_letter_id,
            )
            return True

        def on_decode_error(self, message: Any, exc: BaseException) -> None:
            if self._dead_letter(message, "undecodable_message", exc):
                super().on_decode_error(message, exc)

        def on_invalid_task(self, body: Any, message: Any, exc: BaseException) -> None:
            reason = "content_disallowed" if isinstance(exc, ContentDisallowed) else "invalid_task"
            if self._dead_letter(message, reason, exc):
                super().on_invalid_task(body, message, exc)

        def on_unknown_task(self, body: Any, message: Any, exc: BaseException) -> None:
            if self._dead_letter(message, "unknown_task", exc):
                super().on_unknown_task(body, message, exc)

        def on_unknown_message(self, body: Any, message: Any) -> None:
            if self._dead_letter(message, "unknown_message", None):
                super().on_unknown_message(body, message)

    return DeadLetteringConsumer
