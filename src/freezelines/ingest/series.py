"""The daily series of each tracker (``territory_daily.csv``) and the oblast rows
(``oblast_control.csv``), built from the map states of :mod:`freezelines.ingest.lines`.

The model reads the series back (:mod:`freezelines.model.territory`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import shapely

from .. import constants as C
from .. import geometry as G
from . import quality as Q

TERRITORY_COLUMNS = [
    "date",
    "source",
    "held_before_2022_km2",
    "seized_since_2022_km2",
    "total_km2",
    "share_of_ukraine",
    "quality",
    "note",
    "drawn_km2",
    "map",
]
"""The public columns of ``territory_daily.csv`` (the last two are additions to the contract:
the area as the tracker drew it, before clipping, and the upstream file or snapshot used)."""


@dataclass
class Day:
    """One tracker on one day: the map state in force and how it got there."""

    date: dt.date
    state: object  # lines.MapState
    quality: str
    notes: list[str]


def week_days(
    first: dt.date, last: dt.date, step_days: int = 7, *, anchor: dt.date = C.INVASION, include_last: bool = False
) -> list[dt.date]:
    """The book's week series: the days in [``first``, ``last``] that are a whole number of
    ``step_days`` after ``anchor`` (the invasion: every Thursday for 7, the weekday of both the
    invasion and the essay). ``include_last`` appends ``last`` when it is not one of them (a
    series that should end on the latest data)."""
    start = first + dt.timedelta(days=(anchor - first).days % step_days)
    days = [start + dt.timedelta(days=k) for k in range(0, (last - start).days + 1, step_days)]
    if include_last and first <= last and (not days or days[-1] != last):
        days.append(last)
    return days


def daily_states(states: dict, end: dt.date | None = None) -> tuple[list[Day], dict[dt.date, str]]:
    """Every day from a tracker's first map to ``end`` (default: its last), gaps carried forward.

    Map states rejected by :func:`freezelines.ingest.quality.transient_departures` are replaced
    by the previous good state. Returns the days and the rejected dates with reasons.
    """
    totals = {d: s.total_km2 for d, s in states.items()}
    rejected = Q.transient_departures(totals)
    good = {d: s for d, s in states.items() if d not in rejected}
    first, last = min(good), end or max(states)
    out: list[Day] = []
    current = None
    current_day = None
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        if day in good:
            current, current_day = good[day], day
            out.append(Day(day, current, "ok", list(current.notes)))
            continue
        reason = rejected.get(day, "no map for this day")
        out.append(
            Day(
                day, current, "carried_forward", [f"{reason}; carried forward from {current_day}"] + list(current.notes)
            )
        )
    return out, rejected


def rows_for(source: str, days: list[Day], ukraine_km2: float) -> pd.DataFrame:
    """The ``territory_daily`` rows of one tracker (with the pre-2022 redrawing notes)."""
    redrawn = Q.redrawing({item.date: item.state.held_before_2022_km2 for item in days})
    records = []
    for item in days:
        notes = item.notes + ([redrawn[item.date]] if item.date in redrawn else [])
        state = item.state
        total = state.total_km2
        before = state.held_before_2022_km2
        records.append(
            {
                "date": item.date,
                "source": source,
                "held_before_2022_km2": before,
                "seized_since_2022_km2": total - before,
                "total_km2": total,
                "share_of_ukraine": total / ukraine_km2,
                "quality": item.quality,
                "note": "; ".join(notes),
                "drawn_km2": state.drawn_km2,
                "map": state.snapshot,
            }
        )
    return pd.DataFrame(records, columns=TERRITORY_COLUMNS)


def isw_rows(areas: pd.DataFrame, ukraine_km2: float) -> pd.DataFrame:
    """ISW's assessed-control layer as published; unpublished days kept as ``missing``."""
    days = pd.date_range(areas["date"].iloc[0], areas["date"].iloc[-1], freq="D").date
    table = pd.DataFrame({"date": days}).merge(areas, on="date", how="left")
    published = table["area_km2"].notna()
    return pd.DataFrame(
        {
            "date": table["date"],
            "source": "isw",
            "held_before_2022_km2": float("nan"),
            "seized_since_2022_km2": float("nan"),
            "total_km2": table["area_km2"],
            "share_of_ukraine": table["area_km2"] / ukraine_km2,
            "quality": published.map({True: "ok", False: "missing"}),
            "note": published.map(
                {
                    True: "ISW layer 'Territory assessed as Russia-controlled' as computed by The "
                    "Economist (ISW's polygons, not clipped by us; no before/since-2022 split)",
                    False: "no ISW layer published for this day",
                }
            ),
            "drawn_km2": table["area_km2"],
            "map": "",
        },
        columns=TERRITORY_COLUMNS,
    )


FLAGGED = tuple(Q.FLAGS)
"""The ``quality`` values of rows whose value is not quoted as a fact (by priority)."""


def _flag(out: pd.DataFrame, source: str, flags: dict, quality: str, prefix: str = "") -> None:
    """Mark rows (by date) with ``quality`` where it outranks theirs; prepend each reason to the note."""
    rank = {q: i for i, q in enumerate(FLAGGED)}
    for day, reason in flags.items():
        hit = (out["date"] == day) & (out["source"] == source)
        if not hit.any():
            continue
        current = out.loc[hit, "quality"].iloc[0]
        if current == "ok" or rank.get(current, len(rank)) > rank[quality]:
            out.loc[hit, "quality"] = quality
        out.loc[hit, "note"] = out.loc[hit, "note"].map(lambda n: f"{prefix}{reason}" + (f"; {n}" if n else ""))  # noqa: B023 (used at once)


REFERENCE_NAME = "liveuamap's own published area series"


def flag_artefacts(table: pd.DataFrame, reference: dict[dt.date, float]) -> pd.DataFrame:
    """Mark the drawing artefacts of :mod:`freezelines.ingest.quality` (``stale``, ``off_reference``,
    ``redrawn``) in a ``territory_daily`` table. ``reference`` is liveuamap's own area series by date
    (an independent check: it covers 2022-02-20 to 2025-01-16, before DeepStateMap's archive starts).

    The days :func:`freezelines.ingest.quality.pair_disagreements` flags are left out of the stale
    rule: a broken map that two trackers cannot settle is not the jump that ends a stale run (the
    good days before it, at the end of the series, stay ``ok``)."""
    out = table.copy()
    broken = Q.pair_disagreements(_usable(out))
    for source in sorted(set(out["source"])):
        rows = out[(out["source"] == source) & out["total_km2"].notna()]
        values = dict(zip(rows["date"], rows["total_km2"].astype(float)))
        trusted = {day: value for day, value in values.items() if (day, source) not in broken}
        _flag(out, source, Q.stale_runs(trusted), "stale")
        if source == "isw":
            continue  # ISW's assessed control is a different measure; only its own staleness is judged
        _flag(out, source, Q.reference_departures(values, reference, REFERENCE_NAME), "off_reference")
        _flag(out, source, Q.redrawn_steps(values, reference, REFERENCE_NAME), "redrawn")
    return out


def _usable(table: pd.DataFrame) -> pd.DataFrame:
    """Every row with a value (carried-forward days included), as the cross-source rules compare them."""
    return table.loc[table["quality"] != "missing", ["date", "source", "total_km2"]]


def flag_disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """Mark the cross-source outliers of :func:`freezelines.ingest.quality.disagreements` (three
    trackers) and :func:`freezelines.ingest.quality.pair_disagreements` (two trackers): every value
    with a day is compared; a row already flagged by a higher-priority rule keeps that flag."""
    usable_rows = _usable(table)
    flags = {**Q.disagreements(usable_rows), **Q.pair_disagreements(usable_rows)}
    out = table.copy()
    for source in sorted({s for _, s in flags}):
        _flag(out, source, {day: reason for (day, s), reason in flags.items() if s == source}, "outlier", "outlier: ")
    return out


def oblast_areas(held, oblasts: list[dict]) -> list[float]:
    """km² of ``held`` in each oblast, in the order of ``oblasts``."""
    areas = []
    for unit in oblasts:
        part = shapely.intersection(held, unit["geometry"]) if shapely.intersects(held, unit["geometry"]) else None
        areas.append(G.km2(G.polygonal(part)) if part is not None else 0.0)
    return areas


def oblast_rows(day: dt.date, source: str, held, oblasts: list[dict], areas: list[float] | None = None) -> list[dict]:
    """km² held and share of each oblast (27 units), for one map state (``areas``: its
    :func:`oblast_areas`, when already measured)."""
    areas = oblast_areas(held, oblasts) if areas is None else areas
    rows = []
    for unit, area in zip(oblasts, areas, strict=True):
        rows.append(
            {
                "date": day,
                "source": source,
                "adm1_pcode": unit["adm1_pcode"],
                "iso_3166_2": unit["iso_3166_2"],
                "oblast": unit["name_en"],
                "held_km2": area,
                "oblast_km2": unit["area_km2"],
                "share_of_oblast": area / unit["area_km2"],
            }
        )
    return rows
