"""Sentence boundaries of normalised text, shared by the enrichers that attach things to the
sentence they were stated in (figures to its place and date, tense to its verbs)."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from eventwire.pipeline.enrich.triggers import offsets_of

_BOUNDARY = re.compile(r"[.!?\n](?:(?<=[.!?])(?P<gap>[\"”’)]*\s+)(?=[\"“‘(]?[A-Z0-9])|(?<=\n)\n*)")
"""A sentence end (the gap after its punctuation) or a paragraph break. The punctuation is part
of the match, not a look-behind, and the pattern begins with the one set of characters a
boundary starts with (not an alternation), so that the engine skips to them with its quick scan
for a leading character set instead of trying the alternation at every character."""
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Rev|Prof|Jr|Sr|No|vs|U\.S|U\.N))\.$"
)


@dataclass(frozen=True, slots=True)
class Sentences:
    """Sentence start offsets of one text, with a lookup from a character offset."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> Sentences:
        """Split ``text`` (cached for the last few texts: several enrichers ask)."""
        return _split(text)

    @classmethod
    def split(cls, text: str) -> Sentences:
        """Split ``text`` at sentence ends and paragraph breaks (not after 'Mr.' or 'U.S.').

        Every boundary begins with one of :data:`_MARKS`: the pattern is tried only at those,
        found by ``str.find`` (a scan in C), and from the end of the boundary before, which
        gives the matches of ``_BOUNDARY.finditer(text)`` without its search, which tests every
        character of the text against the set."""
        starts = [0]
        ends: list[int] = []
        resume = 0
        for at in offsets_of(text, _MARKS):
            if at < resume:
                continue
            match = _BOUNDARY.match(text, at)
            if match is None:
                continue
            resume = match.end()
            gap = match.start("gap")
            end = gap if gap >= 0 else match.start()
            if text[end] != "\n" and _ABBREVIATION.search(text, max(0, end - 6), end):
                continue
            ends.append(end)
            starts.append(match.end())
        ends.append(len(text))
        return cls(tuple(starts), tuple(ends))

    def index(self, offset: int) -> int:
        """The number of the sentence holding ``offset``."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def bounds(self, offset: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding ``offset``."""
        i = self.index(offset)
        return self.starts[i], self.ends[i]


_MARKS = ".!?\n"
"""The characters a match of :data:`_BOUNDARY` begins with."""


@lru_cache(maxsize=8)
def _split(text: str) -> Sentences:
    return Sentences.split(text)
