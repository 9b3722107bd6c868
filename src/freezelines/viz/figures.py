"""Figures: functions that take data and return a Plotly figure.

Every figure states its finding in the title, labels its axes with units, uses the
colour-blind-safe palette of :mod:`freezelines.constants`, and gives hover values.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import plotly.graph_objects as go

from .. import constants as C
from ..model.territory import gaps_to, on_date, peak, usable
from . import style

FIRST_INTERVENTION = dt.date(2014, 2, 20)
"""The start of Russia's first intervention (Crimea, 2014): where the held-area chart's grey band starts."""
DEBALTSEVE_WITHDRAWAL = dt.date(2015, 2, 18)
"""Ukrainian forces leave Debaltseve: the 2015-2022 line is drawn flat from this day to the eve of the invasion."""
SETTLED_FROM = dt.date(2023, 1, 1)
"""From this day on the front moved slowly: the trackers' gaps are compared over the period that follows."""
EARLY_UNTIL = dt.date(2022, 5, 31)
"""The end of the spring of 2022, when maps lagged events by days: the trackers' widest spread is read before it."""


def _days(index) -> list[str]:
    """Dates as YYYY-MM-DD strings: shorter in the page than timestamps."""
    return list(pd.DatetimeIndex(index).strftime("%Y-%m-%d"))


def area_over_time(territory: pd.DataFrame, sources: tuple[str, ...] = C.SOURCES) -> go.Figure:
    """Area held by Russian forces over time, one line per tracker, with a range slider."""
    fig = go.Figure()
    present = [s for s in sources if s in set(territory["source"])]
    for source in present:
        rows = usable(territory, source)
        fig.add_trace(
            go.Scatter(
                x=_days(rows.index),
                y=style.chart_values(rows["total_km2"], "km2"),
                customdata=style.chart_values(rows["share_of_ukraine"] * 100, "percent"),
                name=C.SOURCE_LABELS[source],
                mode="lines",
                line=dict(color=style.TRACKER_COLOURS[source], width=2),
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
    style.apply(fig, title, C.TRACKER_CREDIT, controls=True)
    fig.update_yaxes(title_text="Area held (km²)", tickformat=",.0f", rangemode="tozero")
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.08), rangeselector=style.range_buttons(fig))
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


def coverage_dates(territory: pd.DataFrame) -> dict[str, str]:
    """Each tracker's first and last day (``<source>-first``, ``<source>-last``) and DeepState's
    last day read from its history archive (``deepstate-archive-last``), as the pages write them."""
    from ..model.territory import coverage, deepstate_archive_last_day

    out = {}
    for source, row in coverage(territory).iterrows():
        out[f"{source}-first"] = f"{row['first']:%-d %B %Y}"
        out[f"{source}-last"] = f"{row['last']:%-d %B %Y}"
    out["deepstate-archive-last"] = f"{deepstate_archive_last_day():%-d %B %Y}"
    return out


def describe_coverage(territory: pd.DataFrame) -> str:
    """The days each tracker's series covers, in words (flagged days included)."""
    dates = coverage_dates(territory)
    return (
        "**Coverage.** "
        + "; ".join(
            f"{C.SOURCE_LABELS[source]}: {dates[f'{source}-first']} to {dates[f'{source}-last']}"
            + (
                f" (its history archive to {dates['deepstate-archive-last']}, then its daily files)"
                if source == "deepstate"
                else ""
            )
            for source in C.SOURCES
            if f"{source}-first" in dates
        )
        + "."
    )


def tracker_gaps(territory: pd.DataFrame, reference: str = "deepstate") -> go.Figure:
    """How far each tracker sits above or below the reference tracker, day by day."""
    gaps = gaps_to(territory, reference)
    fig = go.Figure()
    fig.add_hline(y=0, line=dict(color=style.TRACKER_COLOURS[reference], width=1.5))
    for source in gaps.columns:
        series = gaps[source].dropna()
        fig.add_trace(
            go.Scatter(
                x=_days(series.index),
                y=style.chart_values(series, "km2"),
                name=f"{C.SOURCE_LABELS[source]} minus {C.SOURCE_LABELS[reference]}",
                mode="lines",
                line=dict(color=style.TRACKER_COLOURS[source], width=1.5),
                hovertemplate="%{y:+,.0f} km²<extra>%{fullData.name}</extra>",
            )
        )
    later = gaps[gaps.index >= pd.Timestamp(SETTLED_FROM)].abs().median()
    title = (
        f"Since {SETTLED_FROM:%Y} the trackers differ from {C.SOURCE_LABELS[reference]} by a median "
        + " and ".join(f"{later[s]:,.0f} km² ({s})" for s in later.index)
    )
    style.apply(fig, title, C.TRACKER_CREDIT)
    fig.update_yaxes(title_text=f"Minus {C.SOURCE_LABELS[reference]} (km²)", tickformat="+,.0f")
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.08))
    return fig


def describe_tracker_gaps(territory: pd.DataFrame, reference: str = "deepstate") -> str:
    """How far apart the trackers were once the front settled (:data:`SETTLED_FROM`) and in the
    spring of 2022 (to :data:`EARLY_UNTIL`), in words: the tracker closest to ``reference`` (the
    smallest median distance since :data:`SETTLED_FROM`) day by day, the others at the median."""
    from ..model.territory import gap_summary, spread

    since = pd.Timestamp(SETTLED_FROM)
    gaps = gaps_to(territory, reference).loc[since:].abs()
    closest = gaps.median().idxmin()
    later = gaps[closest].dropna()
    held = usable(territory, reference)["total_km2"].loc[since:].median()
    early = spread(territory).loc[: pd.Timestamp(EARLY_UNTIL)]
    medians = gap_summary(territory, reference)["median"]
    label = C.SOURCE_LABELS
    others = "; ".join(
        f"{label[other]} ran {abs(medians.loc[(other, SETTLED_FROM.year)]):,.0f} km² "
        f"{'below' if medians.loc[(other, SETTLED_FROM.year)] < 0 else 'above'} {label[reference]} at the median "
        f"in {SETTLED_FROM:%Y}"
        for other in gaps.columns
        if other != closest
    )
    return (
        f"**Text summary.** From {SETTLED_FROM:%Y} on, the total on {label[closest]} sits within {later.median():,.0f} "
        f"km² of the total on {label[reference]} on a typical day and never more than {later.max():,.0f} km² away, about "
        f"{later.max() / held:.1%} of the area held. In the spring of {EARLY_UNTIL:%Y} the trackers were up to "
        f"{early.max():,.0f} km² apart (on {early.idxmax():%-d %B %Y}); {others}."
    )


def describe_compare_lines(day, areas: dict[str, float], first: str = "deepstate", second: str = "liveuamap") -> str:
    """A text alternative for :func:`freezelines.viz.maps.compare_lines` (``areas`` as it returns them,
    for the same ``first`` and ``second`` trackers): where the area only one of them shows lies
    (:func:`freezelines.model.territory.near_common_edge`)."""
    from ..model.territory import EDGE_STRIP_KM, near_common_edge

    near = near_common_edge(pd.Timestamp(day).date().isoformat(), first, second)
    label = C.SOURCE_LABELS
    return (
        f"**Text summary.** On {pd.Timestamp(day):%-d %B %Y} both maps show {areas['both']:,.0f} km² as held by "
        f"Russian forces. {label[first]} alone shows {areas[f'{first} only']:,.0f} km² more, {label[second]} alone "
        f"{areas[f'{second} only']:,.0f} km² more; {near[first]:.0%} and {near[second]:.0%} of these lie within "
        f"{EDGE_STRIP_KM} km of the edge of the area both show."
    )


def held_split(
    territory: pd.DataFrame,
    source: str = "deepstate",
    compare: tuple[str, ...] = ("liveuamap", "isw"),
    line_2015_km2: float | None = None,
) -> go.Figure:
    """The area held, stacked: held before the invasion and seized since, with other trackers' totals.

    With ``line_2015_km2`` (the area inside the 2015–2022 line), the chart starts in 2014 with
    that area as a flat band from :data:`DEBALTSEVE_WITHDRAWAL` to the eve of the invasion: the
    trackers' archives do not cover 2014–2022, and the line barely moved then.
    """
    rows = usable(territory, source)
    x = _days(rows.index)
    fig = go.Figure()
    if line_2015_km2:
        fig.add_trace(
            go.Scatter(
                x=[DEBALTSEVE_WITHDRAWAL.isoformat(), C.EVE_OF_INVASION.isoformat()],
                y=[style.chart_values(line_2015_km2, "km2")] * 2,
                name="held 2015–2022 (the line as DeepState drew it in 2022)",
                mode="lines",
                fill="tozeroy",
                line=dict(color=C.HELD_BEFORE_2022_COLOUR, width=1, dash="dash"),
                fillcolor=style.rgba(C.HELD_BEFORE_2022_COLOUR, 0.25),
                hovertemplate="%{y:,.0f} km²<extra>2015–2022 line</extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=style.chart_values(rows["held_before_2022_km2"], "km2"),
            name=f"held before {C.INVASION:%-d %b %Y}",
            stackgroup="held",
            mode="lines",
            line=dict(color=C.HELD_BEFORE_2022_COLOUR, width=0.5),
            fillcolor=style.rgba(C.HELD_BEFORE_2022_COLOUR, 0.55),
            hovertemplate="%{y:,.0f} km²<extra>held before 2022</extra>",
        )
    )
    fig.add_trace(
        go.Scatter(
            x=x,
            y=style.chart_values(rows["seized_since_2022_km2"], "km2"),
            name=f"seized since {C.INVASION:%-d %b %Y}",
            stackgroup="held",
            mode="lines",
            line=dict(color=C.SEIZED_SINCE_2022_COLOUR, width=0.5),
            fillcolor=style.rgba(C.SEIZED_SINCE_2022_COLOUR, 0.55),
            hovertemplate="%{y:,.0f} km²<extra>seized since 2022</extra>",
        )
    )
    for other in compare:
        others = usable(territory, other)
        fig.add_trace(
            go.Scatter(
                x=_days(others.index),
                y=style.chart_values(others["total_km2"], "km2"),
                name=f"total, {C.SOURCE_LABELS[other]}",
                mode="lines",
                line=dict(color=style.TRACKER_COLOURS[other], width=1.5, dash="dot"),
                hovertemplate="%{y:,.0f} km²<extra>%{fullData.name}</extra>",
            )
        )
    peak_day = rows["seized_since_2022_km2"].idxmax()
    last = rows.iloc[-1]
    title = (
        f"Of the {last['total_km2']:,.0f} km² Russian forces held on {rows.index[-1]:%-d %B %Y}, "
        f"{last['seized_since_2022_km2']:,.0f} km² were seized after {C.INVASION:%-d %B %Y} "
        f"({C.SOURCE_LABELS[source]}; the most since then: {rows.loc[peak_day, 'seized_since_2022_km2']:,.0f} km², "
        f"{peak_day:%-d %b %Y})"
    )
    style.apply(fig, title, C.TRACKER_CREDIT, controls=True)
    fig.update_yaxes(title_text="Area held (km²)", tickformat=",.0f", rangemode="tozero")
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.08), rangeselector=style.range_buttons(fig))
    if line_2015_km2:
        fig.update_xaxes(range=[f"{FIRST_INTERVENTION:%Y}-01-01", rows.index[-1].strftime("%Y-%m-%d")])
        fig.add_vrect(
            x0=FIRST_INTERVENTION.isoformat(),
            x1=DEBALTSEVE_WITHDRAWAL.isoformat(),
            fillcolor="#eeeeee",
            line_width=0,
            layer="below",
            annotation_text=f"{FIRST_INTERVENTION:%Y}: no daily maps",
            annotation_position="top left",
            annotation_font_size=11,
        )
    return fig


class Gluable:
    """A Plotly figure as a plain mime bundle, so that myst-nb's ``glue`` can store it.

    Plotly figures display themselves (``_ipython_display_``), which leaves ``glue`` with
    an empty bundle; this wrapper hands over the figure's JSON instead.
    """

    def __init__(self, fig: go.Figure):
        self.fig = fig

    def _repr_mimebundle_(self, include=None, exclude=None):
        import json

        title = self.fig.layout.title.text or "chart"
        return {
            "application/vnd.plotly.v1+json": json.loads(self.fig.to_json()),
            "text/plain": f"<Plotly figure: {title}>",
        }


def glue(key: str, value, display: bool = True):
    """Glue a figure (or any value) for the essay pages; figures are shown here too by default."""
    import numpy as np
    from myst_nb import glue as myst_glue

    if isinstance(value, go.Figure):
        value = Gluable(value)
    elif isinstance(value, np.generic):
        value = value.item()  # numpy scalars print as "np.float64(...)", which glue cannot format
    kind = C.glue_kind(key)
    if kind and isinstance(value, (int, float)) and not isinstance(value, bool) and value == value:
        # one rounding per kind on every page (constants.ROUNDING): 64,135 km² reads 64,140 km² everywhere
        value = type(value)(C.rounded(kind, value))
    myst_glue(key, value, display=display)


def share_retaken_chart(readings: pd.DataFrame, published: pd.DataFrame) -> go.Figure:
    """The share of the land seized since February 2022 that had been retaken, under each definition
    the maps allow (:func:`freezelines.model.retaken.readings`) and as ISW's figures of the time put it
    (:func:`freezelines.model.retaken.published`). DeepStateMap is left out: its archive starts after the
    withdrawal from the north (:data:`freezelines.model.retaken.EXCLUDED`)."""
    colours = {
        "liveuamap": style.TRACKER_COLOURS["liveuamap"],
        "isw_control": style.TRACKER_COLOURS["isw"],
        "isw_control_plus_advances": style.TRACKER_COLOURS["isw"],
    }
    patterns = {"isw_control_plus_advances": "."}  # ISW's two layers in ISW's colour, the wider one dotted
    trackers = {
        "liveuamap": "liveuamap",
        "isw_control": "ISW control",
        "isw_control_plus_advances": "ISW control + advances",
    }
    baselines = {"peak_day": "peak day", "union": f"all held since {C.INVASION:%-d %b}"}
    labels = [f"{trackers[t]}<br>{baselines[b]}" for t, b in zip(readings["tracker"], readings["baseline"])]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=style.chart_values(readings["share_retaken"] * 100, "percent"),
            orientation="h",
            name="measured on the maps",
            marker=dict(
                color=[colours[t] for t in readings["tracker"]],
                pattern=dict(shape=[patterns.get(t, "") for t in readings["tracker"]]),
            ),
            customdata=style.chart_values(readings[["baseline_km2", "held_km2"]], "km2").to_numpy(),
            text=[f"{v:.0%}" for v in readings["share_retaken"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{x:.1f}% retaken: baseline %{customdata[0]:,.0f} km², still held %{customdata[1]:,.0f} km²<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=[f"{w.split(',')[0]}<br>{a}" for w, a in zip(published["who"], published["as_of"])],
            x=style.chart_values(published["share_retaken"] * 100, "percent"),
            orientation="h",
            name="published at the time",
            marker=dict(color="#9a9a9a", pattern=dict(shape="/")),
            text=[f"{v:.0%}" for v in published["share_retaken"]],
            textposition="outside",
            cliponaxis=False,
            customdata=published[["retaken_km2", "baseline_km2"]].to_numpy(),
            hovertemplate="%{x:.1f}%: %{customdata[0]:,.0f} of %{customdata[1]:,.0f} km²<extra>published</extra>",
        )
    )
    fig.add_vline(x=50, line=dict(color=C.OKABE_ITO["black"], dash="dot"))
    low, high = readings["share_retaken"].min(), readings["share_retaken"].max()
    said = " and ".join(f"{v:.0%}" for v in published["share_retaken"])
    style.apply(
        fig,
        f"Retaken by {C.ESSAY_DATE:%-d %B %Y}: {low:.0%} to {high:.0%} of what Russia seized on the maps, "
        f"depending on the tracker and the baseline; published at the time from ISW's data: {said}",
        C.TRACKER_CREDIT,
        hovermode="closest",
        height=420,
        left=8,
    )
    fig.update_xaxes(title_text="Share retaken (%)", range=[0, 75], ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    return fig


def describe_share_retaken(readings: pd.DataFrame, published: pd.DataFrame, territory: pd.DataFrame) -> str:
    """A text alternative for :func:`share_retaken_chart`."""
    from ..model.territory import coverage

    best = readings.loc[(readings["share_retaken"] - 0.5).abs().idxmin()]  # the reading nearest half
    return (
        f"**Text summary.** Of the land Russian forces seized after {C.INVASION:%-d %B %Y}, the share Ukraine had "
        f"retaken by {C.ESSAY_DATE:%-d %B %Y} ranges from {readings['share_retaken'].min():.0%} to "
        f"{readings['share_retaken'].max():.0%} over the {len(readings)} definitions the maps allow: "
        + "; ".join(f"{row.label}: {row.share_retaken:.0%}" for row in readings.itertuples())
        + f". It comes closest to half with {best['label']}. Figures published at the time from ISW's data imply "
        + " and ".join(f"{row.share_retaken:.0%} ({row.who}, {row.as_of})" for row in published.itertuples())
        + f". DeepStateMap is left out: its archive starts on {coverage(territory).loc['deepstate', 'first']:%-d %B %Y}."
    )


def oblast_shares(oblast_table: pd.DataFrame, codes: tuple[str, ...], source: str = "deepstate") -> go.Figure:
    """Share of each listed oblast held over time (weekly), against the 100% Russia claimed."""
    rows = oblast_table[
        (oblast_table["source"] == source)
        & oblast_table["adm1_pcode"].isin(codes)
        & oblast_table["labels"].str.contains("weekly")
    ]
    palette = [C.OKABE_ITO[k] for k in ("vermillion", "blue", "green", "purple", "orange", "sky")]
    fig = go.Figure()
    fig.add_hline(
        y=100,
        line=dict(color="#5b5b5b", dash="dot"),
        annotation_text=f"claimed by Russia ({C.ANNEXATION_CLAIM:%-d %b %Y})",
        annotation_position="bottom right",
    )
    finals = {}
    for colour, code in zip(palette, codes):
        series = rows[rows["adm1_pcode"] == code].sort_values("date")
        name = series["oblast"].iloc[0]
        finals[name] = series["share_of_oblast"].iloc[-1]
        fig.add_trace(
            go.Scatter(
                x=_days(series["date"]),
                y=style.chart_values(series["share_of_oblast"] * 100, "percent"),
                name=name,
                mode="lines",
                line=dict(color=colour, width=2),
                hovertemplate="%{y:.1f}% held<extra>%{fullData.name}</extra>",
            )
        )
    unheld = ", ".join(f"{n.replace(' Oblast', '')} {1 - v:.0%}" for n, v in finals.items())
    style.apply(
        fig,
        f"Annexed on paper: on {pd.Timestamp(rows['date'].max()):%-d %B %Y}, the latest day, Russia still did not hold "
        f"{unheld} of the claimed oblasts",
        C.TRACKER_CREDIT,
        controls=True,
    )
    fig.update_yaxes(title_text="Share held (%)", range=[0, 105])
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.08), rangeselector=style.range_buttons(fig))
    return fig


def monthly_change_chart(changes: dict[str, pd.DataFrame]) -> go.Figure:
    """Net change of the area held each month (bars), per tracker."""
    fig = go.Figure()
    for source, table in changes.items():
        fig.add_trace(
            go.Bar(
                x=_days(table.index),
                y=style.chart_values(table["change_km2"], "km2"),
                name=C.SOURCE_LABELS[source],
                marker_color=style.TRACKER_COLOURS[source],
                hovertemplate="%{y:+,.0f} km² in %{x|%B %Y}<extra>%{fullData.name}</extra>",
            )
        )
    main = next(iter(changes.values()))
    total = main["held_km2"].iloc[-1] - (main["held_km2"].iloc[0] - main["change_km2"].iloc[0])
    style.apply(
        fig,
        f"After the essay: a net {total:+,.0f} km² for Russia by {main.index[-1]:%B %Y} ({C.SOURCE_LABELS[next(iter(changes))]}), month by month",
        C.TRACKER_CREDIT,
        hovermode="closest",
    )
    fig.update_layout(barmode="group")
    fig.update_yaxes(title_text="Net change (km² a month)", tickformat="+,.0f")
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.08))
    return fig


def distances_chart(distances: pd.DataFrame) -> go.Figure:
    """Distance from the line to each city over time (km); zero while a city was on the held side."""
    palette = [C.OKABE_ITO[k] for k in ("vermillion", "blue", "green", "purple", "orange", "sky", "black")]
    fig = go.Figure()
    for colour, city in zip(palette, distances.columns):
        fig.add_trace(
            go.Scatter(
                x=_days(distances.index),
                y=style.chart_values(distances[city], "km"),
                name=city,
                mode="lines",
                line=dict(color=colour, width=2),
                hovertemplate="%{y:,.0f} km<extra>%{fullData.name}</extra>",
            )
        )
    last = distances.iloc[-1].sort_values()
    closest = ", ".join(f"{c} {k:,.0f} km" for c, k in last.items())
    style.apply(
        fig, f"How close the line runs: {closest} on {distances.index[-1]:%-d %B %Y}", C.TRACKER_CREDIT, controls=True
    )
    fig.update_yaxes(title_text="Distance to the line (km)", rangemode="tozero")
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.08), rangeselector=style.range_buttons(fig))
    return fig


def glue_summary(key: str, markdown: str):
    """Show a text summary here (Markdown) and glue it for the essay pages (as HTML, which
    myst-nb's cross-document glue can carry; it cannot carry Markdown)."""
    from IPython.display import HTML, Markdown, display
    from markdown_it import MarkdownIt

    glue(key, HTML(MarkdownIt().render(markdown)), display=False)
    display(Markdown(markdown))


def glue_text(key: str, text: str):
    """Glue a piece of text (a date, a side of the line) for the essay pages.

    Cross-document glue can only carry text as text/plain (shown with quotes for a string)
    or HTML; this glues escaped HTML, which the pages paste inline with the ``{glue}`` role.
    """
    import html

    from IPython.display import HTML

    glue(key, HTML(html.escape(text)), display=False)


TEXT_MODES = ("html", "plain")
"""How :func:`glue_numbers` glues strings: see there."""


def glue_numbers(prefix: str, values: dict, text: str = "html") -> pd.DataFrame:
    """Glue each value of ``values`` as ``<prefix>-<key>`` (underscores become hyphens; no prefix
    if ``prefix`` is empty), without showing them one by one, and return them as a table to show here.

    Numbers are glued as numbers (the pages format them); tables (DataFrames of formatted cells) as
    HTML tables. ``text`` says how strings are glued, for the role that pastes them:

    * ``"html"``: escaped HTML (:func:`glue_text`), which the ``{glue}`` role pastes inline as is;
    * ``"plain"``: ``text/plain``, which ``{glue:text}`` needs (with or without a format spec; the
      ``{glue}`` role would show it with quotes).
    """
    from IPython.display import HTML

    if text not in TEXT_MODES:
        raise ValueError(f"text={text!r}: choose one of {TEXT_MODES}")
    rows = []
    for key, value in values.items():
        name = "-".join(part for part in (prefix, key.replace("_", "-")) if part)
        if isinstance(value, str) and text == "html":
            glue_text(name, value)
        elif isinstance(value, pd.DataFrame):
            glue(name, HTML(value.to_html()), display=False)
            value = f"(a table of {len(value)} rows)"
        else:
            glue(name, value, display=False)
        rows.append({"glue key": name, "value": value.item() if hasattr(value, "item") else value})
    return pd.DataFrame(rows).set_index("glue key")


def describe_flagged_episodes(territory: pd.DataFrame) -> str:
    """What a reader sees in the weeks the trackers' drawings, not the war, moved the totals."""
    from ..model.territory import flagged_episodes

    e = flagged_episodes(territory)
    ds, stuck, redrawn = e["deepstate_first_weeks"], e["liveuamap_stuck"], e["liveuamap_redrawn"]
    return (
        f"**What the flags mean on the charts.** DeepStateMap's archive starts on {ds['first']:%-d %B %Y}, and for "
        f"its first weeks (to {ds['last']:%-d %B %Y}) its total rises while it completes its drawing of the occupied "
        "area, not because Russian forces advanced; those days are flagged and left out. "
        f"In {stuck['first']:%B %Y} liveuamap's "
        f"map (as NZZ published it) stopped changing for days at a time ({stuck['days']} days flagged): it stayed at "
        f"{stuck['value_km2']:,.0f} km² from {stuck['since']:%-d} to {stuck['last']:%-d %B %Y} and then jumped by "
        f"{stuck['jump_km2']:+,.0f} km², a map not updated, then caught up. "
        f"On {redrawn['date']:%-d %B %Y} liveuamap's total moved {redrawn['step_km2']:+,.0f} km² in one day while its "
        "own published series barely moved: a redrawing of the coast, flagged too. Flagged days appear in no chart "
        "and no quoted figure; the table lists them all."
    )
