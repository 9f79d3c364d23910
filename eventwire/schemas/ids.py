"""Deterministic identifiers: the same inputs always give the same id, so retries are idempotent."""

from __future__ import annotations

import hashlib
import uuid


def derive_id(prefix: str, *parts: str) -> str:
    """Return ``prefix_`` followed by 24 hex digits of SHA-256 over the parts."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"{prefix}_{digest[:24]}"


def new_article_id() -> str:
    """Return a fresh random submission id, stamped by the producer on every article it accepts."""
    return f"art_{uuid.uuid4().hex}"
