"""Language detection for articles whose payload does not say. Both detectors carry their
models inside their packages; nothing is downloaded.

A fast first opinion, and lingua when it is unsure: py3langid (langid.py's naive Bayes model on
byte n-grams, numpy) classifies the first 300 characters in about 0.2 ms; when its normalised
probability is below ``CONFIDENT`` (short or mixed texts, close languages such as Indonesian and
Malay), lingua's low-accuracy mode decides, in about 3 ms. On bench/language.py's labelled sample
and on 229 Wikinews articles this was as accurate as lingua alone (its measured figures are in
docs/dedup.md) at a fraction of the time: language detection was the largest single cost of
normalisation. lingua's high-accuracy mode needs about 1.3 GB and half a minute to load and only
pays on texts of a few words, which articles are not.
"""

from __future__ import annotations

import lzma
import shutil
import struct
import tempfile
import zipfile
from collections import Counter
from collections.abc import Sequence
from functools import cache
from typing import Any, BinaryIO

import numpy as np
import numpy.typing as npt
from lingua import LanguageDetector, LanguageDetectorBuilder
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

DETECTED_CHARS = 300
CONFIDENT = 0.99
"""py3langid's normalised probability at or above which its answer stands without lingua."""


@cache
def _detector() -> LanguageDetector:
    # Every model is loaded now, not on the first article of each language: a worker builds
    # this before its pool forks, so a child never stalls on a load inside its time limit.
    return (
        LanguageDetectorBuilder.from_all_languages()
        .with_low_accuracy_mode()
        .with_preloaded_language_models()
        .build()
    )


WINDOW = 6
"""The depth of py3langid's byte automaton: the longest byte string any of its states stands
for."""


class _Identifier(LanguageIdentifier):  # type: ignore[misc]  # py3langid has no type hints
    """py3langid's classifier, with its features counted a faster way.

    py3langid walks its byte automaton (the Aho-Corasick automaton of langid.py's n-grams) one
    byte at a time in Python, which was half of its time. In such an automaton the state after
    a byte depends only on the last ``WINDOW`` bytes, so the states of all positions are found
    at once, ``WINDOW`` vectorised steps from the start state; one vectorised comparison then
    checks that each state is the automaton's step from the one before, which proves the
    sequence is the one the walk makes (if it were not, the walk runs as before). The counts,
    in the order the walk first meets each feature, and everything after them are
    py3langid's own.
    """

    _rowbase: Sequence[int]
    """The first index of each state's row in the transition table, per state."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._moves = np.frombuffer(self.tk_nextmove, dtype=f"u{self.tk_nextmove.itemsize}")
        self._rows = np.array(self._rowbase, dtype=np.intp)
        # The walk reads the row offsets from the array above, through a memoryview (which
        # gives plain ints, as the list did): py3langid's list of 104,583 ints held 4 MB more.
        self._rowbase = self._rows.data
        self._outputs = np.array(self.tk_output, dtype=np.intp)
        self._negative_halves = _all_negative_normal_halves(self.nb_ptc)

    def _visits(self, data: bytes) -> Counter[int]:
        moves, rows, outputs = self.tk_nextmove, self._rowbase, self.tk_output
        found: list[int] = []
        state = 0
        for byte in data[: WINDOW - 1]:
            state = moves[rows[state] + byte]
            if outputs[state] >= 0:
                found.append(outputs[state])
        if len(data) >= WINDOW:
            codes = np.frombuffer(data, dtype=np.uint8)
            count = len(data) - WINDOW + 1
            states = np.zeros(count, dtype=np.intp)
            for step in range(WINDOW):
                states = self._moves[self._rows[states] + codes[step : step + count]]
            before = np.empty(count, dtype=np.intp)
            before[0] = state
            before[1:] = states[:-1]
            if not np.array_equal(self._moves[self._rows[before] + codes[WINDOW - 1 :]], states):
                return Counter(_walk(self, data))
            features = self._outputs[states]
            found.extend(features[features >= 0].tolist())
        return Counter(found)

    def _sparse_score(
        self, visits: Counter[int], table: npt.NDArray[np.float16]
    ) -> npt.NDArray[np.float32]:
        """py3langid's score, with the model's rows widened to float32 by a bit shift: numpy
        widens float16 one value at a time in software, which took more time than the rest of
        the score. ``table[idx]`` widened is what the float32 product would widen it to, so the
        product (and the score) is the same to the bit. The rows are copied by ``take``, which
        copies each row whole where indexing copied value by value (same values)."""
        idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
        counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
        if table is not self.nb_ptc or not self._negative_halves:
            rows: npt.NDArray[np.floating[Any]] = table.take(idx, axis=0)
        else:
            rows = _widen_negative_halves(table.take(idx, axis=0))
        scores: npt.NDArray[np.float32] = np.log1p(counts) @ rows + self.nb_pc
        return scores

    def _raw_score(self, text: bytes) -> npt.NDArray[np.float32]:
        visits = self._visits(text)
        # Without features, py3langid's own fill.
        scores: npt.NDArray[np.float32] = (
            self._sparse_score(visits, self.nb_ptc) if visits else super()._raw_score(text)
        )
        return scores


_NEGATIVE_NORMAL_HALVES = (0x8400, 0xFBFF)
"""The bit patterns of the negative normal float16 values (sign set, exponent neither 0 nor
31): from -2**-14 (smallest magnitude) to -65504."""
_NEGATIVE_HALF_TO_SINGLE = 0xA8000000
"""What turns a negative normal float16 shifted left by 13 bits into the same float32: its
exponent field (shifted to bits 23-30, with the sign bit now at bit 28) re-biased from 15 to
127, and the sign moved from bit 28 to bit 31: ``(112 << 23) + (1 << 31) - (1 << 28)``."""


def _all_negative_normal_halves(table: npt.NDArray[Any]) -> bool:
    """Whether every value of ``table`` is a negative normal float16 (py3langid's model holds
    log probabilities, all of them so), for which :func:`_widen_negative_halves` is exact."""
    if table.dtype != np.float16 or table.size == 0:
        return False
    bits = table.view(np.uint16)
    low, high = _NEGATIVE_NORMAL_HALVES
    return bool(int(bits.min()) >= low and int(bits.max()) <= high)


def _widen_negative_halves(halves: npt.NDArray[np.float16]) -> npt.NDArray[np.float32]:
    """``halves.astype(np.float32)`` for negative normal float16 values, in two integer steps."""
    bits = halves.view(np.uint16).astype(np.uint32)
    bits <<= 13
    bits += _NEGATIVE_HALF_TO_SINGLE
    return bits.view(np.float32)


def _walk(identifier: LanguageIdentifier, data: bytes) -> list[int]:
    """The features py3langid's walk meets, one byte at a time."""
    moves, rows, outputs = identifier.tk_nextmove, identifier._rowbase, identifier.tk_output
    found: list[int] = []
    state = 0
    for byte in data:
        state = moves[rows[state] + byte]
        if outputs[state] >= 0:
            found.append(outputs[state])
    return found


@cache
def _identifier() -> LanguageIdentifier:
    ptc, pc, classes, nextmove, row, output = _read_model()
    return _Identifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


Model = tuple[
    npt.NDArray[np.float16],
    npt.NDArray[np.float32],
    list[str],
    memoryview,
    memoryview,
    memoryview,
]
"""py3langid's model: feature-by-language and language log probabilities, the language codes,
and its byte automaton (next state by row and byte, row of each state, feature of each state)."""


def _read_model() -> Model:
    """py3langid's shipped model, as its ``load_model`` reads it, except that the automaton's
    tables stay the arrays the file holds, seen through memoryviews (indexing one gives the
    same ints as the ``array`` and list that ``load_model`` copies them into), and that each
    array is read straight into its own memory. The copy of the 39 MB transition table was made
    while the table was held: 39 MB more at the peak, which a worker process keeps as resident
    memory; the list of features took 4 MB; and numpy reads an array from inside a zip file
    through buffers of 1 MB, whose freed heap stayed resident."""
    # Streamed to a temporary file as load_model does, so the uncompressed file is never
    # held whole in memory, but in pieces of 64 KB, not 1 MB: pieces that size come from the
    # heap, where freed ones are reused, where 1 MB ones left heap behind them (10 MB at the
    # peak). Unbuffered, so that numpy reads it as a file (np.fromfile).
    with tempfile.TemporaryFile(suffix=".npz", buffering=0) as unpacked:
        with lzma.open(MODEL_DIR / MODEL_FILE) as packed:
            shutil.copyfileobj(packed, unpacked, length=1 << 16)
        arrays = {name: _read_member(unpacked, info) for name, info in _members(unpacked)}
    return (
        arrays["ptc"],
        arrays["pc"],
        arrays["classes"].tolist(),
        arrays["nextmove"].data,
        arrays["nextmove_row"].data,
        arrays["out_feat"].data,
    )


def _members(archive: BinaryIO) -> list[tuple[str, zipfile.ZipInfo]]:
    """The arrays of an ``.npz`` file (a zip of ``.npy`` files, stored: ``np.savez``)."""
    archive.seek(0)
    with zipfile.ZipFile(archive) as listing:
        infos = listing.infolist()
    if any(info.compress_type != zipfile.ZIP_STORED for info in infos):
        raise ValueError("py3langid's model: compressed members, not np.savez's layout")
    return [(info.filename.removesuffix(".npy"), info) for info in infos]


_LOCAL_HEADER = struct.Struct("<4s22xHH")
"""A zip member's local header: its signature, then (after 22 bytes) the lengths of its name
and of its extra field, which the member's data follows."""


def _read_member(archive: BinaryIO, info: zipfile.ZipInfo) -> npt.NDArray[Any]:
    """One stored ``.npy`` member, read by numpy from the file at the member's data."""
    archive.seek(info.header_offset)
    signature, name_length, extra_length = _LOCAL_HEADER.unpack(archive.read(_LOCAL_HEADER.size))
    if signature != b"PK\x03\x04":
        raise ValueError(f"py3langid's model: no local header for {info.filename}")
    archive.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    array: npt.NDArray[Any] = np.lib.format.read_array(archive, allow_pickle=False)
    return array


def load_detectors() -> None:
    """Build both detectors now (a worker does this before its pool forks)."""
    _detector()
    _identifier()


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` is written in, or None when unsure."""
    head = text[:DETECTED_CHARS]
    code, probability = _identifier().classify(head)
    if probability >= CONFIDENT:
        return str(code)
    return detect_language_lingua(head)


def detect_language_lingua(text: str) -> str | None:
    """lingua alone (low-accuracy mode): the slower, surer opinion."""
    language = _detector().detect_language_of(text[:DETECTED_CHARS])
    return None if language is None else language.iso_code_639_1.name.lower()
