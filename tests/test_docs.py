"""The README stays true to the code."""

from __future__ import annotations

import re
from pathlib import Path

from eventwire.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


class TestReadme:
    """What the README promises exists, and what exists is in the README."""

    def test_every_setting_is_documented(self) -> None:
        """Each Settings field has its EVENTWIRE_ variable in the README's table."""
        missing = [
            f"EVENTWIRE_{name.upper()}"
            for name in Settings.model_fields
            if f"`EVENTWIRE_{name.upper()}`" not in README
        ]
        assert not missing

    def test_no_documented_variable_is_unknown(self) -> None:
        """Every EVENTWIRE_ variable the README names is a real setting."""
        named = set(re.findall(r"EVENTWIRE_([A-Z_]+)", README))
        assert named <= {name.upper() for name in Settings.model_fields}

    def test_test_command_is_what_ci_runs(self) -> None:
        """The README's test command is the one .ci/run calls."""
        assert "make test" in README
        assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
