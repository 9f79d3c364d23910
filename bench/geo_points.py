"""Regenerate eventwire/data/geo/subdivisions.tsv, the reference points of regions (states,
provinces, England, Scotland ...), from the PyPI package that carries them, so the project does
not need it at run time: each ISO 3166-2 subdivision's point (its 'latLng', the geographic
centroid of the subdivision's OpenStreetMap polygon) as the wheel of iso3166-2 ships it, under
each of its names.

    pip download iso3166-2==1.8.4 --no-deps -d /tmp/geo
    python bench/geo_points.py /tmp/geo

Nothing here reads any evaluation data.
"""

from __future__ import annotations

import json
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "eventwire" / "data" / "geo"
ISO_JSON = "iso3166_2/iso3166-2.json"


def subdivision_points(wheel: Path) -> list[tuple[str, str, str, str, str, float, float]]:
    """(country, ISO 3166-2 code, parent code, form, name, lat, lon) for every name of every
    subdivision that has a point: its name ('iso': without the bracketed other-language form,
    'Wales [Cymru GB-CYM]' is Wales) and the other names the data marks as English ('english':
    'Bavaria' for Bayern, 'Guangdong' for Guangdong Sheng)."""
    with zipfile.ZipFile(wheel) as archive:
        data = json.loads(archive.read(ISO_JSON))
    rows: set[tuple[str, str, str, str, str, float, float]] = set()
    for country, subdivisions in data.items():
        for code, item in subdivisions.items():
            point = item.get("latLng") or []
            if len(point) != 2 or not item.get("name"):
                continue
            parent = item.get("parentCode") or ""
            lat, lon = float(point[0]), float(point[1])
            # ' '.join(split()): one name in the data has a tab ('Bauska\tMunicipality').
            iso_name = " ".join(item["name"].split(" [")[0].split())
            rows.add((country, code, parent, "iso", iso_name, lat, lon))
            for other in (item.get("localOtherName") or "").split(", "):
                name = " ".join(other.removesuffix(" (eng)").split())
                if other.endswith(" (eng)") and name and name != iso_name:
                    rows.add((country, code, parent, "english", name, lat, lon))
    return sorted(rows)


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: python bench/geo_points.py FOLDER_WITH_THE_ISO3166_2_WHEEL")
    if sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return
    folder = Path(sys.argv[1])
    wheels = sorted(folder.glob("iso3166_2-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(
            f"{folder}: expected one iso3166_2-*.whl (pip download iso3166-2==1.8.4 --no-deps"
            f" -d {folder}), found {len(wheels)}\n{__doc__}"
        )
    [iso_wheel] = wheels
    OUT.mkdir(parents=True, exist_ok=True)
    subdivisions = subdivision_points(iso_wheel)
    with (OUT / "subdivisions.tsv").open("w", encoding="utf-8") as handle:
        handle.write("country\tcode\tparent\tform\tname\tlat\tlon\n")
        for country, code, parent, form, name, lat, lon in subdivisions:
            handle.write(f"{country}\t{code}\t{parent}\t{form}\t{name}\t{lat:.4f}\t{lon:.4f}\n")
    codes = {row[1] for row in subdivisions}
    print(f"{len(codes)} subdivisions, {len(subdivisions)} names -> {OUT}")


if __name__ == "__main__":
    main()
