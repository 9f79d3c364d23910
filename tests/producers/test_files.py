"""read_payloads: one JSON object, a JSON array, or JSON lines, from a file."""

from __future__ import annotations

import json
from pathlib import Path

from eventwire.producers.client import Unparsed
from eventwire.producers.files import read_payloads


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "input.json"
    path.write_text(text, encoding="utf-8")
    return str(path)


class TestReadPayloads:
    """read_payloads yields every payload in a file, and lines that are not JSON as Unparsed."""

    def test_one_object(self, tmp_path: Path) -> None:
        """A file holding one (pretty-printed) JSON object yields that object."""
        payload = {"source": "example-wire", "text": "Talks.\n\nMore talks."}
        path = _write(tmp_path, json.dumps(payload, indent=2))
        assert list(read_payloads(path)) == [payload]

    def test_array(self, tmp_path: Path) -> None:
        """A file holding a JSON array yields each element, in order."""
        payloads = [{"source": "a", "text": "One."}, {"source": "b", "text": "Two."}]
        path = _write(tmp_path, json.dumps(payloads, indent=2))
        assert list(read_payloads(path)) == payloads

    def test_json_lines(self, tmp_path: Path) -> None:
        """A JSON lines file yields one payload per line."""
        payloads = [{"source": "a", "text": "One."}, {"source": "b", "text": "Two."}]
        path = _write(tmp_path, "".join(json.dumps(p) + "\n" for p in payloads))
        assert list(read_payloads(path)) == payloads

    def test_bad_line_yielded_as_unparsed(self, tmp_path: Path) -> None:
        """A line that is not JSON is yielded as Unparsed, in place, with its line number."""
        text = '{"source": "a", "text": "One."}\n{"source": "b", "text": \n{"source": "c"}\n'
        items = list(read_payloads(_write(tmp_path, text)))
        assert items[0] == {"source": "a", "text": "One."}
        assert isinstance(items[1], Unparsed)
        assert items[1].line == 2
        assert items[1].text == '{"source": "b", "text": '
        assert items[1].error
        assert items[2] == {"source": "c"}

    def test_blank_lines_skipped(self, tmp_path: Path) -> None:
        """Blank lines are skipped but still counted for line numbers."""
        text = '\n{"source": "a"}\n   \n\nnot json\n\n{"source": "b"}\n'
        items = list(read_payloads(_write(tmp_path, text)))
        assert len(items) == 3
        assert items[0] == {"source": "a"}
        assert isinstance(items[1], Unparsed)
        assert items[1].line == 5
        assert items[2] == {"source": "b"}

    def test_empty_file(self, tmp_path: Path) -> None:
        """An empty or blank file yields nothing."""
        assert list(read_payloads(_write(tmp_path, " \n\n"))) == []

    def test_line_separator_inside_a_string(self, tmp_path: Path) -> None:
        """A JSON line whose text holds a raw U+2028 (valid in JSON) stays one payload."""
        payloads = [
            {"source": "a", "text": "First line\u2028second line."},
            {"source": "b", "text": "Two."},
        ]
        text = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in payloads)
        assert list(read_payloads(_write(tmp_path, text))) == payloads
