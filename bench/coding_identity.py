"""Coded-event digest: a guard for speed work on the event coder that must not change its output.

Runs the six enrichers and then ``code_article`` over every article bench/enrich_identity.py
builds (the Wikinews texts under three anchors, their variants, the examples) and over the
generated 3 KB articles of bench/enrich_speed.py, and prints one SHA-256 of every coded event's
``model_dump_json()`` (a line each), with the counts.

    python bench/coding_identity.py
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import enrich_identity
import enrich_speed

from eventwire.pipeline import DEFAULT_ENRICHERS, warm_up
from eventwire.pipeline.coding.coder import code_article, code_events
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment


def main() -> None:
    warm_up()
    enrichers = tuple(e for e in DEFAULT_ENRICHERS if e is not code_events)
    docs: list[NormalisedArticle] = [a for _, a in enrich_identity.articles() if a is not None]
    docs.extend(enrich_speed.articles_3kb("generated"))
    digest = hashlib.sha256()
    events = 0
    for article in docs:
        found = Enrichment()
        for enricher in enrichers:
            found = enricher(article, found)
        for event in code_article(article, found):
            digest.update(event.model_dump_json().encode() + b"\n")
            events += 1
    print(f"{len(docs)} articles, {events} coded events: {digest.hexdigest()}")


if __name__ == "__main__":
    main()
