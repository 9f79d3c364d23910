"""Document tone from the VADER sentiment lexicon (shipped inside the vaderSentiment package):
every word's human-rated valence (-4 to +4), flipped and damped after a negation, summed over
the text and squashed into [-1, 1] the way VADER's compound score is."""

from __future__ import annotations

import math
import re
from functools import cache
from importlib import resources
from itertools import compress

from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment, Tone

ALPHA = 15.0
"""VADER's normalisation constant: score = sum / sqrt(sum^2 + ALPHA)."""
NEGATION_SCALAR = -0.74
"""VADER's factor for a word within three words after a negation ('not good')."""
_NEGATIONS = frozenset(
    [
        "not",
        "no",
        "never",
        "none",
        "nobody",
        "nothing",
        "neither",
        "nor",
        "without",
        "cannot",
        "can't",
        "don't",
        "doesn't",
        "didn't",
        "isn't",
        "aren't",
        "wasn't",
        "weren't",
        "won't",
        "wouldn't",
        "shouldn't",
        "couldn't",
        "hasn't",
        "haven't",
        "hadn't",
        "n't",
    ]
)
_WORD = re.compile(r"[a-z]+(?:['’][a-z]+)?")


@cache
def lexicon() -> dict[str, float]:
    """The VADER lexicon: lower-case word -> mean valence. A word rated 0 would change neither
    the sum nor the counts, and is left out (none is, in the shipped lexicon): a valence looked
    up is then truthy exactly when the word is rated."""
    raw = resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text("utf-8")
    out: dict[str, float] = {}
    for line in raw.splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].isalpha() and float(parts[1]):
            out[parts[0]] = float(parts[1])
    return out


_LETTERS = bytes(b if chr(b).islower() or chr(b) == "'" else ord(" ") for b in range(128)) + (
    b" " * 128
)
"""A byte table that keeps ASCII lower-case letters and apostrophes and blanks everything else."""


def _words(lowered: str) -> list[str]:
    """What :data:`_WORD` finds in ``lowered``, without the regular expression engine for most
    of it: every character but a-z and the apostrophe becomes a space (a non-ASCII one first
    becomes '?'), and a split gives the runs. Only the runs with an apostrophe ("don't",
    "'quoted'") go through :data:`_WORD`, found from the apostrophes (``str.find``) rather than
    by testing every run, and replaced in the text by what it finds, before the one split.
    Nothing in :data:`_WORD` looks beyond a run."""
    spaced = lowered.encode("ascii", "replace").translate(_LETTERS).decode("ascii")
    if "'" not in lowered:
        return spaced.split()
    pieces: list[str] = []
    done = 0
    at = spaced.find("'")
    while at >= 0:
        start = spaced.rfind(" ", 0, at) + 1
        end = spaced.find(" ", at)
        if end < 0:
            end = len(spaced)
        pieces.append(spaced[done:start])
        pieces.append(" ".join(_WORD.findall(spaced[start:end])))
        done = end
        at = spaced.find("'", end)
    pieces.append(spaced[done:])
    return "".join(pieces).split()


_new_tone = Tone.__pydantic_validator__.validate_python
"""``Tone(...)`` from a dict, without ``BaseModel.__init__``'s frame (see
:data:`eventwire.pipeline.enrich.places._new_place`)."""


def score_tone(text: str) -> Tone:
    """The tone of ``text`` (see :class:`~eventwire.schemas.enrichment.Tone`)."""
    words = _words(text.lower().replace("’", "'"))
    total = 0.0
    positive = negative = 0
    # Most words carry no valence: look every word up once (map() runs the loop in C), and
    # walk only the places of those that have one with compress(): the lexicon holds no
    # valence of 0, so the falsy entries are exactly the unrated words.
    valences = list(map(lexicon().get, words))
    negated = not _NEGATIONS.isdisjoint(words)
    for i in compress(range(len(words)), valences):
        valence = valences[i] or 0.0  # never 0.0 here: compress() kept the rated words
        if negated and not _NEGATIONS.isdisjoint(words[max(0, i - 3) : i]):
            valence *= NEGATION_SCALAR
        total += valence
        if valence > 0:
            positive += 1
        elif valence < 0:
            negative += 1
    count = len(words)
    score = total / math.sqrt(total * total + ALPHA) if total else 0.0
    tone: Tone = _new_tone(
        {
            "score": round(score, 4),
            "positive": round(positive / count, 4) if count else 0.0,
            "negative": round(negative / count, 4) if count else 0.0,
            "word_count": count,
        }
    )
    return tone


def extract_tone(article: NormalisedArticle, found: Enrichment) -> Enrichment:
    """Enricher: set the document tone."""
    return found.model_copy(update={"tone": score_tone(article.text)})
