"""structlog, configured once: context variables merged into every line, JSON in production,
console on a tty."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

import structlog

from eventwire.settings import Settings


class _Stderr:
    """The stderr of configure time (the process's own, before Celery redirects ``sys.stderr``
    to its logger), or, once that is closed, whatever ``sys.stderr`` is then: a caller that
    swapped stderr while logging was configured (a test runner capturing a CLI's output) and
    closed its buffer afterwards must not leave the loggers writing to a closed file. A process
    started with no stderr at all (``sys.stderr`` is None: pythonw, a daemon with its standard
    streams closed) has nowhere to write: its lines go to a later ``sys.stderr`` if one is set,
    else nowhere, and logging never raises for it."""

    def __init__(self) -> None:
        self._configured: Any = sys.stderr

    def _target(self) -> Any:
        configured = self._configured
        if configured is not None and not configured.closed:
            return configured
        return sys.stderr

    def write(self, text: str) -> int:
        target = self._target()
        if target is None:
            return len(text)
        written: int = target.write(text)
        return written

    def flush(self) -> None:
        target = self._target()
        if target is not None:
            target.flush()


class JsonDumps:
    """``json.dumps`` for :class:`structlog.processors.JSONRenderer`, the same text with the
    encoder made once for each ``default`` the renderer passes: ``json.dumps`` given any keyword
    builds a new encoder for every line, about a third of a worker's short log line."""

    def __init__(self) -> None:
        self._encoders: dict[Any, json.JSONEncoder] = {}

    def __call__(self, obj: Any, *, default: Any = None, **options: Any) -> str:
        if options:
            return json.dumps(obj, default=default, **options)
        encoder = self._encoders.get(default)
        if encoder is None:
            encoder = self._encoders[default] = json.JSONEncoder(default=default)
        return encoder.encode(obj)


def configure_logging(settings: Settings, stream: Any = None) -> None:
    """Send structured log lines to ``stream`` (stderr by default) in the configured format."""
    shown = stream or sys.stderr
    console = settings.log_format == "console" or (
        settings.log_format == "auto" and hasattr(shown, "isatty") and shown.isatty()
    )
    stream = stream or _Stderr()
    renderer: structlog.typing.Processor = (
        structlog.dev.ConsoleRenderer()
        if console
        else structlog.processors.JSONRenderer(serializer=JsonDumps())
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping()[settings.log_level]
        ),
        logger_factory=structlog.PrintLoggerFactory(file=stream),
        cache_logger_on_first_use=False,
    )
