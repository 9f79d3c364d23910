"""Normalise stage output digest: a guard for speed work that must not change any output.

Runs the normalise stage (``normalise_article`` and the shape check, as the pipeline does) over
the benchmark corpora and prints a SHA-256 of every outcome (the NormalisedArticle as JSON, or
the reason of the DataError that rejected it), per corpus and over all of them:

- throughput: the payloads of bench/throughput.py's generator (its default run: 20,000 articles,
  20% copies, 1% invalid, seed 1; ``--count`` for another size);
- wikinews: the 229 Wikinews texts of ../shared/eval/geovirus.jsonl (read in place), as
  bench/pipeline_stages.py and bench/enrich_speed.py send them;
- examples: examples/*.jsonl and examples/*.json;
- languages: the labelled sentences of bench/data/language_sample.jsonl (15 languages);
- damaged: the first 60 Wikinews texts damaged the ways the normalisation repairs (mojibake,
  CRLF and tabs, hard wrapping, zero-width and control characters, terminal escapes, odd
  spaces, decomposed accents), as text and, for 20 of them, as an HTML page.

    python bench/normalise_identity.py [--count 20000] [--dump FILE]

With --dump it also writes every outcome as a JSON line, to diff two runs when a digest differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from eventwire.pipeline.intake import normalise_article
from eventwire.pipeline.language import load_detectors
from eventwire.pipeline.shape import check_shape
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.errors import DataError

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / ".." / "shared" / "eval" / "geovirus.jsonl"
SAMPLE = ROOT / "bench" / "data" / "language_sample.jsonl"
DAMAGED = 60
HTML_PAGES = 20
WIKINEWS_DAY = "2020-01-01T00:00:00Z"

Corpus = list[tuple[str, Any]]


def _throughput(count: int) -> Corpus:
    sys.path.insert(0, str(ROOT / "bench"))
    from throughput import generate  # noqa: PLC0415  # bench/throughput.py, beside this script

    return [(f"throughput-{n}", p) for n, p in enumerate(generate(count, 0.20, 0.01, 1))]


def _wikinews() -> list[str]:
    return [json.loads(line)["text"] for line in EVAL.read_text(encoding="utf-8").splitlines()]


def _examples() -> Corpus:
    out: Corpus = []
    for path in sorted((ROOT / "examples").glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            try:
                out.append((f"{path.name}:{n}", json.loads(line)))
            except json.JSONDecodeError:
                continue  # the examples hold one line that is not JSON on purpose
    out.extend(
        (path.name, json.loads(path.read_text(encoding="utf-8")))
        for path in sorted((ROOT / "examples").glob("*.json"))
    )
    return out


def _mojibake(text: str, encoding: str) -> str:
    return text.encode("utf-8").decode(encoding, errors="replace")


_DAMAGES: dict[str, Callable[[str], str]] = {
    "cp1252": lambda t: _mojibake(t.replace("'", "\u2019").replace(" - ", " \u2014 "), "cp1252"),
    "latin1": lambda t: _mojibake("Caf\u00e9 \u00ab " + t + " \u00bb", "latin-1"),
    "crlf-tabs": lambda t: t.replace("\n\n", "\r\n \t\r\n").replace(". ", ".\t "),
    "wrapped": lambda t: "\n".join(t[i : i + 71] for i in range(0, len(t), 71)),
    "invisible": lambda t: t.replace("the ", "the\u200b ").replace("ion", "i\u00adon"),
    "controls": lambda t: "\x1b[1m" + t.replace(". ", ".\x07 ").replace(",", ",\x85") + "\x1b[0m",
    "spaces": lambda t: t.replace(" ", "\u00a0", 40).replace(". ", ".\u2003\u3000"),
    "decomposed": lambda t: unicodedata.normalize("NFD", "\u00c9l\u00e9ments: " + t),
    "paragraphs": lambda t: t.replace("\n\n", "\u2029").replace(". T", ".\u2028T"),
    "c1": lambda t: t.replace("'", "\x92").replace('"', "\x93"),
}


def _damaged(texts: list[str]) -> Corpus:
    out: Corpus = []
    for number, text in enumerate(texts[:DAMAGED]):
        for name, damage in _DAMAGES.items():
            title = damage(text.split(".")[0][:120])
            out.append(
                (
                    f"damaged-{number}-{name}",
                    {"source": "identity", "title": title, "text": damage(text)},
                )
            )
        if number < HTML_PAGES:
            body = "".join(f"<p>{p}</p>\n" for p in text.split("\n\n"))
            page = (
                f"<html><head><title>{text[:60]}</title></head><body><nav>Home | World</nav>"
                f"<article>{body}</article><footer>Copyright</footer></body></html>"
            )
            out.append((f"html-{number}", {"source": "identity", "html": page}))
    return out


def corpora(count: int) -> dict[str, Corpus]:
    """Every benchmark corpus, as ``(label, payload)`` pairs."""
    texts = _wikinews()
    sample = [json.loads(line) for line in SAMPLE.read_text(encoding="utf-8").splitlines()]
    return {
        "throughput": _throughput(count),
        "wikinews": [
            (f"wikinews-{n}", {"source": "wikinews", "text": t, "published_at": WIKINEWS_DAY})
            for n, t in enumerate(texts)
        ],
        "examples": _examples(),
        "languages": [
            (f"language-{n}", {"source": "sample", "text": s["text"]}) for n, s in enumerate(sample)
        ],
        "damaged": _damaged(texts),
    }


def outcome(label: str, payload: Any) -> dict[str, Any]:
    """What the normalise stage makes of ``payload``: the article as JSON, or why not."""
    try:
        article = ArticleIn.model_validate(payload)
    except ValidationError:
        return {"label": label, "invalid": True}
    try:
        normalised = normalise_article(article, f"art_{label}")
        check_shape(normalised.text)
    except DataError as error:
        return {"label": label, "rejected": str(error)}
    return {"label": label, **normalised.model_dump(mode="json")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="throughput payloads")
    parser.add_argument("--dump", type=Path, help="write every outcome as a JSON line here")
    args = parser.parse_args()
    load_detectors()
    whole = hashlib.sha256()
    lines: list[str] = []
    for name, corpus in corpora(args.count).items():
        digest = hashlib.sha256()
        rejected = 0
        for label, payload in corpus:
            result = outcome(label, payload)
            rejected += "invalid" in result or "rejected" in result
            line = json.dumps(result, sort_keys=True, ensure_ascii=False)
            digest.update(line.encode())
            whole.update(line.encode())
            lines.append(line)
        print(f"  {name:<11} {len(corpus):6} payloads ({rejected:4} rejected) {digest.hexdigest()}")
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"all: {whole.hexdigest()}")


if __name__ == "__main__":
    main()
