"""Logging configuration: lines go to the stderr of configure time while it is open, then to the
current one."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest
import structlog
from hypothesis import given
from hypothesis import strategies as st
from structlog.processors import _json_fallback_handler

from eventwire.settings import Settings
from eventwire.workers.logging import JsonDumps, configure_logging


def test_lines_go_to_the_stderr_of_configure_time(monkeypatch: pytest.MonkeyPatch) -> None:
    # A Celery worker redirects sys.stderr to its logger after logging is configured: the JSON
    # lines must still go to the process's own stderr, whole.
    configured = io.StringIO()
    monkeypatch.setattr(sys, "stderr", configured)
    configure_logging(Settings(log_format="json"))
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    structlog.get_logger().info("to_the_first", n=2)
    assert json.loads(configured.getvalue())["event"] == "to_the_first"


def test_lines_go_to_the_current_stderr_not_a_closed_earlier_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # A test runner (typer's CliRunner) swaps stderr for a buffer while the CLI configures
    # logging, then closes that buffer; later lines must still be written somewhere.
    earlier = io.StringIO()
    monkeypatch.setattr(sys, "stderr", earlier)
    configure_logging(Settings(log_format="json"))
    earlier.close()
    now = io.StringIO()
    monkeypatch.setattr(sys, "stderr", now)
    structlog.get_logger().warning("after_the_swap", n=1)
    line = json.loads(now.getvalue())
    assert (line["event"], line["n"], line["level"]) == ("after_the_swap", 1, "warning")


def test_a_process_without_stderr_logs_without_failing(monkeypatch: pytest.MonkeyPatch) -> None:
    # pythonw, or a daemon whose standard streams are closed: sys.stderr is None. Logging must
    # not raise there, and a stderr set later gets the lines.
    monkeypatch.setattr(sys, "stderr", None)
    configure_logging(Settings(log_format="json"))
    structlog.get_logger().warning("nowhere_to_go")
    later = io.StringIO()
    monkeypatch.setattr(sys, "stderr", later)
    structlog.get_logger().warning("to_the_later_one")
    assert json.loads(later.getvalue())["event"] == "to_the_later_one"


def test_a_given_stream_is_kept() -> None:
    given = io.StringIO()
    configure_logging(Settings(log_format="json"), stream=given)
    structlog.get_logger().warning("to_the_given_stream")
    assert json.loads(given.getvalue())["event"] == "to_the_given_stream"


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=12,
)


class TestJsonDumps:
    @given(st.dictionaries(st.text(max_size=12), JSON_VALUES | st.datetimes(), max_size=8))
    def test_the_text_of_json_dumps(self, line: dict[str, Any]) -> None:
        """The renderer's text is json.dumps's with structlog's fallback (repr of the rest)."""
        dumps = JsonDumps()
        for _ in range(2):
            assert dumps(line, default=_json_fallback_handler) == json.dumps(
                line, default=_json_fallback_handler
            )

    def test_other_keywords_go_to_json_dumps(self) -> None:
        """Keywords beyond ``default`` are json.dumps's own."""
        line = {"b": 1, "a": "é"}
        assert JsonDumps()(line, sort_keys=True, ensure_ascii=False) == '{"a": "é", "b": 1}'

    def test_configured_renderer(self) -> None:
        """JSON lines carry what was logged, as json.dumps writes it."""
        out = io.StringIO()
        configure_logging(Settings(log_format="json"), stream=out)
        structlog.get_logger().info("record.published", items=[1, "x"], ok=True, at=None)
        line = json.loads(out.getvalue())
        rest = {k: v for k, v in line.items() if k != "timestamp"}
        assert rest == {
            "items": [1, "x"],
            "ok": True,
            "at": None,
            "event": "record.published",
            "level": "info",
        }
        assert out.getvalue() == json.dumps(line) + "\n"
