"""Figures: functions that take data and return a Plotly figure.

Every figure states its finding in the title, labels its axes with units, uses the
colour-blind-safe palette of :mod:`freezelines.constants`, and gives hover values.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import constants as C
from .territory import gaps_to, on_date, peak, usable

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=14)


def _days(index) -> list[str]:
    """Dates as YYYY-MM-DD strings: shorter in the page than timestamps."""
    return list(pd.DatetimeIndex(index).strftime("%Y-%m-%d"))


def _range_buttons() -> dict:
    return dict(
        buttons=[
            dict(count=3, label="3 months", step="month", stepmode="backward"),
            dict(count=1, label="1 year", step="year", stepmode="backward"),
            dict(step="all", label="All"),
        ]
    )


def _base_layout(fig: go.Figure, title: str) -> go.Figure:
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left"),
        font=FONT,
        template="simple_white",
        hovermode="x unified",
        legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0, xanchor="left"),
        margin=dict(l=70, r=20, t=90, b=40),
    )
    return fig


def area_over_time(territory: pd.DataFrame, sources: tuple[str, ...] = C.SOURCES) -> go.Figure:
    """Area held by Russian forces over time, one line per tracker, with a range slider."""
    fig = go.Figure()
    present = [s for s in sources if s in set(territory["source"])]
    for source in present:
        rows = usable(territory, source)
        fig.add_trace(
            go.Scatter(
                x=_days(rows.index),
                y=rows["total_km2"].round(0),
                customdata=(rows["share_of_ukraine"] * 100).round(1),
                name=C.SOURCE_LABELS[source],
                mode="lines",
                line=dict(color=C.SOURCE_COLOURS[source], width=2),
                hovertemplate="%{y:,.0f} km² (%{customdata:.1f}% of Ukraine)<extra>%{fullData.name}</extra>",
            )
        )
    peaks = {s: peak(territory, s) for s in present}
    top = max(present, key=lambda s: peaks[s][1])
    when, area = peaks[top]
    last_source = max(present, key=lambda s: usable(territory, s).index[-1])
    last = usable(territory, last_source)
    title = (
        f"Russian forces held most in {when:%B %Y}: {area:,.0f} km² on {C.SOURCE_LABELS[top]}'s map; "
        f"{last['total_km2'].iloc[-1]:,.0f} km² on {last.index[-1]:%-d %B %Y}"
    )
    _base_layout(fig, title)
    fig.update_yaxes(title_text="Area held by Russian forces (km²)", tickformat=",.0f", rangemode="tozero")
    fig.update_xaxes(
        title_text="Date",
        rangeslider=dict(visible=True, thickness=0.08),
        rangeselector=_range_buttons(),
    )
    return fig


def describe_area_over_time(territory: pd.DataFrame, sources: tuple[str, ...] = C.SOURCES) -> str:
    """A text alternative for :func:`area_over_time`: what a sighted reader sees, in words."""
    lines = []
    for source in [s for s in sources if s in set(territory["source"])]:
        rows = usable(territory, source)
        first, last = rows.index[0], rows.index[-1]
        when, area = peak(territory, source)
        essay = on_date(territory, source, C.ESSAY_DATE)
        lines.append(
            f"- **{C.SOURCE_LABELS[source]}**, {first:%-d %b %Y} to {last:%-d %b %Y}: "
            f"{rows['total_km2'].iloc[0]:,.0f} km² on the first day, a peak of {area:,.0f} km² "
            f"on {when:%-d %b %Y}, {essay:,.0f} km² on the essay's date "
            f"({C.ESSAY_DATE:%-d %b %Y}) and {rows['total_km2'].iloc[-1]:,.0f} km² on the last day."
        )
    return "**Text summary of the chart.** Area held by Russian forces, by tracker:\n\n" + "\n".join(lines)


def tracker_gaps(territory: pd.DataFrame, reference: str = "deepstate") -> go.Figure:
    """How far each tracker sits above or below the reference tracker, day by day."""
    gaps = gaps_to(territory, reference)
    fig = go.Figure()
    fig.add_hline(y=0, line=dict(color=C.SOURCE_COLOURS[reference], width=1.5))
    for source in gaps.columns:
        series = gaps[source].dropna()
        fig.add_trace(
            go.Scatter(
                x=_days(series.index), y=series.round(0), name=f"{C.SOURCE_LABELS[source]} minus {C.SOURCE_LABELS[reference]}",
                mode="lines", line=dict(color=C.SOURCE_COLOURS[source], width=1.5),
                hovertemplate="%{y:+,.0f} km²<extra>%{fullData.name}</extra>",
            )
        )
    later = gaps[gaps.index >= "2023-01-01"].abs().median()
    title = (
        f"Since 2023 the trackers differ from {C.SOURCE_LABELS[reference]} by a median "
        + " and ".join(f"{later[s]:,.0f} km² ({s})" for s in later.index)
    )
    _base_layout(fig, title)
    fig.update_yaxes(title_text=f"Difference from {C.SOURCE_LABELS[reference]} (km²)", tickformat="+,.0f")
    fig.update_xaxes(title_text="Date", rangeslider=dict(visible=True, thickness=0.08))
    return fig


def held_split(territory: pd.DataFrame, source: str = "deepstate", compare: tuple[str, ...] = ("liveuamap", "isw")) -> go.Figure:
    """The area held, stacked: held before 24 Feb 2022 and seized since, with other trackers' totals."""
    rows = usable(territory, source)
    x = _days(rows.index)
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=x, y=rows["held_before_2022_km2"].round(0), name="held before 24 Feb 2022", stackgroup="held",
            mode="lines", line=dict(color=C.HELD_BEFORE_2022_COLOUR, width=0.5), fillcolor="rgba(91,91,91,0.55)",
            hovertemplate="%{y:,.0f} km²<extra>held before 2022</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x, y=rows["seized_since_2022_km2"].round(0), name="seized since 24 Feb 2022", stackgroup="held",
            mode="lines", line=dict(color=C.SEIZED_SINCE_2022_COLOUR, width=0.5), fillcolor="rgba(213,94,0,0.55)",
            hovertemplate="%{y:,.0f} km²<extra>seized since 2022</extra>",
        )
    )
    for other in compare:
        others = usable(territory, other)
        fig.add_trace(
            go.Scatter(
                x=_days(others.index), y=others["total_km2"].round(0), name=f"total, {C.SOURCE_LABELS[other]}",
                mode="lines", line=dict(color=C.SOURCE_COLOURS[other], width=1.5, dash="dot"),
                hovertemplate="%{y:,.0f} km²<extra>%{fullData.name}</extra>",
            )
        )
    peak_day = rows["seized_since_2022_km2"].idxmax()
    last = rows.iloc[-1]
    title = (
        f"Of the {last['total_km2']:,.0f} km² Russian forces held on {rows.index[-1]:%-d %B %Y}, "
        f"{last['seized_since_2022_km2']:,.0f} km² were seized after 24 February 2022 "
        f"({C.SOURCE_LABELS[source]}; the most since then: {rows.loc[peak_day, 'seized_since_2022_km2']:,.0f} km², "
        f"{peak_day:%-d %b %Y})"
    )
    _base_layout(fig, title)
    fig.update_layout(title=dict(font=dict(size=15)))
    fig.update_yaxes(title_text="Area held by Russian forces (km²)", tickformat=",.0f", rangemode="tozero")
    fig.update_xaxes(title_text="Date", rangeslider=dict(visible=True, thickness=0.08), rangeselector=_range_buttons())
    return fig
