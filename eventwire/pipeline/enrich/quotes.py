"""Direct quotations and their speakers: '"...," Lavrov said', 'said a report in Al-Watan',
'X said: "..."', and a continuation ('he added') that keeps the previous speaker."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from eventwire.pipeline.enrich.base import section
from eventwire.pipeline.enrich.triggers import matches_at, offsets_of
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment, Entity, Quote, Span

MIN_QUOTE_WORDS = 4
"""Shorter quoted runs are scare quotes or titles ('so-called "moderates"'), not speech."""

_VERBS = (
    r"said|says|added|adds|told|tells|stated|states|noted|notes|explained|explains|wrote|writes|"
    r"warned|warns|insisted|insists|claimed|claims|declared|declares|stressed|stresses|"
    r"announced|announces|argued|argues|asked|asks|replied|replies|continued|continues|"
    r"recalled|recalls|emphasised|emphasized"
)
_CAP_WORD = r"(?:[A-Z]\.|[A-Z][\w'’-]*)"
_NAME_WORD = rf"(?:{_CAP_WORD}|al-[\w'’-]+|(?:de|van|von|bin|da|der|del|la|le|el)\b)"
_NAME = rf"{_CAP_WORD}(?:\s+{_NAME_WORD})*"
_PRONOUN = r"[Hh]e|[Ss]he|[Tt]hey"
_DESCRIPTION = r"(?:a|an|the)\s+[^\"“”.,;:!?]{1,80}?"

_AFTER_NAME_VERB = re.compile(
    rf"^,?\s*(?P<speaker>{_PRONOUN}|{_NAME}|{_DESCRIPTION})\s+(?:{_VERBS})\b"
)
_AFTER_VERB_NAME = re.compile(
    rf"^,?\s*(?:{_VERBS})\s+(?:(?P<speaker>{_NAME})(?=[,.;:]|\s+(?:adding|who|in|on|at)\b|$)"
    rf"|(?P<description>(?:a|an|the)\s+[^\"“”.,;:!?]{{1,80}})(?=[,.;:!?]|$))"
)
_BEFORE = re.compile(rf"(?P<speaker>{_PRONOUN}|{_NAME})\s+(?:{_VERBS})(?:\s+that)?\s*[:,]?\s*$")
_CONTINUATION_BEFORE = re.compile(r"\b(?:adding|added|continuing|continued)\b[^.!?“”\"]*$")
_QUOTE = re.compile(r"“(?P<curly>[^“”]+)”|\"(?P<straight>[^\"]+)\"")
_OPENING_MARKS = '“"'
"""The characters a match of :data:`_QUOTE` begins with."""
_CAPITALISED = re.compile(rf"{_NAME}")


_VERB_ENDINGS = tuple(_VERBS.split("|"))


def _may_end_with_verb(before: str) -> bool:
    """Whether ``before`` ends with a verb of :data:`_VERBS`, then perhaps 'that', a colon or a
    comma, and spaces: what every match of :data:`_BEFORE` ends with. A quick test (string
    methods) that spares the search, which the engine tries at every character, where it
    cannot match."""
    tail = before.rstrip()
    if tail[-1:] in {":", ","}:
        tail = tail[:-1].rstrip()
    if tail.endswith("that"):
        return tail.endswith(_VERB_ENDINGS) or tail[:-4].rstrip().endswith(_VERB_ENDINGS)
    return tail.endswith(_VERB_ENDINGS)


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str
    span: Span


def _name_in_description(text: str, start: int) -> _Speaker | None:
    """The proper name inside 'a report in Syria's Al-Watan daily': the last capitalised run,
    without a possessive in front of it."""
    runs = [m for m in _CAPITALISED.finditer(text) if m.start() > 0 or not text[:1].islower()]
    if not runs:
        return None
    last = runs[-1]
    words = last.group(0).split()
    offset = last.start()
    while len(words) > 1 and words[0].endswith(("'s", "’s")):
        offset = text.index(words[1], offset + len(words[0]))
        words = words[1:]
    name = " ".join(words)
    return _Speaker(name, Span(start=start + offset, end=start + offset + len(name)))


def _resolve(raw: str, start: int, previous: _Speaker | None) -> tuple[_Speaker | None, float]:
    """Turn the matched speaker phrase into a speaker; pronouns take the previous speaker."""
    if re.fullmatch(_PRONOUN, raw):
        return previous, 0.75 if previous else 0.3
    if raw[:1].islower():
        found = _name_in_description(raw, start)
        if found is not None:
            return found, 0.7
        return _Speaker(raw, Span(start=start, end=start + len(raw))), 0.6
    return _Speaker(raw, Span(start=start, end=start + len(raw))), 0.9


_new_quote = Quote.__pydantic_validator__.validate_python
"""The same validation as ``Quote(span=Span(...), ...)`` (the same model, the same fields
set) from one dict, its span a dict too, without the two ``BaseModel.__init__`` calls (a Python
frame and a keyword dict each): see :data:`eventwire.pipeline.enrich.places._new_place`."""


def find_quotes(text: str, entities: Sequence[Entity] = ()) -> Iterator[Quote]:
    """Yield every direct quotation of at least four words, with its speaker where one is named,
    and the one of ``entities`` the speaker is (see :func:`speaker_entity`)."""
    previous: _Speaker | None = None
    # Every quotation begins with one of its opening marks: the pattern is tried only there.
    for match in matches_at(_QUOTE, text, offsets_of(text, _OPENING_MARKS)):
        group = "curly" if match.group("curly") is not None else "straight"
        content = match.group(group)
        content_start = match.start(group)
        stripped = content.rstrip(" ,")
        lead = len(stripped) - len(stripped.lstrip())
        stripped = stripped.strip()
        if len(stripped.split()) < MIN_QUOTE_WORDS:
            continue
        begin = content_start + lead
        speaker: _Speaker | None = None
        confidence = 0.5
        after = text[match.end() : match.end() + 160]
        before = text[max(0, match.start() - 160) : match.start()]
        found = _AFTER_NAME_VERB.match(after) or _AFTER_VERB_NAME.match(after)
        if found:
            group = "speaker" if found.group("speaker") is not None else "description"
            speaker, confidence = _resolve(
                found.group(group), match.end() + found.start(group), previous
            )
        elif _may_end_with_verb(before) and (found_before := _BEFORE.search(before)):
            base = match.start() - len(before)
            speaker, confidence = _resolve(
                found_before.group("speaker"), base + found_before.start("speaker"), previous
            )
            confidence = min(confidence, 0.85)
        elif (
            previous is not None
            and ("add" in before or "continu" in before)
            and _CONTINUATION_BEFORE.search(before)
        ):
            speaker, confidence = previous, 0.7
        if speaker is not None:
            previous = speaker
        yield _new_quote(
            {
                "text": stripped,
                "span": {"start": begin, "end": begin + len(stripped)},
                "speaker": speaker.name if speaker else None,
                "speaker_span": speaker.span if speaker else None,
                "speaker_entity_id": (
                    _speaker_entity(speaker.name, speaker.span, entities) if speaker else None
                ),
                "confidence": confidence,
            }
        )


_FOLD_SEPARATORS = re.compile(r"[\s'’\-]+")


@lru_cache(maxsize=4096)
def _fold(name: str) -> str:
    """A name compared without case, spaces, apostrophes and hyphens. Cached: every quote's
    speaker is compared with the name and surface form of every entity of the article."""
    return _FOLD_SEPARATORS.sub(" ", name).strip().casefold()


def speaker_entity(quote: Quote, entities: Sequence[Entity]) -> str | None:
    """The entity a quote's speaker names: the same span as one of its mentions, else the same
    name or surface form ('Lavrov' -> 'Sergey Lavrov', 'Al-Watan' -> 'Al-Watan')."""
    if quote.speaker is None:
        return None
    return _speaker_entity(quote.speaker, quote.speaker_span, entities)


def _speaker_entity(speaker: str, span: Span | None, entities: Sequence[Entity]) -> str | None:
    if not entities:
        return None
    if span is not None:
        for entity in entities:
            for mention in entity.mentions or [entity.span]:
                if mention.start <= span.start < mention.end:
                    return entity.entity_id
    wanted = _fold(speaker)
    for entity in entities:
        if _fold(entity.name) == wanted or _fold(entity.text) == wanted:
            return entity.entity_id
    for entity in entities:
        if entity.kind == "person" and _fold(entity.name).split()[-1:] == wanted.split()[-1:]:
            return entity.entity_id
    return None


def extract_quotes(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """Enricher: fill the quotes section, each speaker resolved to one of the entities found
    before (run it after the entities enricher)."""
    return section(found, quotes=find_quotes(article.text, found.entities))
