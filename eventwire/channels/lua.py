"""Lua scripts run inside pipelines in one round trip.

redis-py's registered scripts, when queued on a pipeline, make ``Pipeline.execute`` send a
``SCRIPT EXISTS`` (and wait for its reply) before the pipeline itself: two round trips per batch
instead of one. Here a script is queued as a bare ``EVALSHA``, and only when Redis answers
``NOSCRIPT`` (its script cache is empty after a restart or ``SCRIPT FLUSH``) are the scripts
loaded and the commands that failed sent again, in their original order. A command that failed
with ``NOSCRIPT`` did not run, so sending it again runs it once.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

import redis
from redis.client import Pipeline
from redis.exceptions import NoScriptError

Arg = bytes | str | int | float


class PipelineScript:
    """A Lua script, queued on pipelines by its SHA-1 (direct calls, outside a pipeline, are
    redis-py's registered scripts, which load a lost script in the same way)."""

    __slots__ = ("client", "sha", "source")

    def __init__(self, client: redis.Redis, source: str) -> None:
        self.client = client
        self.source = source
        self.sha = hashlib.sha1(source.encode("utf-8"), usedforsecurity=False).hexdigest()

    def queue(self, pipe: Pipeline, keys: Sequence[Arg], args: Sequence[Arg]) -> None:
        """Queue one call on ``pipe``; run it with :func:`execute`."""
        pipe.evalsha(self.sha, len(keys), *keys, *args)

    def load(self) -> None:
        self.client.script_load(self.source)


def execute(pipe: Pipeline, scripts: Sequence[PipelineScript]) -> list[Any]:
    """Execute ``pipe``, whose script calls were queued by ``scripts``' ``queue``: one round trip,
    and two more only if Redis has lost the scripts. Raises the first error a command returned,
    after every command has run, as ``Pipeline.execute`` does."""
    stack = list(pipe.command_stack)
    replies = pipe.execute(raise_on_error=False)
    missing = [at for at, reply in enumerate(replies) if isinstance(reply, NoScriptError)]
    if missing:
        if not scripts:
            raise ValueError("NOSCRIPT from a pipeline whose scripts were not given to execute()")
        for script in scripts:
            script.load()
        retry = scripts[0].client.pipeline(transaction=False)
        for at in missing:
            args, options = stack[at]
            retry.execute_command(*args, **options)  # type: ignore[no-untyped-call]
        for at, reply in zip(missing, retry.execute(raise_on_error=False), strict=True):
            replies[at] = reply
    for reply in replies:
        if isinstance(reply, Exception):
            raise reply
    return list(replies)
