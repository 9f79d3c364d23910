"""The event coder: for each sentence that reports an action, source actor, CAMEO action,
target actor, place and date, from the verb dictionary and what the enrichers found.

Actors come from the enrichment (entities with an actor code; countries among the places),
qualified by a following agent noun ("Syrian government" -> SYRGOV, "Syrian opposition
militants" -> SYRUAF). Without a parser, the source is the nearest actor before the verb in the
sentence and the target the first one after it; the passive swaps them ("was endorsed by the
UN Security Council" has the Council as source).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache

import pycountry

from eventwire.pipeline.coding.actions import (
    Action,
    Words,
    find_actions,
    tokens_in,
    upper_case,
    words_in,
)
from eventwire.pipeline.coding.lexicon import Discards, load_discards
from eventwire.pipeline.coding.plover import is_statement, plover_for
from eventwire.pipeline.coding.verbs import Phrase, VerbDictionary, load_verb_dictionary
from eventwire.pipeline.dictionaries import AgentEntry, PhraseIndex, agent_index
from eventwire.pipeline.enrich.base import section
from eventwire.pipeline.enrich.sentences import Sentences
from eventwire.pipeline.events import event_id_for
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import ActorRef, CodedEvent, Enrichment, Span

_AGENT_REACH = 3
"""How many words after a country an agent noun may stand ("Syrian opposition militants")."""
_AGENT_CHARS = 160
"""How far after a country the words for an agent noun are read."""


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
def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return None if country is None else str(country.alpha_3)


@dataclass(frozen=True, slots=True)
class ActorMention:
    """An actor at a place in the text."""

    start: int
    end: int
    ref: ActorRef


def sentence_bounds(text: str) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text``: the enrichment's split (:class:`Sentences`,
    cached per text, so an article the date and figure enrichers have read is not split
    again), without trailing blanks."""
    split = Sentences.of(text)
    for start, stop in zip(split.starts, split.ends, strict=True):
        end = stop
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            yield start, end


def sentences(text: str) -> Iterator[Span]:
    """Sentence spans of ``text`` (abbreviations such as 'Mr.' do not end a sentence)."""
    for start, end in sentence_bounds(text):
        yield Span(start=start, end=end)


def _agent_after(
    text: str, upper: str, end: int, lexicon: Lexicon
) -> tuple[AgentEntry, int] | None:
    """An agent noun within a few words after character ``end``: the agent and where it ends."""
    limit = min(len(text), end + _AGENT_CHARS)
    words = words_in(upper, end, limit)[: _AGENT_REACH + 8]
    for at in range(min(_AGENT_REACH, len(words))):
        found = lexicon.agents.match_at(words, at)
        if found is not None:
            return found[1][0], tokens_in(text, upper, end, limit)[at + found[0] - 1].end
    return None


def qualify(actor_code: str, agent: AgentEntry) -> str:
    """'SYR' qualified by '~GOV' is 'SYRGOV'; by 'NGO~', 'NGOSYR'."""
    if agent.code.endswith("~"):
        return agent.code.rstrip("~") + actor_code
    return actor_code + agent.code.lstrip("~")


def actor_mentions(
    article: NormalisedArticle, found: Enrichment, upper: str, lexicon: Lexicon
) -> list[ActorMention]:
    """Every actor mention in the text, sorted by position, longest first at a position."""
    mentions: list[ActorMention] = []
    for entity in found.entities:
        code = entity.actor_code or (_alpha3(entity.country) if entity.country else None)
        if not code:
            continue
        ref = ActorRef(code=code, name=entity.name, entity_id=entity.entity_id)
        for span in [entity.span, *entity.mentions]:
            mentions.append(ActorMention(span.start, span.end, ref))
    for place in found.places:
        if place.kind != "country" or place.country is None:
            continue
        code = _alpha3(place.country)
        if code is None:
            continue
        agent = _agent_after(article.text, upper, place.span.end, lexicon)
        if agent is not None:
            qualified = qualify(code, agent[0])
            name = f"{place.name} {article.text[place.span.end : agent[1]].strip()}"
            mentions.append(
                ActorMention(place.span.start, agent[1], ActorRef(code=qualified, name=name))
            )
        else:
            mentions.append(
                ActorMention(place.span.start, place.span.end, ActorRef(code=code, name=place.name))
            )
    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    kept: list[ActorMention] = []
    for mention in mentions:
        if kept and mention.start < kept[-1].end:
            continue  # inside a longer mention ("Syrian" within "Syrian government")
        kept.append(mention)
    return kept


def _discarded(words: Sequence[str], phrases: frozenset[Phrase]) -> bool:
    """Whether any of the phrases occurs in the words."""
    firsts = _first_words(phrases)
    if firsts.keys().isdisjoint(words):
        return False
    return any(
        tuple(words[at : at + len(phrase)]) == phrase
        for at, word in enumerate(words)
        if word in firsts
        for phrase in firsts[word]
    )


@cache
def _first_words(phrases: frozenset[Phrase]) -> dict[str, tuple[Phrase, ...]]:
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return {word: tuple(found) for word, found in index.items()}


def _choose_actors(
    action: Action, tokens: Words, actors: Sequence[ActorMention]
) -> tuple[ActorRef | None, ActorRef | None]:
    spans = tokens.spans
    verb_start = spans[action.verb][0]
    verb_end = spans[action.verb_end - 1][1]
    before = [m for m in actors if m.end <= verb_start]
    after = [m for m in actors if m.start >= verb_end]
    if action.passive:
        by_at = next(
            (
                spans[at][1]
                for at in range(action.verb_end, min(action.verb_end + 3, len(tokens)))
                if tokens.upper[at] == "BY"
            ),
            None,
        )
        by_agent = next((m for m in after if by_at is not None and m.start > by_at), None)
        source = by_agent.ref if by_agent else None
        target = before[-1].ref if before else None
    else:
        source = before[-1].ref if before else None
        target = _object(action, tokens, after)
    if action.reversed:
        source, target = target, source
    if source is not None and target is not None and source.code == target.code:
        target = None
    return source, target


_CLAUSE_OPENERS = frozenset(
    {
        "THAT",
        "WHICH",
        "WHO",
        "WHOSE",
        "BECAUSE",
        "WHILE",
        "AFTER",
        "BEFORE",
        "IF",
        "WHEN",
        "SINCE",
        "ALTHOUGH",
        "AS",
        "WHERE",
    }
)
_OBJECT_REACH = 8
"""Words after the verb within which its object may stand."""


def _object(action: Action, tokens: Words, after: Sequence[ActorMention]) -> ActorRef | None:
    """The first actor after the verb, if it stands within reach and before a new clause opens
    ("said that the US ..." names what was said, not whom it was said to)."""
    if not after:
        return None
    spans = tokens.spans
    limit = spans[min(action.verb_end + _OBJECT_REACH, len(tokens)) - 1][1]
    for at in range(action.verb_end, len(tokens)):
        if spans[at][0] >= after[0].start:
            break
        if tokens.upper[at] in _CLAUSE_OPENERS:
            return None
    return after[0].ref if after[0].start <= limit else None


@dataclass(frozen=True, slots=True)
class ArticleContext:
    """What every sentence of one article is coded against."""

    article: NormalisedArticle
    found: Enrichment
    upper: str
    """The article's text upper-cased (:func:`upper_case`), tokenised a sentence at a time."""
    actors: Sequence[ActorMention]
    actor_starts: Sequence[int]
    lexicon: Lexicon
    place: str | None
    """The article's place, for sentences that name none."""
    date: str | None
    """The article's date, for sentences that give none."""


def code_sentence(context: ArticleContext, start: int, end: int) -> list[CodedEvent]:
    """The coded events of the sentence ``text[start:end]``."""
    article, found, lexicon = context.article, context.found, context.lexicon
    # Cheap looks first: most sentences name no actor or hold no dictionary verb.
    inside = [
        m
        for m in context.actors[
            bisect_left(context.actor_starts, start) : bisect_left(context.actor_starts, end)
        ]
        if m.end <= end
    ]
    if not inside:
        return []  # nothing can be coded without an actor
    tokens = Words(article.text, context.upper, start, end)
    if lexicon.verbs.forms.keys().isdisjoint(tokens.upper) or _discarded(
        tokens.upper, lexicon.discards.sentence
    ):
        return []
    places = [p for p in found.places if start <= p.span.start < end and p.kind != "country"]
    dates = [d for d in found.dates if start <= d.span.start < end and d.value]
    events: list[CodedEvent] = []
    span: Span | None = None
    for action in find_actions(tokens, lexicon.verbs):
        source, target = _choose_actors(action, tokens, inside)
        if source is None and not (action.passive and target is not None):
            # Every event needs its doer: only the agentless passive ("400,000 people had been
            # killed in Syria") is coded without one. This also keeps a disease or a storm from
            # being coded as an attacker ("H5N1 has killed two women").
            continue
        verb_start, verb_end = tokens.spans[action.verb][0], tokens.spans[action.verb_end - 1][1]
        dated = min(dates, key=lambda d: abs(d.span.start - verb_start), default=None)
        place = places[0].name if places else context.place
        date = dated.value if dated else context.date
        confidence = 0.45 + (0.2 if action.weight else 0.0)
        confidence += 0.2 if source is not None and target is not None else 0.0
        confidence += 0.05 if dated else 0.0
        root = action.code[:2]
        span = span or Span(start=start, end=end)
        events.append(
            CodedEvent(
                source=source,
                target=target,
                cameo_code=action.code,
                cameo_root=root,
                plover=plover_for(action.code),
                place=place,
                date=date,
                statement=is_statement(action.code),
                negated=action.negated,
                modality=action.modality,
                passive=action.passive,
                verb=article.text[verb_start:verb_end],
                event_id=event_id_for(
                    root,
                    source.code if source else None,
                    target.code if target else None,
                    place,
                    date,
                ),
                sentence=span,
                confidence=round(min(confidence, 0.95), 3),
            )
        )
    return events


def code_article(
    article: NormalisedArticle, found: Enrichment, lexicon: Lexicon | None = None
) -> list[CodedEvent]:
    """Every coded event of an article, in text order."""
    lexicon = lexicon or default_lexicon()
    upper = upper_case(article.text)
    if _discarded(words_in(upper), lexicon.discards.story):
        return []
    actors = actor_mentions(article, found, upper, lexicon)
    cities = [p.name for p in found.places if p.kind != "country"]
    article_place = max(set(cities), key=cities.count) if cities else None
    article_date = article.published_at.date().isoformat() if article.published_at else None
    context = ArticleContext(
        article,
        found,
        upper,
        actors,
        [m.start for m in actors],
        lexicon,
        article_place,
        article_date,
    )
    return [
        event
        for start, end in sentence_bounds(article.text)
        for event in code_sentence(context, start, end)
    ]


def code_events(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """Enricher: fill the events section (runs after entities, places and dates)."""
    return section(found, events=code_article(article, found))
