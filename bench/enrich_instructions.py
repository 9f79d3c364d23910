"""Instruction counts of the six enrichers of ``eventwire/pipeline/enrich`` (entities, places,
dates, quotes, figures, tone; not the event coder) for A/Bs that the load of a shared machine
does not move.

Run it under callgrind with collection off; it warms up (dictionaries, gazetteer, lexicon, and
the enrichers on the first 5 articles), switches collection on (``callgrind_control -i on``),
runs the enrichers on the first ``--count`` articles of bench/enrich_speed.py's generated set,
dumps the counts (``callgrind_control -d``) and switches collection off. Run from a checkout's
root to count that checkout's package (its folder goes first on the path):

    PYTHONHASHSEED=0 valgrind --tool=callgrind --instr-atstart=no \\
        --callgrind-out-file=/tmp/x.cg .venv/bin/python bench/enrich_instructions.py [--count 20]
    callgrind_annotate /tmp/x.cg.1 | grep TOTALS
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

sys.path[:0] = [os.getcwd(), os.path.join(os.getcwd(), "bench")]

from enrich_speed import articles_3kb  # noqa: E402  # the checkout's bench/, put first above

from eventwire.pipeline import DEFAULT_ENRICHERS, enrich, warm_up  # noqa: E402
from eventwire.pipeline.coding.coder import code_events  # noqa: E402

SIX = tuple(e for e in DEFAULT_ENRICHERS if e is not code_events)


def callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], capture_output=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=20)
    options = parser.parse_args()
    docs = articles_3kb("generated")[: options.count]
    warm_up()
    for doc in docs[:5]:
        enrich(doc, SIX)
    callgrind("-i", "on")
    for doc in docs:
        enrich(doc, SIX)
    callgrind("-d")
    callgrind("-i", "off")
    print(f"{len(docs)} articles, {len(SIX)} enrichers")


if __name__ == "__main__":
    main()
