"""Pipeline: submissions in, one record, duplicate notice or dead letter out for each."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import pytest

from eventwire.pipeline import DEFAULT_ENRICHERS
from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Original, Verdict
from eventwire.pipeline.flow import Clock, Pipeline
from eventwire.pipeline.stories import StoryRequest, story_anchors
from eventwire.schemas.article import DEFAULT_MAX_BODY_BYTES, Submission
from eventwire.schemas.messages import (
    ArticleRecord,
    DeadLetter,
    DedupVerdict,
    DuplicateNotice,
    Message,
    message_json,
)

Submit = Callable[[str, Any], Submission]


class MemorySeenStore:
    """A SeenStore in a dict: each fingerprint belongs to the first article that claimed it."""

    def __init__(self) -> None:
        self.holders: dict[tuple[str, str], tuple[str, str]] = {}

    def claim_many(self, requests: Sequence[ClaimRequest]) -> list[Verdict]:
        verdicts: list[Verdict] = []
        for request in requests:
            verdicts.append(self._claim(request))
        return verdicts

    def _claim(self, request: ClaimRequest) -> Verdict:
        for fingerprint in request.fingerprints:
            holder = self.holders.get((fingerprint.kind, fingerprint.value))
            if holder is not None and holder[0] != request.article_id:
                return Duplicate(match=fingerprint.kind, original_record_id=holder[1])
        for fingerprint in request.fingerprints:
            self.holders.setdefault(
                (fingerprint.kind, fingerprint.value), (request.article_id, request.record_id)
            )
        return Original(tuple(fingerprint.kind for fingerprint in request.fingerprints))


@pytest.fixture
def pipeline(clock: Clock) -> Pipeline:
    return Pipeline(MemorySeenStore(), DEFAULT_ENRICHERS, clock, DEFAULT_MAX_BODY_BYTES)


@pytest.fixture
def submit(now: datetime) -> Submit:
    """Wrap a payload in a submission under the given article id."""

    def wrap(article_id: str, payload: Any) -> Submission:
        return Submission(article_id=article_id, submitted_at=now, payload=payload)

    return wrap


def _one(pipeline: Pipeline, submission: Submission) -> Message:
    (outcome,) = pipeline.process([submission])
    assert outcome.article_id == submission.article_id
    return outcome.message


class TestRecords:
    """A unique article becomes an article record."""

    def test_seed_becomes_record(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any], now: datetime
    ) -> None:
        """The seed gives a record with its normalised article, dedup verdict and quotes."""
        record = _one(pipeline, submit("art_1", seed))
        assert isinstance(record, ArticleRecord)
        assert record.record_id.startswith("rec_")
        assert record.processed_at == now
        assert record.article.article_id == "art_1"
        assert record.article.canonical_url == (
            "https://news.example.org/2017/01/17/syria-astana-delegations"
        )
        assert record.dedup.checked == ["exact_text", "exact_url"]
        speakers = {quote.speaker for quote in record.enrichment.quotes}
        assert {"Al-Watan", "Lavrov"} <= speakers

    def test_record_id_is_deterministic(
        self, clock: Clock, submit: Submit, seed: dict[str, Any]
    ) -> None:
        """The same content in two pipelines, under different article ids, gets one record id."""
        first = Pipeline(MemorySeenStore(), DEFAULT_ENRICHERS, clock, DEFAULT_MAX_BODY_BYTES)
        second = Pipeline(MemorySeenStore(), DEFAULT_ENRICHERS, clock, DEFAULT_MAX_BODY_BYTES)
        one = _one(first, submit("art_1", seed))
        two = _one(second, submit("art_2", dict(seed)))
        assert isinstance(one, ArticleRecord)
        assert isinstance(two, ArticleRecord)
        assert one.record_id == two.record_id

    def test_redelivery_is_not_a_duplicate(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any]
    ) -> None:
        """The same submission processed again gives the same record again."""
        first = _one(pipeline, submit("art_1", seed))
        again = _one(pipeline, submit("art_1", seed))
        assert isinstance(first, ArticleRecord)
        assert again == first

    def test_html_only_article(self, pipeline: Pipeline, submit: Submit) -> None:
        """An article sent as HTML alone is recorded with the text and title of the page."""
        payload = {
            "source": "example-wire",
            "html": "<html><head><title>Talks</title></head><body><p>Talks begin.</p></body>",
        }
        record = _one(pipeline, submit("art_1", payload))
        assert isinstance(record, ArticleRecord)
        assert (record.article.text, record.article.title) == ("Talks begin.", "Talks")


class TestDuplicates:
    """An article whose content or canonical URL was seen becomes a duplicate notice."""

    def test_same_content_new_id(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any], now: datetime
    ) -> None:
        """The same payload under a new article id is a content_hash duplicate of the first."""
        first = _one(pipeline, submit("art_1", seed))
        notice = _one(pipeline, submit("art_2", seed))
        assert isinstance(first, ArticleRecord)
        assert isinstance(notice, DuplicateNotice)
        assert notice.match == "exact_text"
        assert notice.original_record_id == first.record_id
        assert notice.article_id == "art_2"
        assert notice.similarity == 1.0
        assert notice.detected_at == now

    def test_same_content_respaced_and_requoted(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any]
    ) -> None:
        """A copy re-spaced, upper-cased and with ASCII quotes is a content_hash duplicate."""
        first = _one(pipeline, submit("art_1", seed))
        text = seed["text"].replace("’", "'").replace("\n\n", "\n\n\n  ").upper()
        copy = {"source": "mirror-feed", "text": text}
        notice = _one(pipeline, submit("art_2", copy))
        assert isinstance(first, ArticleRecord)
        assert isinstance(notice, DuplicateNotice)
        assert (notice.match, notice.original_record_id) == ("exact_text", first.record_id)

    def test_same_canonical_url(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any]
    ) -> None:
        """Different text at the same canonical URL is a url duplicate."""
        first = _one(pipeline, submit("art_1", seed))
        update = {
            **seed,
            "url": "https://www.news.example.org/2017/01/17/syria-astana-delegations/#top",
            "text": "Updated: the talks in Astana were postponed by one day.",
        }
        notice = _one(pipeline, submit("art_2", update))
        assert isinstance(first, ArticleRecord)
        assert isinstance(notice, DuplicateNotice)
        assert notice.match == "exact_url"
        assert notice.original_record_id == first.record_id
        assert notice.canonical_url == first.article.canonical_url

    def test_duplicates_within_one_batch(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any]
    ) -> None:
        """Two copies in one batch: the first is the record, the second its duplicate."""
        first, second = pipeline.process([submit("art_1", seed), submit("art_2", seed)])
        assert isinstance(first.message, ArticleRecord)
        assert isinstance(second.message, DuplicateNotice)
        assert second.message.original_record_id == first.message.record_id


class TestDeadLetters:
    """A payload that cannot be processed becomes a dead letter naming why."""

    def test_invalid_payload(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any], now: datetime
    ) -> None:
        """A naive timestamp is dead-lettered at intake as invalid_payload naming the field."""
        payload = {**seed, "published_at": "2017-01-17T18:30:00"}
        letter = _one(pipeline, submit("art_1", payload))
        assert isinstance(letter, DeadLetter)
        assert (letter.stage, letter.reason) == ("intake", "invalid_payload")
        assert [error.loc for error in letter.errors] == ["published_at"]
        assert "published_at" in letter.message
        assert letter.payload == payload
        assert letter.article_id == "art_1"
        assert letter.received_at == now

    def test_body_limit_applies(self, clock: Clock, submit: Submit, seed: dict[str, Any]) -> None:
        """The pipeline's max_body_bytes is the text size limit."""
        small = Pipeline(MemorySeenStore(), DEFAULT_ENRICHERS, clock, 100)
        letter = _one(small, submit("art_1", seed))
        assert isinstance(letter, DeadLetter)
        assert [error.loc for error in letter.errors] == ["text"]

    def test_undecodable_text(self, pipeline: Pipeline, submit: Submit) -> None:
        """Text with a lone surrogate is dead-lettered at normalise as undecodable_text."""
        payload = {"source": "example-wire", "text": "Talks \ud83d in Astana."}
        letter = _one(pipeline, submit("art_1", payload))
        assert isinstance(letter, DeadLetter)
        assert (letter.stage, letter.reason) == ("normalise", "undecodable_text")

    def test_text_empty_after_normalising(self, pipeline: Pipeline, submit: Submit) -> None:
        """Text of nothing but zero-width characters is dead-lettered as empty_text."""
        letter = _one(pipeline, submit("art_1", {"source": "s", "text": "\u200b\u200b"}))
        assert isinstance(letter, DeadLetter)
        assert (letter.stage, letter.reason) == ("normalise", "empty_text")

    def test_backtracking_shaped_text(self, pipeline: Pipeline, submit: Submit) -> None:
        """A text built to make the quote patterns backtrack is dead-lettered at normalise as
        pathological_text, naming the repeated unit, before any enricher runs on it."""
        text = "“" + "Aa Bb " * 20_000 + "said" + " ," * 5_000 + '"' * 3_000
        (outcome,) = pipeline.process([submit("art_1", {"source": "s", "text": text})])
        letter = outcome.message
        assert isinstance(letter, DeadLetter)
        assert (letter.stage, letter.reason) == ("normalise", "pathological_text")
        assert "'Aa Bb '" in letter.message
        assert "enrich" not in outcome.timings_ms

    def test_url_with_invalid_port(self, pipeline: Pipeline, submit: Submit) -> None:
        """A URL whose port is out of range is dead-lettered, not raised out of the batch."""
        payload = {
            "source": "example-wire",
            "url": "https://news.example.org:99999/a",
            "text": "Talks will be held in Astana.",
        }
        (outcome,) = pipeline.process([submit("art_1", payload)])
        assert isinstance(outcome.message, DeadLetter)


class TestOrder:
    """Outcomes come back one per submission, in input order."""

    def test_mixed_batch_in_order(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any]
    ) -> None:
        """Records, dead letters and duplicates come back in the order of the submissions."""
        other = {"source": "example-wire", "text": "A different story about Geneva talks."}
        batch = [
            submit("art_1", seed),
            submit("art_2", {"source": "example-wire"}),
            submit("art_3", other),
            submit("art_4", seed),
            submit("art_5", "not an object"),
        ]
        outcomes = pipeline.process(batch)
        assert [outcome.article_id for outcome in outcomes] == [
            "art_1",
            "art_2",
            "art_3",
            "art_4",
            "art_5",
        ]
        assert [outcome.kind for outcome in outcomes] == [
            "article_record",
            "dead_letter",
            "article_record",
            "duplicate_notice",
            "dead_letter",
        ]

    def test_timings_recorded(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any]
    ) -> None:
        """A record's outcome carries the time of every stage it went through."""
        (outcome,) = pipeline.process([submit("art_1", seed)])
        assert set(outcome.timings_ms) == {"validate", "normalise", "dedup", "enrich"}
        assert all(value >= 0 for value in outcome.timings_ms.values())

    def test_empty_batch(self, pipeline: Pipeline) -> None:
        """No submissions give no outcomes."""
        assert pipeline.process([]) == []


class MemoryStoryStore:
    """A StoryStore that gives each record the story named by its first anchor, and keeps the
    requests it was given."""

    def __init__(self) -> None:
        self.requests: list[StoryRequest] = []

    def assign_many(self, requests: Sequence[StoryRequest]) -> list[str]:
        self.requests.extend(requests)
        return [f"story_{(request.anchors or ('none',))[0]}" for request in requests]


class TestStories:
    """Records get their story ids from the story store, one call per batch."""

    def test_records_carry_their_story(
        self, clock: Clock, submit: Submit, seed: dict[str, Any], now: datetime
    ) -> None:
        """Each new record holds the story the store gave it for its anchors; duplicates and
        dead letters ask for none; the record is the one built from its parts."""
        stories = MemoryStoryStore()
        pipeline = Pipeline(
            MemorySeenStore(), DEFAULT_ENRICHERS, clock, DEFAULT_MAX_BODY_BYTES, stories=stories
        )
        other = {"source": "example-wire", "text": "Talks in Geneva began on Monday."}
        outcomes = pipeline.process(
            [submit("a", seed), submit("b", dict(seed)), submit("c", other), submit("d", 42)]
        )
        first, copy, second, letter = (outcome.message for outcome in outcomes)
        assert isinstance(first, ArticleRecord)
        assert isinstance(second, ArticleRecord)
        assert isinstance(copy, DuplicateNotice)
        assert isinstance(letter, DeadLetter)
        assert [request.record_id for request in stories.requests] == [
            first.record_id,
            second.record_id,
        ]
        for record, request in zip((first, second), stories.requests, strict=True):
            assert request.anchors == story_anchors(record.enrichment)
            assert record.story_id == f"story_{(request.anchors or ('none',))[0]}"
            built = ArticleRecord(
                record_id=record.record_id,
                article=record.article,
                dedup=DedupVerdict(checked=record.dedup.checked),
                enrichment=record.enrichment,
                processed_at=now,
            ).model_copy(update={"story_id": record.story_id})
            assert message_json(record) == message_json(built)

    def test_no_store_no_story(
        self, pipeline: Pipeline, submit: Submit, seed: dict[str, Any]
    ) -> None:
        """Without a story store a record has no story id."""
        record = _one(pipeline, submit("a", seed))
        assert isinstance(record, ArticleRecord)
        assert record.story_id is None
        assert "story_id" not in record.model_fields_set
