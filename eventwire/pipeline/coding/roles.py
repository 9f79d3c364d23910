"""Who did what to whom: the source and the target of an action among the actors of its
sentence. There is no parser, so rules over words decide: the source is the nearest actor
before the verb within the verb's own clause, a country after a preposition is a place unless
it qualifies an agent ("officials in Mexico", not "an epidemic in Angola"), a reported-speech
verb after a quotation takes the actor after it ('..., said the Canadian Food Inspection
Agency'), 'he' or 'she' is the last person named, and the passive takes its source from 'by'.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from functools import cache
from typing import Final, NamedTuple

import pycountry

from eventwire.pipeline.coding.actions import (
    INCLUDE_FORMS,
    MODALS,
    PREPOSITIONS,
    Action,
    Words,
)
from eventwire.pipeline.dictionaries import AgentEntry, PhraseIndex
from eventwire.schemas.enrichment import ActorRef


class ActorMention(NamedTuple):
    """An actor at a place in the text (a named tuple: immutable, and an article makes many,
    which a frozen dataclass makes three times slower)."""

    start: int
    end: int
    ref: ActorRef
    bare_country: bool = False
    """A country named on its own ('in Kenya'), not an entity nor a country with its agent
    ('Kenyan police'): after a preposition it is usually where something happened."""
    entity_kind: str | None = None
    """'person', 'organisation' or 'group' for an entity of the enrichment."""


CLAUSE_OPENERS = frozenset(
    {
        "THAT",
        "WHICH",
        "WHO",
        "WHOM",
        "WHOSE",
        "WHERE",
        "WHEN",
        "WHILE",
        "WHEREAS",
        "IF",
        "WHETHER",
        "BECAUSE",
        "SINCE",
        "ALTHOUGH",
        "THOUGH",
        "AFTER",
        "BEFORE",
        "UNTIL",
        "AS",
        "BUT",
    }
)
"""Words that open a new clause: an actor before them is not the subject of a verb after."""

_CLAUSE_MARK = re.compile('[";:“”]')
"""Punctuation between words that ends a clause (quotations, semicolons; not brackets, which
mostly hold an acronym: 'the World Health Organization (WHO) said')."""
_CLAUSE_MARKS: Final = ('"', ";", ":", "“", "”")
"""The characters of :data:`_CLAUSE_MARK`."""

_PREPOSITIONS = PREPOSITIONS | frozenset(
    {
        "AROUND",
        "BY",
        "INSIDE",
        "NEAR",
        "OF",
        "OUTSIDE",
        "THROUGHOUT",
        "TO",
    }
)
_COORDINATORS = frozenset({"AND", "OR", "NOR"})
_LIST_WORDS = frozenset({"AND", "OR", "THE", "A", "AN", "BOTH", "OF", "ITS", "THEIR"})
"""Words that may stand between the actors of one list of subjects."""
_DETERMINERS = frozenset({"THE", "A", "AN", "BOTH", "ALL", "EITHER", "NEITHER"})
_PRONOUNS = frozenset({"HE", "SHE"})
_REPORTED_PRONOUNS = frozenset({"HE", "SHE", "THEY", "IT", "WE"})
"""Pronouns that, opening a reported clause ('X said that they ...'), stand for the speaker."""
_RELATIVES = frozenset({"WHO", "WHICH", "THAT"})
_RELATIVE_OPENERS = frozenset({"WHO", "WHOM", "WHOSE", "WHICH", "WHERE"})
"""Openers of a relative clause, which a comma may close before the main clause's verb."""
_PEOPLE = frozenset(
    {
        "OFFICIAL",
        "OFFICIALS",
        "SECRETARY",
        "DIRECTOR",
        "SPOKESWOMAN",
        "SPOKESPERSON",
        "REPRESENTATIVE",
        "REPRESENTATIVES",
        "AMBASSADOR",
        "ENVOY",
        "HEAD",
        "CHIEF",
        "LEADER",
        "LEADERS",
        "AGENCY",
        "DEPARTMENT",
        "COUNCIL",
        "COUNCILLORS",
        "EXPERTS",
        "DOCTORS",
        "RESEARCHERS",
        "PEOPLE",
        "RESIDENTS",
        "CITIZENS",
        "DELEGATION",
        "DELEGATES",
        "OFFICE",
        "BRANCH",
        "ORGANISATION",
        "ORGANIZATION",
        "MINISTRY",
        "GROUP",
        "SOURCE",
        "SOURCES",
    }
)
"""Nouns for people or bodies the Phoenix agent list lacks ('officials in Mexico')."""
_SUBJECT_GAP = MODALS | frozenset(
    {
        "ALSO",
        "HAS",
        "HAD",
        "HAVE",
        "IS",
        "WAS",
        "BE",
        "BEEN",
        "LATER",
        "THEN",
        "REPORTEDLY",
        "ALREADY",
        "EACH",
        "NOT",
        "NEVER",
        "EARLIER",
        "RECENTLY",
        "FURTHER",
    }
)
_OFFICIALS = frozenset(
    {
        "OFFICIAL",
        "OFFICIALS",
        "SECRETARY",
        "SPOKESWOMAN",
        "SPOKESPERSON",
        "AMBASSADOR",
        "ENVOY",
        "REPRESENTATIVE",
        "REPRESENTATIVES",
        "DELEGATION",
        "DEPARTMENT",
        "COUNCILLORS",
        "VET",
        "VETS",
        "VETERINARIAN",
        "VETERINARIANS",
    }
)
"""State people and bodies the Phoenix agent list lacks, read as the government ('~GOV'):
officials at every level, veterinary services too ('the regional vet': the guideline's rule
11)."""
_SERVICES = frozenset({"VETERINARY"})
"""Words that make the noun after them a state service's ('the veterinary physician', 'the
district veterinary officer')."""
_STATE_AGENTS = ("~GOV", "~MIL", "~COP", "~JUD", "~LEG")
_NAME_LINKS = frozenset({"OF", "FOR"})
"""Lower-case words inside the name of a body or an office ('Ministry of Health')."""
_NAME_REACH = 4
"""How many capitalised words of a name may stand between a title and the verb."""
_SPEECH_ROOT = "01"
_INTERNATIONAL = ("IGO", "NGO")
"""Statements: their verbs take a reported clause, and put the speaker after a quotation."""
_ATTRIBUTIONS = frozenset({"ACCORDING TO"})
"""Verbs whose speaker always follows them, whatever actor stands before ('an outbreak in Haiti
has killed 200, according to the CDC')."""
_APPEAL_ROOT = "02"
_INVERSION_REACH = 14
"""Words after an inverted 'said' within which its speaker may stand."""
_OBJECT_REACH = 8
"""Words after the verb within which its object may stand."""
_BY_REACH = 3
"""Words after a passive verb within which 'by' may stand ('was endorsed on Sunday by')."""


def _breaks(words: Words) -> frozenset[int]:
    """The words before which clause-ending punctuation stands."""
    if not words.text:
        return frozenset()
    stretch = words.text[words.start : words.end]
    if all(mark not in stretch for mark in _CLAUSE_MARKS):
        # Most sentences hold none (97 of the 132 made for the 20 generated articles of
        # bench/coding_instructions.py): five ``in`` tests cost less than the regex's search.
        return frozenset()
    spans = words.spans
    return frozenset(
        bisect_left(spans, (mark.start(), -1))
        for mark in _CLAUSE_MARK.finditer(words.text, words.start, words.end)
    )


class Sentence:
    """One sentence being coded: its words and the actors named in it.

    A plain class, not a dataclass: mypyc compiles its ``__init__``, where a dataclass's is
    made by the decorator and interpreted. Nothing changes it once made but :attr:`carried`."""

    words: Words
    actors: Sequence[ActorMention]
    agents: PhraseIndex[AgentEntry]
    named: Sequence[ActorMention]
    """Every entity with an actor code in the article, by position (for 'he', 'she', 'it')."""
    named_starts: Sequence[int]
    home: str | None
    """The article's country (ISO alpha-3), for officials it does not name a country for."""
    verbs: Sequence[int]
    """The first words of the sentence's actions."""
    capitals: Sequence[ActorMention]
    """The capitals named in the sentence, as their states: read only in what a statement
    states (the guideline's rule 10), by :func:`_first_state`."""
    previous: Sequence[ActorMention]
    """The actors named in the sentence before, for a subject that refers back to one ('the
    clerics': the guideline's rule 3; :func:`_antecedent`)."""
    carried: set[int]
    """The first words of the actions whose source came from the sentence before."""
    breaks: frozenset[int]
    """The words before which clause-ending punctuation stands (every action's clause is
    looked for, so found when the sentence is made)."""
    includes: bool
    """Whether a form of 'include' stands in the sentence (:func:`_included_members`)."""
    spans: list[tuple[int, int]]
    """The words' character spans (:attr:`Words.spans`, which :func:`_breaks` works out for
    every sentence): kept here as a plain attribute, since the role rules read them a dozen
    times per action and :attr:`Words.spans` is a property, a call each time."""

    def __init__(  # noqa: PLR0917  # the dataclass's positional fields, as coder.py passes them
        self,
        words: Words,
        actors: Sequence[ActorMention],
        agents: PhraseIndex[AgentEntry],
        named: Sequence[ActorMention],
        named_starts: Sequence[int],
        home: str | None = None,
        verbs: Sequence[int] = (),
        capitals: Sequence[ActorMention] = (),
        previous: Sequence[ActorMention] = (),
        carried: set[int] | None = None,
    ) -> None:
        self.words, self.actors, self.agents = words, actors, agents
        self.named, self.named_starts, self.home = named, named_starts, home
        self.verbs, self.capitals, self.previous = verbs, capitals, previous
        self.carried = set() if carried is None else carried
        self.spans = words.spans
        self.breaks = _breaks(words)
        self.includes = not INCLUDE_FORMS.isdisjoint(words.upper)

    def token_at(self, char: int) -> int:
        """The index of the first word starting at or after character ``char``."""
        return bisect_left(self.spans, (char, -1))

    def opens_clause(self, at: int, openers: frozenset[str] = CLAUSE_OPENERS) -> bool:
        """Whether word ``at`` opens a clause: 'who' does, 'WHO' (the World Health
        Organization) does not."""
        return self.words.upper[at] in openers and not self.words.acronym(at)

    def breaks_before(self, at: int) -> bool:
        """Whether clause-ending punctuation stands between word ``at - 1`` and word ``at``."""
        return at in self.breaks

    def clause_start(
        self, verb: int, earlier: Sequence[Action]
    ) -> tuple[int, list[tuple[int, int]]]:
        """The first word of the verb's clause: after the nearest clause opener, clause-ending
        punctuation or reporting verb ('said ...') before it; and the character spans of the
        relative clauses inside it that a comma closes before the verb ('Health officials
        from Mexico, the country where the virus is suspected to have originated, have
        confirmed': the officials confirmed), whose actors are not the verb's subject."""
        reported = (
            {a.verb_end for a in earlier if a.code.startswith(_SPEECH_ROOT)} if earlier else ()
        )
        skipped: list[tuple[int, int]] = []
        at, breaks = verb, self.breaks
        # (:meth:`opens_clause` made inline: this walk runs over every word before each verb)
        upper, acronym = self.words.upper, self.words.acronym
        while at > 0:
            if at in breaks or at in reported:
                return at, skipped
            if upper[at - 1] in CLAUSE_OPENERS and not acronym(at - 1):
                closed = self._closed_relative(at - 1, verb)
                if closed is None:
                    return at, skipped
                spans = self.spans
                skipped.append((spans[at - 1][0], spans[closed][0]))
            at -= 1
        return 0, skipped

    def _closed_relative(self, opener: int, verb: int) -> int | None:
        """The word after the comma that closes the relative clause opened at ``opener``,
        when one does before ``verb`` and a comma opened it ('X, which ..., said')."""
        if self.words.upper[opener] not in _RELATIVE_OPENERS:
            return None
        words = self.words
        opened = any("," in words.gap(at) for at in range(max(1, opener - 3), opener + 1))
        if not opened:
            return None
        return next(
            (at for at in range(verb, opener + 1, -1) if "," in words.gap(at)),
            None,
        )

    def may_be_subject(self, mention: ActorMention) -> bool:
        """An actor after a preposition qualifies the noun before it, so it is the subject only
        when that noun is an agent or a name ('officials in Mexico', 'president of France',
        'Tsitsi Singizi of UNICEF'), not otherwise ('an epidemic in Angola', 'hundreds of
        Libyan children'), nor after 'to' ('the country's ambassador to the UN': where the
        agent is sent); 'by' introduces the doer."""
        words = self.words.upper
        at = self.token_at(mention.start) - 1
        while at >= 0 and words[at] in _DETERMINERS:
            at -= 1
        if at >= 0 and words[at] in _COORDINATORS and _clause_of_its_own(self, mention, at):
            return True
        if at >= 0:
            # 'viruses in the United States and Canada', 'in Malaysia, Myanmar': a listed actor
            # stands where the first of the list does, after the same preposition
            # (not across a quotation mark: '"... to Mexico," Canada said')
            listed = at - 1 if words[at] in _COORDINATORS else at
            first = (
                self._actor_ending_at(self.spans[listed][1])
                if listed >= 0 and not self.breaks_before(listed + 1)
                else None
            )
            if first is not None and first.start < mention.start:
                return self.may_be_subject(first)
        if at < 0 or words[at] not in _PREPOSITIONS or words[at] == "BY":
            return True
        if words[at] == "TO":
            return False
        head = at - 1
        return head >= 0 and (
            words[head] in _PEOPLE
            or self.agents.match_at(words, head) is not None
            or (not mention.bare_country and self.words.capitalised(head))
        )

    def _actor_ending_at(self, end: int) -> ActorMention | None:
        return next((m for m in self.actors if m.end == end), None)

    def last_named(self, before: int, kind: str) -> ActorRef | None:
        """The last entity of ``kind`` named before character ``before`` in the article."""
        for at in range(bisect_left(self.named_starts, before) - 1, -1, -1):
            if self.named[at].entity_kind == kind:
                return self.named[at].ref
        return None


def _clause_of_its_own(sentence: Sentence, mention: ActorMention, before: int) -> bool:
    """Whether ``mention``, after ', and' (word ``before`` is the coordinator, a comma before
    it), is the subject of a verb of its own right after it: a coordinated clause ('Israel has
    a blockade on Gaza, and Egypt restricts movement'), not the next of a list of objects
    ('in Gaza, and Egypt' with no verb after), whose first may be no subject."""
    return (
        sentence.words.upper[before] in _COORDINATORS
        and _comma_before(sentence, before)
        and _opens(sentence, mention)
    )


def _pronoun_subject(sentence: Sentence, verb: int, clause: int) -> str | None:
    """'he said', 'he also said', 'they would visit': the pronoun that is the subject."""
    words = sentence.words.upper
    at = verb - 1
    while at >= clause and words[at] in _SUBJECT_GAP:
        at -= 1
    return words[at] if at >= clause and words[at] in _REPORTED_PRONOUNS else None


def _implicit_subject(
    sentence: Sentence,
    action: Action,
    clause: int,
    earlier: Sequence[tuple[Action, ActorRef | None]],
) -> ActorRef | None:
    """The subject of a clause that names no actor: a pronoun opening a reported clause is the
    speaker ('X said that they ...'), and so is 'the country' when the speaker is a state's;
    'he' or 'she' is the last person named; a relative pronoun the actor just before it ('a
    ceasefire in Syria, which was endorsed') or the one it is one of ('the UK is one of several
    countries that'); and a verb joined by 'and' to an earlier one shares its subject."""
    words, spans = sentence.words.upper, sentence.spans
    pronoun = _pronoun_subject(sentence, action.verb, clause)
    if pronoun is not None:
        return _referent(sentence, action, pronoun, clause, earlier)
    if _the_country(words, action.verb, clause):
        speaker = _reporter(words, clause, earlier)
        state = speaker is not None and speaker[1] is not None and _is_country(speaker[1].code[:3])
        return speaker[1] if speaker is not None and state else None
    if clause >= 2 and sentence.opens_clause(clause - 1, _RELATIVES):
        antecedent_end = spans[clause - 2][1]
        antecedent = next((m.ref for m in sentence.actors if m.end == antecedent_end), None)
        return antecedent or _one_of(sentence, clause - 1)
    return _shared_subject(sentence, action, clause, earlier)


def _reporter(
    words: Sequence[str], clause: int, earlier: Sequence[tuple[Action, ActorRef | None]]
) -> tuple[Action, ActorRef | None] | None:
    """The statement whose reported clause begins at ``clause`` ('X said (that) ...'), with its
    speaker."""
    opened = clause - 1 if clause > 0 and words[clause - 1] == "THAT" else clause
    return next(
        (
            (previous, source)
            for previous, source in reversed(earlier)
            if previous.code.startswith(_SPEECH_ROOT) and previous.verb_end == opened
        ),
        None,
    )


def _referent(
    sentence: Sentence,
    action: Action,
    pronoun: str,
    clause: int,
    earlier: Sequence[tuple[Action, ActorRef | None]],
) -> ActorRef | None:
    """Whom a pronoun subject stands for: the speaker when it opens a reported clause, else
    'he' or 'she' the last person named, and 'it' saying something the last organisation."""
    speaker = _reporter(sentence.words.upper, clause, earlier)
    if speaker is not None:
        return speaker[1]
    verb_start = sentence.spans[action.verb][0]
    if pronoun in _PRONOUNS:
        return sentence.last_named(verb_start, "person")
    if pronoun == "IT" and action.code.startswith(_SPEECH_ROOT):
        # '"...," it said': an organisation speaks
        return sentence.last_named(verb_start, "organisation")
    return None


def _the_government_before(sentence: Sentence, verb: int, last: ActorMention) -> bool:
    """Whether 'the government', with no country, is the verb's subject right before it
    (auxiliaries apart), after the last actor named before the verb ('A UN report has
    suggested the government is expanding its arms stockpile, allegations the government
    denies'): the government denies, not the UN; :func:`_unnamed_official` reads it as the
    article's country's."""
    words = sentence.words.upper
    at = verb - 1
    while at > 0 and words[at] in _SUBJECT_GAP:
        at -= 1
    return (
        at > 0
        and words[at] == "GOVERNMENT"
        and words[at - 1] == "THE"
        and last.end <= sentence.spans[at - 1][0]
    )


_CONTRASTING = frozenset({"BUT"})
"""Words that join a second predicate to a first, set against it ('confirmed that the food was
held but denied any plans to burn it')."""


def _coordinated_subject(
    sentence: Sentence,
    action: Action,
    clause: int,
    earlier: Sequence[tuple[Action, ActorRef | None]],
) -> ActorRef | None:
    """The subject of a verb right after 'but' with no subject of its own ('The ministry
    confirmed that the food was being held but denied any plans to burn it'): a second
    predicate of the sentence's first subject, the source of its first action that has one.
    (Not a speaker after the verb, as for '"...," said the WHO': 'but denied any plans to
    burn the rations donated by Britain' is no statement of Britain's.)"""
    words = sentence.words.upper
    at = action.verb - 1
    while at >= clause and words[at] in _SUBJECT_GAP:
        at -= 1
    if at < 0 or at != clause - 1 or words[at] not in _CONTRASTING:
        return None
    if not action.code.startswith(_SPEECH_ROOT):
        return None
    return next((source for _, source in earlier if source is not None), None)


def _the_country(words: Sequence[str], verb: int, clause: int) -> bool:
    """Whether 'the country' opens the verb's clause as its subject ('said that the country
    would pledge'): in a reported clause it is the speaker's state, as 'it' would be (though
    it names no state as what a statement is about, the guideline's rule 10)."""
    if words[clause] != "THE" or clause + 1 >= verb or words[clause + 1] != "COUNTRY":
        return False
    return all(word in _SUBJECT_GAP for word in words[clause + 2 : verb])


_ONE_OF_REACH = 4
"""Words between 'one of' and a relative pronoun ('one of several countries that')."""
_LINKING = frozenset({"IS", "WAS", "ARE", "WERE", "BECAME", "REMAINS", "BE", "BEING"})


def _one_of(sentence: Sentence, relative: int) -> ActorRef | None:
    """The actor that is 'one of' the group a relative clause describes ('The UK is one of
    several countries that have pledged ...': the UK pledged), named right before the linking
    verb."""
    words, spans = sentence.words.upper, sentence.spans
    for at in range(relative - 2, max(0, relative - 2 - _ONE_OF_REACH), -1):
        if words[at] == "ONE" and words[at + 1] == "OF":
            link = at - 1
            while link > 0 and words[link] in _SUBJECT_GAP - _LINKING:
                link -= 1  # 'is also one of'
            if link < 1 or words[link] not in _LINKING:
                return None
            end = spans[link - 1][1]
            return next((m.ref for m in sentence.actors if m.end == end), None)
    return None


def _shared_subject(
    sentence: Sentence,
    action: Action,
    clause: int,
    earlier: Sequence[tuple[Action, ActorRef | None]],
) -> ActorRef | None:
    """The subject of a verb joined by 'and' to an earlier one of its clause, which names no
    subject of its own ('it will purchase antivirals, and export 400,000 of them to Mexico'):
    the earlier verb's."""
    words = sentence.words.upper
    at = action.verb - 1
    while at > clause and words[at] in _SUBJECT_GAP:
        at -= 1
    if at <= clause or words[at] != "AND":
        return None
    return next(
        (
            source
            for previous, source in reversed(earlier)
            if clause <= previous.verb < at and not previous.passive
        ),
        None,
    )


def _antecedent(sentence: Sentence, action: Action, agent: str) -> ActorRef | None:
    """The state's agent with code ``agent`` ('~REL') that a definite agent noun stands for:
    the only one the sentence before names (none when it names none, or two of different
    states), for the guideline's rule 3 ('Nigerian clerics called for a boycott. The clerics
    called the vaccine a plot'). The action is marked as carried (:attr:`Sentence.carried`)."""
    suffix = agent.lstrip("~")
    found = {
        m.ref.code: m.ref
        for m in sentence.previous
        if m.entity_kind is None and m.ref.code.endswith(suffix) and _is_country(m.ref.code[:3])
    }
    if len(found) != 1:
        return None
    sentence.carried.add(action.verb)
    return next(iter(found.values()))


def _definite_subject(sentence: Sentence, action: Action, clause: int) -> ActorRef | None:
    """'The clerics called': a definite agent noun with no country, the subject of the verb,
    stands for the actor with that agent the sentence before names (:func:`_antecedent`)."""
    if not sentence.previous:
        return None
    words = sentence.words.upper
    at = action.verb - 1
    while at > clause and words[at] in _SUBJECT_GAP:
        at -= 1
    if at <= clause or words[at - 1] != "THE":
        return None
    found = sentence.agents.match_at(words, at)
    if found is None or found[0] != 1:
        return None
    return _antecedent(sentence, action, found[1][0].code)


def _unnamed_official(sentence: Sentence, end: int, clause: int) -> ActorRef | None:
    """'Health officials have said', 'the government banned', 'Minister Beth Mugo reported':
    a state agent with no country named, read as the article's country's."""
    if sentence.home is None:
        return None
    words, written = sentence.words.upper, sentence.words.written
    at = end - 1
    while at >= clause and words[at] in _SUBJECT_GAP:
        at -= 1
    names = 0
    while at > clause and written[at][:1].isupper() and names < _NAME_REACH:
        if words[at] in _OFFICIALS or sentence.agents.match_at(words, at) is not None:
            break
        at -= 1
        names += 1
        if at > clause and words[at] in _NAME_LINKS and written[at - 1][:1].isupper():
            at -= 1  # 'the Ministry of Defence', 'Minister for Agriculture, Peter McGauran'
    if at < clause:
        return None
    home = _local_country(sentence, at) or sentence.home
    if words[at] in _OFFICIALS or (at > clause and words[at - 1] in _SERVICES):
        return ActorRef(code=home + "GOV", name=sentence.words.written[at])
    # the agent may be a phrase ending here ('foreign minister'): try the two words before;
    # or one beginning here that the walk over a name stopped at ('Ministry of Defence')
    for first, ends_here in ((at - 1, True), (at, True), (at, names == 0)):
        found = sentence.agents.match_at(words, first) if first >= clause else None
        if found is not None and (first + found[0] - 1 == at or not ends_here):
            agent = found[1][0]
            if agent.code.startswith(_STATE_AGENTS):
                return ActorRef(code=home + agent.code.lstrip("~"), name=agent.phrase)
    return None


_LOCAL_REACH = 3
"""Words before an agent noun within which 'local' may qualify it ('local health officials')."""


def _local_country(sentence: Sentence, agent: int) -> str | None:
    """The country named last before a 'local' agent in its sentence ('Almost four hundred
    cases in the South American country of Chile have been reported, local health officials
    say': Chile's), which 'local' refers to rather than the article's country."""
    words = sentence.words.upper
    if "LOCAL" not in words[max(0, agent - _LOCAL_REACH) : agent]:
        return None
    start = sentence.spans[agent][0]
    return next(
        (m.ref.code for m in reversed(sentence.actors) if m.bare_country and m.end <= start),
        None,
    )


def _official_after(sentence: Sentence, start: int) -> ActorRef | None:
    """A state agent among the few words from ``start`` ('by the government', 'by the
    country's Health Minister'), read as the article's country's."""
    words = sentence.words.upper
    for end in range(start + 1, min(start + _NAME_REACH + 2, len(words)) + 1):
        found = _unnamed_official(sentence, end, start)
        if found is not None:
            return found
        if sentence.opens_clause(end - 1):
            return None
    return None


def _after(sentence: Sentence, start: int, reach: int) -> ActorMention | None:
    """The first actor in the ``reach`` words from word ``start``, unless a clause opens first
    ("said that the US ..." names what was said, not whom it was said to)."""
    words = sentence.words
    stop = min(len(words), start + reach)
    # (:meth:`Sentence.opens_clause` and :meth:`Sentence.breaks_before` made inline)
    upper, breaks = words.upper, sentence.breaks
    for at in range(start, stop):
        if (upper[at] in CLAUSE_OPENERS and not words.acronym(at)) or at in breaks:
            stop = at
            break
    if stop <= start:
        return None
    begin, limit = sentence.spans[start][0], sentence.spans[stop - 1][1]
    return next((m for m in sentence.actors if begin <= m.start < limit), None)


def _where(sentence: Sentence, start: int) -> ActorRef | None:
    """A country named right after 'in' following word ``start`` ('killed in Syria')."""
    words = sentence.words.upper
    at = start
    while at < len(words) and at < start + 2 and words[at] != "IN":
        at += 1
    if at >= len(words) or words[at] != "IN":
        return None
    found = _after(sentence, at + 1, 3)
    return found.ref if found is not None and found.bare_country else None


_GATHERINGS = frozenset(
    {"HELD", "HOSTED", "CONVENED", "CONFERENCE", "MEETING", "SUMMIT", "TALKS", "EVENTS"}
)
"""Words that say a gathering takes place ('events are being held in border areas of')."""
_GATHERING_REACH = 6
"""Words before a country within which a gathering and 'in' may place it there."""


def _gathered_in(sentence: Sentence, mention: ActorMention) -> bool:
    """Whether ``mention`` says where a gathering is held ('special regional events are being
    held in border areas of Nicaragua', 'a conference in Kenya'): the place of what is done,
    not what a statement is about."""
    words = sentence.words.upper
    at = sentence.token_at(mention.start)
    window = words[max(0, at - _GATHERING_REACH) : at]
    if "IN" not in window:
        return False
    last_in = len(window) - 1 - window[::-1].index("IN")
    return not _GATHERINGS.isdisjoint(window[:last_in])


def _named_state(mention: ActorMention) -> bool:
    """Whether ``mention`` names a state or an IGO as the guideline's rule 10 counts them: by
    its name or adjective, on its own or with an agent noun ('the Turkish government'), or a
    body of it ('the FDA'), or an international organisation; not a person, who is no state
    named (a president's name names a man), nor a non-governmental body."""
    if mention.entity_kind == "person":
        return False
    code = mention.ref.code
    return code.startswith("IGO") or _is_country(code[:3])


def _about(
    sentence: Sentence, action: Action, source: ActorRef, inverted: bool = False
) -> ActorRef | None:
    """The state or IGO a statement is about (the guideline's rule 10): the first its stated
    content names, after the verb ('the WHO reported that polio had been eradicated in Egypt
    and Niger'; 'the Chinese health minister said that the disease would spread to mainland
    China', the speaker's own country included) or, inverted, before it ('an outbreak in
    Zimbabwe has killed 500, according to the WHO'), by its name, its adjective ('Angolan
    refugees'), its government or a body of it. 'The country', 'its' or 'our country' name no
    state, even where they refer to one (the guideline's rule 10 as the second pass decided
    it). A state named only in the speaker's description is not in the content (it stands
    before the verb, or after an inverted one), nor is a person.
    A country that says where a gathering is held is no topic ('events are being held in
    border areas of Nicaragua'), nor is any country after it."""
    spans = sentence.spans
    verb_start, verb_end = spans[action.verb][0], spans[action.verb_end - 1][1]
    if inverted:
        found = _first_state(sentence, source, spans[0][0], verb_start)
    else:
        found = _first_state(sentence, source, verb_end, _content_end(sentence, action.verb_end))
        if found is None:
            quoted = _quotation_before(sentence, verb_start)
            if quoted is not None:
                found = _first_state(sentence, source, *quoted)
    if found is not None:
        return None if _gathered_in(sentence, found) else found.ref
    return None


def _first_state(sentence: Sentence, source: ActorRef, start: int, end: int) -> ActorMention | None:
    """The first state or IGO (:func:`_named_state`, a capital included) named within the
    characters ``start``-``end``, other than ``source`` unless it is a state (which may
    speak of itself, 'Japan said Japan would test')."""
    itself = not _is_country(source.code)
    mentions = sentence.actors
    if sentence.capitals:
        mentions = sorted([*mentions, *sentence.capitals], key=lambda m: m.start)
    return next(
        (
            m
            for m in mentions
            if start <= m.start
            and m.end <= end
            and not (itself and m.ref.code == source.code)
            and _named_state(m)
        ),
        None,
    )


_QUOTE_OPENS = '"“'
_QUOTE_CLOSES = '"”'


def _quotation_before(sentence: Sentence, verb_start: int) -> tuple[int, int] | None:
    """The characters of the quotation that a speaker and the verb follow ('"... no
    extensive spread in Australia," Roxon said'): what the speaker states."""
    text, begin = sentence.words.text, sentence.words.start
    close = max(text.rfind(mark, begin, verb_start) for mark in _QUOTE_CLOSES)
    if close < begin or text[close - 1] not in ",.?!":
        return None
    opened = max(text.rfind(mark, begin, close) for mark in _QUOTE_OPENS)
    return None if opened < begin else (opened + 1, close)


_CONTENT_ENDS = frozenset({"WHILE", "WHEREAS", "BUT"})
"""Words that open a clause set against a statement, not part of what it states ('Egypt
reported its first case, while Lebanon reported three'; 'confirmed that ... but denied')."""


def _content_end(sentence: Sentence, after: int) -> int:
    """The character where the content of a statement whose content begins at word ``after``
    ends: at a clause set against it (:data:`_CONTENT_ENDS`), else at the sentence's end."""
    words = sentence.words.upper
    if _CONTENT_ENDS.isdisjoint(words[after:]):
        return sentence.spans[-1][1]
    at = next(at for at in range(after, len(words)) if words[at] in _CONTENT_ENDS)
    return sentence.spans[at][0]


@cache
def _is_country(code: str) -> bool:
    return pycountry.countries.get(alpha_3=code) is not None


@cache
def alpha3(alpha2: str) -> str | None:
    """The ISO alpha-3 code of the country of ISO alpha-2 code ``alpha2``, if there is one."""
    country = pycountry.countries.get(alpha_2=alpha2)
    return None if country is None else str(country.alpha_3)


_TRAVEL = frozenset({"TRAVEL", "TRAVELS", "TRAVELLING", "TRAVELING", "TRIP", "TRIPS"})
_DIRECTIONS = frozenset({"TO", "FROM"})
_ADVICE_ROOTS = (_SPEECH_ROOT, _APPEAL_ROOT, "160")
"""Statements, appeals and travel warnings (160, :func:`actions.travel_warnings`): their target
may be where the travel they are about goes (:func:`_destination`)."""


def _foreign_at(sentence: Sentence, at: int, source: ActorRef) -> ActorRef | None:
    """The country named on its own at word ``at`` (or right after 'the'), unless it is the
    source's own; a city or region names none ('not to travel to Victoria': the guideline's
    rule 10, a city or region alone makes no target)."""
    found = _after(sentence, at, 2)
    if found is None or not found.bare_country:
        return None
    return found.ref if found.ref.code[:3] != source.code[:3] else None


def _destination(sentence: Sentence, action: Action, source: ActorRef) -> ActorRef | None:
    """The foreign country a warning or an appeal about travel names as where to or from
    ('Japan has urged its residents not to travel to Kenya'; 'issued alerts to their
    citizens, warning of travel to and from DRC'), within the verb's clause."""
    words = sentence.words.upper
    if _TRAVEL.isdisjoint(words[action.verb_end :]):
        return None
    for at in range(action.verb_end, len(words) - 2):
        if sentence.opens_clause(at) or sentence.breaks_before(at):
            return None
        if words[at] in _TRAVEL and words[at + 1] in _DIRECTIONS:
            place = at + 2
            if words[place] in _COORDINATORS and words[place + 1 : place + 2] in (["TO"], ["FROM"]):
                place += 2  # 'travel to and from DRC'
            return _foreign_at(sentence, place, source) if place < len(words) else None
    return None


_AID_ROOT = "07"
_AID_PURPOSES = frozenset({"ASSIST", "HELP", "SUPPORT", "AID"})
_MEETING_ROOTS = ("03", "04")
_PURPOSE_REACH = 4
"""Words after 'to help', 'with' within which the actor helped or met stands ('to help the
people of Haiti')."""


def _beyond_reach(
    sentence: Sentence, action: Action, source: ActorRef, lead: str, heads: frozenset[str]
) -> ActorRef | None:
    """The actor after ``lead`` (and then a word of ``heads``, when given) later in the verb's
    clause, past the words where its object stands."""
    words = sentence.words.upper
    if lead not in words:
        return None
    step = 2 if heads else 1
    for at in range(action.verb_end, len(words) - step):
        if sentence.opens_clause(at) or sentence.breaks_before(at):
            return None
        if words[at] == lead and (not heads or words[at + 1] in heads):
            found = _after(sentence, at + step, _PURPOSE_REACH)
            if found is None or _own_place(action, source, found):
                return None
            return found.ref
    return None


_COUNTRY_NOUNS = frozenset({"COUNTRY", "NATION"})
_TO_THE_REACH = 6
"""Words after the verb within which 'to the country' stands ('providing aid to the
country')."""


def _to_the_country(sentence: Sentence, action: Action, source: ActorRef) -> ActorRef | None:
    """The article's country as the recipient of aid given 'to the country' or 'to the
    nation' (the bench's gold: 'agencies providing aid to the country' is aid to Zimbabwe,
    the country the article is about), within the verb's clause, unless it is the source's
    own. A statement's 'the country' names no state (rule 10); aid has a recipient."""
    home = sentence.home
    if home is None or home == source.code[:3]:
        return None
    words = sentence.words.upper
    for at in range(action.verb_end, min(len(words) - 2, action.verb_end + _TO_THE_REACH)):
        if sentence.opens_clause(at) or sentence.breaks_before(at):
            return None
        if words[at] == "TO" and words[at + 1] == "THE" and words[at + 2] in _COUNTRY_NOUNS:
            return ActorRef(code=home, name=sentence.words.written[at + 2])
    return None


def _one_state_outside(sentence: Sentence, action: Action, source: ActorRef) -> ActorRef | None:
    """The one state the sentence names before the clause of aid that names no recipient,
    other than the source's ('..., Resident Coordinator for Pakistan, said key roads have been
    reopened, as 30 countries including Australia, France and Japan provide assistance': aid to
    Pakistan); none when it names none, or two ('the UN has sent doctors' alone says not to
    whom)."""
    clause, _ = sentence.clause_start(action.verb, ())
    if clause == 0:
        return None
    before = sentence.spans[clause][0]
    states = {
        m.ref.code[:3]: m.ref
        for m in sentence.actors
        if m.end <= before and _is_country(m.ref.code[:3]) and m.ref.code[:3] != source.code[:3]
    }
    return next(iter(states.values())) if len(states) == 1 else None


_INTENTION_ROOT = "03"
_GIVEN_REACH = 2
"""Words after 'to' within which the actor given to stands ('to the WHO')."""


def _given_to(sentence: Sentence, action: Action, source: ActorRef) -> ActorRef | None:
    """The actor an intention is to give to, after a 'to' later in the verb's clause, past its
    object ('would pledge up to one tenth of its doses to the World Health Organisation'):
    each 'to' is tried, not only the first ('up to', 'to send'), and none past a clause
    opener, clause-ending punctuation or the verb of another action."""
    words = sentence.words.upper
    for at in range(action.verb_end, len(words) - 1):
        if sentence.opens_clause(at) or sentence.breaks_before(at) or at in sentence.verbs:
            return None  # (another action's verb: its own predicate, 'and export ... to')
        if words[at] == "TO":
            found = _after(sentence, at + 1, _GIVEN_REACH)
            if found is not None and not _own_place(action, source, found):
                return found.ref
    return None


def _recipient(sentence: Sentence, action: Action, source: ActorRef) -> ActorRef | None:
    """Who aid (07) or an intention (03) is given to, and who an intention or a meeting (03,
    04) is with, when no actor stands where the verb's object does: the object of a purpose
    infinitive of help ('providing €9 million (US$11.4 million) in funds to assist
    Zimbabwe'), the actor after a 'to' past the object (:func:`_given_to`), and a 'with'
    later in the clause ('are promising to take her case up on several issues with the
    Indonesian Attorney-General')."""
    if action.code.startswith(_AID_ROOT):
        return (
            _beyond_reach(sentence, action, source, "TO", _AID_PURPOSES)
            or _to_the_country(sentence, action, source)
            or _one_state_outside(sentence, action, source)
        )
    if action.code.startswith(_INTENTION_ROOT):
        given = _given_to(sentence, action, source)
        if given is not None:
            return given
    if action.code.startswith(_MEETING_ROOTS):
        return _beyond_reach(sentence, action, source, "WITH", frozenset())
    return None


_GOODS_CODES = frozenset({"163", "120", "191"})
"""Codes of an embargo, a rejection and a restriction of movement: a ban, a hold or a recall of
goods or travel (the verb supplement's BAN_GOODS_TRAVEL, RESTRICT_MOVEMENT, RECALL_GOODS and
HOLD_GOODS blocks)."""
_GOODS_VERBS = frozenset(
    {
        "BAN",
        "PROHIBIT",
        "BAR",
        "BLOCK",
        "SUSPEND",
        "HALT",
        "STOP",
        "RESTRICT",
        "CLOSE",
        "SHUT",
        "SEAL",
        "RECALL",
        "HOLD",
    }
)
_ORIGIN_WORDS = frozenset({"FROM", "TO", "IN", "BY", "INTO", "OF"})
"""Words before a state that say where goods come from or travel goes ('imported from China',
'pilgrimage to Saudi Arabia', 'made in China', 'donated by Britain')."""


def _goods_party(sentence: Sentence, action: Action, source: ActorRef) -> list[ActorMention]:
    """The state a ban, a hold or a recall of goods or travel is against (the guideline's rule
    15: 'a ban on goods or travel from or to a state is 163 with that state as target'; rule 1:
    'FDA recalled rations donated by Britain', against Britain): the first state named after
    'from', 'to', 'in', 'by' or 'of' where the goods are named, before a passive verb
    ('pilgrimage to Saudi Arabia was banned by Iran') or after an active one, past a relative
    clause on them ('hold products ... that have been imported from China'), with the states
    listed with it ('donations from Spain and Italy'); not the source's own country (where it
    acts: 'blocked imports from the packer to the United States')."""
    words = sentence.words
    if action.passive:
        clause, _ = sentence.clause_start(action.verb, ())
        start, end = words.spans[clause][0], words.spans[action.verb][0]
    else:
        start = words.spans[action.verb_end - 1][1]
        stop = next(
            (at for at in range(action.verb_end, len(words)) if sentence.breaks_before(at)),
            len(words),
        )
        end = words.spans[stop - 1][1]
    for m in sentence.actors:
        if not start <= m.start < end or not _is_country(m.ref.code[:3]):
            continue
        at = sentence.token_at(m.start) - 1
        if at >= 0 and words.upper[at] == "THE":
            at -= 1
        if m.ref.code[:3] == source.code[:3] or at < 0 or words.upper[at] not in _ORIGIN_WORDS:
            continue
        return [m, *_listed_after(sentence, m)]
    return []


def _comma_before(sentence: Sentence, at: int) -> bool:
    spans, text = sentence.spans, sentence.words.text
    return at > 0 and "," in text[spans[at - 1][1] : spans[at][0]]


def _subjects(sentence: Sentence, before: Sequence[ActorMention], verb: int) -> list[ActorMention]:
    """The subjects before the verb: the list's head (:func:`_list_head`) and the others
    listed with it, one event for each (the guideline's rule 13: 'the WHO and the government
    of Angola revealed', 'countries including Australia, France and Japan provide'), with
    'both' or 'each' as without ('Egypt, Bulgaria, and Nicaragua each reported'); none when
    'the government' (:func:`_the_government_before`), 'he' or 'she' stands between them and
    the verb: the verb's own subject, which the actors named before are not."""
    if _the_government_before(sentence, verb, before[-1]):
        return []  # 'allegations the government denies': not the UN named before
    if _pronoun_subject(sentence, verb, 0) in _PRONOUNS:
        return []  # 'at a press conference held by the ministry and the WHO, he noted'

    head = _list_head(sentence, before, verb)
    if head is before[-1]:
        return [head]
    listed: list[ActorMention] = []
    parties: set[str] = set()
    for m in before:
        if head.start <= m.start and (party := _party(m.ref.code)) not in parties:
            parties.add(party)  # 'the Health minister, X, and the president, Y': one state
            listed.append(m)
    return listed


def _party(code: str) -> str:
    """The state or organisation an actor code belongs to: 'HTIGOV' and 'HTI' are Haiti,
    'IGOUNOHLHWHO' the UN."""
    if code.startswith("IGO"):
        return code[:6]
    return code[:3] if _is_country(code[:3]) else code


_NAME_TAIL = re.compile(
    r"(?:\s+[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|for|and|on|de)(?=\s|\Z))*)?"
    r"(?:\s*\([A-Z][A-Z&]{1,7})?"
)
"""The rest of a body's name after its state's, and its acronym in brackets up to its last
letter ('... and the U.S. Centers for Disease Control and Prevention (CDC) have sent'): the
state's actor still stands right before the verb."""
_NAME_GAP = re.compile(r"\s+[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|of|for|and|on|de))*\s*\(")
"""The rest of a body's name between its state's actor and its acronym in brackets ('U.S.
Centers for Disease Control (CDC)'), both mentions of one state."""


def _list_head(sentence: Sentence, before: Sequence[ActorMention], verb: int) -> ActorMention:
    """The subject among the actors before the verb: the last, or, when it ends a list joined
    by 'and' that touches the verb ('Health officials in both the United States and Norway
    have confirmed'), the list's first, from which :func:`_subjects` reads the list one by
    one. A listed actor may be named with an agent noun and 'of' ('the WHO and the government
    of Angola revealed'). A comma alone may open an apposition ('Chen Zhu, the Chinese health
    minister, said'), so the list must end in 'and X'."""
    last = before[-1]
    if len(before) < 2:
        return last
    words, spans = sentence.words.upper, sentence.spans
    at = verb - 1
    while at >= 0 and words[at] in _SUBJECT_GAP:
        at -= 1
    if at < 0 or (
        spans[at][1] != last.end
        and not _NAME_TAIL.fullmatch(sentence.words.text, last.end, spans[at][1])
    ):
        return last
    head, later, tail = last, last, last
    for mention in reversed(before[:-1]):
        gap_start, gap_end = sentence.token_at(mention.end), sentence.token_at(later.start)
        if not _comma_before(sentence, gap_end) and (
            gap_start == gap_end
            or (
                _party(mention.ref.code) == _party(later.ref.code)
                and _NAME_GAP.fullmatch(sentence.words.text, mention.end, later.start)
            )
        ):
            # 'the United Nations World Health Organization', 'the U.S. Centers for Disease
            # Control (CDC)': two names of one body, which stand where one name does
            tail = mention if later is tail else tail
            later = mention
            continue
        if sentence.breaks_before(gap_end) or not all(
            words[at] in _LIST_WORDS or _names_agent(sentence, at)
            for at in range(gap_start, gap_end)
        ):
            break
        if later is tail and _COORDINATORS.isdisjoint(words[gap_start:gap_end]):
            return last  # the last of a list comes after 'and'
        head = later = mention
    return head


def _names_agent(sentence: Sentence, at: int) -> bool:
    """Whether word ``at`` is an agent noun or begins one ('government', 'health
    officials')."""
    words = sentence.words.upper
    return (
        words[at] in _PEOPLE
        or words[at] in _OFFICIALS
        or sentence.agents.match_at(words, at) is not None
    )


_BASE_CUES = MODALS | frozenset({"TO", "DO", "DOES", "DID", "NOT", "I", "WE", "YOU", "THEY"})
"""Words after which a base form is no participle ('will stand by', 'they abide by')."""


_REDUCED_AFTER = PREPOSITIONS - {"WITH", "AGAINST", "ABOUT", "FOR"}


def _reduced_relative(sentence: Sentence, action: Action) -> bool:
    """'546 new cases and 31 deaths reported in the last 24 hours': an -ED form after a plural
    common noun, which names no one who acts, and before a preposition is a participle."""
    words, at = sentence.words.upper, action.verb
    if at == 0 or not words[at].endswith("ED") or words[action.verb_end] not in _REDUCED_AFTER:
        return False
    noun = words[at - 1]
    return (
        noun.endswith("S")
        and noun.isalpha()
        and not sentence.words.capitalised(at - 1)
        and noun not in _PEOPLE
        and noun not in _OFFICIALS
        and noun not in _SUBJECT_GAP
        and sentence.agents.match_at(words, at - 1) is None
        and not any(m.end == sentence.spans[at - 1][1] for m in sentence.actors)
    )


_BY_AGENT_REACH = 4
"""Words after 'by' within which the agent of a participle stands ('hit by the flu',
'reported by country, following Mexico': no agent)."""


def by_no_actor(sentence: Sentence, action: Action) -> bool:
    """Whether a past participle with no 'be' before it and 'by' right after it is passive
    with no actor as its agent ('areas hardest hit by the flu'), or with no 'by' at all after
    a plural common noun (:func:`_reduced_relative`): a reduced relative clause, no act of any
    actor in the sentence."""
    words = sentence.words.upper
    word = words[action.verb]
    if action.passive or action.verb_end >= len(words):
        return False
    if words[action.verb_end] != "BY":
        return _reduced_relative(sentence, action)
    if word.endswith(("S", "ING")) or (
        word == action.lemma and (action.verb == 0 or words[action.verb - 1] in _BASE_CUES)
    ):
        return False  # 'will stand by', 'to abide by': a base form, not a participle
    agent = _after(sentence, action.verb_end + 1, _BY_AGENT_REACH)
    return (
        agent is None
        or "," in sentence.words.text[sentence.spans[action.verb_end][1] : agent.start]
    )


def _opens(sentence: Sentence, found: ActorMention) -> bool:
    """Whether ``found`` is the subject of a verb right after it ('toured the affected areas
    and Larsen revealed'): it opens a clause of its own, so it is no object."""
    words = sentence.words.upper
    at = sentence.token_at(found.end)
    while at < len(words) and words[at] in _SUBJECT_GAP:
        at += 1
    return at in sentence.verbs


_MEANS = frozenset({"VIA"})
"""Prepositions that name the channel an act goes through, not whom it is done to ('was
appealing, via the United Nations, for funding')."""


def _by_means(sentence: Sentence, found: ActorMention) -> bool:
    """Whether ``found`` follows a preposition of means (:data:`_MEANS`), 'the' apart."""
    words = sentence.words.upper
    at = sentence.token_at(found.start) - 1
    if at > 0 and words[at] == "THE":
        at -= 1
    return at >= 0 and words[at] in _MEANS


def _own_place(action: Action, source: ActorRef | None, found: ActorMention) -> bool:
    """Whether ``found``, after the verb, is its source's own country named on its own: where
    a state acts, not what it acts on ('The FDA has also blocked imports from the food packer
    to the United States'); what a state says about its own country is about that country
    ('said the carnival in Kenya is safe')."""
    return (
        found.bare_country
        and source is not None
        and source.code[:3] == found.ref.code
        and not action.code.startswith(_SPEECH_ROOT)
    )


def _active_target(
    sentence: Sentence,
    action: Action,
    source: ActorRef | None,
    skipped: Sequence[tuple[int, int]] = (),
) -> ActorRef | None:
    """The target of an active verb: the first actor after it (:data:`_OBJECT_REACH`), else
    what a statement is about, whom aid is given to or a meeting held with (an appeal to a
    public it does not name, 'advised ill persons', has no target: people are no actor, and
    'its residents' names no state, the guideline's rules 2 and 10); and for a warning or an
    appeal, the foreign country travel to or from which it is about."""
    speech = action.code.startswith(_SPEECH_ROOT)
    found = _after(sentence, action.verb_end, _OBJECT_REACH)
    target = (
        found.ref
        if found
        and not _own_place(action, source, found)
        and not _opens(sentence, found)
        and not (speech and _gathered_in(sentence, found))
        and not _by_means(sentence, found)
        and not _set_off_agent(sentence, found)
        and not _is_member(sentence, action, found)
        else None
    )
    if source is None:
        return target
    if target is None and speech:
        target = _about(sentence, action, source) or _closing_about(
            sentence, action, source, skipped
        )
    if target is None:
        target = _recipient(sentence, action, source) or _accuser_before(sentence, action, source)
    if action.code.startswith(_ADVICE_ROOTS) and (
        target is None or target.code[:3] == source.code[:3]
    ):
        target = _destination(sentence, action, source) or target
    return target


_DENIAL = "016"
_CLAIMS = frozenset(
    {"ACCUSATIONS", "ACCUSATION", "ALLEGATIONS", "ALLEGATION", "CLAIMS", "CLAIM", "CHARGES"}
)
_BACK_REFERENCES = frozenset({"THE", "THESE", "THOSE", "THAT", "THIS", "SUCH"})


def _accuser_before(sentence: Sentence, action: Action, source: ActorRef) -> ActorRef | None:
    """Whom a denial of claims the sentence before made is aimed at ('The WHO rejected the
    accusations', after 'Lezana said ... the WHO had not taken any action'): the accuser, the
    guideline's rule 15's target of a denial; read when the denied claims are definite ('the
    accusations', 'these allegations': named before) and the sentence before names one state
    or IGO other than the speaker's (none when it names two or none)."""
    if action.code != _DENIAL or not sentence.previous:
        return None
    words = sentence.words.upper
    at = action.verb_end
    if not (at + 1 < len(words) and words[at] in _BACK_REFERENCES and words[at + 1] in _CLAIMS):
        return None
    own = _party(source.code)
    parties = {
        _party(m.ref.code): m.ref
        for m in sentence.previous
        if _party(m.ref.code) != own
        and (m.ref.code.startswith("IGO") or _is_country(m.ref.code[:3]))
    }
    return next(iter(parties.values())) if len(parties) == 1 else None


_CLOSING_REACH = 4
"""Words after a closing speaker's verb within which its sentence ends ('said on Friday')."""


def _closing_about(
    sentence: Sentence, action: Action, source: ActorRef, skipped: Sequence[tuple[int, int]]
) -> ActorRef | None:
    """What a statement is about whose speaker and verb close the sentence after a comma
    ('Flu has spread in Chile, the WHO said on Friday': Chile): the first state or IGO named
    before the comma (rule 10), when the sentence ends within a few words after the verb, or
    a clause set against it opens there after a comma ('..., the ministry confirmed, but said
    ...'), with no actor named after the verb, and no clause opens between the comma and
    the verb (a speaker who says what follows is no closing one), nor does the comma close
    a relative clause on the subject ('Officials from Mexico, the country where the virus
    began, have confirmed deaths': :meth:`Sentence.clause_start`'s ``skipped``)."""
    words = sentence.words
    if not action.code.startswith(_SPEECH_ROOT):
        return None
    close = len(words)
    reach = action.verb_end + _CLOSING_REACH + 1
    if not _CONTENT_ENDS.isdisjoint(words.upper[action.verb_end : reach]):
        # '..., the Ministry of Defence confirmed, but said the risk was low'
        close = next(
            (
                at
                for at in range(action.verb_end, min(close, reach))
                if words.upper[at] in _CONTENT_ENDS and _comma_before(sentence, at)
            ),
            close,
        )
    if close - action.verb_end > _CLOSING_REACH:
        return None
    text, spans = words.text, words.spans
    verb_start, verb_end = spans[action.verb][0], spans[action.verb_end - 1][1]
    comma = text.rfind(",", spans[0][0], verb_start)
    if comma < 0 or any(m.start >= verb_end for m in sentence.actors):
        return None
    if any(end > comma for _, end in skipped):
        return None
    after_comma = sentence.token_at(comma + 1)
    if any(sentence.opens_clause(at) for at in range(after_comma, close)):
        return None
    found = _first_state(sentence, source, spans[0][0], comma)
    return found.ref if found is not None else None


def _inverted_about(sentence: Sentence, action: Action, speaker: ActorMention) -> ActorRef | None:
    """What an inverted statement is about: what precedes its verb ('..., said X'), else,
    for 'according to X' at the head of its content, what follows X (rule 12)."""
    about = _about(sentence, action, speaker.ref, inverted=True)
    if about is None and action.lemma in _ATTRIBUTIONS:
        about = _attributed_content(sentence, speaker)
    return about


_APPOSITION_OPENS = re.compile(r",\s*(?:the\s+|a\s+|an\s+)?$")


def _attributed_content(sentence: Sentence, speaker: ActorMention) -> ActorRef | None:
    """The state or IGO (the guideline's rules 10 and 12) what 'according to X' attributes to
    X names after X ('According to the WHO, bird flu has killed ten people in Egypt'), the
    speaker's own country included; not one in an apposition that describes X ('According to
    Ana Ruiz, the Chilean health minister, ...')."""
    text = sentence.words.text
    end = _content_end(sentence, sentence.token_at(speaker.end))
    for m in sentence.actors:
        if m.start < speaker.end or m.end > end or not _named_state(m):
            continue
        if m.ref.code == speaker.ref.code and not _is_country(speaker.ref.code):
            continue
        if _APPOSITION_OPENS.search(text, speaker.end, m.start) and text[m.end : m.end + 1] == ",":
            continue  # 'Ana Ruiz, the Chilean health minister,': who speaks
        return None if _gathered_in(sentence, m) else m.ref
    return None


def _listed_after(sentence: Sentence, first: ActorMention) -> list[ActorMention]:
    """The actors listed after ``first`` in a list that ends in 'and X' ('sent to the WHO and
    Britain', 'from Spain, Italy and Israel'), or none."""
    words = sentence.words.upper
    listed: list[ActorMention] = []
    later = first
    for m in sentence.actors:
        if m.start < later.end:
            continue
        gap_start, gap_end = sentence.token_at(later.end), sentence.token_at(m.start)
        if (
            sentence.breaks_before(gap_end)
            or (gap_start == gap_end and not _comma_before(sentence, gap_end))
            or not all(
                words[at] in _LIST_WORDS or _names_agent(sentence, at)
                for at in range(gap_start, gap_end)
            )
        ):
            break
        listed.append(m)
        later = m
        if not _COORDINATORS.isdisjoint(words[gap_start:gap_end]):
            return listed
    return []


def _co_targets(
    sentence: Sentence, action: Action, target: ActorRef | None
) -> tuple[ActorRef, ...]:
    """The actors listed with an active verb's target after it (the guideline's rule 13: one
    event for each state or IGO in a coordinated target; 'sent aid to Chad and Niger'), none
    that is the subject of a verb of its own ('has a blockade on Gaza, and Egypt restricts').
    A statement's target is the first state its content names (rule 10), so it has none."""
    if target is None or action.code.startswith(_SPEECH_ROOT):
        return ()
    verb_end = sentence.spans[action.verb_end - 1][1]
    first = next((m for m in sentence.actors if m.start >= verb_end and m.ref is target), None)
    if first is None:
        return ()
    listed = _listed_after(sentence, first)
    return tuple(m.ref for m in listed) if not any(_opens(sentence, m) for m in listed) else ()


_SET_OFF_AGENT_REACH = 4
"""Words after 'by' within which the agent of a set-off participle stands."""


def _set_off_by(sentence: Sentence, action: Action) -> bool:
    """Whether the action is a past participle that a comma sets off, with 'by' right after it
    ('..., aided by the WHO and US health officials'): a reduced passive on what the clause
    before it is about."""
    words = sentence.words.upper
    return (
        not action.passive
        and action.verb > 0
        and action.verb_end < len(words)
        and words[action.verb].endswith("ED")
        and words[action.verb_end] == "BY"
        and _comma_before(sentence, action.verb)
    )


def _set_off_agents(
    sentence: Sentence, action: Action, earlier: Sequence[tuple[Action, ActorRef | None]]
) -> tuple[ActorRef | None, ActorRef | None, tuple[ActorRef, ...], tuple[ActorRef, ...]] | None:
    """Source and target of a set-off participle with a by-agent (:func:`_set_off_by`): the
    agent and the actors listed with it act on the source of the sentence's act before it
    ('the government was launching a large anti-cholera campaign, aided by the WHO and US
    health officials': the WHO's and the US's aid to Haiti; the guideline's rules 5 and 13),
    or, with no act before, on the actor right before the comma ('Chad, aided by Niger,
    launched'); None for any other action, or when no actor follows 'by'."""
    if not _set_off_by(sentence, action):
        return None
    agent = _after(sentence, action.verb_end + 1, _SET_OFF_AGENT_REACH)
    if agent is None:
        return None
    if earlier:
        target = earlier[-1][1]
    else:
        comma = sentence.spans[action.verb - 1][1]
        target = next((m.ref for m in sentence.actors if m.end == comma), None)
    others = tuple(m.ref for m in _listed_after(sentence, agent))
    return agent.ref, target, others, ()


def _set_off_agent(sentence: Sentence, found: ActorMention) -> bool:
    """Whether ``found`` is the by-agent of a set-off participle of the sentence (:func:
    `_set_off_by`), which is no object of the verb before it."""
    words = sentence.words.upper
    at = sentence.token_at(found.start) - 1
    if at > 0 and words[at] == "THE":
        at -= 1
    return (
        at > 1
        and words[at] == "BY"
        and words[at - 1].endswith("ED")
        and _comma_before(sentence, at - 1)
    )


_MEMBER_REACH = 4
"""Words after 'include' within which the first member stands ('include the United Nations
Children's Fund')."""


def _include_at(sentence: Sentence, action: Action) -> int | None:
    """Where a form of 'include' stands after the (active) verb in its sentence, before a
    clause-ending mark: the verb is in the subject of 'include'."""
    words = sentence.words.upper
    if action.passive or INCLUDE_FORMS.isdisjoint(words[action.verb_end :]):
        return None
    for at in range(action.verb_end, len(words)):
        if sentence.breaks_before(at):
            return None
        if words[at] in INCLUDE_FORMS:
            return at
    return None


def _included_members(sentence: Sentence, action: Action) -> list[ActorMention]:
    """The actors a form of 'include' lists after a verb that has no subject of its own in
    the subject of 'include' ('Other agencies providing aid to the country include the United
    Nations Children's Fund, the WHO, and Doctors Without Borders'; 'Countries that have sent
    doctors include Cuba and Venezuela'): each is a doer of the verb (the guideline's rule
    13)."""
    at = _include_at(sentence, action)
    if at is None:
        return []
    first = _after(sentence, at + 1, _MEMBER_REACH)
    return [first, *_listed_after(sentence, first)] if first is not None else []


def _is_member(sentence: Sentence, action: Action, found: ActorMention) -> bool:
    """Whether ``found`` stands after the 'include' whose subject holds the verb (no object
    of the verb: one of its doers, :func:`_included_members`)."""
    if not sentence.includes:
        return False
    at = _include_at(sentence, action)
    return at is not None and found.start >= sentence.spans[at][1]


def choose_actors(
    action: Action, sentence: Sentence, earlier: Sequence[tuple[Action, ActorRef | None]]
) -> tuple[ActorRef | None, ActorRef | None, tuple[ActorRef, ...], tuple[ActorRef, ...]]:
    """Source and target of ``action``, the other subjects of a list (:func:`_subjects`) and
    the other targets listed with its target (the guideline's rule 13: one event for each);
    ``earlier`` are the sentence's actions before it, with their sources."""
    if (
        action.verb_end < len(sentence.words.upper)
        and sentence.words.upper[action.verb_end] == "BY"
        and (set_off := _set_off_agents(sentence, action, earlier)) is not None
    ):
        return set_off
    spans = sentence.spans
    verb_start = spans[action.verb][0]
    # (the first action of a sentence, the most common, has no earlier ones: no list is made)
    clause, skipped = sentence.clause_start(
        action.verb, [previous for previous, _ in earlier] if earlier else ()
    )
    clause_char = spans[clause][0]
    # 'According to the WHO H5N1 has killed 109 people': the attributed speaker is no
    # subject of what it is said to report
    attributed = (
        [
            speaker
            for previous, _ in earlier
            if previous.lemma in _ATTRIBUTIONS
            and (speaker := _after(sentence, previous.verb_end, _INVERSION_REACH)) is not None
        ]
        if earlier
        else []
    )
    before = [
        m
        for m in sentence.actors
        if clause_char <= m.start
        and m.end <= verb_start
        and not (skipped and any(start <= m.start < end for start, end in skipped))
        and not (attributed and m in attributed)
        and sentence.may_be_subject(m)
    ]
    listed = _subjects(sentence, before, action.verb) if before else []
    subject = listed[0].ref if listed else None
    if subject is None:
        subject = _implicit_subject(sentence, action, clause, earlier) or _coordinated_subject(
            sentence, action, clause, earlier
        )
    if subject is None:
        # 'the government banned' is the article's country's; 'the clerics called', the
        # clerics the sentence before names
        subject = _unnamed_official(sentence, action.verb, clause) or _definite_subject(
            sentence, action, clause
        )
    if subject is None and sentence.includes and (members := _included_members(sentence, action)):
        listed, subject = members, members[0].ref
    if action.passive:
        words = sentence.words.upper
        by = next(
            (
                at
                for at in range(action.verb_end, min(action.verb_end + _BY_REACH, len(words)))
                if words[at] == "BY"
            ),
            None,
        )
        agent = _after(sentence, by + 1, 6) if by is not None else None
        source = agent.ref if agent and sentence.may_be_subject(agent) else None
        if source is None and by is not None:
            # 'declared by the government', 'by the country's Health Minister'
            source = _official_after(sentence, by + 1)
        target = subject
        if target is None and by is None:
            # 'people had been killed in the Syrian crisis': the victims are where it happened
            target = _where(sentence, action.verb_end)
    else:
        source = subject
        if action.lemma in _ATTRIBUTIONS or (
            source is None
            and action.code.startswith(_SPEECH_ROOT)
            and (clause == action.verb or _comma_before(sentence, action.verb))
        ):
            # '"...," said the Canadian Food Inspection Agency': the speaker follows.
            speaker = _after(sentence, action.verb_end, _INVERSION_REACH)
            if speaker is None:
                return None, None, (), ()
            return speaker.ref, _inverted_about(sentence, action, speaker), (), ()
        target = _active_target(sentence, action, source, skipped)
    if action.reversed:
        source, target = target, source
    if (
        source is not None
        and target is not None
        and source.code == target.code
        and not action.code.startswith(_SPEECH_ROOT)
    ):
        target = None  # a state's statement about itself keeps it (the guideline's rule 10)
    return _with_lists(sentence, action, source, target, tuple(m.ref for m in listed[1:]))


def _with_lists(
    sentence: Sentence,
    action: Action,
    source: ActorRef | None,
    target: ActorRef | None,
    listed_refs: tuple[ActorRef, ...],
) -> tuple[ActorRef | None, ActorRef | None, tuple[ActorRef, ...], tuple[ActorRef, ...]]:
    """:func:`choose_actors`' answer for a source and a target found: with the other subjects
    of its list, and the other targets listed with its target, one event for each (rule 13);
    a ban, a hold or a recall of goods or travel with no target is against the state the
    goods come from or the travel goes to (:func:`_goods_party`)."""
    if (
        target is None
        and source is not None
        and action.code in _GOODS_CODES
        and action.lemma in _GOODS_VERBS
        and (parties := _goods_party(sentence, action, source))
    ):
        return source, parties[0].ref, listed_refs, tuple(m.ref for m in parties[1:])
    if action.passive:
        # 'Food donations from Spain and Italy are being held by the FDA': each is a target
        return source, target, (), listed_refs if target is not None else ()
    if action.reversed:
        # 'Haiti received aid from Venezuela and Cuba': the actors listed with the one after
        # the verb, now the source, are sources too
        return source, target, _co_targets(sentence, action, source), ()
    return source, target, listed_refs, _co_targets(sentence, action, target)
