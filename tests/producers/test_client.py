"""prepare: the producer's validation and id stamping, with no broker."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
import redis

from eventwire.producers.client import Unparsed, prepare, refuses_writes
from eventwire.schemas.article import DEFAULT_MAX_BODY_BYTES, ArticleIn


@pytest.fixture
def valid() -> dict[str, Any]:
    return {"source": "example-wire", "text": "Talks will be held in Astana."}


class TestPrepare:
    """prepare validates each payload, stamps it, and dead-letters what it refuses."""

    def test_stamps_unique_ids(self, valid: dict[str, Any], now: datetime) -> None:
        """Every payload, even an identical one, gets its own fresh art_ id."""
        prepared = prepare([valid, valid, valid], DEFAULT_MAX_BODY_BYTES, now)
        ids = prepared.article_ids
        assert len(ids) == len(set(ids)) == 3
        assert all(article_id.startswith("art_") for article_id in ids)
        assert [s.article_id for s in prepared.submissions] == ids
        assert prepared.result.accepted == ids

    def test_submissions_carry_payload_and_time(self, valid: dict[str, Any], now: datetime) -> None:
        """A submission holds the payload as given and the time it was stamped."""
        (submission,) = prepare([valid], DEFAULT_MAX_BODY_BYTES, now).submissions
        assert submission.payload == valid
        assert submission.submitted_at == now

    def test_dead_letters_invalid_payload(self, valid: dict[str, Any], now: datetime) -> None:
        """An invalid payload is dead-lettered at stage producer, naming the bad field."""
        bad = {**valid, "published_at": "2017-01-17T18:30:00"}
        prepared = prepare([bad], DEFAULT_MAX_BODY_BYTES, now)
        assert prepared.submissions == []
        (letter,) = prepared.dead_letters
        assert (letter.stage, letter.reason) == ("producer", "invalid_payload")
        assert [error.loc for error in letter.errors] == ["published_at"]
        assert letter.payload == bad
        assert letter.article_id == prepared.article_ids[0]
        (rejection,) = prepared.result.rejected
        assert (rejection.index, rejection.article_id) == (0, letter.article_id)
        assert rejection.reason == "invalid_payload"

    def test_dead_letters_unparsed_line(self, now: datetime) -> None:
        """A line that is not JSON is dead-lettered as invalid_json with its line number."""
        line = Unparsed(line=3, text="{not json", error="Expecting property name")
        prepared = prepare([line], DEFAULT_MAX_BODY_BYTES, now)
        (letter,) = prepared.dead_letters
        assert (letter.stage, letter.reason) == ("producer", "invalid_json")
        assert letter.message.startswith("line 3: ")
        assert letter.payload == "{not json"
        assert letter.received_at == now

    def test_body_limit(self, now: datetime) -> None:
        """max_body_bytes is the limit on the text."""
        prepared = prepare([{"source": "s", "text": "a" * 11}], 10, now)
        (letter,) = prepared.dead_letters
        assert [error.loc for error in letter.errors] == ["text"]

    def test_accepts_article_in(self, now: datetime) -> None:
        """An ArticleIn is queued as its JSON form without null fields."""
        article = ArticleIn(source="example-wire", text="Talks in Astana.")
        (submission,) = prepare([article], DEFAULT_MAX_BODY_BYTES, now).submissions
        assert submission.payload == {
            "source": "example-wire",
            "text": "Talks in Astana.",
            "metadata": {},
        }

    def test_keeps_input_order(self, valid: dict[str, Any], now: datetime) -> None:
        """article_ids follow input order; each rejection's index points at its own id."""
        payloads: list[Any] = [
            valid,
            Unparsed(line=2, text="oops", error="Expecting value"),
            {**valid, "text": "Second story about Geneva."},
            {"source": "example-wire"},
            valid,
        ]
        prepared = prepare(payloads, DEFAULT_MAX_BODY_BYTES, now)
        ids = prepared.article_ids
        assert len(ids) == 5
        assert prepared.result.accepted == [ids[0], ids[2], ids[4]]
        assert [s.article_id for s in prepared.submissions] == [ids[0], ids[2], ids[4]]
        assert [(r.index, r.article_id) for r in prepared.result.rejected] == [
            (1, ids[1]),
            (3, ids[3]),
        ]
        assert [letter.article_id for letter in prepared.dead_letters] == [ids[1], ids[3]]

    def test_start_index_offsets_rejections(self, now: datetime) -> None:
        """With start_index, rejection indexes count from it."""
        prepared = prepare([{"source": "s"}], DEFAULT_MAX_BODY_BYTES, now, start_index=50)
        assert [r.index for r in prepared.result.rejected] == [50]

    def test_dead_letter_ids_unique(self, now: datetime) -> None:
        """Two identical bad payloads get two dead letters with different ids."""
        prepared = prepare([{"source": "s"}, {"source": "s"}], DEFAULT_MAX_BODY_BYTES, now)
        ids = {letter.dead_letter_id for letter in prepared.dead_letters}
        assert len(ids) == 2


class TestRefusesWrites:
    """Tells Redis refusing writes at maxmemory apart from other failures."""

    def test_out_of_memory_is_recognised_through_wrapping(self) -> None:
        """An OOM error, also as the cause of another error, means Redis refuses writes."""
        oom = redis.exceptions.OutOfMemoryError(
            "command not allowed when used memory > 'maxmemory'."
        )
        wrapped = RuntimeError("publish failed")
        wrapped.__cause__ = oom
        assert refuses_writes(wrapped)
        assert refuses_writes(oom)

    def test_other_errors_are_not_overload(self) -> None:
        """A connection error is an outage, not back-pressure."""
        assert not refuses_writes(redis.exceptions.ConnectionError("refused"))
