"""Sentences: the boundaries the enrichers attach figures and tense to."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.enrich import sentences
from eventwire.pipeline.enrich.sentences import Sentences

_ALTERNATION = re.compile(r"[.!?](?P<gap>[\"”’)]*\s+)(?=[\"“‘(]?[A-Z0-9])|(?P<breaks>\n+)")
"""The boundary pattern as an alternation of its two kinds (before it began with one set of
characters so that the engine can skip to them): the reference the quicker pattern must match."""


def _by_alternation(text: str) -> Sentences:
    starts = [0]
    ends: list[int] = []
    for match in _ALTERNATION.finditer(text):
        end = match.start("gap") if match.start("breaks") < 0 else match.start()
        if text[end] != "\n" and sentences._ABBREVIATION.search(text, max(0, end - 6), end):
            continue
        ends.append(end)
        starts.append(match.end())
    ends.append(len(text))
    return Sentences(tuple(starts), tuple(ends))


class TestSplit:
    def test_sentence_ends_and_breaks(self) -> None:
        """Sentence ends, a paragraph break, and no end after 'Mr.' or 'U.S.'."""
        text = 'Mr. Smith left. "We go," he said! The U.S. Army came.\n\nNext one? Yes'
        found = Sentences.split(text)
        pieces = [text[a:b] for a, b in zip(found.starts, found.ends, strict=True)]
        assert pieces == [
            "Mr. Smith left.",
            '"We go," he said!',
            "The U.S. Army came.",
            "Next one?",
            "Yes",
        ]
        assert found == _by_alternation(text)

    @given(st.text(st.sampled_from(list('aAMrUS. !?\n"”’)“‘(0\t')), max_size=60))
    def test_same_as_the_alternation(self, text: str) -> None:
        """Punctuation, closing quotes, spaces, breaks and abbreviations: the same sentences."""
        assert Sentences.split(text) == _by_alternation(text)
