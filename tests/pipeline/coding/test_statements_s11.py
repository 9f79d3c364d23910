"""Statements and their targets read since state-s11 (on the adjudicated gold): counts that
are no reports."""

from __future__ import annotations

import pytest

from eventwire.pipeline.coding.actions import Action, Words, find_actions, upper_case
from eventwire.pipeline.coding.verbs import VerbDictionary, load_verb_dictionary
from tests.pipeline.coding.coded import coded


@pytest.fixture(scope="module")
def dictionary() -> VerbDictionary:
    return load_verb_dictionary()


def _lemmas(sentence: str, dictionary: VerbDictionary) -> list[str]:
    actions: list[Action] = find_actions(Words(sentence, upper_case(sentence)), dictionary)
    return [a.lemma for a in actions]


class TestOrdinalCounts:
    """A participle after an ordinal modifies the noun after it: a count, no report."""

    @pytest.mark.parametrize(
        "sentence",
        [
            "This is Peru's ninth confirmed case of the disease.",
            "It was the third reported death in the province this year.",
            "Officials counted the country's twelfth recorded outbreak since 2004.",
        ],
    )
    def test_a_participle_after_an_ordinal_is_no_verb(
        self, sentence: str, dictionary: VerbDictionary
    ) -> None:
        """'Peru's ninth confirmed case': no CONFIRM, REPORT or RECORD."""
        assert {"CONFIRM", "REPORT", "RECORD"}.isdisjoint(_lemmas(sentence, dictionary))

    def test_a_verb_after_an_ordinal_clause_still_counts(self) -> None:
        """'For the second time, Chile confirmed a case': the ordinal's noun stands between,
        so the verb is read; and 'This is Chile's fifth confirmed case' codes nothing."""
        assert coded("For the second time, Chile confirmed a case.", {"Chile": "CL"}) == [
            ("confirmed", "CHL", None)
        ]
        assert coded("This is Chile's fifth confirmed case of the flu.", {"Chile": "CL"}) == []
