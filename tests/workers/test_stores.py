"""RedisSeenStore: the shared dedup index, on an in-process Redis (fakeredis)."""

from __future__ import annotations

import fakeredis
import pytest

from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Fingerprint, Original
from eventwire.workers.stores import RedisSeenStore

TTL = 3600
HASH_A = "a" * 64
HASH_B = "b" * 64
URL = "https://news.example.org/2017/01/17/syria-astana-delegations"


def _request(
    article_id: str, record_id: str, content_hash: str, url: str | None = None
) -> ClaimRequest:
    keys = [Fingerprint("exact_text", content_hash)]
    if url is not None:
        keys.append(Fingerprint("exact_url", url))
    return ClaimRequest(article_id=article_id, record_id=record_id, fingerprints=tuple(keys))


@pytest.fixture
def client() -> fakeredis.FakeRedis:
    return fakeredis.FakeRedis()


@pytest.fixture
def store(client: fakeredis.FakeRedis) -> RedisSeenStore:
    return RedisSeenStore(client, "test", TTL)


class TestRedisSeenStore:
    """Claims are decided in order: first holder wins, redelivery keeps its claim."""

    def test_first_claim_is_original(self, store: RedisSeenStore) -> None:
        """The first article to claim its fingerprints is the original, all kinds checked."""
        assert store.claim_many([_request("art_1", "rec_1", HASH_A, URL)]) == [
            Original(("exact_text", "exact_url"))
        ]

    def test_same_content_is_duplicate(self, store: RedisSeenStore) -> None:
        """Another article with the same content hash is a duplicate of the first record."""
        store.claim_many([_request("art_1", "rec_1", HASH_A)])
        assert store.claim_many([_request("art_2", "rec_2", HASH_A)]) == [
            Duplicate(match="exact_text", original_record_id="rec_1")
        ]

    def test_redelivery_stays_original(self, store: RedisSeenStore) -> None:
        """The same article id claiming again is still the original."""
        first = store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        again = store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        assert again == first == [Original(("exact_text", "exact_url"))]

    def test_url_match(self, store: RedisSeenStore) -> None:
        """Different content at a URL already claimed is a url duplicate."""
        store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        assert store.claim_many([_request("art_2", "rec_2", HASH_B, URL)]) == [
            Duplicate(match="exact_url", original_record_id="rec_1")
        ]

    def test_content_hash_match_reported_first(self, store: RedisSeenStore) -> None:
        """When both fingerprints were seen, the stronger (content_hash) match is reported."""
        store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        (verdict,) = store.claim_many([_request("art_2", "rec_2", HASH_A, URL)])
        assert isinstance(verdict, Duplicate)
        assert verdict.match == "exact_text"

    def test_duplicate_claims_nothing(self, store: RedisSeenStore) -> None:
        """A duplicate does not take the fingerprints it did not match on."""
        store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        store.claim_many([_request("art_2", "rec_2", HASH_B, URL)])
        assert store.claim_many([_request("art_3", "rec_3", HASH_B)]) == [Original(("exact_text",))]

    def test_keys_have_ttl(self, store: RedisSeenStore, client: fakeredis.FakeRedis) -> None:
        """Every fingerprint key expires, within the configured TTL."""
        store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        keys = [store.key("exact_text", HASH_A), store.key("exact_url", URL)]
        for key in keys:
            assert 0 < client.ttl(key) <= TTL
            assert client.get(key) == b"art_1|rec_1"

    def test_keys_share_hash_tag(self, store: RedisSeenStore) -> None:
        """Keys are <prefix>:{seen}:<kind>:<digest>, so one script may touch them on a cluster."""
        assert store.key("exact_text", HASH_A) == f"test:{{seen}}:exact_text:{HASH_A}"
        assert store.key("exact_url", URL).startswith("test:{seen}:exact_url:")
        assert URL not in store.key("exact_url", URL)

    def test_batch_of_two_copies(self, store: RedisSeenStore) -> None:
        """Two copies in one claim_many call give one original and one duplicate of it."""
        verdicts = store.claim_many(
            [_request("art_1", "rec_1", HASH_A, URL), _request("art_2", "rec_2", HASH_A, URL)]
        )
        assert verdicts == [
            Original(("exact_text", "exact_url")),
            Duplicate(match="exact_text", original_record_id="rec_1"),
        ]

    def test_empty_batch(self, store: RedisSeenStore) -> None:
        """No requests give no verdicts."""
        assert store.claim_many([]) == []

    def test_prefixes_are_separate(self, client: fakeredis.FakeRedis) -> None:
        """Stores with different prefixes do not see each other's fingerprints."""
        RedisSeenStore(client, "one", TTL).claim_many([_request("art_1", "rec_1", HASH_A)])
        assert RedisSeenStore(client, "two", TTL).claim_many(
            [_request("art_2", "rec_2", HASH_A)]
        ) == [Original(("exact_text",))]
