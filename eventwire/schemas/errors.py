"""Error hierarchy: data errors are dead-lettered, transient errors retried, the rest are bugs."""

from __future__ import annotations

from eventwire.schemas.base import Stage


class EventwireError(Exception):
    """Base of every error eventwire raises on purpose."""


class DataError(EventwireError):
    """The input itself is wrong: reject it to the dead letters, never retry it."""

    def __init__(self, stage: Stage, reason: str, message: str) -> None:
        super().__init__(f"{stage}: {reason}: {message}")
        self.stage = stage
        self.reason = reason
        self.message = message


class TransientError(EventwireError):
    """A collaborator is unavailable for now (Redis down, a timeout): retry with backoff."""


class ConfigurationError(EventwireError):
    """Settings that cannot work; raised at start-up, never while processing."""


class OverloadedError(TransientError):
    """Back-pressure: the queue is above its high-water mark or Redis refuses writes.

    Producers raise it to their caller (the HTTP intake answers 503 with Retry-After); nothing is
    queued or evicted.
    """

    def __init__(self, message: str, retry_after_seconds: float = 1.0) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds
