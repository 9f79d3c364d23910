"""Redis implementations of the pipeline's shared-state Protocols."""

from __future__ import annotations

import hashlib
import math
import struct
import time
from collections.abc import Callable, Sequence

import redis

from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Original, Verdict
from eventwire.pipeline.sketch import MIN_SHARED, PERMUTATIONS
from eventwire.schemas.messages import MatchKind

WINDOWS = 7
"""The retention period is cut into this many time windows (a day each by default)."""

# One script decides and records a whole claim, so two workers handling two copies of a story at
# the same moment cannot both win. State lives in two hashes per time window, all sharing the
# {seen} hash tag: idx:<w> maps an exact key (url or text digest) or an LSH key (band number and
# min-hash) to the short id of the first article that held it; sig:<w> maps a short id to its
# record: <record id length><record id><shingle count: 4 bytes><64 min-hashes: 4 bytes each>.
#
# KEYS: idx and sig of the current window, then of each earlier window still retained.
# ARGV: short id, blob, seconds to expiry, near threshold, contained threshold, number of exact
#       keys, then (kind, key) pairs of exact keys strongest first, then the LSH keys.
# Reply: {1} original, or {0, kind, record id, similarity, fuller}.
_CLAIM = """
local me, blob, expire_in = ARGV[1], ARGV[2], ARGV[3]
local near_t, contained_t = tonumber(ARGV[4]), tonumber(ARGV[5])
local n_exact = tonumber(ARGV[6])
local windows = #KEYS / 2
local K, MIN_SHARED = $PERMUTATIONS, $MIN_SHARED

for j = 1, windows do
  if redis.call('HEXISTS', KEYS[2 * j], me) == 1 then return {1} end
end

local function record_of(entry)
  return string.sub(entry, 2, 1 + string.byte(entry, 1))
end
local function entry_of(holder)
  for j = 1, windows do
    local entry = redis.call('HGET', KEYS[2 * j], holder)
    if entry then return entry end
  end
  return nil
end
-- A duplicate's keys point at its original too, so that a later copy resembling the duplicate
-- more than the original (a teaser won; then the full text; then an edit of the full text)
-- still finds the story.
local function link(holder)
  local first_lsh = 7 + 2 * n_exact
  for a = 7, #ARGV do
    if a >= first_lsh or (a - 7) % 2 == 1 then redis.call('HSETNX', KEYS[1], ARGV[a], holder) end
  end
  redis.call('EXPIRE', KEYS[1], expire_in)
end
local function u32(s, at)
  local a, b, c, d = string.byte(s, at, at + 3)
  return ((a * 256 + b) * 256 + c) * 256 + d
end

for i = 1, n_exact do
  local kind, key = ARGV[5 + 2 * i], ARGV[6 + 2 * i]
  for j = 1, windows do
    local holder = redis.call('HGET', KEYS[2 * j - 1], key)
    if holder and holder ~= me then
      local entry = entry_of(holder)
      if entry then
        link(holder)
        return {0, kind, record_of(entry), '1', 'original'}
      end
    end
  end
end

local first_lsh = 7 + 2 * n_exact
local sig_at = 2 + string.byte(blob, 1)
local has_sketch = #blob >= sig_at + 3 + 4 * K
if has_sketch and first_lsh <= #ARGV then
  local mine_n = u32(blob, sig_at)
  local mine = {}
  for i = 1, K do mine[i] = u32(blob, sig_at + 4 * i) end
  local seen = {}
  local best_kind, best_record, best_sim, best_fuller, best_holder = nil, nil, -1, nil, nil
  for a = first_lsh, #ARGV do
    for j = 1, windows do
      local holder = redis.call('HGET', KEYS[2 * j - 1], ARGV[a])
      if holder and holder ~= me and not seen[holder] then
        seen[holder] = true
        local entry = entry_of(holder)
        if entry then
          local at = 2 + string.byte(entry, 1)
          if #entry >= at + 3 + 4 * K then
            local theirs_n = u32(entry, at)
            local eq, lt, gt = 0, 0, 0
            for i = 1, K do
              local x, y = mine[i], u32(entry, at + 4 * i)
              if x == y then eq = eq + 1 elseif x < y then lt = lt + 1 else gt = gt + 1 end
            end
            local longer_earlier = theirs_n >= mine_n
            local kind, sim, fuller = nil, 0, 'original'
            if not longer_earlier then fuller = 'duplicate' end
            if eq / K >= near_t then
              kind, sim = 'near', eq / K
            elseif eq >= MIN_SHARED then
              local inside
              if longer_earlier then inside = eq / (eq + lt) else inside = eq / (eq + gt) end
              if inside >= contained_t then kind, sim = 'contained', inside end
            end
            if kind and sim > best_sim then
              best_kind, best_record, best_sim, best_fuller = kind, record_of(entry), sim, fuller
              best_holder = holder
            end
          end
        end
      end
    end
  end
  if best_kind then
    link(best_holder)
    return {0, best_kind, best_record, string.format('%.4f', best_sim), best_fuller}
  end
end

redis.call('HSET', KEYS[2], me, blob)
for a = 7, #ARGV do
  if a >= first_lsh or (a - 7) % 2 == 1 then redis.call('HSETNX', KEYS[1], ARGV[a], me) end
end
redis.call('EXPIRE', KEYS[1], expire_in)
redis.call('EXPIRE', KEYS[2], expire_in)
return {1}
""".replace("$PERMUTATIONS", str(PERMUTATIONS)).replace("$MIN_SHARED", str(MIN_SHARED))


class RedisSeenStore:
    """Exact keys and MinHash sketches seen in the retention period, kept in Redis hashes.

    Time is cut into :data:`WINDOWS` windows of ``ttl_seconds / WINDOWS``; each window has one
    ``<prefix>:{seen}:idx:<n>`` and one ``<prefix>:{seen}:sig:<n>`` hash, which expire together
    ``ttl_seconds`` after their window closes. An article is thus remembered for between one and
    ``1 + 1/WINDOWS`` retention periods. One hash field per key instead of one Redis key per
    fingerprint keeps an article at a few hundred bytes. Every key shares the ``{seen}`` hash tag,
    so one claim script may touch them all on Redis Cluster too.
    """

    def __init__(
        self,
        client: redis.Redis,
        prefix: str,
        ttl_seconds: int,
        *,
        near_threshold: float = 0.5,
        contained_threshold: float = 0.8,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.client = client
        self.prefix = prefix
        self.ttl_seconds = ttl_seconds
        self.window_seconds = max(1, math.ceil(ttl_seconds / WINDOWS))
        self.near_threshold = near_threshold
        self.contained_threshold = contained_threshold
        self.clock = clock
        self._script = client.register_script(_CLAIM)

    def window_keys(self, now: float) -> list[str]:
        """The idx and sig hashes to consult at ``now``, current window first."""
        current = int(now // self.window_seconds)
        keys: list[str] = []
        for window in range(current, current - WINDOWS - 1, -1):
            keys += [f"{self.prefix}:{{seen}}:idx:{window}", f"{self.prefix}:{{seen}}:sig:{window}"]
        return keys

    @staticmethod
    def exact_key(kind: str, value: str) -> bytes:
        """The hash field of an exact fingerprint: a kind letter and 12 bytes of digest."""
        digest = bytes.fromhex(value) if kind == "exact_text" and len(value) == 64 else None
        digest = digest or hashlib.sha256(value.encode("utf-8")).digest()
        return kind[6].encode() + digest[:12]

    @staticmethod
    def short_id(article_id: str) -> bytes:
        """The 8-byte id an article is known by inside the store."""
        return hashlib.sha256(article_id.encode("utf-8")).digest()[:8]

    def claim_many(self, requests: Sequence[ClaimRequest]) -> list[Verdict]:
        """Decide every request in order, in one pipelined round trip (one script per article)."""
        if not requests:
            return []
        now = self.clock()
        keys = self.window_keys(now)
        # Relative expiry, so a worker clock slightly off the Redis clock does no harm.
        window_end = (int(now // self.window_seconds) + 1) * self.window_seconds
        expire_in = max(1, math.ceil(window_end + self.ttl_seconds - now))
        pipe = self.client.pipeline(transaction=False)
        for request in requests:
            record = request.record_id.encode("utf-8")
            blob = bytes([len(record)]) + record
            lsh: tuple[bytes, ...] = ()
            if request.sketch is not None:
                blob += struct.pack(">I", request.sketch.shingles) + request.sketch.minhashes
                lsh = request.sketch.index_keys()
            exact: list[bytes | str] = []
            for fp in request.fingerprints:
                exact += [fp.kind, self.exact_key(fp.kind, fp.value)]
            self._script(
                keys=keys,
                args=[
                    self.short_id(request.article_id),
                    blob,
                    expire_in,
                    self.near_threshold,
                    self.contained_threshold,
                    len(request.fingerprints),
                    *exact,
                    *lsh,
                ],
                client=pipe,
            )
        verdicts: list[Verdict] = []
        for request, reply in zip(requests, pipe.execute(), strict=True):
            if int(reply[0]) == 1:
                checked: list[MatchKind] = [fp.kind for fp in request.fingerprints]
                if request.sketch is not None:
                    checked += ["near", "contained"]
                verdicts.append(Original(tuple(checked)))
            else:
                kind, record_id, similarity, fuller = (_text(part) for part in reply[1:5])
                verdicts.append(
                    Duplicate(
                        match=kind,  # type: ignore[arg-type]
                        original_record_id=record_id,
                        similarity=float(similarity),
                        fuller=fuller,  # type: ignore[arg-type]
                    )
                )
        return verdicts


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
