"""Figures for "Deals on the table": the price of each proposal, and the map of each.

The numbers come from :mod:`freezelines.model.deals`; these functions only draw them, in the
book's one figure style (:func:`freezelines.viz.style.apply`) and the colour-blind-safe palette.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import shapely

from .. import constants as C
from .. import geometry as G
from ..model import deals
from ..model.places import MIN_POPULATION
from . import maps, style

COLOURS = {
    "ukraine_gives": C.OKABE_ITO["vermillion"],
    "dmz": C.OKABE_ITO["orange"],
    "russia_gives": C.OKABE_ITO["blue"],
    "kept": C.HELD_BEFORE_2022_COLOUR,
    "beyond_essay": C.OKABE_ITO["purple"],
}
MAP_WINDOW = dict(lon=(29.0, 40.4), lat=(44.2, 52.4))
CREDIT = C.TRACKER_CREDIT + "; terms of each proposal as cited in the book; " + C.BORDERS_CREDIT


def _label(row) -> str:
    return f"{row['proposal']}<br>{row['date']:%-d %b %Y}"


def price_chart(table: pd.DataFrame) -> go.Figure:
    """Land each proposal would move, against the day's line and against the line of 17 Nov 2022 (km²)."""
    labels = [_label(row) for _, row in table.iterrows()]
    fig = go.Figure()
    series = [
        ("ukraine_gives_km2", "Ukraine would give up beyond that day's line", COLOURS["ukraine_gives"]),
        ("russia_gives_km2", "Russian forces would give up", COLOURS["russia_gives"]),
        ("beyond_essay_km2", "Russian side and zone beyond the line of 17 Nov 2022", COLOURS["beyond_essay"]),
    ]
    for column, name, colour in series:
        values = table[column].round(-1)
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                orientation="h",
                name=name,
                marker_color=colour,
                text=[f"{v:,.0f}" for v in values],
                textposition="outside",
                cliponaxis=False,
                hovertemplate="%{x:,.0f} km²<extra>%{fullData.name}</extra>",
            )
        )
    fig.add_vline(
        x=deals.YARDSTICK_KM2,
        line=dict(color=C.OKABE_ITO["black"], dash="dot"),
        annotation_text='10,000 km²: the essay\'s "tens of thousands" begin',
        annotation_position="top right",
        annotation_font_size=12,
    )
    gives = table.set_index("proposal")["ukraine_gives_km2"]
    reach = int((gives >= deals.YARDSTICK_KM2).sum())
    headline = (
        f"On the map of each proposal's day, Ukraine would give up from {gives.min():,.0f} km² "
        f"({gives.idxmin()}) to {gives.max():,.0f} km² ({gives.idxmax()}) beyond the line; "
        f"the essay's 10,000 km² is passed by {reach} of the {len(gives)}"
    )
    style.apply(fig, headline, CREDIT, hovermode="closest", height=520, left=8)
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="Land (km²)", tickformat=",.0f", rangemode="tozero")
    fig.update_yaxes(autorange="reversed")
    return fig


def describe_price_chart(table: pd.DataFrame) -> str:
    """A text summary of :func:`price_chart`."""
    lines = []
    for _, row in table.iterrows():
        zone = f", of which {row['dmz_km2']:,.0f} km² a demilitarised zone" if row["dmz_km2"] > 0 else ""
        lines.append(
            f"- **{row['proposal']}** ({row['date']:%-d %B %Y}; map of {row['map_day']:%-d %B %Y}): Ukraine would give "
            f"up {row['ukraine_gives_km2']:,.0f} km² beyond the line{zone}, with about "
            f"{row['ukraine_gives_residents']:,.0f} pre-war residents and {row['ukraine_gives_cities']} cities and towns "
            f"of 10,000 or more; Russian forces would give up {row['russia_gives_km2']:,.0f} km²; the Russian side and "
            f"any zone would reach {row['beyond_essay_km2']:,.0f} km² beyond the line of 17 November 2022."
        )
    return (
        "**Text summary of the chart.** For each proposal, the land it would move, measured on DeepStateMap's "
        "line of its day (the dotted line marks 10,000 km², where the essay's price of tens of thousands of "
        "km² begins):\n\n" + "\n".join(lines)
    )


def deal_map(price: deals.Price) -> go.Figure:
    """The map of one proposal: the Russian-held side kept, the land each side would give up, any zone."""
    item, geoms = price.proposal, price.geometries
    kept = G.polygonal(shapely.intersection(geoms["held"], geoms["russian"]))
    gives_outside_zone = (
        G.polygonal(shapely.difference(geoms["ukraine_gives"], geoms["dmz"]))
        if not geoms["dmz"].is_empty
        else geoms["ukraine_gives"]
    )
    zone_km2 = price.dmz.total_km2 if price.dmz else 0.0
    headline = (
        f"{item.name} ({item.date:%-d %B %Y}): Ukraine would give up {price.ukraine_gives.total_km2:,.0f} km² beyond "
        f"the line of {price.day:%-d %B %Y}"
        + (f" ({zone_km2:,.0f} km² of it a demilitarised zone)" if zone_km2 else "")
        + f", Russian forces {price.russia_gives.total_km2:,.0f} km²"
    )
    fig = maps.base_map(headline, source=CREDIT, **MAP_WINDOW)
    layers = [
        (
            kept,
            "Russian-held that day, kept",
            COLOURS["kept"],
            0.45,
            price.deal.total_km2 - (price.ukraine_gives.total_km2 - zone_km2),
        ),
        (
            gives_outside_zone,
            "Ukraine would give up",
            COLOURS["ukraine_gives"],
            0.6,
            price.ukraine_gives.total_km2 - zone_km2,
        ),
        (geoms["dmz"], "demilitarised zone (Ukraine would leave it)", COLOURS["dmz"], 0.6, zone_km2),
        (
            geoms["russia_gives"],
            "Russian forces would leave",
            COLOURS["russia_gives"],
            0.55,
            price.russia_gives.total_km2,
        ),
    ]
    for geom, name, colour, opacity, km2 in layers:
        if geom.is_empty or km2 < 1:
            continue
        maps.add_area(fig, G.to_lonlat(geom), name, colour, opacity, km2=km2)
    return fig


def describe_map(price: deals.Price) -> str:
    """A text summary of :func:`deal_map`."""
    item = price.proposal
    gives = price.ukraine_gives
    cities = ", ".join(gives.cities["name"].head(6)) or "none"
    returned = price.russia_gives
    zone = (
        f" Of it, {price.dmz.total_km2:,.0f} km² would be a demilitarised zone (cities of 10,000 or more in it: "
        f"{', '.join(price.dmz.cities['name'].head(6)) or 'none'})."
        if price.dmz
        else ""
    )
    return (
        f"**Text summary.** {item.name}, drawn on DeepStateMap's line of {price.day:%-d %B %Y}: the Russian side would "
        f"cover {price.deal.total_km2:,.0f} km² ({price.deal.share_of_ukraine:.1%} of Ukraine). Ukraine would give up "
        f"{gives.total_km2:,.0f} km² beyond the line, with about {gives.population['total']:,.0f} pre-war residents and "
        f"{len(gives.cities)} cities and towns of 10,000 or more (the largest: {cities}).{zone} Russian forces would "
        f"leave {returned.total_km2:,.0f} km², with about {returned.population['total']:,.0f} pre-war residents. The "
        f"line Ukrainian forces would hold would run {price.front_km:,.0f} km, against {price.current.front_km:,.0f} km "
        f"that day. {item.reading}"
    )


def table_for_display(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """A readable table of :func:`freezelines.model.deals.table`."""
    frame = deals.table() if frame is None else frame

    def km(column: str):
        return frame[column].round(-1).astype(int).map("{:,}".format)

    return pd.DataFrame(
        {
            "proposal": frame["proposal"],
            "date": [f"{d:%-d %b %Y}" for d in frame["date"]],
            "map of": [f"{d:%-d %b %Y}" for d in frame["map_day"]],
            "Ukraine would give up (km²)": km("ukraine_gives_km2"),
            "of which buffer zone (km²)": km("dmz_km2"),
            "pre-war residents": frame["ukraine_gives_residents"].map(style.people),
            f"cities of {MIN_POPULATION:,}+": frame["ukraine_gives_cities"],
            "Russia would give up (km²)": km("russia_gives_km2"),
            "line Ukraine would hold (km)": km("front_km"),
        }
    )
