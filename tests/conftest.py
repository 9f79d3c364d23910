"""Fixtures shared by the unit tests: the seed article, a fixed clock, and one message of each
published type; and the table of the fault suite's figures at the end of the run."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from eventwire.pipeline.flow import Clock
from eventwire.schemas.article import NormalisedArticle
from eventwire.schemas.enrichment import Enrichment, Quote, Span
from eventwire.schemas.messages import (
    ArticleRecord,
    DeadLetter,
    DedupVerdict,
    DuplicateNotice,
    FieldError,
)
from tests.faults.harness import FIGURES_PROPERTY

ROOT = Path(__file__).resolve().parents[1]
SEED_PATH = ROOT / "examples" / "seed_article.json"
FIXED_NOW = datetime(2017, 1, 18, 9, 0, tzinfo=UTC)


@pytest.fixture
def seed() -> dict[str, Any]:
    """The seed article payload, freshly loaded (tests may change their copy)."""
    payload: dict[str, Any] = json.loads(SEED_PATH.read_text(encoding="utf-8"))
    return payload


@pytest.fixture
def now() -> datetime:
    """The instant the fixed clock always reads."""
    return FIXED_NOW


@pytest.fixture
def clock(now: datetime) -> Clock:
    """A clock that always reads ``now``."""
    return lambda: now


@pytest.fixture
def article_record(now: datetime) -> ArticleRecord:
    """A small, valid article record."""
    text = "\u201cWe will attend the talks in Astana,\u201d Lavrov said."
    article = NormalisedArticle(
        article_id="art_1",
        source="example-wire",
        external_id="ew-1",
        url="https://news.example.org/a?utm_source=rss",
        canonical_url="https://news.example.org/a",
        title="Talks",
        published_at=datetime(2017, 1, 17, 18, 30, tzinfo=UTC),
        language="en",
        text=text,
        content_hash="0" * 64,
        word_count=9,
        metadata={"section": "world"},
    )
    quote = Quote(
        text="We will attend the talks in Astana,",
        span=Span(start=1, end=36),
        speaker="Lavrov",
        speaker_span=Span(start=38, end=44),
        confidence=0.9,
    )
    return ArticleRecord(
        record_id="rec_1",
        article=article,
        dedup=DedupVerdict(checked=["exact_text", "exact_url"]),
        enrichment=Enrichment(quotes=[quote]),
        processed_at=now,
    )


@pytest.fixture
def duplicate_notice(now: datetime) -> DuplicateNotice:
    """A duplicate notice pointing at ``rec_1``."""
    return DuplicateNotice(
        notice_id="dup_1",
        article_id="art_2",
        source="mirror-feed",
        external_id=None,
        url="https://mirror.example.com/a",
        canonical_url="https://mirror.example.com/a",
        original_record_id="rec_1",
        match="exact_text",
        similarity=1.0,
        detected_at=now,
    )


@pytest.fixture
def dead_letter(now: datetime) -> DeadLetter:
    """A dead letter for a payload with a naive timestamp."""
    return DeadLetter(
        dead_letter_id="dead_1",
        article_id="art_3",
        stage="intake",
        reason="invalid_payload",
        message="1 invalid field(s): published_at: no timezone",
        errors=[FieldError(loc="published_at", message="no timezone", type="value_error")],
        payload={"source": "x", "text": "y", "published_at": "2017-01-17T18:30:00"},
        received_at=now,
    )


def _figures(value: object) -> dict[str, Any]:
    """One fault run's figures as tests/faults/conftest.py put them on its report: a dict."""
    if not isinstance(value, dict):
        raise TypeError(f"{FIGURES_PROPERTY} holds {value!r}, not a dict of figures")
    return value


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The figures of every fault run (tests/faults), as the Markdown table docs/reliability.md
    keeps. Here rather than in tests/faults/conftest.py: under pytest-xdist the process that
    prints the summary collects nothing, so only this conftest is loaded in it."""
    rows = [
        _figures(value)
        for reports in terminalreporter.stats.values()
        for report in reports
        if isinstance(report, pytest.TestReport) and report.when == "call"
        for name, value in report.user_properties
        if name == FIGURES_PROPERTY
    ]
    if not rows:
        return
    columns = list(rows[0])
    terminalreporter.write_line("")
    terminalreporter.write_line("| " + " | ".join(columns) + " |")
    terminalreporter.write_line("|" + " --- |" * len(columns))
    for row in rows:
        terminalreporter.write_line("| " + " | ".join(str(row[c]) for c in columns) + " |")
