"""The updates page: what moved in the latest update, in words, and the chart of the change in the
area held, week by week, since the essay.

What moved comes from :func:`freezelines.model.moved.what_moved` (one :class:`~freezelines.model.moved.Move`
per map tracker), written with the book's formats (:mod:`freezelines.viz.wording`). The chart's data come from :func:`freezelines.model.moved.weekly_change` (one table per map tracker: the
area held on each of the book's week days, Thursdays like the essay's day, and the change since
the week day before). The last period ends on the tracker's last day and can be shorter than a
week: its bar says how many days it covers.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import constants as C
from ..model.moved import MIN_OBLAST_CHANGE_KM2, Move
from . import style, wording

HEIGHT = 340
"""Px of the plot: a small chart under the update's text."""


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
        f"on {C.SOURCE_LABELS[main]}'s map, {wording.signed_area(net_change(table))} in all to {table.index[-1]:%-d %B %Y}"
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
            f"{wording.signed_area(net_change(table))} in all; more held in {int((full > 0).sum())} of {len(full)} full "
            f"weeks, less in {int((full < 0).sum())}; the largest weekly gain {wording.signed_area(full.max())} (week to "
            f"{full.idxmax():%-d %B %Y}), the largest loss {wording.signed_area(full.min())} (week to "
            f"{full.idxmin():%-d %B %Y}); the latest full week, to {full.index[-1]:%-d %B %Y}: "
            f"{wording.signed_area(full.iloc[-1])}"
        )
        if weeks["days"].iloc[-1] != 7:
            days = weeks["days"].iloc[-1]
            text += (
                f"; then {wording.signed_area(weeks['change_km2'].iloc[-1])} in the {days} day{'s' if days > 1 else ''} "
                f"to {table.index[-1]:%-d %B %Y}"
            )
        for end, row in weeks[weeks["redrawn"].notna()].iterrows():
            text += (
                f"; the week to {end:%-d %B %Y} ({wording.signed_area(row['change_km2'])}) includes the redrawing of "
                f"{row['redrawn']:%-d %B %Y} (flagged; a change of drawing, not of control; marked with a cross)"
            )
        lines.append(text + ".")
    return (
        "**Text summary of the chart.** The weekly change in the area held by Russian forces since the "
        f"essay ({C.ESSAY_DATE:%-d %B %Y}), from Thursday to Thursday, a flagged day taking the last usable "
        "value before it:\n\n" + "\n".join(lines)
    )


# What moved, in words ------------------------------------------------------------------------------


def _cities(table: pd.DataFrame) -> str:
    return ", ".join(
        f"{row['name']} ({row['oblast']}, {wording.people(row['population_2022'])} residents in 2022)"
        for _, row in table.iterrows()
    )


def _front(move: Move) -> str:
    change = C.rounded("km", move.front_change_km)
    how = "the same length" if change == 0 else f"{wording.length(abs(change))} {'longer' if change > 0 else 'shorter'}"
    return f"Front line: {wording.length(move.start_front_km)}, then {wording.length(move.end_front_km)} ({how})."


def bullets(move: Move) -> list[str]:
    """The measures of one tracker's move, one sentence each (Markdown), in the book's formats."""
    lines = [
        f"Area held: {wording.area(move.start_km2)} on {move.start:%-d %B %Y}, {wording.area(move.end_km2)} on "
        f"{move.end:%-d %B %Y}: {wording.signed_area(move.change_km2)} (newly held: {wording.area(move.gained_km2)}; "
        f"no longer held: {wording.area(move.lost_km2)})."
    ]
    if len(move.oblasts):
        lines.append(
            "By oblast: "
            + "; ".join(
                f"{row['oblast']}: {wording.signed_area(row['change_km2'])}" for _, row in move.oblasts.iterrows()
            )
            + "."
        )
    else:
        lines.append(f"By oblast: no oblast changed by {wording.km2(MIN_OBLAST_CHANGE_KM2)} or more.")
    changed = []
    if len(move.cities_taken):
        changed.append(f"now on the Russian-held side: {_cities(move.cities_taken)}")
    if len(move.cities_given_up):
        changed.append(f"no longer on the Russian-held side: {_cities(move.cities_given_up)}")
    lines.append("Cities and towns of 10,000 people or more that changed side: " + ("; ".join(changed) or "none") + ".")
    sites = []
    if move.sites_taken:
        sites.append("now on the Russian-held side: " + ", ".join(move.sites_taken))
    if move.sites_given_up:
        sites.append("no longer on the Russian-held side: " + ", ".join(move.sites_given_up))
    lines.append("Key sites that changed side: " + ("; ".join(sites) or "none") + ".")
    lines.append(_front(move))
    if len(move.flagged):
        days = "; ".join(f"{d:%-d %B} ({q})" for d, q in zip(move.flagged["date"], move.flagged["quality"]))
        lines.append(f"Days flagged by the book's checks: {days}.")
    else:
        lines.append("Days flagged by the book's checks: none.")
    if move.redrawn:
        lines.append("Days the tracker redrew its map: " + ", ".join(f"{d:%-d %B}" for d in move.redrawn) + ".")
    if len(move.findings):
        counts = move.findings.groupby("issue").size()
        lines.append(
            "Findings in the QA log for the new files: "
            + "; ".join(f"{issue} ({n})" for issue, n in counts.items())
            + " (see data/qa_report.csv)."
        )
    return lines


def markdown(moves: list[Move], heading: str = "###") -> str:
    """What moved on each tracker, as Markdown sections (an empty window says so)."""
    if not moves:
        return "No tracker has a day after the previous update.\n"
    parts = []
    for move in moves:
        parts.append(f"{heading} {C.SOURCE_LABELS[move.source]}, {move.start:%-d %B %Y} to {move.end:%-d %B %Y}\n")
        parts.append("".join(f"- {line}\n" for line in bullets(move)))
    return "\n".join(parts)


def headline(moves: list[Move]) -> str:
    """One sentence per tracker: its window and the change in the area held."""
    return " ".join(
        f"{C.SOURCE_LABELS[m.source]}: {wording.signed_area(m.change_km2)} from {m.start:%-d %B} to {m.end:%-d %B %Y}"
        f" ({_count(len(m.cities_taken) + len(m.cities_given_up))} of 10,000+ changed side)."
        for m in moves
    )


def _count(n: int) -> str:
    return f"{n} {'city or town' if n == 1 else 'cities or towns'}"
