"""People, organisations and armed groups: found by the Phoenix actor dictionaries (with the
actor code in force on the article's date), by their context ('Foreign Minister X', 'X, the
head of', 'the X militant group', "Syria's X daily"), and by later surname-only mentions."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from typing import Literal

from eventwire.pipeline.dictionaries import (
    ActorEntry,
    actor_index,
    inside_longer_name,
    phrase_key,
    token_index,
    tokenise,
)
from eventwire.pipeline.enrich.base import section
from eventwire.pipeline.enrich.gazetteer import gazetteer
from eventwire.pipeline.enrich.triggers import matches_at, token_starts
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment, Entity, Span

EntityKind = Literal["person", "organisation", "group"]

_ORG_WORDS = frozenset(
    [
        "PRESS",
        "BUREAU",
        "TIMES",
        "HOUSE",
        "CROSS",
        "HOSPITAL",
        "BORDERS",
        "INTERNATIONAL",
        "NEWS",
        "POST",
        "JOURNAL",
        "HERALD",
        "ISLAND",
        "INTERNET",
        "GOVERNMENT",
        "MINISTRY",
        "PARTY",
        "COUNCIL",
        "FRONT",
        "ARMY",
        "STATE",
        "FORCES",
        "FORCE",
        "BRIGADE",
        "BRIGADES",
        "ORGANIZATION",
        "ORGANISATION",
        "MOVEMENT",
        "UNION",
        "COMMISSION",
        "BANK",
        "COMMITTEE",
        "ASSOCIATION",
        "NATIONS",
        "AGENCY",
        "GROUP",
        "LEAGUE",
        "ALLIANCE",
        "FUND",
        "PROGRAM",
        "PROGRAMME",
        "OFFICE",
        "COURT",
        "ASSEMBLY",
        "POLICE",
        "MILITARY",
        "PARLIAMENT",
        "CONGRESS",
        "SENATE",
        "CABINET",
        "COMPANY",
        "CORPORATION",
        "UNIVERSITY",
        "INSTITUTE",
        "CENTER",
        "CENTRE",
        "SERVICE",
        "SERVICES",
        "NETWORK",
        "AUTHORITY",
        "REPUBLIC",
        "KINGDOM",
        "ISLAMIC",
        "JIHAD",
        "MILITIA",
        "REBELS",
        "OPPOSITION",
        "COALITION",
        "SECRETARIAT",
        "MISSION",
        "BODIES",
        "ENVOY",
        "RESIDENT",
        "SECRETARY",
        "GENERAL",
        "TALIBAN",
        "QAEDA",
        "HAMAS",
        "HEZBOLLAH",
        "BOARD",
        "DEPARTMENT",
        "TRIBUNAL",
        "CHURCH",
    ]
)
_PLACE_WORDS = frozenset(
    [
        "ISLAND",
        "ISLANDS",
        "HOSPITAL",
        "UNIVERSITY",
        "COLLEGE",
        "SCHOOL",
        "STREET",
        "AVENUE",
        "ROAD",
        "BRIDGE",
        "PARK",
        "AIRPORT",
        "STATION",
        "COUNTY",
        "CITY",
        "PROVINCE",
        "REGION",
        "DISTRICT",
        "BAY",
        "RIVER",
        "LAKE",
        "MOUNTAIN",
        "VALLEY",
        "CENTRE",
        "CENTER",
        "SQUARE",
        "HALL",
        "PALACE",
        "STADIUM",
    ]
)
_ORG_OR_PLACE_WORDS = _ORG_WORDS | _PLACE_WORDS
"""A titled name ending in one of these is an organisation or a place, not a person."""
_GROUP_CODES = ("IMG", "REB", "INS", "UAF", "SEP")
_SPEAKER_SAFE_SINGLE = 4
"""A one-word dictionary match must be at least this long ('Daesh', 'Lavrov'), or be all upper
case ('UN', 'NATO'), to count: short title-case words are too often ordinary words."""

_CAP = r"(?:[A-Z][a-zA-Z’'-]*[a-zA-Z]|[A-Z])"
_NOT_POSSESSIVE = r"(?=[A-Z])(?![\w’'-]*[’']s\b)"
"""A capitalised word that is not a possessive ("Syria's"); the capital is checked first so that
the look-ahead runs only at capitals."""
_PARTICLE = r"(?:al|el|de|van|von|bin|ibn|da|der|del|la|le|dos|du)"
_NAME_WORD = rf"(?:{_NOT_POSSESSIVE}{_CAP}|{_PARTICLE}(?:-{_CAP}|\s+{_CAP})|al-[a-z]+)"
_PERSON = rf"\b(?P<name>{_NOT_POSSESSIVE}{_CAP}(?:\s+{_NAME_WORD}){{1,3}})"
_TITLE = (
    r"(?:(?:Deputy|Vice|Acting|Former|former|Prime|Foreign|Defen[cs]e|Interior|Finance|Justice|"
    r"Health|Chief|Special|Senior|Top|Supreme|First|Permanent|Economy|Trade|Energy|Oil)\s+)*"
    r"(?:Minister|Ambassador|President|Envoy|Secretary(?:-General|\s+General)?|Spokes(?:man|woman|person)|"
    r"Chairman|Chairwoman|Chancellor|King|Queen|Prince|Premier|Governor|Mayor|Senator|"
    r"Commander|Director|Judge|Sheikh|Cardinal|Pope|Professor|Representative|Emir|Colonel|"
    r"General|Lieutenant|Dr\.|Mr\.|Mrs\.|Ms\.)"
)
_TITLED = re.compile(
    rf"\b(?P<title>{_TITLE})"
    rf"(?:\s+(?:to|for|of|on)\s+(?:the\s+)?{_CAP}(?:\s+{_CAP})?)?\s+{_PERSON}"
)
_APPOSITIVE = re.compile(
    rf"{_PERSON},\s+(?:the\s+|a\s+)?(?:[a-z]+\s+)?"
    r"(?:head|leader|chief|spokes(?:man|woman|person)|founder|chairman|commander|director|"
    r"president|secretary|minister|member|envoy)\b"
)
_ORG_NAME = rf"(?:{_NOT_POSSESSIVE}{_CAP}|{_PARTICLE}-{_CAP}|al-[a-z]+)(?:\s+(?:{_NAME_WORD}))*"
_ORG_BEFORE = re.compile(
    rf"(?<![\w'’-])(?:(?P<first>{_ORG_NAME})\s+and\s+(?:the\s+)?)?(?P<name>{_ORG_NAME})\s+$"
)
_ORG_NOUN = re.compile(
    r"\b(?P<noun>daily|newspaper|weekly|news\s+agency|agency|television|broadcaster|radio|"
    r"(?:(?:terrorist|militant|rebel|armed|jihadist|extremist|Islamist|opposition|separatist)\s+)?"
    r"(?:group|groups|movement|militia|faction|organi[sz]ation)|party)\b"
)
_MEDIA_NOUNS = (
    "daily",
    "newspaper",
    "weekly",
    "news",
    "agency",
    "television",
    "broadcaster",
    "radio",
)
_TITLE_WORDS = frozenset(
    [
        "DEPUTY",
        "VICE",
        "ACTING",
        "FORMER",
        "PRIME",
        "FOREIGN",
        "DEFENCE",
        "DEFENSE",
        "INTERIOR",
        "FINANCE",
        "JUSTICE",
        "HEALTH",
        "CHIEF",
        "SPECIAL",
        "SENIOR",
        "TOP",
        "SUPREME",
        "FIRST",
        "PERMANENT",
        "ECONOMY",
        "TRADE",
        "ENERGY",
        "OIL",
        "MINISTER",
        "AMBASSADOR",
        "PRESIDENT",
        "ENVOY",
        "SECRETARY",
        "SPOKESMAN",
        "SPOKESWOMAN",
        "SPOKESPERSON",
        "CHAIRMAN",
        "CHAIRWOMAN",
        "CHANCELLOR",
        "KING",
        "QUEEN",
        "PRINCE",
        "PREMIER",
        "GOVERNOR",
        "MAYOR",
        "SENATOR",
        "COMMANDER",
        "DIRECTOR",
        "JUDGE",
        "SHEIKH",
        "CARDINAL",
        "POPE",
        "PROFESSOR",
        "REPRESENTATIVE",
        "EMIR",
        "COLONEL",
        "GENERAL",
        "LIEUTENANT",
        "DR",
        "MR",
        "MRS",
        "MS",
    ]
)
"""The words a match of :data:`_TITLED` can begin with (token keys)."""
_APPOSITION_WORDS = frozenset(
    [
        "HEAD",
        "LEADER",
        "CHIEF",
        "SPOKESMAN",
        "SPOKESWOMAN",
        "SPOKESPERSON",
        "FOUNDER",
        "CHAIRMAN",
        "COMMANDER",
        "DIRECTOR",
        "PRESIDENT",
        "SECRETARY",
        "MINISTER",
        "MEMBER",
        "ENVOY",
    ]
)
"""The role words of :data:`_APPOSITIVE`; its matches begin at a capitalised word before one."""
_APPOSITION_REACH = 120
"""How far before its role word an apposition's name can begin ('X Y Z, the former head')."""
_ORG_NOUN_WORDS = frozenset(
    [
        "DAILY",
        "NEWSPAPER",
        "WEEKLY",
        "NEWS",
        "AGENCY",
        "TELEVISION",
        "BROADCASTER",
        "RADIO",
        "TERRORIST",
        "MILITANT",
        "REBEL",
        "ARMED",
        "JIHADIST",
        "EXTREMIST",
        "ISLAMIST",
        "OPPOSITION",
        "SEPARATIST",
        "GROUP",
        "GROUPS",
        "MOVEMENT",
        "MILITIA",
        "FACTION",
        "ORGANIZATION",
        "PARTY",
    ]
)
"""The words a match of :data:`_ORG_NOUN` can begin with (keys spell -isation as -ization)."""
_NOT_NAMES = frozenset(["The", "A", "An", "This", "That", "Its", "Their", "His", "Her", "Our"])
_LEADING_THE = re.compile(r"^(?:The|A|An)\s+")


@dataclass(slots=True)
class _Found:
    name: str
    kind: EntityKind
    span: Span
    country: str | None
    actor_code: str | None
    confidence: float
    mentions: list[Span] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def _country_of_code(code: str | None) -> str | None:
    """'RUSGOV' -> 'RU'; international codes ('IGOUNO') have no country."""
    if not code or len(code) < 3:
        return None
    return gazetteer().iso3.get(code[:3])


_ACRONYM = re.compile(r"[A-Z]{2,4}|(?:[A-Z]\.){1,3}[A-Z]\.?")
"""A name written as an acronym: 'FBI', 'NASA', 'U.N.'; people are not ('JFK' aside)."""


def _kind_of(entry: ActorEntry, code: str | None, surface: str = "") -> EntityKind:
    """Person, organisation or group, from the code and the header's words. A mention written
    as an acronym ('FBI', 'CIA', 'U.N.') names an organisation, unless the header has an
    initial in it, as people's do ('JOHN_F._KENNEDY_' is 'JFK')."""
    words = _header_words(entry.header)
    acronym = _ACRONYM.fullmatch(surface) is not None and not any(len(w) == 1 for w in words)
    looks_like_org = bool(words & _ORG_WORDS) or entry.header.startswith("THE_") or acronym
    if code and (code.startswith(_GROUP_CODES) or code[3:6] in _GROUP_CODES):
        return "group" if looks_like_org or len(words) != 2 else "person"
    if entry.source == "milnonstate":
        return "group"
    if looks_like_org or len(words) == 1 or len(words) > 5 or all(len(w) == 1 for w in words):
        return "organisation"
    return "person"


@lru_cache(maxsize=16384)
def _header_words(header: str) -> frozenset[str]:
    """The distinct words of an actor's header (keys as in :func:`phrase_key`)."""
    return frozenset(phrase_key(header))


def _dictionary_matches(text: str, day: date | None) -> Iterator[_Found]:
    tokens = token_index(text)
    keys, starts, ends = tokens.keys, tokens.starts, tokens.ends
    index = actor_index()
    resume = 0
    for i in index.candidates(text):
        if i < resume:
            continue
        found = index.match_at(keys, i)
        if found is None:
            continue
        n = found[0]
        start = starts[i]
        last_end = ends[i + n - 1]
        surface = text[start:last_end]
        if n == 1:
            # One word: an acronym or a long enough name, ending in a letter, not part of a
            # longer capitalised name.
            if not surface[-1].isalpha():
                continue
            upper = surface.isupper()
            letters = len(surface) if surface.isalpha() else sum(c.isalpha() for c in surface)
            if not ((upper and letters >= 2) or letters > _SPEAKER_SAFE_SINGLE):
                continue
            if not upper and inside_longer_name(text, tokens, i, 1):
                continue
        if n > 1 and len(keys[i + n - 1]) == 1 and text[last_end : last_end + 1] == ".":
            last_end += 1  # 'U.N.': the abbreviation's last dot belongs to the name
            surface = text[start:last_end]
        actor = _actor(keys[i : i + n], day, surface)
        if actor is None:
            continue
        name, kind, country, code = actor
        yield _Found(
            name=name,
            kind=kind,
            span=Span(start=start, end=last_end),
            country=country,
            actor_code=code,
            confidence=0.9 if n > 1 else 0.75,
        )
        resume = i + n


@lru_cache(maxsize=8192)
def _actor(
    key: tuple[str, ...], day: date | None, surface: str
) -> tuple[str, EntityKind, str | None, str | None] | None:
    """The name, kind, country and code on ``day`` of the actor a dictionary phrase written as
    ``surface`` names; None for a country (a place). Cached, as :func:`_entry_on` is: the same
    names recur in the news of one day, and all of this follows from the three arguments."""
    if gazetteer().country_of_key(key) is not None:
        return None
    chosen = _entry_on(key, day)
    if chosen is None:
        return None
    entry, code = chosen
    # The text's own spelling when it is the header's ('McGauran', not 'Mcgauran').
    name = surface if _fold(surface) == _fold(entry.name) else entry.name
    return name, _kind_of(entry, code, surface), _country_of_code(code), code


@lru_cache(maxsize=8192)
def _entry_on(key: tuple[str, ...], day: date | None) -> tuple[ActorEntry, str | None] | None:
    """The actor entry a dictionary phrase names on ``day``, and its code then; None when every
    entry under the phrase is a country (a place). Cached: the same names recur in the news of
    one day."""
    usable = [e for e in actor_index().phrases[key] if not _is_country_level(e, day)]
    if not usable:
        return None
    # An entry with a code in force wins over a duplicate without one ('U.N._' is listed
    # twice, once with no code: the uncoded one made 'U.N.' an entity apart from the UN).
    entry = next((e for e in usable if e.code_at(day) is not None), usable[0])
    return entry, entry.code_at(day)


def _is_country_level(entry: ActorEntry, day: date | None) -> bool:
    """Country entries ('SYRIA_ [SYR]') are places, not actors."""
    code = entry.code_at(day)
    return code is not None and len(code) == 3 and entry.source == "countries"


def _country_before(text: str, start: int) -> str | None:
    """The country named just before a title: "Syria's Ambassador", 'Russian Foreign Minister'."""
    window = text[max(0, start - 40) : start]
    # Not the cached token index: a window is not worth a place among the articles' indexes.
    keys = tokenise(window)[0]
    places = gazetteer()
    for n in (3, 2, 1):
        if len(keys) >= n:
            key = tuple(keys[-n:])
            entry = places.country_of_key(key)
            if entry is not None:
                return entry.country
    return None


def _apposition_starts(text: str, roles: list[int] | None = None) -> list[int]:
    """The capitalised tokens up to :data:`_APPOSITION_REACH` characters before a role word
    (``roles``: the role words' offsets, when the caller has them)."""
    if roles is None:
        roles = token_starts(text, _APPOSITION_WORDS)
    if not roles:
        return []
    tokens = token_index(text)
    capitals = tokens.capitalised
    starts = tokens.starts
    out: list[int] = []
    at = 0
    for role in roles:
        reach = role - _APPOSITION_REACH
        at = bisect.bisect_left(capitals, reach, lo=at, key=starts.__getitem__)
        for i in capitals[at:]:
            start = starts[i]
            if start >= role:
                break
            if not out or start > out[-1]:
                out.append(start)
    return out


_CONTEXT_WORDS = _TITLE_WORDS | _APPOSITION_WORDS | _ORG_NOUN_WORDS


@cache
def _scanned_words() -> frozenset[str]:
    """The words :func:`_context_starts` looks for: the context words and the one-word country
    names (built with the gazetteer, once)."""
    return _CONTEXT_WORDS | _country_keys()


def _context_starts(text: str) -> tuple[list[int], list[int], list[int], list[int]]:
    """The offsets of the title, role and organisation-noun words of ``text`` (what
    :func:`token_starts` gives for :data:`_TITLE_WORDS`, :data:`_APPOSITION_WORDS` and
    :data:`_ORG_NOUN_WORDS`), and the numbers of its tokens that are one-word country names
    (:func:`_country_keys`), from one pass over the tokens instead of four (each a set lookup
    per token); the thirty or so words found are then sorted into the four."""
    tokens = token_index(text)
    keys, starts = tokens.keys, tokens.starts
    titles: list[int] = []
    roles: list[int] = []
    nouns: list[int] = []
    countries: list[int] = []
    country_keys = _country_keys()
    for i in tokens.positions(_scanned_words()):
        key = keys[i]
        if key in _TITLE_WORDS:
            titles.append(starts[i])
        if key in _APPOSITION_WORDS:
            roles.append(starts[i])
        if key in _ORG_NOUN_WORDS:
            nouns.append(starts[i])
        if key in country_keys:
            countries.append(i)
    return titles, roles, nouns, countries


def _contextual(
    text: str, titles: list[int], roles: list[int], nouns: list[int]
) -> Iterator[_Found]:
    """Names found by their context: after a title (at ``titles``), before a role word (at
    ``roles``), before an organisation noun (at ``nouns``); see :func:`_context_starts`."""
    for match in matches_at(_TITLED, text, titles):
        title = match.group("title")
        if phrase_key(match.group("name"))[-1:][0] in _ORG_OR_PLACE_WORDS:
            continue  # 'Prince Edward Island', 'Queen Elizabeth University Hospital'
        country = (
            None
            if re.search(r"\bUN\b|\bU\.N\.", text[max(0, match.start() - 4) : match.start()])
            else _country_before(text, match.start())
        )
        if title.startswith(("Mr", "Mrs", "Ms", "Dr")):
            country = None
        yield _Found(
            name=match.group("name"),
            kind="person",
            span=Span(start=match.start("name"), end=match.end("name")),
            country=country,
            actor_code=None,
            confidence=0.8,
        )
    for match in matches_at(_APPOSITIVE, text, _apposition_starts(text, roles)):
        yield _Found(
            name=match.group("name"),
            kind="person",
            span=Span(start=match.start("name"), end=match.end("name")),
            country=None,
            actor_code=None,
            confidence=0.7,
        )
    for noun_match in matches_at(_ORG_NOUN, text, nouns):
        noun = noun_match.group("noun")
        window_start = max(0, noun_match.start() - 120)
        before = _ORG_BEFORE.search(text, window_start, noun_match.start())
        if before is None:
            continue
        kind: EntityKind = (
            "organisation" if noun.startswith(_MEDIA_NOUNS) or noun == "party" else "group"
        )
        for group in ("first", "name"):
            raw = before.group(group)
            if raw is None:
                continue
            if raw.split()[0] in _NOT_NAMES and len(raw.split()) == 1:
                continue
            lead = _LEADING_THE.match(raw)
            offset = lead.end() if lead else 0
            name = raw[offset:]
            if not name or gazetteer().country_of_key(phrase_key(name)) is not None:
                continue
            start = before.start(group) + offset
            yield _Found(
                name=name,
                kind=kind,
                span=Span(start=start, end=start + len(name)),
                country=_country_before(text, start),
                actor_code=None,
                confidence=0.7,
            )


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    return " ".join(phrase_key(name))


def _overlaps(span: Span, taken: list[Span]) -> bool:
    return any(span.start < t.end and t.start < span.end for t in taken)


@lru_cache(maxsize=4096)
def _acronym(name: str) -> str:
    return "".join(w[0] for w in phrase_key(name) if w not in {"OF", "THE", "AND", "FOR"})


_new_entity = Entity.__pydantic_validator__.validate_python
"""``Entity(...)`` from a dict, without ``BaseModel.__init__``'s frame and keyword dict (see
:data:`eventwire.pipeline.enrich.places._new_place`)."""


def find_entities(text: str, day: date | None) -> list[Entity]:
    """Every person, organisation and group in ``text``, resolved at ``day``."""
    merged: dict[str, _Found] = {}
    taken: list[Span] = []

    def add(found: _Found) -> None:
        if _overlaps(found.span, taken):
            return
        taken.append(found.span)
        key = _fold(found.name)
        surface = text[found.span.start : found.span.end]
        current = merged.get(key)
        if current is None:
            found.mentions = [found.span]
            found.texts = [surface]
            merged[key] = found
            return
        current.mentions.append(found.span)
        current.texts.append(surface)
        current.country = current.country or found.country
        current.actor_code = current.actor_code or found.actor_code

    for found in _dictionary_matches(text, day):
        add(found)
    titles, roles, nouns, countries = _context_starts(text)
    for found in _contextual(text, titles, roles, nouns):
        add(found)
    # A contextual person known to the dictionary under a longer form keeps its first mention.
    _merge_acronyms(merged)
    _add_surnames(text, merged, taken)
    ordered = sorted(merged.values(), key=lambda f: f.mentions[0].start)
    _inherit_countries(ordered, text, countries)
    out = []
    for number, found in enumerate(ordered, start=1):
        first = found.mentions[0]
        out.append(
            _new_entity(
                {
                    "entity_id": f"ent_{number}",
                    "kind": found.kind,
                    "name": found.name,
                    "text": text[first.start : first.end],
                    "span": first,
                    "mentions": sorted(found.mentions, key=lambda s: s.start),
                    "country": found.country,
                    "actor_code": found.actor_code,
                    "confidence": found.confidence,
                }
            )
        )
    return out


def _merge_acronyms(merged: dict[str, _Found]) -> None:
    """'UN' and 'United Nations' with the same actor code are one entity, named by the long form."""
    for key, short in list(merged.items()):
        if not short.name.isupper():
            continue
        letters = short.name.replace(".", "")
        for other_key, long in merged.items():
            if (
                other_key != key
                and other_key in merged
                and long.actor_code == short.actor_code
                and _acronym(long.name) == letters
            ):
                long.mentions.extend(short.mentions)
                long.texts.extend(short.texts)
                del merged[key]
                break


def _add_surnames(text: str, merged: dict[str, _Found], taken: list[Span]) -> None:
    """A later 'Lavrov' is a mention of the 'Sergey Lavrov' found earlier."""
    for found in list(merged.values()):
        if found.kind != "person":
            continue
        words = found.name.split()
        if len(words) < 2:
            continue
        surname = words[-1]
        at = text.find(surname)
        while at >= 0:
            end = at + len(surname)
            bounded = (at == 0 or not text[at - 1].isalnum()) and (
                end == len(text) or not text[end].isalnum()
            )
            span = Span(start=at, end=end)
            at = text.find(surname, end)
            if not bounded:
                continue
            if not _overlaps(span, taken):
                taken.append(span)
                found.mentions.append(span)
                found.texts.append(surname)


@cache
def _country_words() -> dict[str, str]:
    """One-word country names and adjectives ('SYRIA', 'SYRIAN') to the country code."""
    out = {}
    for key, entries in gazetteer().index.phrases.items():
        if len(key) == 1:
            country = next((e.country for e in entries if e.kind == "country"), None)
            if country:
                out[key[0]] = country
    return out


@cache
def _country_keys() -> frozenset[str]:
    """The keys of :func:`_country_words` as a set: intersected with an article's words
    without building a set of them first."""
    return frozenset(_country_words())


def _inherit_countries(ordered: list[_Found], text: str, countries: list[int]) -> None:
    """A local group with no country takes the article's main country; a person heading an
    organisation ('X, the head of ... Y') takes the organisation's country. ``countries``: the
    numbers of the tokens that are one-word country names, in text order."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    words = _country_words()
    tokens = token_index(text)
    for at in countries:
        country = words[tokens.keys[at]]
        counts[country] = counts.get(country, 0) + 1
        first.setdefault(country, at)
    # Ties go to the country named first, as when counting in text order.
    counts = {c: counts[c] for c in sorted(counts, key=first.__getitem__)}
    main = max(counts, key=lambda c: counts[c]) if counts else None
    for found in ordered:
        if found.kind == "group" and found.country is None and found.actor_code is None:
            found.country = main
    for found in ordered:
        if found.kind != "person" or found.country is not None:
            continue
        tail = text[found.span.end : found.span.end + 160]
        if not re.match(
            r",\s+(?:the\s+)?(?:[a-z]+\s+)?(?:head|leader|chief|founder|commander)\b", tail
        ):
            continue
        for other in ordered:
            if (
                other.kind != "person"
                and other.country
                and any(found.span.end < m.start <= found.span.end + 160 for m in other.mentions)
            ):
                found.country = other.country
                break


def extract_entities(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """Enricher: fill the entities section, resolving actor codes at the publication date."""
    day = article.published_at.date() if article.published_at else None
    return section(found, entities=find_entities(article.text, day))
