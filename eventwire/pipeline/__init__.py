"""Pure pipeline stages: no broker, no Redis, no settings, no clock of their own."""

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
    warm_up,
)
from eventwire.pipeline.flow import Outcome, Pipeline

DEFAULT_ENRICHERS: tuple[Enricher, ...] = (
    extract_entities,
    extract_places,
    extract_dates,
    extract_quotes,
    extract_figures,
    extract_tone,
)
"""The enrichers a production pipeline runs, in order: entities first (places skip their names,
quotes resolve speakers to them), figures after places and dates (they attach to both)."""

__all__ = [
    "DEFAULT_ENRICHERS",
    "ClaimRequest",
    "Duplicate",
    "Enricher",
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
