"""RedisSeenStore: the shared dedup index, on an in-process Redis (fakeredis)."""

from __future__ import annotations

import itertools
import random
from typing import Any

import fakeredis
import pytest
import redis

from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Fingerprint, Original
from eventwire.pipeline.normalise import content_hash
from eventwire.pipeline.sketch import SAMPLE, compare, sketch_text
from eventwire.schemas.ids import derive_id
from eventwire.workers.stores import WINDOWS, RedisSeenStore
from tests.replies import expect_optional_bytes
from tests.shared_eval import eval_rows
from tests.texts import OTHER, STORY

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

    def test_copy_of_duplicate_points_at_original(self, store: RedisSeenStore) -> None:
        """A duplicate's fingerprints lead to its original: a copy of it is a copy of the story."""
        store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        store.claim_many([_request("art_2", "rec_2", HASH_B, URL)])
        assert store.claim_many([_request("art_3", "rec_3", HASH_B)]) == [
            Duplicate(match="exact_text", original_record_id="rec_1")
        ]

    def test_keys_have_ttl(self, store: RedisSeenStore, client: fakeredis.FakeRedis) -> None:
        """Every hash the store writes expires, after the retention period and its window."""
        store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        keys = client.keys("test:*")
        assert keys
        for key in keys:
            assert 0 < client.ttl(key) <= TTL + store.window_seconds

    def test_keys_share_hash_tag(self, store: RedisSeenStore) -> None:
        """Every key is <prefix>:{seen}:..., so one script may touch them all on a cluster."""
        keys = store.window_keys(1_000_000.0)
        assert len(keys) == 2 * (WINDOWS + 1)
        assert all(key.startswith("test:{seen}:") for key in keys)

    def test_exact_key_hides_the_url(self) -> None:
        """The exact field is a short digest, never the URL itself."""
        field = RedisSeenStore.exact_key("exact_url", URL)
        assert URL.encode() not in field
        assert len(field) == 13

    def test_batch_of_two_copies(self, store: RedisSeenStore) -> None:
        """Two copies in one claim_many call give one original and one duplicate of it."""
        verdicts = store.claim_many(
            [_request("art_1", "rec_1", HASH_A, URL), _request("art_2", "rec_2", HASH_A, URL)]
        )
        assert verdicts == [
            Original(("exact_text", "exact_url")),
            Duplicate(match="exact_text", original_record_id="rec_1"),
        ]

    def test_redelivered_duplicate_replays_its_verdict(self, store: RedisSeenStore) -> None:
        """A duplicate found by an exact key alone (no sketch) is a duplicate again when its
        batch is redelivered (it was replayed as an original before)."""
        store.claim_many([_request("art_1", "rec_1", HASH_A)])
        notice = [Duplicate(match="exact_text", original_record_id="rec_1")]
        assert store.claim_many([_request("art_2", "rec_2", HASH_A)]) == notice
        assert store.claim_many([_request("art_2", "rec_2", HASH_A)]) == notice

    def test_derived_record_ids_are_kept_as_their_bytes(
        self, store: RedisSeenStore, client: fakeredis.FakeRedis
    ) -> None:
        """A derived record id is stored as a zero byte and its 12 bytes, and comes back whole
        in a verdict, a replayed verdict and a copy of a duplicate; a text id still works."""
        first, second, third = (derive_id("rec", str(n)) for n in range(3))
        store.claim_many([_request("art_1", first, HASH_A, URL)])
        notice = Duplicate(match="exact_text", original_record_id=first)
        assert store.claim_many([_request("art_2", second, HASH_A)]) == [notice]
        assert store.claim_many([_request("art_2", second, HASH_A)]) == [notice]
        assert store.claim_many([_request("art_3", third, HASH_B, URL)]) == [
            Duplicate(match="exact_url", original_record_id=first)
        ]
        assert store.claim_many([_request("art_4", "rec_4", HASH_B)]) == [
            Duplicate(match="exact_text", original_record_id=first)
        ]
        sig = store.window_keys(store.clock())[1]
        entry = client.hget(sig, store.short_id("art_1"))
        assert entry == b"\0" + bytes.fromhex(first[4:])

    def test_exact_keys_are_packed_in_buckets(
        self, store: RedisSeenStore, client: fakeredis.FakeRedis
    ) -> None:
        """An exact key is a 19-byte entry (its last 11 bytes and the holder's short id) in the
        bucket named by its kind letter, its first digest byte and 2 bits of the second."""
        store.claim_many([_request("art_1", "rec_1", HASH_A, URL)])
        idx = store.window_keys(store.clock())[0]
        me = store.short_id("art_1")
        for kind, value in (("exact_text", HASH_A), ("exact_url", URL)):
            key = store.exact_key(kind, value)
            assert client.hget(idx, key) is None
            assert client.hget(idx, key[:2] + bytes([key[2] % 4])) == key[2:] + me

    def test_exact_key_of_the_earlier_layout_is_found(
        self, store: RedisSeenStore, client: fakeredis.FakeRedis
    ) -> None:
        """An exact key a store wrote before the buckets (a field of its own) is still found, and
        a copy does not take it over in the buckets."""
        idx, sig = store.window_keys(store.clock())[:2]
        earlier = store.short_id("art_0")
        client.hset(idx, store.exact_key("exact_text", HASH_A), earlier)
        client.hset(sig, earlier, b"\x05rec_0")
        notice = [Duplicate(match="exact_text", original_record_id="rec_0")]
        assert store.claim_many([_request("art_1", "rec_1", HASH_A)]) == notice
        assert store.claim_many([_request("art_2", "rec_2", HASH_A)]) == notice
        key = store.exact_key("exact_text", HASH_A)
        assert client.hget(idx, key[:2] + bytes([key[2] % 4])) is None

    def test_empty_batch(self, store: RedisSeenStore) -> None:
        """No requests give no verdicts."""
        assert store.claim_many([]) == []

    def test_prefixes_are_separate(self, client: fakeredis.FakeRedis) -> None:
        """Stores with different prefixes do not see each other's fingerprints."""
        RedisSeenStore(client, "one", TTL).claim_many([_request("art_1", "rec_1", HASH_A)])
        assert RedisSeenStore(client, "two", TTL).claim_many(
            [_request("art_2", "rec_2", HASH_A)]
        ) == [Original(("exact_text",))]


TEASER = " ".join(STORY.split(". ")[:2])
REPUBLISHED = f"By Staff Reporter | Daily Courier\n\n{STORY}\n\nCopyright 2024 Daily Courier."
EDITED = STORY.replace("four more people", "five more people").replace("Doctors", "Medics")
ROTATED = ". ".join(STORY.split(". ")[1:] + STORY.split(". ")[:1])
LEAD_TEASER = ". ".join(STORY.split(". ")[:2]) + "."


def _sketched(article_id: str, text: str, url: str | None = None) -> ClaimRequest:
    keys = [Fingerprint("exact_text", content_hash(text))]
    if url is not None:
        keys.append(Fingerprint("exact_url", url))
    return ClaimRequest(article_id, f"rec_{article_id}", tuple(keys), sketch_text(text))


class TestNearDuplicates:
    """The same claim script finds near duplicates and containment, atomically."""

    def test_near_copy(self, store: RedisSeenStore) -> None:
        """A republished copy with boilerplate is a near duplicate, marked the fuller text."""
        store.claim_many([_sketched("a", STORY)])
        (verdict,) = store.claim_many([_sketched("b", REPUBLISHED)])
        assert isinstance(verdict, Duplicate)
        assert (verdict.match, verdict.original_record_id, verdict.fuller) == (
            "near",
            "rec_a",
            "duplicate",
        )
        assert 0.5 <= verdict.similarity < 1.0

    def test_sample_kept_as_packed_gaps(
        self, store: RedisSeenStore, client: fakeredis.FakeRedis
    ) -> None:
        """The record keeps SAMPLE values as the gaps between them in w bits each (w the largest
        gap's bit length, after a byte 224 + w and the size), and they read back the same."""
        store.claim_many([_sketched("a", STORY)])
        sketch = sketch_text(STORY)
        entry = expect_optional_bytes(
            client.hget(store.window_keys(store.clock())[1], store.short_id("a"))
        )
        assert entry is not None
        at = len("rec_a") + 1 + 4
        values = [int.from_bytes(sketch.stored()[i : i + 4], "big") for i in range(0, 256, 4)]
        gaps = [b - a for a, b in zip([0, *values], values, strict=False)]
        width = max(gaps).bit_length()
        assert width < 24
        assert entry[at : at + 2] == bytes([224 + width, SAMPLE])
        size = (width * SAMPLE + 7) // 8
        bits = int.from_bytes(entry[at + 2 : at + 2 + size], "big") >> (8 * size - width * SAMPLE)
        read = [(bits >> (width * (SAMPLE - 1 - i))) % (1 << width) for i in range(SAMPLE)]
        assert list(itertools.accumulate(read)) == values
        assert entry[at + 2 + size :].startswith(sketch.lead)

    @pytest.mark.parametrize("width", [3, 4])
    def test_sample_of_an_earlier_layout_is_compared(
        self, width: int, store: RedisSeenStore, client: fakeredis.FakeRedis
    ) -> None:
        """A record written before the upgrade (values of 3 bytes, size byte flagged with 128, or
        of 4 bytes of the 32-bit hash, whose top 3 are the 24-bit value, no flag) is still
        compared: a near copy finds it, with the same verdict as of the packed record."""
        store.claim_many([_sketched("a", STORY)])
        sig = store.window_keys(store.clock())[1]
        entry = expect_optional_bytes(client.hget(sig, store.short_id("a")))
        assert entry is not None
        at = len("rec_a") + 1 + 4
        size = ((entry[at] - 224) * SAMPLE + 7) // 8
        stored = sketch_text(STORY).stored()
        if width == 3:
            values = b"".join(stored[i + 1 : i + 4] for i in range(0, len(stored), 4))
            earlier = entry[:at] + bytes([128 + SAMPLE]) + values
        else:
            values = b"".join(stored[i + 1 : i + 4] + b"\x5a" for i in range(0, len(stored), 4))
            earlier = entry[:at] + bytes([SAMPLE]) + values
        assert entry[at + 2 + size :].startswith(sketch_text(STORY).lead)
        client.hset(sig, store.short_id("a"), earlier + entry[at + 2 + size :])
        fresh = RedisSeenStore(fakeredis.FakeRedis(), "test", TTL)
        fresh.claim_many([_sketched("a", STORY)])
        (verdict,) = store.claim_many([_sketched("b", REPUBLISHED)])
        assert isinstance(verdict, Duplicate)
        assert (verdict.match, verdict.original_record_id) == ("near", "rec_a")
        assert fresh.claim_many([_sketched("b", REPUBLISHED)]) == [verdict]

    def test_teaser_after_story(self, store: RedisSeenStore) -> None:
        """A teaser arriving after its story is contained in the original."""
        store.claim_many([_sketched("a", STORY)])
        (verdict,) = store.claim_many([_sketched("b", TEASER)])
        assert verdict == Duplicate("contained", "rec_a", 1.0, "original")

    def test_story_after_teaser(self, store: RedisSeenStore) -> None:
        """A story arriving after its teaser links back, naming itself the fuller text."""
        store.claim_many([_sketched("a", TEASER)])
        (verdict,) = store.claim_many([_sketched("b", STORY)])
        assert verdict == Duplicate("contained", "rec_a", 1.0, "duplicate")

    def test_teaser_after_rotated_edit(self, store: RedisSeenStore) -> None:
        """A teaser of the lead, after an edit that moved its first sentence to the end, is
        found and contained sentence by sentence."""
        store.claim_many([_sketched("r", ROTATED)])
        (verdict,) = store.claim_many([_sketched("t", LEAD_TEASER)])
        assert isinstance(verdict, Duplicate)
        assert (verdict.match, verdict.original_record_id, verdict.fuller) == (
            "contained",
            "rec_r",
            "original",
        )

    def test_same_topic_is_original(self, store: RedisSeenStore) -> None:
        """Another article on the same topic is an original, all four kinds checked."""
        store.claim_many([_sketched("a", STORY)])
        assert store.claim_many([_sketched("b", OTHER)]) == [
            Original(("exact_text", "near", "contained"))
        ]

    def test_exact_text_wins(self, store: RedisSeenStore) -> None:
        """An identical text is reported as exact_text, not near."""
        store.claim_many([_sketched("a", STORY)])
        assert store.claim_many([_sketched("b", STORY)]) == [Duplicate("exact_text", "rec_a")]

    def test_edit_of_the_full_text_finds_the_teaser(self, store: RedisSeenStore) -> None:
        """Teaser first, then the full text, then an edit of it: all one story."""
        rotated = ". ".join(STORY.split(". ")[2:] + STORY.split(". ")[:2])
        verdicts = store.claim_many(
            [_sketched("t", TEASER), _sketched("s", STORY), _sketched("e", rotated)]
        )
        assert isinstance(verdicts[0], Original)
        assert [v.original_record_id for v in verdicts[1:] if isinstance(v, Duplicate)] == [
            "rec_t",
            "rec_t",
        ]

    def test_redelivered_original(self, store: RedisSeenStore) -> None:
        """An original claimed again under its own id stays the original."""
        first = store.claim_many([_sketched("a", STORY, URL)])
        assert store.claim_many([_sketched("a", STORY, URL)]) == first

    def test_redelivered_duplicate(self, store: RedisSeenStore) -> None:
        """A duplicate claimed again under its own id gets the same verdict again."""
        store.claim_many([_sketched("a", STORY)])
        first = store.claim_many([_sketched("b", TEASER)])
        assert isinstance(first[0], Duplicate)
        assert store.claim_many([_sketched("b", TEASER)]) == first

    def test_agrees_with_compare(self, store: RedisSeenStore) -> None:
        """The Lua decision is the one sketch.compare makes in Python."""
        texts = [STORY, TEASER, REPUBLISHED, EDITED, OTHER, ROTATED, LEAD_TEASER]
        for first in texts:
            for second in texts:
                if first == second:
                    continue
                fresh = RedisSeenStore(fakeredis.FakeRedis(), "cmp", TTL)
                fresh.claim_many([_sketched("a", first)])
                (verdict,) = fresh.claim_many([_sketched("b", second)])
                match = compare(sketch_text(second), sketch_text(first), 0.5, 0.8)
                if match is None:
                    assert isinstance(verdict, Original)
                else:
                    assert verdict == Duplicate(match.kind, "rec_a", match.similarity, match.fuller)

    def test_agrees_with_compare_on_mixed_texts(self) -> None:
        """Texts that share a few sentences or most of them, as leads or not, longer or shorter
        than the text before them: the script, which gives up on a candidate as soon as a prefix
        of its sample rules every match out, decides as sketch.compare does."""
        rng = random.Random(5)  # noqa: S311  # reproducible test data, not secrets
        rows = [row["text"] for row in eval_rows("geovirus.jsonl")]
        sentences = [s for text in rows for s in text.split(". ") if len(s) > 60]
        disagreements = []
        for case in range(120):
            first = rng.sample(sentences, rng.randint(3, 24))
            kept = first[: rng.randint(1, len(first))] if case % 2 else rng.sample(first, 2)
            second = kept + rng.sample(sentences, rng.randint(0, 20))
            if case % 3 == 0:
                rng.shuffle(second)
            texts = [". ".join(first) + ".", ". ".join(second) + "."]
            if case % 5 == 0:
                texts.reverse()
            fresh = RedisSeenStore(fakeredis.FakeRedis(), "mix", TTL)
            fresh.claim_many([_sketched("a", texts[0])])
            (verdict,) = fresh.claim_many([_sketched("b", texts[1])])
            match = compare(sketch_text(texts[1]), sketch_text(texts[0]), 0.5, 0.8)
            expected = (
                Original(("exact_text", "near", "contained"))
                if match is None
                else Duplicate(match.kind, "rec_a", match.similarity, match.fuller)
            )
            if verdict != expected:
                disagreements.append((case, verdict, expected))
        assert disagreements == []

    def test_order_independent(self) -> None:
        """Copies of one story in any order give exactly one original; others link to it."""
        copies = [STORY, TEASER, REPUBLISHED, EDITED]
        for order in itertools.permutations(range(len(copies))):
            fresh = RedisSeenStore(fakeredis.FakeRedis(), "ord", TTL)
            verdicts = fresh.claim_many([_sketched(f"c{i}", copies[i]) for i in order])
            assert isinstance(verdicts[0], Original)
            first = f"rec_c{order[0]}"
            for verdict in verdicts[1:]:
                assert isinstance(verdict, Duplicate)
                assert verdict.original_record_id == first

    @pytest.mark.parametrize("story", range(4))
    def test_every_order_of_four_copies(self, story: int) -> None:
        """Original, teaser, sentence-rotated edit and retitled republication, in all 24 orders:
        exactly one original each time, every other copy a duplicate of it."""
        rows = eval_rows("geovirus.jsonl")
        texts = [STORY, *[row["text"] for row in rows if row["text"].count(". ") >= 6][:3]]
        sentences = texts[story].split(". ")
        copies = [
            texts[story],
            ". ".join(sentences[:2]) + ".",
            ". ".join(sentences[1:] + sentences[:1]),
            f"Officials act on the outbreak\n\nBy Staff Reporter | The Courier\n\n"
            f"{texts[story]}\n\nCopyright The Courier.",
        ]
        requests = [_sketched(f"c{i}", text) for i, text in enumerate(copies)]
        for order in itertools.permutations(range(len(copies))):
            fresh = RedisSeenStore(fakeredis.FakeRedis(), "perm", TTL)
            verdicts = fresh.claim_many([requests[i] for i in order])
            assert isinstance(verdicts[0], Original), order
            assert all(
                isinstance(verdict, Duplicate) and verdict.original_record_id == f"rec_c{order[0]}"
                for verdict in verdicts[1:]
            ), (order, verdicts)

    def test_forgotten_after_retention(self, client: fakeredis.FakeRedis) -> None:
        """Past the retention period (and its window) after the last copy, a copy is original."""
        now = [1_000_000.0]
        store = RedisSeenStore(client, "ret", TTL, clock=lambda: now[0])
        store.claim_many([_sketched("a", STORY)])
        now[0] += TTL + 2 * store.window_seconds
        assert isinstance(store.claim_many([_sketched("b", REPUBLISHED)])[0], Original)

    def test_duplicate_keeps_the_story(self, client: fakeredis.FakeRedis) -> None:
        """A duplicate is remembered for its own retention period, naming the story's original."""
        now = [1_000_000.0]
        store = RedisSeenStore(client, "ret", TTL, clock=lambda: now[0])
        store.claim_many([_sketched("a", STORY)])
        now[0] += TTL
        fresh = RedisSeenStore(fakeredis.FakeRedis(), "test", TTL)
        fresh.claim_many([_sketched("a", STORY)])
        (verdict,) = store.claim_many([_sketched("b", REPUBLISHED)])
        assert isinstance(verdict, Duplicate)
        assert (verdict.match, verdict.original_record_id) == ("near", "rec_a")
        assert fresh.claim_many([_sketched("b", REPUBLISHED)]) == [verdict]
        now[0] += 2 * store.window_seconds
        (verdict,) = store.claim_many([_sketched("c", REPUBLISHED)])
        assert verdict == Duplicate("exact_text", "rec_a")

    def test_one_round_trip(self, client: fakeredis.FakeRedis, store: RedisSeenStore) -> None:
        """A batch is one pipelined round trip of one script call per article, once Redis has
        the script (the first batch after a restart loads it and sends the batch again)."""
        store.claim_many([_sketched("warm", "A first batch, which loads the script.")])
        calls: list[int] = []
        execute = redis.client.Pipeline.execute

        # Its first parameter is named self like the method's, which it replaces.
        def counting(self: redis.client.Pipeline, raise_on_error: bool = True) -> list[Any]:
            calls.append(len(self.command_stack))
            return execute(self, raise_on_error)

        redis.client.Pipeline.execute = counting  # type: ignore[method-assign]
        try:
            store.claim_many([_sketched(f"a{i}", text) for i, text in enumerate([STORY, OTHER])])
        finally:
            redis.client.Pipeline.execute = execute  # type: ignore[method-assign]
        assert calls == [2]
