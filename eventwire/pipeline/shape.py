"""The shape check: a text in which one short unit repeats over a thousand characters is not
news, and is what texts built to make regular expressions backtrack look like. It is rejected
before the stages that run patterns over the text, rather than processed for seconds (which in
a batch of fifty could run the whole batch past its time limit)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from eventwire.schemas.errors import DataError

MAX_PERIOD = 32
"""Longest repeated unit looked for, in characters (``"Aa Bb "`` is 6, ``" ,"`` is 2)."""

MAX_REPEAT_CHARS = 1_000
"""Longest stretch of one repeated unit a text may hold. The longest in the Wikinews articles of
``../shared/eval/geovirus.jsonl`` and ``examples/`` is 30 characters."""


class Repeat(NamedTuple):
    """A stretch of text made of one unit repeated: where it starts, how long it is, the unit."""

    start: int
    length: int
    period: int


def longest_repeat(text: str, max_period: int = MAX_PERIOD) -> Repeat:
    """The longest stretch of ``text`` that repeats one unit of at most ``max_period``
    characters (length 0 if the text has none).

    Linear in the text for each unit length: a stretch with period ``p`` is a run of positions
    where each character equals the one ``p`` before it.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    best = Repeat(0, 0, 0)
    for period in range(1, min(max_period, len(codes) - 1) + 1):
        same = np.zeros(len(codes) - period + 2, dtype=np.int8)
        same[1:-1] = codes[period:] == codes[:-period]
        edges = np.diff(same)
        starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
        if starts.size:
            longest = int(np.argmax(ends - starts))
            length = int(ends[longest] - starts[longest]) + period
            if length > best.length:
                best = Repeat(int(starts[longest]), length, period)
    return best


SAMPLE_STRIDE = 16
"""Spacing of the positions :func:`may_repeat` compares."""


def may_repeat(text: str, max_repeat: int, max_period: int = MAX_PERIOD) -> bool:
    """False only if ``text`` surely has no stretch longer than ``max_repeat`` characters with a
    unit of at most ``max_period``: the cheap test before :func:`longest_repeat`.

    Such a stretch with unit ``p`` makes every character in it but the last ``p`` equal to the
    one ``p`` further on, so every position sampled every ``SAMPLE_STRIDE`` characters inside it
    passes that comparison: at least ``(max_repeat + 1 - max_period) // SAMPLE_STRIDE`` samples
    in a row. One vectorised comparison of the samples with all units at once tells whether any
    unit has such a row.
    """
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    needed = max(1, (max_repeat + 1 - max_period) // SAMPLE_STRIDE)
    samples = np.arange(0, len(codes) - max_period, SAMPLE_STRIDE)
    if samples.size < needed:
        return len(codes) > max_repeat
    periods = np.arange(1, max_period + 1)[:, None]
    equal = codes[samples][None, :] == codes[samples[None, :] + periods]
    # Only units with enough equal samples at all can have a row that long (in news text a unit
    # has a few per cent); for those, the longest row is the largest gap between unequal ones.
    for period in np.flatnonzero(equal.sum(axis=1) >= needed):
        unequal = np.flatnonzero(np.concatenate(([True], ~equal[period], [True])))
        if int(np.diff(unequal).max()) - 1 >= needed:
            return True
    return False


def check_shape(text: str, max_repeat: int = MAX_REPEAT_CHARS) -> None:
    """Raise a :class:`DataError` (``pathological_text``) if one short unit repeats over more
    than ``max_repeat`` characters of the normalised ``text``."""
    if not may_repeat(text, max_repeat):
        return
    repeat = longest_repeat(text)
    if repeat.length > max_repeat:
        unit = text[repeat.start : repeat.start + repeat.period]
        raise DataError(
            "normalise",
            "pathological_text",
            f"the unit {unit!r} repeats over {repeat.length} characters from character "
            f"{repeat.start} (at most {max_repeat}): not an article, and the shape of a text "
            "built to make pattern matching backtrack",
        )
