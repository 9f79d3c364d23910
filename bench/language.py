"""Language detection: accuracy and speed of eventwire's detector (py3langid, lingua when unsure)
and of lingua's and py3langid's modes alone, on a labelled multilingual sample
(bench/data/language_sample.jsonl: short news-like sentences written for this repository, 15
languages) and on the 229 English Wikinews texts of ../shared/eval/geovirus.jsonl.

Prints, for each mode, accuracy, microseconds per text and the time to build the detector and
load its models (max RSS is cumulative over the modes); the baseline, measured in the same run,
is lingua's low-accuracy mode on the whole text.

    python bench/language.py
"""

from __future__ import annotations

import json
import resource
import time
from collections.abc import Callable
from pathlib import Path

from lingua import LanguageDetectorBuilder
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from eventwire.pipeline import language

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "bench" / "data" / "language_sample.jsonl"
EVAL = ROOT / ".." / "shared" / "eval" / "geovirus.jsonl"


def main() -> None:
    sample = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    wikinews = [
        {"lang": "en", "text": json.loads(line)["text"]}
        for line in EVAL.read_text(encoding="utf-8").splitlines()
    ]
    print(
        f"{len(sample)} labelled sentences in {len({s['lang'] for s in sample})} languages; "
        f"{len(wikinews)} Wikinews articles (en)"
    )
    print("machine: 2 cores shared with other engineers' runs (timings are indicative)")
    modes: dict[str, Callable[[], Callable[[str], str | None]]] = {
        "eventwire (py3langid, lingua if unsure)": _eventwire,
        "py3langid alone, first 300 chars": _py3langid,
        "lingua low accuracy, first 300 chars": lambda: _lingua(low=True, cut=300),
        "lingua low accuracy (baseline)": lambda: _lingua(low=True, cut=None),
        "lingua high accuracy": lambda: _lingua(low=False, cut=None),
    }
    print(
        f"{'mode':40} {'sample acc':>10} {'us/sent':>8} {'wikinews acc':>12} {'us/article':>10}"
        f" {'load s':>7} {'maxrss MB':>9}"
    )
    for name, build in modes.items():
        started = time.perf_counter()
        detect = build()
        load = time.perf_counter() - started
        rows = []
        for data in (sample, wikinews):
            started = time.perf_counter()
            found = [detect(item["text"]) for item in data]
            per = (time.perf_counter() - started) * 1e6 / len(data)
            right = sum(code == item["lang"] for code, item in zip(found, data, strict=True))
            rows.append((right / len(data), per))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{name:40} {rows[0][0]:10.3f} {rows[0][1]:8.0f} {rows[1][0]:12.3f} "
            f"{rows[1][1]:10.0f} {load:7.2f} {rss:9.0f}"
        )
        misses = [
            (item["lang"], item["text"][:40])
            for item in sample
            if detect(item["text"]) != item["lang"]
        ]
        print(f"  missed: {misses}")


def _eventwire() -> Callable[[str], str | None]:
    language.load_detectors()
    return language.detect_language


def _py3langid() -> Callable[[str], str | None]:
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    return lambda text: str(identifier.classify(text[:300])[0])


def _lingua(low: bool, cut: int | None) -> Callable[[str], str | None]:
    builder = LanguageDetectorBuilder.from_all_languages()
    if low:
        builder = builder.with_low_accuracy_mode()
    detector = builder.with_preloaded_language_models().build()

    def detect(text: str) -> str | None:
        found = detector.detect_language_of(text[:cut])
        return None if found is None else found.iso_code_639_1.name.lower()

    return detect


if __name__ == "__main__":
    main()
