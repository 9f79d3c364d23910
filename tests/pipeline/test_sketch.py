"""Shingle sketches and their comparison: near duplicates, containment, and what is neither."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline import sketch as sketch_module
from eventwire.pipeline.normalise import WORD_PATTERN
from eventwire.pipeline.sketch import (
    CHUNK_SPLIT,
    INDEXED,
    LEAD_PERMUTATIONS,
    PROBE,
    SAMPLE,
    Match,
    Sketch,
    compare,
    sketch_text,
)
from tests.texts import OTHER, STORY

NEAR, CONTAINED = 0.5, 0.8


class TestSketchText:
    """Sketches are deterministic and blind to case, spacing and quote style."""

    def test_sizes(self) -> None:
        """A sketch holds the smallest shingle hashes, four lead min-hashes and a shingle count."""
        sketch = sketch_text(STORY)
        assert sketch.shingles > 100
        assert len(sketch.sample) == 4 * min(PROBE, sketch.shingles)
        assert len(sketch.stored()) == 4 * SAMPLE
        values = [sketch.sample[at : at + 4] for at in range(0, len(sketch.sample), 4)]
        assert values == sorted(set(values))
        assert all(value[0] == 0 for value in values)  # the top 24 bits of the hash
        assert len(sketch.lead) == 16

    def test_folding(self) -> None:
        """Case, whitespace and typographic apostrophes do not change the sketch."""
        assert sketch_text("Al-Ja’afari  SAID it") == sketch_text("al-ja'afari said it")

    def test_short_text(self) -> None:
        """A text shorter than a shingle still gets a sketch, and the empty text one too."""
        assert sketch_text("Hi").shingles == 1
        assert sketch_text("").shingles == 0

    @given(st.text(max_size=200))
    def test_deterministic(self, text: str) -> None:
        """The same text always gives the same sketch."""
        assert sketch_text(text) == sketch_text(text)

    def test_keys(self) -> None:
        """Index keys are distinct tagged five-byte keys: every chunk key, the smallest sample
        values and the lead min-hashes."""
        sketch = sketch_text(STORY)
        keys = sketch.keys()
        assert len(set(keys)) == len(keys)
        assert all(len(key) == 5 for key in keys)
        chunks = len(sketch.chunks) // 4
        assert 0 < chunks <= len(keys) <= chunks + INDEXED + LEAD_PERMUTATIONS

    @given(st.text(max_size=200))
    def test_packed_keys(self, text: str) -> None:
        """The packed keys are the keys joined, in order."""
        sketch = sketch_text(text + " " + STORY)
        assert sketch.packed_keys() == b"".join(sketch.keys())

    def test_packed_keys_of_repeated_chunks(self) -> None:
        """A sketch built with a repeated chunk key packs it once, as its keys name it."""
        sketch = Sketch(b"", bytes(range(16)), 3, b"\0\0\0\1" * 2 + b"\0\0\0\2")
        assert sketch.packed_keys() == b"".join(sketch.keys())
        assert len(sketch.packed_keys()) == 5 * (2 + LEAD_PERMUTATIONS)


_PROSE = st.lists(
    st.sampled_from(
        [
            *"aZ09_ '.!?,;-\"\n\u00e9\u00df\u20ac\u0301\u00a0\u3002\u0663",
            *["'s", "''", "U.S.", "don't", "it's.", "caf\u00e9's", "\u00e9'\u00e9", "\u20ac'"],
            "\u2019",
        ]
    ),
    max_size=60,
).map("".join)


class TestWords:
    """The words of each sentence, as the word pattern finds them, found in a quicker way."""

    @given(st.one_of(_PROSE, st.text(alphabet=st.characters(max_codepoint=127)), st.text()))
    def test_words_are_the_patterns(self, text: str) -> None:
        """Cutting UTF-8 bytes at spaces and loose apostrophes finds the pattern's words in each
        sentence (split at full stops, question and exclamation marks), non-ASCII letters,
        digits and symbols included."""
        found = [
            [word if isinstance(word, str) else word.decode() for word in part]
            for part in sketch_module._sentence_words(text)
        ]
        expected = [WORD_PATTERN.findall(part) for part in re.split(r"[.!?]", text)]
        assert found == expected

    def test_words_are_bytes(self) -> None:
        """Words come as UTF-8 bytes, a symbol between them cuts them as a space does."""
        words = sketch_module._sentence_words("café au€lait. é")
        assert words == [["café".encode(), b"au", b"lait"], ["é".encode()]]


def _chunks(text: str) -> set[int]:
    return set(np.frombuffer(sketch_text(text).chunks, dtype=">u4").tolist())


class TestChunkKeys:
    """One key per sentence, the same wherever the sentence stands."""

    def test_one_per_sentence(self) -> None:
        """Each of the story's five sentences has its key."""
        assert len(_chunks(STORY)) == STORY.count(". ") + 1

    def test_moved_sentences_keep_their_keys(self) -> None:
        """Moving the first sentence to the end changes no sentence's key."""
        sentences = STORY.split(". ")
        rotated = ". ".join(sentences[1:] + sentences[:1])
        assert _chunks(rotated) == _chunks(STORY)

    def test_teaser_keys_are_the_texts(self) -> None:
        """A teaser of two whole sentences holds two of the text's keys."""
        teaser = ". ".join(STORY.split(". ")[:2]) + "."
        assert len(_chunks(teaser)) == 2
        assert _chunks(teaser) <= _chunks(STORY)

    def test_text_without_punctuation_is_cut(self) -> None:
        """A long run of words with no sentence end still gets keys all along it."""
        words = " ".join(STORY.replace(".", "").split())
        assert len(words.split()) > 3 * CHUNK_SPLIT
        assert len(_chunks(words)) >= 3


class TestCompare:
    """compare() decides near, contained or nothing, and which text is fuller."""

    def test_identical(self) -> None:
        """A text matches itself as a near duplicate with similarity 1."""
        sketch = sketch_text(STORY)
        assert compare(sketch, sketch, NEAR, CONTAINED) == Match("near", 1.0, "original")

    def test_republished_with_boilerplate(self) -> None:
        """The story with an outlet's header and footer is a near duplicate."""
        copy = f"By Staff Reporter | Daily Courier\n\n{STORY}\n\nCopyright 2024 Daily Courier."
        match = compare(sketch_text(copy), sketch_text(STORY), NEAR, CONTAINED)
        assert match is not None
        assert match.kind == "near"
        assert match.fuller == "duplicate"

    def test_teaser_after_article(self) -> None:
        """The opening sentences, arriving later, are contained in the original."""
        teaser = " ".join(STORY.split(". ")[:2])
        match = compare(sketch_text(teaser), sketch_text(STORY), NEAR, CONTAINED)
        assert match is not None
        assert (match.kind, match.fuller) == ("contained", "original")

    def test_article_after_teaser(self) -> None:
        """The full story arriving after its teaser says the duplicate is the fuller text."""
        teaser = " ".join(STORY.split(". ")[:2])
        match = compare(sketch_text(STORY), sketch_text(teaser), NEAR, CONTAINED)
        assert match is not None
        assert (match.kind, match.fuller) == ("contained", "duplicate")

    def test_excerpt_of_an_edit(self) -> None:
        """A two-sentence teaser is contained in an edit that moved its first sentence to the
        end, whichever came first: sentence by sentence when the samples share too little."""
        sentences = STORY.split(". ")
        teaser = ". ".join(sentences[:2]) + "."
        rotated = ". ".join(sentences[1:] + sentences[:1])
        for later, earlier in ((teaser, rotated), (rotated, teaser)):
            match = compare(sketch_text(later), sketch_text(earlier), NEAR, CONTAINED)
            assert match is not None
            assert match.kind == "contained"

    def test_same_topic_is_not_a_copy(self) -> None:
        """A different article on the same topic matches neither way."""
        assert compare(sketch_text(OTHER), sketch_text(STORY), NEAR, CONTAINED) is None
        assert compare(sketch_text(STORY), sketch_text(OTHER), NEAR, CONTAINED) is None
