"""Anchored matching: the enrichers' patterns, tried only at the tokens a match can begin with,
find exactly what scanning the whole text finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.dictionaries import token_index
from eventwire.pipeline.enrich import entities, figures, quotes
from eventwire.pipeline.enrich.triggers import matches_at, offsets_of, token_starts

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def _example_texts() -> list[str]:
    """The texts of the example articles (the file holds some malformed lines on purpose)."""
    out = []
    for line in (EXAMPLES / "articles.jsonl").read_text("utf-8").splitlines():
        try:
            row = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(row, dict) and isinstance(row.get("text"), str):
            out.append(row["text"])
    return out


TEXTS = [
    json.loads((EXAMPLES / "seed_article.json").read_text("utf-8"))["text"],
    *_example_texts(),
    "Former Prime Minister John Smith and Vice-President Ann Lee met Mr. Roe. "
    "Jane Doe, the former head of the Red Crescent, joined the Islamist militant group Ansar "
    "Dine and the Al-Shabaab and Boko Haram terrorist groups; Syria's Al-Watan daily said so. "
    "A dozen protesters and twenty-one others, 1,500 people and 2.5 million residents fled. "
    "The blast killed at least 12 people, injuring more than 30; police arrested some 40.",
    "Troops, killing no fewer than 7 and detaining as many as 9, held upwards of 3,000; "
    "over, 4 ran. Killed 5, KILLED 6, \u212ailled 7 and x'than 8 or than's 9 were counted.",
]


def spans(found: list[re.Match[str]]) -> list[tuple[int, int]]:
    return [m.span() for m in found]


class TestMatchesAt:
    """matches_at against finditer over the whole text."""

    @pytest.mark.parametrize("text", TEXTS)
    def test_titles(self, text: str) -> None:
        """Titled names begin at a title word."""
        starts = token_starts(text, entities._TITLE_WORDS)
        assert spans(matches_at(entities._TITLED, text, starts)) == spans(
            list(entities._TITLED.finditer(text))
        )

    @pytest.mark.parametrize("text", TEXTS)
    def test_appositions(self, text: str) -> None:
        """Appositions begin at a capitalised word shortly before a role word."""
        found = matches_at(entities._APPOSITIVE, text, entities._apposition_starts(text))
        assert spans(found) == spans(list(entities._APPOSITIVE.finditer(text)))

    @pytest.mark.parametrize("text", TEXTS)
    def test_organisation_nouns(self, text: str) -> None:
        """Organisation nouns ('militant group', 'daily') begin at one of their words."""
        starts = token_starts(text, entities._ORG_NOUN_WORDS)
        assert spans(matches_at(entities._ORG_NOUN, text, starts)) == spans(
            list(entities._ORG_NOUN.finditer(text))
        )

    @pytest.mark.parametrize("text", TEXTS)
    def test_context_starts_in_one_pass(self, text: str) -> None:
        """The title, role and organisation-noun words and the country names found in one
        pass are those found by one token_starts or positions each (some words, 'CHIEF' and
        'PRESIDENT', are in two of the sets)."""
        assert entities._context_starts(text) == (
            token_starts(text, entities._TITLE_WORDS),
            token_starts(text, entities._APPOSITION_WORDS),
            token_starts(text, entities._ORG_NOUN_WORDS),
            token_index(text).positions(entities._country_keys()),
        )

    @pytest.mark.parametrize("text", TEXTS)
    def test_number_starts(self, text: str) -> None:
        """Counts begin at a digit or a number word."""
        found = [f.span.end for f in figures.find_figures(text, [], [])]
        assert found == sorted(found)
        starts = figures._count_starts(text)
        assert spans(matches_at(figures._NUMBER_START, text, starts)) == spans(
            list(figures._NUMBER_START.finditer(text))
        )

    def test_overlapping_starts_are_skipped(self) -> None:
        """A start inside an earlier match is not tried again, as in finditer."""
        pattern = re.compile(r"ab+")
        assert spans(matches_at(pattern, "abbb ab", [0, 1, 5])) == [(0, 4), (5, 7)]

    @pytest.mark.parametrize("text", TEXTS)
    def test_words_before_a_count(self, text: str) -> None:
        """The verb and qualifier before a count are what searching the 40 characters finds."""
        for number in figures._NUMBER_START.finditer(text):
            at = number.start()
            expected = figures._BEFORE.search(text, max(0, at - 40), at)
            found = figures._before(text, at)
            assert expected is not None
            assert found is not None
            assert found.span() == expected.span()


class TestOffsetsOf:
    """Patterns that begin with one of a few characters, tried only where those are."""

    @given(st.text(st.sampled_from(list('ab .!?\n"\u201c\u201d')), max_size=50))
    def test_every_offset_of_the_characters(self, text: str) -> None:
        """Each offset of each character, once, ascending."""
        expected = [i for i, char in enumerate(text) if char in '.!?\n"\u201c']
        assert offsets_of(text, '.!?\n"\u201c') == expected

    @given(st.text(st.sampled_from(list('ab  ,."\u201c\u201d\n')), max_size=60))
    def test_quotations(self, text: str) -> None:
        """Unclosed, nested, empty and adjacent quotations: the matches of the whole scan."""
        found = matches_at(quotes._QUOTE, text, offsets_of(text, quotes._OPENING_MARKS))
        assert [m.span() for m in found] == [m.span() for m in quotes._QUOTE.finditer(text)]

    def test_quotations_in_the_examples(self) -> None:
        """The example articles' quotations: the matches of the whole scan."""
        for text in _example_texts():
            found = matches_at(quotes._QUOTE, text, offsets_of(text, quotes._OPENING_MARKS))
            assert [m.span() for m in found] == [m.span() for m in quotes._QUOTE.finditer(text)]
