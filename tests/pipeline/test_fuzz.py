"""Bounded fuzzing of the stages that run regular expressions over article text: no input makes
normalise or enrich crash, and none makes them slower than their limit (no catastrophic
backtracking). Inputs are built from the pieces the patterns look for, in any order."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from eventwire.pipeline import DEFAULT_ENRICHERS
from eventwire.pipeline.enrich.base import enrich
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.errors import DataError

STAGE_LIMIT_SECONDS = 1.0
"""Most CPU time a stage may take on one fuzzed article (inputs are up to ~20 kB). CPU time of
this process, not wall-clock time: other processes' load (a CI machine running the suite on
both cores) must not fail it; catastrophic backtracking costs CPU, orders of magnitude more."""

PIECES = st.sampled_from(
    [
        "“", "”", '"', "'", ",", ".", " ", "  ", "\n", "\n\n", "\t", "\x00", "\u200b", "\ud7ff",
        "said", "says", "told", "added", "He", "She", "They", "the", "a", "an", "that",
        "Lavrov", "Abu", "al-Assad", "de", "van", "A.", "J.", "Mr", "officials", "adding",
        "<p>", "</p>", "<script>", "&amp;", "Aa", "Bb", "-", "’", "who", "in",
    ]
)  # fmt: skip
TEXTS = st.one_of(
    st.lists(PIECES, max_size=400).map(" ".join),
    st.lists(PIECES, max_size=400).map("".join),
    st.text(max_size=2000),
)


def _timed_stages(text: str) -> dict[str, float]:
    started = time.process_time()
    try:
        article = ArticleIn(source="fuzz", text=text, published_at=datetime(2024, 1, 1, tzinfo=UTC))
    except ValidationError:  # rejected with a reason: a dead letter, not a crash
        return {"validate": time.process_time() - started}
    started = time.process_time()
    try:
        normalised = normalise_article(article, "art_fuzz")
    except DataError:
        return {"normalise": time.process_time() - started}
    normalised_at = time.process_time()
    enrich(normalised, DEFAULT_ENRICHERS)
    return {"normalise": normalised_at - started, "enrich": time.process_time() - normalised_at}


@pytest.fixture(scope="module", autouse=True)
def _warm() -> None:
    """Build what the stages build on first use (dictionaries, gazetteer, the language models):
    the limit is on handling a text, not on building them."""
    _timed_stages("Lavrov said on Monday that officials in Moscow met the delegation of Syria.")


class TestRegexSafety:
    """Normalise and enrich stay fast and never crash on adversarial text."""

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(TEXTS)
    def test_fuzzed_text_is_handled_within_the_limit(self, text: str) -> None:
        """Any mix of quote marks, names, speech verbs, markup and controls: no crash, and each
        stage under its limit."""
        timings = _timed_stages(text)
        assert max(timings.values()) < STAGE_LIMIT_SECONDS, timings

    @pytest.mark.parametrize(
        "text",
        [
            "“" + "Aa Bb " * 20_000 + "said" + " ," * 5_000 + '"' * 3_000,
            ("He said “" + "x " * 50 + "” ") * 2_000,
            "A " * 60_000 + "said “quoted words here for the test” ",
            "“" + "the " * 40_000,
            '"' * 100_000,
        ],
        ids=["unclosed", "many-quotes", "name-run", "description-run", "quote-marks"],
    )
    def test_worst_cases_stay_under_the_limit(self, text: str) -> None:
        """Texts of 100-300 kB shaped for backtracking finish each stage within the limit."""
        timings = _timed_stages(text)
        assert max(timings.values()) < 5 * STAGE_LIMIT_SECONDS, timings
