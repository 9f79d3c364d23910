"""Redis implementations of the pipeline's shared-state Protocols."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import redis

from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Original, Verdict

# KEYS: one per fingerprint, strongest first. ARGV[1] article id, ARGV[2] record id, ARGV[3] ttl,
# ARGV[4..] the match kind of each key. A key holds "<article id>|<record id>" of its first
# claimant. Checking every key and then claiming them happens in one script, so two workers
# handling two copies of a story at once cannot both win.
_CLAIM = """
for i, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if holder then
    local sep = string.find(holder, '|', 1, true)
    if string.sub(holder, 1, sep - 1) ~= ARGV[1] then
      return {0, ARGV[3 + i], string.sub(holder, sep + 1)}
    end
  end
end
local value = ARGV[1] .. '|' .. ARGV[2]
for _, key in ipairs(KEYS) do
  redis.call('SET', key, value, 'NX', 'EX', ARGV[3])
end
return {1}
"""


class RedisSeenStore:
    """Fingerprints seen so far, as ``<prefix>:{seen}:<kind>:<digest>`` keys with a TTL.

    Every key shares the ``{seen}`` hash tag, so one claim script may touch several of them on
    Redis Cluster too.
    """

    def __init__(self, client: redis.Redis, prefix: str, ttl_seconds: int) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self._script = client.register_script(_CLAIM)

    def key(self, kind: str, value: str) -> str:
        digest = value if kind == "exact_text" else hashlib.sha256(value.encode()).hexdigest()
        return f"{self.prefix}:{{seen}}:{kind}:{digest}"

    def claim_many(self, requests: Sequence[ClaimRequest]) -> list[Verdict]:
        """Decide every request in order, in one pipelined round trip."""
        if not requests:
            return []
        pipe = self.client.pipeline(transaction=False)
        for request in requests:
            self._script(
                keys=[self.key(fp.kind, fp.value) for fp in request.fingerprints],
                args=[
                    request.article_id,
                    request.record_id,
                    self.ttl_seconds,
                    *[fp.kind for fp in request.fingerprints],
                ],
                client=pipe,
            )
        verdicts: list[Verdict] = []
        for request, reply in zip(requests, pipe.execute(), strict=True):
            if int(reply[0]) == 1:
                verdicts.append(Original(tuple(fp.kind for fp in request.fingerprints)))
            else:
                kind, record_id = (_text(part) for part in reply[1:3])
                verdicts.append(Duplicate(match=kind, original_record_id=record_id))  # type: ignore[arg-type]
        return verdicts


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
