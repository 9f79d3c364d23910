"""The event coder: for each sentence that reports an action, source actor, CAMEO action,
target actor, place and date, from the verb dictionary and what the enrichers found.

Actors come from the enrichment (entities with an actor code; countries among the places),
qualified by a following agent noun ("Syrian government" -> SYRGOV, "Syrian opposition
militants" -> SYRUAF). Which of a sentence's actors is the source and which the target of each
action is decided in :mod:`eventwire.pipeline.coding.roles`.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Final, Generic, TypeVar

import pycountry

from eventwire.pipeline.coding.actions import (
    MODALS,
    TRAVEL_WORDS,
    Action,
    Words,
    find_actions,
    travel_warnings,
    upper_case,
    word_end,
    words_in,
)
from eventwire.pipeline.coding.intentions import (
    inaction_charged,
    intended,
    own_quoted,
    speakers_own,
)
from eventwire.pipeline.coding.lexicon import Discards, discarded, discarded_text, load_discards
from eventwire.pipeline.coding.plover import Plover, is_statement, plover_for
from eventwire.pipeline.coding.roles import (
    ActorMention,
    Sentence,
    alpha3,
    by_no_actor,
    choose_actors,
)
from eventwire.pipeline.coding.verbs import VerbDictionary, load_verb_dictionary
from eventwire.pipeline.dictionaries import (
    AgentEntry,
    PhraseIndex,
    actor_index,
    agent_index,
    display_name,
    phrase_key,
)
from eventwire.pipeline.enrich.base import section
from eventwire.pipeline.enrich.gazetteer import country_table
from eventwire.pipeline.enrich.sentences import Sentences
from eventwire.pipeline.events import event_id_for
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import (
    ActorRef,
    CodedEvent,
    DateMention,
    Enrichment,
    Place,
    Span,
)

_Item = TypeVar("_Item", Place, DateMention)

_AGENT_REACH = 3
"""How many words after a country an agent noun may stand ("Syrian opposition militants")."""
_AGENT_CHARS = 160
_AGENT_GLANCE = 80
"""Characters after a country that mostly hold the words an agent noun may span."""
_AGENT_PEEK = 32
"""Characters after a country that mostly hold the words an agent noun may begin with."""
_AGENT_BREAK = re.compile(r"[.,;:!?\"“”()]")
_BREAK_CHARS = frozenset('.,;:!?"“”()')
"""The characters of :data:`_AGENT_BREAK`: one right after a country ends its noun phrase."""
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")
"""A word as :func:`~eventwire.pipeline.coding.actions.words_in` reads one: the first after a
country, found with one search (no list of the words within reach), often settles that no
agent noun follows."""
_NOT_MODIFIERS = frozenset(
    {"IS", "ARE", "WAS", "WERE", "HAS", "HAVE", "HAD", "WILL", "WOULD", "AND", "OR", "TO", "THAT"}
    | {"THE", "A", "AN", "ITS", "THEIR", "HIS", "HER", "OUR"}
)
"""Words that end the noun phrase of a country: an agent noun after them is not its agent. A
determiner opens another noun phrase ('Kenya warned its citizens against travel': the
citizens are Kenya's object, and Kenya the state that warns)."""
_ONE_PERSON = re.compile(r"(?:^|\W)[Aa]n?\s+$")
"""'a' or 'an' right before a country's adjective with no agent noun after it: one of its
people ('a Canadian who returned from Mexico'), not the state."""
_NAME_BEFORE = re.compile(r"(?<=[\w,;:)] )(?!The\b)[A-Z][\w'’-]* $")
"""A capitalised word right before a country that does not begin its sentence: the country
ends a body's name ("SOS Children's Villages Sudan", "UNICEF Haiti"), it is not the state."""
_NAME_BEFORE_REACH = 40
_QUOTES = re.compile('["“”]')
_SPEECH_ROOT = "01"
_TAKE = "TAKE"
"""The verb of a charge of inaction ('had not taken any action': :func:`inaction_charged`)."""
_DYADIC_ROOTS = frozenset({"05", "06"})
_CARRIED_DOUBT = 0.15
"""How much less sure an event is whose source the sentence before names ('he said', 'the
clerics called': a reading of coreference without a parser)."""
"""Roots of cooperation, which is done with another actor (diplomatic and material): with no
target the coder has not found who the other is, and the act is no event it can code. (Not
consultations, 04: the seed's talks are coded only from a meeting with no target named.)"""
_WITH_PARTNER = ("031", "032")
"""Intentions to cooperate materially or diplomatically: announced for the future (mostly acts
of 05 or 06 that :func:`intentions.intended` reads as their intention, 'will purchase
vaccines'), they are with another actor, as the cooperation would be, and with no target the
coder has not found whom. (A pledge made, the dictionary's 032 for 'pledged support', is
coded with no target as before.)"""
_REPORTERS = frozenset({"MED"})
"""Codes of news outlets with no country (Phoenix codes Reuters, AFP, Xinhua 'MED'): in a news
article they are where a report comes from ('Xinhua reported', 'a report obtained by AFP'),
not a party to the event."""
_COMPANIES = "MNC"
"""The start of Phoenix's codes of companies ('MNCUSA': Newmont Mining, 'MNCUSAHLH'): a company
is no actor (the guideline's rule 2), so 'Newmont Mining officials have blamed the spill on a
contractor' is no criticism. Its mentions before an agent noun are kept, so that its officials
are its own and not read as the article's state's (:func:`_no_companies`); its other mentions
are left out, as they would only make more sentences worth coding."""
_STATE_AGENCIES = {"XINHUA": "CHN"}
"""News outlets that Phoenix codes as media with no country ('MED') but that are their state's
own agency, by the entity's name (upper-cased): such an agency reports for its state (the
guideline's rule 2: 'Xinhua reported' is China's statement). The other outlets Phoenix codes
'MED' (Reuters, AFP, the BBC, CNN) are no state's."""
_CASED_ACRONYMS = {"WHO": "WORLD_HEALTH_ORGANIZATION_"}
"""Acronyms that spell an English word, with the Phoenix actor entry they stand for. The Phoenix
dictionaries were written for PETRARCH, which reads upper-cased text, so they cannot list 'WHO'
(it would be every 'who'); in mixed-case news an acronym in capitals is the body's name."""
_CASED = re.compile(r"(?:" + "|".join(_CASED_ACRONYMS) + r")\b")
"""The acronyms, with the word boundary after them; the one before is checked for each match
(:func:`_acronym_spans`): a pattern that begins with a boundary lets the engine try every
character of the article, one that begins with the letters skips to where they stand."""
_WORD_CHAR = re.compile(r"\w")
_LOWER = re.compile("[a-z]")
_HEADLINE_REACH = 12
"""Characters either side of a cased acronym in which a lower-case letter must stand: in a
headline in capitals ('WHO WILL PAY?') capitals say nothing."""


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the coder reads from the dictionaries, built once per process."""

    verbs: VerbDictionary
    agents: PhraseIndex[AgentEntry]
    discards: Discards


@cache
def default_lexicon() -> Lexicon:
    """The shipped dictionaries; call before forking workers so children share the copy."""
    return Lexicon(verbs=load_verb_dictionary(), agents=agent_index(), discards=load_discards())


@cache
def _alpha3_code(code: str) -> bool:
    """Whether ``code`` is a country's ISO alpha-3 code."""
    return pycountry.countries.get(alpha_3=code) is not None


def sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``: the enrichment's split (:class:`Sentences`,
    cached per text, so an article the date and figure enrichers have read is not split
    again), without trailing blanks."""
    split = Sentences.of(text)
    for start, stop in zip(split.starts, split.ends, strict=True):
        end = _trimmed_end(text, start, stop)
        if end > start:
            yield start, end


def _trimmed_end(text: str, start: int, end: int) -> int:
    """``end`` moved back over the blanks that end ``text[start:end]``."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def sentences(text: str) -> Iterator[Span]:
    """Sentence spans of ``text`` (abbreviations such as 'Mr.' do not end a sentence)."""
    for start, end in sentence_bounds(text):
        yield Span(start=start, end=end)


@cache
def _acronym_refs() -> dict[str, ActorRef]:
    """The actor each cased acronym stands for, coded from its Phoenix entry."""
    refs: dict[str, ActorRef] = {}
    for acronym, header in _CASED_ACRONYMS.items():
        found = actor_index().phrases.get(phrase_key(header), [])
        code = next((e.code_at(None) for e in found if e.code_at(None)), None)
        if code is not None:
            refs[acronym] = ActorRef(code=code, name=display_name(header))
    return refs


def _acronym_spans(text: str) -> Iterator[tuple[int, int]]:
    """Where the acronyms of :data:`_CASED_ACRONYMS` stand as words of their own."""
    for match in _CASED.finditer(text):
        start = match.start()
        if start and _WORD_CHAR.match(text, start - 1):
            continue  # the end of a longer word ('UNWHO'): no word boundary before it
        yield start, match.end()


def _cased_mentions(text: str, found: Enrichment) -> Iterator[ActorMention]:
    """Mentions of the actors of :data:`_CASED_ACRONYMS`, which the enrichment's dictionary
    lookup (case-folded) cannot find; linked to the entity of the same code when the article
    names it in full ('the World Health Organization (WHO) ... the WHO said')."""
    if not any(acronym in text for acronym in _CASED_ACRONYMS):
        return  # most articles: one substring search each, no regex pass
    refs = _acronym_refs()
    linked: dict[str, ActorRef] = {}
    for start, end in _acronym_spans(text):
        ref = refs.get(text[start:end])
        if ref is None or not _LOWER.search(
            text, max(0, start - _HEADLINE_REACH), end + _HEADLINE_REACH
        ):
            continue
        if ref.code not in linked:
            entity = next((e for e in found.entities if e.actor_code == ref.code), None)
            linked[ref.code] = (
                ref
                if entity is None
                else ActorRef(code=ref.code, name=entity.name, entity_id=entity.entity_id)
            )
        yield ActorMention(start, end, linked[ref.code], entity_kind="organisation")


def _agent_after(
    text: str, upper: str, end: int, lexicon: Lexicon
) -> tuple[AgentEntry, int] | None:
    """An agent noun within a few words after character ``end``: the agent and where it ends.
    Only modifiers may stand between ('Syrian opposition militants'), not a verb or a
    punctuation mark ('Mexico are asking citizens', 'Peru. The government')."""
    limit = min(len(text), end + _AGENT_CHARS)
    if _no_agent_begins(text, upper, end, limit, lexicon):
        return None  # most countries
    words = _words_within_reach(upper, end, limit)
    if lexicon.agents.firsts.isdisjoint(words[:_AGENT_REACH]):
        return None
    for at in range(min(_AGENT_REACH, len(words))):
        found = lexicon.agents.match_at(words, at)
        if found is not None:
            agent_end = word_end(upper, end, limit, at + found[0] - 1)
            if _AGENT_BREAK.search(text, end, agent_end):
                return None
            return found[1][0], agent_end
        word = words[at]
        if word in _NOT_MODIFIERS or (word in lexicon.verbs.forms and not word.endswith("ED")):
            return None
    return None


def _no_agent_begins(text: str, upper: str, end: int, limit: int, lexicon: Lexicon) -> bool:
    """Whether what follows character ``end`` settles that no agent noun does (as
    :func:`_agent_after` would find), cheapest look first: a mark right after it, no word, a
    first word that would stop the reading ('in Syria.', 'Syria said', 'Syria and Iraq'; one
    search), or no word of the first few beginning an agent noun (a glance)."""
    if text[end : end + 1] in _BREAK_CHARS:
        return True  # the mark would stand before any agent noun
    next_word = _WORD.search(upper, end, limit)
    if next_word is None:
        return True
    word = next_word.group()
    if word not in lexicon.agents.firsts and (
        word in _NOT_MODIFIERS or (word in lexicon.verbs.forms and not word.endswith("ED"))
    ):
        return True
    first = _first_words(upper, end, limit, _AGENT_REACH, _AGENT_PEEK)
    return first is not None and lexicon.agents.firsts.isdisjoint(first)


def _first_words(upper: str, end: int, limit: int, wanted: int, glance: int) -> list[str] | None:
    """The first ``wanted`` words of ``upper[end:limit]``, read from a glance at the next
    ``glance`` characters when it holds more than that (the last word of the glance may be cut
    short, but another follows it, so it is not among those kept); None when it does not."""
    words = words_in(upper, end, min(limit, end + glance))
    return words[:wanted] if len(words) > wanted else None


def _words_within_reach(upper: str, end: int, limit: int) -> list[str]:
    """The first words of ``upper[end:limit]`` an agent noun may span (``_AGENT_REACH + 8``),
    from a glance at the first few characters when they hold them (:func:`_first_words`)."""
    wanted = _AGENT_REACH + 8
    words = _first_words(upper, end, limit, wanted, _AGENT_GLANCE)
    return words if words is not None else words_in(upper, end, limit)[:wanted]


_ACRONYM_DEFINED = re.compile(r" \(([A-Z][A-Z&]{1,7})\)")
"""An acronym in brackets right after the name it abbreviates ('the Food and Drug
Administration (FDA)')."""
_BODY_NOUNS = frozenset(
    {
        "ADMINISTRATION",
        "AGENCY",
        "AUTHORITY",
        "BOARD",
        "BUREAU",
        "CENTER",
        "CENTERS",
        "CENTRE",
        "CENTRES",
        "COMMISSION",
        "COUNCIL",
        "DEPARTMENT",
        "INSTITUTE",
        "MINISTRY",
        "OFFICE",
        "SERVICE",
    }
)
"""Nouns that name a public body: a body named with a country's adjective ('the Canadian Food
Inspection Agency') is that state's."""
_NAME_WORDS = re.compile(
    r"(?:(?!The\b)[A-Z][\w'’-]*\s+)(?:(?:[A-Z][\w'’-]*|of|for|and|on|the|de)\s+)*[A-Z][\w'’-]*$"
)
"""The capitalised words (and the small words inside a name) that end a stretch of text."""
_BODY_NAME = re.compile(r"(?:\s+[A-Z][\w'’-]*(?:\s+(?:and|of|for)(?=\s+[A-Z]))?)+")
"""The capitalised words of a body's name after a country's adjective ('American Food and Drug
Administration')."""
_GOVERNMENT = "GOVERNMENT"
_SERVICE = "VETERINARY"
"""A state service's word: a sentence naming it is coded as one naming 'the government' is
(the guideline's rule 11: 'the regional veterinary physician said' is the state's)."""
_OFFICES = (
    _GOVERNMENT,
    "ADMINISTRATION",
    "AGENCY",
    "BUREAU",
    "CENTER",
    "CENTRE",
    "DEPARTMENT",
    "MINISTRY",
    _SERVICE,
)
"""Words of state offices, upper-cased, found in every article with a country
(:func:`_offices`): a sentence whose only actor is 'the government' before its verb is coded,
for :mod:`roles` reads an unnamed state agent as the article's country's ('Last year, the
government banned ...'); the others may name a public body by its office ('the Bureau of
Meteorology': :func:`_body_mentions`)."""
_NEXT_WORD = re.compile(r"S?\s+([A-Z]+)\b")
_BEFORE_VERB = MODALS | frozenset({"ALSO", "HAS", "HAD", "HAVE", "IS", "WAS", "NOT"})
"""Words that may stand between a subject and its verb."""
_BODY_REMIT = re.compile(
    r"\s+(?:of|for)\s+([A-Z][\w'’-]*(?:,?\s+(?:and\s+|(?:of|for)\s+(?:the\s+)?)?[A-Z][\w'’-]*)*)"
)
"""The 'of' or 'for' after a body's noun and the capitalised words of its remit ('Bureau of
Meteorology', 'Department for Environment, Food and Rural Affairs'), not past 'and the', which
begins another name."""
_THE = ("the ", "The ")
_LISTED_AFTER = re.compile(r"(?:\s+\([A-Z][A-Z&]{1,7}\))?,\s+(?:the\s+)?")
"""What may stand between a body's name and a state's actor after it that says whose it is,
in an apposition or as the next of a list: its acronym in brackets and a comma ('the Centers
for Disease Control (CDC), the U.S. Agency for International Development', 'the Ministry of
Health, Angola'). Not 'and', which joins bodies of different states as often as of one ('the
Ministry of Health and the US Centers for Disease Control')."""
_OWNER = re.compile(r"\s+of\s+(?:the\s+)?")
"""'of' after a bracketed acronym: the body belongs to what follows ('(FDA) of the United
States Department of Health')."""
_APPOSITION = re.compile(r",\s+([^,.;:()\"“”]{3,120})[,.;]")
_TITLE_BEFORE = re.compile(r"(?:^|[.,;:\"“”]\s*)([^.,;:\"“”]{3,80}),\s+$")
_TITLE_GAP = re.compile(r"(?:['’]s)?(?:\s+[a-z][\w-]*){0,3}\s+$")
"""What may stand between a title's actor and the name it qualifies ('CFIA chief veterinarian
Brian Evans', "Mexico's health secretary Jose Cordova"): a few lower-case words."""
_IN_NAME = re.compile(r"(?<!\bof )(?<!\bthe )\b(?!The\b)[A-Z][\w'’-]*\s+$")
"""A capitalised word right before a country, other than an article or after 'of'."""
_SENT_TO = re.compile(r"\bto\s+(?:the\s+)?$")
"""'to' before an actor in a title: where an envoy is sent ('ambassador to the UN')."""
_FIRST_WORD = re.compile(r"[\w'’-]+")
_OWN_COUNTRY = re.compile(r"\b(?:in|of)\s+the\s+country\b")
_TITLE_WORDS = frozenset(
    {
        "CHIEF",
        "DIRECTOR",
        "HEAD",
        "MINISTER",
        "OFFICIAL",
        "SECRETARY",
        "SPOKESMAN",
        "SPOKESWOMAN",
        "SPOKESPERSON",
        "EPIDEMIOLOGIST",
        "VETERINARIAN",
        "OFFICER",
        "COMMISSIONER",
        "AMBASSADOR",
    }
)
"""Words of a title that the Phoenix agent list lacks on their own ('chief epidemiologist')."""


def _agent_in(words: Sequence[str], lexicon: Lexicon) -> AgentEntry | None:
    """The first agent noun among ``words`` (upper-cased)."""
    if lexicon.agents.firsts.isdisjoint(words):
        return None
    for at in range(len(words)):
        found = lexicon.agents.match_at(words, at)
        if found is not None:
            return found[1][0]
    return None


@dataclass(frozen=True, slots=True)
class _Titles:
    """What the titles of an article's people are read against."""

    text: str
    upper: str
    mentions: list[ActorMention]
    """The actor mentions found so far, by position."""
    lexicon: Lexicon
    ends: list[int]
    """Where each of ``mentions`` ends (in the same order: they do not overlap)."""
    starts: list[int]
    """Where each of ``mentions`` begins."""
    places: list[Place]
    """The places below country level, with their country."""

    @classmethod
    def of(
        cls,
        text: str,
        upper: str,
        mentions: list[ActorMention],
        *,
        found: Enrichment,
        lexicon: Lexicon,
    ) -> _Titles:
        places = [p for p in found.places if p.kind != "country" and p.country]
        return cls(
            text,
            upper,
            mentions,
            lexicon,
            [m.end for m in mentions],
            [m.start for m in mentions],
            places,
        )

    def role(self, start: int, end: int) -> str | None:
        """The actor code a title in ``text[start:end]`` gives: the actor named in it,
        qualified by the title's agent noun when it is a bare country ('Environment Minister
        of the African country of Nigeria': NGAGOV), not the end of a body's name ("director
        of SOS Children's Villages Sudan") nor where an envoy is sent ('ambassador to the
        UN'); None when the stretch names no actor."""
        words = words_in(self.upper, start, end)
        agent = _agent_in(words, self.lexicon)
        titled = agent is not None or not _TITLE_WORDS.isdisjoint(words)
        starts = self.starts
        for mention in self.mentions[bisect_left(starts, start) : bisect_left(starts, end)]:
            if mention.end > end:
                continue
            if _SENT_TO.search(self.text, max(start, mention.start - 8), mention.start):
                continue
            if not mention.bare_country:
                return mention.ref.code
            if _IN_NAME.search(self.text, max(start, mention.start - 40), mention.start):
                continue  # the end of a body's name, not its state
            if titled:
                return qualify(mention.ref.code, agent) if agent else mention.ref.code + "GOV"
        if titled:
            # 'the head doctor of the hospital in Van': an office in a town of the country
            place = next((p for p in self.places if start <= p.span.start < end), None)
            country = alpha3(place.country) if place is not None and place.country else None
            if country is not None:
                return qualify(country, agent) if agent else country + "GOV"
        return None

    def own_country_role(self, start: int, end: int, before: int, apposition: bool) -> str | None:
        """A title that names no actor, of the country named last before character ``before``:
        'the chief epidemiologist in the country', or a state agent before the name ('The
        Health minister, Alex Larsen,')."""
        country = next(
            (
                m.ref.code
                for m in reversed(self.mentions[: bisect_left(self.starts, before)])
                if m.bare_country and m.end <= before
            ),
            None,
        )
        if country is None or (apposition and not _OWN_COUNTRY.search(self.text, start, end)):
            return None
        words = words_in(self.upper, start, end)
        agent = _agent_in(words, self.lexicon)
        if agent is not None:
            return country + agent.code.lstrip("~") if agent.code.startswith("~GOV") else None
        return country + "GOV" if apposition and not _TITLE_WORDS.isdisjoint(words) else None

    def predicate(self, start: int, end: int) -> bool:
        """Whether the stretch set off by a comma after a name opens with a verb, which makes
        it the name's predicate, not an apposition ('Mohammed Kuti, said today that cattle
        rustlers have killed ...': no title, and the rustlers are not his office)."""
        first = _FIRST_WORD.match(self.text, start, end)
        if first is None or not first.group().islower():
            return False
        word = first.group().upper()
        return word in self.lexicon.verbs.forms and word not in self.lexicon.agents.firsts

    def of_person(self, start: int, end: int) -> str | None:
        """The actor code of the person named at ``text[start:end]``, from a title right before
        the name ('CFIA chief veterinarian Brian Evans'), an apposition after it ('John Odey,
        the Environment Minister of Nigeria,') or one before it ('The Health minister, Alex
        Larsen,')."""
        text = self.text
        at = bisect_left(self.ends, start)
        if at and _TITLE_GAP.fullmatch(text, self.ends[at - 1], start):
            last = self.mentions[at - 1]
            if not last.bare_country:
                return last.ref.code
            code = self.role(last.start, start)
            if code is not None:
                return code
        after = _APPOSITION.match(text, end) if text.startswith(",", end) else None
        if after is not None and not self.predicate(after.start(1), after.end(1)):
            code = self.role(after.start(1), after.end(1)) or self.own_country_role(
                after.start(1), after.end(1), start, apposition=True
            )
            if code is not None:
                return code
        if not text[max(0, start - 3) : start].rstrip().endswith(","):
            return None  # no comma before the name: no title set off before it
        before = _TITLE_BEFORE.search(text, max(0, start - 90), start)
        if before is None:
            return None
        return self.role(before.start(1), before.end(1)) or self.own_country_role(
            before.start(1), before.end(1), start, apposition=False
        )


def _named_before(text: str, mentions: list[ActorMention], end: int) -> ActorMention | None:
    """The actor whose mention ends just before character ``end``, a space apart."""
    at = bisect_left([m.end for m in mentions], end - 1)
    if at < len(mentions) and mentions[at].end == end - 1 and text[end - 1].isspace():
        return mentions[at]
    return None


def _acronym_mentions(text: str, mentions: list[ActorMention]) -> Iterator[ActorMention]:
    """Later mentions of an acronym the article defines by the name of an actor ('the Food and
    Drug Administration (FDA) of the United States Department of Health ... The FDA has also
    blocked imports'): the actor the name is, or the one it belongs to, or, for a public body
    named with a country's adjective, that country's government."""
    for match in _ACRONYM_DEFINED.finditer(text):
        acronym = match.group(1)
        named = _named_before(text, mentions, match.start() + 1)
        ref = named.ref if named is not None and not named.bare_country else None
        if ref is None:
            name = _NAME_WORDS.search(text, max(0, match.start() - 120), match.start())
            if name is None or name.group()[:1] != acronym[:1]:
                continue
            owner = _OWNER.match(text, match.end())
            owned = (
                None  # (no scan of every mention when no 'of' follows, as in most)
                if owner is None
                else next((m for m in mentions if m.start == owner.end()), None)
            )
            inside = next(
                (m for m in mentions if name.start() <= m.start and m.end <= match.start()), None
            )
            if owned is not None:
                ref = owned.ref
            elif inside is not None and not _BODY_NOUNS.isdisjoint(name.group().upper().split()):
                code = inside.ref.code[:3] if inside.bare_country else inside.ref.code
                ref = ActorRef(code=code + "GOV" if inside.bare_country else code, name=acronym)
            else:
                continue
        yield from _later_mentions(text, acronym, match.end(), ref)
    for mention in mentions:
        if not mention.bare_country or mention.entity_kind is not None:
            continue
        body = (
            _BODY_NAME.match(text, mention.end)
            if text[mention.end + 1 : mention.end + 2].isupper()
            else None
        )
        if body is None or _BODY_NOUNS.isdisjoint(body.group().upper().split()):
            continue
        initials = "".join(word[0] for word in body.group().split() if word[0].isupper())
        # 'The American Food and Drug Administration has recalled ... held by the FDA'; the
        # adjective's initial may lead ('Canadian Food Inspection Agency ... CFIA')
        for acronym in (initials, text[mention.start] + initials):
            if len(acronym) > 1 and text.find(acronym, body.end()) >= 0:
                ref = ActorRef(code=mention.ref.code + "GOV", name=acronym)
                yield from _later_mentions(text, acronym, body.end(), ref)


def _bodies(text: str, offices: Sequence[int]) -> Iterator[tuple[int, int, re.Match[str]]]:
    """Where each public body named by its office begins ('the'), where its noun ends, and its
    remit, given where the words of :data:`_OFFICES` stand (:func:`_offices`)."""
    for at in offices:
        if not (
            at >= 4
            and text.startswith(_THE, at - 4)
            and text[at].isupper()
            and not text[at - 5 : at - 4].isalnum()
        ):
            continue  # not 'the' and a capitalised noun: 'the government', 'an agency'
        noun_end = at + 1
        while noun_end < len(text) and text[noun_end].isalpha():
            noun_end += 1
        remit = _BODY_REMIT.match(text, noun_end)
        if remit is not None:
            yield at - 4, remit.start(1), remit


def _body_mentions(
    text: str, mentions: list[ActorMention], home: str | None, offices: Sequence[int]
) -> Iterator[ActorMention]:
    """Public bodies named by their office with no country ('The Bureau of Meteorology say',
    'the Ministry of Health confirmed'): a nation's body, of the article's country, or of the
    country named right after the name ('the Ministry of Health, Angola'). Not one an actor
    is named in or right before ('China's Ministry of Health', 'the UN Office for the
    Coordination of Humanitarian Affairs'), whose actor it is."""
    if home is None:
        return
    starts = [m.start for m in mentions]
    for body, noun_end, remit in _bodies(text, offices):
        start, end = body, remit.end()
        at = bisect_left(starts, start)
        if at and mentions[at - 1].end > start:
            continue  # inside an actor's name
        if at < len(mentions) and mentions[at].start < end:
            if mentions[at].start < noun_end:
                continue  # an actor is named in it: its body
            # the remit runs on into a list: 'the Ministry of Health, Angola'
            end = text.rfind(",", noun_end, mentions[at].start)
            if end < 0 or text[end : mentions[at].start].strip(", "):
                continue  # 'the Ministry of Health of Angola': the actor's body
        code = home
        after = _LISTED_AFTER.match(text, end)
        listed = mentions[at] if after is not None and at < len(mentions) else None
        if listed is not None and after is not None and listed.start == after.end():
            if listed.bare_country:
                # 'the Ministry of Health, Angola': the country it is named with
                code = listed.ref.code
                if text.startswith(",", end):
                    end = listed.end
            elif _alpha3_code(listed.ref.code[:3]):
                # listed with another state's body: that state's
                code = listed.ref.code[:3]
        ref = ActorRef(code=code + "GOV", name=text[start:end])
        yield ActorMention(start, end, ref, entity_kind="organisation")


def _later_mentions(text: str, acronym: str, after: int, ref: ActorRef) -> Iterator[ActorMention]:
    """Mentions of ``acronym`` after character ``after``, standing for ``ref``."""
    ref = ActorRef(code=ref.code, name=acronym, entity_id=ref.entity_id)
    # no word boundary at the pattern's start, which would have the engine try every
    # character (as for _CASED): the letters first, the character before them checked after
    for later in re.compile(re.escape(acronym) + r"\b").finditer(text, after):
        at = later.start()
        if at and _WORD_CHAR.match(text, at - 1):
            continue  # the end of a longer word
        yield ActorMention(at, at + len(acronym), ref, entity_kind="organisation")


def _people_mentions(
    text: str, upper: str, found: Enrichment, mentions: list[ActorMention], lexicon: Lexicon
) -> Iterator[ActorMention]:
    """Every mention of a person the enrichment names with no actor, coded as the actor of the
    title the article gives them at their first mention (:meth:`_Titles.of_person`), so that
    'Lezana said' and 'Evans also stated' have their source."""
    titles: _Titles | None = None
    for entity in found.entities:
        if entity.kind != "person" or entity.actor_code or entity.country:
            continue
        titles = titles or _Titles.of(text, upper, mentions, found=found, lexicon=lexicon)
        code = titles.of_person(entity.span.start, entity.span.end)
        if code is None:
            continue
        ref = ActorRef(code=code, name=entity.name, entity_id=entity.entity_id)
        for span in [entity.span, *entity.mentions]:
            yield ActorMention(span.start, span.end, ref, entity_kind="person")


def qualify(actor_code: str, agent: AgentEntry) -> str:
    """'SYR' qualified by '~GOV' is 'SYRGOV'; by 'NGO~', 'NGOSYR'."""
    if agent.code.endswith("~"):
        return agent.code.rstrip("~") + actor_code
    return actor_code + agent.code.lstrip("~")


def _one_person_before(text: str, start: int) -> bool:
    """Whether 'a' or 'an' stands right before character ``start`` (:data:`_ONE_PERSON`); the
    regex is run only on the few characters that hold an 'a' (most countries follow 'in',
    'of', 'to')."""
    before = text[max(0, start - 4) : start]
    return ("a" in before or "A" in before) and _ONE_PERSON.search(before) is not None


def _not_the_state(text: str, place: Place) -> bool:
    """Whether a country named with no agent noun after it is not the state: a country's
    adjective after 'a' is one of its people ('a Canadian who returned from Mexico'), and a
    country after a capitalised word that does not begin the sentence ends a body's name
    ("SOS Children's Villages Sudan")."""
    start = place.span.start
    if _one_person_before(text, start):
        return True
    if place.demonym or start < 2 or text[start - 1] != " ":
        return False
    reach = max(0, start - _NAME_BEFORE_REACH)
    if not text[text.rfind(" ", reach, start - 1) + 1].isupper():
        return False  # most countries follow a lower-case word ('in', 'of'): no regex search
    return bool(_NAME_BEFORE.search(text, reach, start))


_AMERICAN = "American"
_CONTINENTAL = re.compile(r"(?:South|North|Central|Latin) $")
"""The words that make 'American' a continent's adjective ('the South American country of
Chile', 'Latin American governments'): no state is named."""


def _continental(text: str, place: Place) -> bool:
    """Whether ``place`` is 'American' after a word that makes it a continent's adjective."""
    span = place.span
    start = span.start
    return (
        span.end - start == len(_AMERICAN)
        and text.startswith(_AMERICAN, start)
        and bool(_CONTINENTAL.search(text, max(0, start - 8), start))
    )


_OFFICIALS_AFTER = re.compile(r"\s+(?:officials?|spokes(?:man|woman|person))\b")


def _names_its_agent(text: str, upper: str, end: int, lexicon: Lexicon) -> bool:
    """Whether an agent noun or 'officials' follows a name ending at ``end`` ('Newmont Mining
    officials'), whose agents it names."""
    return (
        _OFFICIALS_AFTER.match(text, end) is not None
        or _agent_after(text, upper, end, lexicon) is not None
    )


def _entity_mentions(
    text: str, upper: str, found: Enrichment, lexicon: Lexicon
) -> list[ActorMention]:
    """The mentions of the entities with an actor code (a state's news agency as its state's;
    a company's only before its officials: :data:`_COMPANIES`)."""
    mentions: list[ActorMention] = []
    for entity in found.entities:
        code = entity.actor_code or (alpha3(entity.country) if entity.country else None)
        if code in _REPORTERS:
            code = _STATE_AGENCIES.get(entity.name.upper())
        if not code:
            continue
        ref = ActorRef(code=code, name=entity.name, entity_id=entity.entity_id)
        company = code.startswith(_COMPANIES)
        for span in [entity.span, *entity.mentions]:
            if company and not _names_its_agent(text, upper, span.end, lexicon):
                continue  # a company fills no role: only its officials' mention is needed
            mentions.append(ActorMention(span.start, span.end, ref, entity_kind=entity.kind))
    return mentions


def actor_mentions(
    article: NormalisedArticle,
    found: Enrichment,
    upper: str,
    lexicon: Lexicon,
    *,
    home: str | None = None,
    offices: Sequence[int] = (),
    people: list[ActorMention] | None = None,
) -> list[ActorMention]:
    """Every actor mention in the text, sorted by position, longest first at a position;
    ``home``, the article's country, is that of public bodies it names with no country, by
    the words of offices at ``offices`` (:func:`_offices`); a country's adjectives naming one
    of its people (:func:`_one_of_its_people`), which are no actor, are added to ``people``."""
    text = article.text
    mentions = _entity_mentions(text, upper, found, lexicon)
    bare: dict[tuple[str, str], ActorRef] = {}  # one per country: most are named many times
    for place in found.places:
        if place.kind != "country" or place.country is None:
            continue
        span = place.span  # (an attribute of a model is a dictionary look-up each time)
        start, end = span.start, span.end
        if text[end : end + 1] == "$":
            continue  # 'US$11.4 million', 'NZ$5': a currency, not the country
        code = alpha3(place.country)
        if code is None or _continental(text, place):
            continue
        agent = _agent_after(text, upper, end, lexicon)
        if agent is None and _not_the_state(text, place):
            if people is not None and _one_of_its_people(text, place):
                people.append(_person_of(place, code))
            continue
        name = place.name
        if agent is not None:
            qualified = qualify(code, agent[0])
            mentions.append(
                ActorMention(
                    start,
                    agent[1],
                    ActorRef(code=qualified, name=f"{name} {text[end : agent[1]].strip()}"),
                )
            )
        else:
            mentions.append(
                ActorMention(
                    start,
                    end,
                    bare.get((code, name))
                    or bare.setdefault((code, name), ActorRef(code=code, name=name)),
                    bare_country=True,
                )
            )
    mentions.extend(_cased_mentions(article.text, found))
    kept = _without_overlaps(mentions)
    kept = _with_carried(kept, [*_body_mentions(article.text, kept, home, offices)])
    kept = _with_carried(kept, [*_acronym_mentions(article.text, kept)])
    # An actor's name before a noun of figures ('UN figures suggest ...') is kept: findings an
    # actor gives are its statement (the gold's guideline 16; sources-s8 had read the figures
    # as the subject and the UN as no speaker, as the gold's first pass did).
    return _with_carried(kept, [*_people_mentions(article.text, upper, found, kept, lexicon)])


def _with_carried(kept: list[ActorMention], carried: list[ActorMention]) -> list[ActorMention]:
    """``kept`` (by position, none inside another) with the ``carried`` mentions merged in, as
    :func:`_without_overlaps` would keep them, without sorting ``kept`` again."""
    if not carried:
        return kept
    carried.sort(key=_position)
    starts = [m.start for m in kept]
    merged: list[ActorMention] = []
    at = 0
    for mention in carried:
        pos = bisect_left(starts, mention.start, at)
        while (
            pos < len(kept)
            and kept[pos].start == mention.start
            and kept[pos].end - kept[pos].start >= mention.end - mention.start
        ):
            pos += 1  # a longer one at the same place comes first (and one as long, kept first)
        _extend(merged, kept[at:pos])
        at = pos
        if not merged or mention.start >= merged[-1].end:
            merged.append(mention)
    _extend(merged, kept[at:])
    return merged


def _extend(merged: list[ActorMention], run: list[ActorMention]) -> None:
    """``merged`` extended by ``run`` (none inside another), less those of its first that
    begin inside the last of ``merged``."""
    skip = 0
    if merged:
        end = merged[-1].end
        while skip < len(run) and run[skip].start < end:
            skip += 1
    merged.extend(run[skip:])


def _position(mention: ActorMention) -> tuple[int, int]:
    return mention.start, mention.start - mention.end


def _without_overlaps(mentions: list[ActorMention]) -> list[ActorMention]:
    """The mentions sorted by position, less those inside a longer one at the same place."""
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[ActorMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue  # inside a longer mention ("Syrian" within "Syrian government")
        kept.append(mention)
    return kept


class _Located(Generic[_Item]):
    """Places or dates of an article, in the enrichment's order, found by sentence.

    A plain class with slots, not a dataclass: mypyc cannot compile a generic dataclass (the
    module fails at import, mypyc/mypyc#827). Lists, not sequences: mypyc slices and indexes
    a list natively, a sequence through the generic protocol."""

    __slots__ = ("items", "ordered", "starts")

    def __init__(self, items: list[_Item], starts: list[int], ordered: bool) -> None:
        self.items: Final[list[_Item]] = items
        self.starts: Final[list[int]] = starts
        """Where each begins."""
        self.ordered: Final[bool] = ordered
        """Whether they are listed by where they begin, as the enrichers list them."""

    @classmethod
    def of(cls, items: list[_Item]) -> _Located[_Item]:
        starts = [item.span.start for item in items]
        return cls(items, starts, all(a <= b for a, b in itertools.pairwise(starts)))

    def within(self, start: int, end: int) -> list[_Item]:
        """Those that begin in ``[start, end)``, in the enrichment's order."""
        starts = self.starts
        if self.ordered:
            return self.items[bisect_left(starts, start) : bisect_left(starts, end)]
        return [item for item, at in zip(self.items, starts, strict=True) if start <= at < end]


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What every sentence of one article is coded against (lists, which mypyc slices
    natively: :class:`_Located`)."""

    article: NormalisedArticle
    found: Enrichment
    upper: str
    """The article's text upper-cased (:func:`upper_case`), tokenised a sentence at a time."""
    actors: list[ActorMention]
    actor_starts: list[int]
    named: list[ActorMention]
    named_starts: list[int]
    home: str | None
    """The article's country: the one its places are most often in."""
    lexicon: Lexicon
    places: _Located[Place]
    """The places below country level."""
    dates: _Located[DateMention]
    """The dates resolved to a value."""
    place: str | None
    """The article's place, for sentences that name none."""
    date: str | None
    """The article's date, for sentences that give none."""
    governments: list[int]
    """Where 'government' stands (:func:`_offices`; nowhere when the article has no country
    for it)."""
    people: list[ActorMention]
    """A country's adjective naming one of its people ('a Canadian who returned'), as a
    mention of the state, read only in what a statement states (:func:`_one_of_its_people`)."""


def _outside_quotations(actions: list[Action], tokens: Words) -> tuple[list[Action], list[Action]]:
    """The actions, less those quoted when the sentence reports who said the quotation: in
    '"They will send doses," a White House statement said' the event is the statement, and
    what the speaker says others will do is its content (the gold's reported speech rule);
    and, apart, the quoted ones that are the speaker's own appeal or intention ('"We will
    send doses"': :func:`intentions.own_quoted`)."""
    text = tokens.text
    if len(actions) < 2 or not _QUOTES.search(text, tokens.start, tokens.end):
        return actions, []
    marks = [m.start() for m in _QUOTES.finditer(text, tokens.start, tokens.end)]
    spans = tokens.spans

    def quoted(action: Action) -> bool:
        return bisect_left(marks, spans[action.verb][0]) % 2 == 1

    outside = [a for a in actions if not quoted(a)]
    if not any(a.code.startswith(_SPEECH_ROOT) for a in outside):
        return actions, []
    return outside, own_quoted([a for a in actions if quoted(a)], tokens, marks)


_MADE = frozenset({"MAKE", "MAKES", "MADE", "MAKING"})
_SAID_NOUNS = frozenset(
    {"ANNOUNCEMENT", "ANNOUNCEMENTS", "STATEMENT", "STATEMENTS", "REMARKS", "COMMENTS"}
)
"""Nouns of what is said: making one is saying it ('made the announcement')."""
_SAID_DETERMINERS = frozenset({"THE", "A", "AN", "THIS", "THAT", "ITS", "HIS", "HER", "THEIR"})


def _light_statements(tokens: Words) -> list[Action]:
    """A statement made with a light verb and a noun of what is said ('WHO Africa regional
    director Luis Gomes Sambo made the announcement at the beginning of a conference': he
    announced, CAMEO 010), which CAMEO's MAKE block does not code; looked for only in a
    sentence with no action of its own."""
    words = tokens.upper
    found: list[Action] = []
    for at, word in enumerate(words):
        if word not in _MADE:
            continue
        noun = at + 1
        if noun < len(words) and words[noun] in _SAID_DETERMINERS:
            noun += 1
        if noun < len(words) and words[noun] in _SAID_NOUNS:
            found.append(Action(at, at + 1, "MAKE", "010", False, 0, False, "actual", False))
    return found


_READ = frozenset({"READ", "READS"})
_WRITTEN_NOUNS = _SAID_NOUNS | frozenset(
    {"REPORT", "LETTER", "COMMUNIQUE", "DECLARATION", "RELEASE", "NOTICE"}
)
"""Nouns of what is said or written, which 'read' may follow ('the statement read')."""
_READ_REACH = 6
_CLAUSE_BREAK = re.compile(r'[";:“”.!?]')
"""Words before 'read' within which the noun of what is written stands ('a statement by the
US government read')."""


def _written_statements(tokens: Words) -> list[Action]:
    """A statement that 'read' something ('"... inseparable from the health of people around
    the world," a statement by the US government read'): a written statement says what it
    reads, CAMEO 010, of the actor it is by (CAMEO has no READ). Only after a noun of what is
    said or written within its clause: 'the minister read the report' is no statement."""
    words = tokens.upper
    found: list[Action] = []
    for at, word in enumerate(words):
        if word not in _READ:
            continue
        for before in range(at - 1, max(-1, at - _READ_REACH - 1), -1):
            if _CLAUSE_BREAK.search(tokens.gap(before + 1)):
                break
            if words[before] in _WRITTEN_NOUNS:
                found.append(Action(at, at + 1, "READ", "010", False, 0, False, "actual", False))
                break
    return found


def _with_noun_statements(actions: list[Action], tokens: Words) -> list[Action]:
    """The actions, with the statements a noun of what is said makes: 'made the announcement'
    in a sentence with no action of its own (:func:`_light_statements`), 'a statement by X
    read' in any (:func:`_written_statements`)."""
    if not actions and not _MADE.isdisjoint(tokens.upper):
        actions = _light_statements(tokens)
    if not _READ.isdisjoint(tokens.upper) and (written := _written_statements(tokens)):
        actions = sorted([*actions, *written], key=lambda action: action.verb)
    return actions


_SET_OFF_REACH = 3
"""Words after a participle within which the comma closing its phrase stands ('released
yesterday,')."""


def _no_set_off_participles(actions: list[Action], tokens: Words) -> list[Action]:
    """The actions, less a participle that a comma sets off after a noun with no subject of
    its own and another comma closes within a few words ('In a statement by the Department
    for Environment, released yesterday, the Scottish Executive confirmed': the statement was
    released, by no one the sentence names). Not a statement ('..., said McGauran')."""
    kept = []
    for action in actions:
        at, words = action.verb, tokens.upper
        if (
            at
            and not action.passive
            and words[at].endswith("ED")
            and not action.code.startswith(_SPEECH_ROOT)
            and "," in tokens.gap(at)
            and any(
                "," in tokens.gap(later)
                for later in range(
                    action.verb_end, min(action.verb_end + _SET_OFF_REACH, len(words))
                )
            )
        ):
            continue
        kept.append(action)
    return kept


def _offices(upper: str, verbs: VerbDictionary) -> tuple[list[int], list[int]]:
    """Where 'government' stands as a subject, right before a verb or an auxiliary, or
    'veterinary' stands (:data:`_SERVICE`), and where
    the other words of :data:`_OFFICES` stand, in the article (upper-cased), in order, at the
    start of a word: a substring search for each, which skips through the text (a regex of
    them would try every character)."""
    governments: list[int] = []
    bodies: list[int] = []
    for word in _OFFICES:
        at = upper.find(word)
        while at >= 0:
            if at and upper[at - 1].isalpha():
                pass  # inside a word
            elif word == _SERVICE:
                governments.append(at)
            elif word != _GOVERNMENT:
                bodies.append(at)
            elif (after := _NEXT_WORD.match(upper, at + len(word))) is not None and (
                after.group(1) in _BEFORE_VERB or after.group(1) in verbs.forms
            ):
                governments.append(at)
            at = upper.find(word, at + len(word))
    bodies.sort()
    return governments, bodies


def _names_state_agent(context: ArticleContext, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` names 'the government', which :mod:`roles` reads as the
    article's country's ('Last year, the government banned ...'). (Other unnamed agents,
    'officials', 'the ministry', coded no more events of either half of the gold, and every
    sentence naming one would cost its tokens and actions.)"""
    starts = context.governments
    at = bisect_left(starts, start)
    return at < len(starts) and starts[at] < end


@cache
def _capitals() -> frozenset[tuple[str, str]]:
    """(ISO alpha-2, name) of every country's capital, from the GeoNames country table the
    place enricher's gazetteer reads."""
    countries = country_table()
    return frozenset((iso, c["capital"]) for iso, c in countries.items() if c.get("capital"))


def _capital_mentions(places: list[Place]) -> list[ActorMention]:
    """The places that are their country's capital, as mentions of the state: a capital names
    its state in what a statement states (the guideline's rule 10: 'half the victims in the
    capital of Luanda' is about Angola), though no other city does."""
    capitals = _capitals()
    found: list[ActorMention] = []
    for place in places:
        code = alpha3(place.country) if (place.country, place.name) in capitals else None
        if code is not None:
            ref = ActorRef(code=code, name=place.name)
            found.append(ActorMention(place.span.start, place.span.end, ref, bare_country=True))
    return found


_LIKEWISE = frozenset({"TOO", "LIKEWISE", "SIMILARLY"})
"""Words after a verb that say its act is the one an earlier clause reports, done again by
another actor ('as well' is read as two words)."""


def _likewise(tokens: Words, action: Action) -> bool:
    """Whether the words after the verb say it repeats an earlier act of the sentence ('Israel
    has a blockade on Gaza, and Egypt restricts movement across its border with the territory
    as well'): with no target of its own, the act is against the earlier act's target."""
    after = tokens.upper[action.verb_end :]
    return not _LIKEWISE.isdisjoint(after) or _as_well(after)


def _earlier_target(events: Sequence[CodedEvent], action: Action, tokens: Words) -> ActorRef | None:
    """The target of the sentence's first event of the action's root that has one, when the
    action repeats that act (:func:`_likewise`) and names no target of its own."""
    root = action.code[:2]
    earlier = next((e.target for e in events if e.cameo_root == root and e.target), None)
    return earlier if earlier is not None and _likewise(tokens, action) else None


def _as_well(after: Sequence[str]) -> bool:
    """Whether 'as well' stands among ``after``, not as 'as well as' (which lists more)."""
    for at in range(len(after) - 1):
        if after[at] == "AS" and after[at + 1] == "WELL" and after[at + 2 : at + 3] != ["AS"]:
            return True
    return False


_PERSON_AFTER = re.compile(r"\s+(?:-?year-old\s+)?([A-Za-z]+)")
_PEOPLE_NOUNS = frozenset(
    {
        "MAN",
        "WOMAN",
        "BOY",
        "GIRL",
        "CHILD",
        "BABY",
        "TODDLER",
        "TEENAGER",
        "CITIZEN",
        "NATIONAL",
        "RESIDENT",
        "TOURIST",
        "TRAVELLER",
        "TRAVELER",
        "VISITOR",
        "PASSENGER",
        "PATIENT",
        "FARMER",
        "STUDENT",
        "WORKER",
        "NURSE",
        "DOCTOR",
        "PILGRIM",
    }
)
"""Nouns after 'a' and a country's adjective that make it one of its people ('an Indonesian
woman'; and 'a Canadian who returned'), not the place of a thing ('a British laboratory', which the
guideline's rule 3 makes no target)."""


def _one_of_its_people(text: str, place: Place) -> bool:
    """Whether a country's adjective that :func:`_not_the_state` finds is no state ('a
    Canadian who returned from Mexico', 'an Indonesian tourist') names one of its people: a
    noun of :data:`_PEOPLE_NOUNS` follows, or 'who' in lower case (not the WHO). A statement
    about one of a country's people names the state (the guideline's rule 10: 'by the state's
    name, its adjective'), though the person is no actor; 'a British laboratory' names where
    something is done (rule 3)."""
    start = place.span.start
    if not place.demonym or not _one_person_before(text, start):
        return False
    person = _PERSON_AFTER.match(text, place.span.end)
    if person is None:
        return False
    word = person.group(1)
    return word == "who" or word.upper() in _PEOPLE_NOUNS


def _person_of(place: Place, code: str) -> ActorMention:
    """The mention of state ``code`` that one of its people's adjective makes."""
    return ActorMention(
        place.span.start, place.span.end, ActorRef(code=code, name=place.name), True
    )


def _content_mentions(
    context: ArticleContext, places: list[Place], start: int, end: int
) -> Sequence[ActorMention]:
    """The states named in ``text[start:end]`` only for what a statement states: capitals
    (:func:`_capital_mentions`) and one of a country's people (:func:`_one_of_its_people`)."""
    found = _capital_mentions(places) if places else ()
    if not context.people:
        return found
    people = [m for m in context.people if start <= m.start and m.end <= end]
    return sorted([*found, *people], key=lambda m: m.start) if people else found


@cache
def _plover_of(code: str) -> tuple[Plover, bool]:
    """The PLOVER category of a CAMEO code and whether it is a statement (:mod:`plover`, which
    is not compiled: a look-up here costs less than its two calls per event)."""
    return plover_for(code), is_statement(code)


def code_sentence(
    context: ArticleContext, start: int, end: int, previous: int | None = None
) -> list[CodedEvent]:
    """The coded events of the sentence ``text[start:end]``; ``previous`` is where the
    sentence before it begins, whose actors a subject may refer back to ('he', 'the
    clerics'; the guideline's rule 3)."""
    article, lexicon = context.article, context.lexicon
    # Cheap looks first: most sentences name no actor or hold no dictionary verb.
    inside = [
        m
        for m in context.actors[
            bisect_left(context.actor_starts, start) : bisect_left(context.actor_starts, end)
        ]
        if m.end <= end
    ]
    if not inside and not _names_state_agent(context, start, end):
        return []  # nothing can be coded without an actor
    tokens = Words(article.text, context.upper, start, end)
    if lexicon.verbs.forms.keys().isdisjoint(tokens.upper) or discarded(
        tokens.upper, lexicon.discards.sentence
    ):
        return []
    actions, own = _outside_quotations(
        intended(find_actions(tokens, lexicon.verbs), tokens), tokens
    )
    actions = _with_noun_statements(actions, tokens)
    if actions and "," in tokens.text[start:end]:
        actions = _no_set_off_participles(actions, tokens)
    if not actions:
        return []
    actions = (
        travel_warnings(actions, tokens) if not TRAVEL_WORDS.isdisjoint(tokens.upper) else actions
    )
    places = context.places.within(start, end)
    dates = context.dates.within(start, end)
    events: list[CodedEvent] = []
    span: Span | None = None
    sentence = Sentence(
        tokens,
        inside,
        lexicon.agents,
        context.named,
        context.named_starts,
        context.home,
        [action.verb for action in actions],
        _content_mentions(context, places, start, end),
        context.actors[
            bisect_left(context.actor_starts, previous) : bisect_left(context.actor_starts, start)
        ]
        if previous is not None
        else (),
    )
    seen: set[tuple[str | None, str | None, str]] = set()
    earlier: list[tuple[Action, ActorRef | None]] = []
    for action in actions:
        source, target, others, co_targets = _no_companies(
            *choose_actors(action, sentence, earlier)
        )
        earlier.append((action, source))
        # 'Israel has a blockade on Gaza, and Egypt restricts movement ... as well'
        target = target or (_earlier_target(events, action, tokens) if events else None)
        if source is None or by_no_actor(sentence, action):
            # Every event needs its doer. An agentless passive ("six aid workers were killed
            # in South Sudan", "polio had been eradicated in Egypt") says what happened, not
            # who did it: the gold codes no event for it, and coding one with no source was
            # wrong on every such sentence of both halves (14 spurious events). This also
            # keeps a disease or a storm from being coded as an attacker, as does a participle
            # with no 'be' whose by-agent is no actor ('areas hardest hit by the flu').
            continue
        verb_start, verb_end = (
            sentence.spans[action.verb][0],
            sentence.spans[action.verb_end - 1][1],
        )
        dated = min(dates, key=lambda d: abs(d.span.start - verb_start), default=None)
        place = places[0].name if places else context.place
        date = dated.value if dated else context.date
        confidence = 0.45 + (0.2 if action.weight else 0.0)
        confidence += 0.2 if target is not None else 0.0
        confidence += 0.05 if dated else 0.0
        if action.verb in sentence.carried:
            confidence -= _CARRIED_DOUBT  # its source is named in the sentence before
        root = action.code[:2]
        plover, statement = _plover_of(action.code)
        if target is None and (
            root in _DYADIC_ROOTS
            or (action.modality == "future" and action.code.startswith(_WITH_PARTNER))
        ):
            continue  # 'are promising to take her case up on several issues': with no one
        for doer, whom in itertools.product((source, *others), (target, *co_targets)):
            key = (doer.code, whom.code if whom else None, root)
            if key in seen or (
                whom is not None and doer.code == whom.code and root != _SPEECH_ROOT
            ):
                continue  # one sentence reporting one event twice ('announced ... reported')
            seen.add(key)
            span = span or Span(start=start, end=end)
            events.append(
                CodedEvent(
                    source=doer,
                    target=whom,
                    cameo_code=action.code,
                    cameo_root=root,
                    plover=plover,
                    place=place,
                    date=date,
                    statement=statement,
                    negated=action.negated,
                    modality=action.modality,
                    passive=action.passive,
                    verb=article.text[verb_start:verb_end],
                    event_id=event_id_for(
                        root, doer.code, whom.code if whom else None, place, date
                    ),
                    sentence=span,
                    confidence=round(min(confidence, 0.95), 3),
                )
            )
    if own or len(events) > 1:
        # (a charge of inaction comes with two events at least: the statement, and the untaken
        # act, negated)
        return _said_readings(events, own, actions, sentence, earlier)
    return events


def _said_readings(
    events: list[CodedEvent],
    own: Sequence[Action],
    actions: Sequence[Action],
    sentence: Sentence,
    earlier: Sequence[tuple[Action, ActorRef | None]],
) -> list[CodedEvent]:
    """The sentence's events, one statement each (:func:`_one_statement_each`), with what
    its statements say read into them (:mod:`intentions`): a speaker's own quoted appeal or
    intention in place of their statement, and a charge of inaction beside it (after the
    statements are thinned, which would take the charge for the reported act and drop the
    statement: the gold codes both)."""
    if own and events:
        events = speakers_own(events, own, sentence, earlier)
    if len(events) > 1:
        events = _one_statement_each(events)
    if events and any(action.lemma == _TAKE for action in actions):
        events = inaction_charged(events, sentence, earlier)
    return events


def _no_companies(
    source: ActorRef | None,
    target: ActorRef | None,
    others: tuple[ActorRef, ...],
    co_targets: tuple[ActorRef, ...],
) -> tuple[ActorRef | None, ActorRef | None, tuple[ActorRef, ...], tuple[ActorRef, ...]]:
    """The roles :func:`choose_actors` found, with no company in any (:data:`_COMPANIES`): an
    act of a company is no event (its source is dropped, and every event needs one), and a
    company acted on is no target."""
    if source is not None and source.code.startswith(_COMPANIES):
        source = None
    if target is not None and target.code.startswith(_COMPANIES):
        target = None
    # (most actions list no other actor: no generator is made for an empty tuple)
    return (
        source,
        target,
        tuple(o for o in others if not o.code.startswith(_COMPANIES)) if others else others,
        tuple(o for o in co_targets if not o.code.startswith(_COMPANIES))
        if co_targets
        else co_targets,
    )


def _one_statement_each(events: list[CodedEvent]) -> list[CodedEvent]:
    """The events, less the statements before an act between actors that the sentence
    reports (the guideline's rule 4: 'The European Commission said that it was providing
    funds to assist Zimbabwe' is aid, not a statement too), and less a speaker's statement
    with no target when the same sentence codes a
    statement of theirs about someone ('The UN has confirmed six aid workers in South Sudan
    were killed in what the UN representative called a "heinous murder"': one statement, about
    South Sudan)."""
    reported = next(
        (
            at
            for at, e in enumerate(events)
            if e.cameo_root != _SPEECH_ROOT and e.target is not None and not e.negated
        ),
        None,
    )
    if reported is not None and reported > 0:
        # 'X said that it was providing funds to assist Zimbabwe': the reported act between
        # actors is the event, not X's statement (the guideline's rule 4)
        events = [
            e for at, e in enumerate(events) if at >= reported or e.cameo_root != _SPEECH_ROOT
        ]
    about = {
        (source.code, e.cameo_code)
        for e in events
        if (source := e.source) is not None
        and e.target is not None
        and e.cameo_root == _SPEECH_ROOT
    }
    if not about:
        return events
    return [
        e
        for e in events
        if not (
            e.target is None
            and e.cameo_root == _SPEECH_ROOT
            and e.source is not None
            and (e.source.code, e.cameo_code) in about
        )
    ]


def _candidate_sentences(
    text: str, actor_starts: list[int], governments: list[int]
) -> list[tuple[int | None, int, int]]:
    """The bounds (:func:`sentence_bounds`) of the sentences in which an actor mention or a
    'government' (:func:`_offices`) begins, in text order: the sentences found from the
    mentions (a bisection each) rather than every sentence looked at for one (most sentences
    name no actor: not even a call to :func:`code_sentence`), each after where the sentence
    before it begins (None for the first)."""
    split = Sentences.of(text)
    starts, ends = split.starts, split.ends
    numbers = {bisect_right(starts, at) - 1 for at in actor_starts}
    numbers.update(bisect_right(starts, at) - 1 for at in governments)
    out: list[tuple[int | None, int, int]] = []
    for number in sorted(numbers):
        if number < 0:
            continue  # before the first sentence: in none
        start = starts[number]
        end = _trimmed_end(text, start, ends[number])
        if end > start:
            out.append((starts[number - 1] if number > 0 else None, start, end))
    return out


def _home(found: Enrichment) -> str | None:
    """The country the article's places are most often in (ISO alpha-3)."""
    counts: dict[str, int] = {}
    for place in found.places:
        if place.country:
            counts[place.country] = counts.get(place.country, 0) + 1
    if not counts:
        return None
    # the first counted of the most frequent, as Counter.most_common(1) gives (a plain dict:
    # a Counter is pure Python, slow to build from compiled code)
    return alpha3(max(counts, key=counts.__getitem__))


def code_article(
    article: NormalisedArticle, found: Enrichment, lexicon: Lexicon | None = None
) -> list[CodedEvent]:
    """Every coded event of an article, in text order."""
    lexicon = lexicon or default_lexicon()
    upper = upper_case(article.text)
    home = _home(found)
    governments, offices = _offices(upper, lexicon.verbs) if home is not None else ([], [])
    people: list[ActorMention] = []
    actors = actor_mentions(
        article, found, upper, lexicon, home=home, offices=offices, people=people
    )
    places = [p for p in found.places if p.kind != "country"]
    cities = [p.name for p in places]
    # The most mentioned; of a tie, the first mentioned (a set's order would follow the hash
    # seed, and so would the event's place and id, from one process to the next).
    article_place = max(dict.fromkeys(cities), key=cities.count) if cities else None
    article_date = article.published_at.date().isoformat() if article.published_at else None
    named = [m for m in actors if m.entity_kind is not None]
    context = ArticleContext(
        article,
        found,
        upper,
        actors,
        [m.start for m in actors],
        named,
        [m.start for m in named],
        home,
        lexicon,
        _Located.of(places),
        _Located.of([d for d in found.dates if d.value]),
        article_place,
        article_date,
        governments,
        people,
    )
    events: list[CodedEvent] = []
    text = article.text
    for previous, start, end in _candidate_sentences(text, context.actor_starts, governments):
        events.extend(code_sentence(context, start, end, previous))
    if events and discarded_text(upper, lexicon.discards.story):
        return []  # (looked for last: an article with no event needs no look at every word)
    return events


def code_events(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """Enricher: fill the events section (runs after entities, places and dates)."""
    return section(found, events=code_article(article, found))
