"""The seed article's record holds everything in ../shared/eval/seed_gold.json, section by
section, with the lenient matching its header describes: names case-insensitive after folding
apostrophes and hyphens, a listed surface form is enough, coordinates within 50 km, dates on the
day (or on the month at month granularity). The 'events' section belongs to event coding."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path
from typing import Any

import pytest

from eventwire.pipeline import DEFAULT_ENRICHERS, enrich
from eventwire.pipeline.intake import normalise_article
from eventwire.schemas.article import ArticleIn
from eventwire.schemas.enrichment import Enrichment, Entity
from tests.shared_eval import has_eval_file, shared_eval

pytestmark = pytest.mark.skipif(
    not has_eval_file("seed_gold.json"), reason="../shared/eval is not beside the repo"
)


def fold(name: str) -> str:
    """Case-insensitive, with apostrophes and hyphens folded to spaces."""
    return re.sub(r"[\s'’‘`\-]+", " ", name).strip().casefold()


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(a))


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    path = shared_eval() / "seed_gold.json"
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@pytest.fixture(scope="module")
def record() -> tuple[str, Enrichment]:
    """The seed article normalised and run through the default enrichers."""
    seed = json.loads(
        (Path(__file__).resolve().parents[2] / "examples" / "seed_article.json").read_text("utf-8")
    )
    article = normalise_article(ArticleIn.model_validate(seed), "art_seed")
    return article.text, enrich(article, DEFAULT_ENRICHERS)


def _surfaces(text: str, entity: Entity) -> set[str]:
    spans = entity.mentions or [entity.span]
    return {fold(entity.name), fold(entity.text)} | {fold(text[s.start : s.end]) for s in spans}


def _entity(text: str, found: Enrichment, item: dict[str, Any], kinds: set[str]) -> Entity:
    wanted = {fold(item["name"])} | {fold(s) for s in item["surface"]}
    for entity in found.entities:
        if entity.kind in kinds and _surfaces(text, entity) & wanted:
            return entity
    raise AssertionError(
        f"no {kinds} entity for {item['name']}: {[e.name for e in found.entities]}"
    )


class TestSeedGold:
    """The seed record against the hand-annotated gold."""

    def test_people(self, gold: dict[str, Any], record: tuple[str, Enrichment]) -> None:
        """Every gold person is a person entity, with the gold country where one is given."""
        text, found = record
        for person in gold["people"]:
            entity = _entity(text, found, person, {"person"})
            if person["country"] is not None:
                assert entity.country == person["country"], person["name"]

    def test_organisations(self, gold: dict[str, Any], record: tuple[str, Enrichment]) -> None:
        """Every gold organisation is an organisation or group entity."""
        text, found = record
        for organisation in gold["organisations"]:
            _entity(text, found, organisation, {"organisation", "group"})

    def test_places(self, gold: dict[str, Any], record: tuple[str, Enrichment]) -> None:
        """Every gold place is found by one of its surface forms, with its country, kind and
        coordinates within 50 km."""
        _, found = record
        for place in gold["places"]:
            surfaces = {fold(s) for s in place["surface"]} | {fold(place["name"])}
            matches = [p for p in found.places if fold(p.text) in surfaces]
            assert matches, f"no place for {place['name']}"
            for match in matches:
                assert match.country == place["country"], place["name"]
                if fold(match.text) == fold(place["name"]) or match.kind == place["kind"]:
                    assert match.kind == place["kind"], place["name"]
                if "lat" in place and match.kind == place["kind"]:
                    assert match.lat is not None
                    assert match.lon is not None
                    assert km(match.lat, match.lon, place["lat"], place["lon"]) <= 50, place["name"]

    def test_dates(self, gold: dict[str, Any], record: tuple[str, Enrichment]) -> None:
        """Every gold date is found and resolved on the day (or the month), and no gold
        non-date is reported."""
        _, found = record
        for item in gold["dates"]:
            matches = [
                d
                for d in found.dates
                if fold(d.text) in fold(item["surface"]) or fold(item["surface"]) in fold(d.text)
            ]
            assert matches, f"no date for {item['surface']}"
            for match in matches:
                assert match.granularity == item["granularity"], item["surface"]
                assert match.value == item["date"], item["surface"]
        for not_date in gold["not_dates"]:
            assert all(fold(not_date) not in fold(d.text) for d in found.dates), not_date

    def test_quotes(self, gold: dict[str, Any], record: tuple[str, Enrichment]) -> None:
        """Every gold quote is found, and its speaker resolves to the gold speaker's entity."""
        _, found = record
        names = {e.entity_id: e for e in found.entities}
        for item in gold["quotes"]:
            matches = [q for q in found.quotes if q.text.startswith(item["starts_with"])]
            assert len(matches) == 1, item["starts_with"]
            quote = matches[0]
            assert quote.speaker_entity_id is not None, item["starts_with"]
            speaker = names[quote.speaker_entity_id]
            assert fold(item["speaker"]) in {fold(speaker.name), fold(quote.speaker or "")}

    def test_figures(self, gold: dict[str, Any], record: tuple[str, Enrichment]) -> None:
        """Every gold figure is found with its kind, value and qualifier."""
        _, found = record
        for item in gold["figures"]:
            matches = [
                f
                for f in found.figures
                if f.kind == item["kind"]
                and f.value == item["value"]
                and f.qualifier == item["qualifier"]
            ]
            assert matches, item["surface"]
            assert any(
                fold(m.text) in fold(item["surface"]) or fold(item["surface"]) in fold(m.text)
                for m in matches
            )
