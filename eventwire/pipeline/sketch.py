"""Sketches of an article's folded words, for near-duplicate and containment matching.

A sketch holds a bottom-k sample of the article's 3-word shingles (the 128 smallest of the top 24
bits of one 32-bit hash of each), 4 min-hashes over the opening shingles only (a wire lead and its
teaser share them), one min-hash per sentence (the **chunk keys**: an excerpt, a teaser or an
edit that moved sentences around holds whole sentences of the text), and the shingle count. The
dedup store compares sketches itself, so that deciding and recording happen in one atomic step;
:func:`compare` is the same decision in Python, for tests and benchmarks.

Two bottom-k samples cut at the same hash value ``t`` (the smaller of their two k-th values) are
*every* shingle of each text below ``t``: a uniform sample of both texts taken by the same rule.
Counting the shared ones estimates the Jaccard similarity and the share of the shorter text
inside the longer one. A sample of a long text holds only a few values of a short excerpt of it
(64 x the excerpt's share of the text), so an excerpt is also matched sentence by sentence: a
sentence's key is the smallest hash of the shingles inside it, the same in every text that holds
the sentence, wherever it stands.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from eventwire.pipeline.normalise import WORD_PATTERN, fold_for_matching

SHINGLE_WORDS = 3
SAMPLE = 64
"""How many of the smallest shingle hashes are stored and compared (the k of the bottom-k)."""
SAMPLE_BITS = 24
"""Sample values are the top 24 bits of the shingle hash, so that the store keeps 3 bytes of
each (neardup and dedup_orders benches unchanged with 24 bits instead of 32)."""
PROBE = 128
"""How many of the smallest shingle hashes the article at hand compares with a stored one's
:data:`SAMPLE`: more than are stored, so that a long text compared with a short one stored
before it sees more of their shared shingles."""
INDEXED = 0
"""How many of the smallest shingle hashes are index keys, beside the chunk and lead keys (none:
copies are found by their sentences and leads, and each key costs an index entry)."""
CHUNKS = 64
"""At most this many chunk keys (the smallest) per article."""
CHUNK_SPLIT = 32
"""A sentence of more shingles than this is cut into pieces where a shingle hash is a multiple
of :data:`CHUNK_ANCHOR`, each at least :data:`CHUNK_ANCHOR` shingles long (text without
punctuation still gets keys all along it, and the same pieces in every copy)."""
CHUNK_ANCHOR = 16
CHUNK_MIN = 8
"""A sentence (or piece) of fewer shingles than this gets no key: short sentences ("He said.")
are weak evidence, often shared by unrelated articles, and would cost an index entry each."""
LEAD_PERMUTATIONS = 4
LEAD_SHINGLES = 40

MIN_SHARED = 3
"""Fewest shared sample values that count as evidence of containment on their own."""
LEAD_SHARED = 2
"""Fewest equal lead min-hashes that, with no sample value against it, count as evidence that
the shorter text is the longer one's lead (a teaser of a long article shares few sample values
with it)."""
CHUNKS_SHARED = 2
"""Fewest shared chunk keys (sentences) that count as evidence of containment on their own; a
text of one sentence (fewer than this) counts when its key is shared and so are at least
:data:`LEAD_SHARED` of its sample values."""

_U64 = np.uint64
_SAMPLE_SEED = _U64(0x9E3779B97F4A7C15)
_LEAD_SEEDS = np.array(
    [(0xD1B54A32D192ED03 * (i + 1)) & 0xFFFFFFFFFFFFFFFF for i in range(LEAD_PERMUTATIONS)],
    dtype=_U64,
)
_MIX = (_U64(0xFF51AFD7ED558CCD), _U64(0xC4CEB9FE1A85EC53), _U64(0x2545F4914F6CDD1D))
_SAMPLE_TAG = b"\x01"
_CHUNK_TAG = b"\x02"
_SENTENCE_END = re.compile(r"[.!?]")

Fuller = Literal["original", "duplicate"]


@dataclass(frozen=True, slots=True)
class Sketch:
    """The smallest shingle hashes (their top 24 bits, as big-endian 32-bit values, ascending),
    the lead min-hashes, the chunk keys (big-endian 32-bit each, ascending), and how many
    distinct shingles the text has."""

    sample: bytes
    lead: bytes
    shingles: int
    chunks: bytes = b""

    def stored(self) -> bytes:
        """The part of the sample the store keeps and compares: the :data:`SAMPLE` smallest."""
        return self.sample[: 4 * SAMPLE]

    def keys(self) -> tuple[bytes, ...]:
        """The keys the article is recorded under and looks the index up with (the same, so
        that two copies find each other whichever comes first): its chunk keys, its
        :data:`INDEXED` smallest shingle hashes and its lead min-hashes, each a tag byte then
        the 4-byte value."""
        keys = {_CHUNK_TAG + self.chunks[at : at + 4]: None for at in range(0, len(self.chunks), 4)}
        for at in range(0, min(len(self.sample), 4 * INDEXED), 4):
            keys[_SAMPLE_TAG + self.sample[at : at + 4]] = None
        for band in range(LEAD_PERMUTATIONS):
            keys[bytes([0x80 + band]) + self.lead[4 * band : 4 * band + 4]] = None
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


def _shingles(words: list[str]) -> npt.NDArray[np.uint64]:
    if not words:
        return np.zeros(0, dtype=_U64)
    hashed = np.array([zlib.crc32(word.encode("utf-8")) for word in words], dtype=_U64)
    if len(hashed) < SHINGLE_WORDS:
        hashed = np.concatenate([hashed, np.zeros(SHINGLE_WORDS - len(hashed), dtype=_U64)])
    with np.errstate(over="ignore"):
        combined = _mix(hashed[:-2]) ^ (_mix(hashed[1:-1] + _U64(1)) * _MIX[2])
        combined = combined ^ _mix(hashed[2:] + _U64(2))
    return _mix(combined)


def shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    """64-bit hashes of the 3-word shingles of ``text`` folded for matching, in text order.

    A text of fewer than three words is one shingle. Word hashes are CRC-32, which is stable
    across processes (Python's own ``hash`` is salted per process).
    """
    return _shingles(WORD_PATTERN.findall(fold_for_matching(text)))


def _minhashes(shingles: npt.NDArray[np.uint64], seeds: npt.NDArray[np.uint64]) -> bytes:
    if len(shingles) == 0:
        return b"\xff\xff\xff\xff" * len(seeds)
    unique = np.unique(shingles)
    table = _mix(unique[:, None] ^ seeds[None, :]) >> _U64(32)
    packed: bytes = table.min(axis=0).astype(">u4").tobytes()
    return packed


def _sample_values(shingles: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The 32-bit hash of each shingle that the sample and the chunk keys are made of."""
    return _mix(shingles ^ _SAMPLE_SEED) >> _U64(32)


def _chunk_keys(values: npt.NDArray[np.uint64], sentence: npt.NDArray[np.int64]) -> bytes:
    """The smallest value of the shingles inside each sentence (shingles across a sentence end
    belong to none), long sentences cut at anchors, short ones left out; the :data:`CHUNKS`
    smallest, ascending."""
    inside = np.flatnonzero(sentence >= 0)
    if len(inside) == 0:
        return b""
    values, sentence = values[inside], sentence[inside]
    starts = np.flatnonzero(np.diff(sentence, prepend=-1))
    lengths = np.diff(np.append(starts, len(values)))
    keys = [np.minimum.reduceat(values, starts)[(lengths >= CHUNK_MIN) & (lengths <= CHUNK_SPLIT)]]
    for start in starts[lengths > CHUNK_SPLIT].tolist():
        piece = values[start : start + int(lengths[starts == start][0])]
        begin, cuts = 0, []
        for at in np.flatnonzero(piece % _U64(CHUNK_ANCHOR) == 0).tolist():
            if at + 1 - begin >= CHUNK_ANCHOR and at + 1 < len(piece):
                cuts.append(at + 1)
                begin = at + 1
        bounds = np.array([0, *cuts], dtype=np.int64)
        sizes = np.diff(np.append(bounds, len(piece)))
        keys.append(np.minimum.reduceat(piece, bounds)[sizes >= CHUNK_MIN])
    chosen = np.unique(np.concatenate(keys))[:CHUNKS]
    packed: bytes = chosen.astype(">u4").tobytes()
    return packed


def _sentences(folded: str) -> tuple[list[str], npt.NDArray[np.int64]]:
    """The words of a folded text, and for each 3-word shingle the number of the sentence it
    lies inside (-1 when it runs across a sentence end)."""
    # A sentence ends after a word when a full stop, question or exclamation mark follows it
    # (no word holds one).
    parts = [WORD_PATTERN.findall(part) for part in _SENTENCE_END.split(folded)]
    words = [word for part in parts for word in part]
    count = max(1, len(words) - SHINGLE_WORDS + 1)
    if len(words) < SHINGLE_WORDS:
        return words, np.full(count, -1 if not words else 0, dtype=np.int64)
    lengths = np.array([len(part) for part in parts if part], dtype=np.int64)
    ended = np.zeros(len(words), dtype=bool)
    ended[np.cumsum(lengths) - 1] = True
    number = np.concatenate([[0], np.cumsum(ended[:-1])])
    sentence = number[:count].copy()
    sentence[ended[:count] | ended[1 : count + 1]] = -1
    return words, sentence


def sketch_text(text: str) -> Sketch:
    """The sketch of an article's (normalised) text."""
    words, sentence = _sentences(fold_for_matching(text))
    shingles = _shingles(words)
    values = _sample_values(shingles)
    return Sketch(
        sample=np.unique(values >> _U64(32 - SAMPLE_BITS))[:PROBE].astype(">u4").tobytes(),
        lead=_minhashes(shingles[:LEAD_SHINGLES], _LEAD_SEEDS),
        shingles=len(np.unique(shingles)),
        chunks=_chunk_keys(values, sentence),
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
    inside = -1.0
    if shared >= MIN_SHARED:
        inside = shared / shorter
    elif lead_shared >= LEAD_SHARED and lead_only_shorter == 0 and shared == shorter:
        inside = 1.0  # nothing in either sample or lead is only in the shorter text
    if inside < contained_threshold:
        # Sentence by sentence: the share of the shorter text's chunk keys the other holds.
        chunks_mine = np.frombuffer(later.chunks, dtype=">u4")
        chunks_theirs = np.frombuffer(earlier.chunks, dtype=">u4")
        chunks_shared = len(np.intersect1d(chunks_mine, chunks_theirs))
        chunks_shorter = len(chunks_mine) if longer_earlier else len(chunks_theirs)
        if chunks_shared >= CHUNKS_SHARED or (
            chunks_shared == chunks_shorter > 0 and shared >= LEAD_SHARED
        ):
            inside = max(inside, chunks_shared / chunks_shorter)
    if inside >= contained_threshold:
        return Match("contained", round(inside, 4), fuller)
    return None
