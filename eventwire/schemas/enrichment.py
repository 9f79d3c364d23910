"""The enrichment sections of an article record; every item carries its span and a confidence."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from eventwire.schemas.base import Confidence, Contract, CountryCode


class Span(Contract):
    """A half-open character range ``[start, end)`` in the normalised article text."""

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end < self.start:
            raise ValueError("span end comes before its start")
        return self


class Entity(Contract):
    """A person, organisation or armed group, with every place the text mentions it."""

    entity_id: str = Field(description="Unique within the record, e.g. 'ent_1'.")
    kind: Literal["person", "organisation", "group"]
    name: str = Field(description="Canonical name.")
    text: str = Field(description="Surface form at the first mention.")
    span: Span
    mentions: list[Span] = Field(default_factory=list)
    country: CountryCode | None = None
    actor_code: str | None = Field(default=None, description="CAMEO/Phoenix actor code, if known.")
    confidence: Confidence


class Place(Contract):
    """A place mention resolved to a gazetteer entry."""

    text: str
    span: Span
    name: str
    kind: Literal["country", "region", "city", "place"]
    geonames_id: int | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    country: CountryCode | None = None
    demonym: bool = Field(
        default=False,
        description="The mention is an adjective or demonym ('Syrian', 'Swiss'), not the name.",
    )
    confidence: Confidence


class DateMention(Contract):
    """A date expression resolved against the article's publication time."""

    text: str
    span: Span
    value: str | None = Field(description="ISO date at its granularity: 2017-01-23, 2016-08, 2016.")
    granularity: Literal["day", "month", "year"] | None
    tense: Literal["past", "present", "future"] | None
    unresolved_reason: str | None = None
    confidence: Confidence


class Quote(Contract):
    """A direct quotation and who said it."""

    text: str = Field(description="The quoted words, without the quotation marks.")
    span: Span
    speaker: str | None = Field(description="The speaker as named in the text.")
    speaker_span: Span | None = None
    speaker_entity_id: str | None = None
    confidence: Confidence


FigureKind = Literal[
    "killed", "injured", "arrested", "displaced", "missing", "participants", "people", "other"
]
FigureQualifier = Literal[
    "exact", "about", "more than", "at least", "less than", "at most", "almost"
]


class Figure(Contract):
    """A count the article reports (casualties, arrests, participants ...)."""

    kind: FigureKind
    value: Annotated[int, Field(ge=0)]
    qualifier: FigureQualifier
    text: str
    span: Span
    place: str | None = Field(
        default=None, description="The place named in the same sentence, if any."
    )
    date: str | None = Field(
        default=None, description="The resolved date stated in the same sentence, if any."
    )
    confidence: Confidence


PloverCategory = Literal[
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
"""The sixteen PLOVER event categories."""


class ActorRef(Contract):
    """One side of a coded event."""

    code: str = Field(description="CAMEO/Phoenix actor code, e.g. 'RUSGOV'.")
    name: str
    entity_id: str | None = None


class CodedEvent(Contract):
    """Who did what to whom, where and when, with the sentence that supports it."""

    source: ActorRef | None
    target: ActorRef | None
    cameo_code: Annotated[str, Field(pattern=r"^\d{3,4}$")]
    cameo_root: Annotated[str, Field(pattern=r"^\d{2}$")]
    plover: PloverCategory
    place: str | None = None
    date: str | None = None
    statement: bool = Field(default=False, description="A statement or intention (CAMEO 01-03).")
    negated: bool = False
    modality: Literal["actual", "future", "possible"] = "actual"
    passive: bool = Field(default=False, description="Coded from a passive clause.")
    verb: str | None = Field(default=None, description="The verb as written, e.g. 'endorsed'.")
    event_id: str | None = Field(
        default=None, description="The cross-article event record this mention is merged into."
    )
    sentence: Span
    confidence: Confidence


class Tone(Contract):
    """Lexicon tone of the whole text, from the VADER sentiment lexicon (Hutto and Gilbert, 2014;
    shipped in the vaderSentiment package). Each word the lexicon rates has a valence from -4
    (most negative) to +4; a word within three words after a negation counts -0.74 times its
    valence. ``score`` is the sum S of the valences squashed as VADER's compound score,
    S / sqrt(S^2 + 15): -1 is wholly negative, 0 neutral, +1 wholly positive; above 0.05 reads
    as positive and below -0.05 as negative. Long texts saturate towards -1 or +1, so compare
    ``positive`` and ``negative`` too."""

    score: Annotated[float, Field(ge=-1.0, le=1.0, description="VADER-style compound score.")]
    positive: Annotated[
        float, Field(ge=0.0, le=1.0, description="Share of the words with a positive valence.")
    ]
    negative: Annotated[
        float, Field(ge=0.0, le=1.0, description="Share of the words with a negative valence.")
    ]
    word_count: Annotated[int, Field(ge=0, description="Words in the text.")]


class Enrichment(Contract):
    """Everything the enrich stages found; a section is empty when nothing was found."""

    entities: list[Entity] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    quotes: list[Quote] = Field(default_factory=list)
    figures: list[Figure] = Field(default_factory=list)
    events: list[CodedEvent] = Field(default_factory=list)
    tone: Tone | None = None
