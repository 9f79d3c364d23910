"""Language detection: lingua, for payloads that do not name their language."""

from __future__ import annotations

import pytest

from eventwire.pipeline.intake import normalise_article
from eventwire.pipeline.language import detect_language
from eventwire.schemas.article import ArticleIn

SENTENCES = [
    ("en", "Rescue teams were still searching for survivors after the earthquake."),
    ("fr", "Les secours cherchaient encore des survivants après le séisme."),
    ("de", "Rettungskräfte suchten nach dem Erdbeben weiter nach Überlebenden."),
    ("es", "Los equipos de rescate seguían buscando supervivientes tras el terremoto."),
    ("ru", "Спасатели продолжали искать выживших после землетрясения."),
    ("ar", "واصلت فرق الإنقاذ البحث عن ناجين بعد الزلزال."),
]


class TestDetectLanguage:
    """detect_language names the language of a text by its ISO 639-1 code."""

    @pytest.mark.parametrize(("code", "text"), SENTENCES)
    def test_detects(self, code: str, text: str) -> None:
        """News sentences in several scripts are recognised."""
        assert detect_language(text) == code

    def test_unsure_is_none(self) -> None:
        """A text with no letters gives no language."""
        assert detect_language("12345 678") is None


class TestArticleLanguage:
    """normalise_article fills the language in only when the payload leaves it out."""

    def test_detected_when_absent(self) -> None:
        """An article without a language gets the detected one."""
        article = ArticleIn(source="wire", text=SENTENCES[1][1])
        assert normalise_article(article, "a1").language == "fr"

    def test_payload_wins(self) -> None:
        """The payload's own language is kept even when detection would differ."""
        article = ArticleIn(source="wire", text=SENTENCES[1][1], language="en")
        assert normalise_article(article, "a1").language == "en"
