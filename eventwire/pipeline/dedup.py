"""Deduplication: an article whose canonical URL or content hash was seen is an exact duplicate;
one whose shingle sketch matches an earlier article's is a near duplicate, or contained in it.

What has been seen is shared between workers, so it sits behind :class:`SeenStore`; the Redis
implementation lives in ``workers/``. A claim is decided and recorded in one atomic step, and
is keyed by the submission's ``article_id``, so a redelivered article finds its own claim and
stays the original instead of becoming a duplicate of itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from eventwire.pipeline.sketch import Fuller, Sketch, sketch_text
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.messages import MatchKind


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """One key an article can be matched on."""

    kind: MatchKind
    value: str


@dataclass(frozen=True, slots=True)
class ClaimRequest:
    """Ask the store to record ``article_id`` as the first holder of every fingerprint."""

    article_id: str
    record_id: str
    fingerprints: tuple[Fingerprint, ...]
    sketch: Sketch | None = None
    """Matched for near duplicates and containment, when given."""


@dataclass(frozen=True, slots=True)
class Original:
    """The article is the first holder of all its fingerprints (or a redelivery of it)."""

    checked: tuple[MatchKind, ...]


@dataclass(frozen=True, slots=True)
class Duplicate:
    """An earlier article holds one of the fingerprints."""

    match: MatchKind
    original_record_id: str
    similarity: float = 1.0
    fuller: Fuller = "original"
    """Which of the two holds the fuller text: a teaser arriving after its article is contained
    in the original; a full article arriving after its teaser is the fuller duplicate."""


Verdict = Original | Duplicate


class SeenStore(Protocol):
    """Shared memory of fingerprints, deciding each claim atomically."""

    def claim_many(self, requests: Sequence[ClaimRequest]) -> list[Verdict]:
        """Decide each request in order, recording the fingerprints of every original."""
        ...


def fingerprints(article: NormalisedArticle) -> tuple[Fingerprint, ...]:
    """The exact-match keys of an article, strongest first: same text, then same address."""
    keys = [Fingerprint("exact_text", article.content_hash)]
    if article.canonical_url:
        keys.append(Fingerprint("exact_url", article.canonical_url))
    return tuple(keys)


def claim_request(article: NormalisedArticle, record_id: str) -> ClaimRequest:
    """What the seen-store is asked for one article: its exact keys and its sketch."""
    return ClaimRequest(
        article_id=article.article_id,
        record_id=record_id,
        fingerprints=fingerprints(article),
        sketch=sketch_text(article.text),
    )
