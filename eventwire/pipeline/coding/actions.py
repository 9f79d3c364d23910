"""Finding CAMEO actions in a sentence: verbs of the dictionary, the most specific pattern
around each, and the modality (negated, future, possible) and voice the words around it show."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, Literal, NamedTuple

from eventwire.pipeline.coding.verbs import (
    Element,
    Pattern,
    VerbBlock,
    VerbDictionary,
    VerbForm,
    inflections,
)

_TOKEN = re.compile(r"[A-Za-z][A-Za-z'’-]*|\d[\d,.]*")

PATTERN_WINDOW = 10
"""How many words after (and before) the verb a pattern's words may be spread over."""

_CLAUSE_END = frozenset({"BUT", "WHILE", "WHEREAS", "ALTHOUGH", "BECAUSE"})
_NEGATIONS = frozenset(
    {
        "NOT",
        "NEVER",
        "NO",
        "N'T",
        "CANNOT",
        "DIDN'T",
        "DOESN'T",
        "DON'T",
        "WON'T",
        "WOULDN'T",
        "ISN'T",
        "AREN'T",
        "WASN'T",
        "WEREN'T",
        "HASN'T",
        "HAVEN'T",
        "HADN'T",
        "REFUSED",
        "FAILED",
        "DENIED",
    }
)
_FUTURE = frozenset(
    {
        "WILL",
        "SHALL",
        "SCHEDULED",
        "PLANNED",
        "PLANS",
        "PLAN",
        "UPCOMING",
        "EXPECTED",
        "DUE",
        "INTENDS",
        "INTEND",
        "GOING",
    }
)
_POSSIBLE = frozenset(
    {
        "MAY",
        "MIGHT",
        "COULD",
        "SHOULD",
        "WOULD",
        "MULLING",
        "CONSIDERING",
        "CONSIDER",
        "CONSIDERS",
        "THREATENED",
        "THREATENS",
        "WANT",
        "WANTS",
        "SEEKING",
        "SEEK",
        "SEEKS",
        "HOPE",
        "HOPES",
        "HOPED",
        "PROPOSED",
    }
)
PREPOSITIONS = frozenset(
    {
        "ABOUT",
        "ACROSS",
        "AGAINST",
        "AMONG",
        "AT",
        "BETWEEN",
        "DURING",
        "FOR",
        "FROM",
        "IN",
        "INTO",
        "ON",
        "OVER",
        "THROUGH",
        "UNDER",
        "WITH",
        "WITHIN",
    }
)
"""The prepositions every word list of the coder counts alike (each list adds its own)."""

_OBJECT_ENDS = PREPOSITIONS | frozenset(
    {
        "AFTER",
        "AMID",
        "AS",
        "BECAUSE",
        "BEFORE",
        "BY",
        "DESPITE",
        "IF",
        "THAT",
        "WHEN",
        "WHERE",
        "WHICH",
        "WHILE",
        "WHO",
        "WHOM",
        "WITHOUT",
    }
)
"""Words that end the verb's object: prepositions (not 'of', inside a noun phrase, nor 'to',
which also marks an infinitive) and clause openers."""
_PUNCTUATION_MARK = re.compile(r'[,;:.!?"“”()\[\]]')
_MODALITY_STOPS = frozenset({"AND", "THAT", "WHICH", "WHO"})
"""Words that open a new clause, whose negation or modality is not the verb's."""
_BE = frozenset({"IS", "ARE", "WAS", "WERE", "BE", "BEEN", "BEING", "GET", "GOT", "GETS"})
_AUXILIARY_GAP = frozenset(
    {
        "ALSO",
        "NOT",
        "BEEN",
        "BE",
        "HAVE",
        "HAS",
        "HAD",
        "REPORTEDLY",
        "ALREADY",
        "JUST",
        "NOW",
        "THEN",
        "STILL",
        "ALLEGEDLY",
    }
)
_PASSIVE_GAP = _AUXILIARY_GAP - {"BEEN", "BE"}

Modality = Literal["actual", "future", "possible"]

_BEFORE_GERUND = _BE | _POSSIBLE | {"STILL", "NOW", "ALSO", "KEEP", "KEPT"}
"""Words after which an -ING form is a verb ('were fighting', 'are mulling sabotaging')."""


_NOUN_CONTEXT = PREPOSITIONS | frozenset(
    {
        "A",
        "AMID",
        "AN",
        "ANY",
        "ARMS",
        "BILATERAL",
        "BORDER",
        "CEASEFIRE",
        "DELEGATION",
        "DESPITE",
        "DIRECT",
        "EACH",
        "EVERY",
        "FAILED",
        "FEW",
        "FIRST",
        "FORMER",
        "FRESH",
        "FURTHER",
        "FUTURE",
        "HER",
        "HIS",
        "ITS",
        "LAST",
        "LATEST",
        "MANY",
        "MORE",
        "MY",
        "NEW",
        "NEXT",
        "NO",
        "NUCLEAR",
        "OF",
        "OTHER",
        "OUR",
        "PEACE",
        "PER",
        "PREVIOUS",
        "RECENT",
        "SECURITY",
        "SEVERAL",
        "SOME",
        "SUCH",
        "THAT",
        "THE",
        "THEIR",
        "THESE",
        "THIS",
        "THOSE",
        "TRADE",
        "UPCOMING",
        "WHOSE",
        "WITHOUT",
        "YOUR",
    }
)
"""Words after which a verb form is read as a noun ("the talks", "peace talks", "their heads")."""


_NOUN_FIRST = frozenset(
    {
        "AID",
        "CONCERN",
        "CONCERNS",
        "REASON",
        "ISSUE",
        "FIGURES",
        "TALKS",
        "RISK",
        "FUNDS",
        "IMPORTS",
        "SENTENCES",
        "CLASHES",
        "RIOT",
        "STATE",
        "STATES",
        "CONTRAST",
        "FREE",
        "BLOW",
        "FORCE",
        "FORCES",
        "PROTESTS",
        "DEMANDS",
        "THREATS",
        "ATTACKS",
        "PLANS",
        "VISITS",
    }
)
"""Dictionary verb forms that news mostly uses as nouns or adjectives ('aid agencies', 'free
speech', 'the UN's demands'): verbs only right after a word that calls for a verb."""
_INDEFINITE = frozenset({"A", "AN"})
_ORDINALS = frozenset(
    {
        "SECOND",
        "THIRD",
        "FOURTH",
        "FIFTH",
        "SIXTH",
        "SEVENTH",
        "EIGHTH",
        "NINTH",
        "TENTH",
        "ELEVENTH",
        "TWELFTH",
        "THIRTEENTH",
        "FOURTEENTH",
        "FIFTEENTH",
        "SIXTEENTH",
        "SEVENTEENTH",
        "EIGHTEENTH",
        "NINETEENTH",
        "TWENTIETH",
    }
)
"""Ordinals past "first" (which :data:`_NOUN_CONTEXT` holds, with "last" and "latest"): a
participle after one modifies the noun that follows ("China's eleventh confirmed case", "the
second reported death"): a count of cases, not a report of them (the guideline's rule 9)."""
_NOT_GERUNDS = frozenset({"ACCORDING"})
"""-ING words of the dictionary that are fixed phrases, not gerunds ('according to')."""
MODALS = frozenset({"WILL", "WOULD", "SHALL", "SHOULD", "CAN", "COULD", "MAY", "MIGHT", "MUST"})
"""Modal auxiliaries (upper case, as the coder reads words)."""
_VERB_CUES = MODALS | frozenset(
    {
        "TO",
        "DID",
        "DOES",
        "DO",
        "NOT",
        "I",
        "WE",
        "YOU",
        "THEY",
        "HE",
        "SHE",
        "IT",
        "ALSO",
        "ALREADY",
    }
)


class Token(NamedTuple):
    """A word of the text, upper-cased for matching, with its character span."""

    upper: str
    start: int
    end: int
    capitalised: bool


class Action(NamedTuple):
    """A coded verb in a sentence (a named tuple, like :class:`Token`: immutable and quick to
    make)."""

    verb: int
    """Index of the verb's first token."""
    verb_end: int
    """Index after the verb's last token (multi-word verbs)."""
    lemma: str
    code: str
    reversed: bool
    """The code applies from target to source (a pattern's ``[:code]``)."""
    weight: int
    negated: bool
    modality: Modality
    passive: bool


def _action(
    *,
    verb: int,
    verb_end: int,
    lemma: str,
    code: str,
    reversed: bool,
    weight: int,
    negated: bool,
    modality: Modality,
    passive: bool,
) -> Action:
    """An :class:`Action` made by ``tuple.__new__``, as the named tuple's own ``_make`` makes
    one: its ``__new__`` is Python code that mypyc does not compile, interpreted at each call
    (about 7,000 instructions an action in the compiled build, by callgrind)."""
    return tuple.__new__(
        Action, (verb, verb_end, lemma, code, reversed, weight, negated, modality, passive)
    )


def upper_case(text: str) -> str:
    """``text`` upper-cased for matching with every character where it was, so that spans
    found in it are spans of ``text`` ('ß' would otherwise become 'SS' and shift them)."""
    upper = text.upper()
    if len(upper) != len(text):
        upper = "".join(c if len(u := c.upper()) != 1 else u for c in text)
    return upper.replace("’", "'")


def tokens_in(text: str, upper: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, given ``upper = upper_case(text)``, with spans in
    ``text``."""
    return [
        Token(m.group(0), s, e, text[s].isupper())
        for m in _TOKEN.finditer(upper, start, len(text) if end is None else end)
        for s, e in (m.span(),)
    ]


def word_end(upper: str, start: int, end: int, number: int) -> int:
    """Where word ``number`` (from 0) of ``upper[start:end]`` ends."""
    for at, match in enumerate(_TOKEN.finditer(upper, start, end)):
        if at == number:
            return match.end()
    raise IndexError(number)


_AROUND_WORDS: Final = ',.;:!?"“”()[]'
"""Marks that stand around words and are no part of one (of :data:`_TOKEN`'s)."""


def _find_words(text: str, start: int, end: int) -> list[str]:
    """``_TOKEN.findall(text, start, end)``, at less cost for ASCII text: a word holds no
    space, so the text is split at spaces, and a piece of letters alone (most: 'Kenya'), or
    of letters and marks around them ('said,', '"We'), is that one word. The regular
    expression reads only the other pieces ('H5N1', '1,000.', "Iran's"), where it tries
    every character and makes a match."""
    stretch = text[start:end]
    if not stretch.isascii():
        return _TOKEN.findall(stretch)  # (a letter such as 'é' is no word's, yet is alpha)
    words: list[str] = []
    for piece in stretch.split():
        if piece.isalpha():
            words.append(piece)
            continue
        core = piece.strip(_AROUND_WORDS)
        if core.isalpha():
            words.append(core)
        else:
            words.extend(_TOKEN.findall(piece))
    return words


def words_in(upper: str, start: int = 0, end: int | None = None) -> list[str]:
    """Just the words of ``upper[start:end]`` (no spans): the cheap look before tokenising."""
    return _find_words(upper, start, len(upper) if end is None else end)


_CAPITAL_ASCII = re.compile("[\u0131\u017f]")
"""The only characters that are no ASCII letters but have one as their capital (dotless i, long s):
where one stands, the words of the upper-cased text may not be those of the text."""


class Words:
    """The words of one stretch of an article: upper-cased for matching, as written (for
    capitals), and their character spans, which are worked out only when asked for.

    An article is upper-cased once (:func:`upper_case`); its sentences are read once each
    (twice, for one with a dotless i or a long s), and only those that yield an action pay for
    spans."""

    __slots__ = ("_spans", "end", "start", "text", "upper", "written")

    def __init__(self, text: str, upper: str, start: int = 0, end: int | None = None) -> None:
        self.text, self.start = text, start
        self.end = len(text) if end is None else end
        self.written: list[str] = _find_words(text, start, self.end)
        self.upper: list[str]
        if text[start : self.end].isascii():
            # Upper-casing ASCII changes letters into letters and nothing else: the words of
            # ``upper`` are the words upper-cased (quicker than reading them again).
            self.upper = list(map(str.upper, self.written))
        elif _CAPITAL_ASCII.search(text, start, self.end) is None:
            # Nor do other characters: a letter that is no ASCII letter has a capital that is
            # none either, so the words of ``upper`` are still those of ``text``, each upper-
            # cased as :func:`upper_case` does ('’' read as "'"); only words with such a letter
            # or a '’' need that function.
            self.upper = [
                word.upper() if word.isascii() else upper_case(word) for word in self.written
            ]
        else:
            self.upper = _find_words(upper, start, self.end)
            if len(self.upper) != len(self.written):  # a letter whose capital is ASCII ('ı')
                self.upper = [upper_case(word) for word in self.written]
        self._spans: list[tuple[int, int]] | None = None

    @classmethod
    def of(cls, tokens: Sequence[Token]) -> Words:
        """Words from tokens already made (their text is not needed)."""
        words = cls("", "")
        words.upper = [token.upper for token in tokens]
        words.written = [
            token.upper.lower() if not token.capitalised else token.upper for token in tokens
        ]
        words._spans = [(token.start, token.end) for token in tokens]
        return words

    def __len__(self) -> int:
        return len(self.upper)

    @property
    def spans(self) -> list[tuple[int, int]]:
        """``(start, end)`` of each word in the article."""
        if self._spans is None:
            # Each word is found from where the one before it ends: only characters that start
            # no word (no ASCII letter or digit) stand between, so the first match is the word
            # itself. (Cheaper than a match object per word.)
            # (``text.find`` called as a method: mypyc makes it a direct call of the C function,
            # where a bound method kept in a local is called as a Python object)
            spans: list[tuple[int, int]] = []
            text, at = self.text, self.start
            for word in self.written:
                start = text.find(word, at)
                at = start + len(word)
                spans.append((start, at))
            self._spans = spans
        return self._spans

    def capitalised(self, at: int) -> bool:
        return self.written[at][:1].isupper()

    def acronym(self, at: int) -> bool:
        """Whether word ``at`` is written in capitals throughout ('WHO', 'US'), a name rather
        than the word it spells."""
        word = self.written[at]
        return len(word) > 1 and word.isupper()

    def gap(self, at: int) -> str:
        """The text between word ``at - 1`` and word ``at`` (for words made from tokens, whose
        text is not kept: a space, or nothing when they touch)."""
        end, start = self.spans[at - 1][1], self.spans[at][0]
        if not self.text:
            return " " if start > end else ""
        return self.text[end:start]

    def count_before(self, at: int) -> bool:
        """Whether a number stands right before word ``at`` ('35 confirmed cases'; not the
        '1' of 'H5N1' nor one closing a clause, 'H5N1," said')."""
        if at == 0 or not self.upper[at - 1][:1].isdigit() or self.gap(at) != " ":
            return False
        return at == 1 or self.gap(at - 1) != ""


def tokenize(text: str, offset: int = 0) -> list[Token]:
    """Words and numbers of ``text``, with spans shifted by ``offset``."""
    tokens = tokens_in(text, upper_case(text))
    if offset:
        tokens = [
            token._replace(start=token.start + offset, end=token.end + offset) for token in tokens
        ]
    return tokens


_DETERMINERS = frozenset(
    {"THE", "A", "AN", "THIS", "THAT", "ITS", "HIS", "HER", "THEIR", "OUR", "EACH", "EVERY"}
)
_SUBJECT_VERBS = _BE | MODALS | frozenset({"HAVE", "HAS", "HAD", "SAID", "SAYS", "DID", "DOES"})
"""Words that follow a subject: after "the coast guard" they show that it was the subject."""
_PLURALS = frozenset({"PEOPLE", "POLICE", "MEN", "WOMEN", "CHILDREN", "MILITARY", "PUBLIC"})
"""Nouns without an -S that take a verb's base form ("the police guard the border")."""


def _compound_head(tokens: Words, at: int, dictionary: VerbDictionary) -> bool:
    """Whether the verb's base form at ``at`` ends a noun compound ('the coast guard have
    increased patrols'): after a determiner and a singular noun, the base form cannot be that
    noun's verb (it would take an -S), and a subject's verb or auxiliary follows it."""
    if at < 2 or at + 1 >= len(tokens) or tokens.upper[at + 1] not in _SUBJECT_VERBS:
        return False
    noun = tokens.upper[at - 1]
    return (
        tokens.upper[at - 2] in _DETERMINERS
        and not noun.endswith("S")
        and noun not in _PLURALS
        and noun not in dictionary.forms
        and not tokens.capitalised(at - 1)
        and any(form.lemma == tokens.upper[at] for form in dictionary.forms[tokens.upper[at]])
    )


_MODIFIED_REACH = 2
"""How many modifiers may stand between a determiner and the noun ('their antiviral vaccine
supply')."""
_SINGULAR_DETERMINERS = (_DETERMINERS - {"THE", "THAT"}) | PREPOSITIONS
"""Determiners and prepositions after which a verb's base form, past a modifier, is a noun
('in dire need'): 'the' is not among them, as British English gives a collective noun a plural
verb ('the government warn')."""


_SUBJECT_PRONOUNS = frozenset({"I", "YOU", "HE", "SHE", "IT", "WE", "THEY"})


def _noun_after_article(tokens: Words, at: int, dictionary: VerbDictionary) -> bool:
    """Whether the verb's base form at ``at`` stands right after 'a' or 'an', where no verb
    may ('a press release': 'press' modifies the noun after it)."""
    word = tokens.upper[at]
    return (
        at >= 1
        and tokens.upper[at - 1] in _ARTICLES
        and any(form.lemma == word for form in dictionary.forms[word])
    )


_ARTICLES = frozenset({"A", "AN"})


def _modified_noun(tokens: Words, at: int, dictionary: VerbDictionary) -> bool:
    """Whether the verb's base form at ``at`` is a noun after a determiner or a preposition
    and a modifier or two that are no verb forms ('a sharp increase', 'their antiviral vaccine
    supply', 'in dire need'): after 'a' or a possessive and a singular noun, a verb would take
    an -S ('a man says'), and an adjective takes no verb."""
    word = tokens.upper[at]
    if word.endswith("S") or not any(form.lemma == word for form in dictionary.forms[word]):
        return False
    for before in range(at - 1, max(0, at - _MODIFIED_REACH) - 1, -1):
        modifier = tokens.upper[before]
        if (
            (modifier in dictionary.forms and not _noun_after_article(tokens, before, dictionary))
            or (modifier.endswith("S") and not modifier.endswith("SS"))
            or modifier in _PLURALS
            or not modifier.isalpha()
            or modifier in _SUBJECT_PRONOUNS
            or tokens.capitalised(before)
        ):
            return False
        if before >= 1 and tokens.upper[before - 1] in _SINGULAR_DETERMINERS:
            return True
    return False


_PLANS = "PLANS"


def _plans_to(tokens: Words, at: int, dictionary: VerbDictionary) -> bool:
    """Whether 'plans' at ``at`` is a verb with its to-infinitive ('Kenya plans to visit
    Uganda'): 'to' and a verb's base form follow, and no possessive stands before it
    ("Kenya's plans to visit", a noun; a determiner before it has made it one already)."""
    words = tokens.upper
    return (
        at + 2 < len(words)
        and words[at + 1] == "TO"
        and any(form.lemma == words[at + 2] for form in dictionary.forms.get(words[at + 2], ()))
        and not words[at - 1].endswith(("'S", "S'"))
    )


_ADVERBS_TOO = frozenset({"FURTHER", "FIRST", "LAST"})
"""Words of :data:`_NOUN_CONTEXT` that are adverbs too: before a noun they modify it ('further
talks', 'the first confirmed case'), after a subject they modify the verb after them ('he
further noted that', 'Kenya first reported the disease in 2006')."""


def _adverb_after_subject(tokens: Words, at: int) -> bool:
    """Whether the word before ``at`` (one of :data:`_ADVERBS_TOO`) follows a subject: a
    subject pronoun, or a name that is no possessive ('Kenya first reported'; not "Egypt's
    first confirmed case")."""
    if at < 2:
        return False
    subject = tokens.upper[at - 2]
    if subject in _SUBJECT_PRONOUNS:
        return True
    return (
        tokens.capitalised(at - 2)
        and not subject.endswith(_POSSESSIVE_ENDS)
        and tokens.gap(at - 1) == " "
        and tokens.gap(at) == " "
    )


_CONTRACTED = frozenset(
    {"IT", "HE", "SHE", "THAT", "THERE", "WHAT", "WHO", "HERE", "LET", "WHERE", "WHICH"}
)
"""Words whose "'s" is "is", "has" or "us" ("it's", "there's", "let's"), no possessive."""


_POSSESSIVE_ENDS = ("'S", "’S")
"""The endings of a possessive ("Uganda's claims", "the WHO's report"), after which a verb
form is a noun: "'s" after a word of :data:`_CONTRACTED` is a verb ("it's"). Told inline in
:func:`_reads_as_noun`, which runs on every word of the dictionary (a call costs more than
the test)."""


def _reads_as_noun(tokens: Words, at: int, dictionary: VerbDictionary) -> bool:
    """No parser here, so a few rules of English word order decide:

    - a capitalised word inside the sentence is a name ('United Nations');
    - a word after a determiner or a noun modifier is a noun ('the talks', 'peace talks'),
      and so is one after 'a' and a name ('a UN report');
    - an -ING form is a verb only after a form of 'be' ('were fighting'); elsewhere it is a
      gerund or an adjective ('taking into account', 'by accepting');
    - an -S form right after another verb is its object ('will include figures');
    - a word after a preposition, a number or an ordinal is a noun or an adjective ('aid to',
      '35 confirmed cases', "Canada's fifth confirmed case");
    - a word news mostly uses as a noun is one unless a modal, 'to' or a pronoun precedes it
      ('aid agencies', but 'will aid').
    """
    if at == 0:  # 'Speaking yesterday, Mr Yudhoyono vowed': a participle, not the verb
        first = tokens.upper[0]
        return first in _NOUN_FIRST or (first.endswith("ING") and first not in _NOT_GERUNDS)
    word, previous = tokens.upper[at], tokens.upper[at - 1]
    if previous == "EACH" and at >= 2 and tokens.capitalised(at - 2):
        # 'Egypt, Bulgaria, and Nicaragua each reported': after a name, 'each' floats off
        # the subject and a verb follows; elsewhere it is a determiner ('each reported case')
        return tokens.capitalised(at)
    # 'he further noted that': an adverb, and a verb after it
    adverb = previous in _ADVERBS_TOO and _adverb_after_subject(tokens, at)
    if (
        tokens.written[at][:1].isupper()  # a name (:meth:`Words.capitalised`, made inline)
        or (previous in _NOUN_CONTEXT and not adverb)
        or (previous.endswith(_POSSESSIVE_ENDS) and previous[:-2] not in _CONTRACTED)
        or previous in _ORDINALS
        or tokens.count_before(at)
        # 'a UN report', 'an Australia-wide ban': a name after 'a' modifies a noun
        or (at >= 2 and tokens.upper[at - 2] in _INDEFINITE and tokens.capitalised(at - 1))
        or _compound_head(tokens, at, dictionary)
        or _modified_noun(tokens, at, dictionary)
    ):
        return True
    if word in _NOUN_FIRST:
        return previous not in _VERB_CUES and not (
            word == _PLANS and _plans_to(tokens, at, dictionary)
        )
    if word.endswith("ING") and word not in _NOT_GERUNDS:
        return previous not in _BEFORE_GERUND and not _members_follow(tokens, at)
    return word.endswith("S") and previous in dictionary.forms


INCLUDE_FORMS = frozenset({"INCLUDE", "INCLUDES", "INCLUDED"})


def _members_follow(tokens: Words, at: int) -> bool:
    """Whether the -ING form at ``at`` follows a plural common noun whose members a form of
    'include' lists later ('Other agencies providing aid to the country include UNICEF, the
    WHO and MSF'): a participle, whose doers are the members (roles.py reads them)."""
    previous = tokens.upper[at - 1]
    return (
        previous.endswith("S")
        and not tokens.capitalised(at - 1)
        and not INCLUDE_FORMS.isdisjoint(tokens.upper[at + 1 :])
    )


def _match_phrase(words: Sequence[str], at: int, element: Element) -> int:
    """Length of the longest phrase of ``element`` that starts at ``at`` (0: none)."""
    for phrase in element.by_first.get(words[at], ()):  # longest first
        size = len(phrase)
        if size == 1 or tuple(words[at : at + size]) == phrase:
            return size
    return 0


def _match_after(words: Sequence[str], start: int, elements: Sequence[Element]) -> int:
    """Where the last of the elements ends when all are found, in order, in the window after
    ``start`` (gaps allowed); -1 when they are not."""
    at, limit = start, min(len(words), start + PATTERN_WINDOW)
    for element in elements:
        while at < limit:
            size = _match_phrase(words, at, element)
            if size:
                at += size
                break
            if (not element.prepositional or element.inner or element.particle) and words[
                at
            ] in _OBJECT_ENDS:
                # PETRARCH matches a word outside '(...)' in the verb's object: not past a
                # preposition ('said in response to the attack' is no '* ATTACK') or into a
                # clause of its own; nor a lone particle ('(ON)' of 'called on') past either
                return -1
            if element.inner and words[at] == "TO":
                # nor the object of a group's preposition past an infinitive ('called for
                # renewed efforts to combat the disease' is no '(FOR &FIGHT)')
                return -1
            at += 1
        else:
            return -1
    return at


def _match_before(
    words: Sequence[str], end: int, elements: Sequence[Element], window: int = PATTERN_WINDOW
) -> bool:
    """Every element, in order, in the window before ``end`` (gaps allowed)."""
    floor = max(0, end - window)
    at = end
    for element in reversed(elements):
        while at > floor:
            at -= 1
            size = _match_phrase(words, at, element)
            if size and at + size <= end:
                break
        else:
            return False
    return True


def _best_pattern(
    words: Sequence[str], verb: int, verb_end: int, block: VerbBlock, passive: bool
) -> tuple[Pattern | None, int]:
    """The heaviest pattern that matches, and the index after its last word.

    In the passive the object stands before the verb ("talks will be held"), so a pattern's
    words after the verb are also looked for there."""
    best: Pattern | None = None
    best_end = verb_end
    window = words[max(0, verb - 2 * PATTERN_WINDOW) : verb_end + PATTERN_WINDOW]
    if not block.may_match_in(window):
        return best, best_end  # most verbs: no pattern's anchor is near
    present = frozenset(window)
    for pattern in block.candidates(present):
        if best is not None and pattern.weight <= best.weight:
            break  # candidates come heaviest first
        if not pattern.possible_in(present):
            continue
        end = _match_after(words, verb_end, pattern.after)
        if end >= 0 and _match_before(words, verb, pattern.before):
            best, best_end = pattern, end
        elif (
            passive
            and pattern.after
            and not pattern.before
            and _match_before(words, verb, pattern.after, window=2 * PATTERN_WINDOW)
        ):
            best, best_end = pattern, verb_end
    return best, best_end


def _punctuated(text: str, start: int, end: int) -> bool:
    """Whether a punctuation mark stands in ``text[start:end]``, the gap between two words.
    Most gaps are one space, which is told without a regex search."""
    if text[start:end] == " ":
        return False
    return _PUNCTUATION_MARK.search(text, start, end) is not None


def _modality(tokens: Words, verb: int) -> tuple[bool, Modality]:
    """Negation and modality from the few words before the verb, within its clause."""
    negated, modality = False, "actual"
    words, text = tokens.upper, tokens.text
    spans = tokens.spans if text else None
    for at in range(verb - 1, max(-1, verb - 5), -1):
        word = words[at]
        if word in _CLAUSE_END or (word in _MODALITY_STOPS and not tokens.acronym(at)):
            break
        if (
            spans is not None
            and text[spans[at][1] : spans[at + 1][0]] != " "  # most gaps: told with no call
            and _punctuated(text, spans[at][1], spans[at + 1][0])
        ):
            # '"we don't need to panic," said Donald Tsang': the quotation's negation is not
            # the verb's
            break
        if word in _NEGATIONS or word.endswith("N'T"):
            negated = True
        elif word in _FUTURE and modality == "actual":
            modality = "future"
        elif word in _POSSIBLE and modality == "actual":
            modality = "possible"
    return negated, modality  # type: ignore[return-value]


def _passive(words: Sequence[str], verb: int) -> bool:
    """A past participle after a form of 'be' ("was endorsed", "had been killed"), adverbs
    between them too ("was recently killed")."""
    word = words[verb]
    if not word.endswith(("ED", "EN", "D")) and word not in {"HELD", "MET", "LED", "HIT", "SHOT"}:
        return False
    at = verb - 1
    while at >= 0 and (
        words[at] in _PASSIVE_GAP or (words[at].endswith("LY") and len(words[at]) > 4)
    ):
        at -= 1
    return at >= 0 and words[at] in _BE


_NO_PARTICIPLE_BEFORE = (
    MODALS
    | _SUBJECT_PRONOUNS
    | frozenset({"HAVE", "HAS", "HAD", "HAVING", "TO", "DID", "DO", "DOES", "WHO", "WHICH", "THAT"})
)
"""Words after which an -ED form before 'by' is an active verb ('has stood by', 'they
passed by', 'which passed by'), not a participle."""


def _reduced_passive(tokens: Words, verb: int) -> bool:
    """A past participle right after a noun and right before 'by', with no 'be' ('rations
    donated by Britain', 'a ceasefire brokered by Egypt'): a reduced relative clause, passive,
    so the by-agent is its doer and the noun's actor what it was done to. Not one that a comma
    sets off ('the WHO, backed by the EU,'), which the coder reads as no act of its own, nor
    one whose agent is no name ('cases reported by country')."""
    words = tokens.upper
    word = words[verb]
    if not 0 < verb < len(words) - 2 or words[verb + 1] != "BY":
        return False
    agent = verb + 3 if words[verb + 2] == "THE" and verb + 3 < len(words) else verb + 2
    return (
        (word.endswith(("ED", "EN")) or word in _IRREGULAR_PARTICIPLES)
        and words[verb - 1] not in _NO_PARTICIPLE_BEFORE
        and words[verb - 1] not in _BE
        and "," not in tokens.gap(verb)
        and tokens.capitalised(agent)
    )


_IRREGULAR_PARTICIPLES = frozenset({"HELD", "MET", "LED", "HIT", "SHOT", "SENT", "MADE", "GIVEN"})


def _candidates(words: Sequence[str], at: int, dictionary: VerbDictionary) -> Sequence[VerbForm]:
    """The verb forms word ``at`` may be read as, longest first: those of a word that begins
    no multi-word verb are the same everywhere, and looked up."""
    single = dictionary.single.get(words[at])
    if single is not None:
        return single
    return dictionary.single_word_forms(
        [
            form
            for form in dictionary.forms[words[at]]
            if tuple(words[at + 1 : at + 1 + len(form.tail)]) == form.tail
        ]
    )


_ADVISING = frozenset({"WARN", "CAUTION", "TELL", "ENCOURAGE"})
"""Verbs that are comments (or praise) on their own ("warned that the disease can spread", 012;
"told reporters that", 010; "encouraged the talks", 051) but advice to act with an object and
a to-infinitive ("warned the WHO to be cautious", "told people to stay away", "encouraged
people to stay at home"), like URGE."""
_APPEAL = "020"
_OBJECT_REACH = 5
_QUOTE_MARKS = ('"', "“", "‘", "'")
"""How many words the object of an advising verb may have before its "to"."""


def _object_then_to(tokens: Words, start: int) -> bool:
    """Whether the words from ``start`` are an object followed by "to": "warned the WHO to",
    not "warned to" (no object), "warned that ... to" or "warned of a crisis to come"."""
    words = tokens.upper
    for at in range(start, min(len(words), start + _OBJECT_REACH + 1)):
        word = words[at]
        if word == "TO":
            return at > start
        if (word in _OBJECT_ENDS or word == "OF") and not tokens.acronym(at):
            return False  # a preposition or clause opener ends the object ("WHO" is a name)
    return False


_DESCRIBING = frozenset({"DESCRIBE", "DEPICT", "DEFINE", "CHARACTERIZE", "CHARACTERISE"})
"""Verbs whose object is what is described ("described the attack as 'reprehensible'"): a
comment on it (CAMEO 01x) or a criticism (11x), never the act their object names, whatever a
pattern of their block written for another verb says ('* ATTACK [190] # REPORT')."""
_SPOKEN_ROOTS = ("01", "11")


def _unless_described(
    form: VerbForm, pattern: Pattern | None, pattern_end: int, verb_end: int
) -> tuple[Pattern | None, int]:
    """The pattern found for ``form`` and its end, or none when it would code a describing
    verb as the act its object names."""
    if (
        pattern is not None
        and form.lemma in _DESCRIBING
        and pattern.code is not None
        and not pattern.code.startswith(_SPOKEN_ROOTS)
    ):
        return None, verb_end
    return pattern, pattern_end


_NAMING = frozenset({"CALL"})
"""Verbs that name what their object is when a quotation follows it ("is calling the cholera
outbreak 'extremely serious'"): a comment (010), not CAMEO's phone call (041)."""
_COMMENT = "010"


def _object_then_quote(tokens: Words, start: int) -> bool:
    """Whether an object of a few words from ``start`` is followed by a quotation mark opening
    in the same clause ("called the FDA alert 'extreme and imprudent'")."""
    words = tokens.upper
    for at in range(start + 1, min(len(words), start + _OBJECT_REACH + 1)):
        gap = tokens.gap(at)
        if any(mark in gap for mark in _QUOTE_MARKS):
            return True
        if any(mark in gap for mark in ",.;:") or words[at] in _OBJECT_ENDS:
            return False
    return False


_DISAPPROVING = frozenset(
    {
        "ABHORRENT",
        "ABSURD",
        "APPALLING",
        "ARROGANT",
        "ATROCIOUS",
        "BARBARIC",
        "BASELESS",
        "COUNTERPRODUCTIVE",
        "COWARDLY",
        "CYNICAL",
        "DEPLORABLE",
        "DESPICABLE",
        "DISCRIMINATORY",
        "DISGRACE",
        "DISGRACEFUL",
        "DISHONEST",
        "DRACONIAN",
        "FARCE",
        "GROUNDLESS",
        "HEINOUS",
        "HYPOCRITICAL",
        "ILLEGITIMATE",
        "IMMORAL",
        "IMPRUDENT",
        "INEXCUSABLE",
        "INHUMANE",
        "INSULT",
        "INSULTING",
        "INTOLERABLE",
        "IRRESPONSIBLE",
        "MISGUIDED",
        "NEGLIGENT",
        "OUTRAGE",
        "OUTRAGEOUS",
        "RECKLESS",
        "REPREHENSIBLE",
        "RIDICULOUS",
        "SCANDAL",
        "SCANDALOUS",
        "SHAM",
        "SHAMEFUL",
        "TRAVESTY",
        "UNACCEPTABLE",
        "UNCONSTITUTIONAL",
        "UNDEMOCRATIC",
        "UNETHICAL",
        "UNFAIR",
        "UNFORGIVABLE",
        "UNFOUNDED",
        "UNJUST",
        "UNJUSTIFIABLE",
        "UNJUSTIFIED",
        "UNLAWFUL",
        "UNWARRANTED",
    }
)
"""Words of blame: naming something with one is criticising it (CAMEO 111), as CAMEO.2.0's own
one-word patterns say ('DESCRIBE * (AS LAWLESS)', 111)."""
_ACCUSING = frozenset(
    {
        "ATROCITY",
        "CONSPIRACY",
        "CRIME",
        "FRAUD",
        "GENOCIDE",
        "HOAX",
        "LIE",
        "LIES",
        "MASSACRE",
        "PLOT",
        "PROPAGANDA",
    }
)
"""Words that charge a crime or a deceit: naming something with one is accusing (112), as
'VIEW * (AS TERRORIST)' is."""
_BLAME = dict.fromkeys(_DISAPPROVING, "111") | dict.fromkeys(_ACCUSING, "112")
_CALLING = frozenset({"CALL", "LABEL", "DUB", "BRAND", "DESCRIBE"}) | _DESCRIBING
"""Verbs that name what their object is: CALL, LABEL, DUB and BRAND with the name right after
the object ("called the decision reckless"), the describing verbs after "as"."""
_NAMING_REACH = 7
"""How many words the object and the name after it may have together."""
_CLAUSE_MARKS = ",;:.()"


def _by_naming(lemma: str, tokens: Words, verb_end: int) -> str | None:
    """Criticism (111) or accusation (112) when the verb names its object with a word of blame
    ("called the FDA alert 'extreme and imprudent'", "described the raid as utterly
    despicable", "dubbed the vote a sham"); None otherwise. The name is looked for after the
    object, within the clause and within the first quotation: not past a preposition, a
    clause opener or a comma, nor in a later quotation ("called the outbreak 'serious' and it
    would be 'irresponsible' to wait" names the outbreak serious). "Called a" and a noun
    calls or convenes something ("in what the UN called a heinous murder" leaves the naming
    to the relative "what", whose speaker's statement the sentence codes)."""
    words = tokens.upper
    if lemma not in _CALLING or verb_end >= len(words) or words[verb_end] in _INDEFINITE:
        return None
    after_as = lemma not in _DESCRIBING
    quotes = 0
    for at in range(verb_end, min(len(words), verb_end + _NAMING_REACH)):
        gap = tokens.gap(at) if at > verb_end else " "
        if gap != " ":
            quotes += sum(gap.count(mark) for mark in _QUOTE_MARKS)
            if quotes >= 2 or any(mark in gap for mark in _CLAUSE_MARKS):
                break  # the clause, or the quotation that named the object, has ended
        word = words[at]
        if word == "AS":
            after_as = True
        elif word in _OBJECT_ENDS or word == "TO":
            break
        elif after_as and word in _BLAME:
            return _BLAME[word]
    return None


_RECOUNTING = frozenset({"INCREASE", "RAISE", "REVISE", "LOWER", "BOOST"})
"""Verbs that change a figure when their object is a count ("increased the number of cases to
51", "raised the death toll"): the actor reports the new figure."""
_COUNTS = frozenset({"NUMBER", "TOLL", "TALLY", "COUNT", "TOTAL", "FIGURE", "FIGURES", "ESTIMATE"})
_COUNT_REACH = 3
"""How many words (a determiner, modifiers: 'the official death toll') may precede the count."""


def _recounted(tokens: Words, start: int) -> bool:
    """Whether the object from ``start`` is a count ('the number of', 'its death toll'), within
    a few words and before a preposition, a clause opener or punctuation."""
    words = tokens.upper
    for at in range(start, min(len(words), start + _COUNT_REACH + 1)):
        word = words[at]
        if word in _COUNTS:
            return True
        if word in _OBJECT_ENDS or word in {"OF", "TO"} or (at > start and tokens.gap(at) != " "):
            return False
    return False


def _by_complement(lemma: str, code: str | None, tokens: Words, verb_end: int) -> str | None:
    """The code of a verb no pattern matched, read from what follows its object: "warned the
    WHO to be cautious" is an appeal, "called the outbreak 'extremely serious'" a comment, and
    "increased the number of cases" a report of a figure, a statement (010), which guideline
    16 of the bench's gold and CAMEO's reading of reports agree on."""
    if code is not None and lemma in _ADVISING and _object_then_to(tokens, verb_end):
        return _APPEAL
    if code is not None and lemma in _NAMING and _object_then_quote(tokens, verb_end):
        return _COMMENT
    if lemma in _RECOUNTING and _recounted(tokens, verb_end):
        return _COMMENT
    return code


_INDICATING = frozenset({"SUGGEST"})
"""Verbs of proposal that findings may be the subject of, where they say what the findings
show ("UN figures suggest 7.5 million people need aid"). (SHOW and INDICATE, which CAMEO codes
nothing, made as statements too lost a hit of the held-out half.)"""
_FINDINGS = frozenset(
    {
        "FIGURES",
        "DATA",
        "STATISTICS",
        "ESTIMATES",
        "RESULTS",
        "FINDINGS",
        "STUDY",
        "SURVEY",
        "TESTS",
        "EVIDENCE",
    }
)
"""Nouns of findings an actor gives."""
_FINDINGS_GAP = frozenset({"HAVE", "HAS", "HAD", "ALSO", "NOW", "CLEARLY"})


def _findings_indicate(lemma: str, tokens: Words, verb: int) -> bool:
    """Whether ``verb`` says what findings show ("UN figures suggest 7.5 million South
    Sudanese now require aid", "the survey has suggested ..."): the findings' owner makes a
    statement (the gold's guideline 16: reports, counts and findings an actor gives are its
    statement, 010), not a proposal (SUGGEST's block, 020, and its '* AID' pattern, 033).
    Findings propose nothing, so the verb's own patterns do not apply."""
    if lemma not in _INDICATING:
        return False
    words = tokens.upper
    at = verb - 1
    while at > 0 and words[at] in _FINDINGS_GAP:
        at -= 1
    return at >= 0 and words[at] in _FINDINGS


_PLANNED = _BE | {"GOING"}
"""Words after which 'to' and a verb are a planned act ('is to visit', 'are going to send')."""


_SPLITTING = frozenset(
    {"BETTER", "FURTHER", "FULLY", "NOT", "ALSO", "QUICKLY", "URGENTLY", "HELP", "HELPING"}
)
"""Adverbs that may split an infinitive ('to better contain the virus'), and 'help', whose bare
infinitive is the infinitive's own content ('a network to help connect officials')."""


def _infinitive_to(words: Sequence[str], at: int) -> int | None:
    """Where the 'to' of an infinitive whose verb is at ``at`` stands, if it is one."""
    if at > 0 and words[at - 1] == "TO":
        return at - 1
    if at > 1 and words[at - 2] == "TO" and words[at - 1] in _SPLITTING:
        return at - 2
    return None


def _infinitive_only(words: Sequence[str], to: int) -> bool:
    """Whether an infinitive whose 'to' is at ``to`` has no act of its own: not after 'be' or
    'going' ('the minister is to visit Kenya')."""
    return to < 1 or words[to - 1] not in _PLANNED


_EVENT_NOUNS = {
    "BAN": "172",
    "BANS": "172",
    "BLOCKADE": "191",
    "BLOCKADES": "191",
    "CURFEW": "1723",
    "CURFEWS": "1723",
    "EMBARGO": "163",
    "EMBARGOES": "163",
    "QUARANTINE": "191",
    "QUARANTINES": "191",
    "SANCTIONS": "163",
}
"""Nouns that name a coercive act, with its CAMEO code: a ban (172), a curfew (1723), a
blockade or a quarantine (191: CAMEO's codebook puts restricting movement there, with
blockades), an embargo or sanctions (163)."""
_EVENT_NOUN_SET = frozenset(_EVENT_NOUNS)
_LIGHT_VERBS = frozenset(
    {"HAVE", "HAS", "HAD", "HAVING", "PUT", "PUTS", "PUTTING"}.union(
        *(
            inflections(verb)
            for verb in (
                "ANNOUNCE",
                "DECLARE",
                "ENFORCE",
                "EXTEND",
                "IMPOSE",
                "INTRODUCE",
                "ISSUE",
                "MAINTAIN",
                "ORDER",
                "PLACE",
                "REIMPOSE",
            )
        )
    )
)
"""Verbs whose object names the act their subject does ('has a blockade on', 'announced a
quarantine of', 'imposed a curfew'): the event is the noun's."""
_LIGHT_REACH = 3
"""How many words (a determiner, modifiers) may stand between the light verb and the noun."""
_NOT_MODIFIERS = _OBJECT_ENDS | {"OF", "TO", "AND", "OR", "NOT", "NO"}


def _light_verb_before(tokens: Words, at: int, dictionary: VerbDictionary) -> int | None:
    """Where the light verb whose object is the event noun at ``at`` stands: right before it
    or a determiner and modifiers before it ('has a blockade', 'imposed a two-week curfew',
    'announced a total travel ban'); not across a preposition, a conjunction, a negation
    ('has no ban'), punctuation or a verb ('has said a ban')."""
    words = tokens.upper
    for before in range(at - 1, max(-1, at - 2 - _LIGHT_REACH), -1):
        word = words[before]
        if _punctuated(tokens.text, tokens.spans[before][1], tokens.spans[before + 1][0]):
            return None
        if word in _LIGHT_VERBS:
            return before
        if word in _NOT_MODIFIERS or (
            word in dictionary.forms and not _reads_as_noun(tokens, before, dictionary)
        ):
            return None
    return None


_DENIALS = {"DENY": "016"}
"""Verbs of denial with the code they give when no pattern of their block matches: CAMEO
codes denying accusations, charges, reports or responsibility 016 by its REFUSE block's
patterns, and the block itself nothing; in news an actor that denies something denies a claim
made about it ("denied any plans to incinerate the rations", "allegations the government
denies"), 016 (the gold's guideline 15). REJECT and REFUSE, which reject proposals and
requests (12x) as often, keep CAMEO's reading."""


def _code_of(
    form: VerbForm, pattern: Pattern | None, tokens: Words, verb_end: int
) -> tuple[str | None, bool, int] | None:
    """The code a verb form gives with its best pattern (``reversed`` when the pattern codes
    from target to source) and the pattern's weight; a code of None when this form gives none
    (another form of the word may), and None when the word is no event at all: a pattern coded
    ``[---]``, or a verb marked ``[---]`` that no pattern or name codes."""
    code: str | None
    if pattern is not None:
        if pattern.code is None and pattern.reverse_code is None:
            return None
        if pattern.code is None:
            return pattern.reverse_code, True, pattern.weight
        code = pattern.code
    else:
        named = _by_naming(form.lemma, tokens, verb_end)
        if named is not None:
            return named, False, 0
        if form.silent:
            return None
        code = form.code or form.block.code or _DENIALS.get(form.lemma)
    weight = pattern.weight if pattern is not None else 0
    if weight == 0:
        code = _by_complement(form.lemma, code, tokens, verb_end)
    return code, False, weight


_BAN = "172"
_EMBARGO = "163"
_TRADED = ("&GOODS", "&TRAVEL", "&FOOD")
"""The verb supplement's synsets of goods and travel, and CAMEO's of food."""
_BAN_OBJECT = frozenset({"ON", "OF", "AGAINST"})
_BAN_REACH = 4
"""Words after 'on' within which a ban's goods or travel stand ('a ban on poultry imports')."""


def _on_goods_or_travel(tokens: Words, at: int, dictionary: VerbDictionary) -> bool:
    """Whether the ban named at word ``at`` is on goods or travel, an embargo (163, the bench's
    guideline rule 15) rather than CAMEO's administrative ban (172): a word of the
    supplement's goods or travel synsets right before it ('a travel ban', 'an import ban') or
    within a few words after its 'on' ('imposed a ban on poultry imports from Pakistan'),
    before punctuation or another preposition."""
    words = tokens.upper
    traded = frozenset(
        phrase[0]
        for label in _TRADED
        for phrase in dictionary.synsets.get(label, frozenset())
        if len(phrase) == 1
    )
    if at > 0 and words[at - 1] in traded:
        return True
    if at + 1 >= len(words) or words[at + 1] not in _BAN_OBJECT:
        return False
    for after in range(at + 2, min(len(words), at + 2 + _BAN_REACH)):
        if words[after] in traded:
            return True
        if words[after] in _OBJECT_ENDS or tokens.gap(after) != " ":
            return False
    return False


def _nominal_event(
    tokens: Words, at: int, actions: list[Action], consumed: int, dictionary: VerbDictionary
) -> Action | None:
    """The event the noun at ``at`` names when a light verb makes it its subject's act, from
    the light verb to the noun ('Israel has a blockade on Gaza': 191; 'have announced a
    quarantine of the districts': 172, not ANNOUNCE's statement). A light verb that a
    pattern of its own coded keeps that code ('imposed sanctions', IMPOSE's 163), and one that
    is an earlier action's complement ('threatened to impose a blockade') or inside its
    pattern adds nothing. None when no event is named."""
    light = _light_verb_before(tokens, at, dictionary)
    if light is None:
        return None
    code = _EVENT_NOUNS[tokens.upper[at]]
    if code == _BAN and _on_goods_or_travel(tokens, at, dictionary):
        code = _EMBARGO
    last = actions[-1] if actions else None
    if last is not None and last.verb == light:
        if last.weight:
            return None
        return last._replace(verb_end=at + 1, lemma=tokens.upper[at], code=code, weight=1)
    to = _infinitive_to(tokens.upper, light)
    if light < consumed or (to is not None and (actions or _infinitive_only(tokens.upper, to))):
        return None
    negated, modality = _modality(tokens, light)
    return _action(
        verb=light,
        verb_end=at + 1,
        lemma=tokens.upper[at],
        code=code,
        reversed=False,
        weight=1,
        negated=negated,
        modality=modality,
        passive=False,
    )


def find_actions(tokens: Words | Sequence[Token], dictionary: VerbDictionary) -> list[Action]:
    """Every verb of the dictionary in the words that yields a code, by its best pattern."""
    if not isinstance(tokens, Words):
        tokens = Words.of(tokens)
    words = tokens.upper
    forms = dictionary.forms
    actions: list[Action] = []
    consumed = 0  # tokens before this index belong to an earlier action's pattern
    nominal = not _EVENT_NOUN_SET.isdisjoint(words)
    for at, word in enumerate(words):
        if (
            nominal
            and word in _EVENT_NOUN_SET
            and at >= consumed
            and (named := _nominal_event(tokens, at, actions, consumed, dictionary)) is not None
        ):
            # after a light verb the word is its object, a noun ('imposed a travel ban')
            if actions and actions[-1].verb == named.verb:
                actions[-1] = named
            else:
                actions.append(named)
            consumed = at + 1
            continue
        if word not in forms or at < consumed or _reads_as_noun(tokens, at, dictionary):
            continue
        to = _infinitive_to(words, at)
        if to is not None and (actions or _infinitive_only(words, to)):
            # An infinitive after an action is its complement ('promised to provide', 'asking
            # citizens to take action'): the first verb's code stands for the event. After
            # any other word it is a purpose or a wish, no act of its own ('is working with
            # MSF to improve local facilities', 'in order to better contain the virus'),
            # unless 'be to' or 'going to' make it a planned act ('the minister is to visit').
            continue
        for form in _candidates(words, at, dictionary):
            verb_end = at + 1 + len(form.tail)
            passive = _passive(words, at) or _reduced_passive(tokens, at)
            pattern, pattern_end = _best_pattern(words, at, verb_end, form.block, passive)
            pattern, pattern_end = _unless_described(form, pattern, pattern_end, verb_end)
            coded = (
                (_COMMENT, False, 0)
                if _findings_indicate(form.lemma, tokens, at)
                else _code_of(form, pattern, tokens, verb_end)
            )
            if coded is None:
                break  # a [---] pattern or verb: these words make the verb no event
            code, reversed_, weight = coded
            if code is None:
                continue
            negated, modality = _modality(tokens, at)
            actions.append(
                _action(
                    verb=at,
                    verb_end=verb_end,
                    lemma=form.lemma,
                    code=code,
                    reversed=reversed_,
                    weight=weight,
                    negated=negated,
                    modality=modality,
                    passive=passive,
                )
            )
            consumed = max(verb_end, pattern_end)
            break
    return actions


_WARNING = "012"
_TRAVEL_WARNING = "160"
_WARNING_VERBS = frozenset({"WARN", "CAUTION", "ISSUE"})
"""Verbs whose warning (012: the supplement's WARN_PESSIMISTIC and ISSUE_WARNING blocks) may
be about travel."""
TRAVEL_WORDS = frozenset(
    {"TRAVEL", "TRAVELS", "TRAVELLING", "TRAVELING", "TRIP", "TRIPS", "FLIGHTS", "PILGRIMAGE"}
)
_TRAVEL_DIRECTIONS = frozenset({"TO", "FROM"})
_ADVISORIES = frozenset(
    {"WARNING", "WARNINGS", "ADVISORY", "ADVISORIES", "ALERT", "ALERTS", "NOTICE", "NOTICES"}
)
"""Nouns that make a travel word a travel warning ('a travel advisory for Mexico')."""


def travel_warnings(actions: list[Action], tokens: Words) -> list[Action]:
    """The actions, with a warning about travel to or from a place coded as CAMEO's travel
    warning (160, as its ADVISE * (AGAINST TRAVEL) and CAUTION * &PEOPLE (AGAINST TRAVELING)
    are; the bench's guideline rule 15): 'Rwanda and Zambia have issued alerts to their
    citizens, warning of travel to and from DRC'. The travel and its 'to' or 'from' stand
    after the verb in its sentence, before a semicolon or a quotation ends the clause; a
    warning that names no travel stays a pessimistic comment (012). Called only for a sentence
    with a word of :data:`TRAVEL_WORDS`."""
    return [
        action._replace(code=_TRAVEL_WARNING)
        if action.code == _WARNING
        and action.lemma in _WARNING_VERBS
        and _about_travel(tokens, action.verb_end)
        else action
        for action in actions
    ]


def _about_travel(tokens: Words, start: int) -> bool:
    """Whether travel and its 'to' or 'from' stand from word ``start`` on, before a semicolon
    or a quotation mark ends the clause."""
    words = tokens.upper
    for at in range(start, len(words) - 1):
        if any(mark in tokens.gap(at) for mark in ';"“”'):
            return False
        if words[at] in TRAVEL_WORDS and words[at + 1] in _TRAVEL_DIRECTIONS:
            return True
        if words[at] in TRAVEL_WORDS and words[at + 1] in _ADVISORIES:
            return True  # 'issued a travel warning for Mexico'
    return False
