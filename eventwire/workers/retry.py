"""The one retry policy: what is retried, and how. Every task takes its options from here."""

from __future__ import annotations

from typing import Any

import redis
from pydantic import ValidationError

from eventwire.schemas.errors import DataError, TransientError
from eventwire.settings import Settings

NON_RETRYABLE: tuple[type[BaseException], ...] = (DataError, ValidationError)
"""Data errors: dead-lettered at once, never retried."""

RETRYABLE: tuple[type[BaseException], ...] = (
    TransientError,
    redis.ConnectionError,
    redis.TimeoutError,
    redis.BusyLoadingError,
    ConnectionError,
    TimeoutError,
)
"""Transient errors: retried with jittered exponential backoff up to ``max_retries``."""


def retry_options(settings: Settings) -> dict[str, Any]:
    """Celery task options implementing the policy."""
    return {
        "autoretry_for": RETRYABLE,
        "dont_autoretry_for": NON_RETRYABLE,
        "retry_backoff": 1,
        "retry_backoff_max": settings.retry_backoff_max,
        "retry_jitter": True,
        "max_retries": settings.max_retries,
    }
