"""The discard list: phrases that stop coding of a sentence or a story."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.coding.actions import upper_case, words_in
from eventwire.pipeline.coding.lexicon import discarded, discarded_text, load_discards
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


_TEXT_WORDS = ["at", "The", "SET", "point", "world", "Cup", "2014", "20", "14", "Women's", "O'"]
_TEXT = st.lists(
    st.sampled_from(_TEXT_WORDS) | st.text(alphabet=list("aZ9 ,.-'’é١ıß\n\"“("), max_size=4),
    max_size=30,
).map("".join)
"""Texts of the phrases' words, glued to each other and to letters, digits (an Arabic-Indic
one too), hyphens, apostrophes, commas, points and characters whose capital is another
length or an ASCII letter, so that a word may stand whole, in a longer run or split."""
_RUN_WORDS = st.sampled_from(
    ["AT", "THE", "SET", "POINT", "WORLD", "CUP", "2014", "20", "14", "WOMEN'S", "O'", "S", "É"]
)


class TestDiscardedText:
    """The look at a whole text, which tokenises it only when every run of a phrase is there."""

    @given(
        _TEXT, st.frozensets(st.lists(_RUN_WORDS, min_size=1, max_size=3).map(tuple), max_size=6)
    )
    def test_same_as_searching_every_word(self, text: str, phrases: frozenset[Phrase]) -> None:
        """It never misses a phrase the search of the text's words finds, and finds no other."""
        upper = upper_case(text)
        assert discarded_text(upper, phrases) == discarded(words_in(upper), phrases)

    @given(_TEXT)
    def test_same_on_the_shipped_lists(self, text: str) -> None:
        """The same with the shipped story and sentence lists."""
        upper = upper_case(text)
        for phrases in (load_discards().story, load_discards().sentence):
            assert discarded_text(upper, phrases) == discarded(words_in(upper), phrases)

    def test_story_of_the_shipped_list(self) -> None:
        """'the round of 16' ends a story's coding; 'the round of 160', 'around 16' and 'the round
        of 16.' (whose last word is '16.', as the coder reads numbers) do not."""
        phrases = load_discards().story
        assert discarded_text(upper_case("They reached the round of 16 on Sunday."), phrases)
        assert not discarded_text(upper_case("They reached the round of 160 on Sunday."), phrases)
        assert not discarded_text(upper_case("Around 16 of them."), phrases)
        assert not discarded_text(upper_case("They reached the round of 16."), phrases)
