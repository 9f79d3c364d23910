"""Date expressions resolved against the article's publication date, never against a clock.

A date without a year takes the year its sentence's tense implies: 'the talks scheduled for
January 23' in a January 17 article is this January 23, 'endorsed on December 31' is last
December 31, 'On Tuesday' is the Tuesday of that week (the coming one when the verb is future).
With no cue the nearest such date wins. Durations ('almost six years') are not dates. When the
article has no ``published_at``, expressions that need it stay unresolved with the reason."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Literal

from eventwire.pipeline.dictionaries import token_index
from eventwire.pipeline.enrich.base import section
from eventwire.pipeline.enrich.sentences import Sentences
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import DateMention, Enrichment

Tense = Literal["past", "present", "future"]
Granularity = Literal["day", "month", "year"]

NO_ANCHOR = "published_at missing: a date without its year or a relative date needs it"

_MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(_MONTH_NAMES)}
_MONTH_NUMBER.update({name[:3]: i + 1 for i, name in enumerate(_MONTH_NAMES)})
_MONTH_NUMBER["sept"] = 9
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DATE = re.compile(
    rf"\b(?=[0-9A-Za-z])(?:(?P<iso>{_YEAR}-(?:0[1-9]|1[0-2])-(?:[12]\d|3[01]|0[1-9]))"
    rf"|(?P<md>{_MONTH})\s+(?P<md_day>{_DAY})(?!\d)(?:,?\s+(?P<md_year>{_YEAR}))?"
    rf"|(?P<dm_day>{_DAY})\s+(?:of\s+)?(?P<dm>{_MONTH})(?:,?\s+(?P<dm_year>{_YEAR}))?"
    rf"|(?P<my>{_MONTH})(?:,|\s+of)?\s+(?P<my_year>{_YEAR})"
    rf"|(?P<mrel>{_MONTH})\s+(?P<mrel_which>last|next|this)\s+year"
    rf"|(?P<mprep>(?:[Ii]n|[Ss]ince|[Uu]ntil|till|[Bb]y|[Ff]rom|[Tt]hrough|[Dd]uring|[Ee]arly|[Ll]ate|"
    rf"[Mm]id-?|[Ll]ast|[Nn]ext|[Tt]his|into|[Bb]efore|[Aa]fter)\s+)"
    rf"(?P<mon>{_MONTH})(?![\w-]|,?\s+(?:of\s+)?(?:[12]\d{{3}}|\d{{1,2}}\b)|\s+(?:last|next|this)\s+year)"
    rf"|(?P<wd_prep>(?:[Oo]n|[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate)\s+)?(?P<wd>{_WEEKDAY})"
    rf"(?:\s+(?P<wd_part>morning|afternoon|evening|night))?"
    r"|(?P<rel>[Tt]oday|[Yy]esterday|[Tt]omorrow)"
    r"|(?P<ryear_which>[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<ryear>year|month)"
    rf"|(?P<yprep>(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|"
    rf"[Ee]arly|[Ll]ate|[Mm]id-?)\s+)(?P<year>{_YEAR})(?![\d,.]\d|\s*(?:people|%|percent))"
    r")\b"
)
"""A date expression. Every alternative begins with an ASCII letter or digit, so the
look-ahead changes no match: it turns away the word ends among the boundaries the scan stops
at before the many alternatives are tried there."""
_TRIGGER_WORDS = frozenset(
    [
        *(m.upper() for m in _MONTH_NAMES),
        *(m[:3].upper() for m in _MONTH_NAMES),
        "SEPT",
        *(d.upper() for d in _WEEKDAYS),
        "TODAY",
        "YESTERDAY",
        "TOMORROW",
        "YEAR",
        "MONTH",
        *(str(y) for y in range(1800, 2100)),
    ]
)
"""Token keys of the words every date expression contains (a month, a weekday, a year ...):
the full pattern is tried only around these."""
_WORD_BEFORE = re.compile(r"(?:[\w-]+\s+){0,2}$")
"""Up to two words before a trigger; :func:`_lead_start` finds where its search would begin."""
_FUTURE = re.compile(
    r"\b(?=[a-z])(?:will|shall|scheduled|planned|plans?|upcoming|expected|due|set\s+to|next|"
    r"to\s+be\s+held|going\s+to|intends?|ahead|later|coming|forthcoming|until|till)\b",
)
_PAST = re.compile(
    r"\b(?=[a-z])(?:was|were|had|did|ago|earlier|previous|previously|last|since|said|told|took|"
    r"forbade|made|came|went|began|saw|found|gave|held|left|met|won|lost|fell|rose|broke|"
    r"became|brought|fought|led|sent|spent|kept|struck|caught|ran|wrote|spoke|chose|drove|"
    r"flew|grew|knew|thought|sought|sold|bought|built|paid|meant|stood|understood|"
    r"(?<![-\w])[a-z]+ed)\b"
)
"""Tense cues. Every word of :data:`_FUTURE` and :data:`_PAST` begins with a lower-case letter,
so the look-ahead changes no match: it turns away, before the alternation's many words are
tried, the word boundaries :func:`_cue`'s scan stops at that are word ends or capitals."""


@dataclass(frozen=True, slots=True)
class _Resolved:
    value: str | None
    granularity: Granularity | None
    reason: str | None
    confidence: float


def _month(raw: str) -> int:
    return _MONTH_NUMBER[raw.lower().rstrip(".")]


def _day(raw: str) -> int:
    return int(re.sub(r"\D", "", raw))


def _cue(text: str, start: int, end: int, sentence: tuple[int, int]) -> Tense | None:
    """The tense of the verb nearest the expression in its sentence."""
    best: tuple[int, Tense] | None = None
    lo, hi = sentence
    for pattern, tense in ((_FUTURE, "future"), (_PAST, "past")):
        for match in pattern.finditer(text, lo, min(hi, end + 60)):
            if start <= match.start() < end:
                continue
            distance = start - match.end() if match.end() <= start else (match.start() - end) * 2
            if best is None or distance < best[0]:
                best = (distance, tense)  # type: ignore[assignment]
    return best[1] if best else None


def _cue_at(text: str, start: int, end: int, sentences: Sentences) -> Tense | None:
    """:func:`_cue` in the sentence of ``start``: what :func:`_resolve` calls, only for the
    expressions whose year or day the tense decides (about 4 in 10 have a year of their own
    or need none)."""
    return _cue(text, start, end, sentences.bounds(start))


def _pick_year(month: int, day: int | None, anchor: date, tense: Tense | None) -> int:
    """The year that puts month/day on the side of ``anchor`` the tense says, else nearest."""
    candidates = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidates.append(date(year, month, day or 1))
        except ValueError:
            continue
    if day is None:
        here = (anchor.year, anchor.month)
        if tense == "future":
            fits = [c for c in candidates if (c.year, c.month) >= here]
            return min(fits).year if fits else anchor.year
        if tense == "past":
            fits = [c for c in candidates if (c.year, c.month) <= here]
            return max(fits).year if fits else anchor.year
    else:
        if tense == "future":
            fits = [c for c in candidates if c >= anchor]
            return min(fits).year if fits else anchor.year
        if tense == "past":
            fits = [c for c in candidates if c <= anchor]
            return max(fits).year if fits else anchor.year
    return min(candidates, key=lambda c: abs((c - anchor).days)).year


def _resolve(  # noqa: PLR0911, PLR0912  (one branch per kind of expression)
    match: re.Match[str], anchor: date | None, tense: Callable[[], Tense | None]
) -> _Resolved:
    """The value of a date expression; ``tense`` gives its sentence's tense, called only where
    the value depends on it."""
    g = match.group
    if g("iso"):
        return _Resolved(g("iso"), "day", None, 0.95)
    for kind in ("md", "dm"):
        if g(kind):
            month, day, year = _month(g(kind)), _day(g(f"{kind}_day")), g(f"{kind}_year")
            if year:
                return _Resolved(_iso(int(year), month, day), "day", None, 0.95)
            if anchor is None:
                return _Resolved(None, "day", NO_ANCHOR, 0.5)
            return _Resolved(
                _iso(_pick_year(month, day, anchor, tense()), month, day), "day", None, 0.85
            )
    if g("my"):
        return _Resolved(f"{int(g('my_year')):04d}-{_month(g('my')):02d}", "month", None, 0.95)
    if g("mrel"):
        if anchor is None:
            return _Resolved(None, "month", NO_ANCHOR, 0.5)
        shift = {"last": -1, "next": 1, "this": 0}[g("mrel_which")]
        return _Resolved(f"{anchor.year + shift:04d}-{_month(g('mrel')):02d}", "month", None, 0.9)
    if g("mon"):
        if anchor is None:
            return _Resolved(None, "month", NO_ANCHOR, 0.5)
        month = _month(g("mon"))
        prep = g("mprep").strip().lower()
        cues: dict[str, Tense] = {"last": "past", "next": "future", "since": "past"}
        implied = cues[prep] if prep in cues else tense()
        return _Resolved(
            f"{_pick_year(month, None, anchor, implied):04d}-{month:02d}", "month", None, 0.8
        )
    if g("wd"):
        if anchor is None:
            return _Resolved(None, "day", NO_ANCHOR, 0.5)
        target = _WEEKDAYS.index(g("wd").lower())
        prep = (g("wd_prep") or "").strip().lower()
        offset = target - anchor.weekday()
        if prep == "next" or (prep != "last" and tense() == "future"):
            offset = offset % 7 or (7 if prep == "next" else 0)
        elif prep == "last":
            offset = -((anchor.weekday() - target) % 7 or 7)
        else:
            offset = -((anchor.weekday() - target) % 7)
        return _Resolved((anchor + timedelta(days=offset)).isoformat(), "day", None, 0.8)
    if g("rel"):
        if anchor is None:
            return _Resolved(None, "day", NO_ANCHOR, 0.5)
        shift = {"today": 0, "yesterday": -1, "tomorrow": 1}[g("rel").lower()]
        return _Resolved((anchor + timedelta(days=shift)).isoformat(), "day", None, 0.9)
    if g("ryear"):
        if anchor is None:
            return _Resolved(None, None, NO_ANCHOR, 0.5)
        shift = {"last": -1, "next": 1, "this": 0}[g("ryear_which").lower()]
        if g("ryear") == "year":
            return _Resolved(f"{anchor.year + shift:04d}", "year", None, 0.85)
        month_index = anchor.year * 12 + anchor.month - 1 + shift
        return _Resolved(f"{month_index // 12:04d}-{month_index % 12 + 1:02d}", "month", None, 0.85)
    return _Resolved(g("year"), "year", None, 0.85)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _span_of(match: re.Match[str]) -> tuple[int, int]:
    """The expression without a leading preposition, except 'On Tuesday' / 'last Friday'."""
    g = match.group
    if g("mprep") is not None:
        prep = g("mprep").strip().lower()
        return (
            match.start() if prep in {"last", "next", "this"} else match.start("mon")
        ), match.end()
    if g("yprep") is not None:
        return match.start("year"), match.end()
    return match.start(), match.end()


def _tense_of(value: str | None, anchor: date | None) -> Tense | None:
    if value is None or anchor is None:
        return None
    here = anchor.isoformat()[: len(value)]
    return "past" if value < here else "future" if value > here else "present"


def _lead_start(text: str, lo: int, at: int) -> int:
    """Where ``_WORD_BEFORE.search(text, lo, at)`` matches: up to two runs of word characters
    and hyphens, each followed by whitespace, ending at ``at`` (a run cut at ``lo`` counts from
    ``lo``). Walked back with string tests instead of the search, which tries the pattern (and
    its backtracking) at every character of the window; ``str.isalnum`` and ``str.isspace`` are
    the engine's own ``\\w`` (with '_') and ``\\s``. As the pattern's ``$`` also matches before a
    newline that ends the window, the words ending there count too (the leftmost start wins)."""
    start = _walk_back(text, lo, at)
    if at > lo and text[at - 1] == "\n":
        return min(start, _walk_back(text, lo, at - 1))
    return start


def _walk_back(text: str, lo: int, at: int) -> int:
    """The start of up to two runs of word characters and hyphens, each followed by
    whitespace, ending at ``at``."""
    start = at
    for _ in range(2):
        gap = start
        while gap > lo and text[gap - 1].isspace():
            gap -= 1
        if gap == start:
            break
        word = gap
        while word > lo and ((char := text[word - 1]).isalnum() or char in "_-"):
            word -= 1
        if word == gap:
            break
        start = word
    return start


def _date_matches(text: str) -> list[re.Match[str]]:
    """The matches of the full date pattern, tried only from up to two words before a trigger
    word: the same matches as scanning the whole text, at a fraction of the cost."""
    out: list[re.Match[str]] = []
    resume = 0
    tokens = token_index(text)
    starts, ends = tokens.starts, tokens.ends
    for i in tokens.positions(_TRIGGER_WORDS):
        trigger_start, trigger_end = starts[i], ends[i]
        if trigger_start < resume:
            continue
        start = _lead_start(text, max(resume, trigger_start - 30), trigger_start)
        for match in _DATE.finditer(text, start, min(len(text), trigger_end + 40)):
            if match.end() > trigger_start:
                out.append(match)
                resume = match.end()
                break
    return out


def find_dates(text: str, anchor: date | None) -> list[DateMention]:
    """Every date expression in ``text``, resolved against ``anchor`` (the publication day)."""
    sentences = Sentences.of(text)
    out = []
    for match in _date_matches(text):
        if (
            match.group("mon")
            and match.group("mon").rstrip(".") == "May"
            and match.group("mprep").strip().lower() in {"by", "from", "this"}
        ):
            continue  # 'by May' could be the month, 'this May' too; the modal verb is likelier
        start, end = _span_of(match)
        resolved = _resolve(match, anchor, partial(_cue_at, text, start, end, sentences))
        out.append(
            _new_date(
                {
                    "text": text[start:end],
                    "span": {"start": start, "end": end},
                    "value": resolved.value,
                    "granularity": resolved.granularity,
                    "tense": _tense_of(resolved.value, anchor),
                    "unresolved_reason": resolved.reason,
                    "confidence": resolved.confidence,
                }
            )
        )
    return out


_new_date = DateMention.__pydantic_validator__.validate_python
"""The same validation as ``DateMention(span=Span(...), ...)`` (the same model, the same fields
set) from one dict, its span a dict too, without the two ``BaseModel.__init__`` calls (a Python
frame and a keyword dict each): see :data:`eventwire.pipeline.enrich.places._new_place`."""


def extract_dates(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """Enricher: fill the dates section, anchored on ``published_at`` (unresolved without it)."""
    anchor = article.published_at.date() if article.published_at else None
    return section(found, dates=find_dates(article.text, anchor))
