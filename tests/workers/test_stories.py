"""The Redis story store: articles sharing anchors share a story, atomically."""

from __future__ import annotations

import fakeredis
import pytest

from eventwire.pipeline.stories import StoryRequest
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
