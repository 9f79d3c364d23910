"""Instruction counts of the event coder alone (``code_article``) for A/Bs that the load of a
shared machine does not move.

Run it under callgrind with collection off; it runs the six other enrichers on the first
``--count`` generated 3 KB articles of bench/enrich_speed.py, warms the coder up on the first 5,
switches the garbage collector off and collection on (``callgrind_control -i on``), codes every
article, dumps the counts (``callgrind_control -d``) and switches collection off. With the
collector on, part of a figure would be where it happens to run. Run from a checkout's root to
count that checkout's package (its folder goes first on the path):

    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no \\
        --callgrind-out-file=/tmp/x.cg .venv/bin/python bench/coding_instructions.py [--count 20]
    callgrind_annotate /tmp/x.cg.1 | grep TOTALS

To count an installed build instead (the compiled wheel of ``make compiled``), run it from
bench/, so that no source tree is on the path and the installed package is imported; the first
line printed names the build counted:

    cd bench && PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no \\
        --callgrind-out-file=/tmp/x.cg ../.venv-compiled/bin/python coding_instructions.py
"""

from __future__ import annotations

import argparse
import gc
import os
import sys

sys.path[:0] = [os.getcwd(), os.path.join(os.getcwd(), "bench")]

# The checkout's bench/, put first above: the six enrichers and the callgrind switch.
from enrich_instructions import SIX, callgrind  # noqa: E402
from enrich_speed import articles_3kb  # noqa: E402

import eventwire  # noqa: E402
from eventwire.pipeline import enrich, warm_up  # noqa: E402
from eventwire.pipeline.coding.coder import code_article, default_lexicon  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20)
    options = parser.parse_args()
    print(eventwire.build_line())
    docs = articles_3kb("generated")[: options.count]
    warm_up()
    lexicon = default_lexicon()
    found = [enrich(doc, SIX) for doc in docs]
    for doc, enrichment in list(zip(docs, found, strict=True))[:5]:
        code_article(doc, enrichment, lexicon)
    gc.disable()
    callgrind("-i", "on")
    events = sum(
        len(code_article(doc, enrichment, lexicon))
        for doc, enrichment in zip(docs, found, strict=True)
    )
    callgrind("-d")
    callgrind("-i", "off")
    gc.enable()
    print(f"{len(docs)} articles, {events} coded events")


if __name__ == "__main__":
    main()
