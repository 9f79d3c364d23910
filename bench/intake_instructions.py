"""Instruction counts of the worker's intake (validate, normalise, shape check, record id, and the
dedup claim request with its sketch) for A/Bs that the load of a shared machine does not move.

Run it under callgrind with collection off; it warms up on 20 payloads, switches collection on
(``callgrind_control -i on``), runs the first ``--count`` payloads of bench/throughput.py's
generator (bench/normalise_identity.py's "throughput" corpus), dumps the counts
(``callgrind_control -d``) and switches collection off. Run from a checkout's root to count that
checkout's package (its folder goes first on the path), so an exported revision compares with the
working tree on the same payloads:

    valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file=/tmp/x.cg \\
        .venv/bin/python bench/intake_instructions.py [--count 200] [--normalise-only]
    callgrind_annotate /tmp/x.cg.1 | grep TOTALS
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

sys.path[:0] = [os.getcwd(), os.path.join(os.getcwd(), "bench")]

from normalise_identity import corpora  # noqa: E402  # the checkout's bench/, put first above

from eventwire.pipeline.dedup import claim_request  # noqa: E402
from eventwire.pipeline.intake import (  # noqa: E402
    normalise_article,
    record_id_for,
    validate_article,
)
from eventwire.pipeline.language import load_detectors  # noqa: E402
from eventwire.pipeline.shape import check_shape  # noqa: E402
from eventwire.schemas.errors import DataError  # noqa: E402
from eventwire.schemas.messages import DeadLetter  # noqa: E402

NOW = datetime(2026, 12, 3, tzinfo=UTC)


def run(payloads: list[Any], sketch: bool) -> int:
    """The intake of each payload as the flow runs it; the number that reach the claim."""
    claimed = 0
    for number, payload in enumerate(payloads):
        article = validate_article(payload, f"art_{number}", "intake", NOW, 1_000_000)
        if isinstance(article, DeadLetter):
            continue
        try:
            normalised = normalise_article(article, f"art_{number}")
            check_shape(normalised.text)
        except DataError:
            continue
        record_id = record_id_for(normalised)
        if sketch:
            claim_request(normalised, record_id)
        claimed += 1
    return claimed


def callgrind(*args: str) -> None:
    subprocess.run(["callgrind_control", *args, str(os.getpid())], capture_output=True, check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--normalise-only", action="store_true", help="no claim request")
    options = parser.parse_args()
    payloads = [payload for _, payload in corpora(options.count)["throughput"]]
    load_detectors()
    run(payloads[:20], sketch=True)
    callgrind("-i", "on")
    claimed = run(payloads, sketch=not options.normalise_only)
    callgrind("-d")
    callgrind("-i", "off")
    print(f"{len(payloads)} payloads, {claimed} normalised")


if __name__ == "__main__":
    main()
