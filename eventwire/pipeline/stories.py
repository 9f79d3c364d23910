"""Stories: articles about the same story share a story id.

An article's anchors are what identifies its story: the people and organisations it names, the
places below country level, and the days its dates resolve to. An article joins the story with
which it shares the most anchors (at least ``MIN_SHARED_ANCHORS``) among the stories seen within
the window; otherwise it starts a story of its own. The decision is shared state between
workers, so it sits behind :class:`StoryStore`; the Redis implementation lives in ``workers/``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from eventwire.schemas.enrichment import Enrichment

MIN_SHARED_ANCHORS = 2
MAX_ANCHORS = 24


@dataclass(frozen=True, slots=True)
class StoryRequest:
    """Ask for the story of one record, given its anchors."""

    record_id: str
    anchors: tuple[str, ...]


class StoryStore(Protocol):
    """Assigns story ids atomically, so that concurrent articles of one story meet."""

    def assign_many(self, requests: Sequence[StoryRequest]) -> list[str]:
        """The story id of each request, in order."""
        ...


def story_anchors(found: Enrichment) -> tuple[str, ...]:
    """What identifies the story of a record, given its enrichment: most telling first, at most
    ``MAX_ANCHORS``."""
    anchors: list[str] = []
    anchors += [f"entity:{entity.name.casefold()}" for entity in found.entities]
    anchors += [
        f"place:{place.geonames_id or place.name.casefold()}"
        for place in found.places
        if place.kind != "country"
    ]
    anchors += [
        f"date:{date.value}" for date in found.dates if date.value and date.granularity == "day"
    ]
    return tuple(dict.fromkeys(anchors))[:MAX_ANCHORS]
