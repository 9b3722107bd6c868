"""Scenarios: what a ceasefire on a given line would leave on each side.

A *line* is the area held by Russian forces on a chosen day, by one tracker (or a
hypothetical area, such as everything Russia claimed in September 2022). The model
(:func:`measure`) computes, for any line: the area held and its split, the area per
oblast, the pre-war population on the held side (an estimate, method below), the
cities of 10,000 people or more on that side, the key sites on each side, whether a
land corridor joins Crimea to the areas held since 2014, the share of Ukraine's Sea of
Azov coast held, the length of the front line, and the distance from the line to the
main cities. The explorer's two front ends only display what this module computes.

Population estimate: the Ukrstat population of 1 January 2022 of every city and
urban-type settlement whose point lies in the held area, plus, for each oblast, its
rural population (and the population of the few small settlements without
coordinates) times the share of the oblast's area that is held. Crimea and Sevastopol
are left out: Ukrstat published no figure for them. It is an estimate of who lived
there before the full-scale invasion, not of who lives there now: millions have since
fled or been displaced.

Everything is read from ``data/``; nothing here needs the raw archives.
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache, lru_cache

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from .. import constants as C
from .. import geometry as G
from ..ingest.archive import Archive, read_archive
from ..paths import data_path
from . import overlaps
from . import places as P
from . import territory as T
from .datapackage import load

CLAIMED_OBLASTS = ("UA14", "UA44", "UA23", "UA65")
"""Donetsk, Luhansk, Zaporizhzhia and Kherson oblasts: annexation claimed on 30 Sep 2022."""
CRIMEA = ("UA01", "UA85")
"""The Autonomous Republic of Crimea and Sevastopol."""
DISTANCE_CITIES = {
    "ukrstat2022-0582": "Zaporizhzhia",
    "ukrstat2022-0135": "Dnipro",
    "ukrstat2022-1461": "Kharkiv",
    "ukrstat2022-1554": "Kherson",
    "ukrstat2022-1112": "Mykolaiv",
    "ukrstat2022-1170": "Odesa",
    "ukrstat2022-1756": "Kyiv",
}
KEY_SITES = [
    "site-znpp",
    "site-melitopol-hub",
    "site-mariupol-port",
    "site-azovstal",
    "site-illich",
    "site-berdiansk-port",
    "site-kakhovka-dam",
    "site-north-crimean-canal-head",
]
CORRIDOR_ANCHORS = {"crimea": "geonames-693805", "since_2014": ("ukrstat2022-0301", "ukrstat2022-0879")}
"""Simferopol, and Donetsk and Luhansk cities: the corridor exists when one held area holds them all."""
BORDER_ZONE_M = 2_000
"""Parts of a line's boundary within this distance of Ukraine's border or coast are not front line."""
CORRIDOR_GAP_M = 500
"""Gaps narrower than this between held polygons (drawing seams) do not break a corridor."""
AZOV_COAST_BUFFER_M = 1_000
"""The share of the Sea of Azov's Ukrainian coast held counts the coast within this distance (m) of
the held area, so that a line drawn a little inland of the shore still holds its coast."""
CORRIDOR_SITE = "site-land-corridor"
"""The land corridor to Crimea: a property of the line (:func:`has_corridor`), not a point."""
MIN_STRETCH_KM = 1
"""A stretch of front shorter than this in an oblast (the line touching its edge) is left out of
:func:`front_by_oblast`."""
PRESETS = ("eve_of_invasion", "march_2022_peak", "essay_date", "year_after_essay", "latest")
PRESET_LABELS = {
    "eve_of_invasion": "the 2014–2022 line, on the eve of the invasion",
    "march_2022_peak": "Russia's peak, March 2022",
    "essay_date": "the essay's date, 17 November 2022",
    "year_after_essay": "a year later, 17 November 2023",
    "latest": "the latest day",
    "claims": "everything Russia claimed in September 2022",
}


class ScenarioError(ValueError):
    """A line the model cannot measure as asked; the message names the line, the day or the file at fault."""


FRAME_MAX_M = 3_000_000.0
"""Every coordinate of a geometry in the equal-area frame lies within this many metres of its
centre (Ukraine spans about ±700 km); larger values are another projection."""


def check_frame(geom, what: str) -> None:
    """Stop unless ``geom`` is a geometry in the equal-area frame (metres), by the size of its
    coordinates: a lon/lat geometry (every coordinate within ±180) would measure about 1e-06 km²."""
    if not isinstance(geom, shapely.Geometry):
        raise ScenarioError(f"{what}: {type(geom).__name__} is not a shapely geometry")
    if geom.is_empty:
        return
    bounds = np.asarray(geom.bounds, dtype=float)
    if not np.isfinite(bounds).all():
        raise ScenarioError(f"{what}: the geometry has coordinates that are not finite numbers")
    largest = float(np.abs(bounds).max())
    if largest <= 180:
        raise ScenarioError(
            f"{what}: coordinates within ±180 (bounds {tuple(round(b, 3) for b in bounds)}) look like longitude and "
            "latitude in degrees; the model measures in the equal-area frame (metres): pass the geometry "
            "through freezelines.geometry.to_equal_area first"
        )
    if largest > FRAME_MAX_M:
        raise ScenarioError(
            f"{what}: a coordinate {largest:,.0f} m from the centre of the equal-area frame lies far outside Ukraine "
            "(another projection?); project lon/lat with freezelines.geometry.to_equal_area"
        )


@dataclass(frozen=True)
class Context:
    """The reference layers of the model, in the equal-area frame (read once from ``data/``)."""

    land: object
    mask: object
    border_zone: object
    oblasts: pd.DataFrame
    oblast_geoms: list
    pre2022: object
    places: pd.DataFrame
    place_xy: tuple[np.ndarray, np.ndarray]
    settlements: pd.DataFrame
    settlement_xy: tuple[np.ndarray, np.ndarray]
    population: pd.DataFrame
    azov: object
    coverage: dict[str, tuple[dt.date, dt.date]]
    territory: pd.DataFrame


@lru_cache(maxsize=1)
def context() -> Context:
    outline = shape(json.loads(data_path("boundaries/ukraine.geojson").read_text())["features"][0]["geometry"])
    land = G.to_equal_area(outline)
    mask = G.fill_holes(land)
    units = json.loads(data_path("boundaries/oblasts.geojson").read_text())["features"]
    oblasts = pd.DataFrame([u["properties"] for u in units])
    geoms = [G.to_equal_area(shape(u["geometry"])) for u in units]
    coast = json.loads(data_path("boundaries/coast.geojson").read_text())["features"]
    azov = next(G.to_equal_area(shape(f["geometry"])) for f in coast if f["properties"]["sea"] == "Sea of Azov")
    eve = json.loads(data_path("lines/deepstate.geojson").read_text())["features"][0]
    if eve["properties"]["labels"] != ["eve_of_invasion"]:
        raise ValueError("lines/deepstate.geojson: the first feature should be the eve-of-invasion line")
    places = P.load_places()
    settlements = load("settlements")
    population = load("population_oblast")
    from .territory import load_territory

    territory = load_territory()
    coverage = {s: (g["date"].min().date(), g["date"].max().date()) for s, g in territory.groupby("source")}
    for geom in [land, mask, *geoms]:
        shapely.prepare(geom)
    return Context(
        land=land,
        mask=mask,
        border_zone=shapely.buffer(shapely.simplify(land.boundary, 200), BORDER_ZONE_M, quad_segs=2),
        oblasts=oblasts,
        oblast_geoms=geoms,
        pre2022=G.to_equal_area(shape(eve["geometry"])),
        places=places,
        place_xy=P.points(places),
        settlements=settlements,
        settlement_xy=P.points(settlements),
        population=population,
        azov=azov,
        coverage=coverage,
        territory=territory,
    )


# Lines ------------------------------------------------------------------------------------


@dataclass
class Line:
    """An area held (equal-area frame) with where it comes from."""

    label: str
    source: str
    date: dt.date | None
    held: object
    quality: str = "ok"
    note: str = ""


@cache
def archive(source: str) -> Archive:
    """One tracker's daily line archive (``data/lines/<source>_daily.jsonl.xz``): its dates, and each line on demand."""
    return read_archive(data_path(f"lines/{source}_daily.jsonl.xz"))


@lru_cache(maxsize=256)
def _geometry(source: str, index: int):
    geom = G.to_equal_area(archive(source).geometry(index))
    shapely.prepare(geom)
    return geom


def as_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def line_on(day, source: str = "deepstate") -> Line:
    """The line one tracker showed on any day it covers (the map in force that day).

    The daily line archive must hold that day's map: its line in force on ``day`` must start on
    the day ``territory_daily.csv`` says that map (its ``map`` column) came in. An archive older
    or newer than the table is an error naming both files, never an earlier map under the day's label.
    """
    if source not in C.MAP_TRACKERS:
        raise ScenarioError(
            f"no maps for source {source!r}: choose {' or '.join(map(repr, C.MAP_TRACKERS))} (ISW publishes areas only)"
        )
    day = as_date(day)
    first, last = context().coverage[source]
    if not first <= day <= last:
        raise ScenarioError(f"{source} covers {first} to {last}; {day} is outside")
    lines = archive(source)
    index = bisect.bisect_right(lines.dates, day) - 1
    since = _map_starts(source)
    started = since[bisect.bisect_right(since, day) - 1]
    if index < 0 or lines.dates[index] != started:
        found = f"its line in force that day is of {lines.dates[index]}" if index >= 0 else "it starts later"
        raise ScenarioError(
            f"{lines.path.name} does not hold {source}'s map of {day}: territory_daily.csv has that map from "
            f"{started}, but {found} (the archive runs from {lines.dates[0]} to {lines.dates[-1]}); the archive "
            "and the table come from different builds: run `make data`"
        )
    row = _territory_row(source, day)
    return Line(
        label=f"{day:%-d %B %Y}",
        source=source,
        date=day,
        held=_geometry(source, index),
        quality=row["quality"],
        note=row["note"] if isinstance(row["note"], str) else "",
    )


def _territory_row(source: str, day: dt.date) -> pd.Series:
    table = context().territory
    hit = table[(table["source"] == source) & (table["date"] == pd.Timestamp(day))]
    if hit.empty:
        covered = context().coverage.get(source)
        span = f"it covers {covered[0]} to {covered[1]}" if covered else "it has no rows"
        raise ScenarioError(f"territory_daily.csv has no {source} row for {day}: {span}")
    return hit.iloc[0]


@cache
def _map_starts(source: str) -> list[dt.date]:
    """The days on which a new map of ``source`` came into force (``territory_daily.csv``'s ``map`` changes)."""
    table = context().territory
    rows = table[table["source"] == source].sort_values("date")
    changed = rows["map"] != rows["map"].shift()
    return [stamp.date() for stamp in rows.loc[changed, "date"]]


def preset(name: str, source: str = "deepstate") -> Line:
    """A named line: one of :data:`PRESETS`, or ``claims``."""
    if name == "claims":
        return claims()
    if name == "eve_of_invasion":
        return Line(
            label=PRESET_LABELS[name],
            source="deepstate",
            date=C.EVE_OF_INVASION,
            held=context().pre2022,
            note="DeepState's pre-2022 polygons (Crimea, ORDLO, Tuzla) as first archived, 3 April 2022",
        )
    if name not in PRESETS:
        raise ValueError(f"unknown preset {name!r}: choose from {PRESETS + ('claims',)}")
    matches = [f for f in T.published_lines(source).values() if name in f["labels"]]
    if not matches:
        raise ValueError(f"{source} has no {name.replace('_', ' ')} line (its coverage does not reach it)")
    line = line_on(matches[0]["date"], source)
    line.label = PRESET_LABELS[name] + f" ({as_date(matches[0]['date']):%-d %b %Y})"
    return line


def claims() -> Line:
    """Everything Russia claimed in September 2022: four oblasts in full, plus Crimea and Sevastopol."""
    ctx = context()
    codes = set(CLAIMED_OBLASTS + CRIMEA)
    parts = [g for g, code in zip(ctx.oblast_geoms, ctx.oblasts["adm1_pcode"]) if code in codes]
    return Line(
        label=PRESET_LABELS["claims"],
        source="claims",
        date=C.ANNEXATION_CLAIM,
        held=G.union(parts),
        note="a hypothetical line: the four oblasts Russia claimed to annex on 30 September 2022, in full, with Crimea",
    )


def dates_available(source: str) -> tuple[dt.date, dt.date]:
    return context().coverage[source]


# Measures ---------------------------------------------------------------------------------


@dataclass
class Result:
    """Every measure of one line."""

    line: Line
    total_km2: float
    held_before_2022_km2: float
    seized_since_2022_km2: float
    share_of_ukraine: float
    oblasts: pd.DataFrame
    population: dict
    cities: pd.DataFrame
    sites: pd.DataFrame
    corridor: bool
    azov_share: float
    front_km: float
    distances: pd.DataFrame
    others: dict = field(default_factory=dict)


def measure(line: Line) -> Result:
    """Compute every measure of a line (about 50 ms). Its geometry must be in the equal-area frame
    (:func:`check_frame`); an empty one holds nothing, and has no distance to any city."""
    check_frame(line.held, f"line {line.label!r}")
    ctx = context()
    held = line.held
    shapely.prepare(held)
    total, before = _areas(line, ctx)
    oblasts, places, cities, population, sites = _counts(held, ctx)
    corridor = _corridor(held, places)
    sites = pd.concat(
        [
            sites,
            pd.DataFrame(
                [
                    {
                        "place_id": CORRIDOR_SITE,
                        "name": "Land corridor to Crimea",
                        "kind": "corridor",
                        "held": corridor,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    azov = float(shapely.intersection(ctx.azov, shapely.buffer(held, AZOV_COAST_BUFFER_M)).length / ctx.azov.length)
    front = front_line(held)
    distances = _distances(held, places)
    others = {}
    if line.date is not None and line.source != "claims":
        table = ctx.territory
        same_day = table[(table["date"] == pd.Timestamp(line.date)) & table["total_km2"].notna()]
        others = dict(zip(same_day["source"], same_day["total_km2"]))
    return Result(
        line=line,
        total_km2=total,
        held_before_2022_km2=before,
        seized_since_2022_km2=total - before,
        share_of_ukraine=total / C.UKRAINE_AREA_KM2,
        oblasts=oblasts,
        population=population,
        cities=cities.reset_index(drop=True),
        sites=sites,
        corridor=corridor,
        azov_share=azov,
        front_km=float(front.length) / 1000,
        distances=distances,
        others=others,
    )


@dataclass(frozen=True)
class Residents:
    """A line's area and pre-war residents, as :func:`measure` gives them."""

    line: Line
    total_km2: float
    population: dict


def residents(line: Line) -> Residents:
    """The area and the pre-war residents of a line (:attr:`Result.total_km2` and :attr:`Result.population`
    of :func:`measure`, by the same helpers) without the rest of :func:`measure`: no front, corridor, coast
    or distances, 2.5 times faster (:func:`freezelines.model.costs.population_series` measures every week
    of both trackers). :func:`tally` is the other part of :func:`measure` alone: an area's additive
    measures, for the deals."""
    check_frame(line.held, f"line {line.label!r}")
    ctx = context()
    held = line.held
    shapely.prepare(held)
    total, _ = _areas(line, ctx)
    return Residents(line=line, total_km2=total, population=_population(held, _oblast_areas(held, ctx), ctx))


def _areas(line: Line, ctx: Context) -> tuple[float, float]:
    """km² held, and of it held before 2022 (equal-area)."""
    if line.source in C.MAP_TRACKERS and line.date is not None and line.date >= C.INVASION:
        # A tracker's day: the areas of data/territory_daily.csv (unsimplified, the tracker's own pre-2022 drawing).
        row = _territory_row(line.source, line.date)
        return float(row["total_km2"]), float(row["held_before_2022_km2"])
    return G.km2(line.held), G.km2(shapely.intersection(line.held, ctx.pre2022))


def _oblast_areas(held, ctx: Context) -> pd.DataFrame:
    """The area held in each oblast (km², and share of the oblast), the claimed oblasts and Crimea first."""
    oblast_km2 = np.array(
        [G.km2(shapely.intersection(held, g)) if shapely.intersects(held, g) else 0.0 for g in ctx.oblast_geoms]
    )
    oblasts = ctx.oblasts[["adm1_pcode", "iso_3166_2", "name", "area_km2"]].copy()
    oblasts["held_km2"] = oblast_km2
    oblasts["share"] = np.minimum(oblast_km2 / oblasts["area_km2"], 1.0)
    order = {code: i for i, code in enumerate(CLAIMED_OBLASTS + CRIMEA)}
    oblasts["order"] = oblasts["adm1_pcode"].map(order).fillna(99)
    return (
        oblasts.sort_values(["order", "held_km2"], ascending=[True, False]).drop(columns="order").reset_index(drop=True)
    )


def _counts(held, ctx: Context):
    """What adds up over disjoint areas: the area per oblast, the places inside (cities of
    :data:`~freezelines.model.places.MIN_POPULATION` or more), the pre-war residents, the key sites."""
    oblasts = _oblast_areas(held, ctx)
    inside_places = P.inside(held, *ctx.place_xy)
    places = ctx.places.assign(held=inside_places)
    cities = places[places["held"] & (places["population_2022"].fillna(0) >= P.MIN_POPULATION)]
    cities = cities.sort_values("population_2022", ascending=False)[["place_id", "name", "oblast", "population_2022"]]

    population = _population(held, oblasts, ctx)
    sites = places.set_index("place_id").loc[KEY_SITES, ["name", "kind", "held"]].reset_index()
    return oblasts, places, cities, population, sites


def front_line(held):
    """The front of a held area (equal-area): its edge that is neither Ukraine's border nor its coast."""
    ctx = context()
    return shapely.difference(shapely.intersection(held.boundary, ctx.land), ctx.border_zone)


def tally(held) -> dict:
    """The additive measures of an area (equal-area geometry), without the rest of :func:`measure`:
    km², pre-war residents (Crimea excluded), the ids of its cities, and the key sites in it."""
    check_frame(held, "tally")
    ctx = context()
    shapely.prepare(held)
    _, _, cities, population, sites = _counts(held, ctx)
    return {
        "km2": G.km2(held),
        "residents": int(population["total"]),
        "city_ids": list(cities["place_id"]),
        "sites": list(sites.loc[sites["held"], "place_id"]),
    }


def _population(held, oblasts: pd.DataFrame, ctx: Context) -> dict:
    settlements = ctx.settlements
    located = settlements["lat"].notna().to_numpy()
    inside = P.inside(held, *ctx.settlement_xy)
    urban = settlements.loc[inside, "population_2022"].sum()
    coded = settlements[located].groupby("adm1_pcode")["population_2022"].sum()
    shares = oblasts.set_index("adm1_pcode")["share"]
    areal = 0.0
    for _, unit in ctx.population.dropna(subset=["pop_total"]).iterrows():
        code = unit["adm1_pcode"]
        urban_total = 0 if pd.isna(unit["pop_urban"]) else int(unit["pop_urban"])
        rural = 0 if pd.isna(unit["pop_rural"]) else int(unit["pop_rural"])
        uncoded = urban_total - int(coded.get(code, 0))
        areal += (rural + max(uncoded, 0)) * float(shares.get(code, 0.0))
    crimea_km2 = float(oblasts.loc[oblasts["adm1_pcode"].isin(CRIMEA), "held_km2"].sum())
    return {
        "settlements": int(urban),
        "areal": round(areal),
        "total": int(urban + round(areal)),
        "crimea_held_km2": crimea_km2,
        "note": "pre-war (1 Jan 2022) residents; Crimea and Sevastopol not included (no Ukrstat figure)",
    }


def _corridor(held, places: pd.DataFrame) -> bool:
    """One held area (seams narrower than CORRIDOR_GAP_M closed) holds Simferopol, Donetsk and Luhansk."""
    ids = places.set_index("place_id")
    anchors = [CORRIDOR_ANCHORS["crimea"], *CORRIDOR_ANCHORS["since_2014"]]
    if not ids.loc[anchors, "held"].all():
        return False
    closed = shapely.buffer(held, CORRIDOR_GAP_M / 2)
    points = G.to_equal_area(
        shapely.points(ids.loc[anchors, "lon"].to_numpy(float), ids.loc[anchors, "lat"].to_numpy(float))
    )
    for part in shapely.get_parts(closed):
        if shapely.contains(part, points).all():
            return True
    return False


def _distances(held, places: pd.DataFrame) -> pd.DataFrame:
    """Distances (km) from the held area to the main cities; NaN for every city when nothing is held."""
    ids = places.set_index("place_id").loc[list(DISTANCE_CITIES)]
    points = G.to_equal_area(shapely.points(ids["lon"].to_numpy(float), ids["lat"].to_numpy(float)))
    km = np.full(len(points), np.nan) if held.is_empty else shapely.distance(held, points) / 1000
    return pd.DataFrame(
        {
            "place_id": list(DISTANCE_CITIES),
            "city": list(DISTANCE_CITIES.values()),
            "km": np.round(km, 1),
            "held": km == 0,
        }
    )


def distances_only(line: Line) -> pd.DataFrame:
    """Distances from the line to the main cities (km), by city: the cheap part of :func:`measure`."""
    check_frame(line.held, f"line {line.label!r}")
    ctx = context()
    places = ctx.places.assign(held=False)
    return _distances(line.held, places).set_index("city")


def compare(first: Result, second: Result) -> dict:
    """What changed from the first line to the second: area gained and lost by Russia, cities that changed hands."""
    gained_km2, lost_km2, _ = overlaps.change_km2(second.line.held, first.line.held)
    a, b = set(first.cities["name"]), set(second.cities["name"])
    return {
        "gained_km2": gained_km2,
        "lost_km2": lost_km2,
        "net_km2": second.total_km2 - first.total_km2,
        "gained": shapely.difference(second.line.held, first.line.held),
        "lost": shapely.difference(first.line.held, second.line.held),
        "cities_taken": sorted(b - a),
        "cities_given_up": sorted(a - b),
    }


def sentence(result: Result) -> str:
    """One sentence that sums the scenario up in words."""
    line = result.line
    where = (
        "everything Russia claimed in September 2022 (read as the four oblasts in full, an assumption: "
        "Moscow said in October 2022 that the Zaporizhzhia and Kherson borders were still to be settled)"
        if line.source == "claims"
        else (f"the line of {line.date:%-d %B %Y} ({C.SOURCE_LABELS.get(line.source, line.source)})")
        if line.date is not None
        else f"the line {line.label!r}"
    )
    biggest = ", ".join(result.cities["name"].head(3))
    znpp = bool(result.sites.set_index("place_id").loc["site-znpp", "held"])
    distances = result.distances
    # An empty line has no distance to any city (NaN): no closest centre to name.
    near = distances.loc[~distances["held"] & distances["km"].notna()].sort_values("km").head(1)
    nearest = (
        f"; the closest unheld regional centre, {near.iloc[0]['city']}, would lie {C.rounded('distance', near.iloc[0]['km']):,.0f} km from the line"
        if len(near)
        else ""
    )
    return (
        f"A ceasefire on {where} would leave Russia holding {C.rounded('km2', result.total_km2):,.0f} km² "
        f"({result.share_of_ukraine:.1%} of Ukraine), {C.rounded('km2', max(result.seized_since_2022_km2, 0)):,.0f} km² "
        "of it taken since February 2022, "
        f"with about {result.population['total'] / 1e6:.1f} million pre-war residents outside Crimea "
        f"and {len(result.cities)} cities and towns of {P.MIN_POPULATION:,} people or more{f' (the largest: {biggest})' if biggest else ''}; "
        f"the Zaporizhzhia nuclear plant would be on the {'Russian-held' if znpp else 'Ukrainian'} side, "
        f"{'with' if result.corridor else 'without'} a land corridor to Crimea{nearest}."
    )


def has_corridor(line: Line) -> bool:
    """Whether one held area joins Crimea to the areas held since 2014 (the land corridor)."""
    ctx = context()
    places = ctx.places.assign(held=P.inside(line.held, *ctx.place_xy))
    return _corridor(line.held, places)


def sites_held(line: Line, site_ids) -> pd.Series:
    """Whether each of ``site_ids`` lay on the Russian-held side of ``line``, read as :func:`measure`
    reads it (a site's point in the held area; the land corridor, :data:`CORRIDOR_SITE`, from
    :func:`has_corridor`), without the rest of the measure."""
    ctx = context()
    inside = pd.Series(P.inside(line.held, *ctx.place_xy), index=ctx.places["place_id"])
    return pd.Series({site: has_corridor(line) if site == CORRIDOR_SITE else bool(inside[site]) for site in site_ids})


def front_by_oblast(line: Line) -> pd.Series:
    """The length (km) of ``line``'s front in each oblast it runs through, by oblast name, from
    south-west to north-east (by the middle of each stretch). The front is :func:`front_line`, the
    one :func:`measure`'s ``front_km`` measures; stretches under :data:`MIN_STRETCH_KM` are left out."""
    ctx = context()
    front = front_line(line.held)
    stretches = {}
    for name, oblast in zip(ctx.oblasts["name"], ctx.oblast_geoms):
        part = shapely.intersection(front, oblast)
        if part.length >= MIN_STRETCH_KM * 1000:
            middle = shapely.centroid(part)
            stretches[name] = (middle.x + middle.y, part.length / 1000)
    order = sorted(stretches, key=lambda name: stretches[name][0])
    return pd.Series({name: stretches[name][1] for name in order}, name="km", dtype=float)


def first_day(source: str, predicate, start=None, end=None) -> dt.date | None:
    """The first day in [start, end] on which ``predicate(line)`` holds for a tracker's line."""
    first, last = dates_available(source)
    day, end = max(as_date(start or first), first), min(as_date(end or last), last)
    while day <= end:
        if predicate(line_on(day, source)):
            return day
        day += dt.timedelta(days=1)
    return None
