"""The worker's Redis client, whose commands the RESP encoder packs, against the real server."""

from __future__ import annotations

import uuid

from eventwire.channels.lua import PipelineScript, execute
from eventwire.channels.resp import RespPacker
from eventwire.workers.runtime import redis_client
from tests.integration.conftest import REDIS_URL


class TestWorkerClient:
    def test_packs_with_the_encoder(self) -> None:
        """Every connection of the worker's client packs with :class:`RespPacker`."""
        client = redis_client(REDIS_URL)
        try:
            packer = client.connection_pool.connection_kwargs["command_packer"]
            assert isinstance(packer, RespPacker)
            assert (packer.encoding, packer.errors) == ("utf-8", "strict")
        finally:
            client.close()

    def test_round_trip(self) -> None:
        """Plain commands and a pipelined script call of text, bytes and numbers all arrive."""
        client = redis_client(REDIS_URL)
        key = f"resp-test:{uuid.uuid4().hex}"
        try:
            script = PipelineScript(client, "return {KEYS[1], ARGV[1], ARGV[2], ARGV[3]}")
            script.load()
            client.set(key, "välue", ex=60)
            pipe = client.pipeline(transaction=False)
            script.queue(pipe, keys=[key], args=["é", b"\x00\xff", 12])
            pipe.get(key)
            pipe.incrbyfloat(key + ":n", 1.5)
            pipe.expire(key + ":n", 60)
            replies = execute(pipe, (script,))
            assert replies[0] == [key.encode(), "é".encode(), b"\x00\xff", b"12"]
            assert replies[1:3] == ["välue".encode(), 1.5]
        finally:
            client.delete(key, key + ":n")
            client.close()

    def test_encoding_from_the_url(self) -> None:
        """An encoding the URL names is the encoder's too."""
        client = redis_client(REDIS_URL + "?encoding=latin-1")
        try:
            packer = client.connection_pool.connection_kwargs["command_packer"]
            assert packer.encoding == "latin-1"
        finally:
            client.close()
