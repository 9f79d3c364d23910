"""structlog, configured once: context variables merged into every line, JSON in production,
console on a tty."""

from __future__ import annotations

import logging
import sys
from typing import Any

import structlog

from eventwire.settings import Settings


def configure_logging(settings: Settings, stream: Any = None) -> None:
    """Send structured log lines to ``stream`` (stderr by default) in the configured format."""
    stream = stream or sys.stderr
    console = settings.log_format == "console" or (
        settings.log_format == "auto" and hasattr(stream, "isatty") and stream.isatty()
    )
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
