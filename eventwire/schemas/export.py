"""JSON Schema documents for every published message type, for consumers in other languages."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from eventwire.schemas.article import ArticleIn
from eventwire.schemas.events import EventRecord
from eventwire.schemas.messages import ArticleRecord, DeadLetter, DuplicateNotice

SCHEMA_DIR = Path(__file__).parent / "json"

EXPORTED: dict[str, type[BaseModel]] = {
    "article_in": ArticleIn,
    "article_record": ArticleRecord,
    "duplicate_notice": DuplicateNotice,
    "dead_letter": DeadLetter,
    "event_record": EventRecord,
}


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return the JSON Schema of each exported model, keyed by file stem."""
    schemas: dict[str, dict[str, Any]] = {}
    for stem, model in EXPORTED.items():
        mode: Literal["validation", "serialization"] = (
            "validation" if model is ArticleIn else "serialization"
        )
        schema = model.model_json_schema(mode=mode)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://eventwire.dev/schemas/{stem}.schema.json"
        schemas[stem] = schema
    return schemas


def render(schema: dict[str, Any]) -> str:
    """Serialise a schema as committed: sorted keys, two-space indent, final newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def export_schemas(directory: Path = SCHEMA_DIR) -> list[Path]:
    """Write ``<stem>.schema.json`` for every exported model into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for stem, schema in json_schemas().items():
        path = directory / f"{stem}.schema.json"
        path.write_text(render(schema), encoding="utf-8")
        written.append(path)
    return written
