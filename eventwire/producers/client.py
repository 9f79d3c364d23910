"""The Python client: validate articles, stamp each with an id, and queue them in batches.

It sends by task name, so it needs none of the worker code: only the broker URL.
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
import redis
from celery import Celery
from kombu.entity import Queue
from kombu.exceptions import ChannelError
from pydantic import ValidationError

from eventwire.schemas.article import ArticleIn, Batch, Submission
from eventwire.schemas.errors import OverloadedError
from eventwire.schemas.ids import derive_id, new_article_id
from eventwire.schemas.messages import DeadLetter
from eventwire.schemas.tasks import (
    PROCESS_BATCH,
    PUBLISH_DEAD_LETTERS,
    TASK_LEDGER,
    TASK_LEDGER_DUE,
)
from eventwire.settings import Settings


@dataclass(frozen=True, slots=True)
class Rejection:
    """A payload the producer refused, and why; it also went to the dead letters."""

    index: int
    article_id: str
    reason: str
    message: str


@dataclass(slots=True)
class SubmitResult:
    """What became of a submission: the ids queued, and what was rejected."""

    accepted: list[str] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)

    def extend(self, other: SubmitResult) -> None:
        self.accepted.extend(other.accepted)
        self.rejected.extend(other.rejected)


@dataclass(frozen=True, slots=True)
class Unparsed:
    """An input line that is not JSON; the producer dead-letters it with the parse error."""

    line: int
    text: str
    error: str


@dataclass(frozen=True, slots=True)
class Prepared:
    """Payloads checked and stamped: submissions to queue, dead letters for the rest."""

    submissions: list[Submission]
    dead_letters: list[DeadLetter]
    result: SubmitResult
    article_ids: list[str] = field(default_factory=list)
    """Every stamped id, accepted or not, in input order."""


def prepare(
    payloads: Iterable[Any], max_body_bytes: int, now: datetime, start_index: int = 0
) -> Prepared:
    """Validate each payload as :class:`ArticleIn` and stamp it with a fresh ``article_id``."""
    submissions: list[Submission] = []
    letters: list[DeadLetter] = []
    result = SubmitResult()
    article_ids: list[str] = []
    for index, payload in enumerate(payloads, start=start_index):
        article_id = new_article_id()
        article_ids.append(article_id)
        if isinstance(payload, Unparsed):
            letter = DeadLetter(
                dead_letter_id=derive_id("dead", article_id, "producer", "invalid_json"),
                article_id=article_id,
                stage="producer",
                reason="invalid_json",
                message=f"line {payload.line}: not JSON: {payload.error}",
                payload=payload.text,
                received_at=now,
            )
            letters.append(letter)
            result.rejected.append(Rejection(index, article_id, letter.reason, letter.message))
            continue
        if isinstance(payload, ArticleIn):
            body: Any = payload.model_dump(mode="json", exclude_none=True)
            submissions.append(Submission(article_id=article_id, submitted_at=now, payload=body))
            result.accepted.append(article_id)
            continue
        try:
            ArticleIn.model_validate(payload, context={"max_body_bytes": max_body_bytes})
        except ValueError as exc:
            letter = _reject(exc, payload, article_id, now)
            letters.append(letter)
            result.rejected.append(Rejection(index, article_id, letter.reason, letter.message))
            continue
        submissions.append(Submission(article_id=article_id, submitted_at=now, payload=payload))
        result.accepted.append(article_id)
    return Prepared(submissions, letters, result, article_ids)


def _reject(exc: ValueError, payload: Any, article_id: str, now: datetime) -> DeadLetter:
    if isinstance(exc, ValidationError):
        return DeadLetter.for_invalid_payload(exc, payload, article_id, "producer", now)
    return DeadLetter(
        dead_letter_id=derive_id("dead", article_id, "producer", "invalid_payload"),
        article_id=article_id,
        stage="producer",
        reason="invalid_payload",
        message=str(exc),
        payload=payload,
        received_at=now,
    )


def refuses_writes(exc: BaseException) -> bool:
    """Whether ``exc`` (or what caused it) is Redis refusing a write at ``maxmemory``."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return False
        if isinstance(
            seen, redis.exceptions.OutOfMemoryError
        ) or "used memory > 'maxmemory'" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    """Split ``items`` into lists of at most ``size``."""
    chunk: list[Any] = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def broker_app(settings: Settings) -> Celery:
    """A send-only Celery app: JSON messages to the configured broker and queue."""
    app = Celery("eventwire-producer", broker=settings.broker, set_as_current=False)
    app.conf.update(
        task_serializer="json",
        accept_content=["json"],
        task_default_queue=settings.queue,
        task_queues=[Queue(settings.queue, queue_arguments=settings.queue_arguments)],  # type: ignore[no-untyped-call]
        task_create_missing_queues=True,
        broker_connection_retry_on_startup=True,
        broker_use_ssl=settings.broker_use_ssl,
        broker_transport_options={
            "visibility_timeout": settings.visibility_timeout,
            "socket_timeout": settings.broker_socket_timeout,
            "socket_connect_timeout": settings.broker_socket_timeout,
        },
    )
    return app


class Producer:
    """Queues articles for the workers.

    ``Producer(settings).submit(article_or_articles)`` accepts one article or many, each an
    :class:`ArticleIn` or a mapping; invalid ones are rejected here, reported in the result, and
    sent to the dead-letter stream with the reason. When the queue is above
    ``settings.queue_high_water`` or the broker refuses writes (Redis at ``maxmemory`` with
    ``noeviction``), it raises :class:`~eventwire.schemas.errors.OverloadedError` carrying a
    ``retry_after_seconds``; a submission refused by the high-water check queued nothing.
    """

    def __init__(self, settings: Settings, app: Celery | None = None) -> None:
        self.settings = settings
        self.app = app or broker_app(settings)
        self._ledger: redis.Redis | None = None

    def submit(
        self, articles: ArticleIn | Mapping[str, Any] | Iterable[ArticleIn | Mapping[str, Any]]
    ) -> SubmitResult:
        """Validate, stamp and queue articles, ``settings.batch_size`` to a message."""
        items: Iterable[Any] = [articles] if isinstance(articles, ArticleIn | Mapping) else articles
        total = SubmitResult()
        try:
            self.check_capacity()
            for index, chunk in enumerate(chunks(items, self.settings.batch_size)):
                total.extend(self._send(chunk, index * self.settings.batch_size))
        except Exception as exc:
            if refuses_writes(exc) or self._broker_refuses_writes():
                raise OverloadedError(
                    f"the broker refuses writes (out of memory): {exc}",
                    self.settings.overload_retry_after_seconds,
                ) from exc
            raise
        return total

    def _broker_refuses_writes(self) -> bool:
        """After a failed send, ask a Redis broker directly whether it refuses writes: kombu
        retries a refused publish on a fresh channel and may report something else."""
        if not self.settings.broker.startswith(("redis://", "rediss://", "unix://")):
            return False
        client = redis.Redis.from_url(
            self.settings.broker, socket_timeout=self.settings.broker_socket_timeout
        )
        try:
            client.set(f"{self.settings.stream_prefix}:producer:writable", b"1", ex=5)
        except redis.exceptions.OutOfMemoryError:
            return True
        except redis.RedisError:
            return False
        finally:
            client.close()
        return False

    def queue_depth(self) -> int:
        """Batches waiting in the queue now (0 if it was never declared)."""
        with self.app.connection_for_write() as connection:
            try:
                declared = connection.default_channel.queue_declare(
                    queue=self.settings.queue, passive=True
                )
            except ChannelError:
                return 0
            return int(declared.message_count)

    def check_capacity(self) -> None:
        """Raise :class:`OverloadedError` when the queue is above its high-water mark."""
        high_water = self.settings.queue_high_water
        if not high_water:
            return
        depth = self.queue_depth()
        if depth >= high_water:
            raise OverloadedError(
                f"queue {self.settings.queue} holds {depth} batches, at or above its high-water "
                f"mark of {high_water}",
                self.settings.overload_retry_after_seconds,
            )

    def _send(self, payloads: list[Any], start_index: int) -> SubmitResult:
        now = datetime.now(UTC)
        prepared = prepare(payloads, self.settings.max_body_bytes, now, start_index)
        if prepared.submissions:
            batch = Batch(
                batch_id=derive_id("batch", *(s.article_id for s in prepared.submissions)),
                items=prepared.submissions,
            )
            self._send_task(PROCESS_BATCH, batch.model_dump(mode="json"))
        if prepared.dead_letters:
            self._send_task(
                PUBLISH_DEAD_LETTERS,
                [letter.model_dump(mode="json") for letter in prepared.dead_letters],
            )
        return prepared.result

    def _send_task(self, name: str, body: Any) -> None:
        """Queue one task; on a Redis broker, record it in the task ledger first (see
        :data:`~eventwire.schemas.tasks.TASK_LEDGER`), so that a message a worker pops and dies
        holding is re-sent rather than lost."""
        task_id = str(uuid.uuid4())
        ledger = self._ledger_client()
        if ledger is not None:
            pipe = ledger.pipeline(transaction=True)
            pipe.hset(self._key(TASK_LEDGER), task_id, orjson.dumps({"name": name, "body": body}))
            pipe.zadd(self._key(TASK_LEDGER_DUE), {task_id: time.time()})
            pipe.execute()
        try:
            self.app.send_task(name, args=[body], queue=self.settings.queue, task_id=task_id)
        except Exception:
            if ledger is not None:
                # Not queued: the caller is told and may submit again; nothing to re-send.
                with contextlib.suppress(redis.RedisError):
                    ledger.hdel(self._key(TASK_LEDGER), task_id)
                    ledger.zrem(self._key(TASK_LEDGER_DUE), task_id)
            raise

    def _key(self, name: str) -> str:
        return f"{self.settings.stream_prefix}:{name}"

    def _ledger_client(self) -> redis.Redis | None:
        if not self.settings.broker_is_redis:
            return None
        if self._ledger is None:
            # The ledger lives beside the queue, in the broker's Redis: a producer needs only
            # the broker, and the sweep reads the queue and kombu's unacked hash there too.
            self._ledger = redis.Redis.from_url(
                self.settings.broker,
                socket_timeout=self.settings.broker_socket_timeout,
                socket_connect_timeout=self.settings.broker_socket_timeout,
            )
        return self._ledger

    def close(self) -> None:
        """Release broker and ledger connections."""
        self.app.close()
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None
