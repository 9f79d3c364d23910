"""The Redis story store: articles sharing anchors share a story, atomically."""

from __future__ import annotations

import time

import fakeredis
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eventwire.pipeline.stories import StoryRequest
from eventwire.schemas.generations import message_digest
from eventwire.schemas.ids import derive_id, id_digest
from eventwire.workers.stories import RedisStoryStore


@pytest.fixture
def store() -> RedisStoryStore:
    return RedisStoryStore(fakeredis.FakeRedis(), "test", window_seconds=3600)


ASTANA = ("entity:sergey lavrov", "place:astana", "date:2017-01-23")


class TestRedisStoryStore:
    """Story assignment by shared anchors."""

    def test_two_shared_anchors_join_the_story(self, store: RedisStoryStore) -> None:
        """A second article sharing two anchors gets the first one's story."""
        first, second = store.assign_many(
            [
                StoryRequest("rec_1", ASTANA),
                StoryRequest("rec_2", ("place:astana", "date:2017-01-23", "entity:other")),
            ]
        )
        assert first == second

    def test_one_shared_anchor_is_not_enough(self, store: RedisStoryStore) -> None:
        """Sharing only the date starts a new story."""
        first, second = store.assign_many(
            [StoryRequest("rec_1", ASTANA), StoryRequest("rec_2", ("date:2017-01-23", "x:y"))]
        )
        assert first != second

    def test_redelivery_keeps_the_story(self, store: RedisStoryStore) -> None:
        """Assigning the same record again returns its first story, even with new anchors."""
        (first,) = store.assign_many([StoryRequest("rec_1", ASTANA)])
        store.assign_many([StoryRequest("rec_9", ("entity:a", "entity:b"))])
        (again,) = store.assign_many([StoryRequest("rec_1", ("entity:a", "entity:b"))])
        assert again == first

    def test_record_without_anchors_gets_a_story_of_its_own(self, store: RedisStoryStore) -> None:
        """No anchors: a new story per record."""
        first, second = store.assign_many([StoryRequest("rec_1", ()), StoryRequest("rec_2", ())])
        assert first != second

    def test_anchor_keys_expire_with_the_window(self, store: RedisStoryStore) -> None:
        """Anchor keys carry the window as TTL and the {story} hash tag."""
        store.assign_many([StoryRequest("rec_1", ASTANA)])
        key = store.key("place:astana")
        assert "{story}" in key
        assert 0 < store.client.ttl(key) <= 3600

    def test_story_ids_are_derived_and_stored_as_their_bytes(self, store: RedisStoryStore) -> None:
        """A new story's id is derived from its first record; anchors and the assigned records
        hold the 12 bytes of derived ids, not their text."""
        record_id = derive_id("rec", "1")
        (story,) = store.assign_many([StoryRequest(record_id, ASTANA)])
        assert story == derive_id("story", record_id)
        assert store.client.hkeys(store.key("place:astana")) == [bytes.fromhex(story[6:])]
        (records,) = store.client.keys("*:records:*")
        record, digest = bytes.fromhex(record_id[4:]), bytes.fromhex(story[6:])
        assert store.client.hgetall(records) == {
            bytes([record[0], record[1] & 0xF0]): record + digest
        }

    def test_assigned_records_are_remembered_by_generation(self) -> None:
        """A record assigned eight generations ago (an eighth of the window each) keeps its
        story; the current generation expires the window after it ends."""
        boundary = (int(time.time()) // 450 + 1) * 450
        clock = iter([boundary - 8 * 450, boundary])
        store = RedisStoryStore(fakeredis.FakeRedis(), "test", 3600, clock=lambda: next(clock))
        (first,) = store.assign_many([StoryRequest("rec_1", ASTANA)])
        (again,) = store.assign_many([StoryRequest("rec_1", ("entity:a", "entity:b"))])
        assert again == first
        (records,) = store.client.keys("*:records:*")
        assert 3600 < store.client.ttl(records) <= 3600 + 450

    def test_story_of_text_written_before_an_upgrade_is_joined(
        self, store: RedisStoryStore
    ) -> None:
        """An anchor holding a story id as text (the layout before) still votes for it."""
        old = "story_" + "ab" * 12
        for anchor in ASTANA:
            store.client.hincrby(store.key(anchor), old, 1)
        assert store.assign_many([StoryRequest("rec_2", ASTANA)]) == [old]
        assert store.assign_many([StoryRequest("rec_2", ("entity:a", "entity:b"))]) == [old]

    def test_records_sharing_a_bucket(self, store: RedisStoryStore) -> None:
        """Records whose digests share a bucket keep their own stories on redelivery."""
        ids = ["rec_abab" + tail * 10 for tail in ("00", "11", "22")]
        first = store.assign_many([StoryRequest(record_id, ()) for record_id in ids])
        assert len(set(first)) == 3
        assert store.assign_many([StoryRequest(r, ASTANA) for r in reversed(ids)]) == first[::-1]
        (records,) = store.client.keys("*:records:*")
        assert store.client.hkeys(records) == [b"\xab\xa0"]


class TestStoryDigest:
    @given(st.text(max_size=60))
    def test_the_story_ids_digest(self, record_id: str) -> None:
        """A new story's 12 bytes are those of ``derive_id("story", record_id)``."""
        assert id_digest(record_id) == message_digest(derive_id("story", record_id))
