"""The event record: one real-world event, merged across every article that reports it."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field

from eventwire.schemas.base import SCHEMA_VERSION, Contract
from eventwire.schemas.enrichment import ActorRef, PloverCategory

MAX_LISTED_RECORDS = 50
"""An event record lists the ids of at most this many supporting articles (the latest)."""


class EventRecord(Contract):
    """Republished with a higher ``version`` every time a new article reports the event."""

    schema_version: str = SCHEMA_VERSION
    type: Literal["event_record"] = "event_record"
    event_id: str = Field(
        description="Deterministic: action root, actors, place and day of the event."
    )
    version: Annotated[int, Field(ge=1, description="Grows by one with each new article.")]
    cameo_code: Annotated[str, Field(pattern=r"^\d{3,4}$")]
    cameo_root: Annotated[str, Field(pattern=r"^\d{2}$")]
    plover: PloverCategory
    statement: bool = Field(description="A statement or intention (CAMEO 01-03).")
    source: ActorRef | None
    target: ActorRef | None
    place: str | None
    date: str | None = Field(description="Day (or month) of the event, ISO format.")
    mentions: Annotated[int, Field(ge=1, description="Coded mentions across all articles.")]
    articles: Annotated[int, Field(ge=1, description="Distinct articles reporting it.")]
    sources: Annotated[int, Field(ge=1, description="Distinct publishers reporting it.")]
    record_ids: list[str] = Field(
        description=f"The latest supporting article records (at most {MAX_LISTED_RECORDS})."
    )
    first_seen: AwareDatetime
    last_seen: AwareDatetime

    @property
    def message_id(self) -> str:
        return f"{self.event_id}:v{self.version}"
