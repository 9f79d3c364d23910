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
import struct
import zlib
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from eventwire.pipeline.normalise import (
    WORD_PATTERN,
    folded_for_matching,
    is_word_char,
    non_ascii_chars,
)

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
_LEAD_TAGS = bytes(0x80 + band for band in range(LEAD_PERMUTATIONS))
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

    def packed_keys(self) -> bytes:
        """``b"".join(self.keys())``, as the store sends them, without a bytes object per key:
        the tag bytes and the four bytes of the values are laid into every fifth byte. With no
        sample values among the keys and distinct chunk keys (as :func:`sketch_text` makes
        them) there is no repeat for :meth:`keys` to drop; otherwise it is what it joins."""
        count = len(self.chunks) // 4
        if (
            INDEXED
            or len(self.lead) != 4 * LEAD_PERMUTATIONS
            or len(self.chunks) != 4 * count
            or len(set(struct.unpack(f">{count}I", self.chunks))) != count
        ):
            return b"".join(self.keys())
        values = self.chunks + self.lead
        packed = bytearray(5 * (count + LEAD_PERMUTATIONS))
        packed[0::5] = _CHUNK_TAG * count + _LEAD_TAGS
        for byte in range(4):
            packed[1 + byte :: 5] = values[byte::4]
        return bytes(packed)


@dataclass(frozen=True, slots=True)
class Match:
    """How a later sketch matches an earlier one."""

    kind: Literal["near", "contained"]
    similarity: float
    fuller: Fuller


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """A 64-bit finaliser (murmur3's): every input bit moves every output bit. (Integer
    arrays wrap silently on overflow; only numpy scalars warn, and none is mixed here.)"""
    values = values ^ (values >> _U64(33))
    values *= _MIX[0]
    values ^= values >> _U64(33)
    values *= _MIX[1]
    values ^= values >> _U64(33)
    return values


_WORD_OFFSETS = np.arange(SHINGLE_WORDS, dtype=_U64)[:, None]


def _shingles(words: Sequence[str | bytes]) -> npt.NDArray[np.uint64]:
    """The 64-bit hash of each 3-word shingle of ``words`` (UTF-8 bytes or text), in order."""
    if not words:
        return np.zeros(0, dtype=_U64)
    crcs = array("I", map(zlib.crc32, _encoded(words)))
    hashed = np.zeros(max(len(words), SHINGLE_WORDS), dtype=_U64)
    hashed[: len(words)] = np.frombuffer(crcs, dtype=np.uint32)
    # Each word's mixes as the first, second and third word of a shingle, in one pass.
    mixed = _mix(hashed + _WORD_OFFSETS)
    mixed[1] *= _MIX[2]
    return _mix(mixed[0, :-2] ^ mixed[1, 1:-1] ^ mixed[2, 2:])


def _encoded(words: Sequence[str | bytes]) -> Iterable[bytes]:
    if words and isinstance(words[0], str):
        return map(str.encode, words)  # type: ignore[arg-type]  # every word is text then
    return words  # type: ignore[return-value]  # every word is bytes then


def shingle_hashes(text: str) -> npt.NDArray[np.uint64]:
    """64-bit hashes of the 3-word shingles of ``text`` folded for matching, in text order.

    A text of fewer than three words is one shingle. Word hashes are CRC-32, which is stable
    across processes (Python's own ``hash`` is salted per process).
    """
    return _shingles(_sentences(folded_for_matching(text))[0])


def _minhashes(shingles: npt.NDArray[np.uint64], seeds: npt.NDArray[np.uint64]) -> bytes:
    if len(shingles) == 0:
        return b"\xff\xff\xff\xff" * len(seeds)
    # A repeated shingle does not change a minimum, so there is no need to drop repeats.
    table = _mix(shingles[:, None] ^ seeds[None, :]) >> _U64(32)
    packed: bytes = table.min(axis=0).astype(">u4").tobytes()
    return packed


def _sample_values(shingles: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The 32-bit hash of each shingle that the sample and the chunk keys are made of."""
    return _mix(shingles ^ _SAMPLE_SEED) >> _U64(32)


def _values_and_lead(shingles: npt.NDArray[np.uint64]) -> tuple[npt.NDArray[np.uint64], bytes]:
    """:func:`_sample_values` of every shingle and :func:`_minhashes` of the lead shingles, from
    one :func:`_mix` of both inputs side by side (it works value by value, so the values are the
    same; one pass of its numpy steps instead of two)."""
    count, lead = len(shingles), shingles[:LEAD_SHINGLES]
    if count == 0:
        return _sample_values(shingles), _minhashes(lead, _LEAD_SEEDS)
    both = np.empty(count + len(lead) * LEAD_PERMUTATIONS, dtype=_U64)
    np.bitwise_xor(shingles, _SAMPLE_SEED, out=both[:count])
    np.bitwise_xor(lead[:, None], _LEAD_SEEDS[None, :], out=both[count:].reshape(len(lead), -1))
    mixed = _mix(both) >> _U64(32)
    packed: bytes = (
        mixed[count:].reshape(len(lead), LEAD_PERMUTATIONS).min(axis=0).astype(">u4").tobytes()
    )
    return mixed[:count], packed


def _distinct(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """The distinct values, ascending (``np.unique``, whose hash table costs more than sorting
    for a few hundred values)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _chunk_keys(values: npt.NDArray[np.uint64], lengths: list[int]) -> bytes:
    """The smallest value of the shingles inside each sentence (shingles across a sentence end
    belong to none), long sentences cut at anchors, short ones left out; the :data:`CHUNKS`
    smallest, ascending. ``lengths`` are the sentences' lengths in words: a sentence of ``n``
    words starting at word ``at`` holds the ``n - 2`` shingles starting at ``at``."""
    if len(values) < CHUNK_MIN:
        return b""  # (a text of fewer than 3 words has one shingle, which no sentence holds)
    bounds: list[int] = []  # the start and end of each sentence that gets one key
    long: list[tuple[int, int]] = []
    at = 0
    for length in lengths:
        inside = length - (SHINGLE_WORDS - 1)
        if CHUNK_MIN <= inside <= CHUNK_SPLIT:
            bounds += (at, at + inside)
        elif inside > CHUNK_SPLIT:
            long.append((at, inside))
        at += length
    if bounds and bounds[-1] == len(values):
        bounds.pop()  # the last sentence runs to the end, where reduceat stops anyway
    keys: list[int] = np.minimum.reduceat(values, bounds)[::2].tolist() if bounds else []
    for start, inside in long:
        piece = values[start : start + inside]
        begin, cuts = 0, [0]
        for anchor in np.flatnonzero(piece % _U64(CHUNK_ANCHOR) == 0).tolist():
            if anchor + 1 - begin >= CHUNK_ANCHOR and anchor + 1 < inside:
                cuts.append(anchor + 1)
                begin = anchor + 1
        ends = [*cuts[1:], inside]
        smallest = np.minimum.reduceat(piece, cuts).tolist()
        keys += [
            key
            for key, cut, end in zip(smallest, cuts, ends, strict=True)
            if end - cut >= CHUNK_MIN
        ]
    chosen = sorted(set(keys))[:CHUNKS]
    return struct.pack(f">{len(chosen)}I", *chosen)


def _byte_table() -> bytes:
    """Byte translation for UTF-8 text whose non-ASCII characters are all word characters:
    ASCII word characters, the apostrophe and every byte of a non-ASCII character stay, every
    sentence end becomes a full stop, any other ASCII character a space."""
    table = bytearray(range(256))
    for code in range(128):
        char = chr(code)
        if _SENTENCE_END.fullmatch(char):
            table[code] = ord(".")
        elif not (is_word_char(char) or char == "'"):
            table[code] = ord(" ")
    return bytes(table)


_BYTE_TABLE = _byte_table()
_LOOSE_APOSTROPHE = re.compile(rb"'(?:(?<![\w\x80-\xff]')|(?![\w\x80-\xff]))")
"""An apostrophe that is not between two word characters (ASCII ones, or bytes of non-ASCII
ones), which no word holds."""


def _sentence_words(folded: str) -> list[list[str]] | list[list[bytes]]:
    """The words of each sentence of a folded text (as ``WORD_PATTERN`` finds them in the text
    split at sentence ends; empty sentences included), as UTF-8 bytes.

    The bytes are cut with a translation table and ``split`` instead of the pattern: with every
    other character a space and every apostrophe that is not between two word characters one
    too, what is left between spaces is exactly a word (no word holds a sentence end, and an
    apostrophe inside a word has word characters on both sides). Non-ASCII characters that are
    not word characters (a few symbols, in a few texts) are made spaces first, so that every
    non-ASCII byte left belongs to a word character. A text holding the typographic apostrophe
    (which folding replaces, so none in practice) is read with the pattern, as text.
    """
    if not folded.isascii():
        if "\u2019" in folded:
            return [WORD_PATTERN.findall(part) for part in _SENTENCE_END.split(folded)]
        for char in non_ascii_chars(folded):
            if not is_word_char(char):
                folded = folded.replace(char, " ")
    cut = folded.encode("utf-8").translate(_BYTE_TABLE)
    if b"'" in cut:
        cut = _LOOSE_APOSTROPHE.sub(b" ", cut)
    return [part.split() for part in cut.split(b".")]


def _sentences(folded: str) -> tuple[list[Any], list[int]]:
    """The words of a folded text (UTF-8 bytes, as :func:`_sentence_words` gives them), and the
    number of words of each of its sentences (zero for an empty one)."""
    # A sentence ends after a word when a full stop, question or exclamation mark follows it
    # (no word holds one).
    parts = _sentence_words(folded)
    return list(chain.from_iterable(parts)), list(map(len, parts))


def sketch_text(text: str) -> Sketch:
    """The sketch of an article's (normalised) text."""
    words, lengths = _sentences(folded_for_matching(text))
    shingles = _shingles(words)
    values, lead = _values_and_lead(shingles)
    ordered = np.sort(shingles)
    return Sketch(
        sample=_distinct(values >> _U64(32 - SAMPLE_BITS))[:PROBE].astype(">u4").tobytes(),
        lead=lead,
        shingles=int(len(ordered) > 0) + int(np.count_nonzero(ordered[1:] != ordered[:-1])),
        chunks=_chunk_keys(values, lengths),
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
