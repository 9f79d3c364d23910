"""Sketches of an article's folded words, for near-duplicate and containment matching.

A sketch holds a bottom-k sample of the article's 3-word shingles (the 128 smallest of one 32-bit
hash of each), 4 min-hashes over the opening shingles only (a wire lead and its teaser share
them), and the shingle count. The dedup store compares sketches itself, so that deciding and
recording happen in one atomic step; :func:`compare` is the same decision in Python, for tests and
benchmarks.

Two bottom-k samples cut at the same hash value ``t`` (the smaller of their two k-th values) are
*every* shingle of each text below ``t``: a uniform sample of both texts taken by the same rule.
Counting the shared ones estimates the Jaccard similarity and, unlike k separate min-hashes, the
share of the shorter text inside the longer one however small the ratio of their lengths, and the
estimate is the same whichever text came first.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from eventwire.pipeline.normalise import WORD_PATTERN, fold_for_matching

SHINGLE_WORDS = 3
SAMPLE = 64
"""How many of the smallest shingle hashes are stored and compared (the k of the bottom-k)."""
PROBE = 128
"""How many of the smallest shingle hashes an article looks the index up with: more than are
stored, so that a long text finds a short one stored before it by more of their shared
shingles."""
INDEXED = 16
"""How many of the smallest shingle hashes are index entries; together with the lead min-hashes
they are the keys a copy is found by."""
LEAD_PERMUTATIONS = 4
LEAD_SHINGLES = 40

MIN_SHARED = 3
"""Fewest shared sample values that count as evidence of containment on their own."""
LEAD_SHARED = 2
"""Fewest equal lead min-hashes that, with no sample value against it, count as evidence that
the shorter text is the longer one's lead (a teaser of a long article shares few sample values
with it)."""

_U64 = np.uint64
_SAMPLE_SEED = _U64(0x9E3779B97F4A7C15)
_LEAD_SEEDS = np.array(
    [(0xD1B54A32D192ED03 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(LEAD_PERMUTATIONS)],
    dtype=_U64,
)
_MIX = (_U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53), _U64(0x2545F4914F6CDD1D))
_SAMPLE_TAG = b"\x01"

Fuller = Literal["original", "duplicate"]


@dataclass(frozen=True, slots=True)
class Sketch:
    """The smallest shingle hashes (big-endian 32-bit each, ascending), the lead min-hashes, and
    how many distinct shingles the text has."""

    sample: bytes
    lead: bytes
    shingles: int

    def stored(self) -> bytes:
        """The part of the sample the store keeps and compares: the :data:`SAMPLE` smallest."""
        return self.sample[: 4 * SAMPLE]

    def index_keys(self) -> tuple[bytes, ...]:
        """The keys the article is recorded under: its :data:`INDEXED` smallest shingle hashes
        and its lead min-hashes (band number then the 4-byte value)."""
        return self._keys(INDEXED)

    def probe_keys(self) -> tuple[bytes, ...]:
        """The keys the article looks the index up with: its :data:`PROBE` smallest shingle
        hashes and its lead min-hashes."""
        return self._keys(PROBE)

    def _keys(self, count: int) -> tuple[bytes, ...]:
        keys = [_SAMPLE_TAG + self.sample[at : at + 4] for at in range(0, 4 * count, 4)]
        keys = [key for key in keys if len(key) == 5]
        keys += [
            bytes([0x80 + band]) + self.lead[4 * band : 4 * band + 4]
            for band in range(LEAD_PERMUTATIONS)
        ]
        return tuple(keys)


@dataclass(frozen=True, slots=True)
class Match:
    """How a later sketch matches an earlier one."""

    kind: Literal["near", "contained"]
    similarity: float
    fuller: Fuller


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A 64-bit finaliser (murmur3's): every input bit moves every output bit."""
    with np.errstate(over="ignore"):
        values = values ^ (values >> _U64(33))
        values = values * _MIX[0]
        values = values ^ (values >> _U64(33))
        values = values * _MIX[1]
        return values ^ (values >> _U64(33))


def shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    """64-bit hashes of the 3-word shingles of ``text`` folded for matching, in text order.

    A text of fewer than three words is one shingle. Word hashes are CRC-32, which is stable
    across processes (Python's own ``hash`` is salted per process).
    """
    words = WORD_PATTERN.findall(fold_for_matching(text))
    if not words:
        return np.zeros(0, dtype=_U64)
    hashed = np.array([zlib.crc32(word.encode("utf-8")) for word in words], dtype=_U64)
    if len(hashed) < SHINGLE_WORDS:
        hashed = np.concatenate([hashed, np.zeros(SHINGLE_WORDS - len(hashed), dtype=_U64)])
    with np.errstate(over="ignore"):
        combined = _mix(hashed[:-2]) ^ (_mix(hashed[1:-1] + _U64(1)) * _MIX[2])
        combined = combined ^ _mix(hashed[2:] + _U64(2))
    return _mix(combined)


def _minhashes(shingles: npt.NDArray[np.uint64], seeds: npt.NDArray[np.uint64]) -> bytes:
    if len(shingles) == 0:
        return b"\xff\xff\xff\xff" * len(seeds)
    unique = np.unique(shingles)
    table = _mix(unique[:, None] ^ seeds[None, :]) >> _U64(32)
    packed: bytes = table.min(axis=0).astype(">u4").tobytes()
    return packed


def _bottom(shingles: npt.NDArray[np.uint64], count: int) -> bytes:
    """The ``count`` smallest distinct 32-bit hashes of the shingles, ascending."""
    values = np.unique(_mix(shingles ^ _SAMPLE_SEED) >> _U64(32))
    packed: bytes = values[:count].astype(">u4").tobytes()
    return packed


def sketch_text(text: str) -> Sketch:
    """The sketch of an article's (normalised) text."""
    shingles = shingle_hashes(text)
    return Sketch(
        sample=_bottom(shingles, PROBE),
        lead=_minhashes(shingles[:LEAD_SHINGLES], _LEAD_SEEDS),
        shingles=len(np.unique(shingles)),
    )


def compare(
    later: Sketch, earlier: Sketch, near_threshold: float, contained_threshold: float
) -> Match | None:
    """Whether ``later`` duplicates ``earlier``: near (estimated Jaccard similarity at least
    ``near_threshold``) or contained (one text inside the other at least
    ``contained_threshold``). ``earlier`` is what the store kept (its :data:`SAMPLE` smallest
    hashes); ``later`` is the article at hand, with its whole sample. The dedup store's Lua script
    makes the same decision."""
    mine = np.frombuffer(later.sample, dtype=">u4").astype(np.int64)
    theirs = np.frombuffer(earlier.stored(), dtype=">u4").astype(np.int64)
    # Below the smaller of the two k-th values both samples hold every shingle of their text.
    cut = min(
        int(mine[-1]) if len(mine) == PROBE else 1 << 32,
        int(theirs[-1]) if len(theirs) == SAMPLE else 1 << 32,
    )
    mine, theirs = mine[mine <= cut], theirs[theirs <= cut]
    shared = len(np.intersect1d(mine, theirs))
    union = len(mine) + len(theirs) - shared
    if union == 0:
        return None
    jaccard = shared / union
    longer_earlier = earlier.shingles >= later.shingles
    fuller: Fuller = "original" if longer_earlier else "duplicate"
    if jaccard >= near_threshold:
        return Match("near", round(jaccard, 4), fuller)
    shorter = len(mine) if longer_earlier else len(theirs)
    # The lead min-hashes: equal where the union's smallest opening shingle is in both; smaller
    # in the shorter text where it is only there, which a teaser of the other's lead never is.
    lead_mine = np.frombuffer(later.lead, dtype=">u4")
    lead_theirs = np.frombuffer(earlier.lead, dtype=">u4")
    lead_shared = int((lead_mine == lead_theirs).sum())
    lead_only_shorter = int(
        ((lead_mine < lead_theirs) if longer_earlier else (lead_mine > lead_theirs)).sum()
    )
    if shared >= MIN_SHARED:
        inside = shared / shorter
    elif lead_shared >= LEAD_SHARED and lead_only_shorter == 0 and shared == shorter:
        inside = 1.0  # nothing in either sample or lead is only in the shorter text
    else:
        return None
    if inside >= contained_threshold:
        return Match("contained", round(inside, 4), fuller)
    return None
