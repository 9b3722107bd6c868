"""Figures: functions that take data and return a Plotly figure.

Every figure states its finding in the title, labels its axes with units, uses the
colour-blind-safe palette of :mod:`freezelines.constants`, and gives hover values.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from . import constants as C
from .territory import on_date, peak, usable

FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=14)


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
                x=rows.index,
                y=rows["total_km2"].round(0),
                customdata=(rows["share_of_ukraine"] * 100).round(1),
                name=C.SOURCE_LABELS[source],
                mode="lines",
                line=dict(color=C.SOURCE_COLOURS[source], width=2),
                hovertemplate="%{y:,.0f} km² (%{customdata:.1f}% of Ukraine)<extra>%{fullData.name}</extra>",
            )
        )
    when, area = peak(territory, present[0])
    title = (
        f"Russian-held area peaked at {area:,.0f} km² on {when:%-d %B %Y} "
        f"({C.SOURCE_LABELS[present[0]]})"
    )
    _base_layout(fig, title)
    fig.update_yaxes(title_text="Area held by Russian forces (km²)", tickformat=",.0f", rangemode="tozero")
    fig.update_xaxes(
        title_text="Date",
        rangeslider=dict(visible=True, thickness=0.08),
        rangeselector=dict(
            buttons=[
                dict(count=3, label="3 months", step="month", stepmode="backward"),
                dict(count=1, label="1 year", step="year", stepmode="backward"),
                dict(step="all", label="All"),
            ]
        ),
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
