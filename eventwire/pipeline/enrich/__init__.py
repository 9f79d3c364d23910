"""Enrichers: each reads the normalised article and fills one section of the enrichment."""

from eventwire.pipeline.dictionaries import actor_index
from eventwire.pipeline.enrich.base import Enricher, enrich
from eventwire.pipeline.enrich.dates import extract_dates
from eventwire.pipeline.enrich.entities import extract_entities
from eventwire.pipeline.enrich.figures import extract_figures
from eventwire.pipeline.enrich.gazetteer import gazetteer
from eventwire.pipeline.enrich.places import extract_places
from eventwire.pipeline.enrich.quotes import extract_quotes
from eventwire.pipeline.enrich.tone import extract_tone, lexicon

__all__ = [
    "Enricher",
    "enrich",
    "extract_dates",
    "extract_entities",
    "extract_figures",
    "extract_places",
    "extract_quotes",
    "extract_tone",
    "warm_up",
]


def warm_up() -> None:
    """Build every dictionary, gazetteer and lexicon now: a worker calls this before the prefork
    pool forks, so the children share one copy-on-write copy instead of building their own."""
    actor_index()
    gazetteer()
    lexicon()
