"""Language detection: lingua, for payloads that do not name their language."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
from py3langid.modelio import load_model

from eventwire.pipeline.intake import normalise_article
from eventwire.pipeline.language import (
    WINDOW,
    _all_negative_normal_halves,
    _identifier,
    _read_model,
    _walk,
    _widen_negative_halves,
    detect_language,
)
from eventwire.schemas.article import ArticleIn

SENTENCES = [
    ("en", "Rescue teams were still searching for survivors after the earthquake."),
    ("fr", "Les secours cherchaient encore des survivants après le séisme."),
    ("de", "Rettungskräfte suchten nach dem Erdbeben weiter nach Überlebenden."),
    ("es", "Los equipos de rescate seguían buscando supervivientes tras el terremoto."),
    ("ru", "Спасатели продолжали искать выживших после землетрясения."),
    ("ar", "واصلت فرق الإنقاذ البحث عن ناجين بعد الزلزال."),
]


class TestDetectLanguage:
    """detect_language names the language of a text by its ISO 639-1 code."""

    @pytest.mark.parametrize(("code", "text"), SENTENCES)
    def test_detects(self, code: str, text: str) -> None:
        """News sentences in several scripts are recognised."""
        assert detect_language(text) == code

    def test_unsure_is_none(self) -> None:
        """A text with no letters gives no language."""
        assert detect_language("12345 678") is None


class TestArticleLanguage:
    """normalise_article fills the language in only when the payload leaves it out."""

    def test_detected_when_absent(self) -> None:
        """An article without a language gets the detected one."""
        article = ArticleIn(source="wire", text=SENTENCES[1][1])
        assert normalise_article(article, "a1").language == "fr"

    def test_payload_wins(self) -> None:
        """The payload's own language is kept even when detection would differ."""
        article = ArticleIn(source="wire", text=SENTENCES[1][1], language="en")
        assert normalise_article(article, "a1").language == "en"


@pytest.fixture(scope="module")
def plain() -> LanguageIdentifier:
    """py3langid's classifier as it comes."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


class TestFeatureCounts:
    """py3langid's classifier with its features counted at once gives its own answers."""

    @settings(max_examples=300, deadline=None)
    @given(
        st.text(max_size=400)
        | st.text(st.sampled_from("abcdeéßøñ ’.,\nабвгдαβγ中文字"), max_size=400)
        | st.binary(max_size=400)
    )
    @example("")
    @example("short")
    @example(SENTENCES[4][1])
    def test_same_verdict_and_probability(
        self, plain: LanguageIdentifier, text: str | bytes
    ) -> None:
        """Language and probability are py3langid's own, to the last bit."""
        assert _identifier().classify(text) == plain.classify(text)

    def test_same_counts_as_the_walk(self) -> None:
        """The counts are the walk's, in the order the walk first meets each feature."""
        identifier = _identifier()
        for _, text in SENTENCES:
            data = identifier._encode(text * 3)
            counts = identifier._visits(data)
            assert list(counts.items()) == list(Counter(_walk(identifier, data)).items())

    def test_window_is_the_automaton_depth(self) -> None:
        """WINDOW is the depth of the deepest state (a breadth-first walk of the automaton)."""
        identifier = _identifier()
        moves, rows = identifier._moves, identifier._rows
        depth = np.full(len(rows), -1)
        depth[0] = 0
        frontier = np.array([0])
        level = 0
        while frontier.size:
            level += 1
            reached = np.unique(
                np.concatenate(
                    [
                        np.unique(moves[rows[part][:, None] + np.arange(256)])
                        for part in np.array_split(frontier, frontier.size // 2048 + 1)
                    ]
                )
            )
            frontier = reached[depth[reached] < 0]
            depth[frontier] = level
        assert int(depth.max()) == WINDOW


class TestReadModel:
    """The model read without copies is the one py3langid reads."""

    def test_same_tables(self) -> None:
        """Same probabilities, languages, and automaton (as the same ints) as load_model's."""
        ptc, pc, classes, nextmove, row, output = _read_model()
        theirs = load_model(MODEL_DIR / MODEL_FILE)
        assert ptc.tobytes() == theirs[0].tobytes()
        assert pc.tobytes() == theirs[1].tobytes()
        assert classes == theirs[2]
        assert nextmove.tolist() == theirs[3].tolist()
        assert row.tolist() == theirs[4].tolist()
        assert output.tolist() == theirs[5]

    def test_walk_reads_plain_ints(self) -> None:
        """The automaton's tables give Python ints, as the array and lists they replace did."""
        identifier = _identifier()
        looked_up = (identifier.tk_nextmove[300], identifier._rowbase[7], identifier.tk_output[9])
        assert all(type(value) is int for value in looked_up)


class TestWidenedModel:
    """The model's float16 rows widened by a bit shift are numpy's own widening."""

    def test_every_negative_normal_half(self) -> None:
        """Each of the 30,720 negative normal float16 values widens to numpy's float32."""
        halves = np.arange(0x8400, 0xFC00, dtype=np.uint16).view(np.float16)
        assert _all_negative_normal_halves(halves)
        widened = _widen_negative_halves(halves)
        assert widened.dtype == np.float32
        assert (
            widened.view(np.uint32).tolist() == halves.astype(np.float32).view(np.uint32).tolist()
        )

    @pytest.mark.parametrize("value", [0.0, -0.0, 1.0, -(2.0**-15), float("-inf"), float("nan")])
    def test_other_values_take_numpys_way(self, value: float) -> None:
        """A table holding zero, a positive, subnormal, infinite or NaN value is not widened."""
        table = np.array([[-1.0, -2.5], [-0.125, value]], dtype=np.float16)
        assert not _all_negative_normal_halves(table)

    def test_py3langids_model_is_widened(self) -> None:
        """py3langid's model holds only negative normal values, so every score is widened."""
        assert _identifier()._negative_halves

    def test_same_scores(self, plain: LanguageIdentifier) -> None:
        """Every language's score is py3langid's own, to the last bit, not only the best one."""
        identifier = _identifier()
        for _, text in SENTENCES:
            for sample in (text, text * 4, text.upper()):
                mine, theirs = identifier._decide(sample), plain._decide(sample)
                assert mine.dtype == theirs.dtype
                assert mine.tobytes() == theirs.tobytes()
