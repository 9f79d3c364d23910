"""Enrichers: each reads the normalised article and fills one section of the enrichment."""

from eventwire.pipeline.enrich.base import Enricher, enrich
from eventwire.pipeline.enrich.quotes import extract_quotes

__all__ = ["Enricher", "enrich", "extract_quotes"]
