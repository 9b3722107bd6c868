"""Chapter 5, the price of a deal: the four oblasts Russia claimed against the ground it held, and
the essay's yardsticks of a settlement's price.

"Claimed, not held" is measured here once (:func:`claimed_oblasts`): each claimed oblast's area
(in full, an assumption: the claims' borders were never stated) less the part of it inside a
line's held area. Everything else (the table of the two days and two trackers, the cities in the
part not held, the yardsticks' ratios) reads that one measure.
"""

from __future__ import annotations

import pandas as pd
import shapely

from .. import constants as C
from .. import geometry as G
from . import places as P
from . import scenarios, territory

MARKS = {"annexation": C.ANNEXATION_CLAIM, "essay": C.ESSAY_DATE}
"""The two days the price of a deal is measured on (glue keys use the names)."""
MARK_DAYS = tuple(MARKS.values())
YARDSTICK_SOURCE = "deepstate"
"""The tracker whose map measures the ratios of the yardsticks (the chapter's main map)."""


def claimed_oblasts(line: scenarios.Line) -> pd.DataFrame:
    """Each of the four claimed oblasts (rows by ``adm1_pcode``, in the order of
    :data:`scenarios.CLAIMED_OBLASTS`): ``name``, ``area_km2`` (the whole oblast), ``held_km2`` (the
    part inside ``line``'s held area) and ``not_held_km2``."""
    ctx = scenarios.context()
    codes = list(scenarios.CLAIMED_OBLASTS)
    geoms = dict(zip(ctx.oblasts["adm1_pcode"], ctx.oblast_geoms))
    table = ctx.oblasts.set_index("adm1_pcode").loc[codes, ["name", "area_km2"]].copy()
    table["held_km2"] = [G.km2(shapely.intersection(line.held, geoms[code])) for code in codes]
    table["not_held_km2"] = table["area_km2"] - table["held_km2"]
    return table


def claimed_not_held(line: scenarios.Line) -> dict:
    """The four claimed oblasts together on ``line`` (:func:`claimed_oblasts` summed): ``claimed_km2``,
    ``held_km2``, ``not_held_km2`` and ``share_not_held``."""
    table = claimed_oblasts(line)
    claimed, held = float(table["area_km2"].sum()), float(table["held_km2"].sum())
    return {
        "claimed_km2": claimed,
        "held_km2": held,
        "not_held_km2": claimed - held,
        "share_not_held": (claimed - held) / claimed,
    }


def unheld_claims(days=MARK_DAYS, sources=C.MAP_TRACKERS) -> pd.DataFrame:
    """:func:`claimed_not_held` on each of ``days`` (rows in that order) and each tracker."""
    rows = [
        {"date": day, "source": source, **claimed_not_held(scenarios.line_on(day, source))}
        for day in days
        for source in sources
    ]
    return pd.DataFrame(rows)


def unheld_area(line: scenarios.Line):
    """The part of the claimed oblasts outside ``line``'s held area (equal-area geometry)."""
    return shapely.difference(scenarios.claims().held, line.held)


def unheld_parts(line: scenarios.Line, places: pd.DataFrame) -> pd.DataFrame:
    """What Russian forces did not hold of each claimed oblast on ``line`` (rows, in the order of
    :data:`scenarios.CLAIMED_OBLASTS`): ``oblast``, ``not_held_km2`` and the cities of
    :data:`~freezelines.model.places.MIN_POPULATION` people or more in the part not held (``cities``,
    largest first; cities and towns, as :func:`scenarios.measure` counts them)."""
    oblasts = claimed_oblasts(line)
    cities = places[
        places["adm1_pcode"].isin(scenarios.CLAIMED_OBLASTS) & (places["population_2022"].fillna(0) >= P.MIN_POPULATION)
    ]
    inside = P.inside(unheld_area(line), *P.points(cities))
    cities = cities[inside].sort_values("population_2022", ascending=False)
    return pd.DataFrame(
        {
            "oblast": oblasts["name"],
            "not_held_km2": oblasts["not_held_km2"],
            "cities": [list(cities.loc[cities["adm1_pcode"] == code, "name"]) for code in oblasts.index],
        }
    )


def yardsticks(day=C.ESSAY_DATE) -> dict:
    """The essay's price of a deal, measured two ways, and what changed after ``day``, by glue key.

    First yardstick: the land seized since 24 Feb 2022 still held on ``day`` (what a ceasefire on
    that line would leave to Russia beyond the 2014–2022 line). Second: the part of the four
    oblasts Russia claimed on 30 Sep 2022 that it did not hold (:func:`claimed_not_held`, glued by
    :func:`freezelines.viz.claims.price_of_a_deal` as ``not-held-essay-<tracker>``). Then the net change
    of the area held from ``day`` to each tracker's latest map, as a share of each yardstick.
    """
    daily = territory.load_territory()
    out = {}
    for source in C.MAP_TRACKERS:
        rows = territory.usable(daily, source)
        seized = float(rows.loc[pd.Timestamp(day), "seized_since_2022_km2"])
        net = float(rows["total_km2"].iloc[-1] - territory.on_date(daily, source, day))
        out[f"seized-held-{source}-km2"] = seized
        out[f"net-after-{source}-km2"] = net
        out[f"net-after-vs-seized-{source}"] = net / seized
    not_held = claimed_not_held(scenarios.line_on(day, YARDSTICK_SOURCE))["not_held_km2"]
    out[f"net-after-vs-claimed-not-held-{YARDSTICK_SOURCE}"] = out[f"net-after-{YARDSTICK_SOURCE}-km2"] / not_held
    out[f"seized-vs-claimed-not-held-{YARDSTICK_SOURCE}"] = out[f"seized-held-{YARDSTICK_SOURCE}-km2"] / not_held
    return out
