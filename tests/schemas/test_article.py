"""ArticleIn: the intake payload's validation rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pydantic import ValidationError

from eventwire.schemas.article import (
    DEFAULT_MAX_BODY_BYTES,
    MAX_METADATA_BYTES,
    MAX_METADATA_ITEMS,
    ArticleIn,
)


def _errors(payload: dict[str, Any], **kwargs: Any) -> dict[str, str]:
    """Validate ``payload`` expecting failure; return each bad field's loc and message."""
    with pytest.raises(ValidationError) as caught:
        ArticleIn.model_validate(payload, **kwargs)
    return {
        ".".join(str(part) for part in error["loc"]): error["msg"]
        for error in caught.value.errors()
    }


def _nested(depth: int) -> dict[str, Any]:
    """A metadata object ``depth`` objects deep: {"k": {"k": ... {"k": 1}}}."""
    value: dict[str, Any] = {"k": 1}
    for _ in range(depth - 1):
        value = {"k": value}
    return value


@pytest.fixture
def minimal() -> dict[str, Any]:
    return {"source": "example-wire", "text": "Talks will be held in Astana."}


class TestSeed:
    """The recorded seed article is a valid payload."""

    def test_accepts_seed(self, seed: dict[str, Any]) -> None:
        """The seed validates, keeping its source, URL and UTC publication time."""
        article = ArticleIn.model_validate(seed)
        assert article.source == "example-wire"
        assert article.url == seed["url"]
        assert article.published_at == datetime(2017, 1, 17, 18, 30, tzinfo=UTC)
        assert article.language is None
        assert article.text == seed["text"]


class TestPublishedAt:
    """published_at must carry a timezone and is stored in UTC."""

    @pytest.mark.parametrize("value", ["2017-01-17T18:30:00", "2017-01-17 18:30"])
    def test_rejects_naive_string(self, minimal: dict[str, Any], value: str) -> None:
        """A timestamp without an offset is rejected with a message about the timezone."""
        errors = _errors({**minimal, "published_at": value})
        assert set(errors) == {"published_at"}
        assert "timezone" in errors["published_at"]

    def test_rejects_naive_datetime(self, minimal: dict[str, Any]) -> None:
        """A naive datetime object is rejected just like a naive string."""
        naive = datetime(2017, 1, 17, 18, 30)  # noqa: DTZ001 - the naive value under test
        errors = _errors({**minimal, "published_at": naive})
        assert "timezone" in errors["published_at"]

    @pytest.mark.parametrize(
        "value",
        ["2017-01-17T20:30:00+02:00", "2017-01-17T13:30:00-05:00", "2017-01-17T18:30:00Z"],
    )
    def test_converts_to_utc(self, minimal: dict[str, Any], value: str) -> None:
        """Any offset is converted to the same instant in UTC."""
        article = ArticleIn.model_validate({**minimal, "published_at": value})
        assert article.published_at == datetime(2017, 1, 17, 18, 30, tzinfo=UTC)
        assert article.published_at is not None
        assert article.published_at.tzinfo == UTC

    def test_rejects_garbage(self, minimal: dict[str, Any]) -> None:
        """A string that is no timestamp at all is rejected on published_at."""
        assert set(_errors({**minimal, "published_at": "last Tuesday"})) == {"published_at"}


class TestUnknownFields:
    """Fields the contract does not name are an error, not silently dropped."""

    def test_rejects_unknown_field(self, minimal: dict[str, Any]) -> None:
        """An extra key is reported under its own name."""
        errors = _errors({**minimal, "keywords": "someone"})
        assert set(errors) == {"keywords"}


class TestBody:
    """An article needs non-empty text or html, each within the size limit."""

    def test_requires_text_or_html(self) -> None:
        """A payload with neither text nor html is rejected."""
        errors = _errors({"source": "example-wire"})
        assert any("text or html" in message for message in errors.values())

    def test_rejects_whitespace_only_text(self) -> None:
        """Text that is only whitespace counts as no text."""
        errors = _errors({"source": "example-wire", "text": " \n\t \n"})
        assert any("text or html" in message for message in errors.values())

    def test_html_alone_is_enough(self) -> None:
        """html without text is accepted."""
        article = ArticleIn.model_validate({"source": "example-wire", "html": "<p>Talks.</p>"})
        assert article.text is None

    def test_default_limit_is_one_megabyte(self) -> None:
        """Text one byte over the default limit is rejected; text at the limit is accepted."""
        assert ArticleIn.model_validate({"source": "s", "text": "a" * DEFAULT_MAX_BODY_BYTES})
        errors = _errors({"source": "s", "text": "a" * (DEFAULT_MAX_BODY_BYTES + 1)})
        assert set(errors) == {"text"}
        assert str(DEFAULT_MAX_BODY_BYTES) in errors["text"]

    def test_limit_counts_utf8_bytes(self) -> None:
        """The limit is in UTF-8 bytes, not characters."""
        errors = _errors({"source": "s", "text": "\u00e9" * 6}, context={"max_body_bytes": 10})
        assert "12 bytes" in errors["text"]

    def test_context_overrides_limit(self) -> None:
        """With context {"max_body_bytes": N}, text and html over N bytes are rejected."""
        context = {"max_body_bytes": 10}
        assert ArticleIn.model_validate({"source": "s", "text": "a" * 10}, context=context)
        assert set(_errors({"source": "s", "text": "a" * 11}, context=context)) == {"text"}
        assert set(_errors({"source": "s", "html": "<p>abcdefgh</p>"}, context=context)) == {"html"}


class TestFieldLimits:
    """source, url and external_id have length and shape limits."""

    def test_source_of_100_characters_accepted(self, minimal: dict[str, Any]) -> None:
        """A 100-character source is within the limit."""
        assert ArticleIn.model_validate({**minimal, "source": "s" * 100}).source == "s" * 100

    def test_source_over_100_rejected(self, minimal: dict[str, Any]) -> None:
        """A 101-character source is rejected."""
        assert set(_errors({**minimal, "source": "s" * 101})) == {"source"}

    def test_url_over_2048_rejected(self, minimal: dict[str, Any]) -> None:
        """A URL longer than 2048 characters is rejected."""
        url = "https://news.example.org/" + "a" * 2048
        assert set(_errors({**minimal, "url": url})) == {"url"}

    @pytest.mark.parametrize(
        "url", ["ftp://news.example.org/a", "news.example.org/a", "javascript:alert(1)", "/a/b"]
    )
    def test_non_http_url_rejected(self, minimal: dict[str, Any], url: str) -> None:
        """Only absolute http and https URLs are accepted."""
        errors = _errors({**minimal, "url": url})
        assert "http" in errors["url"]

    def test_empty_external_id_rejected(self, minimal: dict[str, Any]) -> None:
        """external_id, when given, is not empty."""
        assert set(_errors({**minimal, "external_id": ""})) == {"external_id"}


class TestMetadata:
    """metadata is bounded in depth, item count and size."""

    def test_four_levels_accepted(self, minimal: dict[str, Any]) -> None:
        """Metadata four objects deep is within 'at most 4 levels deep'."""
        metadata = _nested(4)
        assert ArticleIn.model_validate({**minimal, "metadata": metadata}).metadata == metadata

    def test_deeper_than_four_rejected(self, minimal: dict[str, Any]) -> None:
        """Metadata five objects deep is rejected with a message about nesting."""
        errors = _errors({**minimal, "metadata": _nested(5)})
        assert "nested deeper" in errors["metadata"]

    def test_too_many_items_rejected(self, minimal: dict[str, Any]) -> None:
        """More than the allowed number of keys and items is rejected; the limit itself is not."""
        at_limit = {f"k{i}": i for i in range(MAX_METADATA_ITEMS)}
        assert ArticleIn.model_validate({**minimal, "metadata": at_limit})
        over = {"tags": list(range(MAX_METADATA_ITEMS))}
        errors = _errors({**minimal, "metadata": over})
        assert "keys and items" in errors["metadata"]

    def test_too_many_bytes_rejected(self, minimal: dict[str, Any]) -> None:
        """Metadata larger than the byte limit as JSON is rejected."""
        errors = _errors({**minimal, "metadata": {"note": "x" * MAX_METADATA_BYTES}})
        assert "bytes" in errors["metadata"]


class TestLanguage:
    """language is lower-cased, then must look like a BCP 47 tag."""

    @pytest.mark.parametrize(
        ("given", "stored"), [("EN", "en"), ("en-GB", "en-gb"), ("Ar", "ar"), ("fil", "fil")]
    )
    def test_lowercased(self, minimal: dict[str, Any], given: str, stored: str) -> None:
        """The tag is stored in lower case."""
        assert ArticleIn.model_validate({**minimal, "language": given}).language == stored

    @pytest.mark.parametrize("value", ["english", "e", "en_GB", "en-", "12"])
    def test_pattern_enforced(self, minimal: dict[str, Any], value: str) -> None:
        """A value that is not a language tag is rejected."""
        assert set(_errors({**minimal, "language": value})) == {"language"}
