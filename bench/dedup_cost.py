"""Cost of the normalise + dedup step and memory of the dedup index, on a private redis-server.

Articles are made of sentences of the Wikinews texts in ../shared/eval/geovirus.jsonl drawn at
random (so nearly all are originals and every one is retained), or with ``--distinct`` of words of
those texts drawn at random, so that no two articles share a shingle and no index entry is
shared: the memory figure is then the worst case, which distinct real stories come close to
(random sentences share many of their smallest hashes, which flatters memory). Prints:

- milliseconds per article for validate+normalise (ftfy, language detection) and for dedup
  (sketch + one Lua claim each, in one pipelined round trip per batch), and as the baseline
  measured in the same run, the exact-only claim (no sketch) of the same articles;
- CPU per article of the claim: the client's (process time, which includes redis-py's packing
  of the arguments) and the redis-server's (used_cpu_user + used_cpu_sys of INFO cpu, before and
  after; the server is private, so all of it is the claims');
- client round trips per batch (pipeline executes) and commands, counted by Redis itself
  (INFO commandstats);
- Redis memory per retained article: used_memory growth over the number of originals.

Memory is reported twice: the mean over all articles, and the marginal cost of the second half
(used_memory growth while the second half is claimed, over its originals), which leaves out the
one-off cost of creating the index's bucket fields (65,536 per window, spread over few articles in
a short run; at 200,000 articles a day they cost about a tenth as much per article).

With ``--raw`` the payload text is sketched as it is, without validation and normalisation (the
same sketches for these texts, which need no repair; minutes less on a busy machine), and only
the dedup figures are printed.

With ``--against REV`` it is an A/B instead, in one process on one redis-server: the content
hash, the sketch and the claim of revision REV (``eventwire/pipeline/normalise.py``,
``eventwire/pipeline/sketch.py`` and ``eventwire/workers/stores.py`` as git has them there)
alternate with the working tree's, batch by batch, each under its own key prefix, on the same
raw payloads; it prints each side's content-hash CPU (the fold of the text, which the sketch may
reuse), sketch CPU, claim CPU (client and redis-server) per article, originals, and the dedup
index's ``MEMORY USAGE`` per retained article. ``--against HEAD`` with a clean tree runs the
same code on both sides: the noise of the comparison.

    python bench/dedup_cost.py [--articles 20000] [--batch 50] [--distinct] [--raw]
    python bench/dedup_cost.py --against REV [--articles 20000] [--distinct]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import subprocess
import sys
import time
import types
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis
from private_redis import private_redis  # bench/private_redis.py, beside this script

from eventwire.pipeline.dedup import ClaimRequest, Fingerprint, Original, claim_request
from eventwire.pipeline.intake import normalise_article, record_id_for, validate_article
from eventwire.pipeline.normalise import content_hash
from eventwire.pipeline.sketch import sketch_text
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.ids import derive_id
from eventwire.workers.stores import RedisSeenStore

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "geovirus.jsonl"
SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'A-Z0-9])")


def payloads(count: int, seed: int, distinct: bool = False) -> list[dict[str, str]]:
    rng = random.Random(seed)  # noqa: S311  # reproducible test data, not secrets
    rows = [json.loads(line) for line in EVAL.read_text(encoding="utf-8").splitlines()]
    if distinct:
        words = sorted({word for row in rows for word in row["text"].split()})
        return [
            {
                "source": "bench",
                "url": f"https://bench.example/{i}",
                "published_at": "2020-01-01T00:00:00Z",
                "text": " ".join(rng.choice(words) for _ in range(rng.randint(150, 400))),
            }
            for i in range(count)
        ]
    sentences = [s for row in rows for s in SENTENCE.split(row["text"]) if len(s) > 40]
    return [
        {
            "source": "bench",
            "url": f"https://bench.example/{i}",
            "published_at": "2020-01-01T00:00:00Z",
            "text": " ".join(rng.sample(sentences, rng.randint(6, 16))),
        }
        for i in range(count)
    ]


ROUND_TRIPS = [0]
_EXECUTE = redis.client.Pipeline.execute


def _counted(self: redis.client.Pipeline, raise_on_error: bool = True) -> list[Any]:
    """Pipeline.execute, counted: each call is one client round trip to Redis (its first
    parameter is named self like the method's, which it replaces)."""
    ROUND_TRIPS[0] += 1
    return _EXECUTE(self, raise_on_error)


def server_cpu(client: redis.Redis) -> float:
    """Seconds of CPU the redis-server has used (user + system)."""
    info = client.info("cpu")
    return float(info["used_cpu_user"]) + float(info["used_cpu_sys"])


def commands(client: redis.Redis) -> int:
    stats = client.info("commandstats")
    return sum(int(v["calls"]) for k, v in stats.items() if k != "cmdstat_info")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument(
        "--distinct", action="store_true", help="random words: no shingle shared (worst case)"
    )
    parser.add_argument(
        "--raw", action="store_true", help="sketch the payload text without normalising it"
    )
    parser.add_argument("--against", metavar="REV", help="A/B with the sketch and claim of REV")
    args = parser.parse_args()
    with private_redis() as client:
        if args.against:
            against(client, args.against, args.articles, args.batch, args.distinct)
        else:
            run(client, args.articles, args.batch, args.distinct, args.raw)


def _module_at(
    rev: str, path: str, name: str, modules: dict[str, types.ModuleType] | None = None
) -> types.ModuleType:
    """The module at ``path`` as git has it at ``rev``, imported under ``name``; while it runs,
    the imports named in ``modules`` resolve to the modules given (REV's own, not ours)."""
    root = Path(__file__).resolve().parents[1]
    source = subprocess.run(
        ["git", "show", f"{rev}:{path}"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    module = types.ModuleType(name)
    module.__file__ = f"{rev}:{path}"
    sys.modules[name] = module
    saved = {key: sys.modules[key] for key in modules or {}}
    sys.modules.update(modules or {})
    try:
        exec(compile(source, module.__file__, "exec"), module.__dict__)  # noqa: S102  # our code
    finally:
        sys.modules.update(saved)
    return module


def against(client: redis.Redis, rev: str, count: int, batch: int, distinct: bool) -> None:
    """Reference (REV) and working tree alternate, batch by batch, on the same payloads: each
    side's content hash (``normalise.content_hash``, which folds the text), sketch (``sketch_text``,
    after the content hash, as the flow calls them) and claim."""
    ref_normalise = _module_at(rev, "eventwire/pipeline/normalise.py", "ref_normalise")
    ref_sketch = _module_at(
        rev,
        "eventwire/pipeline/sketch.py",
        "ref_sketch",
        {"eventwire.pipeline.normalise": ref_normalise},
    )
    ref_stores = _module_at(rev, "eventwire/workers/stores.py", "ref_stores")
    sides = {
        "reference": (
            ref_normalise.content_hash,
            ref_sketch.sketch_text,
            ref_stores.RedisSeenStore,
        ),
        "working tree": (content_hash, sketch_text, RedisSeenStore),
    }
    items = payloads(count, 11, distinct)
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {count} articles "
        f"({'random words' if distinct else 'random sentences'}), batches of {batch}; "
        f"A/B against {rev}, alternating batches; private redis-server "
        f"{client.info('server')['redis_version']}"
    )
    hash_cpu = dict.fromkeys(sides, 0.0)
    sketch_cpu = dict.fromkeys(sides, 0.0)
    client_cpu = dict.fromkeys(sides, 0.0)
    server = dict.fromkeys(sides, 0.0)
    originals = dict.fromkeys(sides, 0)
    stores = {}
    for name, (_hash, _sketch, store_class) in sides.items():
        stores[name] = store_class(client, name.replace(" ", "-"), 7 * 24 * 3600)
        stores[name].claim_many([ClaimRequest("warm", "rec_warm", ())])
    for at in range(0, count, batch):
        chunk = items[at : at + batch]
        order = list(sides) if (at // batch) % 2 == 0 else list(sides)[::-1]
        for name in order:
            hashed, sketch, _store = sides[name]
            started = time.process_time()
            digests = [hashed(payload["text"]) for payload in chunk]
            folded = time.process_time()
            requests = [
                ClaimRequest(
                    f"art_{index}",
                    derive_id("rec", "bench", "", payload["url"], digest),
                    (
                        Fingerprint("exact_text", digest),
                        Fingerprint("exact_url", payload["url"]),
                    ),
                    sketch(payload["text"]),
                )
                for index, (payload, digest) in enumerate(zip(chunk, digests, strict=True), at)
            ]
            sketched = time.process_time()
            server_before = server_cpu(client)
            verdicts = stores[name].claim_many(requests)
            server[name] += server_cpu(client) - server_before
            client_cpu[name] += time.process_time() - sketched
            sketch_cpu[name] += sketched - folded
            hash_cpu[name] += folded - started
            originals[name] += sum(isinstance(v, Original) for v in verdicts)
    for name in sides:
        prefix = name.replace(" ", "-")
        pipe = client.pipeline(transaction=False)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        for key in keys:
            pipe.memory_usage(key, samples=0)
        used = sum(int(size or 0) for size in pipe.execute())
        print(
            f"{name}: content hash CPU {hash_cpu[name] * 1000 / count:.3f} ms/article, sketch "
            f"CPU {sketch_cpu[name] * 1000 / count:.3f} ms/article; claim CPU "
            f"client {client_cpu[name] * 1000 / count:.3f} ms, redis-server "
            f"{server[name] * 1000 / count:.3f} ms/article; {originals[name]} originals; "
            f"index MEMORY USAGE {used / max(originals[name], 1):.0f} B per retained article"
        )


def raw_requests(items: list[dict[str, str]]) -> list[ClaimRequest]:
    """Claim requests of the payloads as they are: record ids shaped like real ones."""
    requests = []
    for index, payload in enumerate(items):
        digest = content_hash(payload["text"])
        requests.append(
            ClaimRequest(
                f"art_{index}",
                derive_id("rec", "bench", "", payload["url"], digest),
                (Fingerprint("exact_text", digest), Fingerprint("exact_url", payload["url"])),
                sketch_text(payload["text"]),
            )
        )
    return requests


def run(client: redis.Redis, count: int, batch: int, distinct: bool, raw: bool = False) -> None:
    now = datetime.now(UTC)
    items = payloads(count, 11, distinct)
    print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {count} articles "
        f"({'random words' if distinct else 'random sentences'}), batches of {batch}; "
        f"private redis-server {client.info('server')['redis_version']}"
    )
    print("machine: 2 cores shared with other engineers' runs (timings are indicative)")

    normalise_ms = sketch_ms = 0.0
    if raw:
        requests = raw_requests(items)
    else:
        normalise_ms, sketch_ms, requests = prepared(items, now, count)
    claims(client, count, batch, requests)
    if not raw:
        print(f"\nvalidate + normalise: {normalise_ms:.3f} ms/article")
        print(f"sketch (bottom-k sample + lead min-hashes, numpy): {sketch_ms:.3f} ms/article")


def prepared(
    items: list[dict[str, str]], now: datetime, count: int
) -> tuple[float, float, list[ClaimRequest]]:
    started = time.perf_counter()
    articles = []
    for index, payload in enumerate(items):
        checked = validate_article(payload, f"art_{index}", "intake", now, 1_000_000)
        if not isinstance(checked, ArticleIn):
            raise SystemExit(f"bench payload rejected: {checked}")
        articles.append(normalise_article(checked, f"art_{index}"))
    normalise_ms = (time.perf_counter() - started) * 1000 / count

    started = time.perf_counter()
    requests = [claim_request(article, record_id_for(article)) for article in articles]
    sketch_ms = (time.perf_counter() - started) * 1000 / count
    return normalise_ms, sketch_ms, requests


def claims(client: redis.Redis, count: int, batch: int, requests: list[ClaimRequest]) -> None:
    for name, prefix, reqs in (
        ("exact only (baseline)", "exact", [replace(r, sketch=None) for r in requests]),
        ("exact + near + contained", "near", requests),
    ):
        store = RedisSeenStore(client, prefix, 7 * 24 * 3600)
        store.claim_many([ClaimRequest("warm", "rec_warm", ())])  # loads the script once
        client.config_resetstat()
        memory_before = int(client.info("memory")["used_memory"])
        originals = 0
        half_memory, half_originals = memory_before, 0
        ROUND_TRIPS[0] = 0
        redis.client.Pipeline.execute = _counted  # type: ignore[method-assign]
        server_before = server_cpu(client)
        cpu_before = time.process_time()
        started = time.perf_counter()
        for at in range(0, count, batch):
            if at >= count // 2 and not half_originals:
                half_memory, half_originals = int(client.info("memory")["used_memory"]), originals
            verdicts = store.claim_many(reqs[at : at + batch])
            originals += sum(isinstance(v, Original) for v in verdicts)
        claim_ms = (time.perf_counter() - started) * 1000 / count
        client_ms = (time.process_time() - cpu_before) * 1000 / count
        server_ms = (server_cpu(client) - server_before) * 1000 / count
        redis.client.Pipeline.execute = _EXECUTE  # type: ignore[method-assign]
        batches = -(-count // batch)
        stats = client.info("commandstats")
        evalsha = int(stats.get("cmdstat_evalsha", {}).get("calls", 0))
        inside = commands(client) - evalsha - int(stats.get("cmdstat_config", {}).get("calls", 0))
        memory_after = int(client.info("memory")["used_memory"])
        memory = memory_after - memory_before
        print(f"\n{name}:")
        print(f"  claim (Lua, pipelined): {claim_ms:.3f} ms/article; {originals} originals")
        print(
            f"  claim CPU per article: client {client_ms:.3f} ms, redis-server {server_ms:.3f} ms"
        )
        print(
            f"  per batch: {ROUND_TRIPS[0] / batches:.2f} client round trips (pipeline executes) "
            f"carrying {evalsha / batches:.1f} EVALSHA; "
            f"{inside / count:.1f} commands run inside the script per article"
        )
        print(
            f"  memory per retained article: {memory / max(originals, 1):.0f} bytes "
            f"(used_memory grew {memory} bytes); second half alone: "
            f"{(memory_after - half_memory) / max(originals - half_originals, 1):.0f} bytes"
        )


if __name__ == "__main__":
    main()
