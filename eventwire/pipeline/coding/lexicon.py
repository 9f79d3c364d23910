"""The Phoenix discard list: phrases whose sentence, or story, is not coded. (Agent nouns such as
'government' are read by :mod:`eventwire.pipeline.dictionaries` with the actors.)"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from itertools import compress
from pathlib import Path

from eventwire.pipeline.coding.actions import words_in
from eventwire.pipeline.coding.verbs import DICTIONARY_DIR, Phrase


def _words(text: str) -> Phrase:
    return tuple(word for word in re.split(r"[\s_]+", text.strip().upper()) if word)


@dataclass(frozen=True, slots=True)
class Discards:
    """Phrases that stop coding of their sentence, or (``story``) of the whole article."""

    sentence: frozenset[Phrase]
    story: frozenset[Phrase]


DISCARD_EXCEPTIONS = frozenset(
    {
        ("AVIAN", "FLU"),
        ("AVIAN", "INFLUENZA"),
        ("BIRD", "FLU"),
        ("H5N1",),
        ("EBOLA",),
        ("BACTERIA", "EPIDEMIC"),
        ("CONTRACTED", "CHOLERA"),
        ("EQUINE", "INFLUENZA"),
        ("RIFT", "VALLEY", "FEVER"),
        ("WEST", "NILE", "FEVER"),
        ("WEST", "NILE", "VIRUS"),
        ("DENGUE", "FEVER"),
        ("POLIO",),
        ("TSUNAMI",),
        *((str(year),) for year in range(1900, 2100)),
    }
)
"""Discard entries eventwire does not apply: outbreak news is full of codable statements and aid
("Romania confirmed an outbreak of bird flu"). They were listed to keep a disease from being
coded as an attacker ("H5N1 has killed two women"); the coder prevents that instead, by coding
an action only with a source actor. The same goes for natural
disasters, whose news is full of aid ('TSUNAMI'), and for bare years, which the list drops as
retrospective ('in 2003, ...') but which date half of today's news ('first case in May 2009'):
the date enricher resolves them, and an event record carries its date."""


def discarded(words: Sequence[str], phrases: frozenset[Phrase]) -> bool:
    """Whether any of the phrases occurs in ``words``, its words consecutive and in order.
    Each phrase is looked for only where its first word stands (most sentences hold no
    phrase's first word: one look-up of their words in C, and no set of them is built)."""
    firsts = _first_words(phrases)
    if firsts.keys().isdisjoint(words):
        return False
    for at, word in enumerate(words):
        found = firsts.get(word)
        if found is not None and any(_occurs_at(words, at, phrase) for phrase in found):
            return True
    return False


def _occurs_at(words: Sequence[str], at: int, phrase: Phrase) -> bool:
    """Whether ``phrase``, whose first word is ``words[at]``, occurs in ``words`` there."""
    if at + len(phrase) > len(words):
        return False
    return all(words[at + offset] == phrase[offset] for offset in range(1, len(phrase)))


_LETTER_RUNS = bytes(b if chr(b).isascii() and chr(b).isalpha() else 32 for b in range(256))
_DIGIT_RUNS = bytes(b if 48 <= b <= 57 else 32 for b in range(256))
"""Byte tables that keep ASCII letters (or digits) and blank everything else."""


def discarded_text(upper: str, phrases: frozenset[Phrase]) -> bool:
    """:func:`discarded` over every word of ``upper`` (a text upper-cased by
    :func:`~eventwire.pipeline.coding.actions.upper_case`), mostly told without tokenising it:
    a word of the coder is a run of letters or of digits (with apostrophes, hyphens, or commas
    and points inside), so a phrase can occur only where every run of ASCII letters and of
    ASCII digits of its words stands as a whole run in the text. Those runs are found with a
    byte table and a split; only when some phrase has all of its runs there (7 of the 210 3 KB
    articles of bench/enrich_speed.py) is the text tokenised and searched."""
    runs = _runs(phrases)
    if not runs.letters_of:
        return False
    ascii_text = upper.encode("ascii", "replace")  # one '?' for each other character
    letters = runs.letters.intersection(ascii_text.translate(_LETTER_RUNS).split())
    digits: frozenset[bytes] | None = None
    # the letter runs of every phrase are checked by a loop in C; most texts have none whole
    for phrase_digits in compress(runs.digits_of, map(letters.issuperset, runs.letters_of)):
        if phrase_digits:
            if digits is None:  # most texts: no phrase with a number gets this far
                digits = runs.digits.intersection(ascii_text.translate(_DIGIT_RUNS).split())
            if not digits.issuperset(phrase_digits):
                continue
        return discarded(words_in(upper), phrases)
    return False


@dataclass(frozen=True, slots=True)
class _Runs:
    """The runs of ASCII letters and of ASCII digits of a list's phrases."""

    letters_of: tuple[frozenset[bytes], ...]
    """The letter runs of each phrase."""
    digits_of: tuple[frozenset[bytes], ...]
    """The digit runs of each phrase."""
    letters: frozenset[bytes]
    """The letter runs of every phrase."""
    digits: frozenset[bytes]
    """The digit runs of every phrase."""


@cache
def _runs(phrases: frozenset[Phrase]) -> _Runs:
    """The :class:`_Runs` of a list (called with the lexicon's two sets only)."""
    letters_of: list[frozenset[bytes]] = []
    digits_of: list[frozenset[bytes]] = []
    letters: set[bytes] = set()
    digits: set[bytes] = set()
    for phrase in phrases:
        text = " ".join(phrase).encode("ascii", "replace")
        phrase_letters = text.translate(_LETTER_RUNS).split()
        phrase_digits = text.translate(_DIGIT_RUNS).split()
        letters.update(phrase_letters)
        digits.update(phrase_digits)
        letters_of.append(frozenset(phrase_letters))
        digits_of.append(frozenset(phrase_digits))
    return _Runs(tuple(letters_of), tuple(digits_of), frozenset(letters), frozenset(digits))


@cache
def _first_words(phrases: frozenset[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    """The phrases by their first word; called with the lexicon's two sets only."""
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(found) for word, found in index.items()}


def parse_discards(text: str) -> Discards:
    sentence: set[Phrase] = set()
    story: set[Phrase] = set()
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("+"):
            story.add(_words(line[1:]))
        else:
            sentence.add(_words(line))
    return Discards(
        frozenset(sentence - {()} - DISCARD_EXCEPTIONS),
        frozenset(story - {()} - DISCARD_EXCEPTIONS),
    )


def load_discards(path: Path = DICTIONARY_DIR / "Phoenix.discards.txt") -> Discards:
    return parse_discards(path.read_text(encoding="utf-8", errors="replace"))
