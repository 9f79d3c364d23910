"""The one retry policy: what is retried, and how. Every task takes its options from here."""

from __future__ import annotations

from typing import Any, NoReturn

import redis
from celery import Task
from celery.exceptions import Reject, Retry
from celery.utils.time import get_exponential_backoff_interval
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
    redis.exceptions.OutOfMemoryError,
    redis.exceptions.ReadOnlyError,
    ConnectionError,
    TimeoutError,
)
"""Transient errors: retried with jittered exponential backoff up to ``max_retries``. A Redis at
``maxmemory`` (OOM, with ``noeviction``) or a read-only replica refuses writes for now only."""


def retry_options(settings: Settings) -> dict[str, Any]:
    """Celery task options implementing the policy."""
    return {
        "autoretry_for": RETRYABLE,
        "dont_autoretry_for": NON_RETRYABLE,
        "retry_backoff": 1,
        "retry_backoff_max": backoff_cap(settings),
        "retry_jitter": True,
        "max_retries": settings.max_retries,
    }


def backoff_cap(settings: Settings) -> int:
    """The largest retry delay: the configured maximum, but below half the visibility timeout,
    since a Redis broker redelivers a delayed message that waits longer than that."""
    return max(1, min(settings.retry_backoff_max, settings.visibility_timeout // 2))


def retries_exhausted(task: Task, settings: Settings) -> bool:
    """Whether the task has used every retry the policy allows."""
    return int(task.request.retries) >= settings.max_retries


def retry_later(task: Task, exc: BaseException, settings: Settings) -> NoReturn:
    """Retry ``task`` after a jittered exponential delay.

    If the retry cannot be queued (the broker is the Redis that just failed), the message is
    rejected with requeue instead, and if even that fails it stays unacknowledged and comes back
    after the visibility timeout: a transient failure never acknowledges unfinished work.
    """
    countdown = get_exponential_backoff_interval(
        factor=1, retries=int(task.request.retries), maximum=backoff_cap(settings), full_jitter=True
    )
    try:
        raise task.retry(exc=exc, countdown=countdown, max_retries=settings.max_retries)
    except Retry:
        raise
    except Exception as failure:
        raise Reject(failure, requeue=True) from exc
