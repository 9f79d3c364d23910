"""Shared model configuration and the schema version stamped on every message."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = "1.0"
"""Bumped on any change that could break a consumer of the published JSON."""


class Contract(BaseModel):
    """Base of every wire model: immutable, and unknown fields are an error."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=False)


Confidence = Annotated[float, Field(ge=0.0, le=1.0, description="0 (a guess) to 1 (certain).")]
CountryCode = Annotated[
    str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166-1 alpha-2 country code.")
]

Stage = Literal["producer", "intake", "normalise", "dedup", "enrich", "publish"]
"""Where in the flow a payload was rejected."""
