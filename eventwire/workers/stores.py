"""Redis implementations of the pipeline's shared-state Protocols."""

from __future__ import annotations

import hashlib
import math
import re
import struct
import time
from collections.abc import Callable, Sequence

import numpy as np
import redis

from eventwire.channels.lua import PipelineScript, execute
from eventwire.pipeline.dedup import ClaimRequest, Duplicate, Original, Verdict
from eventwire.pipeline.sketch import (
    CHUNKS_SHARED,
    LEAD_PERMUTATIONS,
    LEAD_SHARED,
    MIN_SHARED,
    PROBE,
    SAMPLE,
)
from eventwire.schemas.messages import MatchKind

WINDOWS = 7
"""The retention period is cut into this many time windows (a day each by default)."""
ID_BYTES = 8
"""Length of the short id an article is known by inside the store."""

# One script decides and records a whole claim, so two workers handling two copies of a story at
# the same moment cannot both win. State lives in two hashes per time window, all sharing the
# {seen} hash tag. idx:<w> packs index keys (a chunk, sample or lead tag byte and a 4-byte hash)
# into buckets: field = the key's last two bytes, value = 11-byte entries <key's first three
# bytes><holder's short id>; and exact keys (a kind letter and 12 bytes of url or text digest)
# likewise: field = <kind letter><first digest byte><second digest byte mod 4>, value = 19-byte
# entries <key's last 11 bytes><holder's short id>. An exact key as a field of its own (13 bytes,
# value the holder's short id: the layout before the exact buckets) is still read.
# sig:<w> maps a short id to its record: <record id> (a zero byte and 12
# bytes for a derived id 'rec_' + 24 hex digits, else its length and its text)
# <shingle count: 4 bytes><224 + w: 1 byte><sample size: 1 byte><the sorted sample's gaps, the
# first from zero: w bits each, w the largest gap's bit length><4 lead min-hashes>
# <chunk count: 1 byte><chunk keys: 4 bytes each>, and for a duplicate then its verdict: <kind
# letter><fuller letter><similarity>. The sample sent holds up to PROBE values; SAMPLE are kept.
# A duplicate's record names its original's record id and its keys point at itself, so a later
# copy that resembles the duplicate more than the original (a teaser won, then an edit of the full
# text came) is compared with the duplicate and still finds the story.
#
# KEYS: idx and sig of the current window, then of each earlier window still retained.
# ARGV: short id, blob, seconds to expiry, near threshold, contained threshold, number of exact
#       keys, the index keys packed (5 bytes each: recorded and probed alike), then (kind, key)
#       pairs of exact keys strongest first.
# Reply: {1} original, or {0, kind, record id, similarity, fuller}.
_CLAIM = """
local me, blob, expire_in = ARGV[1], ARGV[2], ARGV[3]
local near_t, contained_t = tonumber(ARGV[4]), tonumber(ARGV[5])
local n_exact, packed = tonumber(ARGV[6]), ARGV[7]
local windows = #KEYS / 2
local SAMPLE, PROBE, LEAD, NO_CUT = $SAMPLE, $PROBE, $LEAD, 16777216
local MIN_SHARED, LEAD_SHARED, CHUNKS_SHARED = $MIN_SHARED, $LEAD_SHARED, $CHUNKS_SHARED
local KINDS = {u = 'exact_url', t = 'exact_text', n = 'near', c = 'contained'}
local FULLER = {o = 'original', d = 'duplicate'}

local function u24(s, at)
  local a, b, c = string.byte(s, at, at + 2)
  return (a * 256 + b) * 256 + c
end
local function u32(s, at)
  local a, b, c, d = string.byte(s, at, at + 3)
  return ((a * 256 + b) * 256 + c) * 256 + d
end
-- A stored sample starts with a byte 224 + w: its size, then its values' gaps (the first from
-- zero) as w bits each, most significant bit first, w the bit length of the largest gap. Entries
-- written before that hold a size byte, 128 + the size when the values are 3 bytes each, and the
-- size alone for 4-byte values, whose first 3 are the value (the top 24 bits of the hash); both
-- are still read. The values of the sample whose first byte is at `at`, its size, and where what
-- follows it starts.
local function sample_values(entry, at)
  local n, values = string.byte(entry, at), {}
  if n >= 224 then
    local w, v = n - 224, 0
    n = string.byte(entry, at + 1)
    local size = math.ceil(n * w / 8)
    -- The packed bytes and three zeros, so that every value is read from 4 of them.
    local b = {string.byte(entry, at + 2, at + 1 + size)}
    b[size + 1], b[size + 2], b[size + 3] = 0, 0, 0
    local floor, mask, shift = math.floor, 2 ^ w, {}
    for bit = 0, 7 do shift[bit] = 2 ^ (32 - bit - w) end
    local j, bit = 1, 0
    for i = 1, n do
      local x = ((b[j] * 256 + b[j + 1]) * 256 + b[j + 2]) * 256 + b[j + 3]
      v = v + floor(x / shift[bit]) % mask
      values[i] = v
      bit = bit + w
      j = j + floor(bit / 8)
      bit = bit % 8
    end
    return values, n, at + 2 + size
  end
  local width = 4
  if n >= 128 then n, width = n - 128, 3 end
  for i = 1, n do values[i] = u24(entry, at + 1 + width * (i - 1)) end
  return values, n, at + 1 + width * n
end
-- A record id is stored as a zero byte and its 12 bytes (a derived id), else as its length and
-- its text; record_of gives the first form whole, the text of the second.
local function record_at(entry)
  local n = string.byte(entry, 1)
  if n == 0 then return 14 end
  return 2 + n
end
local function record_of(entry)
  local n = string.byte(entry, 1)
  if n == 0 then return string.sub(entry, 1, 13) end
  return string.sub(entry, 2, 1 + n)
end
-- The sample, shingle count, lead min-hashes and chunk keys of a record, and where its verdict
-- (if any) starts.
local function sample_of(entry)
  local at = record_at(entry)
  -- A sketch takes at least 6 + 4 * LEAD bytes; the verdict of a duplicate without one, 3.
  if #entry < at + 5 + 4 * LEAD then return nil, 0, nil, nil, at end
  local values, _, lead_at = sample_values(entry, at + 4)
  local lead, chunks = {}, {}
  for i = 1, LEAD do lead[i] = u32(entry, lead_at + 4 * (i - 1)) end
  local chunks_at = lead_at + 4 * LEAD
  local m = string.byte(entry, chunks_at)
  for i = 1, m do chunks[i] = u32(entry, chunks_at + 1 + 4 * (i - 1)) end
  return values, u32(entry, at), lead, chunks, chunks_at + 1 + 4 * m
end
local function entry_of(holder)
  for j = 1, windows do
    local entry = redis.call('HGET', KEYS[2 * j], holder)
    if entry then return entry end
  end
  return nil
end
-- An index key lives in the bucket named by its last two bytes, as its first three bytes followed
-- by the holder's short id; the first holder of a key keeps it.
-- An exact key (a kind letter and 12 bytes of digest) lives likewise in the bucket named by its
-- kind letter, its digest's first byte and its second byte's last two bits (2 048 buckets), as
-- its last 11 bytes followed by the holder's short id. `rest` is what the bucket holds of a key.
local function holder_in(bucket, rest)
  local width, at = #rest + $ID_BYTES, 1
  while bucket do
    local found = string.find(bucket, rest, at, true)
    if not found then return nil end
    if (found - 1) % width == 0 then
      return string.sub(bucket, found + #rest, found + width - 1)
    end
    at = found + 1
  end
  return nil
end
local fields, rests = {}, {}
for at = 1, #packed, 5 do
  fields[#fields + 1] = string.sub(packed, at + 3, at + 4)
  rests[#rests + 1] = string.sub(packed, at, at + 2)
end
-- Each window is read with one HMGET: the index keys' buckets, then for each exact key its
-- bucket and the field of its own that a store before the exact buckets wrote (still read, so an
-- upgrade finds what the earlier layout recorded).
local exact_at = #fields
for i = 1, n_exact do
  local key = ARGV[7 + 2 * i]
  local bucket = string.sub(key, 1, 2) .. string.char(string.byte(key, 3) % 4)
  fields[exact_at + 2 * i - 1], fields[exact_at + 2 * i] = bucket, key
  rests[exact_at + 2 * i - 1] = string.sub(key, 3)
end
-- The current window's fields as the probe read them (false: no such field), so that
-- recording does not read them again.
local current, read = {}, {}
local function window(j)
  if not read[j] then
    read[j] = redis.call('HMGET', KEYS[2 * j - 1], unpack(fields))
    if j == 1 then
      for i, value in ipairs(read[j]) do current[fields[i]] = value end
    end
  end
  return read[j]
end
-- The buckets recording changes, written with one HSET at the end.
local changed = {}
local function add(field, rest)
  local bucket = current[field]
  if bucket == nil then bucket = redis.call('HGET', KEYS[1], field) end
  if not holder_in(bucket, rest) then
    if not changed[field] then
      changed[field] = true
      changed[#changed + 1] = field
    end
    current[field] = (bucket or '') .. rest .. me
  end
end
local function record(verdict)
  redis.call('HSET', KEYS[2], me, verdict)
  for i = 1, n_exact do
    local old = current[fields[exact_at + 2 * i]]
    if old == nil then old = redis.call('HGET', KEYS[1], fields[exact_at + 2 * i]) end
    if not old then add(fields[exact_at + 2 * i - 1], rests[exact_at + 2 * i - 1]) end
  end
  for i = 1, exact_at do add(fields[i], rests[i]) end
  if #changed > 0 then
    local pairs_ = {}
    for i, field in ipairs(changed) do
      pairs_[2 * i - 1], pairs_[2 * i] = field, current[field]
    end
    redis.call('HSET', KEYS[1], unpack(pairs_))
  end
  redis.call('EXPIRE', KEYS[1], expire_in)
  redis.call('EXPIRE', KEYS[2], expire_in)
end
-- What is kept of this article: its shingle count, its sample cut to SAMPLE values (packed by
-- the client, at the end of the blob), its lead and chunk keys.
local function kept(original)
  local parts = {string.char(#original), original}
  if string.byte(original, 1) == 0 then parts[1] = '' end
  local at = record_at(blob)
  if #blob >= at + 4 then
    local lead_at = at + 5 + 3 * string.byte(blob, at + 4)
    local packed_at = lead_at + 4 * LEAD + 1 + 4 * string.byte(blob, lead_at + 4 * LEAD)
    parts[3] = string.sub(blob, at, at + 3)
    parts[4] = string.sub(blob, packed_at)
    parts[5] = string.sub(blob, lead_at, packed_at - 1)
  end
  return table.concat(parts)
end
local function duplicate(kind, original, sim, fuller)
  record(kept(original) .. kind .. fuller .. sim)
  return {0, KINDS[kind], original, sim, FULLER[fuller]}
end

-- A redelivery replays its first verdict.
for j = 1, windows do
  local entry = redis.call('HGET', KEYS[2 * j], me)
  if entry then
    local _, _, _, _, tail = sample_of(entry)
    if tail > #entry then return {1} end
    local kind, fuller = string.sub(entry, tail, tail), string.sub(entry, tail + 1, tail + 1)
    return {0, KINDS[kind], record_of(entry), string.sub(entry, tail + 2), FULLER[fuller]}
  end
end

for i = 1, n_exact do
  local kind, at = ARGV[6 + 2 * i], exact_at + 2 * i
  for j = 1, windows do
    local got = window(j)
    local holder = got[at]
    if not holder or holder == me then holder = holder_in(got[at - 1], rests[at - 1]) end
    if holder and holder ~= me then
      local entry = entry_of(holder)
      if entry then return duplicate(string.sub(kind, 7, 7), record_of(entry), '1', 'o') end
    end
  end
end

local blob_at = record_at(blob)
if #blob >= blob_at + 4 and exact_at > 0 then
  -- A candidate's sample values are looked up in a table of the article's own (their ranks);
  -- the article's count below a cut is found by binary search in its sorted sample. The
  -- article's own values are read only when there is a candidate to compare them with.
  local mine_n, mine_k = u32(blob, blob_at), string.byte(blob, blob_at + 4)
  local mine_at = blob_at + 5
  local mine_cut, mine_lead = NO_CUT, {}
  if mine_k == PROBE then mine_cut = u24(blob, mine_at + 3 * (PROBE - 1)) end
  for l = 1, LEAD do mine_lead[l] = u32(blob, mine_at + 3 * mine_k + 4 * (l - 1)) end
  local mine_chunks_at = mine_at + 3 * mine_k + 4 * LEAD
  local mine_m = string.byte(blob, mine_chunks_at)
  -- The lead rule: the two leads' min-hashes share at least LEAD_SHARED values, and none is
  -- the shorter text's alone.
  local function lead_rule_holds(entry, lead_at, longer_earlier)
    local lead_shared, lead_only_shorter = 0, 0
    for l = 1, LEAD do
      local x, y = mine_lead[l], u32(entry, lead_at + 4 * (l - 1))
      if x == y then
        lead_shared = lead_shared + 1
      elseif (x < y) == longer_earlier then
        lead_only_shorter = lead_only_shorter + 1
      end
    end
    return lead_shared >= LEAD_SHARED and lead_only_shorter == 0
  end
  local mine_rank, my_chunks, mine_sorted
  -- The article's values and chunk keys, each from one read of their bytes.
  local function prepare()
    mine_rank, my_chunks, mine_sorted = {}, {}, {}
    local b = {string.byte(blob, mine_at, mine_at + 3 * mine_k - 1)}
    for i = 1, mine_k do
      local value = (b[3 * i - 2] * 256 + b[3 * i - 1]) * 256 + b[3 * i]
      mine_rank[value], mine_sorted[i] = i, value
    end
    mine_sorted[mine_k + 1] = NO_CUT
    b = {string.byte(blob, mine_chunks_at + 1, mine_chunks_at + 4 * mine_m)}
    for c = 1, mine_m do
      my_chunks[((b[4 * c - 3] * 256 + b[4 * c - 2]) * 256 + b[4 * c - 1]) * 256 + b[4 * c]] = true
    end
  end
  local function count_below(s, at, w, n, cut)
    local lo, hi = 0, n
    while lo < hi do
      local mid = math.floor((lo + hi + 1) / 2)
      if u24(s, at + w * (mid - 1)) <= cut then lo = mid else hi = mid - 1 end
    end
    return lo
  end
  -- Whether a candidate can match by no rule below, whatever its sample holds past the prefix
  -- read so far: most candidates share a sentence or a lead with the article and little else,
  -- and this tells them apart from a prefix of their packed sample (a quarter to a half of it)
  -- instead of the whole comparison. Bounds, after their first p values (the p-th value v at
  -- most the article's cut, so v is below the cut the comparison takes), s of them in the
  -- article's sample, mp of the article's values at most v: the values still to come of theirs
  -- (at most k - p) and of the article's (at most mine_k - mp) can add x <= min of the two to
  -- the shared count, and each adds at least as much to the union and to either text's count;
  -- so shared / union <= (s + x) / (mp - s + p - s + s + x), shared / the article's count <=
  -- (s + x) / (mp - s + s + x), shared / their count <= (s + x) / (p - s + s + x), all growing
  -- with x; and an article value or a value of theirs up to v that is not shared (mp > s, p > s)
  -- leaves shared short of that text's count, which the lead rule needs equal. The sentence
  -- rule needs no sample but at least two shared values when it rests on one chunk key, which is
  -- left possible. Only the packed layout is cut short; a candidate that could still match is
  -- compared in full.
  local widths = {}
  local function hopeless(entry, sat, theirs_n)
    local head = string.byte(entry, sat)
    if head < 224 then return false end
    local w, k = head - 224, string.byte(entry, sat + 1)
    if w == 0 then return false end
    local size = math.ceil(k * w / 8)
    local lead_at = sat + 2 + size
    local longer_earlier = theirs_n >= mine_n
    -- (The lead rule is read only when the sample bounds leave it to decide: rarely, since an
    -- unshared value of the shorter text up to v rules it out first.)
    -- The sentence rule, read until the chunk keys left could no longer bring the shared share
    -- to the contained threshold.
    local chunks_at = lead_at + 4 * LEAD
    local m = string.byte(entry, chunks_at)
    local chunks_shorter = mine_m
    if not longer_earlier then chunks_shorter = m end
    local chunks_shared, byte = 0, string.byte
    for c = 1, m do
      if (chunks_shared + m - c + 1) / chunks_shorter < contained_t then break end
      local a, b, c3, d = byte(entry, chunks_at + 4 * c - 3, chunks_at + 4 * c)
      if my_chunks[((a * 256 + b) * 256 + c3) * 256 + d] then
        chunks_shared = chunks_shared + 1
      end
    end
    if chunks_shared > 0 and chunks_shared / chunks_shorter >= contained_t
        and (chunks_shared >= CHUNKS_SHARED or chunks_shared == chunks_shorter) then
      return false
    end
    -- Each value from the 4 bytes it starts in (the lead min-hashes follow the packed sample,
    -- so there are always 3 more bytes; what lies past the value's w bits is cut off): divided
    -- exactly by the power of two that drops the bits after it (x - x % d is a multiple of d),
    -- then the next value's byte and bit, all from tables made once per width and claim.
    local tables = widths[w]
    if not tables then
      tables = {{}, {}, {}}
      for bit = 0, 7 do
        tables[1][bit] = 2 ^ (32 - bit - w)
        tables[2][bit] = math.floor((bit + w) / 8)
        tables[3][bit] = (bit + w) % 8
      end
      widths[w] = tables
    end
    local shift, step, after, mask = tables[1], tables[2], tables[3], 2 ^ w
    local j, bit, v, s, mp, last = sat + 2, 0, 0, 0, 0, -1
    for p = 1, k do
      local a, b, c, d = byte(entry, j, j + 3)
      local x, divisor = ((a * 256 + b) * 256 + c) * 256 + d, shift[bit]
      v = v + (x - x % divisor) / divisor % mask
      -- Past the article's cut, or not strictly rising (no sketch makes that): compare in full.
      if v > mine_cut or v <= last then return false end
      last = v
      if mine_rank[v] then s = s + 1 end
      j, bit = j + step[bit], after[bit]
      if p % 4 == 0 then
        while mine_sorted[mp + 1] <= v do mp = mp + 1 end
        local more = k - p
        if mine_k - mp < more then more = mine_k - mp end
        local top = s + more
        if top / (mp + p - s + more) < near_t
            and (top < MIN_SHARED or (longer_earlier and top / (mp + more) < contained_t)
                 or (not longer_earlier and top / (p + more) < contained_t))
            and ((longer_earlier and mp > s) or (not longer_earlier and p > s)
                 or not lead_rule_holds(entry, lead_at, longer_earlier))
        then
          return true
        end
      end
    end
    return false
  end
  local seen = {}
  local best_kind, best_record, best_sim, best_fuller = nil, nil, -1, nil
  for j = 1, windows do
    local buckets = window(j)
    for i = 1, exact_at do
      local holder = holder_in(buckets[i], rests[i])
      if holder and holder ~= me and not seen[holder] then
        seen[holder] = true
        local entry = entry_of(holder)
        local at = entry and record_at(entry)
        if entry and #entry >= at + 5 + 4 * LEAD then
          if not mine_rank then prepare() end
          local theirs_n = u32(entry, at)
          if hopeless(entry, at + 4, theirs_n) then entry = nil end
        end
        if entry and #entry >= at + 5 + 4 * LEAD then
          local theirs_n = u32(entry, at)
          local theirs, k, lead_at = sample_values(entry, at + 4)
          -- Below the smaller k-th value both samples hold every shingle of their text.
          local cut, n_theirs = mine_cut, k
          if k == SAMPLE and theirs[k] < cut then cut = theirs[k] end
          if cut < NO_CUT then
            while n_theirs > 0 and theirs[n_theirs] > cut do n_theirs = n_theirs - 1 end
          end
          local n_mine = mine_k
          if cut < mine_cut then n_mine = count_below(blob, mine_at, 3, mine_k, cut) end
          local shared = 0
          for p = 1, n_theirs do
            local rank = mine_rank[theirs[p]]
            if rank and rank <= n_mine then shared = shared + 1 end
          end
          local union = n_mine + n_theirs - shared
          local longer_earlier = theirs_n >= mine_n
          local kind, sim, fuller, shorter = nil, 0, 'o', n_mine
          if not longer_earlier then fuller, shorter = 'd', n_theirs end
          if union > 0 and shared / union >= near_t then
            kind, sim = 'n', shared / union
          elseif union > 0 then
            local inside = -1
            if shared >= MIN_SHARED then
              inside = shared / shorter
            elseif shared == shorter and lead_rule_holds(entry, lead_at, longer_earlier) then
              inside = 1
            end
            if inside < contained_t then
              -- Sentence by sentence: the share of the shorter text's chunk keys in the other.
              local chunks_at = lead_at + 4 * LEAD
              local m = string.byte(entry, chunks_at)
              local chunks_shared = 0
              for c = 1, m do
                if my_chunks[u32(entry, chunks_at + 1 + 4 * (c - 1))] then
                  chunks_shared = chunks_shared + 1
                end
              end
              local chunks_shorter = mine_m
              if not longer_earlier then chunks_shorter = m end
              -- A text of one sentence needs its sample to agree too.
              local all_in = chunks_shared > 0 and chunks_shared == chunks_shorter
              local enough = chunks_shared >= CHUNKS_SHARED or (all_in and shared >= LEAD_SHARED)
              if enough and chunks_shared / chunks_shorter > inside then
                inside = chunks_shared / chunks_shorter
              end
            end
            if inside >= contained_t then kind, sim = 'c', inside end
          end
          if kind and sim > best_sim then
            best_kind, best_record, best_sim, best_fuller = kind, record_of(entry), sim, fuller
          end
        end
      end
    end
  end
  if best_kind then
    return duplicate(best_kind, best_record, string.format('%.4f', best_sim), best_fuller)
  end
end

record(kept(record_of(blob)))
return {1}
"""
for _name, _value in {
    "ID_BYTES": ID_BYTES,
    "SAMPLE": SAMPLE,
    "PROBE": PROBE,
    "LEAD_SHARED": LEAD_SHARED,
    "LEAD": LEAD_PERMUTATIONS,
    "MIN_SHARED": MIN_SHARED,
    "CHUNKS_SHARED": CHUNKS_SHARED,
}.items():
    _CLAIM = _CLAIM.replace(f"${_name}", str(_value))


class RedisSeenStore:
    """Exact keys and shingle sketches seen in the retention period, kept in Redis hashes.

    Time is cut into :data:`WINDOWS` windows of ``ttl_seconds / WINDOWS``; each window has one
    ``<prefix>:{seen}:idx3:<n>`` and one ``<prefix>:{seen}:sig3:<n>`` hash, which expire together
    ``ttl_seconds`` after their window closes. An article is thus remembered for between one and
    ``1 + 1/WINDOWS`` retention periods. Chunk and lead keys are packed, 11 bytes each, into
    65 536 bucket fields, and exact keys, 19 bytes each, into 2 048 more, which keeps an article
    under 1 KB (a field of its own costs about 66 bytes). Every key shares the ``{seen}`` hash tag,
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
        self._script = PipelineScript(client, _CLAIM)

    def window_keys(self, now: float) -> list[str]:
        """The idx and sig hashes to consult at ``now``, current window first."""
        current = int(now // self.window_seconds)
        keys: list[str] = []
        for window in range(current, current - WINDOWS - 1, -1):
            keys += [
                f"{self.prefix}:{{seen}}:idx3:{window}",
                f"{self.prefix}:{{seen}}:sig3:{window}",
            ]
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
        return hashlib.sha256(article_id.encode("utf-8")).digest()[:ID_BYTES]

    def claim_many(self, requests: Sequence[ClaimRequest]) -> list[Verdict]:
        """Decide every request in order, in one pipelined round trip (one script per article)."""
        if not requests:
            return []
        now = self.clock()
        # Arguments are sent as redis-py would encode them (text as UTF-8, numbers as their
        # repr), encoded once per batch rather than once per article.
        window_keys = [key.encode() for key in self.window_keys(now)]
        # Relative expiry, so a worker clock slightly off the Redis clock does no harm.
        window_end = (int(now // self.window_seconds) + 1) * self.window_seconds
        expire_in = repr(max(1, math.ceil(window_end + self.ttl_seconds - now))).encode()
        near, contained = (
            repr(self.near_threshold).encode(),
            repr(self.contained_threshold).encode(),
        )
        pipe = self.client.pipeline(transaction=False)
        for request in requests:
            blob = _record_part(request.record_id)
            keys = b""
            if request.sketch is not None:
                sketch = request.sketch
                # Sample values are below 2**24: their last 3 bytes.
                values = bytearray(sketch.sample)
                del values[::4]
                blob = b"".join(
                    (
                        blob,
                        struct.pack(">IB", sketch.shingles, len(sketch.sample) // 4),
                        values,
                        sketch.lead,
                        bytes((len(sketch.chunks) // 4,)),
                        sketch.chunks,
                        packed_sample(sketch.stored()),
                    )
                )
                keys = sketch.packed_keys()
            exact: list[bytes | str] = []
            for fp in request.fingerprints:
                exact += [fp.kind, self.exact_key(fp.kind, fp.value)]
            self._script.queue(
                pipe,
                keys=window_keys,
                args=[
                    self.short_id(request.article_id),
                    blob,
                    expire_in,
                    near,
                    contained,
                    len(request.fingerprints),
                    keys,
                    *exact,
                ],
            )
        verdicts: list[Verdict] = []
        for request, reply in zip(requests, execute(pipe, (self._script,)), strict=True):
            if int(reply[0]) == 1:
                checked: list[MatchKind] = [fp.kind for fp in request.fingerprints]
                if request.sketch is not None:
                    checked += ["near", "contained"]
                verdicts.append(Original(tuple(checked)))
            else:
                kind, similarity, fuller = (_text(reply[at]) for at in (1, 3, 4))
                verdicts.append(
                    Duplicate(
                        match=kind,  # type: ignore[arg-type]
                        original_record_id=_record_id(reply[2]),
                        similarity=float(similarity),
                        fuller=fuller,  # type: ignore[arg-type]
                    )
                )
        return verdicts


def packed_sample(stored: bytes) -> bytes:
    """A sorted sample (4-byte values below 2**24) as the store keeps it: a byte 224 + w, its
    size, and the gaps between its values (the first from zero) as w bits each, most significant
    bit first, w the bit length of the largest gap (lossless: the values read back are the
    same)."""
    gaps = np.frombuffer(stored, ">u4").astype(np.uint32)
    gaps[1:] -= gaps[:-1].copy()
    width = int(gaps.max(initial=0)).bit_length()
    # Every gap's 32 bits, most significant first, of which the last w are kept.
    bits = np.unpackbits(gaps.astype(">u4").view(np.uint8)).reshape(-1, 32)[:, 32 - width :]
    return bytes((224 + width, len(gaps))) + np.packbits(bits).tobytes()


_RECORD_DIGEST = re.compile(r"rec_([0-9a-f]{24})")


def _record_part(record_id: str) -> bytes:
    """A record id as the store keeps it: a zero byte and the 12 bytes of a derived id, else its
    length and its text."""
    digest = _RECORD_DIGEST.fullmatch(record_id)
    if digest is not None:
        return b"\0" + bytes.fromhex(digest.group(1))
    record = record_id.encode("utf-8")
    return bytes([len(record)]) + record


def _record_id(value: bytes | str) -> str:
    """A record id from the claim script's reply (a derived id as a zero byte and 12 bytes)."""
    if isinstance(value, bytes) and len(value) == 13 and value[:1] == b"\0":
        return "rec_" + value[1:].hex()
    return _text(value)


def _text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
