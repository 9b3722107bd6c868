"""Territory measures: the daily series of each tracker, and the numbers read off it.

The first half builds the series from map states (used by the pipeline); the second
half reads ``data/territory_daily.csv`` back for the book's pages.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import shapely

from . import constants as C
from . import geometry as G
from . import quality as Q
from .paths import data_path

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


def daily_states(states: dict, end: dt.date | None = None) -> tuple[list[Day], dict[dt.date, str]]:
    """Every day from a tracker's first map to ``end`` (default: its last), gaps carried forward.

    Map states rejected by :func:`freezelines.quality.transient_departures` are replaced
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
            Day(day, current, "carried_forward", [f"{reason}; carried forward from {current_day}"] + list(current.notes))
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
        out.loc[hit, "note"] = out.loc[hit, "note"].map(lambda n: f"{prefix}{reason}" + (f"; {n}" if n else ""))


REFERENCE_NAME = "liveuamap's own published area series"


def flag_artefacts(table: pd.DataFrame, reference: dict[dt.date, float]) -> pd.DataFrame:
    """Mark the drawing artefacts of :mod:`freezelines.quality` (``stale``, ``off_reference``,
    ``redrawn``) in a ``territory_daily`` table. ``reference`` is liveuamap's own area series by date
    (an independent check: it covers 2022-02-20 to 2025-01-16, before DeepStateMap's archive starts)."""
    out = table.copy()
    for source in sorted(set(out["source"])):
        rows = out[(out["source"] == source) & out["total_km2"].notna()]
        values = dict(zip(rows["date"], rows["total_km2"].astype(float)))
        _flag(out, source, Q.stale_runs(values), "stale")
        if source == "isw":
            continue  # ISW's assessed control is a different measure; only its own staleness is judged
        _flag(out, source, Q.reference_departures(values, reference, REFERENCE_NAME), "off_reference")
        _flag(out, source, Q.redrawn_steps(values, reference, REFERENCE_NAME), "redrawn")
    return out


def flag_disagreements(table: pd.DataFrame) -> pd.DataFrame:
    """Mark the cross-source outliers of :func:`freezelines.quality.disagreements` (every value
    with a day is compared; a row already flagged by a higher-priority rule keeps that flag)."""
    usable_rows = table[table["quality"] != "missing"]
    flags = Q.disagreements(usable_rows[["date", "source", "total_km2"]])
    out = table.copy()
    for source in sorted({s for _, s in flags}):
        _flag(out, source, {day: reason for (day, s), reason in flags.items() if s == source}, "outlier", "outlier: ")
    return out


def oblast_rows(day: dt.date, source: str, held, oblasts: list[dict]) -> list[dict]:
    """km² held and share of each oblast (27 units), for one map state."""
    rows = []
    for unit in oblasts:
        part = shapely.intersection(held, unit["geometry"]) if shapely.intersects(held, unit["geometry"]) else None
        area = G.km2(G.polygonal(part)) if part is not None else 0.0
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


def week_days(first: dt.date, last: dt.date, step_days: int = 7, *, anchor: dt.date = C.INVASION,
              include_last: bool = False) -> list[dt.date]:
    """The book's week series: the days in [``first``, ``last``] that are a whole number of
    ``step_days`` after ``anchor`` (the invasion: every Thursday for 7, the weekday of both the
    invasion and the essay). ``include_last`` appends ``last`` when it is not one of them (a
    series that should end on the latest data)."""
    start = first + dt.timedelta(days=(anchor - first).days % step_days)
    days = [start + dt.timedelta(days=k) for k in range(0, (last - start).days + 1, step_days)]
    if include_last and first <= last and (not days or days[-1] != last):
        days.append(last)
    return days


# Reading the processed series back ------------------------------------------------------


def load_territory() -> pd.DataFrame:
    """``data/territory_daily.csv`` with ``date`` parsed; one row per date and source."""
    table = pd.read_csv(data_path("territory_daily.csv"), parse_dates=["date"], keep_default_na=False, na_values=[""])
    return table.sort_values(["source", "date"], kind="stable").reset_index(drop=True)


def usable(territory: pd.DataFrame, source: str, flagged: bool = False) -> pd.DataFrame:
    """One source's measured rows, by date: ``quality == "ok"`` only.

    Flagged rows (carried forward, stale, off the reference, outliers, redrawn; see
    :data:`FLAGGED`) are left out, so that no helper quotes them as a fact; ``missing`` days
    never have a value. ``flagged=True`` keeps every row with a value (for charts that mark
    the flagged ones).
    """
    rows = territory[(territory["source"] == source) & territory["total_km2"].notna()]
    if not flagged:
        rows = rows[rows["quality"] == "ok"]
    return rows.set_index("date").sort_index()


def coverage(territory: pd.DataFrame) -> pd.DataFrame:
    """Each tracker's first and last day with a value (flagged days included: the span of its
    archive, not of its quotable days), by source."""
    rows = territory[territory["total_km2"].notna()]
    return rows.groupby("source")["date"].agg(first="min", last="max")


def deepstate_archive_last_day() -> dt.date:
    """DeepState's last day read from its history archive; later days come from its daily files
    (the hand-over the pipeline records in ``data/datapackage.json``)."""
    import json

    summary = json.loads(data_path("datapackage.json").read_text())["freezelines:summary"]
    return dt.date.fromisoformat(summary["handover"]["last_history_day"])


def peak(territory: pd.DataFrame, source: str) -> tuple[pd.Timestamp, float]:
    """The date and area (km²) of a source's largest total."""
    series = usable(territory, source)["total_km2"]
    return series.idxmax(), float(series.max())


def on_date(territory: pd.DataFrame, source: str, day) -> float:
    """A source's measured total (km²) on ``day``, or on its last earlier measured day."""
    series = usable(territory, source)["total_km2"]
    earlier = series[: pd.Timestamp(day)]
    if earlier.empty:
        raise KeyError(f"{source} has no value on or before {day}")
    return float(earlier.iloc[-1])


# Comparing the trackers ------------------------------------------------------------------


def totals_wide(territory: pd.DataFrame, flagged: bool = False) -> pd.DataFrame:
    """Totals by date (rows) and tracker (columns); ``missing`` and flagged days left empty
    (``flagged=True`` keeps the flagged ones)."""
    rows = territory[territory["total_km2"].notna()]
    if not flagged:
        rows = rows[rows["quality"] == "ok"]
    return rows.pivot(index="date", columns="source", values="total_km2").sort_index()


def gaps_to(territory: pd.DataFrame, reference: str = "deepstate") -> pd.DataFrame:
    """Each other tracker's total minus the reference tracker's, by date (km²)."""
    wide = totals_wide(territory)
    return wide.drop(columns=reference).sub(wide[reference], axis=0).dropna(how="all")


def flag_summary(territory: pd.DataFrame) -> pd.DataFrame:
    """Days each tracker's rows are flagged (left out of every chart and quoted figure), by flag:
    how many, the first and the last, and what the flag means."""
    flagged = territory[territory["quality"].isin(list(Q.FLAGS))]
    table = flagged.groupby(["source", "quality"]).agg(days=("date", "size"), first=("date", "min"), last=("date", "max"))
    table["meaning"] = [Q.FLAGS[flag] for _, flag in table.index]
    return table


def flagged_episodes(territory: pd.DataFrame) -> dict[str, dict]:
    """The three drawing artefacts a reader of the charts should know about, from the flags:
    DeepStateMap's first weeks (its drawing being completed), liveuamap's stuck days of March 2022
    and the jump after them, and the one-day redrawing of its coast in 2023."""
    def rows(source, flag, start=None, end=None):
        out = territory[(territory["source"] == source) & (territory["quality"] == flag)]
        if start:
            out = out[(out["date"] >= start) & (out["date"] <= end)]
        return out.sort_values("date")

    deepstate = rows("deepstate", "off_reference", "2022-04-01", "2022-04-30")
    stuck = rows("liveuamap", "stale", "2022-03-01", "2022-03-31")
    series = usable(territory, "liveuamap", flagged=True)["total_km2"]
    after = series[series.index > stuck["date"].max()].iloc[0]
    value = stuck["total_km2"].iloc[-1]
    run = series[series.index <= stuck["date"].max()]
    changed = run[(run - value).abs() >= Q.SAME_KM2]
    since = run.index[run.index > changed.index[-1]][0] if len(changed) else run.index[0]
    redrawn = rows("liveuamap", "redrawn").iloc[0]
    before = series[series.index < redrawn["date"]].iloc[-1]
    return {
        "deepstate_first_weeks": {"first": deepstate["date"].min(), "last": deepstate["date"].max(), "days": len(deepstate)},
        "liveuamap_stuck": {"first": stuck["date"].min(), "last": stuck["date"].max(), "days": len(stuck),
                            "since": since, "value_km2": value, "jump_km2": after - value},
        "liveuamap_redrawn": {"date": redrawn["date"], "step_km2": redrawn["total_km2"] - before},
    }


def gap_summary(territory: pd.DataFrame, reference: str = "deepstate") -> pd.DataFrame:
    """Per year and tracker: days compared, median gap, median absolute gap, largest gap (km²)."""
    gaps = gaps_to(territory, reference)
    long = gaps.stack().dropna().rename("gap").reset_index()
    long["year"] = long["date"].dt.year
    summary = long.groupby(["source", "year"])["gap"].agg(
        days="count",
        median="median",
        median_abs=lambda g: g.abs().median(),
        largest=lambda g: g.loc[g.abs().idxmax()],
    )
    return summary.round(0).astype({"days": int})


def spread(territory: pd.DataFrame) -> pd.Series:
    """Highest minus lowest measured total on each day measured by at least two trackers (km²)."""
    wide = totals_wide(territory)
    covered = wide.dropna(thresh=2)
    return (covered.max(axis=1) - covered.min(axis=1)).rename("spread_km2")


# Readings for the essay's claims ---------------------------------------------------------


def load_isw_layers() -> pd.DataFrame:
    """``data/isw_layers.csv``: ISW's assessed control and assessed advances, per published day."""
    return pd.read_csv(data_path("isw_layers.csv"), parse_dates=["date"], keep_default_na=False, na_values=[""])


def share_retaken(territory: pd.DataFrame, isw_layers: pd.DataFrame, day=C.ESSAY_DATE) -> pd.DataFrame:
    """How much of what Russia seized after 24 Feb 2022 had been retaken by ``day``, by tracker and peak.

    For each reading: the largest area seized since the invasion (the peak), the area still
    held on ``day``, and the share retaken, ``1 - held / peak``. DeepState and liveuamap split
    their own totals; ISW's layers are split with DeepState's pre-2022 area of that day (ISW
    publishes no split). Each reading uses one definition at both ends.
    """
    day = pd.Timestamp(day)
    before = usable(territory, "deepstate").loc[day, "held_before_2022_km2"]
    readings = []
    deepstate_from = coverage(territory).loc["deepstate", "first"]
    for source, label in (("deepstate", f"DeepStateMap (archive from {deepstate_from:%-d %b %Y})"),
                          ("liveuamap", "liveuamap (via NZZ)")):
        rows = usable(territory, source)
        seized = rows.loc[:day, "seized_since_2022_km2"]
        readings.append((label, seized.idxmax(), seized.max(), rows.loc[day, "seized_since_2022_km2"]))
    layers = isw_layers.set_index("date")
    for column, label in (("control_km2", "ISW assessed control"), ("control_plus_advances_km2", "ISW assessed control + advances")):
        series = layers.loc[:day, column].dropna() - before
        readings.append((label, series.idxmax(), series.max(), series.loc[:day].iloc[-1]))
    table = pd.DataFrame(readings, columns=["reading", "peak_date", "peak_seized_km2", "held_seized_km2"])
    table["retaken_km2"] = table["peak_seized_km2"] - table["held_seized_km2"]
    table["share_retaken"] = table["retaken_km2"] / table["peak_seized_km2"]
    return table


def monthly_change(territory: pd.DataFrame, source: str, start=C.ESSAY_DATE) -> pd.DataFrame:
    """Area held at the end of each month from ``start`` on, and the net change over each month (km²)."""
    rows = usable(territory, source)["total_km2"].loc[pd.Timestamp(start):]
    ends = rows.groupby(rows.index.to_period("M")).last()
    first = rows.iloc[0]
    table = pd.DataFrame({"held_km2": ends})
    table["change_km2"] = table["held_km2"].diff()
    table.iloc[0, table.columns.get_loc("change_km2")] = ends.iloc[0] - first
    table.index = table.index.to_timestamp()
    return table


def load_oblast_control() -> pd.DataFrame:
    """``data/oblast_control.csv`` with dates parsed."""
    return pd.read_csv(data_path("oblast_control.csv"), parse_dates=["date"], keep_default_na=False, na_values=[""])
