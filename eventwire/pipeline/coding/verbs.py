"""The CAMEO verb dictionary (PETRARCH format): synsets, verb blocks, verb forms and patterns.

Format (openeventdata/petrarch2, docs/source/dictionaries.rst): synsets are ``&LABEL`` followed
by ``+phrase`` lines; a verb block starts with ``--- NAME [code] ---`` and lists verbs (with
irregular forms in ``{...}`` and an optional code in ``[...]``) and then patterns
``- words * words [code]`` where ``*`` stands for the verb, ``+``/``$`` mark the target and
source, ``(...)`` groups a prepositional phrase, ``{...}`` a consecutive phrase, and ``&LABEL`` a
synset. A code ``[A:B]`` codes A from source to target and B in the other direction.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from eventwire.pipeline.dictionaries import regular_plural

Phrase = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Element:
    """One slot of a pattern: any of these phrases (a word, a consecutive phrase, a synset)."""

    phrases: frozenset[Phrase]
    by_first: dict[str, tuple[Phrase, ...]] = field(default_factory=dict, compare=False)
    """The phrases by their first word, for matching without trying every phrase."""
    prepositional: bool = False
    """Inside a ``(...)`` group of the pattern: part of a prepositional phrase, which may
    follow the verb's object; a word outside one belongs to the object itself."""
    inner: bool = False
    """Inside a ``(...)`` group after its first word: the object of the group's preposition,
    so within that phrase ("called for renewed efforts to combat" is no ``(FOR &FIGHT)``)."""
    particle: bool = False
    """A ``(...)`` group of this word alone (``- * (ON)``, "called on"): a particle of the
    verb, found within its object, not any later "on" of the sentence ("called the meeting,
    which was held on Monday")."""

    @classmethod
    def of(
        cls,
        phrases: frozenset[Phrase],
        prepositional: bool = False,
        inner: bool = False,
        particle: bool = False,
    ) -> Element:
        index: dict[str, list[Phrase]] = {}
        for phrase in sorted(phrases, key=len, reverse=True):
            index.setdefault(phrase[0], []).append(phrase)
        found = {word: tuple(found) for word, found in index.items()}
        return cls(phrases, found, prepositional, inner, particle)


@dataclass(frozen=True, slots=True)
class Pattern:
    """Words that must surround the verb, in order, and the code they give."""

    before: tuple[Element, ...]
    after: tuple[Element, ...]
    code: str | None
    reverse_code: str | None = None

    weight: int = 0
    """How specific the pattern is: the number of words it needs."""
    firsts: tuple[frozenset[str], ...] = ()
    """The first words of each element's phrases, for :meth:`possible_in`."""

    @classmethod
    def of(
        cls,
        before: tuple[Element, ...],
        after: tuple[Element, ...],
        code: str | None,
        reverse_code: str | None,
    ) -> Pattern:
        elements = (*before, *after)
        weight = sum(min(len(p) for p in e.phrases) for e in elements)
        firsts = tuple(frozenset(e.by_first) for e in elements)
        return cls(before, after, code, reverse_code, weight, firsts)

    def possible_in(self, words: frozenset[str]) -> bool:
        """Whether every element's first word occurs in ``words`` (a cheap pre-check)."""
        # (``all`` of a generator, which mypyc makes a loop: ``any(map(...))`` was a generic
        # iteration)
        return all(not words.isdisjoint(first) for first in self.firsts)


@dataclass(slots=True)
class VerbBlock:
    """Verbs that share patterns; ``code`` applies to a verb on its own (None: no event)."""

    name: str
    code: str | None
    patterns: list[Pattern] = field(default_factory=list)
    by_anchor: dict[str, list[tuple[int, Pattern]]] = field(default_factory=dict)
    """Patterns (with their place in the block) by the first words of their first element: a
    pattern can only match where one of these words occurs, so only those are tried."""

    ranked: dict[str, tuple[Pattern, ...]] = field(default_factory=dict)
    """The patterns of each anchor alone, in the order of :meth:`candidates`."""

    def index(self) -> None:
        """Build ``by_anchor`` and ``ranked`` once every pattern is read."""
        self.by_anchor = {}
        for position, pattern in enumerate(self.patterns):
            elements = (*pattern.before, *pattern.after)
            anchors = elements[0].by_first if elements else {"": ()}
            for word in anchors:
                self.by_anchor.setdefault(word, []).append((position, pattern))
        self.ranked = {
            word: tuple(pattern for _, pattern in sorted(found, key=lambda p: (-p[1].weight, p[0])))
            for word, found in self.by_anchor.items()
        }

    def may_match_in(self, words: Iterable[str]) -> bool:
        """Whether :meth:`candidates` can find any pattern among ``words``: one of their
        anchors occurs (told without building a set), or a pattern has none."""
        return "" in self.by_anchor or not self.by_anchor.keys().isdisjoint(words)

    def candidates(self, words: frozenset[str]) -> Sequence[Pattern]:
        """Patterns whose anchor occurs in ``words``: heaviest first, then in dictionary order,
        so that the choice never depends on the order of a set."""
        # A set, not a frozenset: ``frozenset & dict_keys`` is the keys' ``__rand__``, which
        # builds a set (mypyc checks the type mypy inferred for ``words & ...``).
        anchors = self.by_anchor.keys() & words
        if len(anchors) == 1 and "" not in self.by_anchor:
            return self.ranked[next(iter(anchors))]  # most verbs: ranked when read
        found: dict[int, Pattern] = {}
        for word in anchors:
            found.update(self.by_anchor[word])
        found.update(self.by_anchor.get("", ()))
        return [found[p] for p in sorted(found, key=lambda p: (-found[p].weight, p))]


@dataclass(frozen=True, slots=True)
class VerbForm:
    """One inflected form of a verb: its block, its lemma and its own code, if any."""

    block: VerbBlock
    lemma: str
    code: str | None
    tail: Phrase = ()
    silent: bool = False
    """The verb line says ``[---]``: on its own (no pattern) it codes no event."""
    irregular: bool = False
    """An irregular form listed in ``{...}`` ('FOUND' of FIND), which outranks a verb whose base
    form is spelt the same (FOUND, 'to found')."""
    """Further words of a multi-word verb (``ASK FOR``), which must follow at once."""


@dataclass(slots=True)
class VerbDictionary:
    """Every verb form, keyed by its first word, with its block and patterns."""

    synsets: dict[str, frozenset[Phrase]]
    blocks: list[VerbBlock]
    forms: dict[str, list[VerbForm]]
    single: dict[str, tuple[VerbForm, ...]] = field(init=False, repr=False, compare=False)
    """For each word none of whose forms goes on into further words, the forms a verb there can
    be (:meth:`single_word_forms`): the same wherever the word stands, so worked out once."""

    def __post_init__(self) -> None:
        self.single = {
            word: self.single_word_forms(forms)
            for word, forms in self.forms.items()
            if not any(form.tail for form in forms)
        }

    @staticmethod
    def single_word_forms(forms: Sequence[VerbForm]) -> tuple[VerbForm, ...]:
        """Of the forms that match where a word stands, the ones it may be read as: an
        irregular form outranks a regular verb spelt the same ('FOUND' of FIND, not 'to
        found'), and a multi-word verb matched in full outranks any single word."""
        if any(form.irregular for form in forms):
            forms = [form for form in forms if form.irregular or form.tail]
        return tuple(sorted(forms, key=lambda form: -len(form.tail)))

    def lookup(self, word: str) -> list[VerbForm]:
        return self.forms.get(word.upper(), [])


_COMMENT = re.compile(r"<!--.*?-->|#.*$|;.*$")
_CODE = re.compile(r"\[([^\]]*)\]")
_BRACES = re.compile(r"\{([^}]*)\}")
_BLOCK = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]")
_NULL = {"", "---"}
_GROUP_MARKS = {"(": 1, ")": -1}
"""A pattern's prepositional phrase group opens and closes."""


def _code(raw: str | None) -> tuple[str | None, str | None]:
    """``'042:043'`` -> ('042', '043'); ``'---'`` -> (None, None)."""
    if raw is None:
        return None, None
    forward, _, reverse = raw.strip().partition(":")
    forward, reverse = forward.strip(), reverse.strip()
    return (None if forward in _NULL else forward), (None if reverse in _NULL else reverse)


def _phrase(text: str) -> Phrase:
    return tuple(word for word in re.split(r"[\s_]+", text.strip().upper()) if word)


def plurals(word: str) -> list[str]:
    """Regular plural of a noun as PETRARCH forms it."""
    return [regular_plural(word)]


def inflections(verb: str) -> list[str]:
    """Regular forms of an English verb: base, third person, past, gerund."""
    if verb.endswith("E"):
        return [verb, verb + "S", verb + "D", verb[:-1] + "ING"]
    if verb.endswith("Y") and len(verb) > 1 and verb[-2] not in "AEIOU":
        return [verb, verb[:-1] + "IES", verb[:-1] + "IED", verb + "ING"]
    if verb.endswith(("SS", "SH", "CH", "X", "Z")):
        return [verb, verb + "ES", verb + "ED", verb + "ING"]
    return [verb, verb + "S", verb + "ED", verb + "ING"]


def _lines(text: str) -> Iterator[str]:
    in_comment = False
    for raw in text.splitlines():
        line = raw
        if in_comment:
            if "-->" not in line:
                continue
            line = line.split("-->", 1)[1]
            in_comment = False
        if "<!--" in line and "-->" not in line.split("<!--", 1)[1]:
            line = line.split("<!--", 1)[0]
            in_comment = True
        if line.startswith("---"):
            yield line.rstrip()  # block headers end with '---': no comment stripping
            continue
        stripped = _COMMENT.sub("", line).rstrip()
        if stripped or not line.strip():
            # A line holding only a comment is no blank line: a synset goes on after one
            # ("&CURRENCY", then "# some of these ...", then "+MONEY"), where a blank line ends it.
            yield stripped


def _element_phrases(token: str, synsets: dict[str, frozenset[Phrase]]) -> frozenset[Phrase] | None:
    if token.startswith("&"):
        return synsets.get(token)
    return frozenset({_phrase(token)})


def _parse_side(text: str, synsets: dict[str, frozenset[Phrase]]) -> tuple[Element, ...] | None:
    """Elements of one side of a pattern; None when it uses an unknown synset."""
    text = _BRACES.sub(lambda m: m.group(1).strip().replace(" ", "_"), text)
    elements: list[Element] = []
    depth = 0
    in_group = 0  # elements read so far in the open group
    for token in text.replace("(", " ( ").replace(")", " ) ").split():
        if token in _GROUP_MARKS:
            if _GROUP_MARKS[token] < 0 and in_group == 1:
                last = elements[-1]
                elements[-1] = Element.of(last.phrases, prepositional=True, particle=True)
            depth = max(0, depth + _GROUP_MARKS[token])
            in_group = 0
            continue
        if token in {"+", "$", "%", "^"} or token.startswith(("+", "$", "%", "^")):
            continue  # actor markers: the coder finds actors itself
        phrases = _element_phrases(token, synsets)
        if phrases is None:
            return None
        phrases = frozenset(phrase for phrase in phrases if phrase)
        if not phrases:
            continue  # punctuation-only token
        elements.append(Element.of(phrases, prepositional=depth > 0, inner=in_group > 0))
        in_group += depth > 0
    return tuple(elements)


def _parse_pattern(line: str, synsets: dict[str, frozenset[Phrase]]) -> Pattern | None:
    codes = _CODE.findall(line)
    body = _CODE.sub("", line)[1:].strip()
    if "*" not in body or not codes:
        return None
    before_text, _, after_text = body.partition("*")
    before = _parse_side(before_text, synsets)
    after = _parse_side(after_text, synsets)
    if before is None or after is None:
        return None
    code, reverse = _code(codes[-1])
    # A pattern coded [---] says that the verb in these words is no event ("admitted to
    # hospital", "called a cabinet meeting"): kept, with neither code, so that it can win.
    return Pattern.of(before, after, code, reverse)


def _verb_forms(line: str, block: VerbBlock) -> Iterable[tuple[str, VerbForm]]:
    """Each inflected form of the verb on ``line``, keyed by its first word."""
    codes = _CODE.findall(line)
    code = _code(codes[-1])[0] if codes else None
    silent = bool(codes) and code is None
    irregular = _BRACES.search(line)
    head = _BRACES.sub("", _CODE.sub("", line)).strip()
    multi = head.startswith("+")
    words = _phrase(head.lstrip("+"))
    if not words:
        return
    lemma = " ".join(words)
    forms: list[Phrase] = []
    listed: set[Phrase] = set()
    if multi:
        forms.append(words)
        if irregular:
            forms.extend(_phrase(f.lstrip("+")) for f in irregular.group(1).split() if f.strip("+"))
        else:
            forms.extend((inflected, *words[1:]) for inflected in inflections(words[0])[1:])
    else:
        forms.extend((form,) for form in inflections(words[0]))
        if irregular:
            listed = {(form,) for form in _phrase(irregular.group(1))}
            forms.extend(sorted(listed))
    for form in dict.fromkeys(forms):
        if form:
            yield (
                form[0],
                VerbForm(
                    block, lemma, code, tail=form[1:], silent=silent, irregular=form in listed
                ),
            )


def _synset_phrases(raw: str, plural: bool) -> list[Phrase]:
    """A synset member, with its regular plural unless it or its label ends in '_'."""
    phrase = _phrase(raw)
    if not phrase:
        return []
    if not plural or raw.endswith("_"):
        return [phrase]
    return [phrase, *((*phrase[:-1], form) for form in plurals(phrase[-1]))]


def _attach_patterns(
    pattern_lines: list[tuple[VerbBlock, str]],
    synsets: dict[str, set[Phrase]],
    blocks: list[VerbBlock],
) -> dict[str, frozenset[Phrase]]:
    """Parse the patterns once every synset is known (a pattern may precede its synset)."""
    frozen: dict[str, frozenset[Phrase]] = {}
    for label, phrases in synsets.items():
        frozen[label] = frozen[label + "_"] = frozenset(phrases)
    for owner, line in pattern_lines:
        pattern = _parse_pattern(line, frozen)
        if pattern is not None:
            owner.patterns.append(pattern)
    for block in blocks:
        block.index()
    return frozen


def parse_verb_dictionary(text: str) -> VerbDictionary:
    """Read a PETRARCH verb dictionary."""
    synsets: dict[str, set[Phrase]] = {}
    no_plural: set[str] = set()
    blocks: list[VerbBlock] = []
    forms: dict[str, list[VerbForm]] = {}
    current_synset: str | None = None
    block: VerbBlock | None = None
    pattern_lines: list[tuple[VerbBlock, str]] = []
    for line in _lines(text):
        stripped = line.strip()
        if not stripped:
            current_synset = None
            continue
        if stripped.startswith("&"):
            label = stripped.split()[0]
            current_synset = label.rstrip("_")
            synsets.setdefault(current_synset, set())
            if label.endswith("_"):
                no_plural.add(current_synset)
            continue
        if current_synset is not None and stripped.startswith("+"):
            plural = current_synset not in no_plural
            synsets[current_synset].update(_synset_phrases(stripped[1:].strip(), plural))
            continue
        if match := _BLOCK.match(stripped):
            block = VerbBlock(name=match.group(1), code=_code(match.group(2))[0])
            blocks.append(block)
            current_synset = None
            continue
        if block is None or stripped.startswith(("###", "---")):
            continue
        if stripped.startswith("-"):
            pattern_lines.append((block, stripped))
            continue
        for word, form in _verb_forms(stripped, block):
            forms.setdefault(word, []).append(form)
    frozen = _attach_patterns(pattern_lines, synsets, blocks)
    return VerbDictionary(synsets=frozen, blocks=blocks, forms=forms)


DICTIONARY_DIR = Path(__file__).resolve().parents[2] / "data" / "phoenix"


SUPPLEMENT = DICTIONARY_DIR.parent / "eventwire.verbs.txt"
"""eventwire's own additions, in the same format, read after the CAMEO dictionary."""


def load_verb_dictionary(
    path: Path = DICTIONARY_DIR / "CAMEO.2.0.txt", supplement: Path | None = SUPPLEMENT
) -> VerbDictionary:
    """The shipped CAMEO verb dictionary with eventwire's supplement, which is read first so
    that its readings of a word come before the CAMEO ones."""
    text = path.read_text(encoding="utf-8", errors="replace")
    if supplement is not None:
        text = supplement.read_text(encoding="utf-8") + "\n\n" + text
    return parse_verb_dictionary(text)
