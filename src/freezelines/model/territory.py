"""Territory measures: the daily series of each tracker read back from ``data/territory_daily.csv``
and ``data/oblast_control.csv``, and the numbers the pages read off them.

The series are built from the trackers' map states by :mod:`freezelines.ingest.series` (``make data``).
"""

from __future__ import annotations

import datetime as dt
import json
from functools import cache

import pandas as pd
import shapely
from shapely.geometry import shape

from .. import constants as C
from ..ingest import quality as Q
from ..ingest.series import FLAGGED, TERRITORY_COLUMNS, week_days  # noqa: F401 (the series' columns, flags and weeks, for its readers)
from ..paths import data_path
from .datapackage import load


@cache
def published_lines(source: str) -> dict[str, dict]:
    """The published lines of one tracker (``data/lines/<source>.geojson``), by ISO date, with their
    labels (``weekly``, the presets' names) and geometries (lon/lat)."""
    collection = json.loads(data_path(f"lines/{source}.geojson").read_text())
    return {
        f["properties"]["date"]: {**f["properties"], "geometry": shape(f["geometry"])} for f in collection["features"]
    }


# Reading the processed series back ------------------------------------------------------


def load_territory() -> pd.DataFrame:
    """``data/territory_daily.csv`` with ``date`` parsed; one row per date and source."""
    table = load("territory_daily")
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
    table = flagged.groupby(["source", "quality"]).agg(
        days=("date", "size"), first=("date", "min"), last=("date", "max")
    )
    table["meaning"] = [Q.FLAGS[flag] for _, flag in table.index]
    return table


def _runs(dates: pd.Series) -> list[pd.Series]:
    """Consecutive days of ``dates`` (sorted), as runs."""
    dates = dates.sort_values()
    run = (dates.diff() != pd.Timedelta(days=1)).cumsum()
    return [group for _, group in dates.groupby(run.to_numpy())]


def flagged_episodes(territory: pd.DataFrame) -> dict[str, dict]:
    """The three drawing artefacts a reader of the charts should know about, from the flags:
    DeepStateMap's first weeks (its drawing being completed: the run of ``off_reference`` days
    its series opens with), the month liveuamap's map stood still most often (the most ``stale``
    days) and the jump after it, and its first one-day redrawing (``redrawn``)."""

    def rows(source, flag):
        return territory[(territory["source"] == source) & (territory["quality"] == flag)].sort_values("date")

    deepstate = _runs(rows("deepstate", "off_reference")["date"])[0]
    stale = rows("liveuamap", "stale")
    month = stale["date"].dt.to_period("M")
    stuck = stale[month == month.value_counts().idxmax()]
    series = usable(territory, "liveuamap", flagged=True)["total_km2"]
    after = series[series.index > stuck["date"].max()].iloc[0]
    value = stuck["total_km2"].iloc[-1]
    run = series[series.index <= stuck["date"].max()]
    changed = run[(run - value).abs() >= Q.SAME_KM2]
    since = run.index[run.index > changed.index[-1]][0] if len(changed) else run.index[0]
    redrawn = rows("liveuamap", "redrawn").iloc[0]
    before = series[series.index < redrawn["date"]].iloc[-1]
    return {
        "deepstate_first_weeks": {
            "first": deepstate.min(),
            "last": deepstate.max(),
            "days": len(deepstate),
        },
        "liveuamap_stuck": {
            "first": stuck["date"].min(),
            "last": stuck["date"].max(),
            "days": len(stuck),
            "since": since,
            "value_km2": value,
            "jump_km2": after - value,
        },
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


EDGE_STRIP_KM = 5
"""Width (km) of the strip along the edge of the area two trackers both show, in which
:func:`near_common_edge` measures where they differ: a few km is the scale of a front line's
drawing, against the hundreds of km the held area spans."""


def near_common_edge(
    day: str, first: str = "deepstate", second: str = "liveuamap", within_km: float = EDGE_STRIP_KM
) -> dict[str, float]:
    """Where two trackers' published lines of ``day`` (ISO date) differ: for each tracker, the share
    of the area only it shows that lies within ``within_km`` of the edge of the area both show."""
    from .. import geometry as G

    a, b = (G.to_equal_area(published_lines(s)[day]["geometry"]) for s in (first, second))
    strip = shapely.buffer(shapely.intersection(a, b).boundary, within_km * 1000)
    out = {}
    for source, only in ((first, shapely.difference(a, b)), (second, shapely.difference(b, a))):
        area = G.km2(only)
        out[source] = G.km2(shapely.intersection(only, strip)) / area if area else 0.0
    return out


def spread(territory: pd.DataFrame) -> pd.Series:
    """Highest minus lowest measured total on each day measured by at least two trackers (km²)."""
    wide = totals_wide(territory)
    covered = wide.dropna(thresh=2)
    return (covered.max(axis=1) - covered.min(axis=1)).rename("spread_km2")


# Readings for the essay's claims ---------------------------------------------------------


def load_isw_layers() -> pd.DataFrame:
    """``data/isw_layers.csv``: ISW's assessed control and assessed advances, per published day."""
    return load("isw_layers")


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
    for source, label in (
        ("deepstate", f"DeepStateMap (archive from {deepstate_from:%-d %b %Y})"),
        ("liveuamap", C.SOURCE_LABELS["liveuamap"]),
    ):
        rows = usable(territory, source)
        seized = rows.loc[:day, "seized_since_2022_km2"]
        readings.append((label, seized.idxmax(), seized.max(), rows.loc[day, "seized_since_2022_km2"]))
    layers = isw_layers.set_index("date")
    for column, label in C.ISW_LAYER_LABELS.items():
        series = layers.loc[:day, column].dropna() - before
        readings.append((label, series.idxmax(), series.max(), series.loc[:day].iloc[-1]))
    table = pd.DataFrame(readings, columns=["reading", "peak_date", "peak_seized_km2", "held_seized_km2"])
    table["retaken_km2"] = table["peak_seized_km2"] - table["held_seized_km2"]
    table["share_retaken"] = table["retaken_km2"] / table["peak_seized_km2"]
    return table


def chapter6_numbers(territory: pd.DataFrame, eve_km2: float, latest_source: str = "deepstate") -> dict:
    """The numbers chapter 6 quotes, by glue key without the chapter's prefix: each tracker's area
    and share of Ukraine on the essay's date; the largest area (km² and day) of each tracker whose
    series starts by the invasion (the others miss its first weeks); ``eve_km2``, the area inside
    the 2014–2022 line; and ``latest_source``'s latest measured day and area. Days as the pages write them."""
    numbers = {}
    for source in C.SOURCES:
        essay = on_date(territory, source, C.ESSAY_DATE)
        numbers[f"essay-km2-{source}"] = essay
        numbers[f"essay-share-{source}"] = essay / C.UKRAINE_AREA_KM2
    first = coverage(territory)["first"]
    for source in [s for s in C.SOURCES if first[s] <= pd.Timestamp(C.INVASION)]:
        day, km2 = peak(territory, source)
        numbers[f"peak-km2-{source}"] = km2
        numbers[f"peak-date-{source}"] = f"{day:%-d %B %Y}"
    latest = usable(territory, latest_source).iloc[-1]
    numbers["eve-km2"] = eve_km2
    numbers["latest-km2"] = latest["total_km2"]
    numbers["latest-date"] = f"{latest.name:%-d %B %Y}"
    return numbers


def monthly_change(territory: pd.DataFrame, source: str, start=C.ESSAY_DATE) -> pd.DataFrame:
    """Area held at the end of each month from ``start`` on, and the net change over each month (km²)."""
    rows = usable(territory, source)["total_km2"].loc[pd.Timestamp(start) :]
    ends = rows.groupby(rows.index.to_period("M")).last()
    first = rows.iloc[0]
    table = pd.DataFrame({"held_km2": ends})
    table["change_km2"] = table["held_km2"].diff()
    table.iloc[0, table.columns.get_loc("change_km2")] = ends.iloc[0] - first
    table.index = table.index.to_timestamp()
    return table


def load_oblast_control() -> pd.DataFrame:
    """``data/oblast_control.csv`` with dates parsed."""
    return load("oblast_control")
