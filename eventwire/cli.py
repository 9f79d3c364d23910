"""The ``eventwire`` command: run embedded, produce, start a worker, tail, export schemas."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from eventwire.channels.base import STREAMS, encode
from eventwire.schemas.messages import Message
from eventwire.settings import Settings

app = typer.Typer(
    name="eventwire",
    help=(
        "eventwire: news articles in, structured event records out.\n\n"
        "Settings come from EVENTWIRE_* environment variables (see the README).\n\n"
        "Example: eventwire run examples/articles.jsonl"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
schemas_app = typer.Typer(
    help="Export or check the JSON Schema files of the published messages.\n\n"
    "Example: eventwire schemas export",
    no_args_is_help=True,
)
app.add_typer(schemas_app, name="schemas")
feeds_app = typer.Typer(
    help="Poll RSS and Atom feeds into the queue.\n\nExample: eventwire feeds poll feeds.toml",
    no_args_is_help=True,
)
app.add_typer(feeds_app, name="feeds")

err = Console(stderr=True)

FileArg = Annotated[
    str, typer.Argument(help="A JSON file (one article or an array) or JSON lines; '-' is stdin.")
]


def _write(message: Message) -> None:
    sys.stdout.buffer.write(encode(message) + b"\n")
    sys.stdout.flush()


def _summary(counts: Counter[str]) -> str:
    return (
        f"{counts['article_record']} records, {counts['duplicate_notice']} duplicates, "
        f"{counts['dead_letter']} dead letters, {counts['event_record']} event record versions"
    )


@app.command()
def run(
    file: FileArg,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles per batch.")] = 50,
) -> None:
    """Run the whole pipeline in this process, with no server, printing every published message
    (records, duplicate notices, dead letters) as a JSON line.

    Example: eventwire run examples/articles.jsonl
    """
    from eventwire.embedded import run_embedded
    from eventwire.producers.files import read_payloads
    from eventwire.workers.logging import configure_logging

    settings = Settings(batch_size=batch_size)
    configure_logging(settings.model_copy(update={"log_level": "WARNING"}))
    counts = run_embedded(read_payloads(file), settings, _write)
    err.print(f"eventwire run: {_summary(counts)}")


@app.command()
def produce(
    file: FileArg,
    batch_size: Annotated[
        int | None, typer.Option(min=1, help="Articles per queued message [EVENTWIRE_BATCH_SIZE].")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Validate articles and queue them for the workers; rejected ones are reported here and sent
    to the dead-letter stream with the reason.

    Example: eventwire produce examples/articles.jsonl
    """
    from eventwire.producers.client import Producer, SubmitResult, chunks
    from eventwire.producers.files import read_payloads

    settings = Settings() if batch_size is None else Settings(batch_size=batch_size)
    payloads = list(read_payloads(file))
    producer = Producer(settings)
    total = SubmitResult()
    with Progress(
        TextColumn("producing"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        disable=not progress,
    ) as bar:
        task = bar.add_task("produce", total=len(payloads))
        for chunk in chunks(payloads, settings.batch_size):
            result = producer.submit(chunk)
            for rejection in result.rejected:
                rejection_index = rejection.index + len(total.accepted) + len(total.rejected)
                err.print(
                    f"rejected #{rejection_index}: {rejection.reason}: {rejection.message}",
                    markup=False,
                    highlight=False,
                )
            total.extend(result)
            bar.advance(task, len(chunk))
    producer.close()
    err.print(f"sent {len(total.accepted)}, rejected {len(total.rejected)}")
    reasons = Counter(rejection.reason for rejection in total.rejected)
    for reason, count in sorted(reasons.items()):
        err.print(f"  {reason}: {count}")


@app.command()
def worker(
    concurrency: Annotated[
        int | None, typer.Option(min=1, help="Worker processes (default: one per CPU core).")
    ] = None,
    loglevel: Annotated[str, typer.Option(help="Celery's own log level.")] = "INFO",
    hostname: Annotated[
        str | None, typer.Option(help="Celery node name, e.g. 'w1@%h' (default: eventwire@%h).")
    ] = None,
) -> None:
    """Start a Celery worker (prefork pool) that processes article batches from the queue.

    Example: eventwire worker --concurrency 2
    """
    from eventwire.workers.app import create_app

    settings = Settings()
    argv = [
        "worker",
        "--pool=prefork",
        f"--loglevel={loglevel}",
        f"--queues={settings.queue}",
        f"--hostname={hostname or 'eventwire@%h'}",
    ]
    if concurrency is not None:
        argv.append(f"--concurrency={concurrency}")
    create_app(settings).worker_main(argv=argv)


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to bind [EVENTWIRE_INTAKE_HOST].")
    ] = None,
    port: Annotated[
        int | None, typer.Option(min=1, max=65535, help="Port [EVENTWIRE_INTAKE_PORT].")
    ] = None,
) -> None:
    """Run the HTTP intake: POST /v1/articles, GET /v1/records/{id}, /healthz, /readyz,
    /metrics, the live page at /live and the OpenAPI docs at /docs.

    Example: EVENTWIRE_API_KEYS='["secret"]' eventwire serve --port 8000
    """
    import uvicorn

    from eventwire.producers.intake import create_intake_app
    from eventwire.workers.logging import configure_logging

    settings = Settings()
    configure_logging(settings)
    uvicorn.run(
        create_intake_app(settings),
        host=host or settings.intake_host,
        port=port or settings.intake_port,
        log_level=settings.log_level.lower(),
        proxy_headers=False,
    )


@app.command()
def tail(  # noqa: PLR0917 - typer makes each parameter an argument or option
    stream: Annotated[
        str, typer.Argument(help="Which stream: records, duplicates or dead.")
    ] = "records",
    group: Annotated[
        str, typer.Option(help="Consumer group; a new group starts at the stream's beginning.")
    ] = "eventwire-tail",
    consumer: Annotated[str | None, typer.Option(help="Consumer name (default: host-pid).")] = None,
    count: Annotated[int | None, typer.Option(min=1, help="Stop after this many messages.")] = None,
    idle_timeout: Annotated[
        float | None, typer.Option(min=0, help="Stop after this many seconds with no message.")
    ] = None,
    channel: Annotated[
        str,
        typer.Option(
            help="Read from redis (Redis Streams), rabbitmq (a durable queue named "
            "<group>.<stream>, bound to the exchange) or nats (a durable JetStream consumer "
            "named <group>-<stream>)."
        ),
    ] = "redis",
) -> None:
    """Print the messages of an output stream as JSON lines, reading through a consumer group and
    acknowledging each message once printed. The output is the same whichever channel is read.

    Example: eventwire tail records --count 10 --channel nats
    """
    from eventwire.channels.tail import open_source

    if stream not in STREAMS.values():
        raise typer.BadParameter(
            f"choose one of {', '.join(STREAMS.values())}", param_hint="STREAM"
        )
    if channel not in ("redis", "rabbitmq", "nats"):
        raise typer.BadParameter("choose one of redis, rabbitmq, nats", param_hint="--channel")
    source = open_source(channel, Settings(), stream, group, consumer)
    printed = 0
    last_seen = time.monotonic()
    try:
        while count is None or printed < count:
            wanted = 100 if count is None else min(100, count - printed)
            entries = source.read(wanted, 0.5)
            for _token, message in entries:
                _write(message)
            source.ack([token for token, _message in entries])
            printed += len(entries)
            if entries:
                last_seen = time.monotonic()
            elif idle_timeout is not None and time.monotonic() - last_seen >= idle_timeout:
                break
    finally:
        source.close()


@feeds_app.command("poll")
def feeds_poll(
    config: Annotated[Path, typer.Argument(help="TOML file of [[feed]] tables (name, url).")],
    interval: Annotated[
        float | None,
        typer.Option(min=1, help="Poll again every this many seconds (default: poll once)."),
    ] = None,
) -> None:
    """Fetch each feed (conditional GET, public http(s) addresses only), and queue its new
    entries as articles; per-feed state is kept in Redis.

    Example: eventwire feeds poll feeds.toml --interval 300
    """
    import redis

    from eventwire.producers.client import Producer
    from eventwire.producers.feeds import FeedPoller, load_config
    from eventwire.schemas.errors import ConfigurationError

    settings = Settings()
    try:
        feeds = load_config(config)
    except ConfigurationError as exc:
        err.print(str(exc), markup=False, highlight=False)
        raise typer.Exit(2) from exc
    producer = Producer(settings)
    poller = FeedPoller(settings, producer, redis.Redis.from_url(settings.redis_url))
    failed = False
    while True:
        for report in poller.poll(feeds):
            if report.error:
                failed = True
                line = f"{report.feed}: error: {report.error}"
            elif report.not_modified:
                line = f"{report.feed}: not modified"
            else:
                line = (
                    f"{report.feed}: {report.entries} entries, {len(report.queued)} queued, "
                    f"{len(report.rejected)} rejected"
                )
            err.print(line, markup=False, highlight=False)
        if interval is None:
            break
        time.sleep(interval)
    producer.close()
    if failed:
        raise typer.Exit(1)


@schemas_app.command("export")
def schemas_export(
    out: Annotated[
        Path | None, typer.Option(help="Folder to write to (default: the package's schemas/json).")
    ] = None,
) -> None:
    """Write a JSON Schema file for every published message type.

    Example: eventwire schemas export --out /tmp/schemas
    """
    from eventwire.schemas.export import SCHEMA_DIR, export_schemas

    for path in export_schemas(out or SCHEMA_DIR):
        err.print(f"wrote {path}")


@schemas_app.command("check")
def schemas_check() -> None:
    """Exit non-zero if the committed JSON Schema files differ from the models.

    Example: eventwire schemas check
    """
    from eventwire.schemas.export import SCHEMA_DIR, json_schemas, render

    stale = [
        stem
        for stem, schema in json_schemas().items()
        if not (SCHEMA_DIR / f"{stem}.schema.json").exists()
        or (SCHEMA_DIR / f"{stem}.schema.json").read_text(encoding="utf-8") != render(schema)
    ]
    if stale:
        err.print(f"stale schema files: {', '.join(stale)}; run 'eventwire schemas export'")
        raise typer.Exit(1)
    err.print("schema files match the models")


def main() -> None:
    """Console-script entry point."""
    app()
