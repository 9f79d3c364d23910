"""Scripts in pipelines on a real redis-server: one round trip per batch (no SCRIPT EXISTS before
it), and a batch sent after Redis lost its scripts (restart, SCRIPT FLUSH) still runs every call
once, in order."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from eventwire.channels.lua import PipelineScript, execute
from eventwire.channels.redis_streams import RedisStreamPublisher
from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Fingerprint, Original
from eventwire.pipeline.normalise import content_hash
from eventwire.pipeline.sketch import sketch_text
from eventwire.schemas.messages import ArticleRecord
from eventwire.workers.stores import RedisSeenStore

from .conftest import PrivateRedis, free_port

APPEND = "redis.call('RPUSH', KEYS[1], ARGV[1]) return redis.call('LLEN', KEYS[1])"
TWICE = "return tonumber(ARGV[1]) * 2"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[redis.Redis]:
    server = PrivateRedis(free_port(), tmp_path)
    connection = redis.Redis.from_url(server.url)
    try:
        yield connection
    finally:
        connection.close()
        server.stop()


def calls(client: redis.Redis) -> dict[str, int]:
    """Calls per command since the server started (or the last CONFIG RESETSTAT)."""
    stats: dict[str, dict[str, int]] = client.info("commandstats")
    return {name.removeprefix("cmdstat_"): int(stat["calls"]) for name, stat in stats.items()}


def test_a_batch_is_one_round_trip_without_script_exists(client: redis.Redis) -> None:
    append, twice = PipelineScript(client, APPEND), PipelineScript(client, TWICE)
    append.load()
    twice.load()
    client.config_resetstat()
    pipe = client.pipeline(transaction=False)
    for n in range(5):
        append.queue(pipe, keys=["log"], args=[f"a{n}"])
        twice.queue(pipe, keys=[], args=[n])
    assert execute(pipe, (append, twice)) == [1, 0, 2, 2, 3, 4, 4, 6, 5, 8]
    counted = calls(client)
    assert counted["evalsha"] == 10
    assert not any(name.startswith("script") for name in counted)
    assert counted.get("eval", 0) == 0


def test_a_batch_after_the_scripts_are_lost_runs_every_call_once_in_order(
    client: redis.Redis,
) -> None:
    append, twice = PipelineScript(client, APPEND), PipelineScript(client, TWICE)
    client.script_flush()
    pipe = client.pipeline(transaction=False)
    pipe.set("plain", "kept")
    for n in range(4):
        append.queue(pipe, keys=["log"], args=[f"a{n}"])
        twice.queue(pipe, keys=[], args=[n])
    assert execute(pipe, (append, twice)) == [True, 1, 0, 2, 2, 3, 4, 4, 6]
    assert client.lrange("log", 0, -1) == [b"a0", b"a1", b"a2", b"a3"]
    assert client.get("plain") == b"kept"
    # Loaded again: the next batch needs no loading.
    client.config_resetstat()
    pipe = client.pipeline(transaction=False)
    append.queue(pipe, keys=["log"], args=["a4"])
    assert execute(pipe, (append,)) == [5]
    assert "script|load" not in calls(client)


def test_an_error_from_a_script_is_raised_after_every_call_ran(client: redis.Redis) -> None:
    append, failing = (
        PipelineScript(client, APPEND),
        PipelineScript(client, "return redis.error_reply('no')"),
    )
    pipe = client.pipeline(transaction=False)
    failing.queue(pipe, keys=[], args=[])
    append.queue(pipe, keys=["log"], args=["after"])
    with pytest.raises(redis.ResponseError, match="no"):
        execute(pipe, (append, failing))
    assert client.lrange("log", 0, -1) == [b"after"]


def test_the_stores_batches_send_no_script_exists(
    client: redis.Redis, article_record: ArticleRecord
) -> None:
    """The dedup claim and the stream publish of a batch send only EVALSHA once Redis has the
    scripts, and a batch sent after SCRIPT FLUSH gets the same verdicts and publishes."""
    store = RedisSeenStore(client, "ew", ttl_seconds=3600)
    publisher = RedisStreamPublisher(client, "ew", maxlen=1000, published_ttl_seconds=3600)
    text = "The ministry said on Tuesday that talks on the ceasefire would resume next week. " * 8

    def claim(article_id: str, body: str) -> ClaimRequest:
        return ClaimRequest(
            article_id,
            f"rec_{article_id}",
            (Fingerprint("exact_text", content_hash(body)),),
            sketch_text(body),
        )

    (first,) = store.claim_many([claim("a1", text)])
    assert isinstance(first, Original)
    assert publisher.publish([article_record]) == [True]
    client.script_flush()
    (again,) = store.claim_many([claim("a2", text)])
    assert again == Duplicate("exact_text", "rec_a1")
    assert publisher.publish([article_record]) == [False]  # published once, even after the flush
    client.config_resetstat()
    (other,) = store.claim_many([claim("a3", "A different story about floods in the north. " * 9)])
    assert isinstance(other, Original)
    assert publisher.publish([article_record]) == [False]
    counted = calls(client)
    assert not any(name.startswith("script") for name in counted)
    assert counted["evalsha"] == 2
    assert client.xlen("ew:records") == 1
