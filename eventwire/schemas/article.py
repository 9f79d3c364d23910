"""The intake payload an upstream system sends, its queue envelope, and the normalised article."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import (
    AwareDatetime,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from eventwire.schemas.base import SCHEMA_VERSION, Contract

DEFAULT_MAX_BODY_BYTES = 1_000_000
"""Default cap on ``text`` and on ``html``, in UTF-8 bytes; override with validation context
``{"max_body_bytes": N}`` (the settings object does this)."""

MAX_METADATA_DEPTH = 4
MAX_METADATA_ITEMS = 100
MAX_METADATA_BYTES = 16_384

JsonValue = Any


def _metadata_shape(value: JsonValue, depth: int) -> int:
    """Return how many keys and items ``value`` holds, rejecting nesting deeper than allowed."""
    if isinstance(value, dict | list) and depth > MAX_METADATA_DEPTH:
        raise ValueError(f"metadata is nested deeper than {MAX_METADATA_DEPTH} levels")
    if isinstance(value, dict):
        return len(value) + sum(_metadata_shape(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return len(value) + sum(_metadata_shape(v, depth + 1) for v in value)
    return 0


class ArticleIn(Contract):
    """One article as an upstream ingest system sends it."""

    source: Annotated[
        str,
        Field(
            min_length=1,
            max_length=100,
            pattern=r"^[A-Za-z0-9][A-Za-z0-9._:/ -]*$",
            description="Short name of the publisher or feed, e.g. 'reuters' or 'example-wire'.",
        ),
    ]
    text: str | None = Field(
        default=None, description="Plain article text. Required unless html is given."
    )
    html: str | None = Field(default=None, description="Raw HTML of the article page.")
    url: Annotated[str, Field(max_length=2048)] | None = Field(
        default=None, description="Where the article was published (http or https)."
    )
    title: Annotated[str, Field(max_length=1000)] | None = None
    author: Annotated[str, Field(max_length=1000)] | None = Field(
        default=None, description="Byline; read off the page when html is given and this is not."
    )
    published_at: AwareDatetime | None = Field(
        default=None,
        description="Publication time with its timezone, e.g. 2017-01-17T18:30:00Z.",
    )
    language: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")] | None = Field(
        default=None, description="BCP 47 language tag (ISO 639 code first), e.g. 'en'."
    )
    external_id: Annotated[str, Field(min_length=1, max_length=256)] | None = Field(
        default=None, description="The upstream system's own id for the article."
    )
    metadata: dict[str, JsonValue] = Field(
        default_factory=dict,
        description=(
            "Free-form JSON passed through to the record: at most "
            f"{MAX_METADATA_DEPTH} levels deep, {MAX_METADATA_ITEMS} keys and items, "
            f"{MAX_METADATA_BYTES} bytes."
        ),
    )

    @field_validator("published_at", mode="before")
    @classmethod
    def _require_timezone(cls, value: Any) -> Any:
        parsed = value
        if isinstance(value, str):
            try:
                parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            except ValueError:
                return value  # pydantic's own parser reports the format error
        if isinstance(parsed, datetime) and parsed.tzinfo is None:
            raise ValueError(
                "published_at has no timezone; send it with one, e.g. 2017-01-17T18:30:00Z "
                "(a naive timestamp is ambiguous)"
            )
        return value

    @field_validator("published_at")
    @classmethod
    def _to_utc(cls, value: datetime | None) -> datetime | None:
        return None if value is None else value.astimezone(UTC)

    @field_validator("language", mode="before")
    @classmethod
    def _lower_language(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parts = urlsplit(value.strip())
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            raise ValueError("url must be an absolute http or https URL")
        try:
            parts.port  # noqa: B018  # raises on a port that is not a number in range
        except ValueError as exc:
            raise ValueError(f"url has an invalid port: {exc}") from exc
        return value.strip()

    @field_validator("text", "html")
    @classmethod
    def _body_size(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None:
            return None
        limit = DEFAULT_MAX_BODY_BYTES
        if isinstance(info.context, dict):
            limit = int(info.context.get("max_body_bytes", limit))
        size = len(value.encode("utf-8", errors="surrogatepass"))
        if size > limit:
            raise ValueError(f"{info.field_name} is {size} bytes, more than the limit of {limit}")
        return value

    @field_validator("metadata")
    @classmethod
    def _bounded_metadata(cls, value: dict[str, JsonValue]) -> dict[str, JsonValue]:
        items = _metadata_shape(value, 1)
        if items > MAX_METADATA_ITEMS:
            raise ValueError(
                f"metadata holds {items} keys and items, more than {MAX_METADATA_ITEMS}"
            )
        size = len(json.dumps(value, ensure_ascii=False).encode("utf-8"))
        if size > MAX_METADATA_BYTES:
            raise ValueError(f"metadata is {size} bytes of JSON, more than {MAX_METADATA_BYTES}")
        return value

    @model_validator(mode="after")
    def _has_body(self) -> ArticleIn:
        has_text = self.text is not None and self.text.strip() != ""
        has_html = self.html is not None and self.html.strip() != ""
        if not has_text and not has_html:
            raise ValueError("an article needs non-empty text or html")
        return self


class Submission(Contract):
    """One article on the queue: the raw payload as received, under the id the producer stamped.

    The payload stays raw on purpose: the queue is a trust boundary, so the worker validates it
    again, and a payload that fails there is dead-lettered exactly as it arrived.
    """

    schema_version: str = SCHEMA_VERSION
    article_id: Annotated[str, Field(min_length=1, max_length=128)]
    submitted_at: AwareDatetime
    payload: JsonValue


class Batch(Contract):
    """The message body of ``eventwire.process_batch``: articles that travel together."""

    schema_version: str = SCHEMA_VERSION
    batch_id: Annotated[str, Field(min_length=1, max_length=128)]
    items: Annotated[list[Submission], Field(min_length=1, max_length=10_000)]


class NormalisedArticle(Contract):
    """The article after normalisation; every span in the record points into ``text``."""

    article_id: str
    source: str
    external_id: str | None
    url: str | None = Field(description="The URL as received.")
    canonical_url: str | None = Field(description="The URL with tracking and noise removed.")
    title: str | None
    author: str | None = None
    published_at: datetime | None
    language: str | None
    text: str = Field(description="The normalised text that spans refer to.")
    content_hash: str = Field(description="SHA-256 of the text folded for matching.")
    word_count: int = Field(ge=0)
    metadata: dict[str, JsonValue] = Field(default_factory=dict)
