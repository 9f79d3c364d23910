"""find_places: countries and demonyms, cities by context and population, renamed places."""

from __future__ import annotations

from datetime import date

from eventwire.pipeline.enrich.places import find_places
from eventwire.schemas.enrichment import Span


def _names(text: str, day: date | None = None) -> list[tuple[str, str, str | None]]:
    return [(p.text, p.name, p.country) for p in find_places(text, day)]


class TestPlaces:
    """Places in short texts."""

    def test_demonyms(self) -> None:
        """'Syrian' is Syria and 'Swiss' Switzerland, flagged as demonyms."""
        places = find_places("The Syrian envoy went to the Swiss city.", None)
        assert [(p.name, p.country, p.demonym) for p in places] == [
            ("Syria", "SY", True),
            ("Switzerland", "CH", True),
        ]

    def test_context_resolves_ambiguity(self) -> None:
        """Damascus is in Syria when Syria is mentioned, and in Syria anyway by population."""
        places = find_places("Shelling hit Damascus, Syria.", None)
        assert places[0].country == "SY"
        assert places[0].geonames_id == 170654

    def test_context_beats_population(self) -> None:
        """'Geneva' is the Illinois town when the article names the United States."""
        places = find_places("Geneva, a town in the United States, voted.", None)
        assert places[0].country == "US"

    def test_renamed_place(self) -> None:
        """Astana is named Nur-Sultan in a 2020 article and Astana in 2017, one GeoNames id."""
        in_2020 = find_places("Talks in Astana.", date(2020, 1, 1))[0]
        in_2017 = find_places("Talks in Nur-Sultan.", date(2017, 1, 17))[0]
        assert in_2020.name == "Nur-Sultan"
        assert in_2017.name == "Astana"
        assert in_2020.geonames_id == in_2017.geonames_id == 1526273

    def test_abbreviation_span(self) -> None:
        """'U.S.' keeps its last dot."""
        [us] = find_places("The U.S. said no.", None)
        assert us.text == "U.S."

    def test_unknown_place_keeps_the_rest(self) -> None:
        """An unknown name does not stop the places around it."""
        assert [n for _, n, _ in _names("From Zzyzxville to Geneva and Kazakhstan.")] == [
            "Geneva",
            "Kazakhstan",
        ]

    def test_acronym_is_not_a_town(self) -> None:
        """'UN' is not the Indian town of Un."""
        assert _names("The UN met.") == []

    def test_blocked_names(self) -> None:
        """A span given as a person's name is not read as a town, but a country in it is."""
        text = "Russian Foreign Minister Sergey Lavrov in Paris"
        places = find_places(text, None, [Span(start=0, end=38)])
        assert [p.name for p in places] == ["Russia", "Paris"]
