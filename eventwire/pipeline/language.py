"""Language detection for articles whose payload does not say. Both detectors carry their
models inside their packages; nothing is downloaded.

A fast first opinion, and lingua when it is unsure: py3langid (langid.py's naive Bayes model on
byte n-grams, numpy) classifies the first 300 characters in about 0.2 ms; when its normalised
probability is below ``CONFIDENT`` (short or mixed texts, close languages such as Indonesian and
Malay), lingua's low-accuracy mode decides, in about 3 ms. On bench/language.py's labelled sample
and on 229 Wikinews articles this was as accurate as lingua alone (its measured figures are in
docs/dedup.md) at a fraction of the time: language detection was the largest single cost of
normalisation. lingua's high-accuracy mode needs about 1.3 GB and half a minute to load and only
pays on texts of a few words, which articles are not.
"""

from __future__ import annotations

from functools import cache

from lingua import LanguageDetector, LanguageDetectorBuilder
from py3langid.langid import MODEL_FILE, LanguageIdentifier

DETECTED_CHARS = 300
CONFIDENT = 0.99
"""py3langid's normalised probability at or above which its answer stands without lingua."""


@cache
def _detector() -> LanguageDetector:
    # Every model is loaded now, not on the first article of each language: a worker builds
    # this before its pool forks, so a child never stalls on a load inside its time limit.
    return (
        LanguageDetectorBuilder.from_all_languages()
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def load_detectors() -> None:
    """Build both detectors now (a worker does this before its pool forks)."""
    _detector()
    _identifier()


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unsure."""
    head = text[:DETECTED_CHARS]
    code, probability = _identifier().classify(head)
    if probability >= CONFIDENT:
        return str(code)
    return detect_language_lingua(head)


def detect_language_lingua(text: str) -> str | None:
    """lingua alone (low-accuracy mode): the slower, surer opinion."""
    language = _detector().detect_language_of(text[:DETECTED_CHARS])
    return None if language is None else language.iso_code_639_1.name.lower()
