"""Pure pipeline stages: no broker, no Redis, no settings, no clock of their own."""

from datetime import UTC, datetime

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
from eventwire.pipeline.intake import normalise_article
from eventwire.pipeline.language import load_detectors
from eventwire.schemas.article import ArticleIn

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


_WARM_UP_TEXT = (
    "Russian Foreign Minister Sergey Lavrov said on Tuesday that talks with Syria's government "
    "would be held in Astana on January 23. \u201cWe will attend,\u201d he added. More than 20 "
    "people were killed."
)


def warm_up() -> None:
    """Build every dictionary, gazetteer, lexicon, language model and cache now, and run one
    article through every stage: a worker calls this before the prefork pool forks, so the
    children share one copy-on-write copy and none builds anything inside a time limit."""
    warm_up_enrichers()
    default_lexicon()
    load_detectors()
    article = normalise_article(
        ArticleIn(
            source="warm-up", text=_WARM_UP_TEXT, published_at=datetime(2017, 1, 17, tzinfo=UTC)
        ),
        "art_warm_up",
    )
    enrich(article, DEFAULT_ENRICHERS)


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
