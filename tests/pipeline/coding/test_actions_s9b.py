"""Actions read since recall2-s9 (on the adjudicated gold): findings an actor makes known, and
the reported act after a speech verb."""

from __future__ import annotations

import pytest

from eventwire.pipeline.coding.actions import Action, Words, find_actions, upper_case
from eventwire.pipeline.coding.verbs import VerbDictionary, load_verb_dictionary
from tests.pipeline.coding.coded import coded


@pytest.fixture(scope="module")
def dictionary() -> VerbDictionary:
    return load_verb_dictionary()


def _actions(sentence: str, dictionary: VerbDictionary) -> list[Action]:
    """The actions of ``sentence`` read as the coder reads it, punctuation included."""
    return find_actions(Words(sentence, upper_case(sentence)), dictionary)


def _codes(sentence: str, lemma: str, dictionary: VerbDictionary) -> list[str]:
    return [a.code for a in _actions(sentence, dictionary) if a.lemma == lemma]


class TestFindings:
    """Discovering, detecting or identifying something is a statement (010)."""

    @pytest.mark.parametrize(
        ("sentence", "lemma"),
        [
            ("Kenyan veterinarians discovered the outbreak on a farm near the lake.", "DISCOVER"),
            ("Peru detected two more cases of the virus on Monday.", "DETECT"),
            ("The ministry has identified a new strain in samples from the north.", "IDENTIFY"),
            ("Laboratories in Chile are identifying the virus in travellers.", "IDENTIFY"),
        ],
    )
    def test_finding_is_a_statement(
        self, sentence: str, lemma: str, dictionary: VerbDictionary
    ) -> None:
        assert _codes(sentence, lemma, dictionary) == ["010"]

    def test_cameo_pattern_still_wins(self, dictionary: VerbDictionary) -> None:
        """CAMEO's own patterns of the block keep their codes: an identified hostage is 181."""
        sentence = "Police identified the hostage taken from the embassy."
        assert _codes(sentence, "IDENTIFY", dictionary) == ["181"]

    def test_found_is_not_read_as_a_finding(self, dictionary: VerbDictionary) -> None:
        """FIND stays as CAMEO has it: too often no statement ('found ... in her bag')."""
        assert _codes("Customs officers found the drugs in a bag.", "FIND", dictionary) == []

    def test_finder_is_the_source(self) -> None:
        events = coded(
            "Scientists from Germany discovered the outbreak after tests.",
            {"Germany": "DE"},
        )
        assert [(source, target) for _, source, target in events] == [("DEU", None)]
