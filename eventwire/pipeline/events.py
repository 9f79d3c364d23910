"""Event records: coded mentions of one real-world event, merged across articles.

Two mentions are the same event when they share the action root, the actors, the place (or
both have none) and the day. The merge itself is shared state between workers, so it sits
behind :class:`EventStore`; the Redis implementation lives in ``workers/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from eventwire.schemas.enrichment import CodedEvent
from eventwire.schemas.events import EventRecord
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import ArticleRecord


def event_id_for(
    cameo_root: str,
    source_code: str | None,
    target_code: str | None,
    place: str | None,
    date: str | None,
) -> str:
    """The id of the real-world event a coded mention belongs to."""
    return derive_id(
        "evt",
        cameo_root,
        source_code or "-",
        target_code or "-",
        (place or "-").casefold(),
        (date or "-")[:10],
    )


def counts_as_event(event: CodedEvent) -> bool:
    """Negated actions did not happen and merely possible ones may not: neither is merged."""
    return not event.negated and event.modality != "possible" and event.event_id is not None


@dataclass(frozen=True, slots=True)
class EventMention:
    """One article's report of one event: how often it mentions it, and the event's fields."""

    record_id: str
    source: str
    mentions: int
    event: CodedEvent


class EventStore(Protocol):
    """Shared event state, merging each article's mentions atomically and at most once."""

    def merge_many(self, mentions: Sequence[EventMention], now: datetime) -> list[EventRecord]:
        """Merge every mention; return the current record of each event touched."""
        ...


def event_mentions(record: ArticleRecord) -> list[EventMention]:
    """The events an article record reports, one mention entry per event."""
    grouped: dict[str, list[CodedEvent]] = {}
    for event in record.enrichment.events:
        if counts_as_event(event):
            assert event.event_id is not None
            grouped.setdefault(event.event_id, []).append(event)
    return [
        EventMention(
            record_id=record.record_id,
            source=record.article.source,
            mentions=len(events),
            event=max(events, key=lambda e: e.confidence),
        )
        for events in grouped.values()
    ]
