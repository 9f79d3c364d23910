"""Places: countries (and their demonyms: 'Syrian' -> SY), cities with GeoNames id and
coordinates, ambiguous names resolved from the other places in the article and population,
renamed places named as they were on the article's date."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import accumulate

from eventwire.pipeline.dictionaries import TokenIndex, inside_longer_name, token_index
from eventwire.pipeline.enrich.base import section
from eventwire.pipeline.enrich.gazetteer import GazetteerEntry, gazetteer, name_at
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment, Place, Span

CONTEXT_BONUS = 4.0
"""Added to a reading whose country the article names elsewhere: outweighs about four orders of
magnitude of population (Damascus, Syria over Damascus, Maryland when Syria is mentioned)."""

STATE_BONUS = 3.0
"""Added to a reading inside a state or province the article names: outweighs about three orders
of magnitude of population (Austin, Indiana over Austin, Texas in an article about Indiana)."""


@dataclass(frozen=True, slots=True)
class _Readings:
    """The readings of one name, and what :func:`find_places` asks of them, worked out once per
    name (:func:`_readings`) rather than at each mention of it: a 3 KB article names about 26
    places, many of them several times."""

    entries: tuple[GazetteerEntry, ...]
    countries: frozenset[str]
    """The country of every reading."""
    named: frozenset[str]
    """The countries of the readings that are countries (empty when none is)."""
    state: tuple[str, str] | None
    """(country, name) of the first-level region that is a reading, when exactly one is."""
    demonym: bool
    """The name is an adjective or demonym ('Syrian')."""
    abbreviation: bool
    """The name is a first-level region's initials ('NSW')."""


@lru_cache(maxsize=4096)
def _readings(key: tuple[str, ...], short_caps: bool) -> _Readings | None:
    """The readings of the gazetteer's name ``key``; with ``short_caps`` (written in capitals,
    at most three characters) only its countries, or its regions when ``key`` is a region's
    initials ('UN' is not the town of Un). None when no reading is left. (The gazetteer is
    built once per process, so neither is what this returns.)"""
    places = gazetteer()
    entries = places.index.phrases[key]
    if short_caps:
        if key in places.abbreviations and len(key) == 1:
            entries = [e for e in entries if e.kind != "city"]
        else:
            entries = [e for e in entries if e.kind == "country"]
        if not entries:
            return None
    first_level = [e for e in entries if e.kind == "region" and e.admin1 == e.name]
    return _Readings(
        entries=tuple(entries),
        countries=frozenset(e.country for e in entries),
        named=frozenset(e.country for e in entries if e.kind == "country"),
        state=(first_level[0].country, first_level[0].name) if len(first_level) == 1 else None,
        demonym=key in places.demonyms,
        abbreviation=key in places.abbreviations,
    )


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    end: int
    readings: _Readings
    key: tuple[str, ...]


def _mentions(text: str, blocked: list[Span]) -> list[_Mention]:
    tokens = token_index(text)
    keys, starts, ends = tokens.keys, tokens.starts, tokens.ends
    index = gazetteer().index
    found: list[_Mention] = []
    resume = 0
    overlaps = _Blocked(blocked)
    for i in index.candidates(text):
        if i < resume:
            continue
        match = index.match_at(keys, i)
        if match is None:
            continue
        n = match[0]
        key = keys[i : i + n]
        start = starts[i]
        end = ends[i + n - 1]
        if text[end : end + 1] == "." and end - starts[i + n - 1] == 1:
            end += 1  # 'U.S.', 'U.K.': the abbreviation's last dot belongs to the name
        surface = text[start:end]
        if text[end : end + 1] == "$":
            resume = i + n
            continue  # 'US$460 million': a currency's prefix, not the country
        # Short all-caps words are places only as a country code or a region's initials ('NSW',
        # checked against the article's countries later).
        readings = _readings(key, surface.isupper() and len(surface) <= 3)
        if readings is None:
            resume = i + n
            continue
        if readings.named:
            if _inside_on_both_sides(text, tokens, i, n):
                resume = i + n
                continue  # a country in the middle of a longer name: 'Agence France-Presse'
        elif (
            overlaps(start, end)
            or _in_longer_name(text, tokens, i, n)
            or _DISEASE_AFTER.match(text, end)
            or (i > 0 and keys[i - 1] in HONORIFICS and start - ends[i - 1] <= 2)
        ):
            resume = i + n
            continue
        found.append(_Mention(start, end, readings, key))
        resume = i + n
    return found


class _Blocked:
    """Whether a range overlaps any of the blocked spans: the spans sorted by start, with the
    greatest end among each prefix of them, so that one bisection answers instead of a test of
    every span (the same answer: some span starting before the range's end reaches past its
    start exactly when the greatest end among those spans does)."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, blocked: list[Span]) -> None:
        spans = sorted((b.start, b.end) for b in blocked)
        self._starts = [b[0] for b in spans]
        self._ends = list(accumulate((b[1] for b in spans), max))

    def __call__(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a blocked span."""
        before = bisect_left(self._starts, end)
        return before > 0 and self._ends[before - 1] > start


_new_place = Place.__pydantic_validator__.validate_python
"""A :class:`Place` from a dict of its fields, its span a dict too: the same validation as
``Place(span=Span(...), ...)`` (the same model, the same fields set), without the two
``BaseModel.__init__`` calls (a Python frame and a keyword dict each): 28 instead of 39
thousand instructions per place (callgrind, pure Python)."""

HONORIFICS = frozenset(["MR", "MRS", "MS", "DR", "SIR", "DAME", "LADY", "LORD"])
"""An honorific right before a name makes it a person's ('Ms. Corby', 'Mr. Lennox'), not a
town."""

_DISEASE_AFTER = re.compile(r"\s+(?:[A-Za-z]*virus|[Ff]ever|[Ff]lu|[Dd]isease)\b")
"""A word after a town's or region's name that makes it the name of a disease ('Reston
ebolavirus', 'Minamata disease', 'Lassa fever'): not a mention of the place. A country's name
stays a place ('the United States flu season')."""

OFFICE_WORDS = frozenset(
    [
        "GOVERNOR",
        "PREMIER",
        "MAYOR",
        "SENATOR",
        "MINISTER",
        "SECRETARY",
        "JUDGE",
        "POLICE",
        "DEPARTMENT",
        "MINISTRY",
        "GOVERNMENT",
        "STATE",
        "HEALTH",
        "REGIONAL",
        "PROVINCIAL",
    ]
)
"""Words that, right after a place's name, make it the place of an office or an institution
('California Department of Public Health', 'Queensland Premier Peter Beattie', 'Wisconsin
Governor Jim Doyle', 'Auckland Regional Public Health Service'): the place is named in them."""

DATE_WORDS = frozenset(
    [
        "JANUARY",
        "FEBRUARY",
        "MARCH",
        "APRIL",
        "MAY",
        "JUNE",
        "JULY",
        "AUGUST",
        "SEPTEMBER",
        "OCTOBER",
        "NOVEMBER",
        "DECEMBER",
        "MONDAY",
        "TUESDAY",
        "WEDNESDAY",
        "THURSDAY",
        "FRIDAY",
        "SATURDAY",
        "SUNDAY",
    ]
)
"""Capitalised words after a place's name that do not make a longer name ('in Moscow October
7', 'in Nairobi Tuesday')."""


_NAME_ENDS = OFFICE_WORDS | DATE_WORDS


def _in_longer_name(text: str, tokens: TokenIndex, i: int, n: int) -> bool:
    """Whether the match of tokens ``i .. i+n-1`` sits inside a longer capitalised name
    (:func:`~eventwire.pipeline.dictionaries.inside_longer_name`), unless the only capitalised
    neighbour is an office or date word after it: then the name begins a title or an
    institution's name, or is followed by a date, and is a place."""
    if not inside_longer_name(text, tokens, i, n):
        return False
    after = i + n
    keys = tokens.keys
    if after >= len(keys) or keys[after] not in _NAME_ENDS:
        return True
    if keys[after] == "STATE" and keys[after + 1 : after + 2] in (("UNIVERSITY",), ("COLLEGE",)):
        return True  # 'Ohio State University' is a university's name, not the state's office
    # The word after is an office or a date: only a capitalised word before still makes it a
    # longer name ('Northern California Department ...' is not California's alone).
    return i > 0 and _joined(text, tokens, i - 1)


def _inside_on_both_sides(text: str, tokens: TokenIndex, i: int, n: int) -> bool:
    """Whether the match of tokens ``i .. i+n-1`` has a capitalised word joined to it on each
    side ('Agence France-Presse', 'Radio France Internationale'): then even a country's name is
    part of a longer name, where one side alone ('Kenya Red Cross', 'Russian Foreign Minister')
    leaves it a place."""
    after = i + n
    if i == 0 or after >= len(tokens.keys) or not _joined(text, tokens, i - 1):
        return False
    gap = text[tokens.ends[after - 1] : tokens.starts[after]]
    return gap in {" ", "-"} and text[tokens.starts[after] : tokens.starts[after] + 1].isupper()


def _joined(text: str, tokens: TokenIndex, j: int) -> bool:
    """Whether token ``j`` is a capitalised word joined to the next by a space or hyphen, and
    not the first word of a sentence."""
    word = text[tokens.starts[j] : tokens.ends[j]]
    if not word[:1].isupper() or text[tokens.ends[j] : tokens.starts[j + 1]] not in {" ", "-"}:
        return False
    return text[max(0, tokens.starts[j] - 2) : tokens.starts[j]].strip() not in {".", "", '"', "“"}


def find_places(text: str, day: date | None, blocked: list[Span] | None = None) -> list[Place]:
    """Every place mention in ``text``; ``blocked`` spans (people's names) are not places,
    unless they name a country ('Russian' in 'Russian Foreign Minister')."""
    mentions = _mentions(text, blocked or [])
    # Countries the article names unambiguously are the context for the ambiguous names, and so
    # are the states and provinces it names ('Scott County' and 'Austin' in Indiana).
    # The countries the article names as countries ('Norway', 'Norwegian'), not only through a
    # town or region that happens to be unambiguous, are where its second-level regions may be.
    context: set[str] = set()
    states: set[tuple[str, str]] = set()
    named: set[str] = set()
    # Which names make each country context, for the readings that need another name's word.
    context_by: dict[str, set[tuple[str, ...]]] = {}
    for mention in mentions:
        readings = mention.readings
        if len(readings.countries) == 1:
            context |= readings.countries
            context_by.setdefault(next(iter(readings.countries)), set()).add(mention.key)
        if readings.named:
            named |= readings.named
            continue
        if readings.state is not None:
            states.add(readings.state)

    # The mentions whose every reading lies in one state or province (Camborne, England), by
    # that state; found only for an article that needs them.
    placed: dict[tuple[str, str], set[tuple[str, ...]]] | None = None

    def plausible(c: GazetteerEntry, key: tuple[str, ...]) -> bool:
        """Whether ``c`` is a reading that alone makes a mention of ``key`` a place: a second-level
        region (county, municipality, district) is one only in an article that names its
        country, its state, or another place in its state. There are tens of thousands of them,
        many named like words ('As', Norway; 'Honey', Puebla), and news says where the one it
        means is. A name that also has another reading keeps all of them ('Cornwall' is still
        the county by its towns' weight over Cornwall, Ontario)."""
        nonlocal placed
        if c.kind != "region" or c.admin1 in ("", c.name) or c.country in named:
            return True
        if (c.country, c.admin1) in states:
            return True
        if placed is None:
            placed = {}
            for mention in mentions:
                entries = mention.readings.entries
                within = {(e.country, e.admin1) for e in entries}
                if len(within) == 1 and entries[0].admin1:
                    placed.setdefault(within.pop(), set()).add(mention.key)
        return bool(placed.get((c.country, c.admin1), set()) - {key})

    places = []
    previous: _Mention | None = None
    for mention in mentions:
        candidates = mention.readings.entries
        if candidates[0].kind == "region" and not any(
            plausible(c, mention.key) for c in candidates
        ):
            continue
        if mention.readings.abbreviation and not any(
            c.country in named or context_by.get(c.country, set()) - {mention.key}
            for c in candidates
            if c.kind == "region"
        ):
            continue
        best = _best_reading(candidates, context, states)
        if best.kind == "city" and len(candidates) > 1:
            after_a_town = (
                previous is not None
                and previous.end + 2 == mention.start
                and text.startswith(", ", previous.end)
                and all(c.kind == "city" for c in previous.readings.entries)
            )
            best = _state_or_its_city(
                best,
                candidates,
                states,
                text=text,
                end=mention.end,
                town_before=(
                    previous.readings.entries if previous is not None and after_a_town else ()
                ),
            )
        previous = mention
        ambiguous = len(candidates) > 1
        confidence = 0.95 if best.kind == "country" else (0.7 if ambiguous else 0.85)
        places.append(
            _new_place(
                {
                    "text": text[mention.start : mention.end],
                    "span": {"start": mention.start, "end": mention.end},
                    "name": name_at(best, day),
                    "kind": best.kind,
                    "geonames_id": best.geonames_id,
                    "lat": best.lat,
                    "lon": best.lon,
                    "country": best.country or None,
                    "demonym": mention.readings.demonym,
                    "confidence": confidence,
                }
            )
        )
    return places


def _best_reading(
    candidates: tuple[GazetteerEntry, ...], context: set[str], states: set[tuple[str, str]]
) -> GazetteerEntry:
    """The reading of a mention with the highest score: its weight (population), plus
    :data:`CONTEXT_BONUS` in a country the article names and :data:`STATE_BONUS` inside a
    state or province it names. Most mentions have one reading, returned without scoring."""
    if len(candidates) == 1:
        return candidates[0]
    # A state's or province's own name ('Oregon', 'Ontario') is not read as a town in another
    # state the article names, when the state is in a country of the article.
    names_a_state = any(
        c.kind == "region" and c.admin1 == c.name and c.country in context for c in candidates
    )

    def score(c: GazetteerEntry) -> float:
        bonus = CONTEXT_BONUS if c.country in context else 0.0
        if not names_a_state and c.admin1 not in ("", c.name) and (c.country, c.admin1) in states:
            bonus += STATE_BONUS
        return c.weight + bonus

    return max(candidates, key=score)


_STATE_AFTER = re.compile(r"\s+(?:state|State|Governor|governor|Legislature)\b")
"""Words after a name that make it a state's or province's ('New York state', 'New York
Governor')."""


def _state_or_its_city(
    best: GazetteerEntry,
    candidates: tuple[GazetteerEntry, ...],
    states: set[tuple[str, str]],
    *,
    text: str,
    end: int,
    town_before: tuple[GazetteerEntry, ...],
) -> GazetteerEntry:
    """The state or province when ``best``, a city, has the name of the state it is in ('New
    York') and the text means the state: the name follows a town in it ('Buffalo, New York',
    the usual 'town, state'), is followed at ``end`` by 'state' or 'Governor', or the article
    names another state or province of the same country ('Texas, Kansas ... New York has
    confirmed 28'), where states are what it lists."""
    for c in candidates:
        if c.kind == "region" and c.admin1 == c.name == best.admin1 and c.country == best.country:
            others = {s for s in states if s[0] == c.country and s[1] != c.name}
            in_it = any(t.admin1 == c.name and t.country == c.country for t in town_before)
            if others or in_it or _STATE_AFTER.match(text, end):
                return c
    return best


def extract_places(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """Enricher: fill the places section; runs after the entities so that names of people and
    organisations are not read as towns."""
    day = article.published_at.date() if article.published_at else None
    blocked = [m for e in found.entities for m in e.mentions]
    return section(found, places=find_places(article.text, day, blocked))
