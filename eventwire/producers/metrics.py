"""Prometheus metrics of the producer side (the HTTP intake), and the exposition that serves
them. With ``PROMETHEUS_MULTIPROC_DIR`` set (it must be set before the process starts), the
exposition aggregates every process that writes into that folder, workers included."""

from __future__ import annotations

import os

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import REGISTRY

ARTICLES_ACCEPTED = Counter(
    "eventwire_articles_accepted",
    "Articles accepted and queued by a producer, by entry point.",
    ["via"],
)
REQUESTS = Counter(
    "eventwire_intake_requests",
    "HTTP intake requests answered, by route template and status code.",
    ["route", "status"],
)
REQUEST_SECONDS = Histogram(
    "eventwire_intake_request_duration_seconds",
    "HTTP intake request latency, by route template.",
    ["route"],
)
FEED_ENTRIES = Counter(
    "eventwire_feed_entries",
    "Feed entries turned into articles, by feed name.",
    ["feed"],
)


def exposition() -> bytes:
    """The text exposition format of every metric this process (or folder) holds."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        return generate_latest(registry)
    return generate_latest(REGISTRY)
