"""Redis Streams: publish each message once on its stream, and read it back through a group."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import fakeredis
import pytest

from eventwire.channels.redis_streams import RedisStreamPublisher, StreamConsumer
from eventwire.schemas.enrichment import ActorRef
from eventwire.schemas.events import EventRecord
from eventwire.schemas.generations import (
    marker_bucket,
    message_digest,
    read_marker,
    read_message_marker,
)
from eventwire.schemas.messages import ArticleRecord, DeadLetter, DuplicateNotice, Message
from tests.replies import expect_bytes, expect_bytes_list, expect_entries, expect_optional_bytes

PREFIX = "ew"
NOW = datetime(2017, 1, 17, 19, 0, tzinfo=UTC)


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis()


@pytest.fixture
def publisher(client: fakeredis.FakeRedis) -> RedisStreamPublisher:
    return RedisStreamPublisher(client, PREFIX, maxlen=1000, published_ttl_seconds=3600)


@pytest.fixture
def messages(
    article_record: ArticleRecord, duplicate_notice: DuplicateNotice, dead_letter: DeadLetter
) -> list[Message]:
    return [article_record, duplicate_notice, dead_letter]


def _consumer(client: fakeredis.FakeRedis, group: str = "g1", name: str = "c1") -> StreamConsumer:
    consumer = StreamConsumer(client, f"{PREFIX}:records", group, name)
    consumer.ensure_group()
    return consumer


class TestRedisStreamPublisher:
    """Each message goes to its type's stream, once per message id."""

    def test_publish_once(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
    ) -> None:
        """Publishing the same message twice returns [True] then [False]; one entry is stored."""
        assert publisher.publish([article_record]) == [True]
        assert publisher.publish([article_record]) == [False]
        assert client.xlen(f"{PREFIX}:records") == 1

    def test_same_id_in_one_call(
        self, publisher: RedisStreamPublisher, article_record: ArticleRecord
    ) -> None:
        """A message repeated within one call goes out once."""
        assert publisher.publish([article_record, article_record]) == [True, False]

    def test_routes_by_type(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        messages: list[Message],
    ) -> None:
        """Records, duplicate notices and dead letters go to :records, :duplicates and :dead."""
        assert publisher.publish(messages) == [True, True, True]
        for stream, message in zip(("records", "duplicates", "dead"), messages, strict=True):
            (entry,) = expect_entries(client.xrange(f"{PREFIX}:{stream}"))
            _, fields = entry
            assert fields[b"id"].decode() == message.message_id
            assert fields[b"type"].decode() == message.type

    def test_stream_for(self, publisher: RedisStreamPublisher, messages: list[Message]) -> None:
        """stream_for names the prefixed stream of each message type."""
        assert [publisher.stream_for(m) for m in messages] == [
            "ew:records",
            "ew:duplicates",
            "ew:dead",
        ]

    def test_marker_expires(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
    ) -> None:
        """The published-id marker is a field (the id's 12 bytes) of a generation hash that
        expires the published TTL after the generation ends, so the index of sent ids does not
        grow forever; its value is the stream entry."""
        publisher.publish([article_record])
        (key,) = expect_bytes_list(client.keys(f"{{{PREFIX}:records}}:published:*"))
        assert key.decode().rpartition(":")[2].startswith("g")
        assert 3600 < client.ttl(key) <= 3600 + 450
        ((entry, _),) = expect_entries(client.xrange(f"{PREFIX}:records"))
        digest = message_digest(article_record.record_id)
        ((bucket, packed),) = client.hgetall(key).items()
        assert bucket == marker_bucket(digest)
        assert len(packed) == 22
        assert read_message_marker(expect_bytes(packed), digest) == entry.decode()

    def test_ids_sharing_a_bucket(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
    ) -> None:
        """A derived id (``rec_`` and 24 hex digits) is marked by its 12 bytes; ids sharing a
        bucket keep a marker each, each read back by its own digest."""
        first = article_record.model_copy(update={"record_id": "rec_" + "0f" * 12})
        second = article_record.model_copy(update={"record_id": "rec_0f0f" + "00" * 10})
        third = article_record.model_copy(update={"record_id": "rec_" + "0f" * 11 + "00"})
        assert publisher.publish([first, second, first, second]) == [True, True, False, False]
        (key,) = client.keys(f"{{{PREFIX}:records}}:published:*")
        assert client.hkeys(key) == [b"\x0f\x00"]
        packed = expect_bytes(client.hget(key, b"\x0f\x00"))
        assert packed[:12] == bytes.fromhex("0f" * 12)
        assert len(packed) == 44
        assert publisher.publish([third]) == [True]
        entries = [e.decode() for e, _ in expect_entries(client.xrange(f"{PREFIX}:records"))]
        for record, entry in zip((first, second, third), entries, strict=True):
            assert (
                read_message_marker(
                    expect_optional_bytes(client.hget(key, b"\x0f\x00")),
                    message_digest(record.record_id),
                )
                == entry
            )

    def test_marker_found_across_generations(
        self, client: fakeredis.FakeRedis, article_record: ArticleRecord
    ) -> None:
        """A marker written eight generations ago still counts, as does one written by a clock
        a little ahead; one nine generations old has expired with its hash's TTL."""
        boundary = (int(time.time()) // 450 + 1) * 450
        clock = iter([boundary - 8 * 450, boundary, boundary - 0.5])
        publisher = RedisStreamPublisher(client, PREFIX, 1000, 3600, clock=lambda: next(clock))
        assert publisher.publish([article_record]) == [True]
        assert publisher.publish([article_record]) == [False]
        assert publisher.publish([article_record]) == [False]
        assert client.xlen(f"{PREFIX}:records") == 1

    def test_marker_of_the_earlier_layout_counts(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
    ) -> None:
        """A message marked under its own key before an upgrade is not published again."""
        client.set(f"{{{PREFIX}:records}}:published:{article_record.record_id}", "1-0", ex=60)
        assert publisher.publish([article_record]) == [False]
        assert client.xlen(f"{PREFIX}:records") == 0

    def test_one_clock_reading_per_call(
        self, client: fakeredis.FakeRedis, messages: list[Message]
    ) -> None:
        """A call reads the clock once; every marker of it goes to that reading's generation,
        messages and event records alike."""
        readings: list[float] = []

        def clock() -> float:
            readings.append(NOW.timestamp() + 450 * len(readings))
            return readings[-1]

        publisher = RedisStreamPublisher(client, PREFIX, 1000, 3600, clock=clock)
        assert publisher.publish([*messages, _version(1)]) == [True] * 4
        assert len(readings) == 1
        generation = int(readings[0]) // 450
        assert sorted(client.keys("{ew:*}:published:*")) == [
            f"{{{PREFIX}:{stream}}}:published:{layout}{generation}".encode()
            for stream, layout in [
                ("dead", "g"),
                ("duplicates", "g"),
                ("events", "e"),
                ("records", "g"),
            ]
        ]

    def test_empty(self, publisher: RedisStreamPublisher) -> None:
        """Publishing nothing returns an empty list."""
        assert publisher.publish([]) == []


def _version(version: int, event_id: str = "evt_" + "a" * 24) -> EventRecord:
    return EventRecord(
        event_id=event_id,
        version=version,
        cameo_code="036",
        cameo_root="03",
        plover="CONSULT",
        statement=True,
        source=ActorRef(code="RUSGOV", name="Sergei Lavrov"),
        target=None,
        place="Moscow",
        date="2017-01-17",
        mentions=version,
        articles=version,
        sources=version,
        record_ids=[f"rec_{n}" for n in range(version)],
        first_seen=NOW,
        last_seen=NOW,
    )


class TestEventVersions:
    """Each version of an event record goes out once, under one marker per event."""

    def test_each_version_once_under_one_marker(
        self, publisher: RedisStreamPublisher, client: fakeredis.FakeRedis
    ) -> None:
        """Versions 1 to 3, each published twice, give three entries and one marker."""
        sent = [publisher.publish([_version(v), _version(v)]) for v in (1, 2, 3)]
        assert sent == [[True, False]] * 3
        assert client.xlen(f"{PREFIX}:events") == 3
        (key,) = client.keys(f"{{{PREFIX}:events}}:*")
        assert client.hlen(key) == 1

    def test_versions_out_of_order_each_go_out(self, publisher: RedisStreamPublisher) -> None:
        """Two workers racing may publish version 3 before 2: both go out, once each."""
        assert publisher.publish([_version(1), _version(3)]) == [True, True]
        assert publisher.publish([_version(2), _version(3), _version(1)]) == [True, False, False]
        assert publisher.publish([_version(40)]) == [True]
        assert publisher.publish([_version(39), _version(39), _version(8)]) == [True, False, False]

    def test_marker_names_the_latest_entry(
        self, publisher: RedisStreamPublisher, client: fakeredis.FakeRedis
    ) -> None:
        """The marker, 30 bytes in its bucket, names the stream entry of the highest version
        sent; its generation expires the published TTL after it ends (generations last an
        eighth of it)."""
        publisher.publish([_version(2), _version(1)])
        (key,) = client.keys(f"{{{PREFIX}:events}}:published:e*")
        digest = bytes.fromhex("a" * 24)
        (bucket,) = client.hkeys(key)
        assert bucket == marker_bucket(digest) == b"\xaa\xa0"
        packed = expect_bytes(client.hget(key, bucket))
        assert len(packed) == 30
        marker = read_marker(packed, digest)
        assert marker is not None
        assert marker[:2] == (2, 3)
        ((_, fields),) = expect_entries(client.xrange(f"{PREFIX}:events", marker[2], marker[2]))
        assert fields[b"id"] == f"{'evt_' + 'a' * 24}:v2".encode()
        assert 3600 < client.ttl(key) <= 3600 + 450

    def test_marker_found_across_generations(self, client: fakeredis.FakeRedis) -> None:
        """A marker written eight generations ago still counts, as does one written by a clock
        a little ahead; a new version moves the marker to the current generation."""
        boundary = (int(time.time()) // 450 + 1) * 450
        clock = iter([boundary - 8 * 450, boundary, boundary - 0.5, boundary, boundary + 1.0])
        publisher = RedisStreamPublisher(client, PREFIX, 1000, 3600, clock=lambda: next(clock))
        assert publisher.publish([_version(1)]) == [True]
        assert publisher.publish([_version(1)]) == [False]
        assert publisher.publish([_version(1)]) == [False]
        assert publisher.publish([_version(2)]) == [True]
        assert publisher.publish([_version(1)]) == [False]
        (key,) = client.keys(f"{{{PREFIX}:events}}:*")
        assert key == f"{{{PREFIX}:events}}:published:e{boundary // 450}".encode()

    def test_events_sharing_a_bucket(
        self, publisher: RedisStreamPublisher, client: fakeredis.FakeRedis
    ) -> None:
        """Events whose digests share a bucket keep a marker each, found and updated in place;
        an id that is not a derived one is marked by the 12 bytes of its SHA-256."""
        first, second = "evt_" + "ab" * 12, "evt_" + "ab" * 2 + "cd" * 10
        assert publisher.publish([_version(1, first), _version(1, second)]) == [True, True]
        assert publisher.publish([_version(2, second), _version(1, first)]) == [True, False]
        assert publisher.publish([_version(1, "custom-event")]) == [True]
        assert publisher.publish([_version(1, "custom-event")]) == [False]
        (key,) = client.keys(f"{{{PREFIX}:events}}:*")
        packed = expect_bytes(client.hget(key, b"\xab\xa0"))
        assert len(packed) == 60
        one, two = (read_marker(packed, bytes.fromhex(e[4:])) for e in (first, second))
        assert (one or (0,))[:2] == (1, 1)
        assert (two or (0,))[:2] == (2, 3)

    def test_marker_of_the_earlier_layout_counts(
        self, publisher: RedisStreamPublisher, client: fakeredis.FakeRedis
    ) -> None:
        """An event marker written before the upgrade (a field of a g-generation valued
        '<highest> <mask> <entry id>') still counts: version 1 does not go out again, version 2
        does and is marked in the new layout."""
        boundary = int(time.time()) // 450
        earlier = f"{{{PREFIX}:events}}:published:g{boundary}"
        client.hset(earlier, bytes.fromhex("a" * 24), "1 1 1484679600000-0")
        assert publisher.publish([_version(1)]) == [False]
        assert publisher.publish([_version(2)]) == [True]
        (key,) = client.keys(f"{{{PREFIX}:events}}:published:e*")
        marker = read_marker(
            expect_optional_bytes(client.hget(key, b"\xaa\xa0")), bytes.fromhex("a" * 24)
        )
        assert marker is not None
        assert marker[:2] == (2, 3)

    def test_events_are_independent(self, publisher: RedisStreamPublisher) -> None:
        """Another event's version 1 is not taken for this event's."""
        other = "evt_" + "b" * 24
        assert publisher.publish([_version(1), _version(1, other)]) == [True, True]


class TestStreamConsumer:
    """A consumer group reads published messages back, decoded, until acknowledged."""

    def test_ensure_group_idempotent(self, client: fakeredis.FakeRedis) -> None:
        """Creating the group twice is fine, and leaves one group on the stream."""
        consumer = _consumer(client)
        consumer.ensure_group()
        assert len(client.xinfo_groups(f"{PREFIX}:records")) == 1

    def test_read_decodes_messages(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
    ) -> None:
        """read returns the published message, equal to what was sent, with its id."""
        consumer = _consumer(client)
        publisher.publish([article_record])
        (entry,) = consumer.read(block_ms=None)
        assert entry.message == article_record
        assert entry.message_id == article_record.record_id
        assert consumer.read(block_ms=None) == []

    def test_ack_clears_pending(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
    ) -> None:
        """A read entry is pending until acknowledged, and not after."""
        consumer = _consumer(client)
        publisher.publish([article_record])
        entries = consumer.read(block_ms=None)
        assert client.xpending(f"{PREFIX}:records", "g1")["pending"] == 1
        assert consumer.ack(entries) == 1
        assert client.xpending(f"{PREFIX}:records", "g1")["pending"] == 0
        assert consumer.ack([]) == 0

    def test_second_group_reads_again(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
    ) -> None:
        """Another group reads the same entries from the start of the stream."""
        first = _consumer(client, group="g1")
        publisher.publish([article_record])
        read_first = first.read(block_ms=None)
        first.ack(read_first)
        second = _consumer(client, group="g2")
        read_second = second.read(block_ms=None)
        assert [e.entry_id for e in read_second] == [e.entry_id for e in read_first]
        assert [e.message for e in read_second] == [article_record]

    def test_count_limits_read(
        self,
        publisher: RedisStreamPublisher,
        client: fakeredis.FakeRedis,
        article_record: ArticleRecord,
    ) -> None:
        """read delivers at most ``count`` entries at a time, oldest first."""
        consumer = _consumer(client)
        records: list[Message] = [
            article_record.model_copy(update={"record_id": f"rec_{index}"}) for index in range(3)
        ]
        publisher.publish(records)
        first = consumer.read(count=2, block_ms=None)
        rest = consumer.read(count=2, block_ms=None)
        assert len(first) == 2
        assert [e.message_id for e in first + rest] == ["rec_0", "rec_1", "rec_2"]
