"""Readers for the Phoenix (PETRARCH2) actor and agent dictionaries shipped in
``eventwire/data/phoenix``, and a phrase index over them.

The actor files hold one entry per block: a header phrase, ``+synonym`` lines, and codes in
square brackets, each optionally restricted to a date range::

    SERGEY_LAVROV_  # CountryInfo.txt
    +LAVROV
    +SERGEI_LAVROV
        [RUSGOV 19940922-20040712] # Amb. to UN
        [RUSGOV >20040309]  # Foreign Minister

Phrases join words with underscores; a trailing underscore (a "stop") is ignored here because
matching is on whole tokens anyway. Dates are ``YYMMDD`` or ``YYYYMMDD``; ``>D`` means from D on,
``<D`` before D, ``D1-D2`` between them (inclusive). :meth:`ActorEntry.code_at` resolves the
code in force on a given day, which is how "a foreign minister is coded as his government from the
day he took office".

Everything is parsed once per process (:func:`actor_index`, :func:`agent_index` are cached), so a
worker builds them before the prefork pool forks and the children share the memory copy-on-write.
Event coding (CAMEO verb patterns) builds on the same readers.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from itertools import accumulate, compress, repeat
from operator import contains
from sys import intern
from typing import Generic, Literal, TypeVar

import numpy as np
import numpy.typing as npt

from eventwire.pipeline.normalise import non_ascii_chars

ActorFile = Literal["countries", "international", "milnonstate"]
"""Which actor dictionary an entry comes from."""

ACTOR_FILES: dict[ActorFile, str] = {
    "countries": "Phoenix.Countries.actors.txt",
    "international": "Phoenix.International.actors.txt",
    "milnonstate": "Phoenix.MilNonState.actors.txt",
}
AGENT_FILE = "Phoenix.agents.txt"

T = TypeVar("T")

_TOKEN = re.compile(r"([^\W_]+(?:['’](?![sS]\b)[^\W_]+)*)(?:['’][sS]\b)?")
"""A word: letters and digits, with inner apostrophes ("Ja'afari") but not a possessive 's."""
_CODE = re.compile(r"\[([^\]]*)\]")
_DATE_RANGE = re.compile(r"^(?:(?P<after>>)|(?P<before><))?(?P<a>\d{6,8})(?:-(?P<b>\d{6,8}))?$")


def phrase_key(text: str) -> tuple[str, ...]:
    """The matching key of a phrase or of running text: upper-cased word tokens, with
    apostrophes folded, and hyphens, dots, underscores and possessive 's dropped."""
    return tuple(_key(t) for t in _TOKEN.findall(text.replace("_", " ")))


_UPPER_TOKEN = re.compile(r"([^\W_]+(?:'(?!S\b)[^\W_]+)*)('S\b|)")
""":data:`_TOKEN` for text already upper-cased with its apostrophes folded, for ``split``: each
token is followed by its possessive 's, or an empty string, as a group of its own."""
_ASCII_UPPER_TOKEN = re.compile(r"([A-Z0-9]+(?:'(?!S\b)[A-Z0-9]+)*)('S\b|)", re.ASCII)
""":data:`_UPPER_TOKEN` for ASCII text (most news in English): a plain character range is
quicker for the engine to test than the Unicode word class."""


def tokenise(text: str) -> tuple[list[str], list[int], list[int]]:
    """The keys, start and end offsets of the word tokens of ``text`` (see :func:`phrase_key`),
    not cached: :func:`token_index` is, for whole articles."""
    keys, starts, ends, _ = _tokens(text)
    return keys, starts, ends


def _tokens(text: str) -> tuple[list[str], list[int], list[int], npt.NDArray[np.intp] | None]:
    """:func:`tokenise`, and the starts as an array too when the usual path found them as one
    (else None), for :func:`token_index`'s test of their first characters."""
    upper = text.replace("’", "'").upper()
    # Upper-casing keeps offsets for the scripts news is written in; when it does not ('ß'),
    # fall back to upper-casing token by token.
    if len(upper) != len(text):
        found = [(m.group(1), m.start(1), m.end(1)) for m in _TOKEN.finditer(text)]
        keys = [_key(t[0]) for t in found]
        return keys, [t[1] for t in found], [t[2] for t in found], None
    pattern = _ASCII_UPPER_TOKEN if upper.isascii() else _UPPER_TOKEN
    array = None
    if "_" in upper:
        keys, starts, ends = _split_tokens(upper, pattern)
    else:
        keys, starts, ends, array = _spaced_tokens(upper, pattern)
    if "ISATION" in upper:
        # Only the few keys with the spelling change; found by a loop in C, not a call per key.
        for at in compress(range(len(keys)), map(contains, keys, repeat("ISATION"))):
            keys[at] = _spelling(keys[at])
    return keys, starts, ends, array


def _split_tokens(upper: str, pattern: re.Pattern[str]) -> tuple[list[str], list[int], list[int]]:
    """The tokens of upper-cased text by one split with ``pattern``: the keys are its slices,
    and the offsets the running sums of the pieces' lengths. The pieces are
    [gap, token, possessive, gap, token, possessive, ..., gap]."""
    pieces = pattern.split(upper)
    offsets = list(accumulate(map(len, pieces)))
    return pieces[1::3], offsets[0:-1:3], offsets[1::3]


_BLANKS = bytes(b if chr(b).isalnum() or chr(b) == "'" else ord(" ") for b in range(128)) + (
    b" " * 128
)
"""A byte table that keeps ASCII letters, digits and apostrophes and blanks everything else."""
_PUNCTUATION = ("“", "”", "–", "—", "…", "‘", "\u00a0", "«", "»", "£", "€", "°", "•", "·")
"""Non-ASCII characters of news text that are neither letters nor digits: spaces in their place
leave the tokens of a text where they are the only non-ASCII characters as they were."""


def _spaced_tokens(
    upper: str, pattern: re.Pattern[str]
) -> tuple[list[str], list[int], list[int], npt.NDArray[np.intp] | None]:
    """The tokens of upper-cased text with no underscore, as :func:`_split_tokens` finds them,
    without the regular expression engine for most of the text: every character that is
    neither a letter, a digit nor an apostrophe becomes a space (a byte table, once non-ASCII
    punctuation is replaced), a split at the spaces gives the runs of word characters, and the
    places where a space and a word character meet (one vectorised comparison of the bytes)
    their offsets. Only the runs with an apostrophe ("SYRIA'S", "DON'T") are tokenised by
    ``pattern``. Other non-ASCII characters ('É') are replaced by an ASCII letter or a space
    first, and the keys cut from ``upper``. (An underscore is a word character to
    ``pattern``'s boundaries, so text with one goes to :func:`_split_tokens`.) Also returns
    the starts as an array, or None when an apostrophe moved or split a run's start."""
    plain = upper
    if not plain.isascii():
        for mark in _PUNCTUATION:
            if mark in plain:
                plain = plain.replace(mark, " ")
    shaped = not plain.isascii()
    if shaped:
        # Other non-ASCII characters ('É', a thin space): the same shape in ASCII, a letter 'A'
        # for each word character (the pattern's word class is str.isalnum) and a space for
        # the rest. The keys are then cut from ``upper`` at the offsets found in the shape.
        for char in non_ascii_chars(plain):
            plain = plain.replace(char, "A" if char.isalnum() else " ")
        pattern = _ASCII_UPPER_TOKEN
    blanked = plain.encode("ascii").translate(_BLANKS)
    keys = blanked.decode("ascii").split()
    # A space on each side, so that every run has an edge where it begins and one where it
    # ends: edge k is between padded bytes k and k + 1, that is just before byte k of the text.
    padded = np.frombuffer(b" " + blanked + b" ", dtype=np.uint8)
    spaces = padded == _SPACE
    edges = (spaces[1:] != spaces[:-1]).nonzero()[0]
    array: npt.NDArray[np.intp] | None = edges[0::2]
    starts: list[int] = edges[0::2].tolist()
    ends: list[int] = edges[1::2].tolist()
    if "'" in plain:
        # The runs holding an apostrophe: the last run starting at or before each apostrophe
        # (padded byte k + 1 is byte k of the text).
        quoted = (padded == _APOSTROPHE).nonzero()[0] - 1
        runs = set((np.searchsorted(edges[0::2], quoted, "right") - 1).tolist())
        for at in sorted(runs, reverse=True):
            run, start = keys[at], starts[at]
            found = [(m[1], start + m.start(1), start + m.end(1)) for m in pattern.finditer(run)]
            keys[at : at + 1] = [key for key, _, _ in found]
            starts[at : at + 1] = [begin for _, begin, _ in found]
            ends[at : at + 1] = [end for _, _, end in found]
            if len(found) != 1 or found[0][1] != start:
                array = None
    if shaped:
        # Only the keys holding a non-ASCII word character: the others are as in ``upper``.
        wide = np.frombuffer(upper.encode("utf-32-le"), dtype=np.uint32) >= _NON_ASCII_CODE
        for at in {bisect_right(starts, p) - 1 for p in wide.nonzero()[0].tolist()}:
            if at >= 0:
                keys[at] = upper[starts[at] : ends[at]]
    return keys, starts, ends, array


_SPACE = ord(" ")
_APOSTROPHE = ord("'")


@lru_cache(maxsize=8)
def tokens_with_spans(text: str) -> tuple[tuple[str, int, int], ...]:
    """Word tokens of running text as ``(key, start, end)``; keys as in :func:`phrase_key`.
    The last few texts are cached: several enrichers tokenise the same article."""
    index = token_index(text)
    return tuple(zip(index.keys, index.starts, index.ends, strict=True))


def _key(token: str) -> str:
    """A token's matching key: upper case, apostrophes folded, spelling folded."""
    return _spelling(token.replace("’", "'").upper())


def _spelling(key: str) -> str:
    """British -isation matches as -ization ('World Health Organisation' finds the dictionary's
    WORLD_HEALTH_ORGANIZATION)."""
    return key.replace("ISATION", "IZATION") if "ISATION" in key else key


@dataclass(frozen=True, slots=True)
class TokenIndex:
    """An article's token keys, and where given words occur among them, found with set
    operations and arrays instead of a Python loop per token (an article has hundreds of tokens
    and only a few of the words an enricher looks for)."""

    keys: tuple[str, ...]
    """The keys of :func:`tokens_with_spans`, for :meth:`PhraseIndex.match_at`."""
    starts: tuple[int, ...]
    """The offsets of the tokens."""
    ends: tuple[int, ...]
    """The offsets just past the tokens."""
    distinct: frozenset[str]
    """Every key that occurs."""
    capitalised: tuple[int, ...]
    """Indices of the tokens that begin with a capital: where names can start."""
    numeric: tuple[int, ...]
    """Indices of the tokens whose key begins with a digit: where counts can start."""
    numbers: dict[str, int] = field(compare=False)
    """A number for each distinct key (0, 1, 2 ...)."""
    numbered: npt.NDArray[np.intp] = field(compare=False)
    """The number of each token's key, in text order: :meth:`positions` marks the numbers of
    the words it looks for in a table and reads the table at these, one vectorised lookup
    instead of a set lookup per token (about 180 thousand instructions per 3 KB article, paid
    once here rather than by every enricher that asks)."""

    def positions(self, words: Iterable[str]) -> list[int]:
        """Indices of the tokens whose key is one of ``words``, in text order."""
        present = self.distinct.intersection(words)
        if not present:
            return []
        wanted = np.zeros(len(self.numbers), dtype=np.bool_)
        wanted[list(map(self.numbers.__getitem__, present))] = True
        found: list[int] = wanted[self.numbered].nonzero()[0].tolist()
        return found

    def starts_of(self, words: Iterable[str]) -> list[int]:
        """Offsets of the tokens whose key is one of ``words``, in text order."""
        return list(map(self.starts.__getitem__, self.positions(words)))


@lru_cache(maxsize=8)
def token_index(text: str) -> TokenIndex:
    """The :class:`TokenIndex` of ``text`` (cached for the last few texts)."""
    keys, starts, ends, array = _tokens(text)
    capitalised, numeric = _first_characters(text, keys, starts if array is None else array)
    distinct = frozenset(keys)
    numbers = dict(zip(distinct, range(len(distinct)), strict=True))
    numbered = np.fromiter(map(numbers.__getitem__, keys), dtype=np.intp, count=len(keys))
    return TokenIndex(
        tuple(keys),
        tuple(starts),
        tuple(ends),
        distinct,
        capitalised,
        numeric,
        numbers,
        numbered,
    )


def _first_characters(
    text: str, keys: list[str], starts: Sequence[int] | npt.NDArray[np.intp]
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The numbers of the tokens at ``starts`` whose first character is upper case
    (``str.isupper``), and of those whose key begins with a digit (``str.isdigit``), by
    vectorised tests of the first characters' codes: 'A' to 'Z' and '0' to '9' among the ASCII
    ones (an ASCII character's key is itself or its capital), the string methods for the few
    others."""
    if text.isascii():
        codes: npt.NDArray[np.uint8] | npt.NDArray[np.uint32] = np.frombuffer(
            text.encode("ascii"), dtype=np.uint8
        )
    else:
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    firsts = codes[np.asarray(starts, dtype=np.intp)]
    capital = (firsts >= _CAPITAL_A) & (firsts <= _CAPITAL_Z)
    digit = (firsts >= _DIGIT_0) & (firsts <= _DIGIT_9)
    for at in (firsts >= _NON_ASCII_CODE).nonzero()[0].tolist():
        capital[at] = chr(firsts[at]).isupper()
        digit[at] = keys[at][0].isdigit()
    return tuple(capital.nonzero()[0].tolist()), tuple(digit.nonzero()[0].tolist())


_CAPITAL_A, _CAPITAL_Z, _NON_ASCII_CODE = ord("A"), ord("Z"), 128
_DIGIT_0, _DIGIT_9 = ord("0"), ord("9")


def token_keys(text: str) -> tuple[str, ...]:
    """Just the keys of :func:`tokens_with_spans`, for :meth:`PhraseIndex.match_at`."""
    return token_index(text).keys


def capitalised_tokens(text: str) -> tuple[int, ...]:
    """Indices of the tokens that begin with a capital: where names can start."""
    return token_index(text).capitalised


@cache
def _parse_day(raw: str) -> date | None:
    """``YYMMDD`` or ``YYYYMMDD``; None for the few malformed dates in the files. Cached, so
    that one date object serves every code that names the day: the actor files' 47,700 dates
    are 3,800 distinct days."""
    try:
        if len(raw) == 6:
            year = int(raw[:2])
            # TABARI's two-digit years: 00-30 are this century, the rest the last one.
            year += 2000 if year <= 30 else 1900
            return date(year, int(raw[2:4]), int(raw[4:6]))
        if len(raw) == 8:
            return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class DatedCode:
    """An actor code, valid from ``start`` to ``end`` (inclusive; ``None`` is open)."""

    code: str
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date) -> bool:
        """Whether the code is in force on ``day``."""
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)

    @classmethod
    def parse(cls, body: str) -> DatedCode | None:  # noqa: PLR0911  (one return per form)
        """Read the inside of one ``[...]`` group: ``RUSGOV``, ``RUSGOV >20040309``,
        ``IGOUNO 611130-711231``. Returns None for an empty group."""
        parts = body.split()
        if not parts:
            return None
        code = intern(parts[0])  # one string per code ('RUSGOV'), however many entries name it
        if len(parts) == 1:
            return cls(code)
        found = _DATE_RANGE.match(parts[1])
        if found is None:
            return cls(code)
        first = _parse_day(found.group("a"))
        if first is None:
            return cls(code)
        if found.group("after"):
            return cls(code, start=first)
        if found.group("before"):
            return cls(code, end=first)
        if found.group("b"):
            last = _parse_day(found.group("b"))
            return cls(code, start=first, end=last) if last else cls(code, start=first)
        return cls(code, start=first, end=first)


@dataclass(frozen=True, slots=True)
class ActorEntry:
    """One actor: its header phrase, synonyms and (date-ranged) codes."""

    entry_id: int
    source: ActorFile
    header: str
    synonyms: tuple[str, ...]
    codes: tuple[DatedCode, ...]

    @property
    def name(self) -> str:
        """A readable canonical name made from the header: 'SERGEY_LAVROV_' -> 'Sergey Lavrov'."""
        return display_name(self.header)

    def code_at(self, day: date | None) -> str | None:
        """The code in force on ``day``; an undated code when ``day`` is unknown or no dated
        code covers it; ``None`` when the entry has no code at all."""
        undated = next((c.code for c in self.codes if c.start is None and c.end is None), None)
        if day is None:
            return undated or (self.codes[-1].code if self.codes else None)
        dated = [c for c in self.codes if (c.start or c.end) and c.valid_on(day)]
        if dated:
            # The most recently started role wins over an older one still listed as open.
            return max(dated, key=lambda c: c.start or date.min).code
        return undated


@dataclass(frozen=True, slots=True)
class AgentEntry:
    """An agent noun phrase and its code: 'POLICE' -> '~COP', 'FOREIGN_MINISTER' -> '~GOV'."""

    phrase: str
    code: str


_PARTICLES = frozenset({"AL", "EL", "DE", "VAN", "VON", "BIN", "DA", "DER", "DEL", "LA", "LE"})
_SMALL = frozenset({"OF", "THE", "AND", "FOR", "IN", "ON", "TO", "AT"})


@lru_cache(maxsize=16384)
def display_name(header: str) -> str:
    """'THE_UNITED_NATIONS_' -> 'United Nations'; 'JABHAT_AL-NUSRA_' -> 'Jabhat al-Nusra';
    short one-word headers ('UN', 'NATO') stay upper case."""
    words = [w for w in header.replace("_", " ").split() if w]
    if len(words) > 1 and words[0] == "THE":
        words = words[1:]
    if len(words) == 1 and len(words[0]) <= 5 and "-" not in words[0]:
        return words[0]

    def part(piece: str, first: bool) -> str:
        if not first and piece in _PARTICLES | _SMALL:
            return piece.lower()
        if len(piece) <= 2 and piece.isalpha():
            return piece  # 'UN', 'US', 'EU' inside a longer name
        return piece[:1] + piece[1:].lower()

    out = []
    for i, word in enumerate(words):
        pieces = word.split("-")
        out.append("-".join(part(p, i == 0 and j == 0) for j, p in enumerate(pieces)))
    return " ".join(out)


def _strip_comment(line: str) -> str:
    return line.split("#", 1)[0].rstrip()


def _codes(text: str) -> list[DatedCode]:
    return [c for c in (DatedCode.parse(b) for b in _CODE.findall(text)) if c is not None]


def _phrases(text: str) -> list[str]:
    """The phrases on a header or '+' line; a line may hold several ('+TAIOAN_ +TAWIAN_')."""
    bare = _CODE.sub(" ", text)
    return [p.strip() for p in bare.split("+") if p.strip()]


def parse_actor_lines(
    lines: Iterable[str], source: ActorFile, first_id: int = 0
) -> list[ActorEntry]:
    """Parse the lines of one actor file into entries (see the module docstring)."""
    entries: list[ActorEntry] = []
    header: str | None = None
    synonyms: list[str] = []
    codes: list[DatedCode] = []

    def close() -> None:
        nonlocal header
        if header is not None:
            entries.append(
                ActorEntry(first_id + len(entries), source, header, tuple(synonyms), tuple(codes))
            )
        header = None

    for raw in lines:
        line = _strip_comment(raw)
        if not line.strip():
            continue
        stripped = line.strip()
        if raw[:1] in " \t" and stripped.startswith("["):
            codes.extend(_codes(stripped))
        elif stripped.startswith("+"):
            synonyms.extend(_phrases(stripped))
        elif stripped.startswith("["):
            codes.extend(_codes(stripped))
        else:
            close()
            phrases = _phrases(stripped)
            if not phrases:
                continue
            header = phrases[0]
            synonyms = phrases[1:]
            codes = _codes(stripped)
    close()
    return entries


_MACRO = re.compile(r"^!(?P<name>\w+)!\s*=\s*(?P<values>.+)$")


def parse_agent_lines(lines: Iterable[str]) -> list[AgentEntry]:
    """Parse the agents file: 'PHRASE [~CODE]', 'PHRASE {PLURAL} [~CODE]', and '!MACRO!' lists
    ('!PERSON! = MAN, MEN, ...') expanded in place."""
    macros: dict[str, list[str]] = {}
    entries: list[AgentEntry] = []
    for raw in lines:
        line = _strip_comment(raw).strip()
        if not line:
            continue
        if macro := _MACRO.match(line):
            macros[macro.group("name")] = [v.strip() for v in macro.group("values").split(",")]
            continue
        codes = _CODE.findall(line)
        if not codes or not codes[0].strip():
            continue
        code = codes[0].split()[0]
        bare = _CODE.sub(" ", line)
        plural = re.search(r"\{([^}]*)\}", bare)
        bare = re.sub(r"\{[^}]*\}", " ", bare).strip()
        phrases = [bare]
        if plural and plural.group(1).strip():
            phrases.append(plural.group(1).strip())
        elif plural is None and "!" not in bare:
            # PETRARCH forms the regular plural itself unless '{}' says not to ('MILITANTS').
            words = bare.split("_") if "_" in bare else bare.split()
            phrases.append("_".join([*words[:-1], regular_plural(words[-1])]))
        for phrase in phrases:
            for expanded in _expand_macros(phrase, macros):
                entries.append(AgentEntry(expanded, code))
    return entries


def regular_plural(word: str) -> str:
    """A noun's regular plural as PETRARCH forms it: -IES after a consonant and Y, -ES after a
    sibilant, else -S."""
    upper = word.upper()
    if upper.endswith("Y") and len(upper) > 1 and upper[-2] not in "AEIOU":
        return word[:-1] + "IES"
    if upper.endswith(("SS", "SH", "CH", "X", "Z")):
        return word + "ES"
    return word + "S"


def _expand_macros(phrase: str, macros: dict[str, list[str]]) -> Iterator[str]:
    found = re.search(r"!(\w+)!", phrase)
    if found is None or found.group(1) not in macros:
        yield phrase.replace("!", "")
        return
    for value in macros[found.group(1)]:
        yield from _expand_macros(phrase[: found.start()] + value + phrase[found.end() :], macros)


def _read(name: str) -> list[str]:
    source = resources.files("eventwire.data").joinpath("phoenix", name)
    # The countries file holds a few bytes that are not UTF-8; they are replaced, not fatal.
    return source.read_bytes().decode("utf-8", errors="replace").splitlines()


@cache
def actor_entries() -> tuple[ActorEntry, ...]:
    """Every entry of the three shipped actor files, parsed once per process."""
    out: list[ActorEntry] = []
    for source, name in ACTOR_FILES.items():
        out.extend(parse_actor_lines(_read(name), source, first_id=len(out)))
    return tuple(out)


@cache
def agent_entries() -> tuple[AgentEntry, ...]:
    """Every agent phrase of the shipped agents file, parsed once per process."""
    return tuple(parse_agent_lines(_read(AGENT_FILE)))


class PhraseIndex(Generic[T]):
    """Longest-match lookup of token phrases: ``key -> values``. Every prefix of every phrase is
    kept too, so a lookup walks forward one token at a time and stops as soon as no phrase
    continues (a token trie flattened into a dict and a set).

    A plain class with slots, not a dataclass: mypyc cannot compile a generic dataclass (the
    module fails at import, mypyc/mypyc#827)."""

    __slots__ = ("firsts", "longest", "phrases", "prefixes")

    def __init__(self) -> None:
        self.phrases: dict[tuple[str, ...], list[T]] = {}
        self.prefixes: set[tuple[str, ...]] = set()
        self.firsts: set[str] = set()
        """The first words of the phrases: a token not among them starts no match."""
        self.longest: dict[str, int] = {}
        """The length of the longest phrase that begins with each first word."""

    def add(self, key: Sequence[str], value: T) -> None:
        """Index ``value`` under the phrase ``key``."""
        if not key:
            return
        # One string per distinct word across every index (phrase_key makes a new one per
        # phrase): of the 88,000 words of the actor index's keys, 35,000 are distinct.
        key = tuple(map(intern, key))
        bucket = self.phrases.get(key)
        if bucket is None:
            # A list of one, not an empty list appended to (which reserves room for four):
            # nearly every phrase has one value.
            self.phrases[key] = [value]
        elif value not in bucket:
            bucket.append(value)
        self.firsts.add(key[0])
        if len(key) > self.longest.get(key[0], 0):
            self.longest[key[0]] = len(key)
        for n in range(1, len(key) + 1):
            self.prefixes.add(key[:n])

    def match_at(self, keys: Sequence[str], i: int) -> tuple[int, list[T]] | None:
        """The longest phrase starting at token ``i``: ``(length, values)``, or None."""
        first = keys[i]
        longest = self.longest.get(first)
        if longest is None:
            return None
        phrases = self.phrases
        found = phrases.get((first,))
        best: tuple[int, list[T]] | None = None if found is None else (1, found)
        if longest == 1:
            return best  # most first words begin only one-word phrases (town names): no walk
        prefixes = self.prefixes
        stop = min(len(keys), i + longest)
        j = i + 2
        while j <= stop:
            key = tuple(keys[i:j])
            if key not in prefixes:
                break
            found = phrases.get(key)
            if found is not None:
                best = (j - i, found)
            j += 1
        return best

    def candidates(self, text: str) -> list[int]:
        """The capitalised tokens of ``text`` where a phrase may start (their key is the first
        word of some phrase), in text order."""
        tokens = token_index(text)
        capitalised = tokens.capitalised
        starting = map(self.firsts.__contains__, map(tokens.keys.__getitem__, capitalised))
        return list(compress(capitalised, starting))


@cache
def actor_index() -> PhraseIndex[ActorEntry]:
    """Every header and synonym of every actor entry, keyed by :func:`phrase_key`."""
    index: PhraseIndex[ActorEntry] = PhraseIndex()
    for entry in actor_entries():
        for phrase in (entry.header, *entry.synonyms):
            index.add(phrase_key(phrase), entry)
    return index


@cache
def agent_index() -> PhraseIndex[AgentEntry]:
    """Every agent phrase, keyed by :func:`phrase_key`."""
    index: PhraseIndex[AgentEntry] = PhraseIndex()
    for entry in agent_entries():
        index.add(phrase_key(entry.phrase), entry)
    return index


def inside_longer_name(text: str, tokens: TokenIndex, i: int, n: int) -> bool:
    """Whether the match of tokens ``i .. i+n-1`` sits inside a longer capitalised name that the
    dictionary does not know ('Fateh' in 'Jabhat Fateh al-Sham', 'David' in 'David Smith'):
    a capitalised neighbour joined by a space or hyphen. A neighbour before that begins its
    sentence ('Meanwhile Lavrov', 'In Dallas') does not count."""
    starts, ends = tokens.starts, tokens.ends
    for j in (i - 1, i + n):
        if not 0 <= j < len(starts):
            continue
        # Most neighbours are lower-case words: turned away on their first character, before
        # any slicing ('al', 'el' and 'bin' begin with what 'a', 'e' or 'b' lower-cases to).
        first = text[starts[j]]
        if not first.isupper() and (
            first.lower()[0] not in "aeb"
            or text[starts[j] : ends[j]].lower() not in {"al", "el", "bin"}
        ):
            continue
        if j < i:
            left, right = ends[j], starts[i]
        else:
            left, right = ends[i + n - 1], starts[j]
        if text[left:right] not in {" ", "-"}:
            continue
        if j < i and text[max(0, starts[j] - 2) : starts[j]].strip() in {".", "", '"', "“"}:
            continue
        return True
    return False
