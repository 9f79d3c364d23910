"""Pure pipeline stages: no broker, no Redis, no settings, no clock of their own."""

from eventwire.pipeline.coding.coder import code_events
from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Fingerprint, Original, SeenStore
from eventwire.pipeline.enrich import Enricher, enrich, extract_quotes
from eventwire.pipeline.events import EventMention, EventStore
from eventwire.pipeline.flow import Outcome, Pipeline

DEFAULT_ENRICHERS: tuple[Enricher, ...] = (extract_quotes, code_events)
"""The enrichers a production pipeline runs, in order."""

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
    "extract_quotes",
]
