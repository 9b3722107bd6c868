"""The updates page's chart: the change in the area held, week by week, since the essay.

The data come from :func:`freezelines.model.moved.weekly_change` (one table per map tracker: the
area held on each of the book's week days, Thursdays like the essay's day, and the change since
the week day before). The last period ends on the tracker's last day and can be shorter than a
week: its bar says how many days it covers.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import constants as C
from . import style, wording

HEIGHT = 340
"""Px of the plot: a small chart under the update's text."""


def signed_area(km2: float) -> str:
    """A change in area as the book writes it (to 10 km², :data:`freezelines.constants.ROUNDING`;
    the sign as :func:`freezelines.viz.wording.signed_km2` writes it): "+40 km²", "−1,110 km²", or
    "a change under 10 km²"."""
    value = C.rounded("km2", km2)
    return "a change under 10 km²" if value == 0 else wording.signed_km2(value)


def periods(weekly: pd.DataFrame) -> pd.DataFrame:
    """The weeks of one :func:`~freezelines.model.moved.weekly_change` table: each row's change and
    the days it covers (7, fewer for a last week cut short by the data's last day) and the day the
    tracker redrew its map in it (NaT if none); the first row, the start with no change, left out."""
    if len(weekly) < 2:
        raise ValueError(f"weekly change: {len(weekly)} week day(s) from {weekly.index.min()}, need at least two")
    days = weekly.index.to_series().diff().dt.days
    out = pd.DataFrame({"change_km2": weekly["change_km2"], "days": days, "redrawn": weekly["redrawn"]})
    return out.iloc[1:].astype({"days": int})


def full_weeks(weekly: pd.DataFrame) -> pd.Series:
    """The changes over the whole weeks of a :func:`~freezelines.model.moved.weekly_change` table
    (a last period cut short by the data's last day left out), by the week's last day."""
    weeks = periods(weekly)
    return weeks.loc[weeks["days"] == 7, "change_km2"]


def net_change(weekly: pd.DataFrame) -> float:
    """The change in the area held from the table's first day (the essay's) to its last (km²)."""
    return float(weekly["held_km2"].iloc[-1] - weekly["held_km2"].iloc[0])


def weekly_change_chart(weekly: dict[str, pd.DataFrame]) -> go.Figure:
    """The weekly change in the area held, one line per tracker (``weekly``: tracker ->
    :func:`~freezelines.model.moved.weekly_change` table), the first tracker's weeks and net change
    since the essay in the headline. Lines, not bars: some 200 weeks of two trackers side by side
    would make bars a pixel wide on a phone."""
    fig = go.Figure()
    fig.add_hline(y=0, line=dict(color=C.OKABE_ITO["black"], width=1))
    for source, table in weekly.items():
        weeks = periods(table)
        fig.add_trace(
            go.Scatter(
                x=list(weeks.index.strftime("%Y-%m-%d")),
                y=style.chart_values(weeks["change_km2"], "km2"),
                customdata=weeks["days"],
                name=C.SOURCE_LABELS[source],
                mode="lines",
                line=dict(color=style.TRACKER_COLOURS[source], width=2),
                hovertemplate="%{y:+,.0f} km² in the %{customdata} days to %{x|%-d %b %Y}<extra>%{fullData.name}</extra>",
            )
        )
    redrawn = pd.concat([periods(t).loc[lambda w: w["redrawn"].notna()] for t in weekly.values()])
    if len(redrawn):
        fig.add_trace(
            go.Scatter(
                x=list(redrawn.index.strftime("%Y-%m-%d")),
                y=style.chart_values(redrawn["change_km2"], "km2"),
                customdata=list(redrawn["redrawn"].dt.strftime("%-d %b %Y")),
                name="a week with a redrawing (flagged): a change of drawing, not of control",
                mode="markers",
                marker=dict(symbol="x", size=10, color=C.OKABE_ITO["black"]),
                hovertemplate="%{y:+,.0f} km²: the map redrawn on %{customdata}<extra>redrawing</extra>",
            )
        )
    main, table = next(iter(weekly.items()))
    full = full_weeks(table)
    title = (
        f"Week by week since the essay: Russian forces held more in {int((full > 0).sum())} of {len(full)} weeks "
        f"on {C.SOURCE_LABELS[main]}'s map, {signed_area(net_change(table))} in all to {table.index[-1]:%-d %B %Y}"
    )
    style.apply(fig, title, C.TRACKER_CREDIT, controls=True, height=HEIGHT)
    fig.update_yaxes(title_text="Change (km² a week)", tickformat="+,.0f")
    fig.update_xaxes(rangeselector=style.range_buttons(fig))
    return fig


def describe_weekly_change(weekly: dict[str, pd.DataFrame]) -> str:
    """A text alternative for :func:`weekly_change_chart`: per tracker, the net change since the
    essay, the full weeks with more and with less held, the largest weekly gain and loss, the latest
    full week, and the days after it when the data end within a week."""
    lines = []
    for source, table in weekly.items():
        weeks, full = periods(table), full_weeks(table)
        text = (
            f"- **{C.SOURCE_LABELS[source]}**, {table.index[0]:%-d %B %Y} to {table.index[-1]:%-d %B %Y}: "
            f"{signed_area(net_change(table))} in all; more held in {int((full > 0).sum())} of {len(full)} full "
            f"weeks, less in {int((full < 0).sum())}; the largest weekly gain {signed_area(full.max())} (week to "
            f"{full.idxmax():%-d %B %Y}), the largest loss {signed_area(full.min())} (week to "
            f"{full.idxmin():%-d %B %Y}); the latest full week, to {full.index[-1]:%-d %B %Y}: "
            f"{signed_area(full.iloc[-1])}"
        )
        if weeks["days"].iloc[-1] != 7:
            days = weeks["days"].iloc[-1]
            text += (
                f"; then {signed_area(weeks['change_km2'].iloc[-1])} in the {days} day{'s' if days > 1 else ''} "
                f"to {table.index[-1]:%-d %B %Y}"
            )
        for end, row in weeks[weeks["redrawn"].notna()].iterrows():
            text += (
                f"; the week to {end:%-d %B %Y} ({signed_area(row['change_km2'])}) includes the redrawing of "
                f"{row['redrawn']:%-d %B %Y} (flagged; a change of drawing, not of control; marked with a cross)"
            )
        lines.append(text + ".")
    return (
        "**Text summary of the chart.** The weekly change in the area held by Russian forces since the "
        f"essay ({C.ESSAY_DATE:%-d %B %Y}), from Thursday to Thursday, a flagged day taking the last usable "
        "value before it:\n\n" + "\n".join(lines)
    )
