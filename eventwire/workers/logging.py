"""structlog, configured once: context variables merged into every line, JSON in production,
console on a tty."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from eventwire.settings import Settings


class _Stderr:
    """Whatever ``sys.stderr`` is when a line is written, not when logging was configured: a
    caller that swaps it for a while (a test runner capturing output, then closing its buffer)
    must not leave the loggers writing to a closed file."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def configure_logging(settings: Settings, stream: Any = None) -> None:
    """Send structured log lines to ``stream`` (the current stderr by default) in the
    configured format."""
    console = settings.log_format == "console" or (
        settings.log_format == "auto"
        and hasattr(stream or sys.stderr, "isatty")
        and (stream or sys.stderr).isatty()
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
