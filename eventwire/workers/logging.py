"""structlog, configured once: context variables merged into every line, JSON in production,
console on a tty."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from eventwire.settings import Settings


class _Stderr:
    """The stderr of configure time (the process's own, before Celery redirects ``sys.stderr``
    to its logger), or, once that is closed, whatever ``sys.stderr`` is then: a caller that
    swapped stderr while logging was configured (a test runner capturing a CLI's output) and
    closed its buffer afterwards must not leave the loggers writing to a closed file."""

    def __init__(self) -> None:
        self._configured = sys.stderr

    def _target(self) -> Any:
        return sys.stderr if self._configured.closed else self._configured

    def write(self, text: str) -> int:
        written: int = self._target().write(text)
        return written

    def flush(self) -> None:
        self._target().flush()


def configure_logging(settings: Settings, stream: Any = None) -> None:
    """Send structured log lines to ``stream`` (stderr by default) in the configured format."""
    shown = stream or sys.stderr
    console = settings.log_format == "console" or (
        settings.log_format == "auto" and hasattr(shown, "isatty") and shown.isatty()
    )
    stream = stream or _Stderr()
    renderer: structlog.typing.Processor = (
        structlog.dev.ConsoleRenderer() if console else structlog.processors.JSONRenderer()
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
