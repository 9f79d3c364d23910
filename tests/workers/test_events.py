"""The Redis event store: one record per real-world event, counts right under redelivery."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import fakeredis
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.pipeline.events import EventMention, counts_as_event, event_id_for, event_mentions
from eventwire.schemas.enrichment import ActorRef, CodedEvent, Span
from eventwire.schemas.events import MAX_LISTED_RECORDS
from eventwire.schemas.ids import derive_id
from eventwire.schemas.messages import ArticleRecord
from eventwire.workers.events import RedisEventStore, _pack, _static_values, _unpack
from tests.replies import expect_bytes_list

NOW = datetime(2017, 1, 17, 19, 0, tzinfo=UTC)
STATIC = {
    "event_id",
    "cameo_code",
    "cameo_root",
    "plover",
    "statement",
    "source",
    "target",
    "place",
}


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

    @pytest.mark.parametrize(
        ("record_id", "changes", "now"),
        [
            ("rec_0123456789abcdef01234567", {}, NOW),
            ("rec_1", {"source": None, "place": None, "date": None}, NOW),
            (
                "an id of its own",
                {"target": ActorRef(code="SYR", name="Syria", entity_id="Q858"), "place": ""},
                NOW + timedelta(microseconds=7),
            ),
            ("rec_2", {"cameo_code": "0211", "cameo_root": "03", "plover": "AGREE"}, NOW),
            ("rec_3", {"statement": True}, NOW.astimezone(timezone(timedelta(hours=5)))),
            ("rec_4", {"cameo_code": "013", "cameo_root": "01", "plover": "AGREE"}, NOW),
        ],
    )
    def test_first_report_is_what_redis_holds(
        self, store: RedisEventStore, record_id: str, changes: dict[str, object], now: datetime
    ) -> None:
        """The record of a first report, made from the report itself, equals the one read back
        from its packed entry (a redelivery of the same article)."""
        mention = EventMention(record_id, "wire-a", 3, _event(**changes))
        first = store.merge_many([mention], now)[0]
        again = store.merge_many([mention], now + timedelta(minutes=5))[0]
        assert first == again
        assert first.model_dump_json() == again.model_dump_json()
        assert (first.version, first.mentions, first.record_ids) == (1, 3, [record_id])

    def test_one_article_event_is_packed_in_a_shared_hash(self, store: RedisEventStore) -> None:
        """An event with one article is a field of its shard's current generation, which
        expires the TTL after the generation ends; a second article moves it into its own
        hash, with a TTL, under the same hash tag."""
        event = _event()
        event_id = event.event_id or ""
        store.merge_many([EventMention("rec_1", "wire-a", 1, event)], NOW)
        (generation,) = expect_bytes_list(store.client.keys("*"))
        assert generation.decode() == store.generations(event_id, NOW)[0][0]
        assert store.client.hlen(generation) == 1
        assert 3600 < store.client.ttl(generation) <= 3600 + 450
        store.merge_many([EventMention("rec_2", "wire-b", 1, event)], NOW)
        assert store.client.keys("*") == [store.key(event_id).encode()]
        assert 0 < store.client.ttl(store.key(event_id)) <= 3600
        tag = store.key(event_id).split("}")[0] + "}"
        assert store.generations(event_id, NOW)[0][0].startswith(tag)

    def test_packed_event_found_generations_later(self, store: RedisEventStore) -> None:
        """A one-article event packed eight generations ago is still found: a redelivery
        changes nothing and a new article makes version 2."""
        event = _event()
        earlier = NOW - timedelta(seconds=8 * 450)
        first = store.merge_many([EventMention("rec_1", "wire-a", 1, event)], earlier)[0]
        assert store.merge_many([EventMention("rec_1", "wire-a", 1, event)], NOW)[0] == first
        second = store.merge_many([EventMention("rec_2", "wire-a", 1, event)], NOW)[0]
        assert (second.version, second.articles, second.sources) == (2, 2, 1)
        assert (second.first_seen, second.record_ids) == (earlier, ["rec_2", "rec_1"])

    def test_packed_event_holds_no_field_names(self, store: RedisEventStore) -> None:
        """A packed event is an entry of a bucket (a field named by 4 bits of its digest): the
        digest, the length, then its values in a fixed order after a zero byte: the record's 12
        bytes, the source, mentions, first seen and the first report's fields, no names."""
        event = _event()
        record_id = derive_id("rec", "1")
        store.merge_many([EventMention(record_id, "wire-a", 1, event)], NOW)
        (generation,) = store.client.keys("*")
        digest = bytes.fromhex((event.event_id or "")[4:])
        assert store.client.hkeys(generation) == [bytes([digest[1] >> 4])]
        (bucket,) = expect_bytes_list(store.client.hvals(generation))
        assert bucket[:12] == digest
        packed = bucket[14:]
        assert int.from_bytes(bucket[12:14]) == len(packed)
        stamp = str(int(NOW.timestamp() * 1_000_000)).encode()
        assert packed.startswith(b"\0\x0d#" + bytes.fromhex(record_id[4:]) + b"\x07@wire-a")
        assert packed[23:] == (
            b"\x011\x10" + stamp + b"\x03051\xfe\x07SUPPORT\xfe\x05Syria\x0a2016-12-31"
            b"\x06IGOUNO\x13UN Security Council\xfe\x03SYR\x05Syria\xfe"
        )

    def test_events_sharing_a_bucket(self, store: RedisEventStore) -> None:
        """Events packed in one bucket are found, redelivered unchanged and unpacked one by
        one, the others staying packed; the last one unpacked removes the bucket."""
        ids = ["evt_abab" + tail * 10 for tail in ("00", "11", "22")]
        events = [_event().model_copy(update={"event_id": event_id}) for event_id in ids]
        first = store.merge_many([EventMention("rec_1", "wire-a", 1, e) for e in events], NOW)
        again = store.merge_many([EventMention("rec_1", "wire-a", 1, e) for e in events], NOW)
        assert again == first
        (generation,) = store.client.keys("*")
        assert store.client.hkeys(generation) == [b"\x0a"]
        for done, event in enumerate(events, start=1):
            second = store.merge_many([EventMention("rec_2", "wire-b", 1, event)], NOW)[0]
            assert (second.version, second.record_ids) == (2, ["rec_2", "rec_1"])
            assert store.client.hlen(store.key(event.event_id or "")) > 0
            assert store.client.exists(generation) == (done < len(events))
        for event in events:
            again_two = store.merge_many([EventMention("rec_2", "wire-b", 1, event)], NOW)[0]
            assert again_two.version == 2

    def test_packed_event_of_the_earlier_layout_is_read(self, store: RedisEventStore) -> None:
        """An event packed before the upgrade (name, value pairs) is redelivered unchanged and
        unpacked by its second article like one packed now."""
        event = _event()
        event_id = event.event_id or ""
        fresh = RedisEventStore(fakeredis.FakeRedis(), store.prefix, store.ttl_seconds)
        first = fresh.merge_many([EventMention("rec_1", "wire-a", 1, event)], NOW)[0]
        stamp = str(int(NOW.timestamp() * 1_000_000))
        items = ["$rec_1", "1", "@wire-a", "", "v", "1", "m", "1", "f", stamp, "c", "051"]
        items += ["p", "SUPPORT", "w", "Syria", "d", "2016-12-31", "a", "IGOUNO"]
        items += ["b", "UN Security Council", "A", "SYR", "B", "Syria"]
        earlier = b"".join(bytes([len(item)]) + item.encode() for item in items)
        generation = store.generations(event_id, NOW)[0][0]
        store.client.hset(generation, bytes.fromhex(event_id[4:]), earlier)
        assert store.merge_many([EventMention("rec_1", "wire-a", 1, event)], NOW)[0] == first
        both = [EventMention("rec_2", "wire-b", 1, event)]
        second = store.merge_many(both, NOW)[0]
        expected = fresh.merge_many(both, NOW)[0]
        assert second == expected
        assert (second.version, second.sources, second.record_ids) == (2, 2, ["rec_2", "rec_1"])

    def test_fields_stay_small_enough_for_a_listpack(self, store: RedisEventStore) -> None:
        """With derived record ids, every field and value of a busy event's hash is at most 64
        bytes and it has at most 128 fields: Redis's defaults for the compact encoding."""
        event = _event()
        mentions = [
            EventMention(derive_id("rec", str(n)), f"outlet-{n % 20}.example.org", 1, event)
            for n in range(40)
        ]
        store.merge_many(mentions, NOW)
        fields = store.client.hgetall(store.key(event.event_id or ""))
        assert len(fields) <= 128
        assert max(len(item) for pair in fields.items() for item in pair) <= 64

    def test_latest_record_ids_counts_and_sources_stay_exact(self, store: RedisEventStore) -> None:
        """Beyond the listed cap, the record lists the latest ids, newest first, and counts
        every distinct article and source; redelivering an old article changes nothing."""
        event = _event()
        ids = [derive_id("rec", str(n)) for n in range(MAX_LISTED_RECORDS + 15)]
        for n, record_id in enumerate(ids):
            store.merge_many([EventMention(record_id, f"src-{n % 7}", 2, event)], NOW)
        last = store.merge_many([EventMention(ids[3], "src-new", 5, event)], NOW)[0]
        assert (last.version, last.articles, last.sources) == (len(ids), len(ids), 7)
        assert last.mentions == 2 * len(ids)
        assert last.record_ids == ids[::-1][:MAX_LISTED_RECORDS]

    def test_the_first_report_sets_the_static_fields(self, store: RedisEventStore) -> None:
        """A record keeps the first report's fields (absent ones as None, the actors' entity
        ids, the statement flag) when a later report of the event words them differently."""
        first = _event(
            source=ActorRef(code="RUSGOV", name="Sergei Lavrov", entity_id="ent_1"),
            target=None,
            place=None,
            cameo_code="036",
            cameo_root="03",
            plover="CONSULT",
            statement=True,
        )
        later = first.model_copy(
            update={"source": ActorRef(code="RUSGOV", name="Lavrov"), "cameo_code": "031"}
        )
        store.merge_many([EventMention("rec_1", "wire-a", 1, first)], NOW)
        record = store.merge_many([EventMention("rec_2", "wire-b", 1, later)], NOW)[0]
        assert record.model_dump(include=STATIC | {"date"}) == first.model_dump(
            include=STATIC | {"date"}
        )

    def test_root_and_statement_that_do_not_follow_from_the_code(
        self, store: RedisEventStore
    ) -> None:
        """A root other than the code's first digits and a statement flag other than 'root
        01-03' (stored only then) come back as given."""
        event = _event(cameo_root="19", statement=True)
        record = store.merge_many([EventMention("rec_1", "wire-a", 1, event)], NOW)[0]
        assert (record.cameo_code, record.cameo_root, record.statement) == ("051", "19", True)

    def test_times_keep_their_zone(self, store: RedisEventStore) -> None:
        """UTC times (stored as integers) and times in another zone come back unchanged."""
        zone = timezone(timedelta(hours=2))
        event = _event()
        store.merge_many([EventMention("rec_1", "a", 1, event)], NOW.replace(microsecond=123456))
        record = store.merge_many([EventMention("rec_2", "b", 1, event)], NOW.astimezone(zone))[0]
        assert record.first_seen.isoformat() == "2017-01-17T19:00:00.123456+00:00"
        assert record.last_seen.isoformat() == "2017-01-17T21:00:00+02:00"

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


def _reference_pack(items: list[bytes | None]) -> bytes:
    """The packed form as the layout's description gives it, built byte by byte."""
    out = bytearray(b"\0")
    for item in items:
        if item is None:
            out.append(254)
        elif len(item) < 254:
            out += bytes([len(item)]) + item
        else:
            out += bytes([255, len(item) >> 8, len(item) & 255]) + item
    return bytes(out)


class TestPacking:
    """The packed form of an event's fields."""

    @settings(max_examples=80, deadline=None)
    @given(st.lists(st.none() | st.binary(max_size=300), max_size=16))
    def test_pack_as_described(self, items: list[bytes | None]) -> None:
        """Lengths below 254 take one byte, longer ones 255 and two bytes; 254 is absent."""
        assert _pack(items) == _reference_pack(items)
        unpacked = _unpack(_pack([b"#r", b"@s", *items]))
        assert unpacked[b""] == b"#r"

    @pytest.mark.parametrize(
        ("changes", "expected"),
        [
            ({}, [b"051", None, b"SUPPORT", None, b"Syria", b"2016-12-31"]),
            (
                {"cameo_code": "0311", "cameo_root": "03", "statement": False, "place": None},
                [b"0311", None, b"SUPPORT", b"False", None, b"2016-12-31"],
            ),
            (
                {"cameo_code": "0311", "cameo_root": "04"},
                [b"0311", b"04", b"SUPPORT", None, b"Syria", b"2016-12-31"],
            ),
        ],
    )
    def test_static_values(self, changes: dict[str, object], expected: list[object]) -> None:
        """Code, root and statement only where they do not follow from the code, then place,
        date and each actor's code, name and entity id (None where absent)."""
        event = _event(
            target=ActorRef(code="SYR", name="Sýria", entity_id="Q858"), source=None, **changes
        )
        assert _static_values(event) == [
            *expected,
            None,
            None,
            None,
            b"SYR",
            "Sýria".encode(),
            b"Q858",
        ]
