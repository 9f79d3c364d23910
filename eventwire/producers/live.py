"""The live page (``/live``): records as they are published, a map of their places, a timeline of
coded events, the latest quotes and figures, and the dedup rate. Plain HTML, SVG and JavaScript
served from the package, polling ``/live/feed``; no tile server, no CDN."""

from __future__ import annotations

from importlib import resources
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, Response

from eventwire.producers.published import PublishedReader
from eventwire.schemas.messages import ArticleRecord

STATIC = resources.files("eventwire.producers") / "static"
ENTRY_ID_PATTERN = r"^[0-9]{1,20}-[0-9]{1,20}$"
ASSETS = {
    "live.js": "text/javascript; charset=utf-8",
    "live.css": "text/css; charset=utf-8",
    "land-110m.json": "application/json",
}


def summarise(record: ArticleRecord) -> dict[str, Any]:
    """What the page shows of a record: title, places with coordinates, quotes, figures, events."""
    found = record.enrichment
    return {
        "record_id": record.record_id,
        "title": record.article.title,
        "source": record.article.source,
        "url": record.article.canonical_url,
        "published_at": record.article.published_at.isoformat()
        if record.article.published_at
        else None,
        "processed_at": record.processed_at.isoformat(),
        "places": [
            {"name": place.name, "lat": place.lat, "lon": place.lon, "country": place.country}
            for place in found.places
            if place.lat is not None and place.lon is not None
        ],
        "quotes": [{"text": quote.text, "speaker": quote.speaker} for quote in found.quotes],
        "figures": [
            {"kind": f.kind, "value": f.value, "qualifier": f.qualifier, "text": f.text}
            for f in found.figures
        ],
        "events": [
            {
                "code": event.cameo_code,
                "plover": event.plover,
                "source": event.source.name if event.source else None,
                "target": event.target.name if event.target else None,
                "place": event.place,
                "date": event.date,
            }
            for event in found.events
        ],
    }


def live_router(reader: PublishedReader, initial: int = 50) -> APIRouter:
    """Routes of the live page, reading the output streams through ``reader``."""
    router = APIRouter(include_in_schema=False)

    @router.get("/live")
    def page() -> HTMLResponse:
        return HTMLResponse((STATIC / "live.html").read_text(encoding="utf-8"))

    @router.get("/live/assets/{name}")
    def asset(name: str) -> Response:
        if name not in ASSETS:
            return Response(status_code=404)
        return Response((STATIC / name).read_bytes(), media_type=ASSETS[name])

    @router.get("/live/feed")
    def feed(
        after: Annotated[str | None, Query(pattern=ENTRY_ID_PATTERN)] = None,
    ) -> dict[str, Any]:
        """Records published after entry ``after`` (the newest ``initial`` without it), and
        the stream counts behind the dedup rate."""
        published = reader.latest("records", initial, after)
        lengths = reader.lengths()
        seen = lengths["records"] + lengths["duplicates"]
        return {
            "cursor": published[-1].entry_id if published else after,
            "records": [
                summarise(item.message)
                for item in published
                if isinstance(item.message, ArticleRecord)
            ],
            "counts": lengths,
            "dedup_rate": lengths["duplicates"] / seen if seen else 0.0,
        }

    return router
