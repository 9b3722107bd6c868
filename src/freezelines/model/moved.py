"""What moved over an update's window, on each map tracker: the change in the area held (in all and
by oblast), the cities and towns of 10,000 people or more and the key sites that changed side, the
front's length, and the days a tracker's row was flagged or its files left findings in the QA log.
What moved in words, for the updates page, is written by :mod:`freezelines.viz.moved_figures`.

Everything is read from the processed data (``data/territory_daily.csv``, ``data/qa_report.csv``,
the line archives in ``data/lines``) through the model's own measures: each end of the window is
a :func:`~freezelines.model.scenarios.line_on` line measured by
:func:`~freezelines.model.scenarios.measure` and compared by
:func:`~freezelines.model.scenarios.compare`. The area held comes from ``territory_daily.csv``
(the unsimplified maps); the split by oblast from the simplified lines of the archive, so the
oblasts' changes can differ from the total by a few km².
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from .. import constants as C
from ..ingest import quality as Q
from ..ingest import sources as S
from . import datapackage as DP
from . import scenarios as SC
from . import territory as T

REDRAWING_NOTE = "pre-2022 area drawn as"
"""How :func:`~freezelines.ingest.quality.redrawing`'s note on a ``territory_daily`` row begins."""
MIN_OBLAST_CHANGE_KM2 = 1.0
"""Oblasts whose held area changed by less than this (drawing noise of the simplified lines) are not listed."""
FILES = {"deepstate": ("deepstate", S.DEEPSTATE_DAILY_FILE), "liveuamap": ("liveuamap", S.NZZ_FILE)}
"""The ``file`` values of ``qa_report.csv`` that belong to each tracker's daily maps."""


def refresh() -> None:
    """Forget every cached read of ``data/`` (after a rebuild, or with ``FREEZELINES_DATA`` pointing elsewhere)."""
    for cached in (SC.context, SC.archive, SC._geometry, SC._map_starts, T.published_lines):
        cached.cache_clear()


@dataclass
class Move:
    """What moved on one tracker between two of its days."""

    source: str
    start: dt.date
    end: dt.date
    start_km2: float
    end_km2: float
    gained_km2: float
    lost_km2: float
    oblasts: pd.DataFrame
    """``iso_3166_2``, ``oblast``, ``change_km2``: oblasts whose held area changed."""
    cities_taken: pd.DataFrame
    """Cities and towns of 10,000+ now on the Russian-held side (``name``, ``oblast``, ``population_2022``)."""
    cities_given_up: pd.DataFrame
    sites_taken: list[str]
    sites_given_up: list[str]
    start_front_km: float
    end_front_km: float
    flagged: pd.DataFrame
    """``territory_daily.csv`` rows of the window (after ``start``) whose quality is not ``ok``."""
    findings: pd.DataFrame
    """``qa_report.csv`` rows of the tracker's daily files dated in the window (after ``start``)."""
    redrawn: list[dt.date]
    """Days of the window the tracker redrew: flagged ``redrawn``, or its pre-2022 area drawn otherwise
    than in its final drawing (:func:`~freezelines.ingest.quality.redrawing`'s note)."""

    @property
    def change_km2(self) -> float:
        return self.end_km2 - self.start_km2

    @property
    def front_change_km(self) -> float:
        return self.end_front_km - self.start_front_km


def coverage_end() -> dict[str, dt.date]:
    """Each map tracker's last day in ``territory_daily.csv``."""
    ends = T.coverage(T.load_territory())["last"]
    return {s: ends[s].date() for s in C.MAP_TRACKERS if s in ends}


def tracker_move(source: str, start: dt.date, end: dt.date) -> Move:
    """What moved on ``source`` from its map of ``start`` to its map of ``end``."""
    first, last = SC.measure(SC.line_on(start, source)), SC.measure(SC.line_on(end, source))
    change = SC.compare(first, last)
    oblasts = first.oblasts.set_index("adm1_pcode")[["iso_3166_2", "name", "held_km2"]].join(
        last.oblasts.set_index("adm1_pcode")[["held_km2"]].rename(columns={"held_km2": "held_km2_end"})
    )
    oblasts["change_km2"] = oblasts["held_km2_end"] - oblasts["held_km2"]
    oblasts = (
        oblasts[oblasts["change_km2"].abs() >= MIN_OBLAST_CHANGE_KM2]
        .rename(columns={"name": "oblast"})
        .sort_values("change_km2", key=abs, ascending=False)[["iso_3166_2", "oblast", "change_km2"]]
        .reset_index(drop=True)
    )
    before, after = set(first.cities["place_id"]), set(last.cities["place_id"])
    sites = first.sites.set_index("place_id")[["name", "held"]].join(
        last.sites.set_index("place_id")[["held"]].rename(columns={"held": "held_end"})
    )
    territory = T.load_territory()
    window = territory[
        (territory["source"] == source)
        & (territory["date"] > pd.Timestamp(start))
        & (territory["date"] <= pd.Timestamp(end))
    ]
    qa = DP.load("qa_report")
    names = [name.rsplit("/", 1)[-1] for name in FILES[source]]
    findings = qa[
        qa["file"].isin(names) & (qa["date"] > pd.Timestamp(start)) & (qa["date"] <= pd.Timestamp(end))
    ].reset_index(drop=True)
    return Move(
        source=source,
        start=start,
        end=end,
        start_km2=first.total_km2,
        end_km2=last.total_km2,
        gained_km2=change["gained_km2"],
        lost_km2=change["lost_km2"],
        oblasts=oblasts,
        cities_taken=last.cities[~last.cities["place_id"].isin(before)].reset_index(drop=True),
        cities_given_up=first.cities[~first.cities["place_id"].isin(after)].reset_index(drop=True),
        sites_taken=list(sites.loc[~sites["held"] & sites["held_end"], "name"]),
        sites_given_up=list(sites.loc[sites["held"] & ~sites["held_end"], "name"]),
        start_front_km=first.front_km,
        end_front_km=last.front_km,
        flagged=window[window["quality"].isin(list(Q.FLAGS))][["date", "quality", "note"]].reset_index(drop=True),
        findings=findings,
        redrawn=[
            d.date()
            for d in window.loc[
                (window["quality"] == "redrawn") | window["note"].fillna("").str.contains(REDRAWING_NOTE), "date"
            ]
        ],
    )


def what_moved(starts: dict[str, dt.date]) -> list[Move]:
    """For each map tracker with a day after its ``starts`` day: what moved from that day to its last day."""
    ends = coverage_end()
    return [tracker_move(s, start, ends[s]) for s, start in starts.items() if s in ends and ends[s] > start]


def weekly_change(territory: pd.DataFrame, source: str, start=C.ESSAY_DATE) -> pd.DataFrame:
    """The area held on each of the book's week days (:func:`~freezelines.ingest.series.week_days`) from
    ``start`` (the essay's day) to the tracker's last usable day, and the change over each week (km²):
    usable rows only (:func:`~freezelines.model.territory.usable`), a flagged day taking the last usable
    value before it. ``redrawn`` is the last day of the week the tracker's row was flagged ``redrawn``
    (a change of drawing, not of control, which the week's change includes once the drawing stays),
    else NaT. The data of the weekly chart on the updates page."""
    rows = T.usable(territory, source)["total_km2"]
    days = pd.to_datetime(T.week_days(SC.as_date(start), rows.index.max().date(), include_last=True))
    table = pd.DataFrame({"held_km2": rows.reindex(days, method="ffill")})
    table.index.name = "date"
    table["change_km2"] = table["held_km2"].diff()
    redrawn = territory.loc[(territory["source"] == source) & (territory["quality"] == "redrawn"), "date"]
    week = pd.Series(pd.NaT, index=days, dtype="datetime64[ns]")
    for day in redrawn[(redrawn > days[0]) & (redrawn <= days[-1])]:
        week[days[days >= day][0]] = day
    table["redrawn"] = week.to_numpy()
    return table
