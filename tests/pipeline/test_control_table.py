"""The table of control and format characters that normalisation removes."""

from __future__ import annotations

import sys
import unicodedata

from eventwire.pipeline.normalise import _CONTROLS


class TestControlTable:
    """The fast table covers what a scan of all of Unicode finds."""

    def test_every_control_and_format_character_is_handled(self) -> None:
        """Every Cc and Cf code point except the newline is in the table."""
        every = {
            code
            for code in range(sys.maxunicode + 1)
            if unicodedata.category(chr(code)) in {"Cc", "Cf"}
        }
        assert every - {ord("\n")} <= set(_CONTROLS)
        assert ord("\n") not in _CONTROLS
