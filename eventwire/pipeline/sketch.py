"""MinHash sketches of an article's folded words, for near-duplicate and containment matching.

A sketch holds 64 min-hashes over 3-word shingles of the text folded for matching, 4 more over
the opening shingles only (a wire lead and its teaser share them), and the shingle count. The
dedup store compares sketches itself, so that deciding and recording happen in one atomic step;
:func:`compare` is the same decision in Python, for tests and benchmarks.

Comparing two 64-value signatures says more than their Jaccard similarity: for each hash
function the smallest shingle of the union is in both texts (values equal), only in the first
(the first's value is smaller) or only in the second. The three counts estimate the sizes of the
intersection and of both differences, so a teaser wholly contained in a long article shows no
"only in the teaser" counts however small their Jaccard similarity is.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from eventwire.pipeline.normalise import WORD_PATTERN, fold_for_matching

SHINGLE_WORDS = 3
PERMUTATIONS = 64
LEAD_PERMUTATIONS = 4
LEAD_SHINGLES = 40
INDEXED_PERMUTATIONS = 16
"""How many of the 64 min-hashes are index entries (LSH bands of one row each); together with the
lead min-hashes they are the keys a copy is found by."""

MIN_SHARED = 3
"""Fewest equal min-hashes that count as evidence of containment."""

_U64 = np.uint64
_SEEDS = np.array(
    [(0x9E3779B97F4A7C15 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(PERMUTATIONS)],
    dtype=_U64,
)
_LEAD_SEEDS = np.array(
    [(0xD1B54A32D192ED03 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(LEAD_PERMUTATIONS)],
    dtype=_U64,
)
_MIX = (_U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53), _U64(0x2545F4914F6CDD1D))

Fuller = Literal["original", "duplicate"]


@dataclass(frozen=True, slots=True)
class Sketch:
    """Min-hashes (big-endian 32-bit each) of an article's shingles, and how many there are."""

    minhashes: bytes
    lead: bytes
    shingles: int

    def index_keys(self) -> tuple[bytes, ...]:
        """The LSH keys of the article: band number then its 4-byte min-hash."""
        keys = [
            bytes([band]) + self.minhashes[4 * band : 4 * band + 4]
            for band in range(INDEXED_PERMUTATIONS)
        ]
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


def sketch_text(text: str) -> Sketch:
    """The sketch of an article's (normalised) text."""
    shingles = shingle_hashes(text)
    return Sketch(
        minhashes=_minhashes(shingles, _SEEDS),
        lead=_minhashes(shingles[:LEAD_SHINGLES], _LEAD_SEEDS),
        shingles=len(np.unique(shingles)),
    )


def compare(
    later: Sketch, earlier: Sketch, near_threshold: float, contained_threshold: float
) -> Match | None:
    """Whether ``later`` duplicates ``earlier``: near (estimated Jaccard similarity at least
    ``near_threshold``) or contained (one text inside the other at least
    ``contained_threshold``). The dedup store's Lua script makes the same decision."""
    mine = np.frombuffer(later.minhashes, dtype=">u4")
    theirs = np.frombuffer(earlier.minhashes, dtype=">u4")
    equal = int((mine == theirs).sum())
    only_later = int((mine < theirs).sum())
    only_earlier = int((mine > theirs).sum())
    jaccard = equal / PERMUTATIONS
    longer_earlier = earlier.shingles >= later.shingles
    if jaccard >= near_threshold:
        return Match("near", round(jaccard, 4), "original" if longer_earlier else "duplicate")
    if equal < MIN_SHARED:
        return None
    if longer_earlier:
        inside = equal / (equal + only_later)
        if inside >= contained_threshold:
            return Match("contained", round(inside, 4), "original")
    else:
        inside = equal / (equal + only_earlier)
        if inside >= contained_threshold:
            return Match("contained", round(inside, 4), "duplicate")
    return None
