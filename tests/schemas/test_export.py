"""The committed JSON Schema files: current with the models, and valid JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from eventwire.schemas.export import SCHEMA_DIR, export_schemas, json_schemas, render

STEMS = sorted(json_schemas())


class TestCommittedSchemas:
    """eventwire/schemas/json holds exactly what the models generate."""

    @pytest.mark.parametrize("stem", STEMS)
    def test_committed_file_is_current(self, stem: str) -> None:
        """Each committed schema file equals the rendered schema of its model."""
        path = SCHEMA_DIR / f"{stem}.schema.json"
        assert path.exists(), f"{path} is missing: run `eventwire schemas export`"
        assert path.read_text(encoding="utf-8") == render(json_schemas()[stem]), (
            f"{path.name} is out of date with the models: run `eventwire schemas export`"
        )

    def test_no_stale_files(self) -> None:
        """No schema file is committed for a model that is no longer exported."""
        committed = {path.name.removesuffix(".schema.json") for path in SCHEMA_DIR.glob("*.json")}
        assert committed == set(STEMS), "stale schema files: run `eventwire schemas export`"


class TestExportSchemas:
    """export_schemas writes one file per exported model."""

    def test_writes_into_directory(self, tmp_path: Path) -> None:
        """Every stem is written to <dir>/<stem>.schema.json, rendered, and the paths returned."""
        target = tmp_path / "out"
        written = export_schemas(target)
        assert sorted(path.name for path in written) == [f"{stem}.schema.json" for stem in STEMS]
        for stem in STEMS:
            text = (target / f"{stem}.schema.json").read_text(encoding="utf-8")
            assert text == render(json_schemas()[stem])

    def test_render_is_stable_json(self) -> None:
        """render gives sorted-key JSON with a final newline that parses back to the schema."""
        schema = json_schemas()["article_in"]
        text = render(schema)
        assert text.endswith("}\n")
        assert json.loads(text) == schema


class TestSchemaValidity:
    """Each schema is a valid Draft 2020-12 schema that accepts real messages."""

    @pytest.mark.parametrize("stem", STEMS)
    def test_check_schema(self, stem: str) -> None:
        """The schema passes the Draft 2020-12 metaschema."""
        schema = json_schemas()[stem]
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].endswith(f"/{stem}.schema.json")

    def test_seed_matches_article_in_schema(self, seed: dict[str, Any]) -> None:
        """The seed article payload is valid against the article_in schema."""
        validator = Draft202012Validator(json_schemas()["article_in"])
        assert list(validator.iter_errors(seed)) == []

    @pytest.mark.parametrize(
        ("stem", "fixture"),
        [
            ("article_record", "article_record"),
            ("duplicate_notice", "duplicate_notice"),
            ("dead_letter", "dead_letter"),
        ],
    )
    def test_messages_match_their_schema(
        self, request: pytest.FixtureRequest, stem: str, fixture: str
    ) -> None:
        """A message's JSON form is valid against its published schema."""
        message = request.getfixturevalue(fixture)
        validator = Draft202012Validator(json_schemas()[stem])
        assert list(validator.iter_errors(message.model_dump(mode="json"))) == []
