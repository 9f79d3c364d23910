"""Deterministic identifiers: the same inputs always give the same id, so retries are idempotent."""

from __future__ import annotations

import hashlib
import uuid


def derive_id(prefix: str, *parts: str) -> str:
    """Return ``prefix_`` followed by 24 hex digits of SHA-256 over the parts."""
    return f"{prefix}_{id_digest(*parts).hex()}"


def id_digest(*parts: str) -> bytes:
    """The 12 bytes whose hex digits end ``derive_id(prefix, *parts)`` for any prefix (for a
    key or an argument that carries an id as bytes, without making its text first)."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()[:12]


def new_article_id() -> str:
    """Return a fresh random submission id, stamped by the producer on every article it accepts."""
    return f"art_{uuid.uuid4().hex}"
