"""Shingle sketches and their comparison: near duplicates, containment, and what is neither."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.sketch import (
    INDEXED,
    LEAD_PERMUTATIONS,
    PROBE,
    SAMPLE,
    Match,
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

    def test_index_keys(self) -> None:
        """Index and probe keys are distinct tagged five-byte keys; every index key is probed."""
        sketch = sketch_text(STORY)
        keys = sketch.index_keys()
        assert len(set(keys)) == len(keys) == INDEXED + LEAD_PERMUTATIONS
        assert all(len(key) == 5 for key in keys)
        probe = sketch.probe_keys()
        assert set(keys) <= set(probe)
        assert len(set(probe)) == len(probe) == min(PROBE, sketch.shingles) + LEAD_PERMUTATIONS


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

    def test_same_topic_is_not_a_copy(self) -> None:
        """A different article on the same topic matches neither way."""
        assert compare(sketch_text(OTHER), sketch_text(STORY), NEAR, CONTAINED) is None
        assert compare(sketch_text(STORY), sketch_text(OTHER), NEAR, CONTAINED) is None
