"""Fan-out over channels chosen per message type by the settings."""

from __future__ import annotations

import fakeredis
import pytest

from eventwire.channels.composite import (
    CompositePublisher,
    parse_routes,
    publisher_from_settings,
)
from eventwire.channels.redis_streams import RedisStreamPublisher
from eventwire.schemas.errors import ConfigurationError
from eventwire.schemas.messages import (
    MESSAGE_TYPES,
    ArticleRecord,
    DeadLetter,
    DuplicateNotice,
    Message,
)
from eventwire.settings import Settings


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis()


@pytest.fixture
def messages(
    article_record: ArticleRecord, duplicate_notice: DuplicateNotice, dead_letter: DeadLetter
) -> list[Message]:
    return [article_record, duplicate_notice, dead_letter]


class TestCompositePublisher:
    """Each channel gets exactly the types routed to it."""

    def test_routes_types_to_channels(
        self, client: fakeredis.FakeRedis, messages: list[Message]
    ) -> None:
        """A channel carrying only dead letters gets only the dead letter; one carrying all
        gets all three; a repeat call sends nothing new anywhere."""
        everything = RedisStreamPublisher(client, "all", 100, 60)
        dead_only = RedisStreamPublisher(client, "dead-only", 100, 60)
        composite = CompositePublisher(
            [
                ("a", everything, frozenset({"article_record", "duplicate_notice", "dead_letter"})),
                ("b", dead_only, frozenset({"dead_letter"})),
            ]
        )
        assert composite.publish(messages) == [True, True, True]
        assert composite.publish(messages) == [False, False, False]
        assert client.xlen("all:records") == 1
        assert client.xlen("dead-only:dead") == 1
        assert not client.exists("dead-only:records")
        assert composite.channels_for("dead_letter") == ["a", "b"]

    def test_true_when_any_channel_sends_now(
        self, client: fakeredis.FakeRedis, article_record: ArticleRecord
    ) -> None:
        """A message already sent on one channel but new on another counts as sent now."""
        first = RedisStreamPublisher(client, "one", 100, 60)
        first.publish([article_record])
        second = RedisStreamPublisher(client, "two", 100, 60)
        types = frozenset({"article_record"})
        composite = CompositePublisher([("one", first, types), ("two", second, types)])
        assert composite.publish([article_record]) == [True]

    def test_unknown_type_rejected(self, client: fakeredis.FakeRedis) -> None:
        """A route naming a type that does not exist is refused."""
        with pytest.raises(ValueError, match="unknown message types"):
            CompositePublisher(
                [("a", RedisStreamPublisher(client, "x", 1, 1), frozenset({"nope"}))]
            )


class TestParseRoutes:
    """The channels setting is checked before anything is built."""

    def test_star_means_every_type(self) -> None:
        """'*' expands to every published message type."""
        routes = parse_routes({"redis_streams": ["*"]}, ["redis_streams"])
        assert routes["redis_streams"] == set(MESSAGE_TYPES)

    @pytest.mark.parametrize(
        ("channels", "error"),
        [
            ({"carrier_pigeon": ["*"]}, "unknown channel"),
            ({"redis_streams": ["tweet"]}, "unknown message types"),
            ({"redis_streams": []}, "carries no message type"),
            ({}, "no channel configured"),
        ],
    )
    def test_bad_routes(self, channels: dict[str, list[str]], error: str) -> None:
        """Unknown channels or types, an empty route and no route at all are errors."""
        with pytest.raises(ValueError, match=error):
            parse_routes(channels, ["redis_streams"])


class TestPublisherFromSettings:
    """The worker's publisher is built from the settings."""

    def test_default_is_redis_streams_for_everything(
        self, client: fakeredis.FakeRedis, messages: list[Message]
    ) -> None:
        """With default settings every message type goes to Redis Streams only."""
        publisher = publisher_from_settings(Settings(stream_prefix="dflt"), client)
        assert [name for name, _, _ in publisher.routes] == ["redis_streams"]
        assert publisher.publish(messages) == [True, True, True]
        assert client.xlen("dflt:duplicates") == 1

    def test_bad_channel_is_a_configuration_error(self, client: fakeredis.FakeRedis) -> None:
        """An unknown channel name fails at start-up, naming the setting."""
        with pytest.raises(ConfigurationError, match="EVENTWIRE_CHANNELS"):
            publisher_from_settings(Settings(channels={"fax": ["*"]}), client)

    def test_webhooks_need_a_dead_letter_channel(self, client: fakeredis.FakeRedis) -> None:
        """Webhooks alone cannot work: their failures need somewhere to be dead-lettered."""
        settings = Settings(
            channels={"webhooks": ["*"]},
            webhook_endpoints=[{"url": "http://127.0.0.1:9/", "secrets": ["whsec_AAAA"]}],
        )
        with pytest.raises(ConfigurationError, match="dead_letter"):
            publisher_from_settings(settings, client)

    def test_webhook_secret_must_be_whsec(self, client: fakeredis.FakeRedis) -> None:
        """A secret without the whsec_ prefix is a configuration error."""
        settings = Settings(
            channels={"redis_streams": ["*"], "webhooks": ["*"]},
            webhook_endpoints=[{"url": "http://127.0.0.1:9/", "secrets": ["hunter2"]}],
        )
        with pytest.raises(ConfigurationError, match="WEBHOOK_ENDPOINTS"):
            publisher_from_settings(settings, client)
