"""Intentions, appeals and charges read from what is said: an act announced for the future is
CAMEO's intention to do it (03x, the bench guideline's rule 6); what a speaker says inside a
quotation that they themselves ask or mean to do ('"We call on the government to act," said
X') is their appeal or intention, not only the content of their statement; and a speaker who
says another actor took no action accuses it (112)."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from eventwire.pipeline.coding.actions import MODALS, Action, Words
from eventwire.pipeline.coding.plover import is_statement, plover_for
from eventwire.pipeline.coding.roles import Sentence, choose_actors
from eventwire.pipeline.events import event_id_for
from eventwire.schemas.enrichment import ActorRef, CodedEvent

_INTENTIONS: dict[str, str] = {
    # consult: intend to meet or negotiate (036), to mediate (039)
    "04": "036",
    "045": "039",
    # diplomatic cooperation: intend to cooperate diplomatically (032); to sign (030)
    "05": "032",
    "057": "030",
    # material cooperation: intend to cooperate materially (031x)
    "06": "031",
    "061": "0311",
    "062": "0312",
    "063": "0313",
    "064": "0314",
    # aid: intend to provide aid (033x); asylum is humanitarian aid (0333)
    "07": "033",
    "071": "0331",
    "072": "0332",
    "073": "0333",
    "074": "0334",
    "075": "0333",
    # yield: intend to yield (035x) or to reform (034x)
    "08": "035",
    "081": "0351",
    "082": "0352",
    "083": "034",
    "0831": "0341",
    "0832": "0342",
    "0833": "0343",
    "0834": "0344",
    "084": "0353",
    "085": "0354",
    "086": "0355",
    "087": "0356",
}
"""The CAMEO intention of each cooperative act, by the act's code (its most specific prefix
listed wins): the 03 codes mirror 04-08 one for one (CAMEO.2.0's own patterns agree: 'PLAN *
VISIT' is 036, 'PLEDGE * {HUMANITARIAN AID}' 0333, 'OFFER * &ASYLUM' 0333, 'PLAN * REFORMS'
0344, 'OFFER * &CEASEFIRE' 0356)."""

_COOPERATIVE_ROOTS = frozenset({"04", "05", "06", "07", "08"})
_FIRST_COOPERATIVE, _AFTER_COOPERATIVE = "04", "09"
"""The codes of roots 04-08 are those from "04" up to, not including, "09"."""
_SPEECH_ROOT = "01"
_APPEAL_ROOT = "02"
_INTENTION_ROOT = "03"
_OWN_ROOTS = frozenset({_APPEAL_ROOT, _INTENTION_ROOT})
"""Roots of what a speaker says they themselves do when they say it: asking and promising."""

_FUTURE_AUXILIARIES = frozenset({"WILL", "SHALL"})
_PLANNED = frozenset({"IS", "ARE", "WAS", "WERE", "AM", "GOING"})
"""Words after which 'to' and a verb are a planned act ('the minister is to visit Kenya')."""
_AUXILIARY_GAP = frozenset(
    {"ALSO", "NOW", "THEN", "SOON", "STILL", "JUST", "FURTHER", "BE", "HEREBY", "AGAIN"}
)
"""Words that may stand between a future auxiliary and its verb ('will also send', 'will be
held', 'will soon visit')."""
_ADVERB_REACH = 3
"""How many words (adverbs, 'not') an auxiliary may stand before its verb."""
_CONTRACTED = frozenset(
    pronoun + ending
    for pronoun in ("I", "WE", "YOU", "HE", "SHE", "IT", "THEY")
    for ending in ("'LL", "'D")
)
_MARKERS = _FUTURE_AUXILIARIES | _CONTRACTED | {"WOULD"}
"""Auxiliaries one of which stands within reach before a verb announced for the future, looked
for first, in one set operation (or 'to' or 'and' right before it: :data:`_JOINS`)."""
_JOINS = frozenset({"TO", "AND"})


def intention_code(code: str) -> str | None:
    """The CAMEO intention (03x) of an act of roots 04-08, None for any other code."""
    if code[:2] not in _COOPERATIVE_ROOTS:
        return None
    for size in (4, 3, 2):
        found = _INTENTIONS.get(code[:size])
        if found is not None:
            return found
    return None


def _gap(word: str) -> bool:
    return word in _AUXILIARY_GAP or word == "NOT" or (word.endswith("LY") and len(word) > 4)


def _announced(words: Sequence[str], actions: Sequence[Action], at: int) -> bool:
    """Whether action ``at`` is announced for the future: after 'will' or 'shall' (or a
    contraction, "we'll"), right after 'is to' or 'going to', or, in a reported clause (after
    a statement), after 'would' ('said it would send': the future as the speaker saw it;
    elsewhere 'would' is a condition, no intention)."""
    verb = actions[at].verb
    if verb > 1 and words[verb - 1] == "TO":
        return words[verb - 2] in _PLANNED
    before = verb - 1
    while before >= 0 and verb - before <= _ADVERB_REACH and _gap(words[before]):
        before -= 1
    if before < 0:
        return False
    word = words[before]
    if word in _FUTURE_AUXILIARIES or word.endswith("'LL"):
        return True
    if word == "WOULD" or word.endswith("'D"):
        return any(action.code.startswith(_SPEECH_ROOT) for action in actions[:at])
    return False


def _coordinated(words: Sequence[str], action: Action, before: Action) -> bool:
    """Whether ``action`` is a bare verb joined by 'and' to the verb of ``before``, sharing its
    auxiliary ('will purchase antivirals and export 400,000 of them to Mexico')."""
    at = action.verb
    return (
        at > before.verb_end
        and words[at - 1] == "AND"
        and words[at] == action.lemma
        and not any(word in MODALS for word in words[before.verb_end : at])
    )


def intended(actions: list[Action], tokens: Words) -> list[Action]:
    """The actions, each cooperative act (roots 04-08) announced for the future (after 'will',
    'shall', 'is to'; 'would' in a reported clause), or joined by 'and' to one, coded as the
    intention to do it (CAMEO 03x; the bench guideline's rule 6: 'will visit or talk' is 036,
    a promise of aid 033). An act done is reported as done; one announced is what its actor
    says it means to do, which CAMEO codes apart."""
    out: list[Action] | None = None  # a copy, made when an action changes
    for at, found in enumerate(actions):
        if not _FIRST_COOPERATIVE <= found.code < _AFTER_COOPERATIVE:
            continue  # most actions: statements (compared, not sliced: cheaper)
        words, verb = tokens.upper, found.verb
        joined = verb > 0 and words[verb - 1] in _JOINS
        if not joined and _MARKERS.isdisjoint(words[max(0, verb - _ADVERB_REACH - 1) : verb]):
            continue  # most acts: no auxiliary within reach before them, nor 'to' or 'and'
        announced = _announced(words, actions, at)
        if not announced and at and words[verb - 1] == "AND":
            previous = actions[at - 1]
            announced = _coordinated(words, found, previous) and (
                (out is not None and out[at - 1] is not previous)
                or _announced(words, actions, at - 1)
            )
        intention = intention_code(found.code) if announced else None
        if intention is not None:
            out = out or list(actions)
            out[at] = found._replace(code=intention, modality="future")
    return out if out is not None else actions


_FIRST_PERSON = frozenset(
    {"I", "WE", "I'M", "I'VE", "I'LL", "I'D", "WE'RE", "WE'VE", "WE'LL", "WE'D"}
)
_OTHER_SUBJECTS = frozenset({"HE", "SHE", "IT", "THEY", "YOU", "THAT", "WHICH", "WHO", "BUT"})
"""Words that give a clause inside a quotation a subject other than its speaker, or open
another clause ('I'm told that they will send ...')."""
_SUBJECT_GAP = MODALS | _AUXILIARY_GAP | {"DO", "NOT", "STRONGLY", "ALSO", "AM", "ARE", "TODAY"}


def _first_person(words: Sequence[str], verb: int, opening: int) -> bool:
    """Whether 'I' or 'we' is the subject of the verb at ``verb``, inside a quotation whose
    first word is at ``opening``: right before it, auxiliaries apart ('we will send', 'Laura
    and I will travel', "we'll"), or, for a verb joined by 'and' to the clause the quotation
    opens with, that clause's ("I'm shocked at the crisis and call upon the authorities")."""
    at = verb - 1
    while at > opening and (words[at] in _SUBJECT_GAP or words[at].endswith("LY")):
        at -= 1
    if at < opening:
        return False
    if words[at] in _FIRST_PERSON:
        return True
    return (
        words[at] == "AND"
        and words[opening] in _FIRST_PERSON
        and _OTHER_SUBJECTS.isdisjoint(words[opening + 1 : at])
    )


def own_quoted(actions: Sequence[Action], tokens: Words, marks: Sequence[int]) -> list[Action]:
    """The quoted actions that are their speaker's own appeal or intention (roots 02 and 03,
    not negated, with 'I' or 'we' their subject: '"We call on the WHO to send experts," the
    minister said', '"Laura and I will travel to Africa," Bush said'), given the characters
    where the sentence's quotation marks stand. Saying it is doing it: the speaker appeals
    or declares the intention, so that act, not the statement, is the event (the bench
    guideline's rules 4 and 6)."""
    words, spans = tokens.upper, tokens.spans
    own: list[Action] = []
    for action in actions:
        if action.negated or action.code[:2] not in _OWN_ROOTS:
            continue
        opened = bisect_left(marks, spans[action.verb][0])
        if opened % 2 == 0:
            continue  # not inside a quotation
        opening = bisect_left(spans, (marks[opened - 1], -1))
        if _first_person(words, action.verb, opening):
            own.append(action)
    return own


_AGENCY_NOUNS = frozenset({"AUTHORITIES", "GOVERNMENT", "OFFICIALS", "LEADERS", "LEADERSHIP"})
_THERE_REACH = 4
"""Words after the verb within which 'the authorities there' may stand."""


def _there(sentence: Sentence, action: Action) -> ActorRef | None:
    """The state whose authorities the object 'the authorities there' (or 'the government
    there', 'officials there') is: 'there' refers back to the last country the sentence
    names before the verb ('the crisis in Zimbabwe ... call upon the authorities there to
    respond'), as the government of that country."""
    words = sentence.words.upper
    for at in range(action.verb_end, min(len(words) - 1, action.verb_end + _THERE_REACH)):
        if words[at] in _AGENCY_NOUNS and words[at + 1] == "THERE":
            verb_start = sentence.spans[action.verb][0]
            country = next(
                (m for m in reversed(sentence.actors) if m.bare_country and m.end <= verb_start),
                None,
            )
            if country is None:
                return None
            return ActorRef(code=country.ref.code + "GOV", name=country.ref.name)
    return None


def _verb_text(sentence: Sentence, action: Action) -> str:
    """The action's verb as written (all its words: 'call upon')."""
    spans = sentence.spans
    return sentence.words.text[spans[action.verb][0] : spans[action.verb_end - 1][1]]


def _reading(
    event: CodedEvent, code: str, target: ActorRef | None, verb: str, modality: str
) -> CodedEvent:
    """``event`` (a statement of the sentence) read as the act ``code`` of the same speaker."""
    root = code[:2]
    source = event.source.code if event.source is not None else None
    return event.model_copy(
        update={
            "target": target,
            "cameo_code": code,
            "cameo_root": root,
            "plover": plover_for(code),
            "statement": is_statement(code),
            "modality": modality,
            "negated": False,
            "verb": verb,
            "event_id": event_id_for(
                root, source, target.code if target else None, event.place, event.date
            ),
        }
    )


def speakers_own(
    events: list[CodedEvent],
    own: Sequence[Action],
    sentence: Sentence,
    earlier: Sequence[tuple[Action, ActorRef | None]],
) -> list[CodedEvent]:
    """The events, the statement of the speaker of a quotation replaced by their own appeal or
    intention quoted in it (:func:`own_quoted`), with its addressee as target: the actor
    right after the verb, or the state of 'the authorities there'. The speaker is the source
    of the sentence's first statement outside the quotation ('"..., and call upon the
    authorities there to respond," said the EU commissioner': the commissioner appeals to
    Zimbabwe's government, 020, and that is the event, not their statement)."""
    speaker = next(
        (source for action, source in earlier if action.code.startswith(_SPEECH_ROOT)), None
    )
    if speaker is None:
        return events
    readings: list[CodedEvent] = []
    for action in own:
        target = choose_actors(action, sentence, earlier)[1] or _there(sentence, action)
        verb = _verb_text(sentence, action)
        readings += [
            _reading(e, action.code, target, verb, action.modality)
            for e in events
            if e.cameo_root == _SPEECH_ROOT
            and e.source is not None
            and e.source.code == speaker.code
        ]
    if not readings:
        return events
    kept = [
        e
        for e in events
        if not (
            e.cameo_root == _SPEECH_ROOT and e.source is not None and e.source.code == speaker.code
        )
    ]
    unique = {
        (e.source and e.source.code, e.target and e.target.code, e.cameo_root): e for e in readings
    }
    return kept + list(unique.values())


_INACTION_OBJECTS = frozenset({"ACTION", "ACTIONS", "STEPS", "MEASURES"})
_INACTION_REACH = 3
"""Words after TAKE within which its object stands ('had not taken any action')."""
_ACCUSE = "112"
_NONE = frozenset({"NO"})


def _inaction(sentence: Sentence, action: Action) -> bool:
    """Whether ``action`` says its subject took no action: TAKE, negated, with 'action',
    'steps' or 'measures' as its object ('had not taken any action', 'took no steps')."""
    if action.lemma != "TAKE":
        return False
    words = sentence.words.upper
    reach = words[action.verb_end : action.verb_end + _INACTION_REACH]
    for at, word in enumerate(reach):
        if word in _INACTION_OBJECTS:
            return action.negated or not _NONE.isdisjoint(reach[:at])
    return False


def inaction_charged(
    events: list[CodedEvent],
    sentence: Sentence,
    earlier: Sequence[tuple[Action, ActorRef | None]],
) -> list[CodedEvent]:
    """The events, with an accusation (112) by a speaker who says another actor took no action
    ('Lezana said his centre had informed the WHO, but the WHO had not taken any action for
    eight days': Mexico accuses the WHO), made from the speaker's statement; the statement
    stays, and the untaken action is no event (it is negated). The speaker is the source of
    the sentence's first statement before it (whose reported clause holds the rest)."""
    added: list[CodedEvent] = []
    for at, (action, subject) in enumerate(earlier):
        if subject is None or not _inaction(sentence, action):
            continue
        speaker = next(
            (s for a, s in earlier[:at] if s is not None and a.code.startswith(_SPEECH_ROOT)),
            None,
        )
        if speaker is None or speaker.code[:3] == subject.code[:3]:
            continue
        verb = _verb_text(sentence, action)
        added += [
            _reading(e, _ACCUSE, subject, verb, "actual")
            for e in events
            if e.cameo_root == _SPEECH_ROOT
            and e.source is not None
            and e.source.code == speaker.code
        ][:1]
    return events + added
