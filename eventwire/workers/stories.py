"""The Redis story store: one anchor key per anchor, holding the stories that used it lately."""

from __future__ import annotations

from collections.abc import Sequence

import redis

from eventwire.pipeline.stories import MIN_SHARED_ANCHORS, StoryRequest
from eventwire.schemas.ids import derive_id

# KEYS[1] the hash of records already assigned, KEYS[2..] one per anchor. ARGV[1] record id,
# ARGV[2] new story id, ARGV[3] window (s), ARGV[4] minimum shared anchors. Each anchor key is
# a hash story id -> count; the story shared by the most anchors (at least the minimum) wins,
# else the new one; then every anchor records the story. A record assigned before (a
# redelivery) keeps its story: the record id is remembered too.
_ASSIGN = """
local seen = redis.call('HGET', KEYS[1], ARGV[1])
if seen then return seen end
local votes = {}
local best, best_votes = ARGV[2], 0
for i = 2, #KEYS do
  local stories = redis.call('HKEYS', KEYS[i])
  for _, story in ipairs(stories) do
    votes[story] = (votes[story] or 0) + 1
    if votes[story] > best_votes or (votes[story] == best_votes and story < best) then
      best, best_votes = story, votes[story]
    end
  end
end
if best_votes < tonumber(ARGV[4]) then best = ARGV[2] end
for i = 2, #KEYS do
  redis.call('HINCRBY', KEYS[i], best, 1)
  redis.call('EXPIRE', KEYS[i], ARGV[3])
end
redis.call('HSET', KEYS[1], ARGV[1], best)
redis.call('EXPIRE', KEYS[1], ARGV[3])
return best
"""


class RedisStoryStore:
    """Story assignment under ``<prefix>:{story}:anchor:<anchor>`` keys kept for the window.

    All anchor keys share the ``{story}`` hash tag, since one script reads several of them.
    """

    def __init__(self, client: redis.Redis, prefix: str, window_seconds: int) -> None:
        self.client = client
        self.prefix = prefix
        self.window_seconds = window_seconds
        self._script = client.register_script(_ASSIGN)

    def key(self, anchor: str) -> str:
        return f"{self.prefix}:{{story}}:anchor:{anchor}"

    def assign_many(self, requests: Sequence[StoryRequest]) -> list[str]:
        """Assign every request in one pipelined round trip; a record without anchors starts a
        story of its own."""
        pipe = self.client.pipeline(transaction=False)
        for request in requests:
            keys = [
                f"{self.prefix}:{{story}}:records",
                *(self.key(anchor) for anchor in request.anchors),
            ]
            self._script(
                keys=keys,
                args=[
                    request.record_id,
                    derive_id("story", request.record_id),
                    self.window_seconds,
                    MIN_SHARED_ANCHORS,
                ],
                client=pipe,
            )
        replies = pipe.execute() if requests else []
        return [r.decode() if isinstance(r, bytes) else str(r) for r in replies]
