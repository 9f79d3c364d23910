"""The pipeline: submissions in, one published message out for each (record, duplicate notice or
dead letter). Pure apart from the injected :class:`SeenStore` and clock."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from eventwire.pipeline.dedup import Duplicate, Original, SeenStore, claim_request
from eventwire.pipeline.enrich.base import Enricher, enrich
from eventwire.pipeline.events import EventStore, event_mentions
from eventwire.pipeline.intake import normalise_article, record_id_for, validate_article
from eventwire.pipeline.shape import check_shape
from eventwire.pipeline.stories import StoryRequest, StoryStore, story_anchors
from eventwire.schemas.article import ArticleIn, NormalisedArticle, Submission
from eventwire.schemas.enrichment import Enrichment
from eventwire.schemas.errors import DataError
from eventwire.schemas.events import EventRecord
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import (
    ArticleRecord,
    DeadLetter,
    DuplicateNotice,
    Message,
)

Clock = Callable[[], datetime]


@dataclass(slots=True)
class Outcome:
    """What became of one submission, with the time each stage took (milliseconds)."""

    article_id: str
    message: Message
    timings_ms: dict[str, float] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        return self.message.type


@dataclass(slots=True)
class _InFlight:
    submission: Submission
    timings_ms: dict[str, float]
    article: NormalisedArticle | None = None
    record_id: str = ""


def dead_letter_for(error: DataError, submission: Submission, received_at: datetime) -> DeadLetter:
    """The dead letter for a data error raised while processing one submission."""
    return DeadLetter(
        dead_letter_id=derive_id("dead", submission.article_id, error.stage, error.reason),
        article_id=submission.article_id,
        stage=error.stage,
        reason=error.reason,
        message=error.message,
        payload=submission.payload,
        received_at=received_at,
    )


class Pipeline:
    """Validate, normalise, deduplicate, enrich and assemble, for a batch at a time.

    The batch shares one round trip to the seen-store; every other stage is per article.
    """

    def __init__(
        self,
        store: SeenStore,
        enrichers: Sequence[Enricher],
        clock: Clock,
        max_body_bytes: int,
        *,
        events: EventStore | None = None,
        stories: StoryStore | None = None,
    ) -> None:
        self.store = store
        self.enrichers = tuple(enrichers)
        self.clock = clock
        self.max_body_bytes = max_body_bytes
        self.events = events
        self.stories = stories

    def merge_events(self, outcomes: Sequence[Outcome]) -> list[EventRecord]:
        """Merge the coded events of every new record into the cross-article event records;
        return the current state of each event touched (each one to be republished)."""
        if self.events is None:
            return []
        mentions = [
            mention
            for outcome in outcomes
            if isinstance(outcome.message, ArticleRecord)
            for mention in event_mentions(outcome.message)
        ]
        return self.events.merge_many(mentions, self.clock())

    def process(self, submissions: Sequence[Submission]) -> list[Outcome]:
        """Return one outcome per submission, in order."""
        now = self.clock()
        outcomes: dict[int, Outcome] = {}
        flying: list[tuple[int, _InFlight]] = []
        for index, submission in enumerate(submissions):
            timings: dict[str, float] = {}
            started = time.perf_counter()
            checked = validate_article(
                submission.payload, submission.article_id, "intake", now, self.max_body_bytes
            )
            timings["validate"] = _ms_since(started)
            if isinstance(checked, DeadLetter):
                outcomes[index] = Outcome(submission.article_id, checked, timings)
                continue
            result = self._normalise(submission, checked, now, timings)
            if isinstance(result, Outcome):
                outcomes[index] = result
            else:
                flying.append((index, result))

        started = time.perf_counter()
        verdicts = self.store.claim_many(
            [
                claim_request(item.article, item.record_id)
                for _, item in flying
                if item.article is not None
            ]
        )
        dedup_ms = round(_ms_since(started) / max(len(flying), 1), 3)
        originals: list[tuple[int, _InFlight, Original, Enrichment]] = []
        for (index, item), verdict in zip(flying, verdicts, strict=True):
            item.timings_ms["dedup"] = dedup_ms
            if isinstance(verdict, Duplicate):
                outcomes[index] = self._notice(item, verdict, now)
            else:
                originals.append((index, item, verdict, self._enrich(item)))
        # Each record is built once, its story id in it (assigned for the whole batch in one
        # round trip), from one dict by the model's validator: not its parts built as models
        # first and a copy of it made for the story id.
        story_ids = self._assign_stories(
            [(item.record_id, enrichment) for _, item, _, enrichment in originals]
        )
        for (index, item, verdict, enrichment), story_id in zip(originals, story_ids, strict=True):
            fields: dict[str, Any] = {
                "record_id": item.record_id,
                "article": item.article,
                "dedup": {"checked": list(verdict.checked)},
                "enrichment": enrichment,
                "processed_at": now,
            }
            if story_id is not None:
                fields["story_id"] = story_id
            record: ArticleRecord = _VALIDATE_RECORD(fields)
            outcomes[index] = Outcome(record.article.article_id, record, item.timings_ms)
        return [outcomes[index] for index in range(len(submissions))]

    def _assign_stories(self, records: Sequence[tuple[str, Enrichment]]) -> list[str | None]:
        """The story id of every new record (by record id and enrichment), in one round trip to
        the story store; None for each without a store."""
        if self.stories is None:
            return [None] * len(records)
        requests = [StoryRequest(record_id, story_anchors(found)) for record_id, found in records]
        return list(self.stories.assign_many(requests))

    def _normalise(
        self, submission: Submission, article: ArticleIn, now: datetime, timings: dict[str, float]
    ) -> _InFlight | Outcome:
        started = time.perf_counter()
        try:
            normalised = normalise_article(article, submission.article_id)
            check_shape(normalised.text)
        except DataError as error:
            timings["normalise"] = _ms_since(started)
            return Outcome(submission.article_id, dead_letter_for(error, submission, now), timings)
        timings["normalise"] = _ms_since(started)
        return _InFlight(submission, timings, normalised, record_id_for(normalised))

    def _notice(self, item: _InFlight, verdict: Duplicate, now: datetime) -> Outcome:
        article = item.article
        assert article is not None  # only normalised articles are claimed
        notice: DuplicateNotice = _VALIDATE_NOTICE(
            {
                "notice_id": derive_id("dup", article.article_id),
                "article_id": article.article_id,
                "source": article.source,
                "external_id": article.external_id,
                "url": article.url,
                "canonical_url": article.canonical_url,
                "original_record_id": verdict.original_record_id,
                "match": verdict.match,
                "similarity": verdict.similarity,
                "fuller": verdict.fuller,
                "detected_at": now,
            }
        )
        return Outcome(article.article_id, notice, item.timings_ms)

    def _enrich(self, item: _InFlight) -> Enrichment:
        assert item.article is not None  # only normalised articles are claimed
        started = time.perf_counter()
        enrichment = enrich(item.article, self.enrichers)
        item.timings_ms["enrich"] = _ms_since(started)
        return enrichment


_VALIDATE_NOTICE = DuplicateNotice.__pydantic_validator__.validate_python
"""A model validated from one dict by its validator: the same model as the class called with the
fields, without the ``__init__`` around the validation (a few microseconds of each)."""
_VALIDATE_RECORD = ArticleRecord.__pydantic_validator__.validate_python


def _ms_since(started: float) -> float:
    return round((time.perf_counter() - started) * 1000.0, 3)
