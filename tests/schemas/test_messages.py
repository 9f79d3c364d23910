"""The published messages: JSON round trips, dead letters for invalid payloads, immutability."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from eventwire.schemas.article import ArticleIn, NormalisedArticle
from eventwire.schemas.enrichment import (
    ActorRef,
    CodedEvent,
    DateMention,
    Enrichment,
    Entity,
    Figure,
    Place,
    Quote,
    Span,
    Tone,
)
from eventwire.schemas.messages import (
    ArticleRecord,
    DeadLetter,
    DedupVerdict,
    DuplicateNotice,
    FieldError,
    Message,
    message_json,
)

ROUND_TRIP = settings(max_examples=40, deadline=None)

# Strategies for valid values only: text without lone surrogates (JSON cannot carry them),
# aware datetimes, finite floats, and values inside every field constraint.
texts = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
optional_texts = st.none() | texts
aware = st.datetimes(timezones=st.just(UTC))
unit = st.floats(min_value=0.0, max_value=1.0)
country = st.none() | st.from_regex(r"\A[A-Z]{2}\Z")
spans = st.tuples(st.integers(0, 100_000), st.integers(0, 100_000)).map(
    lambda pair: Span(start=min(pair), end=max(pair))
)
json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(texts, inner, max_size=3),
    max_leaves=10,
)
metadata = st.dictionaries(texts, json_scalars | st.lists(json_scalars, max_size=3), max_size=4)

entities = st.builds(
    Entity,
    entity_id=texts,
    kind=st.sampled_from(["person", "organisation", "group"]),
    name=texts,
    text=texts,
    span=spans,
    mentions=st.lists(spans, max_size=3),
    country=country,
    actor_code=optional_texts,
    confidence=unit,
)
places = st.builds(
    Place,
    text=texts,
    span=spans,
    name=texts,
    kind=st.sampled_from(["country", "region", "city", "place"]),
    geonames_id=st.none() | st.integers(0, 2**31),
    lat=st.none() | st.floats(-90, 90),
    lon=st.none() | st.floats(-180, 180),
    country=country,
    confidence=unit,
)
dates = st.builds(
    DateMention,
    text=texts,
    span=spans,
    value=optional_texts,
    granularity=st.none() | st.sampled_from(["day", "month", "year"]),
    tense=st.none() | st.sampled_from(["past", "present", "future"]),
    unresolved_reason=optional_texts,
    confidence=unit,
)
quotes = st.builds(
    Quote,
    text=texts,
    span=spans,
    speaker=optional_texts,
    speaker_span=st.none() | spans,
    speaker_entity_id=optional_texts,
    confidence=unit,
)
figures = st.builds(
    Figure,
    kind=st.sampled_from(["killed", "injured", "arrested", "displaced", "people", "other"]),
    value=st.integers(0, 10**9),
    qualifier=st.sampled_from(["exact", "about", "more than", "at least", "almost"]),
    text=texts,
    span=spans,
    confidence=unit,
)
actors = st.none() | st.builds(ActorRef, code=texts, name=texts, entity_id=optional_texts)
events = st.builds(
    CodedEvent,
    source=actors,
    target=actors,
    cameo_code=st.from_regex(r"\A[0-9]{3,4}\Z"),
    cameo_root=st.from_regex(r"\A[0-9]{2}\Z"),
    plover=st.sampled_from(["AGREE", "CONSULT", "ACCUSE", "ASSAULT"]),
    place=optional_texts,
    date=optional_texts,
    statement=st.booleans(),
    negated=st.booleans(),
    modality=st.sampled_from(["actual", "future", "possible"]),
    sentence=spans,
    confidence=unit,
)
tones = st.none() | st.builds(
    Tone,
    score=st.floats(-1.0, 1.0),
    positive=unit,
    negative=unit,
    word_count=st.integers(0, 10**6),
)
enrichments = st.builds(
    Enrichment,
    entities=st.lists(entities, max_size=2),
    places=st.lists(places, max_size=2),
    dates=st.lists(dates, max_size=2),
    quotes=st.lists(quotes, max_size=2),
    figures=st.lists(figures, max_size=2),
    events=st.lists(events, max_size=2),
    tone=tones,
)
articles = st.builds(
    NormalisedArticle,
    article_id=texts,
    source=texts,
    external_id=optional_texts,
    url=optional_texts,
    canonical_url=optional_texts,
    title=optional_texts,
    published_at=st.none() | aware,
    language=optional_texts,
    text=texts,
    content_hash=st.from_regex(r"\A[0-9a-f]{64}\Z"),
    word_count=st.integers(0, 10**6),
    metadata=metadata,
)
match_kinds = st.sampled_from(["exact_url", "exact_text", "near", "contained"])
records = st.builds(
    ArticleRecord,
    record_id=texts,
    article=articles,
    dedup=st.builds(DedupVerdict, checked=st.lists(match_kinds, max_size=4)),
    enrichment=enrichments,
    processed_at=aware,
)
notices = st.builds(
    DuplicateNotice,
    notice_id=texts,
    article_id=texts,
    source=texts,
    external_id=optional_texts,
    url=optional_texts,
    canonical_url=optional_texts,
    original_record_id=texts,
    match=match_kinds,
    similarity=unit,
    detected_at=aware,
)
letters = st.builds(
    DeadLetter,
    dead_letter_id=texts,
    article_id=optional_texts,
    stage=st.sampled_from(["producer", "intake", "normalise", "dedup", "enrich", "publish"]),
    reason=st.from_regex(r"\A[a-z][a-z0-9_]{0,30}\Z"),
    message=texts,
    errors=st.lists(st.builds(FieldError, loc=texts, message=texts, type=texts), max_size=3),
    payload=json_values,
    received_at=aware,
)
articles_in = st.builds(
    ArticleIn,
    source=st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9._:/ -]{0,99}\Z"),
    text=texts.filter(lambda text: text.strip() != ""),
    html=optional_texts,
    url=st.none()
    | st.from_regex(r"\A[a-z0-9-]{1,20}(\.[a-z]{2,6}){1,2}(/[A-Za-z0-9_.~-]{0,20}){0,3}\Z").map(
        lambda rest: f"https://{rest}"
    ),
    title=optional_texts,
    published_at=st.none() | aware,
    language=st.none() | st.from_regex(r"\A[a-z]{2,3}(-[a-z0-9]{2,8})?\Z"),
    external_id=st.none() | texts.filter(bool),
    metadata=metadata,
)


def _round_trip(model: BaseModel) -> None:
    again = type(model).model_validate_json(model.model_dump_json())
    assert again == model


class TestMessageJson:
    """``message_json`` writes the very bytes the channels wrote before with orjson."""

    @staticmethod
    def _same(message: Message) -> None:
        assert message_json(message) == orjson.dumps(message.model_dump(mode="json"))

    @ROUND_TRIP
    @given(records)
    def test_article_record(self, record: ArticleRecord) -> None:
        """Records of any text, floats and metadata serialise byte for byte as before."""
        self._same(record)

    @ROUND_TRIP
    @given(notices)
    def test_duplicate_notice(self, notice: DuplicateNotice) -> None:
        """Duplicate notices serialise byte for byte as before."""
        self._same(notice)

    @ROUND_TRIP
    @given(letters)
    def test_dead_letter(self, letter: DeadLetter) -> None:
        """Dead letters, whatever JSON payload they carry, serialise byte for byte as before."""
        self._same(letter)

    def test_payload_edge_values(self, now: datetime) -> None:
        """Control characters, non-ASCII, NaN and infinities in a payload come out as orjson
        wrote them (NaN and infinities as null); an integer beyond 64 bits, which orjson
        refused, is written as a JSON number."""
        letter = DeadLetter(
            dead_letter_id="dead_1",
            article_id=None,
            stage="intake",
            reason="invalid_payload",
            message="m",
            payload={"t": "\x00\x1f\x7f\u2028 é \U0001f600 </p>", "n": [math.nan, -math.inf]},
            received_at=now,
        )
        self._same(letter)
        assert b'"n":[null,null]' in message_json(letter)
        big = letter.model_copy(update={"payload": {"big": 2**70}})
        assert orjson.loads(message_json(big))["payload"] == {"big": 2**70}

    def test_fixture_messages(
        self,
        article_record: ArticleRecord,
        duplicate_notice: DuplicateNotice,
        dead_letter: DeadLetter,
    ) -> None:
        """The hand-written sample of each message type serialises as before."""
        for message in (article_record, duplicate_notice, dead_letter):
            self._same(message)


class TestRoundTrip:
    """Every published model survives JSON serialisation unchanged."""

    @ROUND_TRIP
    @given(records)
    def test_article_record(self, record: ArticleRecord) -> None:
        """An article record dumped to JSON validates back to an equal record."""
        _round_trip(record)

    @ROUND_TRIP
    @given(notices)
    def test_duplicate_notice(self, notice: DuplicateNotice) -> None:
        """A duplicate notice dumped to JSON validates back to an equal notice."""
        _round_trip(notice)

    @ROUND_TRIP
    @given(letters)
    def test_dead_letter(self, letter: DeadLetter) -> None:
        """A dead letter, whatever JSON payload it carries, round-trips unchanged."""
        _round_trip(letter)

    @ROUND_TRIP
    @given(articles_in)
    def test_article_in(self, article: ArticleIn) -> None:
        """An intake payload dumped to JSON validates back to an equal payload."""
        _round_trip(article)

    def test_fixture_messages(
        self,
        article_record: ArticleRecord,
        duplicate_notice: DuplicateNotice,
        dead_letter: DeadLetter,
    ) -> None:
        """The hand-written sample of each message type round-trips too."""
        for message in (article_record, duplicate_notice, dead_letter):
            _round_trip(message)

    def test_dead_letter_with_lone_surrogate_serialises(self, now: datetime) -> None:
        """A dead letter whose payload holds a lone surrogate still serialises to JSON."""
        letter = DeadLetter(
            dead_letter_id="dead_1",
            article_id="art_1",
            stage="normalise",
            reason="undecodable_text",
            message="text holds unpaired UTF-16 surrogates",
            payload={"source": "x", "text": "broken \ud83d emoji"},
            received_at=now,
        )
        body = letter.model_dump_json()
        assert "undecodable_text" in body


class TestForInvalidPayload:
    """DeadLetter.for_invalid_payload names every bad field."""

    @pytest.fixture
    def bad_payload(self) -> dict[str, Any]:
        return {
            "source": "s" * 101,
            "text": "Talks will be held in Astana.",
            "url": "ftp://news.example.org/a",
            "published_at": "2017-01-17T18:30:00",
            "colour": "red",
        }

    @pytest.fixture
    def letter(self, bad_payload: dict[str, Any], now: datetime) -> DeadLetter:
        with pytest.raises(ValidationError) as caught:
            ArticleIn.model_validate(bad_payload)
        return DeadLetter.for_invalid_payload(caught.value, bad_payload, "art_1", "intake", now)

    def test_errors_name_every_field(self, letter: DeadLetter) -> None:
        """errors holds one entry per bad field, located by its name."""
        assert {error.loc for error in letter.errors} == {
            "source",
            "url",
            "published_at",
            "colour",
        }

    def test_message_names_every_field(self, letter: DeadLetter) -> None:
        """The message counts the bad fields and names each of them."""
        assert letter.message.startswith("4 invalid field(s): ")
        for name in ("source", "url", "published_at", "colour"):
            assert f"{name}: " in letter.message

    def test_keeps_payload_and_context(
        self, letter: DeadLetter, bad_payload: dict[str, Any], now: datetime
    ) -> None:
        """The payload is kept as received, with the stage, reason and article id."""
        assert letter.payload == bad_payload
        assert (letter.stage, letter.reason, letter.article_id) == (
            "intake",
            "invalid_payload",
            "art_1",
        )
        assert letter.received_at == now

    def test_whole_payload_error_located(self, now: datetime) -> None:
        """An error about the payload as a whole (no text or html) is located at '(payload)'."""
        payload = {"source": "example-wire"}
        with pytest.raises(ValidationError) as caught:
            ArticleIn.model_validate(payload)
        letter = DeadLetter.for_invalid_payload(caught.value, payload, None, "producer", now)
        assert [error.loc for error in letter.errors] == ["(payload)"]

    def test_id_is_deterministic(self, bad_payload: dict[str, Any], now: datetime) -> None:
        """The same rejection gives the same dead letter id; another article id another id."""
        with pytest.raises(ValidationError) as caught:
            ArticleIn.model_validate(bad_payload)
        first = DeadLetter.for_invalid_payload(caught.value, bad_payload, "art_1", "intake", now)
        again = DeadLetter.for_invalid_payload(caught.value, bad_payload, "art_1", "intake", now)
        other = DeadLetter.for_invalid_payload(caught.value, bad_payload, "art_2", "intake", now)
        assert first.dead_letter_id == again.dead_letter_id != other.dead_letter_id


class TestFrozen:
    """Published models are immutable."""

    @pytest.mark.parametrize(
        ("fixture", "field"),
        [
            ("article_record", "record_id"),
            ("duplicate_notice", "original_record_id"),
            ("dead_letter", "reason"),
        ],
    )
    def test_rejects_assignment(
        self, request: pytest.FixtureRequest, fixture: str, field: str
    ) -> None:
        """Assigning to a field of a published message raises."""
        message = request.getfixturevalue(fixture)
        with pytest.raises(ValidationError, match="frozen"):
            setattr(message, field, "changed")

    def test_nested_models_frozen(self, article_record: ArticleRecord) -> None:
        """The normalised article inside a record cannot be changed either."""
        with pytest.raises(ValidationError, match="frozen"):
            article_record.article.text = "changed"  # type: ignore[misc]

    def test_article_in_frozen(self, seed: dict[str, Any]) -> None:
        """An accepted intake payload cannot be changed."""
        article = ArticleIn.model_validate(seed)
        with pytest.raises(ValidationError, match="frozen"):
            article.source = "changed"  # type: ignore[misc]


class TestDeadLetterPayloadDepth:
    """A dead letter stays readable whatever the nesting of the payload it carries."""

    def test_deep_payload_is_kept_as_json_text(self) -> None:
        """A payload nested 200 levels is kept as its JSON text, and the letter round-trips."""
        payload: Any = "bottom"
        for _ in range(200):
            payload = {"x": payload}
        letter = DeadLetter(
            dead_letter_id="d1",
            article_id=None,
            stage="intake",
            reason="invalid_payload",
            message="too deep",
            payload=payload,
            received_at=datetime(2024, 1, 1, tzinfo=UTC),
        )
        assert isinstance(letter.payload, str)
        assert letter.payload.startswith('{"x": {"x":')
        assert DeadLetter.model_validate_json(letter.model_dump_json()) == letter

    def test_shallow_payload_is_kept_as_is(self) -> None:
        """A payload within the depth limit keeps its structure."""
        letter = DeadLetter(
            dead_letter_id="d2",
            article_id=None,
            stage="intake",
            reason="invalid_payload",
            message="bad",
            payload={"a": [1, {"b": 2}]},
            received_at=datetime(2024, 1, 1, tzinfo=UTC),
        )
        assert letter.payload == {"a": [1, {"b": 2}]}
