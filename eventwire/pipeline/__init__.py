"""Pure pipeline stages: no broker, no Redis, no settings, no clock of their own."""

from eventwire.pipeline.coding.coder import code_events, default_lexicon
from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Fingerprint, Original, SeenStore
from eventwire.pipeline.enrich import (
    Enricher,
    enrich,
    extract_dates,
    extract_entities,
    extract_figures,
    extract_places,
    extract_quotes,
    extract_tone,
)
from eventwire.pipeline.enrich import warm_up as warm_up_enrichers
from eventwire.pipeline.events import EventMention, EventStore
from eventwire.pipeline.flow import Outcome, Pipeline

DEFAULT_ENRICHERS: tuple[Enricher, ...] = (
    extract_entities,
    extract_places,
    extract_dates,
    extract_quotes,
    extract_figures,
    extract_tone,
    code_events,
)
"""The enrichers a production pipeline runs, in order: entities first (places skip their names,
quotes resolve speakers to them), figures after places and dates (they attach to both), event
coding last (it reads entities, places and dates)."""


def warm_up() -> None:
    """Build every dictionary, gazetteer, lexicon and automaton now: a worker calls this before
    the prefork pool forks, so the children share one copy-on-write copy."""
    warm_up_enrichers()
    default_lexicon()


__all__ = [
    "DEFAULT_ENRICHERS",
    "ClaimRequest",
    "Duplicate",
    "Enricher",
    "EventMention",
    "EventStore",
    "Fingerprint",
    "Original",
    "Outcome",
    "Pipeline",
    "SeenStore",
    "enrich",
    "extract_dates",
    "extract_entities",
    "extract_figures",
    "extract_places",
    "extract_quotes",
    "extract_tone",
    "warm_up",
]
