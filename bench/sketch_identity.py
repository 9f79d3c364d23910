"""Dedup stage output digest: a guard for speed work on the sketch and the claim that must not
change what the dedup store is sent.

Over the corpora of bench/normalise_identity.py (Wikinews texts of ../shared/eval/geovirus.jsonl,
the same texts damaged the ways the normalisation repairs, the examples, the language sample and
bench/throughput.py's generated payloads) and the random-sentence and random-word articles of
bench/dedup_cost.py, prints SHA-256 digests of:

- requests: every :class:`ClaimRequest` as the pipeline builds it (``normalise_article``, then
  ``claim_request``, in that order, as the flow calls them), its ids, exact keys and sketch;
- raw sketches: ``sketch_text`` of each payload's text as it is, unnormalised (what
  bench/neardup.py, bench/dedup_orders.py and bench/dedup_cost.py sketch), non-ASCII and
  unrepaired text included;
- lua args: the keys and arguments ``RedisSeenStore.claim_many`` hands the claim script for
  those requests in batches of 50, as the bytes redis-py sends (fixed clock; a recording client
  instead of Redis, which answers "original" to every claim, so no redis-server is needed);
- script: the claim script's source (a change there is a change of the server side).

    python bench/sketch_identity.py [--count 20000] [--random 2000] [--dump FILE]

With --dump it also writes every request and argument list as a JSON line, to diff two runs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from dedup_cost import payloads  # bench/dedup_cost.py, beside this script
from normalise_identity import corpora  # bench/normalise_identity.py, beside this script
from pydantic import ValidationError
from redis._parsers.encoders import Encoder

from eventwire.pipeline.dedup import ClaimRequest, claim_request
from eventwire.pipeline.intake import normalise_article, record_id_for
from eventwire.pipeline.language import load_detectors
from eventwire.pipeline.shape import check_shape
from eventwire.pipeline.sketch import Sketch, sketch_text
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.errors import DataError
from eventwire.workers import stores
from eventwire.workers.stores import RedisSeenStore

BATCH = 50
NOW = 1_767_225_600.0  # 2026-01-01 00:00 UTC: fixed, so window keys and expiry are too


class _Recorder:
    """Stands in for redis-py: records each claim script call and answers "original"."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[Any], list[Any]]] = []
        self._pending = 0

    def pipeline(self, transaction: bool = False) -> _Recorder:
        del transaction
        return self

    @property
    def command_stack(self) -> list[Any]:
        return []

    def evalsha(self, sha: str, numkeys: int, *keys_and_args: Any) -> None:
        """A script call queued on a pipeline (eventwire.channels.lua's PipelineScript)."""
        del sha
        keys, args = keys_and_args[:numkeys], keys_and_args[numkeys:]
        self.calls.append((list(keys), list(args)))
        self._pending += 1

    def execute(self, raise_on_error: bool = True) -> list[list[int]]:
        del raise_on_error
        replies, self._pending = [[1]] * self._pending, 0
        return replies


# redis-py leaves its Encoder unannotated (redis/_parsers/encoders.py).
_WIRE = Encoder("utf-8", "strict", decode_responses=False)  # type: ignore[no-untyped-call]


def _wire(value: Any) -> str:
    """An argument as redis-py sends it (the bytes the script receives), in hex."""
    encoded: bytes = _WIRE.encode(value)  # type: ignore[no-untyped-call]  # as above
    return bytes(encoded).hex()


def _sketch(sketch: Sketch | None) -> Any:
    if sketch is None:
        return None
    return [sketch.sample.hex(), sketch.lead.hex(), sketch.shingles, sketch.chunks.hex()]


def _request(request: ClaimRequest) -> dict[str, Any]:
    return {
        "article_id": request.article_id,
        "record_id": request.record_id,
        "fingerprints": [[fp.kind, fp.value] for fp in request.fingerprints],
        "sketch": _sketch(request.sketch),
    }


def _requests(corpus: Sequence[tuple[str, Any]]) -> tuple[list[ClaimRequest], list[str]]:
    """Claim requests of the payloads the normalise stage accepts, built as the flow builds
    them; and every payload's text, for the raw sketches."""
    requests: list[ClaimRequest] = []
    texts: list[str] = []
    for label, payload in corpus:
        text = payload.get("text") if isinstance(payload, dict) else None
        if isinstance(text, str):
            texts.append(text)
        try:
            article = ArticleIn.model_validate(payload)
            normalised = normalise_article(article, f"art_{label}")
            check_shape(normalised.text)
        except (ValidationError, DataError):
            continue
        requests.append(claim_request(normalised, record_id_for(normalised)))
    return requests, texts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20_000, help="throughput payloads")
    parser.add_argument(
        "--random", type=int, default=2_000, help="dedup_cost articles of each kind"
    )
    parser.add_argument("--dump", type=Path, help="write every request and call as a JSON line")
    args = parser.parse_args()
    load_detectors()
    named = corpora(args.count)
    for distinct in (False, True):
        kind = "words" if distinct else "sentences"
        named[f"random-{kind}"] = [
            (f"random-{kind}-{n}", payload)
            for n, payload in enumerate(payloads(args.random, 11, distinct))
        ]
    digests = {part: hashlib.sha256() for part in ("requests", "raw sketches", "lua args")}
    lines: list[str] = []

    def add(part: str, item: Any) -> None:
        line = json.dumps(item, sort_keys=True, ensure_ascii=False)
        digests[part].update(line.encode())
        lines.append(line)

    for name, corpus in named.items():
        requests, texts = _requests(corpus)
        for request in requests:
            add("requests", _request(request))
        for text in texts:
            add("raw sketches", _sketch(sketch_text(text)))
        recorder = _Recorder()
        store = RedisSeenStore(recorder, "identity", 7 * 24 * 3600, clock=lambda: NOW)  # type: ignore[arg-type]
        for at in range(0, len(requests), BATCH):
            store.claim_many(requests[at : at + BATCH])
        for keys, call_args in recorder.calls:
            add("lua args", [_wire(arg) for arg in (*keys, *call_args)])
        print(f"  {name:<17} {len(requests):6} requests {len(texts):6} texts")
    for part, digest in digests.items():
        print(f"{part}: {digest.hexdigest()}")
    print(f"script: {hashlib.sha256(stores._CLAIM.encode()).hexdigest()}")
    if args.dump:
        args.dump.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
