"""The Redis story store: one anchor key per anchor, holding the stories that used it lately."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence

import redis

from eventwire.channels.lua import PipelineScript, execute
from eventwire.pipeline.stories import MIN_SHARED_ANCHORS, StoryRequest
from eventwire.schemas.generations import generations, marker_bucket, message_digest
from eventwire.schemas.ids import id_digest

# KEYS[1..ARGV[5]]: the hashes of records already assigned (the current generation first), then
# one key per anchor. ARGV[1] record digest, ARGV[2] new story, ARGV[3] window (s), ARGV[4]
# minimum shared anchors, ARGV[5] how many generations, ARGV[6] seconds until the current one
# expires, ARGV[7] the record's bucket field. Each anchor key is a hash story -> count; the story
# shared by the most anchors (at least the minimum) wins, else the new one; then every anchor
# records the story. A record assigned before (a redelivery) keeps its story: the record is
# remembered too, as a 24-byte entry <record digest><story> of a bucket field (4,096 of them)
# of the current generation. Record and story are 12 bytes each (message_digest).
_ASSIGN = """
local generations, record, ENTRY = tonumber(ARGV[5]), ARGV[1], 24
local current
for i = 1, generations do
  local bucket = redis.call('HGET', KEYS[i], ARGV[7])
  if i == 1 then current = bucket end
  local at = 1
  while bucket do
    local found = string.find(bucket, record, at, true)
    if not found then break end
    if (found - 1) % ENTRY == 0 then return string.sub(bucket, found + 12, found + 23) end
    at = found + 1
  end
end
local votes = {}
local best, best_votes = ARGV[2], 0
for i = generations + 1, #KEYS do
  local stories = redis.call('HKEYS', KEYS[i])
  for _, story in ipairs(stories) do
    votes[story] = (votes[story] or 0) + 1
    if votes[story] > best_votes or (votes[story] == best_votes and story < best) then
      best, best_votes = story, votes[story]
    end
  end
end
if best_votes < tonumber(ARGV[4]) then best = ARGV[2] end
for i = generations + 1, #KEYS do
  redis.call('HINCRBY', KEYS[i], best, 1)
  redis.call('EXPIRE', KEYS[i], ARGV[3])
end
-- A story an anchor holds as text (written before the upgrade: 'story_' and 24 hex digits) is
-- remembered for the record as its 12 bytes too.
local story = best
if #story == 30 then
  story = string.gsub(string.sub(story, 7), '..', function(hex)
    return string.char(tonumber(hex, 16))
  end)
end
redis.call('HSET', KEYS[1], ARGV[7], (current or '') .. record .. story)
redis.call('EXPIRE', KEYS[1], ARGV[6])
return best
"""

_STORY = "story_"


class RedisStoryStore:
    """Story assignment under ``<prefix>:{story}:anchor:<anchor>`` keys kept for the window.

    All keys share the ``{story}`` hash tag, since one script reads several of them. Assigned
    records are remembered for the window (and at most an eighth more) in one hash per
    generation, ``<prefix>:{story}:records:g<n>`` (``clock``, unix seconds, picks it).
    """

    def __init__(
        self,
        client: redis.Redis,
        prefix: str,
        window_seconds: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.window_seconds = window_seconds
        self.clock = clock
        self._script = PipelineScript(client, _ASSIGN)

    def key(self, anchor: str) -> str:
        return f"{self.prefix}:{{story}}:anchor:{anchor}"

    def assign_many(self, requests: Sequence[StoryRequest]) -> list[str]:
        """Assign every request in one pipelined round trip; a record without anchors starts a
        story of its own."""
        if not requests:
            return []
        found, expires = generations(self.window_seconds, self.clock())
        # What every call shares, made once per batch (keys as the bytes redis-py would send).
        records = [
            f"{self.prefix}:{{story}}:records:g{generation}".encode() for generation in found
        ]
        shared = (self.window_seconds, MIN_SHARED_ANCHORS, len(records), expires)
        anchor_key = self.key("")
        queue = self._script.queue
        pipe = self.client.pipeline(transaction=False)
        for request in requests:
            record_id = request.record_id
            record = message_digest(record_id)
            queue(
                pipe,
                keys=[*records, *[anchor_key + anchor for anchor in request.anchors]],
                args=[record, id_digest(record_id), *shared, marker_bucket(record)],
            )
        return [_story_id(reply) for reply in execute(pipe, (self._script,))]


def _story_id(reply: bytes | str) -> str:
    """A story id from its 12 bytes (or its text, as anchors written before an upgrade hold)."""
    if isinstance(reply, str):
        return reply
    return _STORY + reply.hex() if len(reply) == 12 else reply.decode("utf-8")
