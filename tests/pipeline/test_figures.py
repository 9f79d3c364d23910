"""find_figures: counts with their kind and qualifier, in digits or words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.dictionaries import token_index
from eventwire.pipeline.enrich import figures
from eventwire.pipeline.enrich.figures import find_figures
from eventwire.pipeline.enrich.triggers import matches_at
from eventwire.schemas.enrichment import DateMention, Place, Span


class TestFigures:
    """Counts in short texts."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("more than 400,000 people had been killed", ("killed", 400000, "more than")),
            ("some 20 other people", ("people", 20, "about")),
            ("Bombs killed at least 12 people", ("killed", 12, "at least")),
            ("Dozens were injured", ("injured", 24, "about")),
            ("almost three civilians were wounded", ("injured", 3, "almost")),
            ("Some 5,000 protesters marched", ("participants", 5000, "about")),
            ("2.5 million refugees", ("displaced", 2500000, "exact")),
            ("11 people are missing", ("missing", 11, "exact")),
            ("police arrested 30 people", ("arrested", 30, "exact")),
        ],
    )
    def test_kinds_and_qualifiers(self, text: str, expected: tuple[str, int, str]) -> None:
        """Kind, value and qualifier of each count."""
        [figure] = find_figures(text, [], [])
        assert (figure.kind, figure.value, figure.qualifier) == expected

    def test_numbers_without_a_counted_noun(self) -> None:
        """A bare number ('in 2017', 'six years') is not a figure."""
        assert list(find_figures("over six years, in 2017, 3 times", [], [])) == []

    def test_sentence_place_and_date(self) -> None:
        """A figure takes the place and date stated in its sentence, not the next one's."""
        text = "In Aleppo 5 people were killed on Monday. Paris is calm."
        aleppo = Place(
            text="Aleppo", span=Span(start=3, end=9), name="Aleppo", kind="city", confidence=0.9
        )
        paris = Place(
            text="Paris", span=Span(start=42, end=47), name="Paris", kind="city", confidence=0.9
        )
        monday = DateMention(
            text="on Monday",
            span=Span(start=31, end=40),
            value="2017-01-16",
            granularity="day",
            tense="past",
            confidence=0.8,
        )
        [figure] = find_figures(text, [aleppo, paris], [monday])
        assert (figure.place, figure.date) == ("Aleppo", "2017-01-16")


_COUNT_WORDS = st.lists(
    st.sampled_from(
        [
            "two",
            "Dozens",
            "a",
            "A",
            "of",
            "1,200",
            "3.5",
            "x9",
            "2009",
            "\u00b2",
            "\u0663",
            "\u00bd",
            "hundreds",
            "hundred",
            "Dozen",
            "thousand's",
            "thou\u017fand",
            "hundred'x",
            "Z",
            "'",
            "\u2019s",
            "-",
            "\n",
            "\u00df",
            "_7",
        ]
    ),
    max_size=30,
).map(" ".join)


def _every_count_token(text: str) -> list[int]:
    """The starts of the tokens that are number words or whose key begins with a digit."""
    index = token_index(text)
    return [
        start
        for key, start in zip(index.keys, index.starts, strict=True)
        if key in figures._NUMBER_WORDS or key[0].isdigit()
    ]


class TestCountStarts:
    """Where a count can begin, found from the token index."""

    @given(_COUNT_WORDS)
    def test_every_number_word_and_digit_token(self, text: str) -> None:
        """Every token that is a number word or whose key begins with a digit, in text order,
        each once, but an 'a' only before 'dozen', 'hundred' or 'thousand'."""
        index = token_index(text)
        expected = [
            start
            for i, (key, start) in enumerate(zip(index.keys, index.starts, strict=True))
            if (key in figures._NUMBER_WORDS and key != "A")
            or key[0].isdigit()
            or (
                key == "A"
                and index.keys[i + 1 : i + 2] != ()
                and index.keys[i + 1].split("'")[0] in {"DOZEN", "HUNDRED", "THOUSAND"}
            )
        ]
        assert figures._count_starts(text) == expected

    @given(_COUNT_WORDS)
    def test_same_count_matches_as_every_number_token(self, text: str) -> None:
        """The counts found from these starts are those found from every number-word and
        digit token, 'a' included: the 'a's left out begin none."""
        every = matches_at(figures._NUMBER_START, text, _every_count_token(text))
        found = matches_at(figures._NUMBER_START, text, figures._count_starts(text))
        assert [m.span() for m in found] == [m.span() for m in every]
