"""Actions read since recall-s9: participles with a named by-agent, and the phrases CAMEO's
dictionary and codebook code that the verb blocks alone miss."""

from __future__ import annotations

import pytest

from eventwire.pipeline.coding.actions import Action, Words, find_actions, upper_case
from eventwire.pipeline.coding.verbs import VerbDictionary, load_verb_dictionary
from tests.pipeline.coding.coded import coded


@pytest.fixture(scope="module")
def dictionary() -> VerbDictionary:
    return load_verb_dictionary()


def _action(sentence: str, lemma: str, dictionary: VerbDictionary) -> Action:
    found = [a for a in _actions(sentence, dictionary) if a.lemma == lemma]
    assert found, f"no {lemma} action"
    return found[0]


def _actions(sentence: str, dictionary: VerbDictionary) -> list[Action]:
    """The actions of ``sentence`` read as the coder reads it, punctuation included."""
    return find_actions(Words(sentence, upper_case(sentence)), dictionary)


class TestReducedPassive:
    """A participle between a noun and 'by' and a name is passive."""

    def test_participle_before_a_named_agent(self, dictionary: VerbDictionary) -> None:
        """'blankets donated by France' is France's act, passive."""
        action = _action("Kenya has returned blankets donated by France.", "DONATE", dictionary)
        assert action.passive

    def test_by_agent_is_the_source(self) -> None:
        """The by-agent donated; the actor before the noun is what it was given to."""
        events = coded(
            "Kenya has returned blankets donated by France to the flood victims.",
            {"Kenya": "KE", "France": "FR"},
        )
        assert events == [("donated", "FRA", "KEN")]

    def test_set_off_participle_stays_active(self, dictionary: VerbDictionary) -> None:
        """A comma before the participle sets it off ('Kenya, backed by France,'): not read
        as a passive here, so the coder's set-off rule still drops it."""
        action = _action("Kenya, backed by France, sent doctors.", "BACK", dictionary)
        assert not action.passive

    def test_agent_that_is_no_name(self, dictionary: VerbDictionary) -> None:
        """'cases reported by country' names no agent: no passive."""
        action = _action("Kenya listed the cases reported by country.", "REPORT", dictionary)
        assert not action.passive

    def test_perfect_is_active(self, dictionary: VerbDictionary) -> None:
        """'has stood by' is the perfect of an active verb, not a participle."""
        action = _action("Uganda has supported by all means the talks.", "SUPPORT", dictionary)
        assert not action.passive


class TestRecountedFigures:
    """Raising or revising a count is reporting the new figure (010)."""

    def test_increased_the_number(self, dictionary: VerbDictionary) -> None:
        """'increased the number of measles cases to 40' is a statement."""
        sentence = "Peru increased the number of measles cases in the north to 40 on Monday."
        assert _action(sentence, "INCREASE", dictionary).code == "010"

    def test_raised_the_death_toll(self, dictionary: VerbDictionary) -> None:
        """'raised the official death toll' is a statement."""
        sentence = "The ministry raised the official death toll to 12."
        assert _action(sentence, "RAISE", dictionary).code == "010"

    def test_a_pattern_of_the_verb_wins(self, dictionary: VerbDictionary) -> None:
        """'raised the number of troops' keeps CAMEO's military pattern (154)."""
        sentence = "Russia raised the number of troops in the region."
        assert _action(sentence, "RAISE", dictionary).code == "154"

    def test_count_past_a_preposition(self, dictionary: VerbDictionary) -> None:
        """'increased aid by a number of ...' names no count as its object."""
        sentence = "Japan increased funding for a number of clinics."
        assert _action(sentence, "INCREASE", dictionary).code != "010"


class TestQuarantine:
    """A quarantine restricts movement: 191, with blockades."""

    def test_imposed_a_quarantine(self, dictionary: VerbDictionary) -> None:
        """'imposed a quarantine on the province' is 191."""
        sentence = "Uganda imposed a quarantine on the western province."
        assert _action(sentence, "QUARANTINE", dictionary).code == "191"
