"""The HTTP intake's pure parts: the API key check and the parsing of a request body."""

from __future__ import annotations

import json
from typing import Any

import pytest

from eventwire.producers.intake import KeyCheck, RefusedError, parse_articles


class TestKeyCheck:
    """Keys are compared with every configured key; missing is 401, wrong is 403."""

    def test_accepts_any_configured_key(self) -> None:
        """Each configured key passes."""
        check = KeyCheck(["a-key", "b-key"])
        check("a-key")
        check("b-key")

    def test_missing_key_is_401(self) -> None:
        """No key is refused with 401 and a WWW-Authenticate header."""
        with pytest.raises(RefusedError) as refused:
            KeyCheck(["a-key"])(None)
        assert refused.value.status == 401
        assert refused.value.headers == {"WWW-Authenticate": "ApiKey"}

    @pytest.mark.parametrize("given", ["a-ke", "a-keyy", "A-KEY", "é"])
    def test_other_key_is_403(self, given: str) -> None:
        """A prefix, an extension, another case or a non-ASCII key is refused with 403."""
        with pytest.raises(RefusedError) as refused:
            KeyCheck(["a-key"])(given)
        assert refused.value.status == 403

    def test_no_keys_configured_refuses_all(self) -> None:
        """With no keys configured, every key is refused."""
        with pytest.raises(RefusedError):
            KeyCheck([])("anything")


def _body(document: Any) -> bytes:
    return json.dumps(document).encode()


class TestParseArticles:
    """One article or a batch, every article valid, or a refusal naming every bad field."""

    def test_one_article(self, seed: dict[str, Any]) -> None:
        """A JSON object is one article."""
        articles = parse_articles(_body(seed), 10, 1_000_000)
        assert [a.source for a in articles] == ["example-wire"]

    def test_batch(self, seed: dict[str, Any]) -> None:
        """A JSON array is a batch, kept in order."""
        batch = [{**seed, "external_id": str(i)} for i in range(3)]
        assert [a.external_id for a in parse_articles(_body(batch), 10, 1_000_000)] == [
            "0",
            "1",
            "2",
        ]

    def test_every_bad_field_is_named(self, seed: dict[str, Any]) -> None:
        """Errors carry the article's index and the field's path, for every bad article."""
        batch = [{**seed, "language": "English"}, seed, {"text": "no source"}]
        with pytest.raises(RefusedError) as refused:
            parse_articles(_body(batch), 10, 1_000_000)
        assert refused.value.status == 422
        assert [(e.index, e.loc) for e in refused.value.problem.errors] == [
            (0, "language"),
            (2, "source"),
        ]

    def test_text_over_max_body_bytes(self) -> None:
        """Text above the configured max_body_bytes is a field error."""
        with pytest.raises(RefusedError) as refused:
            parse_articles(_body({"source": "s", "text": "x" * 101}), 10, 100)
        assert refused.value.problem.errors[0].loc == "text"

    def test_empty_batch_is_422(self) -> None:
        """An empty array is refused: there is nothing to queue."""
        with pytest.raises(RefusedError) as refused:
            parse_articles(b"[]", 10, 100)
        assert refused.value.status == 422

    def test_too_many_is_413(self, seed: dict[str, Any]) -> None:
        """More articles than allowed is refused with 413."""
        with pytest.raises(RefusedError) as refused:
            parse_articles(_body([seed] * 3), 2, 1_000_000)
        assert refused.value.status == 413

    @pytest.mark.parametrize("body", [b"", b"nope", b"\xff\xfe"])
    def test_not_json_is_422(self, body: bytes) -> None:
        """A body that is not JSON (empty, text, bad UTF-8) is refused with 422."""
        with pytest.raises(RefusedError) as refused:
            parse_articles(body, 10, 100)
        assert refused.value.status == 422

    @pytest.mark.parametrize("document", [1, "text", None, [1]])
    def test_not_an_object_is_422(self, document: Any) -> None:
        """A JSON scalar, or a batch holding one, is a validation error."""
        with pytest.raises(RefusedError) as refused:
            parse_articles(_body(document), 10, 100)
        assert refused.value.status == 422
