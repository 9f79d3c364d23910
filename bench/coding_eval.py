"""How well the event coder codes who did what to whom, against our own labelled sentences.

Reads the gold of bench/data/coding_gold.jsonl (sentences of the Wikinews articles in
../shared/eval/geovirus.jsonl and of examples/, by article and character offsets), rebuilds
each article through the project's own intake normalisation, runs the production enrichers
(``eventwire.pipeline.DEFAULT_ENRICHERS``, whatever they are at run time) and the coder on the
whole article, keeps the coded events whose sentence overlaps the gold sentence, and prints
precision, recall and F1 of (source, target, root) triples and of (source, target, full code),
overall and per root family, for the coder and, measured in the same run, for a naive baseline
(each dictionary verb's block code, the nearest actor before it and the first after it; no
patterns, no agents, no passive, no negation). Then the coding speed: ms per 3 KB article for
``code_article`` alone on every geovirus article, next to the time of the other enrichers.

Actors are compared on their country or organisation part: the first three letters of a state
code (``RUSGOV`` -> ``RUS``), the first six of an inter-governmental one (``IGOUNOHLHWHO`` ->
``IGOUNO``), the first three of any other (``NGOHLHMSF`` -> ``NGO``).

The gold is split in two halves by article (the parity of the first byte of the SHA-256 of the
article's name): the coder's rules are tuned on the ``tune`` half only, whose errors
``--errors`` prints by category (wrong source, wrong target, wrong root, missed, spurious), and
the ``held-out`` half says whether a change generalises. Both halves are scored on every run.
(Earlier work, up to commit 2448eb2, tuned on the whole set.)

    python bench/coding_eval.py [--errors 20] [--errors-half tune] [--repeat 5] [--gold FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pycountry

import eventwire
from eventwire.pipeline import DEFAULT_ENRICHERS, enrich
from eventwire.pipeline.coding.actions import tokenize
from eventwire.pipeline.coding.coder import (
    Lexicon,
    code_article,
    code_events,
    default_lexicon,
    sentences,
)
from eventwire.pipeline.enrich import Enricher
from eventwire.pipeline.intake import normalise_article
from eventwire.pipeline.normalise import normalise_text
from eventwire.schemas.article import ArticleIn, NormalisedArticle
from eventwire.schemas.enrichment import CodedEvent, Enrichment

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "bench" / "data" / "coding_gold.jsonl"
GEOVIRUS = REPO / ".." / "shared" / "eval" / "geovirus.jsonl"
GEOVIRUS_DATE = datetime(2009, 1, 1, tzinfo=UTC)
"""Geovirus gives no publication dates; its articles span 2005-2017, so one date mid-way."""
THREE_KB = 3 * 1024

Triple = tuple[str | None, str | None, str]

HALVES = ("tune", "held-out")
ERROR_KINDS = ("wrong source", "wrong target", "wrong root", "missed", "spurious")


def half_of(article: str) -> str:
    """The half of the gold an article's sentences belong to (all of an article's sentences
    fall in the same half, so rules tuned on one half never saw the other's articles)."""
    return HALVES[hashlib.sha256(article.encode("utf-8")).digest()[0] % 2]


@dataclass(frozen=True, slots=True)
class GoldEvent:
    source: str | None
    target: str | None
    code: str

    def triple(self) -> Triple:
        return actor_key(self.source), actor_key(self.target), self.code[:2]

    def full(self) -> Triple:
        return actor_key(self.source), actor_key(self.target), self.code


@dataclass(frozen=True, slots=True)
class GoldSentence:
    sentence_id: str
    article: str
    start: int
    end: int
    events: tuple[GoldEvent, ...]
    note: str


@dataclass(frozen=True, slots=True)
class Located:
    """A gold sentence found in its normalised article."""

    gold: GoldSentence
    start: int
    end: int
    text: str


def actor_key(code: str | None) -> str | None:
    """The country or organisation part of an actor code, which the triples compare."""
    if not code:
        return None
    return code[:6] if code.startswith("IGO") else code[:3]


def load_gold(path: Path = GOLD) -> list[GoldSentence]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [
        GoldSentence(
            sentence_id=row["id"],
            article=row["article"],
            start=row["start"],
            end=row["end"],
            events=tuple(GoldEvent(e["source"], e["target"], e["code"]) for e in row["events"]),
            note=row["note"],
        )
        for row in rows
    ]


def raw_articles() -> dict[str, dict[str, Any]]:
    """Every article the gold may refer to, by the name the gold uses, as an intake payload."""
    found: dict[str, dict[str, Any]] = {}
    for line in GEOVIRUS.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        found[row["id"]] = {
            "source": "wikinews",
            "url": row["source_url"],
            "text": row["text"],
            "published_at": GEOVIRUS_DATE,
        }
    seed = json.loads((REPO / "examples" / "seed_article.json").read_text(encoding="utf-8"))
    found["examples/seed_article.json"] = seed
    lines = (REPO / "examples" / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if line.startswith("{"):
            found[f"examples/articles.jsonl:{index}"] = json.loads(line)
    return found


def normalised(name: str, payload: dict[str, Any]) -> NormalisedArticle:
    article = ArticleIn.model_validate(
        {key: payload[key] for key in ("source", "url", "text", "published_at") if key in payload}
    )
    return normalise_article(article, f"bench-{name}")


def locate(gold: GoldSentence, raw_text: str, article: NormalisedArticle) -> Located | None:
    """The gold sentence's span in the normalised text (it is normalised the same way)."""
    wanted = normalise_text(raw_text[gold.start : gold.end]).strip()
    at = article.text.find(wanted)
    if at < 0:
        return None
    return Located(gold, at, at + len(wanted), wanted)


def other_enrichers() -> list[Enricher]:
    """The production enrichers without the coder, which the bench runs (and times) itself."""
    return [
        enricher
        for enricher in DEFAULT_ENRICHERS
        if enricher is not code_events and getattr(enricher, "__name__", "") != "code_events"
    ]


@cache
def _alpha3(alpha2: str) -> str | None:
    country = pycountry.countries.get(alpha_2=alpha2)
    return None if country is None else str(country.alpha_3)


def baseline_events(article: NormalisedArticle, found: Enrichment) -> list[tuple[int, Triple]]:
    """The naive coder: every dictionary verb with a block code, the nearest actor before it
    as source and the first actor after it as target, within the sentence; (start, full)."""
    actors: list[tuple[int, int, str]] = []
    for entity in found.entities:
        code = entity.actor_code or (_alpha3(entity.country) if entity.country else None)
        if code:
            actors += [(s.start, s.end, code) for s in [entity.span, *entity.mentions]]
    for place in found.places:
        if place.kind == "country" and place.country and (code := _alpha3(place.country)):
            actors.append((place.span.start, place.span.end, code))
    verbs = default_lexicon().verbs
    events: list[tuple[int, Triple]] = []
    for span in sentences(article.text):
        inside = sorted(a for a in actors if span.start <= a[0] and a[1] <= span.end)
        for token in tokenize(article.text[span.start : span.end], span.start):
            forms = verbs.lookup(token.upper)
            code = next((form.block.code for form in forms if form.block.code), None)
            if code is None:
                continue
            before = [a for a in inside if a[1] <= token.start]
            after = [a for a in inside if a[0] >= token.end]
            source = before[-1][2] if before else None
            target = after[0][2] if after else None
            if source is None and target is None:
                continue
            events.append((token.start, (source, target, code)))
    return events


@dataclass(slots=True)
class Score:
    """Counts of true positives, predictions and gold items."""

    hit: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, predicted: Iterable[Triple], gold: Iterable[Triple]) -> None:
        p, g = Counter(predicted), Counter(gold)
        self.hit += sum((p & g).values())
        self.predicted += sum(p.values())
        self.gold += sum(g.values())

    def line(self) -> str:
        precision = self.hit / self.predicted if self.predicted else 0.0
        recall = self.hit / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return (
            f"P {precision:.3f}  R {recall:.3f}  F1 {f1:.3f}"
            f"  (hits {self.hit}, predicted {self.predicted}, gold {self.gold})"
        )


@dataclass(slots=True)
class Scores:
    """Everything measured for one coder."""

    triples: Score
    full: Score
    roots: Score
    """Root codes alone, actors ignored: whether the action was recognised at all."""
    by_root: dict[str, Score]
    false_alarms: int
    """Events predicted on sentences whose gold says no codable event."""

    @classmethod
    def empty(cls) -> Scores:
        return cls(Score(), Score(), Score(), defaultdict(Score), 0)

    def add(self, gold: GoldSentence, predicted: Sequence[Triple]) -> None:
        truth = [event.full() for event in gold.events]
        self.full.add(predicted, truth)
        triples = [(s, t, code[:2]) for s, t, code in predicted]
        gold_triples = [(s, t, code[:2]) for s, t, code in truth]
        self.triples.add(triples, gold_triples)
        self.roots.add(
            [(None, None, c[:2]) for *_, c in predicted], [(None, None, c[:2]) for *_, c in truth]
        )
        for root in {t[2] for t in triples} | {t[2] for t in gold_triples}:
            self.by_root[root].add(
                [t for t in triples if t[2] == root], [t for t in gold_triples if t[2] == root]
            )
        if not gold.events:
            self.false_alarms += len(predicted)


def classify(predicted: Sequence[Triple], truth: Sequence[Triple]) -> list[tuple[str, str]]:
    """The triples that do not match, each with its kind of error: a predicted and a gold triple
    that differ in one part only are one wrong source, target or root; what is left over is a
    missed gold event or a spurious prediction. Pairs are matched in that order."""
    extra = list((Counter(map(rooted, predicted)) - Counter(map(rooted, truth))).elements())
    lost = list((Counter(map(rooted, truth)) - Counter(map(rooted, predicted))).elements())
    found: list[tuple[str, str]] = []
    for kind, part in (("wrong source", 0), ("wrong target", 1), ("wrong root", 2)):
        for gold in list(lost):
            same = [p for p in extra if all(p[i] == gold[i] for i in range(3) if i != part)]
            if same:
                extra.remove(same[0])
                lost.remove(gold)
                found.append((kind, f"gold {gold} coded {same[0]}"))
    found += [("missed", f"gold {gold}") for gold in lost]
    found += [("spurious", f"coded {p}") for p in extra]
    return found


def coded(event: CodedEvent) -> Triple:
    return (
        actor_key(event.source.code if event.source else None),
        actor_key(event.target.code if event.target else None),
        event.cameo_code,
    )


def suppressed(text: str, phrases: frozenset[tuple[str, ...]]) -> bool:
    """Whether a sentence-level discard phrase of the Phoenix list occurs in ``text``."""
    words = [token.upper for token in tokenize(text)]
    return any(
        tuple(words[at : at + len(phrase)]) == phrase
        for phrase in phrases
        for at in range(len(words))
        if words[at] == phrase[0]
    )


def rooted(triple: Triple) -> Triple:
    """The triple with its code cut to the root."""
    return triple[0], triple[1], triple[2][:2]


def overlaps(start: int, end: int, located: Located) -> bool:
    return start < located.end and located.start < end


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(fn: Any, *args: Any, repeat: int) -> tuple[Any, float]:
    """The result of ``fn(*args)`` and its fastest time of ``repeat`` runs, in ms."""
    best = float("inf")
    result: Any = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn(*args)
        best = min(best, (time.perf_counter() - started) * 1000)
    return result, best


@dataclass(slots=True)
class Run:
    """What one run of the bench has measured so far."""

    errors_half: str
    """The half whose misses are kept for printing (or 'all')."""
    coder: Scores = field(default_factory=Scores.empty)
    baseline: Scores = field(default_factory=Scores.empty)
    halves: dict[str, Scores] = field(default_factory=lambda: {h: Scores.empty() for h in HALVES})
    error_kinds: dict[str, Counter[str]] = field(
        default_factory=lambda: {h: Counter() for h in HALVES}
    )
    missing: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    discarded: list[GoldSentence] = field(default_factory=list)

    def score(
        self,
        located: Located,
        events: Sequence[CodedEvent],
        naive: Sequence[tuple[int, Triple]],
        lexicon: Lexicon,
    ) -> None:
        """Score the coder's and the baseline's events on one gold sentence."""
        sentence = located.gold
        predicted = [
            coded(e)
            for e in events
            if not e.negated and overlaps(e.sentence.start, e.sentence.end, located)
        ]
        self.coder.add(sentence, predicted)
        half = half_of(sentence.article)
        self.halves[half].add(sentence, predicted)
        if suppressed(located.text, lexicon.discards.sentence):
            self.discarded.append(sentence)
        self.baseline.add(sentence, [t for at, t in naive if located.start <= at < located.end])
        wrong = classify(predicted, [e.full() for e in sentence.events])
        self.error_kinds[half].update(kind for kind, _ in wrong)
        if wrong and self.errors_half in (half, "all"):
            self.misses.append(
                f"  {sentence.sentence_id} ({half}): "
                + "; ".join(f"{kind}: {what}" for kind, what in wrong)
                + f"\n    {located.text[:300]}"
            )


def report(name: str, scores: Scores, none_sentences: int) -> None:
    print(f"\n{name}")
    print(f"  triples (source, target, root)   {scores.triples.line()}")
    print(f"  full codes (source, target, code) {scores.full.line()}")
    print(f"  roots alone (actors ignored)      {scores.roots.line()}")
    print(f"  events predicted on the {none_sentences} no-event sentences: {scores.false_alarms}")
    print("  triples per root family:")
    for root in sorted(scores.by_root):
        print(f"    {root}  {scores.by_root[root].line()}")


def report_halves(halves: dict[str, Scores], errors: dict[str, Counter[str]]) -> None:
    print("\n  by half of the gold (rules are tuned on 'tune' only):")
    for half in HALVES:
        print(f"    {half:9} triples {halves[half].triples.line()}")
        print(f"    {'':9} full    {halves[half].full.line()}")
        kinds = ", ".join(f"{kind} {errors[half][kind]}" for kind in ERROR_KINDS)
        print(f"    {'':9} errors: {kinds}")


def report_speed(code_ms: Sequence[float], enrich_ms: Sequence[float], repeat: int) -> None:
    print(
        f"\nspeed on {len(code_ms)} geovirus articles, ms per 3 KB article, one process "
        "(2 cores shared with other engineers' runs):"
    )
    print(
        f"  code_article alone     median {statistics.median(code_ms):.3f}  "
        f"p95 {percentile(code_ms, 0.95):.3f}  (fastest of {repeat} runs per article)"
    )
    print(
        f"  the other enrichers    median {statistics.median(enrich_ms):.3f}  "
        f"p95 {percentile(enrich_ms, 0.95):.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--errors", type=int, default=0, help="print this many coder misses")
    parser.add_argument(
        "--errors-half",
        choices=(*HALVES, "all"),
        default="tune",
        help="which half of the gold --errors prints from (default: tune)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timing runs per article")
    parser.add_argument(
        "--gold",
        type=Path,
        default=GOLD,
        help="the labels to score against, in coding_gold.jsonl's format (default: that file)",
    )
    args = parser.parse_args()
    print(eventwire.build_line())

    gold = load_gold(args.gold)
    payloads = raw_articles()
    enrichers = other_enrichers()
    lexicon = default_lexicon()  # loaded once, outside the timings
    by_article: dict[str, list[GoldSentence]] = defaultdict(list)
    for sentence in gold:
        by_article[sentence.article].append(sentence)

    run = Run(errors_half=args.errors_half)
    code_ms: list[float] = []
    enrich_ms: list[float] = []
    actors_found = 0
    geovirus = [name for name in payloads if name.startswith("geovirus-")]
    for name in [*geovirus, *sorted(n for n in by_article if not n.startswith("geovirus-"))]:
        payload = payloads[name]
        article = normalised(name, payload)
        found, ms = timed(enrich, article, enrichers, repeat=1 if args.repeat == 1 else 2)
        events, code_time = timed(code_article, article, found, lexicon, repeat=args.repeat)
        if name.startswith("geovirus-"):
            size = len(article.text.encode("utf-8"))
            code_ms.append(code_time * THREE_KB / size)
            enrich_ms.append(ms * THREE_KB / size)
        actors_found += sum(1 for e in found.entities if e.actor_code) + sum(
            1 for p in found.places if p.kind == "country"
        )
        naive = baseline_events(article, found)
        for sentence in by_article.get(name, []):
            located = locate(sentence, payload["text"], article)
            if located is None:
                run.missing.append(sentence.sentence_id)
                continue
            run.score(located, events, naive, lexicon)

    none_sentences = sum(1 for s in gold if not s.events)
    print(
        f"gold: {len(gold)} sentences ({none_sentences} with no codable event) "
        f"from {len(by_article)} articles, {sum(len(s.events) for s in gold)} gold events; "
        f"{len(run.missing)} sentences not found after normalisation {run.missing[:5]}"
    )
    print(
        "enrichers run: "
        + ", ".join(getattr(e, "__name__", repr(e)) for e in enrichers)
        + f" (+ code_article); actor mentions they supplied: {actors_found}"
    )
    print(
        f"gold sentences the Phoenix discard list suppresses (e.g. 'bird flu'): "
        f"{len(run.discarded)}, holding {sum(len(s.events) for s in run.discarded)} gold events"
    )
    report("coder (eventwire.pipeline.coding.coder.code_article)", run.coder, none_sentences)
    report_halves(run.halves, run.error_kinds)
    report(
        "baseline (block code of each dictionary verb, nearest actors)",
        run.baseline,
        none_sentences,
    )
    report_speed(code_ms, enrich_ms, args.repeat)
    if args.errors:
        print(
            f"\nfirst {args.errors} of {len(run.misses)} sentences of the {args.errors_half} half "
            "the coder gets wrong (triples):"
        )
        print("\n".join(run.misses[: args.errors]))


if __name__ == "__main__":
    main()
