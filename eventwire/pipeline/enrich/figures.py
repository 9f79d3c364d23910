"""Counts the article reports: killed, injured, arrested, displaced, missing, participants and
people, with their qualifier ('more than', 'some', 'almost', 'at least'), in digits or words
('dozens', 'three'), attached to the place and date stated in the same sentence."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from eventwire.pipeline.dictionaries import token_index
from eventwire.pipeline.enrich.base import section
from eventwire.pipeline.enrich.sentences import Sentences
from eventwire.pipeline.enrich.triggers import matches_at
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import (
    DateMention,
    Enrichment,
    Figure,
    FigureKind,
    FigureQualifier,
    Place,
)

_UNITS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a hundred": 100,
    "one hundred": 100,
    "a dozen": 12,
    "a thousand": 1000,
}
_VAGUE = {
    "dozens": 24,
    "scores": 40,
    "hundreds": 200,
    "thousands": 2000,
    "tens of thousands": 20000,
    "hundreds of thousands": 200000,
    "millions": 2000000,
}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}

_QUALIFIERS: dict[str, FigureQualifier] = {
    "more than": "more than",
    "over": "more than",
    "upwards of": "more than",
    "at least": "at least",
    "no fewer than": "at least",
    "some": "about",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "an estimated": "about",
    "estimated": "about",
    "nearly": "almost",
    "almost": "almost",
    "close to": "almost",
    "up to": "at most",
    "as many as": "at most",
    "at most": "at most",
    "fewer than": "less than",
    "less than": "less than",
    "under": "less than",
}
_QUAL = "|".join(sorted((re.escape(q) for q in _QUALIFIERS), key=len, reverse=True))
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in [*_UNITS, *_VAGUE]), key=len, reverse=True))
_NUMBER = (
    rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(?:hundred|thousand|million|billion))?"
    rf"|(?:{_WORD_NUMBER})(?:\s+(?:hundred|thousand|million))?"
)
_NOUNS = (
    r"people|persons|civilians|soldiers|troops|children|women|men|protesters|protestors|"
    r"demonstrators|migrants|refugees|fighters|militants|rebels|policemen|police\s+officers|"
    r"officers|workers|residents|participants|passengers|students|journalists|villagers|"
    r"prisoners|inmates|members|supporters|activists|pilgrims|victims|Palestinians|Israelis|"
    r"Syrians|Iraqis|Afghans|Americans|others|cases|patients"
)
_KIND_VERB = (
    r"killed|dead|died|injured|wounded|hurt|arrested|detained|displaced|missing|"
    r"evacuated|took\s+part|participated|attended|gathered|marched|rallied|protested"
)
_NUMBER_START = re.compile(rf"(?<![\w,.])(?:\d|(?:{_WORD_NUMBER})\b)", re.IGNORECASE)
"""Where a count can begin: a digit or a number word. Only there is the full pattern tried."""
_NUMBER_WORDS = frozenset(w.split()[0].upper() for w in [*_UNITS, *_VAGUE])
"""Token keys a count in words begins with ('TWO', 'DOZENS', 'A' of 'a dozen')."""
_AFTER_A = frozenset(w.split()[1].upper() for w in [*_UNITS, *_VAGUE] if w.startswith("a "))
"""The words after 'a' in the number words that begin with it: 'DOZEN', 'HUNDRED', 'THOUSAND'."""
_AFTER = re.compile(
    rf"(?P<num>{_NUMBER})"
    rf"(?:\s+(?:other|more|additional|of\s+the|of\s+them)){{0,2}}"
    rf"(?:\s+(?P<noun>{_NOUNS}))?"
    rf"(?:\s+(?:(?:who|that)\s+)?(?:(?:were|was|have\s+been|had\s+been|has\s+been|are|"
    rf"were\s+reported|have|had|being|reportedly)\s+)*(?P<kind>{_KIND_VERB}))?\b",
    re.IGNORECASE,
)
_VERBS_FIRST = (
    "killing",
    "killed",
    "injuring",
    "injured",
    "wounding",
    "wounded",
    "arresting",
    "arrested",
    "detaining",
    "detained",
    "displacing",
    "displaced",
)
_BEFORE = re.compile(
    rf"(?:\b(?P<verb_first>{'|'.join(_VERBS_FIRST)})\s+)?(?:\b(?P<qual>{_QUAL})\s+)?$",
    re.IGNORECASE,
)
_KIND: dict[str, FigureKind] = {
    "killed": "killed",
    "dead": "killed",
    "died": "killed",
    "killing": "killed",
    "injured": "injured",
    "wounded": "injured",
    "hurt": "injured",
    "injuring": "injured",
    "wounding": "injured",
    "arrested": "arrested",
    "detained": "arrested",
    "arresting": "arrested",
    "detaining": "arrested",
    "displaced": "displaced",
    "displacing": "displaced",
    "evacuated": "displaced",
    "missing": "missing",
}
_PARTICIPANT_NOUNS = ("protesters", "protestors", "demonstrators", "participants", "pilgrims")


def _value(raw: str) -> tuple[int, bool] | None:
    """The number and whether it is vague ('dozens')."""
    text = raw.lower()
    multiplier = 1
    for word, factor in _MULTIPLIERS.items():
        if text.endswith(" " + word):
            multiplier, text = factor, text[: -len(word) - 1].strip()
            break
    if text in _VAGUE:
        return _VAGUE[text] * multiplier, True
    if text in _UNITS:
        return _UNITS[text] * multiplier, False
    try:
        return round(float(text.replace(",", "")) * multiplier), False
    except ValueError:
        return None


def _kind_of(after: re.Match[str], before: re.Match[str]) -> FigureKind | None:
    for raw in (after.group("kind"), before.group("verb_first")):
        if raw:
            word = raw.lower().split()[0]
            if word in _KIND:
                return _KIND[word]
            return "participants"
    noun = (after.group("noun") or "").lower()
    if not noun:
        return None
    if noun in _PARTICIPANT_NOUNS:
        return "participants"
    if noun == "refugees":
        return "displaced"
    return "people"


def _count_starts(text: str) -> list[int]:
    """The offsets of the tokens a count can begin with, in text order: number words, and the
    tokens whose key begins with a digit (found with the token index, not a test per key)."""
    index = token_index(text)
    words = index.positions(_NUMBER_WORDS)
    if words:
        # The article 'a' is a number word only in 'a dozen', 'a hundred' and 'a thousand':
        # one space, then the word ending at a word boundary, so the next token's key, up to
        # an apostrophe ("a hundred's"), is that word. The other 'a's (about 50 in a 3 KB
        # article) are not tried: the pattern turns them all away.
        keys = index.keys
        last = len(keys) - 1
        words = [
            i
            for i in words
            if keys[i] != "A" or (i < last and keys[i + 1].partition("'")[0] in _AFTER_A)
        ]
    found = sorted({*words, *index.numeric}) if words else index.numeric
    return list(map(index.starts.__getitem__, found))


_BEFORE_SPAN = 4
"""The most tokens a match of :data:`_BEFORE` covers: a verb and a qualifier of up to three
words ('killing no fewer than')."""
_BEFORE_LAST_WORDS = frozenset(
    [*(q.split()[-1].upper() for q in _QUALIFIERS), *(v.upper() for v in _VERBS_FIRST)]
)
"""The words a non-empty match of :data:`_BEFORE` ends with (token keys)."""


def _before(text: str, at: int) -> re.Match[str] | None:
    """What :data:`_BEFORE` finds in the 40 characters before ``at`` (a verb and a qualifier,
    or nothing): the same as searching the window, but tried only where its words can begin,
    at the starts of the last few tokens in it, and at ``at`` itself (the empty match). When
    the word just before ``at`` ends no verb or qualifier, only the empty match is possible."""
    index = token_index(text)
    starts = index.starts
    last = bisect.bisect_left(starts, at)
    if last:
        # A non-ASCII word might match under IGNORECASE's Unicode folding ('\u212a' for 'k'), and
        # a token running on past ``at`` is not a word before it: search as before for those.
        key = index.keys[last - 1]
        if key in _BEFORE_LAST_WORDS or not key.isascii() or index.ends[last - 1] > at:
            first = bisect.bisect_left(starts, max(0, at - 40), lo=max(0, last - _BEFORE_SPAN))
            for start in starts[first:last]:
                found = _BEFORE.match(text, start, at)
                if found is not None:
                    return found
    return _BEFORE.match(text, at, at)


def find_figures(text: str, places: list[Place], dates: list[DateMention]) -> Iterator[Figure]:
    """Every count in ``text`` that names what was counted, with the sentence's place and date."""
    sentences = Sentences.of(text)
    resume = 0
    for number in matches_at(_NUMBER_START, text, _count_starts(text)):
        if number.start() < resume:
            continue
        after = _AFTER.match(text, number.start())
        if after is None:
            continue
        before = _before(text, number.start())
        if before is None:  # pragma: no cover - the pattern matches the empty string
            continue
        kind = _kind_of(after, before)
        if kind is None:
            continue
        parsed = _value(after.group("num"))
        if parsed is None:
            continue
        value, vague = parsed
        qual = before.group("qual")
        qualifier: FigureQualifier = (
            _QUALIFIERS[qual.lower()] if qual else ("about" if vague else "exact")
        )
        start = before.start() if before.group(0) else number.start()
        end = after.end()
        resume = end
        lo, hi = sentences.bounds(start)
        place = next((p.name for p in places if lo <= p.span.start < hi), None)
        when = next((d.value for d in dates if lo <= d.span.start < hi and d.value), None)
        yield _new_figure(
            {
                "kind": kind,
                "value": value,
                "qualifier": qualifier,
                "text": text[start:end],
                "span": {"start": start, "end": end},
                "place": place,
                "date": when,
                "confidence": 0.85 if after.group("kind") or before.group("verb_first") else 0.6,
            }
        )


_new_figure = Figure.__pydantic_validator__.validate_python
"""The same validation as ``Figure(span=Span(...), ...)`` (the same model, the same fields
set) from one dict, its span a dict too, without the two ``BaseModel.__init__`` calls (a Python
frame and a keyword dict each): see :data:`eventwire.pipeline.enrich.places._new_place`."""


def extract_figures(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """Enricher: fill the figures section; runs after places and dates."""
    return section(found, figures=find_figures(article.text, found.places, found.dates))
