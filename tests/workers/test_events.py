"""The Redis event store: one record per real-world event, counts right under redelivery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import fakeredis
import pytest

from eventwire.pipeline.events import EventMention, counts_as_event, event_id_for, event_mentions
from eventwire.schemas.enrichment import ActorRef, CodedEvent, Span
from eventwire.schemas.messages import ArticleRecord
from eventwire.workers.events import RedisEventStore

NOW = datetime(2017, 1, 17, 19, 0, tzinfo=UTC)


def _event(**changes: object) -> CodedEvent:
    fields: dict[str, object] = {
        "source": ActorRef(code="IGOUNO", name="UN Security Council"),
        "target": ActorRef(code="SYR", name="Syria"),
        "cameo_code": "051",
        "cameo_root": "05",
        "plover": "SUPPORT",
        "place": "Syria",
        "date": "2016-12-31",
        "sentence": Span(start=0, end=10),
        "confidence": 0.7,
    }
    fields.update(changes)
    event = CodedEvent.model_validate(fields)
    key = event_id_for(
        event.cameo_root,
        event.source.code if event.source else None,
        event.target.code if event.target else None,
        event.place,
        event.date,
    )
    return event.model_copy(update={"event_id": key})


@pytest.fixture
def store() -> RedisEventStore:
    return RedisEventStore(fakeredis.FakeRedis(), "test", ttl_seconds=3600)


class TestEventId:
    """Same root, actors, place and day: same event."""

    def test_same_day_same_event(self) -> None:
        """Codes with the same root and a time of day on the same day share an id."""
        assert event_id_for("05", "A", "B", "Geneva", "2017-01-23") == event_id_for(
            "05", "A", "B", "geneva", "2017-01-23T10:00"
        )

    def test_other_actor_other_event(self) -> None:
        """A different target makes a different event."""
        assert event_id_for("05", "A", "B", None, None) != event_id_for("05", "A", "C", None, None)

    def test_negated_and_possible_actions_are_not_merged(self) -> None:
        """'did not attack' and 'might attack' never become event records."""
        assert not counts_as_event(_event(negated=True))
        assert not counts_as_event(_event(modality="possible"))
        assert counts_as_event(_event(modality="future"))


class TestRedisEventStore:
    """Merging mentions article by article."""

    def test_counts_and_versions_grow_with_each_article(self, store: RedisEventStore) -> None:
        """Three articles from two sources: version 3, three articles, two sources."""
        event = _event()
        reports = [("rec_1", "wire-a", 2), ("rec_2", "wire-b", 1), ("rec_3", "wire-a", 1)]
        records = [
            store.merge_many([EventMention(rec, src, n, event)], NOW + timedelta(minutes=i))[0]
            for i, (rec, src, n) in enumerate(reports)
        ]
        last = records[-1]
        assert [r.version for r in records] == [1, 2, 3]
        assert (last.articles, last.sources, last.mentions) == (3, 2, 4)
        assert last.record_ids == ["rec_3", "rec_2", "rec_1"]
        assert last.first_seen == NOW
        assert last.last_seen == NOW + timedelta(minutes=2)
        assert last.message_id == f"{event.event_id}:v3"

    def test_redelivered_article_counts_once(self, store: RedisEventStore) -> None:
        """The same article merged twice leaves the counts and version unchanged."""
        mention = EventMention("rec_1", "wire-a", 1, _event())
        first = store.merge_many([mention], NOW)[0]
        again = store.merge_many([mention], NOW + timedelta(minutes=5))[0]
        assert again == first

    def test_keys_share_one_hash_tag_and_expire(self, store: RedisEventStore) -> None:
        """Every key of an event carries its hash tag and a TTL."""
        event = _event()
        store.merge_many([EventMention("rec_1", "wire-a", 1, event)], NOW)
        for key in store.keys(event.event_id or ""):
            assert f"{{ev:{event.event_id}}}" in key
            assert 0 < store.client.ttl(key) <= 3600

    def test_event_mentions_group_an_articles_events(self, article_record: ArticleRecord) -> None:
        """Two mentions of one event in an article are one mention entry counting two."""
        event = _event()
        record = article_record.model_copy(
            update={
                "enrichment": article_record.enrichment.model_copy(
                    update={"events": [event, event, _event(negated=True)]}
                )
            }
        )
        (mention,) = event_mentions(record)
        assert (mention.mentions, mention.record_id) == (2, record.record_id)
