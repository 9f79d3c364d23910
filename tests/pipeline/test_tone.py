"""score_tone: VADER-lexicon document tone."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.enrich import tone
from eventwire.pipeline.enrich.tone import lexicon, score_tone


class TestTone:
    """The tone of short texts."""

    def test_lexicon_ships(self) -> None:
        """The packaged VADER lexicon is read (thousands of rated words)."""
        assert len(lexicon()) > 5000
        assert lexicon()["killed"] < 0

    def test_negative_and_positive(self) -> None:
        """A text about killing scores below zero, one about a welcome peace above."""
        assert score_tone("Bombs killed many and wounded more in a terrible attack.").score < -0.5
        assert score_tone("They welcomed the peace agreement with great hope.").score > 0.5

    def test_negation_flips(self) -> None:
        """'not good' counts against."""
        assert score_tone("This is not good.").score < 0 < score_tone("This is good.").score

    def test_shares(self) -> None:
        """positive and negative are shares of the words; a neutral text scores zero."""
        tone = score_tone("The committee met on Tuesday in the capital.")
        assert (tone.score, tone.positive, tone.negative, tone.word_count) == (0.0, 0.0, 0.0, 8)


class TestWords:
    """The byte-table word split against the word pattern."""

    @given(
        st.text(st.sampled_from(list("aAzZ09 '\u2019-.?\n\u00e9\u0131\u212a\u0130")), max_size=40)
    )
    def test_same_words_as_the_pattern(self, text: str) -> None:
        """Apostrophes, non-ASCII letters and those that lower-case to ASCII: the same words."""
        lowered = text.lower().replace("\u2019", "'")
        assert tone._words(lowered) == tone._WORD.findall(lowered)

    @given(st.text(st.sampled_from(list("ab '' \u2019-\n\u00e9")), max_size=40))
    def test_same_words_with_many_apostrophes(self, text: str) -> None:
        """Runs that begin, end or are made of apostrophes, several in a run, at the start and
        end of the text: the same words as the pattern."""
        lowered = text.lower().replace("\u2019", "'")
        assert tone._words(lowered) == tone._WORD.findall(lowered)
