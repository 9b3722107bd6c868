"""Places: the cities of 10,000 people or more and the key sites the essay names.

Builds ``data/places.csv`` from the Ukrstat/GeoNames place list and the Global Power Plant
Database, ``settlements.csv`` and ``population_oblast.csv`` from Ukrstat's tables, and the
periods each place lay in the held area (``place_control.csv``). The model reads them back
(:func:`freezelines.model.places.load_places`).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import shapely

from .. import geometry as G
from . import sources as S
from .tables import raw_table

MIN_POPULATION = 10_000
PLACES_EXTRA_COLUMNS = ("name_uk", "settlement_type", "oblast_en")
"""Columns of the place list read here beyond those its schema types (each must be in its header)."""

PLACE_COLUMNS = [
    "place_id",
    "name",
    "name_uk",
    "kind",
    "role",
    "population_2022",
    "population_source",
    "adm1_pcode",
    "oblast",
    "lat",
    "lon",
    "description",
    "source",
]

# The cities the essay names or that a ceasefire line is measured against (by Ukrstat id:
# names repeat, there is a Mykolaiv in Lviv oblast too).
KEY_CITIES = {
    "ukrstat2022-1756": ("Kyiv", "the capital; the essay argues Moscow's aim was to control the government in Kyiv"),
    "ukrstat2022-1461": ("Kharkiv", "Ukraine's second city, about 30 km from the Russian border"),
    "ukrstat2022-1170": ("Odesa", "Ukraine's main Black Sea port"),
    "ukrstat2022-0135": (
        "Dnipro",
        "regional capital on the Dnipro; the essay names it as a target of a future offensive",
    ),
    "ukrstat2022-0582": ("Zaporizhzhia", "regional capital; the essay names it as a target of a future offensive"),
    "ukrstat2022-1554": ("Kherson", "regional capital, retaken by Ukraine on 11 November 2022"),
    "ukrstat2022-1112": ("Mykolaiv", "regional capital and port on the Southern Buh"),
    "ukrstat2022-0593": (
        "Melitopol",
        "road and rail hub: the M-18 Kharkiv-Yalta and M-14 Odesa-Novoazovsk highways cross here, with a rail junction; the essay calls it vital",
    ),
    "ukrstat2022-0394": (
        "Mariupol",
        "port city of the Donbas industrial belt, home of the Azovstal and Illich steelworks",
    ),
    "ukrstat2022-0564": ("Berdiansk", "port on the Sea of Azov"),
    "ukrstat2022-0301": (
        "Donetsk",
        "centre of the Donbas mining and industrial region; held by Russia's proxies since 2014",
    ),
    "ukrstat2022-0879": (
        "Luhansk",
        "centre of Luhansk oblast's industrial region; held by Russia's proxies since 2014",
    ),
    "ukrstat2022-0573": ("Enerhodar", "town of the Zaporizhzhia nuclear plant's staff"),
    "ukrstat2022-1532": ("Nova Kakhovka", "town at the Kakhovka dam"),
}

FACTS = "conflict/facts.csv (compiled sources, see its PROVENANCE.md)"
GPPD = f"WRI Global Power Plant Database v1.3.0 (CC BY 4.0), {S.GPPD_FILE}"

# Key sites that are not settlements. Coordinates come from the GPPD where it has the site;
# otherwise the site is placed at its settlement's GeoNames point, and the row says so.
KEY_SITES = [
    {
        "place_id": "site-znpp",
        "name": "Zaporizhzhia nuclear power plant",
        "kind": "nuclear plant",
        "gppd_id": "WRI1005114",
        "description": "six VVER-1000 reactors, 6,000 MW gross, the largest nuclear plant in Europe; seized by Russian forces on 4 March 2022",
        "source": f"{GPPD}, row WRI1005114; {FACTS}",
    },
    {
        "place_id": "site-kakhovka-dam",
        "name": "Kakhovka dam and hydroelectric plant",
        "kind": "dam",
        "gppd_id": "WRI1005118",
        "description": "dam on the Dnipro at Nova Kakhovka holding the Kakhovka reservoir, which feeds the North Crimean Canal; "
        "its power house and lock are at the Nova Kakhovka (left, south-east) end, on the side Russian forces held from "
        "February 2022 until the dam was destroyed on 6 June 2023",
        # GPPD's point (46.7786N 33.3697E) lies in the river on the dam's axis, so the trackers' lines along the
        # Dnipro put it on the right-bank side after November 2022. The site is placed on the left bank at the
        # power-house end of the dam instead, about 560 m south-east of GPPD's point.
        "position": (46.7745, 33.3740),
        "source": f"{GPPD}, row WRI1005118, moved to the left-bank (Nova Kakhovka) end of the dam, where the power house is",
    },
    {
        "place_id": "site-north-crimean-canal-head",
        "name": "North Crimean Canal head",
        "kind": "canal head",
        "at": "ukrstat2022-1533",
        "description": "intake of the canal that carried Dnipro water to Crimea, at Tavriisk on the Kakhovka reservoir (placed at Tavriisk's point)",
        "source": "Tavriisk's GeoNames point (CC BY 4.0)",
    },
    {
        "place_id": "site-mariupol-port",
        "name": "Port of Mariupol",
        "kind": "port",
        "at": "ukrstat2022-0394",
        "description": "Ukraine's largest port on the Sea of Azov (placed at Mariupol's point)",
        "source": f"Mariupol's GeoNames point (CC BY 4.0); {FACTS}",
    },
    {
        "place_id": "site-azovstal",
        "name": "Azovstal steelworks",
        "kind": "steelworks",
        "at": "ukrstat2022-0394",
        "description": "integrated iron and steel works in Mariupol, the last Ukrainian stronghold in the city until 20 May 2022 (placed at Mariupol's point)",
        "source": f"Mariupol's GeoNames point (CC BY 4.0); {FACTS}",
    },
    {
        "place_id": "site-illich",
        "name": "Illich steelworks",
        "kind": "steelworks",
        "at": "ukrstat2022-0394",
        "description": "Illich Iron and Steel Works in Mariupol (placed at Mariupol's point)",
        "source": f"Mariupol's GeoNames point (CC BY 4.0); {FACTS}",
    },
    {
        "place_id": "site-berdiansk-port",
        "name": "Port of Berdiansk",
        "kind": "port",
        "at": "ukrstat2022-0564",
        "description": "Sea of Azov port (placed at Berdiansk's point)",
        "source": "Berdiansk's GeoNames point (CC BY 4.0)",
    },
    {
        "place_id": "site-melitopol-hub",
        "name": "Melitopol road and rail hub",
        "kind": "transport hub",
        "at": "ukrstat2022-0593",
        "description": "crossing of the M-18 and M-14 highways and a rail junction between Russia, the lower Dnipro and Crimea (placed at Melitopol's point)",
        "source": f"Melitopol's GeoNames point (CC BY 4.0); {FACTS}",
    },
    {
        "place_id": "site-land-corridor",
        "name": "Land corridor to Crimea",
        "kind": "corridor",
        "at": None,
        "description": "the land route along the Sea of Azov from Russia's Rostov region through Mariupol, Berdiansk and Melitopol to Crimea; "
        "it exists when one connected Russian-held area joins the Russian border to Crimea (a property of the line, not a point)",
        "source": "computed from each line by freezelines.model.scenarios",
    },
]


def build_places(raw) -> pd.DataFrame:
    """``places.csv``: cities and towns of at least 10,000 people, and the key sites."""
    table = raw_table(raw, "ukrstat_places", typed=False, columns=PLACES_EXTRA_COLUMNS)
    table["population"] = pd.to_numeric(table["population"], errors="raise")
    cities = table[table["population"] >= MIN_POPULATION].copy()
    missing = cities[(cities["lat"] == "") | (cities["lon"] == "")]
    if not missing.empty:
        raise S.RawDataError(f"{S.PLACES_FILE}: places without coordinates: {missing['name_en'].tolist()}")
    by_id = table.set_index("place_id")
    rows = []
    for _, city in cities.iterrows():
        key = KEY_CITIES.get(city["place_id"])
        rows.append(
            {
                "place_id": city["place_id"],
                "name": city["name_en"],
                "name_uk": city["name_uk"],
                "kind": "city" if city["settlement_type"] in ("city", "") else city["settlement_type"],
                "role": "key" if key else "",
                "population_2022": int(city["population"]),
                "population_source": city["population_source"],
                "adm1_pcode": city["adm1_pcode"],
                "oblast": city["oblast_en"],
                "lat": float(city["lat"]),
                "lon": float(city["lon"]),
                "description": key[1] if key else "",
                "source": "Ukrstat 2022 population; GeoNames coordinates (CC BY 4.0)"
                if city["population_source"].startswith("Ukrstat")
                else "GeoNames population (reference year not recorded) and coordinates (CC BY 4.0)",
            }
        )
    absent = set(KEY_CITIES) - set(cities["place_id"])
    if absent:
        raise S.RawDataError(f"{S.PLACES_FILE}: key cities missing: {sorted(absent)}")
    plants = raw_table(raw, "gppd", typed=False)
    plants = plants.set_index("gppd_idnr")
    for site in KEY_SITES:
        lat = lon = np.nan
        pcode = oblast = ""
        if "gppd_id" in site:
            if site["gppd_id"] not in plants.index:
                raise S.RawDataError(f"gppd_ukraine_power_plants.csv: row {site['gppd_id']} not found")
            lat, lon = float(plants.at[site["gppd_id"], "latitude"]), float(plants.at[site["gppd_id"], "longitude"])
            if "position" in site:
                moved = site["position"]
                if abs(moved[0] - lat) > 0.02 or abs(moved[1] - lon) > 0.02:
                    raise S.RawDataError(
                        f"gppd_ukraine_power_plants.csv: row {site['gppd_id']} is at {lat}, {lon}, more than 2 km "
                        f"from the site's corrected position {moved}: check the row"
                    )
                lat, lon = moved
        elif site.get("at"):
            anchor = by_id.loc[site["at"]]
            lat, lon, pcode, oblast = (
                float(anchor["lat"]),
                float(anchor["lon"]),
                anchor["adm1_pcode"],
                anchor["oblast_en"],
            )
        rows.append(
            {
                "place_id": site["place_id"],
                "name": site["name"],
                "name_uk": "",
                "kind": site["kind"],
                "role": "key",
                "population_2022": np.nan,
                "population_source": "",
                "adm1_pcode": pcode,
                "oblast": oblast,
                "lat": lat,
                "lon": lon,
                "description": site["description"],
                "source": site["source"],
            }
        )
    out = pd.DataFrame(rows, columns=PLACE_COLUMNS)
    out["population_2022"] = out["population_2022"].astype("Int64")
    return out


def build_settlements(raw) -> pd.DataFrame:
    """``settlements.csv``: every Ukrstat city and urban-type settlement, with its 2022 population
    and coordinates where GeoNames has them (the population estimate's urban part)."""
    table = raw_table(raw, "ukrstat_places", typed=False, columns=PLACES_EXTRA_COLUMNS)
    table = table[table["place_id"].str.startswith("ukrstat")].copy()
    out = pd.DataFrame(
        {
            "place_id": table["place_id"],
            "name": table["name_en"],
            "settlement_type": table["settlement_type"],
            "adm1_pcode": table["adm1_pcode"],
            "population_2022": pd.to_numeric(table["pop_2022_ukrstat"], errors="coerce").fillna(0).astype(int),
            "lat": pd.to_numeric(table["lat"], errors="coerce"),
            "lon": pd.to_numeric(table["lon"], errors="coerce"),
        }
    )
    # Sevastopol's row carries a GeoNames population, not a Ukrstat one: the estimate leaves it out.
    out = out[~out["adm1_pcode"].isin(["UA01", "UA85"])]
    return out.sort_values(["adm1_pcode", "place_id"], kind="stable").reset_index(drop=True)


UNPUBLISHED = {"UA01", "UA85"}
"""Units for which Ukrstat publishes no population (Crimea and Sevastopol, occupied since 2014)."""


def oblast_population(raw) -> pd.DataFrame:
    """``population_oblast.csv``: Ukrstat's present population on 1 Jan 2022 by unit (urban, rural).

    Checked (besides the table schema): one national row and 27 units, a value for every
    unit but Crimea and Sevastopol, urban + rural = total in each row, and the units summing
    to the national total. Any failure names the file, the line and the values.
    """
    name = S.OBLAST_POPULATION_FILE
    table = raw_table(raw, "ukrstat_oblasts", typed=False)
    line = {code: index + 2 for index, code in enumerate(table["adm1_pcode"])}
    units = table[table["adm1_pcode"] != "UA"]
    if (table["adm1_pcode"] == "UA").sum() != 1 or len(units) != 27:
        raise S.RawDataError(
            f"{name}: expected the national row and 27 units, found {len(table)} rows ({len(units)} units)"
        )
    out = units[["adm1_pcode", "iso_3166_2", "name_en", "pop_total", "pop_urban", "pop_rural"]].copy()
    for column in ("pop_total", "pop_urban", "pop_rural"):
        out[column] = pd.to_numeric(out[column], errors="raise").astype("Int64")
    for _, row in out.iterrows():
        code, where = row["adm1_pcode"], f"{name} line {line[row['adm1_pcode']]} ({row['name_en']})"
        values = [row["pop_total"], row["pop_urban"], row["pop_rural"]]
        if code in UNPUBLISHED:
            continue
        if pd.isna(row["pop_total"]) or (pd.isna(row["pop_urban"]) and pd.isna(row["pop_rural"])):
            raise S.RawDataError(f"{where}: population missing (total, urban, rural: {values})")
        parts = int(0 if pd.isna(row["pop_urban"]) else row["pop_urban"]) + int(
            0 if pd.isna(row["pop_rural"]) else row["pop_rural"]
        )
        if parts != row["pop_total"]:
            raise S.RawDataError(
                f"{where}: urban {row['pop_urban']} + rural {row['pop_rural']} != total {row['pop_total']:,}"
            )
    national = int(table.loc[table["adm1_pcode"] == "UA", "pop_total"].iloc[0])
    summed = int(out["pop_total"].sum())
    if summed != national:
        raise S.RawDataError(
            f"{name}: the units sum to {summed:,}, the national row (line {line['UA']}) says {national:,}"
        )
    return out.sort_values("adm1_pcode").reset_index(drop=True)


PLACE_MARGIN_M = 2_000.0
"""A place may lie this far outside its own oblast's polygon (coastal and border points)."""


def check_oblasts(places: pd.DataFrame, oblasts: list[dict]) -> None:
    """Every place with coordinates lies in (or within :data:`PLACE_MARGIN_M` of) the oblast it names.

    Catches swapped or mistyped coordinates that still fall inside Ukraine's box.
    """
    units = {u["adm1_pcode"]: u for u in oblasts}
    located = places[places["lat"].notna()]
    xs, ys = points(located)
    for (_, row), x, y in zip(located.iterrows(), xs, ys):
        unit = units.get(row["adm1_pcode"])
        if unit is None:
            raise S.RawDataError(
                f"{S.PLACES_FILE}: {row['place_id']} ({row['name']}) names an unknown oblast {row['adm1_pcode']!r}"
            )
        if shapely.contains_xy(unit["geometry"], x, y):
            continue
        distance = shapely.distance(unit["geometry"], shapely.Point(x, y))
        if distance > PLACE_MARGIN_M:
            raise S.RawDataError(
                f"{S.PLACES_FILE}: {row['place_id']} ({row['name']}) at {row['lat']}°N {row['lon']}°E lies "
                f"{distance / 1000:,.0f} km outside its oblast {unit['name_en']} ({row['adm1_pcode']}): "
                "wrong or swapped coordinates?"
            )


def assign_oblasts(places: pd.DataFrame, oblasts: list[dict]) -> pd.DataFrame:
    """Fill the oblast of sites placed from the power-plant database, by point in polygon."""
    out = places.copy()
    for index, row in out[(out["adm1_pcode"] == "") & out["lat"].notna()].iterrows():
        point = G.to_equal_area(shapely.Point(row["lon"], row["lat"]))
        for unit in oblasts:
            if shapely.contains(unit["geometry"], point):
                out.at[index, "adm1_pcode"] = unit["adm1_pcode"]
                out.at[index, "oblast"] = unit["name_en"]
    return out


def points(places: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """The places' coordinates in the equal-area frame (NaN where a place has none)."""
    geoms = G.to_equal_area(shapely.points(places["lon"].to_numpy(float), places["lat"].to_numpy(float)))
    coords = np.full((len(places), 2), np.nan)
    has = ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)
    coords[has] = shapely.get_coordinates(geoms[has])
    return coords[:, 0], coords[:, 1]


def inside(held, xs: np.ndarray, ys: np.ndarray) -> np.ndarray:
    """Which points lie in the held area (False where a point has no coordinates)."""
    shapely.prepare(held)
    result = np.zeros(len(xs), dtype=bool)
    ok = np.isfinite(xs)
    result[ok] = shapely.contains_xy(held, xs[ok], ys[ok])
    return result


def control_periods(place_ids: list[str], source: str, days: list[tuple[dt.date, np.ndarray]]) -> list[dict]:
    """Runs of consecutive days on which each place lay in the held area.

    ``days`` is the daily series of (date, boolean array over ``place_ids``), without gaps.
    """
    if not days:
        return []
    first, last = days[0][0], days[-1][0]
    matrix = np.array([mask for _, mask in days])
    dates = [d for d, _ in days]
    rows = []
    for column, place_id in enumerate(place_ids):
        held = matrix[:, column]
        if not held.any():
            continue
        edges = np.flatnonzero(np.diff(np.concatenate([[0], held.astype(int), [0]])))
        for start, stop in zip(edges[::2], edges[1::2]):
            rows.append(
                {
                    "place_id": place_id,
                    "source": source,
                    "start": dates[start],
                    "end": dates[stop - 1],
                    "days": stop - start,
                    "held_at_coverage_start": dates[start] == first,
                    "held_at_coverage_end": dates[stop - 1] == last,
                }
            )
    return rows
