"""Pure pipeline stages: no broker, no Redis, no settings, no clock of their own."""

from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Fingerprint, Original, SeenStore
from eventwire.pipeline.enrich import Enricher, enrich, extract_quotes
from eventwire.pipeline.flow import Outcome, Pipeline

DEFAULT_ENRICHERS: tuple[Enricher, ...] = (extract_quotes,)
"""The enrichers a production pipeline runs, in order."""

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
    "extract_quotes",
]
