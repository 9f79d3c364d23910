"""The discard list: phrases that stop coding of a sentence or a story."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.coding.lexicon import discarded, load_discards
from eventwire.pipeline.coding.verbs import Phrase

WORDS = st.sampled_from(["AT", "THE", "SET", "POINT", "WORLD", "CUP", "BIRD", "FLU", "2014"])
PHRASES = st.frozensets(st.lists(WORDS, min_size=1, max_size=3).map(tuple), max_size=6)


def _occurs_anywhere(words: list[str], phrases: frozenset[Phrase]) -> bool:
    """The plain search: every phrase tried at every position."""
    return any(
        tuple(words[at : at + len(phrase)]) == phrase
        for phrase in phrases
        for at in range(len(words))
    )


class TestDiscarded:
    """The search for a discard phrase, which looks only where a phrase's first word stands."""

    @given(st.lists(WORDS, max_size=25), PHRASES)
    def test_same_as_trying_every_position(
        self, words: list[str], phrases: frozenset[Phrase]
    ) -> None:
        """It never misses a phrase the plain search finds, and finds no other."""
        assert discarded(words, phrases) == _occurs_anywhere(words, phrases)

    def test_sentence_of_the_shipped_list(self) -> None:
        """'a bronze medal' stops a sentence; its words out of order do not."""
        phrases = load_discards().sentence
        assert discarded(["WON", "A", "BRONZE", "MEDAL"], phrases)
        assert not discarded(["A", "MEDAL", "OF", "BRONZE"], phrases)
