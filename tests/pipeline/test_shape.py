"""The shape check: long stretches of one repeated unit are found, named and rejected; news is
not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.normalise import normalise_text
from eventwire.pipeline.shape import (
    MAX_REPEAT_CHARS,
    Repeat,
    check_shape,
    longest_repeat,
    may_repeat,
)
from eventwire.schemas.errors import DataError
from tests.shared_eval import eval_file

ROOT = Path(__file__).resolve().parents[2]


def _news() -> list[str]:
    """Real article texts: the examples, and the Wikinews articles of ../shared/eval."""
    texts: list[str] = []
    for path in [ROOT / "examples" / "articles.jsonl", eval_file("geovirus.jsonl")]:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue  # the examples hold a deliberately broken line
            if isinstance(row, dict) and isinstance(row.get("text"), str):
                texts.append(row["text"])
    return texts


class TestLongestRepeat:
    """Finds the longest stretch made of one short unit, with where it starts."""

    def test_finds_the_unit_and_its_stretch(self) -> None:
        """A 6-character unit repeated 500 times after one other character."""
        assert longest_repeat("x" + "Aa Bb " * 500 + "said") == Repeat(1, 3_000, 6)

    def test_single_character_run(self) -> None:
        """A run of one character is a unit of length 1."""
        assert longest_repeat('He said "' + '"' * 99 + " end") == Repeat(8, 100, 1)

    def test_empty_and_tiny_texts(self) -> None:
        """Nothing to compare is no repeat."""
        assert longest_repeat("") == Repeat(0, 0, 0)
        assert longest_repeat("a").length == 0

    @given(st.text(max_size=300), st.integers(min_value=1, max_value=32))
    def test_any_repeated_unit_is_found(self, unit: str, period: int) -> None:
        """A unit repeated over 1,200 characters yields a stretch at least that long."""
        unit = (unit or "ab")[:period]
        stretch = unit * (1_200 // len(unit) + 1)
        assert longest_repeat("start " + stretch + " end").length >= len(stretch)


class TestMayRepeat:
    """The cheap test before the exact one never clears a text the exact one rejects."""

    @given(
        st.text(alphabet="ab ,.x\u00e9", min_size=1, max_size=32),
        st.integers(min_value=0, max_value=200),
        st.text(max_size=600),
        st.text(max_size=600),
    )
    def test_never_clears_a_long_stretch(
        self, unit: str, extra: int, before: str, after: str
    ) -> None:
        """Whatever surrounds it, a stretch just over the limit (or longer) is let through to
        the exact search."""
        stretch = (unit * (2 * MAX_REPEAT_CHARS // len(unit) + 1))[: MAX_REPEAT_CHARS + 1 + extra]
        text = before + stretch + after
        if longest_repeat(text).length > MAX_REPEAT_CHARS:
            assert may_repeat(text, MAX_REPEAT_CHARS)

    def test_clears_real_news(self) -> None:
        """No example or Wikinews article needs the exact search."""
        assert not any(may_repeat(normalise_text(t), MAX_REPEAT_CHARS) for t in _news())


class TestCheckShape:
    """Texts with a long repeated stretch are data errors; real news passes."""

    def test_repeated_unit_is_pathological_text(self) -> None:
        """The reason is pathological_text at normalise, and the message names the unit."""
        with pytest.raises(DataError) as raised:
            check_shape("Intro. " + " ," * 2_000)
        assert (raised.value.stage, raised.value.reason) == ("normalise", "pathological_text")
        assert "' ,'" in raised.value.message

    def test_stretch_at_the_limit_passes(self) -> None:
        """Exactly the limit is accepted; one character more is not."""
        check_shape("-" * MAX_REPEAT_CHARS)
        with pytest.raises(DataError):
            check_shape("-" * (MAX_REPEAT_CHARS + 1))

    def test_real_news_passes(self) -> None:
        """No example or Wikinews article comes near the limit."""
        texts = _news()
        assert len(texts) >= 5
        longest = max(longest_repeat(normalise_text(text)).length for text in texts)
        assert longest < MAX_REPEAT_CHARS / 10
        for text in texts:
            check_shape(normalise_text(text))
