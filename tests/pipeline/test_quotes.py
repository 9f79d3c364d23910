"""find_quotes: direct quotations of four words or more, with their speakers and spans."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.enrich import enrich, extract_entities, extract_quotes, quotes
from eventwire.pipeline.enrich.quotes import find_quotes, speaker_entity
from eventwire.pipeline.intake import normalise_article
from eventwire.pipeline.normalise import normalise_text
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.enrichment import Quote


@pytest.fixture
def seed_text(seed: dict[str, Any]) -> str:
    """The seed article's text as the pipeline normalises it."""
    return normalise_text(seed["text"])


@pytest.fixture
def seed_quotes(seed_text: str) -> list[Quote]:
    return list(find_quotes(seed_text))


def _starting(quotes: list[Quote], prefix: str) -> Quote:
    found = [quote for quote in quotes if quote.text.startswith(prefix)]
    assert len(found) == 1, f"expected one quote starting {prefix!r}, got {found}"
    return found[0]


class TestSeedQuotes:
    """The quotes of the seed article."""

    def test_al_watan_quote(self, seed_quotes: list[Quote]) -> None:
        """'... will be led by Syrian diplomat ...' is attributed to Al-Watan, not 'a report'."""
        quote = _starting(seed_quotes, "will be led by Syrian diplomat")
        assert quote.speaker == "Al-Watan"
        assert quote.text.endswith("Bashar al-Ja’afari")

    def test_lavrov_quote(self, seed_quotes: list[Quote]) -> None:
        """The first Lavrov quote ('..., Lavrov said') names Lavrov."""
        quote = _starting(seed_quotes, "We think it would be the right thing")
        assert quote.speaker == "Lavrov"
        assert quote.confidence >= 0.8

    def test_lavrov_continuation(self, seed_quotes: list[Quote]) -> None:
        """The second Lavrov quote ('..., he added') keeps the previous speaker."""
        quote = _starting(seed_quotes, "We’re counting on the new [US] administration")
        assert quote.speaker == "Lavrov"
        assert quote.text.endswith("fighting terrorism in Syria")

    def test_lavrov_quotes_in_order(self, seed_quotes: list[Quote]) -> None:
        """Both Lavrov quotes are found, in text order."""
        lavrov = [quote for quote in seed_quotes if quote.speaker == "Lavrov"]
        assert [quote.text[:10] for quote in lavrov] == ["We think i", "We’re coun"]

    def test_scare_quotes_ignored(self, seed_quotes: list[Quote]) -> None:
        """Every quote found has at least four words."""
        assert all(len(quote.text.split()) >= 4 for quote in seed_quotes)

    def test_spans_slice_the_text(self, seed_text: str, seed_quotes: list[Quote]) -> None:
        """Each quote's span slices exactly its text, and its speaker span its speaker."""
        assert seed_quotes
        for quote in seed_quotes:
            assert seed_text[quote.span.start : quote.span.end] == quote.text
            if quote.speaker_span is not None:
                speaker = seed_text[quote.speaker_span.start : quote.speaker_span.end]
                assert speaker == quote.speaker

    def test_confidences_in_range(self, seed_quotes: list[Quote]) -> None:
        """Every confidence lies in [0, 1]."""
        assert all(0.0 <= quote.confidence <= 1.0 for quote in seed_quotes)


class TestPatterns:
    """The attribution patterns find_quotes recognises."""

    def test_short_scare_quotes_ignored(self) -> None:
        """Quoted runs of fewer than four words are not quotations."""
        text = (
            'The so-called “moderates” walked out and the "peace plan" stalled '
            'for "two more weeks".'
        )
        assert list(find_quotes(text)) == []

    def test_four_words_is_a_quote(self) -> None:
        """A quoted run of exactly four words counts."""
        quotes = list(find_quotes("“We will not attend,” Lavrov said."))
        assert [quote.text for quote in quotes] == ["We will not attend"]

    def test_name_said_colon_before_quote(self) -> None:
        """'X said: “...”' attributes the quote to X."""
        text = "Maria Zakharova said: “The talks will go ahead as planned next week.”"
        (quote,) = find_quotes(text)
        assert quote.speaker == "Maria Zakharova"
        assert quote.text == "The talks will go ahead as planned next week."
        assert quote.speaker_span is not None
        assert text[quote.speaker_span.start : quote.speaker_span.end] == "Maria Zakharova"

    @pytest.mark.parametrize(
        "text",
        [
            "“We will not accept any preconditions,” the spokesman said.",
            "“We will not accept any preconditions,” said the spokesman.",
        ],
    )
    def test_description_speaker(self, text: str) -> None:
        """A description ('the spokesman said', 'said the spokesman') is the speaker."""
        (quote,) = find_quotes(text)
        assert quote.speaker == "the spokesman"
        assert quote.text == "We will not accept any preconditions"

    def test_straight_quotes(self) -> None:
        """Straight double quotes work like curly ones, and 'he added' keeps the speaker."""
        text = (
            '"Talks will start on Monday as planned," Lavrov said. '
            '"We hope that all the parties will attend," he added.'
        )
        quotes = list(find_quotes(text))
        assert [quote.speaker for quote in quotes] == ["Lavrov", "Lavrov"]
        for quote in quotes:
            assert text[quote.span.start : quote.span.end] == quote.text

    def test_unattributed_quote(self) -> None:
        """A quote with no attribution nearby has no speaker."""
        (quote,) = find_quotes("The banner read “peace now for all Syrians” in red.")
        assert quote.speaker is None
        assert quote.speaker_span is None

    def test_trailing_comma_trimmed(self) -> None:
        """The comma before the closing quote is not part of the quote or its span."""
        text = "“We think it is right,” Lavrov said."
        (quote,) = find_quotes(text)
        assert quote.text == "We think it is right"
        assert text[quote.span.start : quote.span.end] == quote.text


class TestSpeakerEntities:
    """extract_quotes resolves each speaker to an entity found before it."""

    def test_seed_speakers(self, seed: dict[str, Any]) -> None:
        """'Lavrov' resolves to Sergey Lavrov and 'Al-Watan' to the Al-Watan daily."""
        article = normalise_article(ArticleIn.model_validate(seed), "art_seed")
        found = enrich(article, (extract_entities, extract_quotes))
        names = {e.entity_id: e.name for e in found.entities}
        speakers = {q.text[:20]: names.get(q.speaker_entity_id or "") for q in found.quotes}
        assert speakers["will be led by Syria"] == "Al-Watan"
        assert speakers["We think it would be"] == "Sergey Lavrov"
        assert speakers["We’re counting on th"] == "Sergey Lavrov"

    def test_find_quotes_resolves_as_speaker_entity(self, seed: dict[str, Any]) -> None:
        """find_quotes given the entities sets each quote's entity as speaker_entity() finds
        it from the quote alone; without entities it sets none."""
        article = normalise_article(ArticleIn.model_validate(seed), "art_seed")
        entities = enrich(article, (extract_entities,)).entities
        resolved = list(find_quotes(article.text, entities))
        bare = list(find_quotes(article.text))
        assert [q.speaker_entity_id for q in bare] == [None] * len(bare)
        assert [q.speaker_entity_id for q in resolved] == [
            speaker_entity(q, entities) for q in bare
        ]
        assert [q.model_copy(update={"speaker_entity_id": None}) for q in resolved] == bare
        assert any(q.speaker_entity_id for q in resolved)


class TestQuickChecks:
    """The string tests that spare the speaker searches never skip a text they would match."""

    @given(
        st.lists(
            st.sampled_from(
                [
                    "He",
                    "she",
                    "Lavrov",
                    "said",
                    "told",
                    "added",
                    "continued",
                    "that",
                    "the",
                    "adding",
                    ":",
                    ",",
                    " ",
                    "  ",
                    "\n",
                    "\u201c",
                    ".",
                    "U.N.",
                    "al-Assad",
                    "thats",
                ]
            ),
            max_size=12,
        ).map(" ".join)
    )
    def test_no_match_is_skipped(self, before: str) -> None:
        """Speakers, verbs, 'that', colons, commas, spaces and line ends in any order."""
        if quotes._BEFORE.search(before):
            assert quotes._may_end_with_verb(before)
        if quotes._CONTINUATION_BEFORE.search(before):
            assert "add" in before or "continu" in before

    def test_verb_endings(self) -> None:
        assert quotes._may_end_with_verb("Lavrov said that, \n")
        assert quotes._may_end_with_verb("he told:")
        assert not quotes._may_end_with_verb("in the report")
