"""How much had Ukraine retaken by 17 November 2022? Every definition, side by side.

The essay says Ukraine had freed "nearly half" of the land Russia had seized since
24 February 2022. The share depends on two choices:

- the **baseline**, the land counted as "seized": either the area seized since the
  invasion on the *peak day* (the day that area was largest), or the *union* of every daily
  map from 24 February to the essay's date (everything held at any time since the invasion,
  even if never all on the same day);
- the **tracker**: liveuamap (via NZZ), whose maps start on 24 February 2022, and ISW's two
  published layers (assessed control, and control plus assessed advances), for which only
  daily areas exist, so only the peak-day baseline can be computed.

DeepStateMap's archive starts only weeks after the invasion (its first day:
:func:`freezelines.model.territory.coverage`), after Russian forces had left the north of
Ukraine, so its "peak" misses the largest extent of the invasion: it cannot measure this
claim and is left out of the range (:data:`EXCLUDED`).

The module also holds the few other readings the fidelity pass of the essay pages needs:
figures published at the time by others (:data:`PUBLISHED`, with their sources), the
mineral towns that were never on the Russian-held side (:func:`never_held`), and the OSCE
record of ceasefire violations (:func:`osce_record`).

Everything is read from ``data/`` through the book's own readers.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import shapely

from .. import constants as C
from .. import geometry as G
from ..paths import data_path
from . import scenarios, territory

EXCLUDED = {
    "deepstate": "DeepStateMap's archive starts after the withdrawal from the north (see territory.coverage): "
    "it cannot see the largest extent of the invasion, so it cannot measure this claim",
}
TRACKER_LABELS = {
    "liveuamap": "liveuamap (via NZZ)",
    "isw_control": "ISW assessed control",
    "isw_control_plus_advances": "ISW assessed control + advances",
}
BASELINE_LABELS = {
    "peak_day": "peak day",
    "union": f"everything held at any time since {C.INVASION:%-d %b} (union of daily maps)",
}

PUBLISHED = [
    {
        "key": "newsweek-isw-control",
        "as_of": "November 2022",
        "who": "Newsweek, from ISW's figures",
        "what": "land retaken (ISW), against ISW's peak of assessed control (26 March 2022) less the areas held "
        "before 24 February (Newsweek's subtraction)",
        "retaken_km2": 43_500,
        "baseline_km2": 90_873,
        "cite": "newsweek2022half",
    },
    {
        "key": "statista-isw-advances",
        "as_of": "12 November 2022",
        "who": "ISW, as reported by Statista",
        "what": "land retaken, against all the land Russian forces had secured or advanced on since 24 February",
        "retaken_km2": 75_000,
        "baseline_km2": 119_000,
        "cite": "statista2022territory",
    },
]
"""Figures published at the time, as the cited sources report them (km²); the share is computed."""

MINERAL_TOWNS = {
    "ukrstat2022-0168": "Kryvyi Rih",
    "ukrstat2022-1212": "Horishni Plavni",
}
"""The Kryvyi Rih iron-ore basin (Dnipropetrovsk oblast) and the Poltava iron-ore works (Poltava
Mining, at Horishni Plavni, Poltava oblast)."""


# The retaken share ------------------------------------------------------------------------


@lru_cache(maxsize=4)
def union_seized(source: str = "liveuamap", start=C.INVASION, end=C.ESSAY_DATE):
    """Everything a tracker showed as seized since 24 Feb 2022 on any day from ``start`` to ``end``.

    The union of the daily maps (every map that appeared in the window, and the one in force on
    ``start``), less the area held before the invasion (DeepState's pre-2022 polygons, the same
    reference that splits every tracker's totals).
    """
    if source in EXCLUDED:
        raise ValueError(f"{EXCLUDED[source]} (its first day: {scenarios.dates_available(source)[0]:%-d %B %Y})")
    start, end = scenarios.as_date(start), scenarios.as_date(end)
    dates = scenarios.archive(source).dates
    indices = [i for i, d in enumerate(dates) if start <= d <= end]
    earlier = [i for i, d in enumerate(dates) if d < start]
    if earlier:
        indices = [earlier[-1], *indices]
    pre2022 = scenarios.context().pre2022
    parts = [shapely.difference(scenarios._geometry(source, i), pre2022) for i in indices]
    return shapely.union_all(parts)


def union_reading(source: str = "liveuamap", day=C.ESSAY_DATE) -> dict:
    """The union baseline for one tracker: seized at any time, still held on ``day``, retaken."""
    seized = union_seized(source, C.INVASION, day)
    held = scenarios.line_on(day, source).held
    baseline = G.km2(seized)
    retaken = G.km2(shapely.difference(seized, held))
    return {
        "tracker": source,
        "baseline": "union",
        "baseline_date": None,
        "baseline_km2": baseline,
        "held_km2": baseline - retaken,
        "retaken_km2": retaken,
        "share_retaken": retaken / baseline,
    }


def readings(day=C.ESSAY_DATE) -> pd.DataFrame:
    """Every computable definition of the share retaken by ``day`` (DeepStateMap left out).

    Peak-day readings come from :func:`freezelines.model.territory.share_retaken`; the union reading
    is computed here from liveuamap's daily maps (ISW publishes areas, not maps).
    """
    table = territory.share_retaken(territory.load_territory(), territory.load_isw_layers(), day)
    names = {
        "liveuamap (via NZZ)": "liveuamap",
        "ISW assessed control": "isw_control",
        "ISW assessed control + advances": "isw_control_plus_advances",
    }
    rows = []
    for _, row in table.iterrows():
        if row["reading"] not in names:
            continue  # DeepStateMap: see EXCLUDED
        rows.append(
            {
                "tracker": names[row["reading"]],
                "baseline": "peak_day",
                "baseline_date": row["peak_date"],
                "baseline_km2": row["peak_seized_km2"],
                "held_km2": row["held_seized_km2"],
                "retaken_km2": row["retaken_km2"],
                "share_retaken": row["share_retaken"],
            }
        )
    rows.append(union_reading("liveuamap", day))
    out = pd.DataFrame(rows)
    out["label"] = out["tracker"].map(TRACKER_LABELS) + ", " + out["baseline"].map(BASELINE_LABELS)
    return out


def published() -> pd.DataFrame:
    """:data:`PUBLISHED` with the share each figure implies (retaken / baseline)."""
    table = pd.DataFrame(PUBLISHED)
    table["share_retaken"] = table["retaken_km2"] / table["baseline_km2"]
    return table


def glue_values(day=C.ESSAY_DATE) -> dict:
    """The numbers the pages paste, by glue key (``retaken-...``)."""
    table = readings(day)
    out = {}
    for _, row in table.iterrows():
        key = f"retaken-{row['tracker'].replace('_', '-')}-{row['baseline'].replace('_', '-')}"
        out[key] = float(row["share_retaken"])
        out[key + "-baseline-km2"] = float(row["baseline_km2"])
        out[key + "-retaken-km2"] = float(row["retaken_km2"])
    out["retaken-range-min"] = float(table["share_retaken"].min())
    out["retaken-range-max"] = float(table["share_retaken"].max())
    out["retaken-definitions"] = int(len(table))
    out["retaken-definitions-below-half"] = int((table["share_retaken"] < 0.5).sum())
    for _, row in published().iterrows():
        out[f"retaken-published-{row['key']}"] = float(row["share_retaken"])
    return out


def table_for_display(day=C.ESSAY_DATE) -> pd.DataFrame:
    """A readable table of :func:`readings` and :func:`published`."""
    ours = readings(day)
    retaken_by = f"retaken by {scenarios.as_date(day):%-d %b %Y} (km²)"
    shown = pd.DataFrame(
        {
            "definition": ours["label"],
            "baseline (km²)": ours["baseline_km2"].round(0),
            retaken_by: ours["retaken_km2"].round(0),
            "share retaken": ours["share_retaken"].map("{:.0%}".format),
        }
    )
    theirs = published()
    shown = pd.concat(
        [
            shown,
            pd.DataFrame(
                {
                    "definition": theirs["who"] + " (" + theirs["as_of"] + "): " + theirs["what"],
                    "baseline (km²)": theirs["baseline_km2"],
                    retaken_by: theirs["retaken_km2"],
                    "share retaken": theirs["share_retaken"].map("{:.0%}".format),
                }
            ),
        ],
        ignore_index=True,
    )
    return shown


# Other readings ---------------------------------------------------------------------------


def never_held(place_ids=tuple(MINERAL_TOWNS)) -> dict[str, bool]:
    """Whether each place was outside the Russian-held area on every day of every tracker's maps.

    Reads ``data/place_control.csv`` (periods each place lay inside the held area) and checks
    the place exists in ``data/places.csv``.
    """
    from .places import load_places

    places = set(load_places()["place_id"])
    control = pd.read_csv(data_path("place_control.csv"), keep_default_na=False, na_values=[""])
    held = set(control["place_id"])
    missing = [p for p in place_ids if p not in places]
    if missing:
        raise KeyError(f"not in places.csv: {missing}")
    return {p: p not in held for p in place_ids}


def osce_record() -> dict:
    """What the stored OSCE record says about how constant the firing was.

    From ``data/conflict/osce_daily.csv`` (daily reports, 2021–2022) and ``osce_periods.csv``
    (period totals, 2017–2021): how many daily reports are stored, how many of them recorded
    no violation at all in either oblast, and the lowest average per day over any stored period.
    """
    daily = pd.read_csv(data_path("conflict/osce_daily.csv"))
    daily = daily[daily["period_hours"] == 24]
    per_day = daily.groupby("date")["ceasefire_violations"].sum()
    periods = pd.read_csv(data_path("conflict/osce_periods.csv"))
    return {
        "days": int(len(per_day)),
        "days_without_violation": int((per_day == 0).sum()),
        "lowest_day": float(per_day.min()),
        "periods": int(len(periods)),
        "lowest_period_per_day": float(periods["per_day"].min()),
        "first_period": str(periods["period_start"].min()),
    }


def price_yardsticks(day=C.ESSAY_DATE) -> dict:
    """The essay's price of a deal, measured two ways, and what changed after ``day``.

    First yardstick: the land seized since 24 Feb 2022 still held on ``day`` (what a ceasefire on
    that line would leave to Russia beyond the 2014–2022 line). Second: the part of the four
    oblasts Russia claimed on 30 Sep 2022 that it did not hold (its maximal claim, read as the
    full oblasts, an assumption). Then the net change of the area held from ``day`` to each
    tracker's latest map, as a share of each yardstick (DeepStateMap and liveuamap).
    """
    daily = territory.load_territory()
    out = {}
    result = scenarios.measure(scenarios.line_on(day))
    claimed = result.oblasts.set_index("adm1_pcode").loc[list(scenarios.CLAIMED_OBLASTS)]
    claimed_not_held = float(claimed["area_km2"].sum() - claimed["held_km2"].sum())
    out["claimed-not-held-deepstate-km2"] = claimed_not_held
    for source in ("deepstate", "liveuamap"):
        rows = territory.usable(daily, source)
        seized = float(rows.loc[pd.Timestamp(day), "seized_since_2022_km2"])
        net = float(rows["total_km2"].iloc[-1] - territory.on_date(daily, source, day))
        out[f"seized-held-{source}-km2"] = seized
        out[f"net-after-{source}-km2"] = net
        out[f"net-after-vs-seized-{source}"] = net / seized
    out["net-after-vs-claimed-not-held-deepstate"] = out["net-after-deepstate-km2"] / claimed_not_held
    out["seized-vs-claimed-not-held-deepstate"] = out["seized-held-deepstate-km2"] / claimed_not_held
    return out
