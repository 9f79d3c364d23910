"""eventwire: a streaming news-to-event pipeline (articles in, event records out)."""

__version__ = "0.1.0"
