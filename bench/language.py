"""Language detection: accuracy and speed of lingua's modes on a labelled multilingual sample
(bench/data/language_sample.jsonl: short news-like sentences written for this repository, 15
languages) and on the 229 English Wikinews texts of ../shared/eval/geovirus.jsonl.

Prints, for each mode, accuracy, microseconds per text and the time to build the detector and
load its models; the baseline, measured in the same run, is lingua's low-accuracy mode on
the whole text.

    python bench/language.py
"""

from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from lingua import LanguageDetectorBuilder

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
    modes = {
        "low accuracy, first 300 chars": LanguageDetectorBuilder.from_all_languages()
        .with_low_accuracy_mode()
        .with_preloaded_language_models(),
        "low accuracy (baseline)": LanguageDetectorBuilder.from_all_languages()
        .with_low_accuracy_mode()
        .with_preloaded_language_models(),
        "high accuracy": (
            LanguageDetectorBuilder.from_all_languages().with_preloaded_language_models()
        ),
    }
    print(
        f"{'mode':26} {'sample acc':>10} {'us/sent':>8} {'wikinews acc':>12} {'us/article':>10}"
        f" {'load s':>7} {'maxrss MB':>9}"
    )
    for name, builder in modes.items():
        started = time.perf_counter()
        detector = builder.build()
        load = time.perf_counter() - started
        rows = []
        for data in (sample, wikinews):
            started = time.perf_counter()
            cut = 300 if "300" in name else None
            found = [detector.detect_language_of(item["text"][:cut]) for item in data]
            per = (time.perf_counter() - started) * 1e6 / len(data)
            right = sum(
                lang is not None and lang.iso_code_639_1.name.lower() == item["lang"]
                for lang, item in zip(found, data, strict=True)
            )
            rows.append((right / len(data), per))
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(
            f"{name:26} {rows[0][0]:10.3f} {rows[0][1]:8.0f} {rows[1][0]:12.3f} "
            f"{rows[1][1]:10.0f} {load:7.2f} {rss:9.0f}"
        )
        misses = [
            (item["lang"], item["text"][:40])
            for item in sample
            if (lang := detector.detect_language_of(item["text"][: 300 if "300" in name else None]))
            is None
            or lang.iso_code_639_1.name.lower() != item["lang"]
        ]
        print(f"  missed: {misses}")


if __name__ == "__main__":
    main()
