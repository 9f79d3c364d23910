"""find_dates: expressions resolved against the publication date with the tense of their
sentence; unresolved, with the reason, when there is no publication date."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.enrich.dates import (
    _DATE,
    _FUTURE,
    _PAST,
    _WORD_BEFORE,
    NO_ANCHOR,
    _lead_start,
    find_dates,
)

PUBLISHED = date(2017, 1, 17)  # a Tuesday


def _values(text: str, anchor: date | None = PUBLISHED) -> list[tuple[str, str | None]]:
    return [(d.text, d.value) for d in find_dates(text, anchor)]


class TestDates:
    """Date expressions in short texts."""

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("the talks scheduled for January 23", [("January 23", "2017-01-23")]),
            ("a ceasefire endorsed on December 31", [("December 31", "2016-12-31")]),
            ("On Tuesday, he was named", [("On Tuesday", "2017-01-17")]),
            ("Police said on Friday that", [("on Friday", "2017-01-13")]),
            ("They will meet on Friday", [("on Friday", "2017-01-20")]),
            ("estimated in August last year", [("August last year", "2016-08")]),
            ("the vote on 5 March 2015", [("5 March 2015", "2015-03-05")]),
            ("in May 2015", [("May 2015", "2015-05")]),
            ("since 2011", [("2011", "2011")]),
            ("It happened yesterday", [("yesterday", "2017-01-16")]),
            ("talks next month", [("next month", "2017-02")]),
        ],
    )
    def test_resolution(self, text: str, expected: list[tuple[str, str]]) -> None:
        """Each expression resolves to the date its tense implies."""
        assert _values(text) == expected

    def test_granularity_and_tense(self) -> None:
        """A month expression has month granularity; a later date is future."""
        [august] = find_dates("in August last year", PUBLISHED)
        [talks] = find_dates("scheduled for January 23", PUBLISHED)
        assert (august.granularity, august.tense) == ("month", "past")
        assert (talks.granularity, talks.tense) == ("day", "future")

    def test_durations_and_pronouns_are_not_dates(self) -> None:
        """'almost six years', 'we' and bare counts are not dates."""
        assert _values("over the past almost six years we counted 2,000 people") == []

    def test_no_published_at(self) -> None:
        """Without a publication date, relative dates stay unresolved with the reason, and
        dates that carry their year still resolve."""
        tuesday, full = find_dates("On Tuesday, and on 5 March 2015.", None)
        assert tuesday.value is None
        assert tuesday.unresolved_reason == NO_ANCHOR
        assert full.value == "2015-03-05"


class TestLeadStart:
    """_lead_start: where the words before a trigger begin, without the regular expression."""

    @given(
        st.text(st.sampled_from(list("ab1_-' \t\n\u00a0\u2009é.,")), max_size=40),
        st.integers(0, 40),
        st.integers(0, 40),
    )
    def test_same_as_the_search(self, text: str, lo: int, at: int) -> None:
        """Words, hyphens, underscores, every kind of space and punctuation, a window cut
        anywhere and ending anywhere: the start the search of _WORD_BEFORE finds."""
        at = min(at, len(text))
        lo = min(lo, at)
        found = _WORD_BEFORE.search(text, lo, at)
        assert found is not None
        assert _lead_start(text, lo, at) == found.start()


def _texts_of(words: list[str]) -> st.SearchStrategy[str]:
    """Texts of up to 25 pieces drawn from ``words``."""
    return st.lists(st.sampled_from(words), max_size=25).map("".join)


def _without(pattern: re.Pattern[str], look_ahead: str) -> re.Pattern[str]:
    """``pattern`` with its look-ahead after a word boundary (``look_ahead``) made a plain one."""
    plain = re.compile(pattern.pattern.replace(look_ahead, r"\b", 1))
    assert plain.pattern != pattern.pattern
    return plain


def _spans(
    pattern: re.Pattern[str], text: str, lo: int, hi: int, groups: bool = False
) -> list[object]:
    """The matches of ``pattern`` in ``text[lo:hi]``: spans, and named groups if asked."""
    return [(m.span(), m.groupdict() if groups else None) for m in pattern.finditer(text, lo, hi)]


class TestTenseCues:
    """The tense patterns' look-ahead for a lower-case letter changes none of their matches."""

    @given(
        _texts_of(
            [
                "will",
                "Will",
                "was",
                "wanted",
                "set",
                "to",
                "be",
                "held",
                "plans",
                "planned",
                "led",
                "Led",
                "seed",
                "-",
                "'",
                "\u2019",
                "_",
                "\u00e9d",
                "x",
                "ed",
                " ",
                "\n",
                "9",
                "going",
                "till",
                "\u00c9",
            ]
        ),
        st.integers(0, 60),
        st.integers(0, 60),
    )
    def test_same_matches_as_without_it(self, text: str, lo: int, hi: int) -> None:
        """Within any window (cut anywhere, as :func:`_cue` cuts its own), the same spans as
        the patterns without the look-ahead."""
        for pattern in (_FUTURE, _PAST):
            plain = _without(pattern, r"\b(?=[a-z])")
            assert _spans(pattern, text, lo, hi) == _spans(plain, text, lo, hi)


class TestDatePattern:
    """The date pattern's look-ahead for a letter or digit changes none of its matches."""

    @given(
        _texts_of(
            [
                "May",
                "may",
                "5",
                "05",
                "2017",
                "2017-01-17",
                "in",
                "In",
                "last",
                "next",
                "year",
                "Tuesday",
                "morning",
                "of",
                "Sept.",
                "today",
                "mid-",
                "until",
                ",",
                ".",
                " ",
                " ",
                "\n",
                "_",
                "'",
                "-",
                "\u00e9",
                "\u2019",
                "people",
                "%",
                "31st",
            ]
        ),
        st.integers(0, 80),
        st.integers(0, 80),
    )
    def test_same_matches_as_without_it(self, text: str, lo: int, hi: int) -> None:
        """Within any window, the same matches (spans and groups) as the pattern without it."""
        plain = _without(_DATE, r"\b(?=[0-9A-Za-z])")
        assert _spans(_DATE, text, lo, hi, groups=True) == _spans(plain, text, lo, hi, groups=True)
