"""CAMEO to PLOVER."""

from __future__ import annotations

import pytest

from eventwire.pipeline.coding.plover import is_statement, plover_for


class TestPlover:
    """Every CAMEO root has a category; specific codes refine it."""

    @pytest.mark.parametrize("root", [f"{n:02d}" for n in range(1, 21)])
    def test_every_root_maps(self, root: str) -> None:
        """Codes of each root 01-20 map to a category."""
        assert plover_for(root + "0")

    @pytest.mark.parametrize(
        ("code", "category"),
        [
            ("036", "CONSULT"),
            ("046", "CONSULT"),
            ("051", "SUPPORT"),
            ("057", "AGREE"),
            ("0871", "RETREAT"),
            ("190", "ASSAULT"),
            ("173", "COERCE"),
            ("1712", "COERCE"),
        ],
    )
    def test_specific_codes(self, code: str, category: str) -> None:
        """Refinements by prefix win over the root."""
        assert plover_for(code) == category

    def test_statements(self) -> None:
        """Roots 01-03 are statements, 04 and above are not."""
        assert [is_statement(c) for c in ("010", "020", "036", "040", "190")] == [
            True,
            True,
            True,
            False,
            False,
        ]
