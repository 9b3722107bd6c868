"""The costs of the war (chapters 4 and 10): the charts, their text summaries, the tables the
notebook shows and the page's summary in words (from the measures of :mod:`freezelines.model.costs`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import constants as C
from ..ingest.costs import MEASURES
from ..model.costs import ESSAY_FIGURE, PEAK_MONTH, first_day_at_least, meta_on, ukmod_cumulative_on, us_against_meta
from . import style

MEASURE_LABELS = {"casualties": "killed and wounded", "deaths": "killed"}

CASUALTY_COLOUR = C.OKABE_ITO["blue"]
DEATH_COLOUR = C.OKABE_ITO["vermillion"]
CI_ALPHA, PI_ALPHA = 0.18, 0.1
"""Opacity of the bands of the losses chart: the 95% confidence interval darker, the prediction interval lighter
(still distinct from white: tests/chart_marks.js)."""

SUMMARY_PREFIX = "**Text summary of the chart.**"
"""How every chart's text summary starts (Markdown, glued with :func:`freezelines.viz.figures.glue_summary`)."""


def territory_figure(lines: pd.DataFrame) -> go.Figure:
    """Horizontal bars: area held before 24 Feb 2022 and seized since, on the lines of :func:`territory_lines`."""
    lines = lines.assign(label=lines["label"].str.replace(": ", "<br>").str.replace(" (eve", "<br>(eve"))
    order = list(lines["label"])[::-1]
    split = lines[lines["held_before_2022_km2"].notna()]
    whole = lines[lines["held_before_2022_km2"].isna()]
    fig = go.Figure()
    fig.add_trace(
        go.Bar(
            y=split["label"],
            x=style.chart_values(split["held_before_2022_km2"], "km2"),
            orientation="h",
            name=f"held before {C.INVASION:%-d %b %Y}",
            marker_color=C.HELD_BEFORE_2022_COLOUR,
            hovertemplate=f"%{{x:,.0f}} km² held before {C.INVASION:%-d %b %Y}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=split["label"],
            x=style.chart_values(split["seized_since_2022_km2"], "km2"),
            orientation="h",
            name=f"seized since {C.INVASION:%-d %b %Y}",
            marker_color=C.SEIZED_SINCE_2022_COLOUR,
            hovertemplate=f"%{{x:,.0f}} km² seized since {C.INVASION:%-d %b %Y}<extra></extra>",
        )
    )
    fig.add_trace(
        go.Bar(
            y=whole["label"],
            x=style.chart_values(whole["total_km2"], "km2"),
            orientation="h",
            name="total, ISW (no before/since split)",
            marker_color=style.TRACKER_COLOURS["isw"],
            customdata=style.chart_values(whole["share_of_ukraine"] * 100, "percent"),
            hovertemplate="%{x:,.0f} km² in all (%{customdata:.1f}% of Ukraine)<extra></extra>",
        )
    )
    eve = lines.set_index("key").loc["eve", "total_km2"]
    essay = lines[lines["key"].str.startswith("essay_")]["total_km2"]
    peak = lines[lines["key"].str.startswith("peak_")]
    top = peak.loc[peak["total_km2"].idxmax()]
    title = (
        f"On the essay's date Russian forces held {essay.min():,.0f}–{essay.max():,.0f} km², "
        f"{essay.min() / eve:.1f} to {essay.max() / eve:.1f} times the {eve:,.0f} km² they held before the invasion; "
        f"in {PEAK_MONTH:%B %Y}, up to {top['total_km2']:,.0f} km²"
    )
    style.apply(fig, title, C.TRACKER_CREDIT, hovermode="y unified", height=520, left=8)
    fig.update_layout(barmode="stack")
    fig.update_xaxes(title_text="Area (km²)", tickformat="~s", rangemode="tozero")
    fig.update_yaxes(categoryorder="array", categoryarray=order)
    return fig


def describe_territory(lines: pd.DataFrame) -> str:
    parts = []
    for _, row in lines.iterrows():
        if pd.isna(row["held_before_2022_km2"]):
            parts.append(
                f"{row['label']}: {row['total_km2']:,.0f} km² in all ({row['share_of_ukraine']:.1%} of Ukraine; no split)"
            )
        elif row["key"] == "eve":
            parts.append(f"{row['label']}: {row['total_km2']:,.0f} km² ({row['share_of_ukraine']:.1%} of Ukraine)")
        else:
            parts.append(
                f"{row['label']}: {row['total_km2']:,.0f} km² ({row['share_of_ukraine']:.1%} of Ukraine), "
                f"of which {row['held_before_2022_km2']:,.0f} km² held before {C.INVASION:%-d %B %Y} and "
                f"{row['seized_since_2022_km2']:,.0f} km² seized since"
            )
    return f"{SUMMARY_PREFIX} Area held by Russian forces on each line: " + "; ".join(parts) + "."


LOSSES_CREDIT = (
    "The Economist's meta-estimate of Russian casualties (Solstad, CC BY 4.0); UK Ministry of Defence; "
    "the published estimates of non-warring parties listed in data/costs/published_estimates.csv"
)
POPULATION_CREDIT = "Ukrstat population on 1 January 2022 (settlements and hromadas); " + C.TRACKER_CREDIT
LOSS_VIEWS = {"first year": (C.INVASION.isoformat(), "2023-03-31"), "whole series": None}
"""The losses chart's views: the first year (to the end of March 2023, past the winter's offensives) and the whole series."""


def losses_figure(meta: pd.DataFrame, estimates: pd.DataFrame, monthly: pd.DataFrame) -> go.Figure:
    """Russian military losses over time: The Economist's meta-estimate of casualties and deaths with
    their 95% confidence (darker) and prediction (lighter) intervals, the UK MoD's cumulative
    monthly figures, the published estimates of non-warring parties, and the US figure of Nov 2022.
    Buttons switch between the first year and the whole series.
    """
    fig = go.Figure()
    colours = {"casualties": CASUALTY_COLOUR, "deaths": DEATH_COLOUR}
    bands = {
        measure: (style.rgba(colour, CI_ALPHA), style.rgba(colour, PI_ALPHA)) for measure, colour in colours.items()
    }
    for measure in MEASURES:
        rows = meta[meta["measure"] == measure]
        days = style.daily_steps(rows["date"], f"the meta-estimate of {measure}")
        label = MEASURE_LABELS[measure]
        ci, pi = bands[measure]
        for low, high, fill, name in (
            ("pi_low", "pi_high", pi, "95% prediction interval"),
            ("ci_lower", "ci_upper", ci, "95% confidence interval"),
        ):
            fig.add_trace(
                go.Scatter(
                    **days,
                    y=rows[high],
                    mode="lines",
                    line=dict(width=0),
                    showlegend=False,
                    hoverinfo="skip",
                    legendgroup=f"{measure}-{low}",
                    meta=dict(series=f"{label}: {name}, upper"),
                )
            )
            fig.add_trace(
                go.Scatter(
                    **days,
                    y=rows[low],
                    mode="lines",
                    line=dict(width=0),
                    fill="tonexty",
                    fillcolor=fill,
                    name=f"{label}: {name}",
                    meta=dict(series=f"{label}: {name}, lower"),  # the legend entry names the band
                    legendgroup=f"{measure}-{low}",
                    hoverinfo="skip",
                )
            )
        fig.add_trace(
            go.Scatter(
                **days,
                y=rows["estimate"],
                mode="lines",
                line=dict(color=colours[measure], width=2.5),
                name=f"{label}: The Economist's meta-estimate",
                customdata=np.stack([rows["ci_lower"], rows["ci_upper"], rows["pi_low"], rows["pi_high"]], axis=-1),
                hovertemplate="%{x}: %{y:,.0f} " + label + " (95% CI %{customdata[0]:,.0f}–%{customdata[1]:,.0f}; "
                "PI %{customdata[2]:,.0f}–%{customdata[3]:,.0f})<extra>meta-estimate</extra>",
            )
        )
    uk_start = pd.Timestamp(monthly["month"].iloc[0] + "-01")
    fig.add_trace(
        go.Scatter(
            x=list(monthly["as_of"].dt.strftime("%Y-%m-%d")),
            y=monthly["cumulative_casualties"],
            mode="lines+markers",
            line=dict(color=C.OKABE_ITO["green"], width=1.5, dash="dot"),
            marker=dict(size=5),
            name=f"killed and wounded: UK MoD, cumulative from {uk_start:%B %Y}",
            hovertemplate=f"%{{x}}: %{{y:,.0f}} killed and wounded since {uk_start:%-d %B %Y}<extra>UK MoD</extra>",
        )
    )
    shown = estimates[
        (estimates["country"] == "russia")
        & ~estimates["warring_party"]
        & (estimates["source"] != "UK MoD")
        & (estimates["origin"] != "facts")
    ]
    symbols = {"casualties": "diamond", "deaths": "circle"}
    for measure in MEASURES:
        rows = shown[shown["measure"] == measure]
        y = rows["estimate"].fillna(rows["estimate_low"]).fillna(rows["estimate_high"]).astype(float)
        mid = rows["estimate"].isna() & rows["estimate_low"].notna() & rows["estimate_high"].notna()
        y[mid] = ((rows.loc[mid, "estimate_low"] + rows.loc[mid, "estimate_high"]) / 2).astype(float)
        low = rows["estimate_low"].astype(float).fillna(y)
        high = rows["estimate_high"].astype(float).fillna(y)
        text = [_estimate_text(r) for _, r in rows.iterrows()]
        fig.add_trace(
            go.Scatter(
                x=list(rows["date"].dt.strftime("%Y-%m-%d")),
                y=y,
                mode="markers",
                marker=dict(
                    symbol=symbols[measure], size=8, color="white", line=dict(color=colours[measure], width=1.5)
                ),
                error_y=dict(
                    type="data",
                    symmetric=False,
                    array=(high - y).to_numpy(),
                    arrayminus=(y - low).to_numpy(),
                    color=colours[measure],
                    thickness=1,
                    width=3,
                ),
                name=f"{MEASURE_LABELS[measure]}: published estimates",
                text=text,
                hovertemplate="%{text}<extra></extra>",
            )
        )
    us = estimates[estimates["origin"] == "facts"].iloc[0]
    fig.add_trace(
        go.Scatter(
            x=[us["date"].strftime("%Y-%m-%d")],
            y=[float(us["estimate_low"])],
            mode="markers+text",
            marker=dict(symbol="triangle-up", size=14, color=C.OKABE_ITO["black"]),
            text=[f"US: >{us['estimate_low'] / 1000:,.0f}k"],
            textposition="top center",
            name=f"killed and wounded: US estimate of {us['date']:%-d %b %Y} ('well over' this)",
            hovertemplate="%{x}: more than %{y:,.0f} killed and wounded (US government)<extra></extra>",
        )
    )
    essay = C.ESSAY_DATE.isoformat()
    fig.add_shape(
        type="line",
        x0=essay,
        x1=essay,
        yref="paper",
        y0=0,
        y1=1,
        line=dict(color=C.OKABE_ITO["black"], width=1, dash="dash"),
    )
    fig.add_annotation(
        x=essay, yref="paper", y=1, text="essay", showarrow=False, xanchor="left", yanchor="top", xshift=4
    )

    on_essay = meta_on(C.ESSAY_DATE, "casualties", meta)
    title = (
        f"On the essay's date The Economist's meta-estimate put Russian killed and wounded at {on_essay['estimate']:,.0f} "
        f"(95% CI {on_essay['ci_lower']:,.0f}–{on_essay['ci_upper']:,.0f}); the US government had said more than "
        f"{us['estimate_low']:,.0f} on {us['date']:%-d %B %Y}"
    )
    style.apply(fig, title, LOSSES_CREDIT, hovermode="closest", controls=True, height=700)
    views = {}
    for name, span in LOSS_VIEWS.items():
        if span is None:
            start, end = meta["date"].min(), meta["date"].max()
        else:
            start, end = pd.Timestamp(span[0]), pd.Timestamp(span[1])
        visible = meta[(meta["date"] >= start) & (meta["date"] <= end)]
        top = max(visible["pi_high"].max(), float(us["estimate_low"]))
        top = max(
            top,
            float(
                shown.loc[
                    (shown["date"] >= start) & (shown["date"] <= end), ["estimate", "estimate_low", "estimate_high"]
                ]
                .max()
                .max()
            ),
        )
        views[name] = {
            "xaxis.range": [start.strftime("%Y-%m-%d"), end.strftime("%Y-%m-%d")],
            "yaxis.range": [0, top * 1.05],
        }
    fig.update_layout(
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                showactive=True,
                active=0,
                font=style.SMALL_FONT,
                **style.controls_row(fig),
                buttons=[dict(label=name.capitalize(), method="relayout", args=[args]) for name, args in views.items()],
            )
        ],
    )
    first = views["first year"]
    fig.update_xaxes(range=first["xaxis.range"], type="date")  # (the meta-estimate's traces give x0 and dx, no dates)
    fig.update_yaxes(title_text="Soldiers (persons)", tickformat="~s", range=first["yaxis.range"])
    return fig


def _estimate_text(row) -> str:
    def n(v):
        return f"{int(v):,}"

    bound = row["bound"]
    if bound == "point":
        value = n(row["estimate"])
    elif bound == "point with range":
        low = n(row["estimate_low"]) if pd.notna(row["estimate_low"]) else "?"
        high = n(row["estimate_high"]) if pd.notna(row["estimate_high"]) else "?"
        value = f"{n(row['estimate'])} ({low}–{high})"
    elif bound == "range":
        value = f"{n(row['estimate_low'])}–{n(row['estimate_high'])}"
    elif bound == "at least":
        value = f"at least {n(row['estimate_low'])}"
    else:
        value = f"at most {n(row['estimate_high'])}"
    return f"{row['date']:%-d %b %Y}, {row['source']}: {value} {MEASURE_LABELS[row['measure']]}"


def describe_losses(meta: pd.DataFrame, estimates: pd.DataFrame, monthly: pd.DataFrame) -> str:
    essay = meta_on(C.ESSAY_DATE, "casualties", meta)
    deaths = meta_on(C.ESSAY_DATE, "deaths", meta)
    last_day = meta["date"].max()
    last = meta_on(last_day, "casualties", meta)
    cross = first_day_at_least(ESSAY_FIGURE, "estimate", "casualties", meta)
    us = us_against_meta(meta, estimates)
    uk_day, uk_total = ukmod_cumulative_on(C.ESSAY_DATE, monthly)
    uk_start = pd.Timestamp(monthly["month"].iloc[0] + "-01")
    uk_next = monthly[monthly["as_of"] > pd.Timestamp(C.ESSAY_DATE)].iloc[0]
    return (
        f"{SUMMARY_PREFIX} The Economist's meta-estimate of Russian soldiers killed and wounded rises from "
        f"{meta_on(meta['date'].min(), 'casualties', meta)['estimate']:,} on {meta['date'].min():%-d %B %Y} to "
        f"{essay['estimate']:,} on the essay's date, {C.ESSAY_DATE:%-d %B %Y} (95% confidence interval {essay['ci_lower']:,}–{essay['ci_upper']:,}; 95% prediction interval "
        f"{essay['pi_low']:,}–{essay['pi_high']:,}), with {deaths['estimate']:,} killed (95% CI {deaths['ci_lower']:,}–{deaths['ci_upper']:,}). "
        f"Its central estimate first reaches {ESSAY_FIGURE:,} on {cross:%-d %B %Y}, and stands at {last['estimate']:,} on {last_day:%-d %B %Y}. "
        f"The US government's figure of {us['date']:%-d %B %Y}, more than {us['value']:,.0f} killed and wounded, lies {us['ci']} "
        f"the meta-estimate's confidence interval for that day ({us['meta']['ci_lower']:,}–{us['meta']['ci_upper']:,}) and {us['pi']} "
        f"its prediction interval ({us['meta']['pi_low']:,}–{us['meta']['pi_high']:,}). The UK Ministry of Defence's monthly figures give "
        f"{uk_total:,} killed and wounded from {uk_start:%-d %B} to {uk_day - pd.Timedelta(days=1):%-d %B %Y} and "
        f"{int(uk_next['cumulative_casualties']):,} to {uk_next['as_of'] - pd.Timedelta(days=1):%-d %B %Y}. "
        "Published estimates by non-warring parties are shown as markers, ranges as error bars."
    )


def population_figure(series: pd.DataFrame) -> go.Figure:
    """Pre-war residents of the Russian-held area over time (outside Crimea), by tracker, with the split
    (people of the settlements inside and the areal share of the rural population) and the 2014-2022 line.
    Buttons choose whose split is shown; the range slider zooms."""
    eve = series[series["source"] == "eve_of_invasion"].iloc[0]
    fig = go.Figure()
    parts = {
        "settlements": ("cities and urban-type settlements inside", 0.75),
        "areal": ("rural population, areal share", 0.4),
    }
    traces = {}
    for source in C.MAP_TRACKERS:
        rows = series[series["source"] == source]
        x = list(rows["date"].dt.strftime("%Y-%m-%d"))
        colour = style.TRACKER_COLOURS[source]
        for column, (label, alpha) in parts.items():
            traces[(source, column)] = len(fig.data)
            fig.add_trace(
                go.Scatter(
                    x=x,
                    y=rows[column],
                    stackgroup=source,
                    mode="lines",
                    line=dict(width=0.5, color=colour),
                    fillcolor=style.rgba(colour, alpha),
                    name=f"{C.SOURCE_LABELS[source]}: {label}",
                    hovertemplate="%{y:,.0f}<extra>" + f"{C.SOURCE_LABELS[source]}: {label}" + "</extra>",
                    visible=source == "deepstate",
                )
            )
        traces[(source, "total")] = len(fig.data)
        fig.add_trace(
            go.Scatter(
                x=x,
                y=rows["total"],
                mode="lines",
                line=dict(color=colour, width=2, dash="solid" if source == "deepstate" else "dot"),
                name=f"{C.SOURCE_LABELS[source]}: total",
                customdata=rows["total_km2"],
                hovertemplate="%{y:,.0f} people in %{customdata:,.0f} km²<extra>"
                + f"{C.SOURCE_LABELS[source]}: total"
                + "</extra>",
            )
        )
    x_all = list(series.loc[series["source"] != "eve_of_invasion", "date"].dt.strftime("%Y-%m-%d"))
    traces["eve"] = len(fig.data)
    fig.add_trace(
        go.Scatter(
            x=[min(x_all), max(x_all)],
            y=[eve["total"]] * 2,
            mode="lines",
            line=dict(color=C.HELD_BEFORE_2022_COLOUR, width=1.5, dash="dash"),
            name="2014–2022 line (eve of the invasion)",
            hovertemplate=f"{int(eve['total']):,} people inside the 2014–2022 line<extra></extra>",
        )
    )
    n = len(fig.data)

    def visible(source):
        keep = {traces[(s, "total")] for s in C.MAP_TRACKERS} | {traces["eve"]}
        if source:
            keep |= {traces[(source, c)] for c in parts}
        return [i in keep for i in range(n)]

    essay = series[series["date"] == pd.Timestamp(C.ESSAY_DATE)].set_index("source")
    ds = essay.loc["deepstate"]
    lv = essay.loc["liveuamap"]
    same = f"{ds['total'] / 1e6:.1f}" == f"{lv['total'] / 1e6:.1f}"
    trackers = (
        "on both trackers" if same else f"{C.SOURCE_LABELS['deepstate']}; {lv['total'] / 1e6:.1f} million on liveuamap"
    )
    title = (
        f"On the essay's date about {ds['total'] / 1e6:.1f} million pre-war residents lived in the Russian-held area "
        f"outside Crimea ({trackers}), {(ds['total'] - eve['total']) / 1e6:.1f} million more than inside the 2014–2022 line"
    )
    style.apply(fig, title, POPULATION_CREDIT, controls=True, height=520)
    fig.update_layout(
        updatemenus=[
            dict(
                type="dropdown",
                direction="down",
                showactive=True,
                active=0,
                font=style.SMALL_FONT,
                **style.controls_row(fig),
                buttons=[
                    dict(label="DeepStateMap split", method="restyle", args=[{"visible": visible("deepstate")}]),
                    dict(label="liveuamap split", method="restyle", args=[{"visible": visible("liveuamap")}]),
                    dict(label="Totals", method="restyle", args=[{"visible": visible(None)}]),
                ],
            )
        ],
    )
    fig.update_yaxes(title_text="Residents (persons)", tickformat="~s", rangemode="tozero")
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.08))
    return fig


def describe_population(series: pd.DataFrame) -> str:
    eve = series[series["source"] == "eve_of_invasion"].iloc[0]
    parts = []
    for source in C.MAP_TRACKERS:
        rows = series[series["source"] == source].set_index("date")
        top = rows["total"].idxmax()
        essay = rows.loc[pd.Timestamp(C.ESSAY_DATE)]
        parts.append(
            f"{C.SOURCE_LABELS[source]}, weekly from {rows.index[0]:%-d %B %Y} to {rows.index[-1]:%-d %B %Y}: "
            f"{rows['total'].iloc[0]:,} on the first day, most on {top:%-d %B %Y} ({rows.loc[top, 'total']:,}), "
            f"{essay['total']:,} on the essay's date ({essay['settlements']:,} in settlements inside the area plus "
            f"{essay['areal']:,} as an areal share of rural population) and {rows['total'].iloc[-1]:,} on the last day"
        )
    return (
        f"{SUMMARY_PREFIX} Pre-war residents (Ukrstat, 1 January 2022) of the area held by Russian forces, "
        f"Crimea and Sevastopol not counted: {int(eve['total']):,} inside the 2014–2022 line; " + "; ".join(parts) + "."
    )


def children_table(facts: pd.DataFrame) -> pd.DataFrame:
    """The figures on children taken to Russia, oldest first: date, number, who counted, what it counts, basis."""
    rows = facts[facts["topic"] == "children"].reset_index()
    rows = rows.sort_values(["as_of", "value"], kind="stable")
    return pd.DataFrame(
        {
            "as of": rows["as_of"],
            "children": rows["value"].map("{:,}".format),
            "counted by": rows["counted_by"],
            "what it counts": rows["counts"],
            "basis": rows["basis"],
            "source": rows["source_title"],
        }
    ).reset_index(drop=True)


def summary(ch04: dict, ch10: dict) -> str:
    """The notebook's closing summary, in words, from the glued numbers."""
    return "\n".join(
        [
            f"- **Territory.** Before the invasion Russia held {ch04['ch04-eve-km2']:,.0f} km² of Ukraine "
            f"({ch04['ch04-eve-share']:.1f}%). In {PEAK_MONTH:%B %Y} it held up to {ch04['ch04-peak-liveuamap-km2']:,.0f} km² "
            f"(liveuamap) or {ch04['ch04-peak-isw-km2']:,.0f} km² (ISW); on the essay's date, {ch04['ch04-essay-isw-km2']:,.0f} to "
            f"{ch04['ch04-essay-deepstate-km2']:,.0f} km² depending on the tracker, {ch04['ch04-essay-ratio-min']:.1f} to "
            f"{ch04['ch04-essay-ratio-max']:.1f} times the pre-invasion area.",
            f"- **Losses.** The US government said on {ch04['ch04-us-date']} that well over {ch04['ch04-us-value']:,} Russian soldiers "
            f"had been killed or wounded. The Economist's meta-estimate, fitted years later, gives {ch04['ch04-meta-essay-estimate']:,} "
            f"on the essay's date (95% CI {ch04['ch04-meta-essay-ci-lower']:,}–{ch04['ch04-meta-essay-ci-upper']:,}) and reaches "
            f"{ESSAY_FIGURE:,} on {ch04['ch04-meta-cross-100k-date']}; the UK Ministry of Defence's monthly series gives "
            f"{ch04['ch04-ukmod-after-total']:,} by {ch04['ch04-ukmod-after-end']}.",
            f"- **People.** About {ch10['ch10-pop-essay-deepstate'] / 1e6:.1f} million pre-war residents (outside Crimea) lived in the "
            f"area Russia held on the essay's date, against {ch10['ch10-pop-eve'] / 1e6:.1f} million inside the 2014–2022 line: "
            "pre-war residents, not the people who live there now.",
            f"- **Children.** Ukrainian government counts of children taken to Russia rose from {ch10['ch10-children-nib']:,} "
            f"(to {ch10['ch10-children-nib-date']}) to more than {ch10['ch10-children-lubinets']:,} verified cases by "
            f"{ch10['ch10-children-lubinets-date']} and {ch10['ch10-children-later']:,} by {ch10['ch10-children-later-date']}; "
            "none is an independent count.",
        ]
    )
