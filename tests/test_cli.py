"""The command line: every command documents itself with an example, and runs as documented."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from eventwire.cli import app

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = [["run"], ["produce"], ["worker"], ["tail"], ["schemas"], ["schemas", "export"]]


class TestHelp:
    """`--help` says what each command does and gives an example."""

    @pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
    def test_help_has_an_example(self, command: list[str]) -> None:
        """Each command's help exits 0 and contains 'Example: eventwire'."""
        result = CliRunner().invoke(app, [*command, "--help"], terminal_width=200)
        assert result.exit_code == 0, result.output
        assert "Example: eventwire" in result.output

    def test_top_level_lists_every_command(self) -> None:
        """`eventwire --help` lists run, produce, worker, tail and schemas."""
        result = CliRunner().invoke(app, ["--help"], terminal_width=200)
        for name in ("run", "produce", "worker", "tail", "schemas"):
            assert name in result.output


class TestRun:
    """`eventwire run` is embedded mode: the whole flow, no server."""

    def test_examples_give_records_duplicates_and_dead_letters(self) -> None:
        """The example file prints one JSON line per input, in input order, by kind."""
        result = subprocess.run(
            [sys.executable, "-m", "eventwire", "run", str(ROOT / "examples" / "articles.jsonl")],
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        types = [json.loads(line)["type"] for line in result.stdout.splitlines()]
        kinds = [kind for kind in types if kind != "event_record"]
        assert kinds == [
            "article_record",
            "duplicate_notice",
            "duplicate_notice",
            "article_record",
            "dead_letter",
            "dead_letter",
            "dead_letter",
        ]
        assert "2 records, 2 duplicates, 3 dead letters" in result.stderr
        assert f"{types.count('event_record')} event record versions" in result.stderr
        assert types[: len(kinds)] == kinds  # event records follow their batch's articles

    def test_stdin_is_read_with_dash(self) -> None:
        """`eventwire run -` reads JSON lines from standard input."""
        seed = (ROOT / "examples" / "seed_article.json").read_text(encoding="utf-8")
        line = json.dumps(json.loads(seed))
        result = CliRunner().invoke(app, ["run", "-"], input=line + "\n")
        assert result.exit_code == 0, result.output
        first = json.loads(result.stdout.splitlines()[0])
        assert first["type"] == "article_record"


class TestSchemas:
    """`eventwire schemas` exports and checks the committed JSON Schema files."""

    def test_check_passes_on_committed_files(self) -> None:
        """The committed files match the models."""
        result = CliRunner().invoke(app, ["schemas", "check"])
        assert result.exit_code == 0, result.output

    def test_export_writes_every_message_type(self, tmp_path: Path) -> None:
        """Export writes one schema file per published message type."""
        result = CliRunner().invoke(app, ["schemas", "export", "--out", str(tmp_path)])
        assert result.exit_code == 0, result.output
        assert sorted(p.name for p in tmp_path.iterdir()) == [
            "article_in.schema.json",
            "article_record.schema.json",
            "dead_letter.schema.json",
            "duplicate_notice.schema.json",
            "event_record.schema.json",
        ]
