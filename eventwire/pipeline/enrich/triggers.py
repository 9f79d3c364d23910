"""Anchored matching: a costly pattern is tried only where a match can begin, found by a set
lookup over the article's word tokens (one tokenisation, shared by every enricher), instead of
letting the regular expression engine try it at every character of the text.

Python's ``re`` has no fast scan for an alternation of words: ``pattern.finditer(text)`` runs the
pattern from every position, which cost the enrichers about as much as everything else together.
:func:`matches_at` gives the same matches as ``pattern.finditer(text)`` whenever every position
where the pattern can match is among ``starts``; the callers pass the starts of the tokens whose
key is one of the words their pattern begins with. (A word after an apostrophe inside a token,
like the 'Estaing' of "d'Estaing", is not a token start; no pattern here begins with such a word.)
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from eventwire.pipeline.dictionaries import token_index


def token_starts(text: str, words: frozenset[str]) -> list[int]:
    """Offsets of the tokens of ``text`` whose key (upper case, see
    :func:`~eventwire.pipeline.dictionaries.phrase_key`) is one of ``words``."""
    return token_index(text).starts_of(words)


def matches_at(pattern: re.Pattern[str], text: str, starts: Iterable[int]) -> list[re.Match[str]]:
    """The non-overlapping matches of ``pattern`` that begin at one of ``starts`` (ascending),
    leftmost first: ``list(pattern.finditer(text))`` when every position where ``pattern``
    matches is in ``starts``."""
    out: list[re.Match[str]] = []
    resume = 0
    for start in starts:
        if start < resume:
            continue
        found = pattern.match(text, start)
        if found is not None:
            out.append(found)
            resume = max(found.end(), start + 1)
    return out


def offsets_of(text: str, characters: str) -> list[int]:
    """The offsets of every one of ``characters`` in ``text``, ascending: where a pattern that
    begins with one of them can match, found by ``str.find`` (a scan in C) instead of the
    engine's search, which tests every character of the text against the pattern's first set."""
    found: list[int] = []
    for character in characters:
        at = text.find(character)
        while at >= 0:
            found.append(at)
            at = text.find(character, at + 1)
    found.sort()
    return found
