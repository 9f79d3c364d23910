"""The messages eventwire publishes: article records, duplicate notices and dead letters."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, Field, ValidationError, field_validator

from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.base import SCHEMA_VERSION, Contract, Stage
from eventwire.schemas.enrichment import Enrichment
from eventwire.schemas.events import EventRecord
from eventwire.schemas.ids import derive_id

MatchKind = Literal["exact_url", "exact_text", "near", "contained"]
"""How a duplicate matched: same canonical URL, same normalised text, similar text, or text
contained in the other article."""


class DedupVerdict(Contract):
    """Why the article counts as unique: which fingerprints were checked and found new."""

    status: Literal["unique"] = "unique"
    checked: list[MatchKind] = Field(description="The fingerprints looked up before publishing.")


class ArticleRecord(Contract):
    """Published once for every unique article."""

    schema_version: str = SCHEMA_VERSION
    type: Literal["article_record"] = "article_record"
    record_id: str = Field(description="Deterministic: the same article always gets the same id.")
    article: NormalisedArticle
    dedup: DedupVerdict
    enrichment: Enrichment
    story_id: str | None = Field(
        default=None, description="Articles about the same story share it (within days)."
    )
    processed_at: AwareDatetime

    @property
    def message_id(self) -> str:
        return self.record_id


class DuplicateNotice(Contract):
    """Says that an article duplicates one already recorded, and which."""

    schema_version: str = SCHEMA_VERSION
    type: Literal["duplicate_notice"] = "duplicate_notice"
    notice_id: str
    article_id: str = Field(description="The duplicate submission's id.")
    source: str
    external_id: str | None
    url: str | None
    canonical_url: str | None
    original_record_id: str = Field(description="The record the duplicate repeats.")
    match: MatchKind
    similarity: Annotated[float, Field(ge=0.0, le=1.0)]
    fuller: Literal["original", "duplicate"] = Field(
        default="original",
        description=(
            "Which article holds the fuller text: 'duplicate' when a longer version arrives "
            "after the teaser that became the original."
        ),
    )
    detected_at: AwareDatetime

    @property
    def message_id(self) -> str:
        return self.notice_id


def _escape_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        if not any("\ud800" <= char <= "\udfff" for char in value):
            return value
        return value.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {_escape_surrogates(k): _escape_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_escape_surrogates(item) for item in value]
    return value


MAX_PAYLOAD_DEPTH = 32
"""Deepest payload a dead letter keeps as JSON structure; anything deeper is kept as JSON text,
since consumers' parsers (pydantic's among them) refuse documents nested a few hundred deep."""

MAX_PAYLOAD_TEXT = 1_100_000
"""Characters of a too-deep payload's JSON text that a dead letter keeps."""


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether ``value`` nests lists and dicts deeper than ``limit`` (iteratively)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth >= limit:
                return True
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)
    return False


def _bounded(value: Any) -> Any:
    if not _depth_exceeds(value, MAX_PAYLOAD_DEPTH):
        return value
    try:
        text = json.dumps(value, ensure_ascii=False, default=repr)
    except RecursionError:
        text = "(payload nested too deep to serialise)"
    return text[:MAX_PAYLOAD_TEXT]


class FieldError(Contract):
    """One validation failure: where in the payload, and what is wrong."""

    loc: str = Field(description="Dotted path of the field, e.g. 'published_at'.")
    message: str
    type: str


class DeadLetter(Contract):
    """A payload eventwire rejected, the stage that rejected it and why. Never retried."""

    schema_version: str = SCHEMA_VERSION
    type: Literal["dead_letter"] = "dead_letter"
    dead_letter_id: str
    article_id: str | None
    stage: Stage
    reason: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", description="Machine code.")]
    message: str = Field(description="What is wrong, for a person.")
    errors: list[FieldError] = Field(default_factory=list)
    payload: Any = Field(description="The payload exactly as it was received.")
    received_at: AwareDatetime

    @property
    def message_id(self) -> str:
        return self.dead_letter_id

    @field_validator("payload")
    @classmethod
    def _encodable(cls, value: Any) -> Any:
        """Keep the payload as received, but make unpaired surrogates visible escapes, so that a
        payload rejected for holding them can still be published as JSON; a payload nested
        deeper than consumers parse is kept as its JSON text."""
        return _escape_surrogates(_bounded(value))

    @classmethod
    def for_invalid_payload(
        cls,
        exc: ValidationError,
        payload: Any,
        article_id: str | None,
        stage: Stage,
        received_at: datetime,
        *,
        reason: str = "invalid_payload",
        salt: str = "",
    ) -> DeadLetter:
        """The dead letter for a payload that failed validation, naming every bad field."""
        errors = [
            FieldError(
                loc=".".join(str(part) for part in error["loc"]) or "(payload)",
                message=error["msg"],
                type=error["type"],
            )
            for error in exc.errors(include_url=False)
        ]
        summary = "; ".join(f"{error.loc}: {error.message}" for error in errors)
        key = article_id or salt or repr(payload)[:10_000]
        return cls(
            dead_letter_id=derive_id("dead", key, stage, reason),
            article_id=article_id,
            stage=stage,
            reason=reason,
            message=f"{len(errors)} invalid field(s): {summary}",
            errors=errors,
            payload=payload,
            received_at=received_at,
        )


Message = ArticleRecord | DuplicateNotice | DeadLetter | EventRecord
"""Anything a channel publishes."""


def message_json(message: Message) -> bytes:
    """The JSON body of a message in one pass of pydantic-core's serializer: byte for byte what
    ``orjson.dumps(message.model_dump(mode="json"))`` gives (compact, UTF-8, fields in order,
    NaN and infinities of free-form payloads as null), without building the dict first. It
    also writes integers beyond 64 bits, which orjson refuses."""
    return message.__pydantic_serializer__.to_json(message)


MESSAGE_TYPES: dict[
    str, type[ArticleRecord] | type[DuplicateNotice] | type[DeadLetter] | type[EventRecord]
] = {
    "article_record": ArticleRecord,
    "duplicate_notice": DuplicateNotice,
    "dead_letter": DeadLetter,
    "event_record": EventRecord,
}
