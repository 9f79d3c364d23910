"""Reading article payloads from a file or stdin: one JSON object, a JSON array, or JSON lines."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from eventwire.producers.client import Unparsed


def read_payloads(path: str) -> Iterator[Any]:
    """Yield each payload in ``path`` (``-`` for stdin); a line that is not JSON is yielded as
    :class:`Unparsed` so that it is dead-lettered rather than lost."""
    text = sys.stdin.read() if path == "-" else Path(path).read_text(encoding="utf-8")
    stripped = text.strip()
    if not stripped:
        return
    if stripped[0] in "[{":
        try:
            whole = json.loads(stripped)
        except json.JSONDecodeError:
            pass  # not one document: read it as JSON lines
        else:
            if isinstance(whole, list):
                yield from whole
            else:
                yield whole
            return
    # Split on line feeds only: JSON strings may hold U+2028 and other characters that
    # str.splitlines() would also break on.
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.removesuffix("\r")
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            yield Unparsed(line=number, text=line, error=exc.msg)
