"""The one enricher type, and the loop that runs a list of them into an :class:`Enrichment`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment

Enricher = Callable[[NormalisedArticle, Enrichment], Enrichment]
"""Takes the article and what earlier enrichers found, returns that with its own section filled."""


def enrich(article: NormalisedArticle, enrichers: Sequence[Enricher]) -> Enrichment:
    """Run every enricher in order, each seeing what the ones before it found."""
    found = Enrichment()
    for enricher in enrichers:
        found = enricher(article, found)
    return found


def section(found: Enrichment, **sections: Iterable[Any]) -> Enrichment:
    """Return ``found`` with the named sections replaced."""
    return found.model_copy(update={name: list(items) for name, items in sections.items()})
