"""The ceasefire record in Donbas, 2014-2022: the charts of chapters 2 and 3, their text
summaries, and the page's summary in words (from the measures of :mod:`freezelines.model.conflict`)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from .. import constants as C
from ..ingest.conflict import WINDOWS
from ..model.conflict import (
    OSCE_MONTH_FROM,
    _day_label,
    _month_label,
    measures_period,
    ohchr_numbers,
    osce_numbers,
    quiet_spells,
    record_numbers,
    weekend_report,
    window_numbers,
    yearly_ucdp,
)
from . import style

GROUP_COLOURS = {
    "Minsk agreements": C.OKABE_ITO["vermillion"],
    "Contact Group ceasefire": C.OKABE_ITO["blue"],
    "Normandy summit": C.OKABE_ITO["purple"],
}
CEASEFIRE_COLOUR = C.OKABE_ITO["vermillion"]
TIMELINE_MONTHS_BEFORE, TIMELINE_MONTHS_AFTER = 3, 2
"""The ceasefire timeline opens this many months before the first ceasefire and closes this many after the invasion."""


UCDP_CREDIT = "UCDP Georeferenced Event Dataset (GED) 23.1, Uppsala Conflict Data Program"
CEASEFIRES_CREDIT = "ceasefire dates compiled for this book with per-row citations; deaths: " + UCDP_CREDIT
OHCHR_CREDIT = "OHCHR / UN Human Rights Monitoring Mission in Ukraine; " + UCDP_CREDIT
OSCE_CREDIT = "OSCE Special Monitoring Mission to Ukraine, daily and spot reports"


def _scale_buttons(fig: go.Figure, axis: str, linear_title: str, log_title: str, active_log: bool) -> list[dict]:
    """Linear and log scale switches, on the controls row."""
    return [
        dict(
            type="buttons",
            direction="right",
            showactive=True,
            active=1 if active_log else 0,
            font=style.SMALL_FONT,
            **style.controls_row(fig),
            buttons=[
                dict(
                    label="Linear",
                    method="relayout",
                    args=[{f"{axis}.type": "linear", f"{axis}.title.text": linear_title}],
                ),
                dict(label="Log", method="relayout", args=[{f"{axis}.type": "log", f"{axis}.title.text": log_title}]),
            ],
        )
    ]


def _ceasefire_hover(ceasefires: pd.DataFrame, windows: pd.DataFrame) -> list[str]:
    merged = ceasefires.merge(windows.drop(columns=["short_name", "date_marked"]), on="ceasefire_id", how="left")
    texts = []
    for _, row in merged.iterrows():
        agreed = _day_label(row["date_agreed"]) if pd.notna(row["date_agreed"]) else "not given"
        effective = _day_label(row["date_effective"]) if pd.notna(row["date_effective"]) else "not given"
        caveat = f"<br><i>Source: {row['source_caveat']}</i>" if row["source_caveat"] else ""
        first = row["days_to_first_lethal_event"]
        when = "the same day" if first == 0 else ("the next day" if first == 1 else f"{first} days later")
        texts.append(
            f"<b>{row['name']}</b><br>{row['format']}<br>agreed: {agreed}; in force: {effective}<br>"
            f"{style.wrap_title(str(row['description']), 60)}<br>"
            f"UCDP deaths, 30 days before / after: {row['deaths_30d_before']:,.0f} / {row['deaths_30d_after']:,.0f}<br>"
            f"first exactly dated fatal event: {when} ({_day_label(row['first_lethal_event_date'])})"
            f"<br>source: {row['source_title']}{caveat}"
        )
    return texts


def ceasefire_timeline(ceasefires: pd.DataFrame, windows: pd.DataFrame) -> go.Figure:
    """Chapter 2: every ceasefire on a timeline, one row each, coloured by kind of agreement; a
    small cross marks the first exactly dated fatal event after it (zoom in with the slider)."""
    numbers = window_numbers(windows, ceasefires)
    hover = _ceasefire_hover(ceasefires, windows)
    merged = ceasefires.merge(windows.drop(columns=["short_name", "date_marked"]), on="ceasefire_id", how="left")
    rows = list(merged["short_name"])
    fig = go.Figure()
    for _, row in merged.iterrows():
        if (
            pd.notna(row["date_agreed"])
            and pd.notna(row["date_effective"])
            and row["date_agreed"] < row["date_effective"]
        ):
            fig.add_trace(
                go.Scatter(
                    x=[row["date_agreed"].strftime("%Y-%m-%d"), row["date_effective"].strftime("%Y-%m-%d")],
                    y=[row["short_name"]] * 2,
                    mode="lines",
                    line=dict(color=GROUP_COLOURS[row["group"]], width=5),
                    hoverinfo="skip",
                    showlegend=False,
                    meta=dict(series="from the day agreed to the day in effect"),
                )
            )
    for group, colour in GROUP_COLOURS.items():
        index = merged.index[merged["group"] == group]
        if not len(index):
            continue
        sub = merged.loc[index]
        fig.add_trace(
            go.Scatter(
                x=sub["date_marked"].dt.strftime("%Y-%m-%d"),
                y=sub["short_name"],
                mode="markers",
                name=group,
                marker=dict(
                    color=colour,
                    size=13,
                    symbol=["circle-open" if c else "circle" for c in sub["source_caveat"]],
                    line=dict(width=2.5, color=colour),
                ),
                customdata=[hover[i] for i in index],
                hovertemplate="%{customdata}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name="open marker: source is a Russian state or pro-Russian outlet",
            marker=dict(symbol="circle-open", size=13, color=C.OKABE_ITO["black"], line=dict(width=2)),
            hoverinfo="skip",
        )
    )
    when = [
        "the same day" if d == 0 else ("the next day" if d == 1 else f"{d} days later")
        for d in merged["days_to_first_lethal_event"]
    ]
    fig.add_trace(
        go.Scatter(
            x=merged["first_lethal_event_date"].dt.strftime("%Y-%m-%d"),
            y=rows,
            mode="markers",
            name="first exactly dated fatal event after it (UCDP)",
            marker=dict(
                symbol="x-thin", size=9, color=C.OKABE_ITO["black"], line=dict(width=2, color=C.OKABE_ITO["black"])
            ),
            customdata=np.column_stack(
                [
                    rows,
                    when,
                    [_day_label(d) for d in merged["first_lethal_event_date"]],
                    merged["first_lethal_event_deaths"],
                ]
            ),
            hovertemplate="After %{customdata[0]}: first exactly dated fatal event %{customdata[1]}, "
            "%{customdata[2]} (%{customdata[3]} dead that day)<extra></extra>",
        )
    )
    invasion = C.INVASION.strftime("%Y-%m-%d")
    fig.add_shape(
        type="line",
        x0=invasion,
        x1=invasion,
        y0=0,
        y1=1,
        yref="paper",
        line=dict(color=C.OKABE_ITO["black"], width=1.5, dash="dot"),
    )
    fig.add_annotation(
        x=invasion,
        y=1,
        yref="paper",
        text=f"full-scale invasion,<br>{C.INVASION:%-d %b %Y}",
        showarrow=False,
        xanchor="right",
        yanchor="top",
        font=dict(size=11),
    )
    title = (
        f"{numbers['ceasefires']} ceasefires between {numbers['first_ceasefire']} and {numbers['last_ceasefire']}: "
        f"after every one, UCDP recorded a fatal clash within {numbers['max_days_to_first_death']} days"
    )
    style.apply(fig, title, CEASEFIRES_CREDIT, hovermode="closest", height=620)
    fig.update_yaxes(title_text="", categoryorder="array", categoryarray=rows[::-1], showgrid=True)
    start = (ceasefires["date_marked"].min() - pd.DateOffset(months=TIMELINE_MONTHS_BEFORE)).replace(day=1)
    end = (pd.Timestamp(C.INVASION) + pd.DateOffset(months=TIMELINE_MONTHS_AFTER)).to_period("M").end_time
    fig.update_xaxes(
        title_text="",
        range=[f"{start:%Y-%m-%d}", f"{end:%Y-%m-%d}"],
        rangeslider=dict(visible=True, thickness=0.07),
        type="date",
    )
    return fig


def describe_ceasefire_timeline(ceasefires: pd.DataFrame, windows: pd.DataFrame) -> str:
    numbers = window_numbers(windows, ceasefires)
    merged = ceasefires.merge(windows[["ceasefire_id", "days_to_first_lethal_event"]], on="ceasefire_id")
    lines = []
    for _, row in merged.iterrows():
        first = row["days_to_first_lethal_event"]
        when = "the same day" if first == 0 else ("the next day" if first == 1 else f"{first} days later")
        flag = f" (source: {row['source_caveat']})" if row["source_caveat"] else ""
        lines.append(
            f"- {_day_label(row['date_marked'])}: {row['short_name']} ({row['group']}){flag}; first exactly dated fatal event {when}."
        )
    return (
        f"**Text summary of the chart.** {numbers['ceasefires']} ceasefires and agreements, from "
        f"{numbers['first_ceasefire']} to {numbers['last_ceasefire']}, in the order they took effect "
        f"(or were agreed, where no start date is known):\n\n"
        + "\n".join(lines)
        + f"\n\nThe full-scale invasion followed on {_day_label(C.INVASION)}, "
        f"{numbers['days_minsk2_to_invasion']:,} days after the Minsk II ceasefire took effect."
    )


def monthly_deaths(monthly: pd.DataFrame, ceasefires: pd.DataFrame) -> go.Figure:
    """Chapter 3: UCDP deaths per month with the low-high band and every ceasefire marked."""
    numbers = record_numbers(monthly)
    x = monthly["month"] + "-01"
    common = dict(x=x, xperiod="M1", xperiodalignment="middle")
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            **common,
            y=monthly["deaths_high"],
            mode="lines",
            line=dict(width=0),
            hoverinfo="skip",
            showlegend=False,
            meta=dict(series="high estimate"),
        )
    )
    fig.add_trace(
        go.Scatter(
            **common,
            y=monthly["deaths_low"],
            mode="lines",
            line=dict(width=0),
            fill="tonexty",
            fillcolor=style.rgba(C.OKABE_ITO["sky"], 0.35),
            name="low-high range",
            meta=dict(series="low estimate"),  # the band's lower edge; its legend entry names the band
            hoverinfo="skip",
        )
    )
    labels = [_month_label(m) for m in monthly["month"]]
    fig.add_trace(
        go.Scatter(
            **common,
            y=monthly["deaths_best"],
            mode="lines+markers",
            name="best estimate",
            line=dict(color=C.OKABE_ITO["blue"], width=2),
            marker=dict(size=4),
            customdata=np.column_stack(
                [labels, monthly["deaths_low"], monthly["deaths_high"], monthly["events"], monthly["deaths_civilians"]]
            ),
            hovertemplate="<b>%{customdata[0]}</b><br>%{y:,} deaths (best estimate)<br>low-high: %{customdata[1]}-%{customdata[2]}"
            "<br>%{customdata[3]} events; %{customdata[4]} civilians<extra></extra>",
        )
    )
    for day in ceasefires["date_marked"].dt.strftime("%Y-%m-%d"):
        fig.add_shape(
            type="line",
            x0=day,
            x1=day,
            y0=0,
            y1=1,
            yref="paper",
            line=dict(color=CEASEFIRE_COLOUR, width=1, dash="dash"),
            layer="below",
        )
    fig.add_trace(
        go.Scatter(
            x=ceasefires["date_marked"].dt.strftime("%Y-%m-%d"),
            y=[1.0] * len(ceasefires),
            yaxis="y2",
            mode="markers",
            name="ceasefire",
            marker=dict(symbol="triangle-down", size=11, color=CEASEFIRE_COLOUR),
            customdata=np.column_stack([ceasefires["short_name"], [_day_label(d) for d in ceasefires["date_marked"]]]),
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<extra></extra>",
        )
    )
    title = (
        f"UCDP recorded deaths in all {numbers['months_with_lethal_event']} of {numbers['months']} months from "
        f"{numbers['first_month']} to {numbers['last_month']}; after the Minsk II ceasefire the median month fell "
        f"from {numbers['median_month_before_minsk2']:,.0f} to {numbers['median_month_after_minsk2']:,.0f} deaths"
    )
    style.apply(fig, title, UCDP_CREDIT, hovermode="closest", controls=True, height=500)
    log_title, linear_title = "Deaths (a month, log)", "Deaths (a month)"
    fig.update_layout(
        yaxis=dict(title_text=log_title, type="log", tickformat=",d"),
        yaxis2=dict(overlaying="y", range=[0, 1.05], visible=False, fixedrange=True),
        updatemenus=_scale_buttons(fig, "yaxis", linear_title, log_title, active_log=True),
    )
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.08))
    return fig


def _ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def _part_of_year(monthly: pd.DataFrame, year: int) -> str:
    """How much of a year the record covers, when not all of it: the first year from its first
    month, the last to the eve of the invasion."""
    months = [pd.Timestamp(m + "-01") for m in monthly["month"] if m.startswith(str(year))]
    if len(months) == 12:
        return ""
    if year == int(monthly["month"].iloc[0][:4]):
        return f" (from {months[0]:%B})"
    names = " and ".join(f"{m:%B}" for m in months)
    return f" ({names}, to the {_ordinal(C.EVE_OF_INVASION.day)})"


def describe_monthly_deaths(monthly: pd.DataFrame, ceasefires: pd.DataFrame) -> str:
    n = record_numbers(monthly)
    yearly = yearly_ucdp(monthly)
    lines = [
        f"- {year}: {row['deaths_best']:,} deaths (low {row['deaths_low']:,}, high {row['deaths_high']:,}), "
        f"{row['events']:,} events, {row['deaths_civilians']:,} of the deaths civilians" + _part_of_year(monthly, year)
        for year, row in yearly.iterrows()
    ]
    return (
        f"**Text summary of the chart.** Deaths per month recorded by UCDP in the Donbas war, "
        f"{n['first_month']} to {n['last_month']}, with {len(ceasefires)} ceasefire dates marked. "
        f"{n['months_with_lethal_event']} of the {n['months']} months have at least one fatal event, and "
        f"{n['months_with_two_lethal_events']} at least two; the quietest month was {n['lowest_month']} with "
        f"{n['lowest_month_deaths']} deaths. By year:\n\n" + "\n".join(lines)
    )


def ceasefire_effects(windows: pd.DataFrame, ceasefires: pd.DataFrame) -> go.Figure:
    """Chapter 3: deaths in the days before and after each ceasefire (30 or 90 days, buttons)."""
    labels = [f"{name}<br>{day.day} {day:%b %Y}" for name, day in zip(windows["short_name"], windows["date_marked"])]
    fig = go.Figure()
    for window in WINDOWS:
        visible = window == 90
        before, after = windows[f"deaths_{window}d_before"], windows[f"deaths_{window}d_after"]
        xs, ys = [], []
        for label, b, a in zip(labels, before, after):
            xs += [max(b, 0.5), max(a, 0.5), None]
            ys += [label, label, None]
        fig.add_trace(
            go.Scatter(
                x=xs,
                y=ys,
                mode="lines",
                line=dict(color="#9a9a9a", width=2),
                hoverinfo="skip",
                showlegend=False,
                visible=visible,
                meta=dict(drawn_only=True),  # joins the two markers; their values are in the CSV
            )
        )
        for values, name, colour, symbol in (
            (before, f"{window} days before", C.OKABE_ITO["orange"], "circle-open"),
            (after, f"{window} days from the ceasefire", C.OKABE_ITO["blue"], "circle"),
        ):
            fig.add_trace(
                go.Scatter(
                    x=values.clip(lower=0.5),
                    y=labels,
                    mode="markers",
                    name=name,
                    visible=visible,
                    marker=dict(color=colour, size=12, symbol=symbol, line=dict(width=2, color=colour)),
                    customdata=values,
                    hovertemplate="%{y}<br>" + name + ": %{customdata:,.0f} deaths<extra></extra>",
                    meta=dict(values="customdata"),  # a zero is drawn at 0.5 on the log axis
                )
            )
    counts = {window: window_numbers(windows, ceasefires, window) for window in WINDOWS}
    n = counts[90]
    title = (
        f"Fewer deaths were recorded in the 90 days after {n['fell']} of the {n['ceasefires']} ceasefires than in the "
        f"90 days before ({counts[30]['fell']} of {n['ceasefires']} over 30 days); none brought them to zero (UCDP best estimates)"
    )
    style.apply(fig, title, CEASEFIRES_CREDIT, hovermode="closest", controls=True, height=720)
    buttons = []
    for i, window in enumerate(WINDOWS):
        visible = [j // 3 == i for j in range(3 * len(WINDOWS))]
        buttons.append(dict(label=f"{window} days", method="restyle", args=[{"visible": visible}]))
    fig.update_layout(
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                active=WINDOWS.index(90),
                buttons=buttons,
                font=style.SMALL_FONT,
                **style.controls_row(fig),
            )
        ],
    )
    fig.update_xaxes(title_text="Deaths (log scale)", type="log", tickformat=",d", dtick=1)
    fig.update_yaxes(title_text="", autorange="reversed", showgrid=True)
    return fig


def describe_ceasefire_effects(windows: pd.DataFrame, ceasefires: pd.DataFrame, window: int = 90) -> str:
    n = window_numbers(windows, ceasefires, window)
    lines = [
        f"- {row['short_name']} ({_day_label(row['date_marked'])}): {row[f'deaths_{window}d_before']:,.0f} before, "
        f"{row[f'deaths_{window}d_after']:,.0f} after"
        for _, row in windows.iterrows()
    ]
    return (
        f"**Text summary of the chart.** UCDP best-estimate deaths in the {window} days before each ceasefire and the "
        f"{window} days from it. Fewer deaths after {n['fell']} of {n['ceasefires']}, more after {n['rose']} "
        f"({n['exceptions']}); {n['zero_after']} of the windows after a ceasefire were free of deaths.\n\n"
        + "\n".join(lines)
    )


VERIFICATION_LABELS = {
    "verified": "figure found in a stored copy of the report",
    "consistent": "consistent with OHCHR's figures for part of the year",
    "derived": "derived: a verified two-year total minus a verified year",
    "sum_verified_only": "not found alone; fits a verified subtotal",
    "sum_consistent_only": "not found alone; fits the stated 2016-2021 total",
}
"""What each ``verification`` value of ``ohchr_yearly.csv`` means (see the raw PROVENANCE.md)."""


def ohchr_civilians(yearly: pd.DataFrame, monthly: pd.DataFrame, totals: pd.DataFrame) -> go.Figure:
    """Chapter 3: OHCHR's civilian deaths per year, how each was checked, and UCDP's civilian count."""
    n = ohchr_numbers(yearly, totals, monthly)
    ucdp = yearly_ucdp(monthly)
    ucdp = ucdp[ucdp.index <= yearly["year"].max()]
    checked = yearly["verification"].isin(["verified", "consistent"])
    fig = go.Figure()
    for mask, name, colour, pattern in (
        (checked, "OHCHR, year found in a stored copy", C.OKABE_ITO["blue"], ""),
        (~checked, "OHCHR, year inferred from verified totals", C.OKABE_ITO["sky"], "/"),
    ):
        rows = yearly[mask]
        fig.add_trace(
            go.Bar(
                x=rows["year"],
                y=rows["civilians_killed"],
                name=name,
                marker=dict(color=colour, pattern=dict(shape=pattern)),
                customdata=np.column_stack(
                    [
                        rows["verification"].map(VERIFICATION_LABELS),
                        np.where(rows["includes_mh17"], "includes the 298 killed on MH17", ""),
                    ]
                ),
                hovertemplate="%{x}: %{y:,} civilians killed (OHCHR)<br>%{customdata[0]}<br>%{customdata[1]}<extra></extra>",
            )
        )
    fig.add_trace(
        go.Scatter(
            x=list(ucdp.index),
            y=ucdp["deaths_civilians"],
            name="UCDP, civilian deaths in state-based events",
            mode="markers+lines",
            line=dict(color=C.OKABE_ITO["vermillion"], dash="dot"),
            marker=dict(symbol="diamond", size=10),
            hovertemplate="%{x}: %{y:,} civilian deaths (UCDP)<extra></extra>",
        )
    )
    title = (
        f"The UN counted {n['civilians_2014_2015']:,} civilians killed in 2014-2015 and {n['civilians_2016_2021']:,} "
        f"in the six years 2016-2021 ({n['civilians_total']:,} in all, MH17 included)"
    )
    style.apply(fig, title, OHCHR_CREDIT, controls=True)
    log_title, linear_title = "Civilians killed (a year, log)", "Civilians killed (a year)"
    fig.update_layout(
        barmode="group", updatemenus=_scale_buttons(fig, "yaxis", linear_title, log_title, active_log=False)
    )
    fig.update_yaxes(title_text=linear_title, tickformat=",d")
    first = yearly.sort_values("year").iloc[0]
    fig.update_xaxes(title_text=f"Year ({first['year']}: from {first['period_start']:%-d %B})", dtick=1)
    return fig


def describe_ohchr_civilians(yearly: pd.DataFrame, monthly: pd.DataFrame, totals: pd.DataFrame) -> str:
    n = ohchr_numbers(yearly, totals, monthly)
    ucdp = yearly_ucdp(monthly)["deaths_civilians"]
    lines = [
        f"- {row['year']}: {row['civilians_killed']:,} (OHCHR; {VERIFICATION_LABELS[row['verification']]}"
        + ("; includes MH17" if row["includes_mh17"] else "")
        + f"); UCDP: {int(ucdp.loc[row['year']]):,}"
        for _, row in yearly.iterrows()
    ]
    lower = int((ucdp.reindex(yearly["year"]).to_numpy() < yearly["civilians_killed"].to_numpy()).sum())
    return (
        f"**Text summary of the chart.** Civilians killed per year in the Donbas war. OHCHR counted "
        f"{n['civilians_total']:,} in all, {n['civilians_2014_2015_share_pct']:.0f}% of them in 2014-2015. UCDP's "
        f"civilian count, which covers only deaths in fighting between the government and the armed groups, is lower "
        f"in {lower} of the {len(yearly)} years:\n\n" + "\n".join(lines)
    )


def osce_february(daily: pd.DataFrame, periods: pd.DataFrame) -> go.Figure:
    """Chapter 3: violations the OSCE monitors recorded per day: the days of 2021 in the compiled
    file and February 2022 (one bar per reported day; days without a stored report are absent)."""
    n = osce_numbers(daily, periods)
    fig = go.Figure()
    colours = {"Donetsk": C.OKABE_ITO["blue"], "Luhansk": C.OKABE_ITO["orange"]}
    one_day = daily[daily["period_hours"] == 24]
    weekend = daily[daily["period_hours"] > 24]
    weekend_days = list(weekend["date"] - pd.Timedelta(days=1))
    days = sorted(set(one_day["date"]) | set(weekend_days))
    label = {day: f"{day.day} {day:%b %y}" for day in days}
    for region, colour in colours.items():
        rows = one_day[one_day["region"] == region]
        fig.add_trace(
            go.Bar(
                x=rows["date"].map(label),
                y=rows["ceasefire_violations"],
                name=f"{region} oblast",
                marker_color=colour,
                customdata=np.column_stack([rows["report"], rows["kind"].str.replace("_", " ")]),
                hovertemplate=region + ": %{y:,} violations<br>%{customdata[0]} (%{customdata[1]})<extra></extra>",
            )
        )
    if len(weekend):
        report = weekend_report(daily)
        region, hours, last = report["region"], int(report["period_hours"]), report["date"]
        fig.add_trace(
            go.Scatter(
                x=[label[d] for d in weekend_days],
                y=weekend["ceasefire_violations"] / (hours / 24),
                mode="markers",
                name=f"{region}, {hours}-hour weekend report, per day",
                marker=dict(symbol="diamond-open", size=13, color=colours[region], line=dict(width=2.5)),
                customdata=weekend["ceasefire_violations"],
                hovertemplate=f"{region}: %{{customdata:,}} violations over {hours} hours to {last:%-d %b} "
                "(%{y:,.0f} a day)<extra></extra>",
            )
        )
    calm = measures_period(periods)
    # The calm months' average: a dotted line across every day, named in the legend (a label on
    # the plot sat on the bars of the first days).
    fig.add_trace(
        go.Scatter(
            x=[label[d] for d in days],
            y=[n["measures_per_day"]] * len(days),
            mode="lines",
            name=f"{n['measures_per_day']:.1f} a day on average, {calm['period_start']:%-d %b} – "
            f"{calm['period_end']:%-d %b %Y}",
            line=dict(color=C.OKABE_ITO["black"], dash="dot", width=1.5),
            hoverinfo="skip",
        )
    )
    title = (
        f"Ceasefire violations recorded by OSCE monitors rose from {n['surge_start_total']:,} on "
        f"{n['surge_start_day'].rsplit(' ', 1)[0]} to {n['peak_total']:,} on {n['peak_day']}, "
        f"{n['peak_ratio']:.0f} times as many, days before the invasion"
    )
    style.apply(fig, title, OSCE_CREDIT, controls=True, height=500)
    month_from = pd.Timestamp(OSCE_MONTH_FROM)
    first_of_month = next(i for i, d in enumerate(days) if d >= month_from)
    february = [first_of_month - 0.5, len(days) - 0.5]
    everything = [-0.5, len(days) - 0.5]
    fig.update_layout(
        barmode="stack",
        updatemenus=[
            dict(
                type="buttons",
                direction="right",
                active=0,
                font=style.SMALL_FONT,
                **style.controls_row(fig),
                buttons=[
                    dict(label=f"{month_from:%B %Y}", method="relayout", args=[{"xaxis.range": february}]),
                    dict(label=f"With {days[0].year}", method="relayout", args=[{"xaxis.range": everything}]),
                ],
            )
        ],
    )
    fig.update_yaxes(title_text="Violations (per 24 hours)", tickformat=",d")
    fig.update_xaxes(
        title_text="Day (reports to 19:30)",
        type="category",
        categoryorder="array",
        categoryarray=[label[d] for d in days],
        range=february,
    )
    return fig


def describe_osce_february(daily: pd.DataFrame, periods: pd.DataFrame) -> str:
    n = osce_numbers(daily, periods)
    calm, report = measures_period(periods), weekend_report(daily)
    hours, last = int(report["period_hours"]), report["date"]
    first = last - pd.Timedelta(hours=hours) + pd.Timedelta(days=1)
    one_day = daily[daily["period_hours"] == 24]
    table = one_day.pivot_table(index="date", columns="region", values="ceasefire_violations", aggfunc="sum")
    lines = [
        f"- {_day_label(day)}: {int(row.sum()):,} (Donetsk {int(row['Donetsk']):,}, Luhansk {int(row['Luhansk']):,})"
        for day, row in table.iterrows()
    ]
    return (
        f"**Text summary of the chart.** Ceasefire violations the OSCE monitors recorded in 24-hour periods, for the days "
        f"in the compiled file ({n['days_2021']} days of 2021 and the {OSCE_MONTH_FROM:%B %Y} reports). Under the "
        f"{calm['period_start']:%B %Y} measures the average was {n['measures_per_day']:.1f} a day "
        f"({calm['period_start']:%-d %B} to {n['measures_to']}). A weekend report counted {n['weekend_donetsk']:,} in "
        f"{report['region']} oblast alone over the {hours} hours of {first.day}-{last.day} {last:%B %Y}.\n\n"
        + "\n".join(lines)
    )


def summary(monthly, events, ceasefires, windows, ohchr_yearly, ohchr_totals, osce_daily, osce_periods) -> str:
    """The page's summary, in words, from the data."""
    r = record_numbers(monthly)
    q = quiet_spells(events)
    w = window_numbers(windows, ceasefires)
    o = ohchr_numbers(ohchr_yearly, ohchr_totals, monthly)
    s = osce_numbers(osce_daily, osce_periods)
    return "\n".join(
        [
            f"- **The fighting never stopped for a whole month.** UCDP records at least one fatal event in "
            f"{r['months_with_lethal_event']} of the {r['months']} months from {r['first_month']} to {r['last_month']}; "
            f"the quietest, {r['lowest_month']}, still had {r['lowest_month_deaths']} deaths.",
            f"- **But it fell by an order of magnitude.** The median month had {r['median_month_before_minsk2']:,.0f} deaths "
            f"before the Minsk II ceasefire and {r['median_month_after_minsk2']:,.0f} after it; {r['deaths_2014'] + r['deaths_2015']:,} "
            f"deaths in 2014-2015 against {r['deaths_2016_2021']:,} in the six years 2016-2021.",
            f"- **Day by day it was intermittent.** After Minsk II, {q['lethal_days_share_pct']:.0f}% of days had an exactly "
            f"dated fatal event; the longest run without one lasted {q['longest_gap_days']} days "
            f"({q['longest_gap_from']} to {q['longest_gap_to']}).",
            f"- **No ceasefire held, most were followed by fewer deaths.** After each of the {w['ceasefires']} ceasefires UCDP "
            f"records a fatal event within {w['max_days_to_first_death']} days; in the 90 days after {w['fell']} of them "
            f"fewer deaths were recorded than in the 90 days before.",
            f"- **The UN's count of civilians tells the same story.** {o['civilians_2014_2015']:,} civilians killed in "
            f"2014-2015, {o['civilians_2016_2021']:,} in 2016-2021.",
            f"- **The last week was different.** Violations recorded by OSCE monitors went from {s['surge_start_total']:,} "
            f"on {s['surge_start_day']} to {s['peak_total']:,} on {s['peak_day']}.",
            "- **What the data cannot say:** who fired first. UCDP codes events between the government and the armed "
            "groups without assigning blame, and the OSCE counted violations without attributing most of them.",
        ]
    )
