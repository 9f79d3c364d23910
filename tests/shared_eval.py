"""Where the public benchmark data of ``../shared/eval`` is (read in place, never copied into
the project): beside the checkout, or where ``EVENTWIRE_SHARED_EVAL`` points. Tests that need
it skip with the reason when neither holds it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]


def shared_eval() -> Path:
    """The directory of the benchmark data (it may not exist)."""
    configured = os.environ.get("EVENTWIRE_SHARED_EVAL")
    if configured:
        return Path(configured)
    return (ROOT / ".." / "shared" / "eval").resolve()


def eval_file(name: str) -> Path:
    """The path of one benchmark file; skips the calling test when it is missing."""
    path = shared_eval() / name
    if not path.exists():
        pytest.skip(
            f"{path} is missing: put ../shared beside the checkout or set EVENTWIRE_SHARED_EVAL"
        )
    return path


def has_eval_file(name: str) -> bool:
    """Whether one benchmark file is there (for ``skipif`` marks)."""
    return (shared_eval() / name).exists()


def eval_rows(name: str) -> list[dict[str, Any]]:
    """The rows of one JSON-lines benchmark file; skips the calling test when it is missing."""
    text = eval_file(name).read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]
