"""RabbitMQ routing keys: what a consumer binds to."""

from __future__ import annotations

from datetime import UTC, datetime

from eventwire.channels.rabbitmq import BINDINGS, routing_key
from eventwire.schemas.enrichment import ActorRef, Enrichment, Place, Span
from eventwire.schemas.events import EventRecord
from eventwire.schemas.messages import ArticleRecord, DeadLetter, DuplicateNotice


class TestRoutingKey:
    """record.<language>.<country>, duplicate.<match>, dead.<stage>, event.<plover>.<country>."""

    def test_record_without_places_is_xx(self, article_record: ArticleRecord) -> None:
        """A record with no place with a country routes to record.<language>.xx."""
        assert routing_key(article_record) == "record.en.xx"

    def test_record_country_from_first_place(self, article_record: ArticleRecord) -> None:
        """The first place that has a country gives the country word, lower case."""
        places = [
            Place(
                text="the region",
                span=Span(start=0, end=3),
                name="r",
                kind="region",
                confidence=0.5,
            ),
            Place(
                text="Astana",
                span=Span(start=4, end=10),
                name="Astana",
                kind="city",
                country="KZ",
                confidence=0.9,
            ),
        ]
        record = article_record.model_copy(update={"enrichment": Enrichment(places=places)})
        assert routing_key(record) == "record.en.kz"

    def test_record_without_language_is_und(self, article_record: ArticleRecord) -> None:
        """An article with no language routes to record.und.<country>."""
        article = article_record.article.model_copy(update={"language": None})
        assert routing_key(article_record.model_copy(update={"article": article})) == (
            "record.und.xx"
        )

    def test_duplicate_and_dead(
        self, duplicate_notice: DuplicateNotice, dead_letter: DeadLetter
    ) -> None:
        """Duplicate notices route by match kind, dead letters by stage."""
        assert routing_key(duplicate_notice) == f"duplicate.{duplicate_notice.match}"
        assert routing_key(dead_letter) == f"dead.{dead_letter.stage}"

    def test_bindings_per_stream(self) -> None:
        """Each stream name has the binding that selects its type's keys."""
        assert BINDINGS == {
            "records": "record.#",
            "duplicates": "duplicate.#",
            "dead": "dead.#",
            "events": "event.#",
        }

    def test_event_routes_by_plover_and_actor_country(self) -> None:
        """An event record routes to event.<plover>.<source actor's country code>."""
        event = EventRecord(
            event_id="evt_1",
            version=1,
            cameo_code="051",
            cameo_root="05",
            plover="SUPPORT",
            statement=False,
            source=ActorRef(code="RUSGOV", name="Russia"),
            target=None,
            place=None,
            date=None,
            mentions=1,
            articles=1,
            sources=1,
            record_ids=["rec_1"],
            first_seen=datetime(2017, 1, 17, tzinfo=UTC),
            last_seen=datetime(2017, 1, 17, tzinfo=UTC),
        )
        assert routing_key(event) == "event.support.rus"
