"""The published JSON Schemas change compatibly, or announce it: a breaking change bumps
schema_version and is in the CHANGELOG."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from eventwire.schemas.base import SCHEMA_VERSION
from eventwire.schemas.compat import (
    RELEASED_DIR,
    breaking_changes,
    changelog_section,
    current_schemas,
    load_schemas,
    released_versions,
    unannounced,
)

ROOT = Path(__file__).resolve().parents[2]
CHANGELOG = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


def _record() -> dict[str, Any]:
    return copy.deepcopy(current_schemas()["duplicate_notice"])


class TestReleasedContract:
    """The current schemas against the last released ones."""

    def test_no_unannounced_breaking_change(self) -> None:
        """Every breaking change since the last release is announced (version bump and a
        CHANGELOG entry naming the field)."""
        latest = released_versions()[-1]
        problems = breaking_changes(load_schemas(RELEASED_DIR / latest), current_schemas())
        assert unannounced(problems, SCHEMA_VERSION, latest, CHANGELOG) == []

    def test_version_not_behind_release(self) -> None:
        """schema_version is the last release or newer, and every release is in the
        CHANGELOG."""
        versions = released_versions()
        assert tuple(map(int, SCHEMA_VERSION.split("."))) >= tuple(
            map(int, versions[-1].split("."))
        )
        for version in versions:
            assert changelog_section(CHANGELOG, version), version


class TestBreakingChanges:
    """What the comparison counts as breaking, on edited copies of a real schema."""

    def test_identical_is_compatible(self) -> None:
        """A schema compared with itself has no breaking change."""
        assert breaking_changes({"d": _record()}, {"d": _record()}) == []

    def test_removed_field(self) -> None:
        """Dropping a property is breaking."""
        new = _record()
        del new["properties"]["url"]
        assert breaking_changes({"d": _record()}, {"d": new}) == ["d.url: field removed"]

    def test_new_required_field(self) -> None:
        """Making a field required (or adding a required one) is breaking."""
        new = _record()
        new["properties"]["lang"] = {"type": "string"}
        new["required"].append("lang")
        assert breaking_changes({"d": _record()}, {"d": new}) == ["d.lang: field is now required"]

    def test_new_optional_field_is_additive(self) -> None:
        """An optional new property is not breaking."""
        new = _record()
        new["properties"]["lang"] = {"type": "string"}
        assert breaking_changes({"d": _record()}, {"d": new}) == []

    def test_narrowed_enum(self) -> None:
        """Removing an enum value is breaking; adding one is not."""
        narrowed, widened = _record(), _record()
        narrowed["properties"]["match"]["enum"].remove("near")
        widened["properties"]["match"]["enum"].append("semantic")
        assert breaking_changes({"d": _record()}, {"d": narrowed}) == [
            "d.match: allowed values narrowed, lost ['\"near\"']"
        ]
        assert breaking_changes({"d": _record()}, {"d": widened}) == []

    def test_narrowed_type(self) -> None:
        """A nullable field that stops accepting null is breaking; the reverse is not."""
        narrowed = _record()
        narrowed["properties"]["url"] = {"type": "string"}
        assert breaking_changes({"d": _record()}, {"d": narrowed}) == [
            "d.url: type narrowed, no longer accepts ['null']"
        ]
        assert breaking_changes({"d": narrowed}, {"d": _record()}) == []

    def test_tightened_bound(self) -> None:
        """A lower maximum is breaking."""
        new = _record()
        new["properties"]["similarity"]["maximum"] = 0.5
        assert breaking_changes({"d": _record()}, {"d": new}) == [
            "d.similarity: maximum tightened to 0.5"
        ]

    def test_nested_definitions_are_followed(self) -> None:
        """A field removed inside a $defs model of the record is found through its $ref."""
        old = current_schemas()["article_record"]
        new = copy.deepcopy(old)
        del new["$defs"]["Place"]["properties"]["geonames_id"]
        problems = breaking_changes({"r": old}, {"r": new})
        assert problems == ["r.enrichment.places[].geonames_id: field removed"]

    def test_removed_message_type(self) -> None:
        """A message schema that disappears is breaking."""
        assert breaking_changes({"d": _record()}, {}) == ["d: message schema removed"]


class TestUnannounced:
    """A breaking change passes only with a version bump and a CHANGELOG entry."""

    PROBLEMS = ["duplicate_notice.url: field removed"]  # noqa: RUF012 - read-only fixture

    @pytest.mark.parametrize(
        ("version", "changelog", "ok"),
        [
            ("1.0", "## schema_version 1.0\n- removed `url`\n", False),
            ("2.0", "## schema_version 1.0\n- first\n", False),
            ("2.0", "## schema_version 2.0\n- removed `url` from duplicate notices\n", True),
        ],
    )
    def test_needs_bump_and_entry(self, version: str, changelog: str, ok: bool) -> None:
        """Same version: refused; bumped but not in the CHANGELOG: refused; both: accepted."""
        assert (unannounced(self.PROBLEMS, version, "1.0", changelog) == []) is ok
