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
    "kept": C.HELD_BEFORE_2022_COLOUR,
    "ukraine_gives": C.OKABE_ITO["vermillion"],
    "dmz": C.OKABE_ITO["orange"],
    "open": C.OKABE_ITO["yellow"],
    "russia_gives": C.OKABE_ITO["blue"],
}
"""One colour per meaning, on the chart and the maps: the Russian side kept (grey), land Ukraine
would give up (vermilion), a demilitarised zone (orange), land left to later talks (yellow), land
Russian forces would leave (blue)."""
MAP_WINDOW = dict(lon=(29.0, 40.4), lat=(44.2, 52.4))
CREDIT = C.TRACKER_CREDIT + "; terms of each proposal as cited in the book; " + C.BORDERS_CREDIT


def _label(row) -> str:
    """Who, then when, on two lines: narrow enough to leave a phone's chart its bars."""
    return row["short"].replace(", ", "<br>", 1)


def map_name(source: str, day) -> str:
    """The map a proposal is drawn on, in words: "the 20 November 2025 map of DeepStateMap"."""
    return f"the {day:%-d %B %Y} map of {C.SOURCE_LABELS[source]}"


def _map_of(row) -> str:
    return map_name(row["map_source"], row["map_day"])


def headline(table: pd.DataFrame) -> str:
    """The price chart's headline, from the numbers: how many proposals pass the yardstick."""
    passing = int(table["kept_passes"].sum())
    beyond = int(table["gives_passes"].sum())
    return (
        f"{passing} of the {len(table)} proposals would leave Russia more than 10,000 km² seized since "
        f"February 2022; {beyond} would also give it more than 10,000 km² beyond the line of its day"
    )


def price_chart(table: pd.DataFrame) -> go.Figure:
    """Each proposal's price on the essay's yardstick (land seized since 24 Feb 2022 left on the
    Russian side, with any zone marked) and what it would move beyond its day's line (km²)."""
    table = table.assign(short=[deals.proposal(k).label for k in table["key"]])
    labels = [_label(row) for _, row in table.iterrows()]
    fig = go.Figure()
    series = [
        ("kept_km2", "Seized since Feb 2022, left to Russia (the essay's price)", COLOURS["kept"]),
        ("ukraine_gives_km2", "Ukraine would give up beyond that day's line", COLOURS["ukraine_gives"]),
        ("russia_gives_km2", "Russian forces would give up", COLOURS["russia_gives"]),
    ]
    for column, name, colour in series:
        values = [C.rounded("km2", v) for v in table[column]]
        fig.add_trace(
            go.Bar(
                y=labels,
                x=values,
                orientation="h",
                name=name,
                marker_color=colour,
                text=[f"{v:,.0f}" if v else "" for v in values],
                textposition="outside",
                textfont=dict(size=12),
                cliponaxis=False,
                hovertemplate="%{y}: %{x:,.0f} km²<extra>%{fullData.name}</extra>",
            )
        )
    zoned = table[table["zone_km2"] > 0]
    fig.add_trace(
        go.Scatter(
            y=[_label(row) for _, row in zoned.iterrows()],
            x=[C.rounded("km2", v) for v in zoned["kept_with_zone_km2"]],
            mode="markers",
            name="The same, with the zone",
            marker=dict(
                symbol="diamond", size=12, color=COLOURS["dmz"], line=dict(color=C.OKABE_ITO["black"], width=1)
            ),
            hovertemplate="%{y}: %{x:,.0f} km² with the zone<extra></extra>",
        )
    )
    fig.add_vline(
        x=deals.YARDSTICK_KM2,
        line=dict(color=C.OKABE_ITO["black"], dash="dot", width=2),
        annotation_text="10,000 km²",
        annotation_position="top",
        annotation_font_size=12,
    )
    # controls=True keeps the band above the plot free, for the yardstick's label
    style.apply(fig, headline(table), CREDIT, hovermode="closest", height=640, left=8, controls=True)
    top = max(table["kept_with_zone_km2"].max(), table["ukraine_gives_km2"].max(), table["russia_gives_km2"].max())
    fig.update_layout(barmode="group", bargap=0.25, bargroupgap=0.05)
    # room past the longest bar for its label, on a phone too
    fig.update_xaxes(title_text="Land (km²)", tickformat=",.0f", range=[0, top * 1.32])
    fig.update_yaxes(autorange="reversed")
    return fig


def describe_price_chart(table: pd.DataFrame) -> str:
    """A text summary of :func:`price_chart`."""
    lines = []
    for _, row in table.iterrows():
        zone = (
            f" ({style.area(row['kept_with_zone_km2'])} with the {row['zone_kind']} zone of {style.area(row['zone_km2'])})"
            if row["zone_km2"] > 0
            else ""
        )
        verdict = "above" if row["kept_passes"] else "below"
        lines.append(
            f"- **{row['proposal']}** ({row['date']:%-d %B %Y}; {_map_of(row)}): of the land seized since "
            f"February 2022 it would leave Russia {style.area(row['kept_km2'])}{zone}, {verdict} the essay's 10,000 km². "
            f"Beyond that day's line, Ukraine would give up {style.area(row['ukraine_gives_km2'])} "
            f"(pre-war residents: {style.people(row['ukraine_gives_residents'])}) and Russian forces "
            f"{style.area(row['russia_gives_km2'])}."
        )
    return (
        "**Text summary of the chart.** For each proposal, the essay's price (the land seized since "
        "24 February 2022 that the deal would leave on the Russian side; the dotted line marks 10,000 km², "
        "where the essay's tens of thousands of km² begin; a diamond marks the price with any zone) and "
        "what it would move beyond the line of its day:\n\n" + "\n".join(lines)
    )


def deal_map(price: deals.Price) -> go.Figure:
    """The map of one proposal: the Russian-held side kept, the land each side would give up, any zone."""
    item, geoms = price.proposal, price.geometries
    kept = G.polygonal(shapely.intersection(geoms["held"], geoms["russian"]))
    zone_km2 = price.dmz.total_km2 if price.dmz else 0.0
    gives_outside_zone = (
        G.polygonal(shapely.difference(geoms["ukraine_gives"], geoms["dmz"])) if zone_km2 else geoms["ukraine_gives"]
    )
    title = (
        f"{item.name}: Russia would keep {style.area(price.kept_km2)} seized since February 2022"
        + (f" ({style.area(price.kept_with_zone_km2)} with the zone)" if price.zone_km2 else "")
        + f"; beyond the line of {price.day:%-d %B %Y}, Ukraine would give up {style.area(price.ukraine_gives.total_km2)}"
        + f" and Russian forces {style.area(price.russia_gives.total_km2)}"
    )
    fig = maps.base_map(title, source=CREDIT, **MAP_WINDOW)
    layers = [
        (kept, "Russian-held that day, kept", COLOURS["kept"], 0.45, G.km2(kept)),
        (
            gives_outside_zone,
            "Ukraine would give up",
            COLOURS["ukraine_gives"],
            0.6,
            price.ukraine_gives.total_km2 - zone_km2,
        ),
        (geoms["dmz"], "demilitarised zone (Ukraine would leave it)", COLOURS["dmz"], 0.6, zone_km2),
        (
            geoms["open"],
            "left to later talks",
            COLOURS["open"],
            0.6,
            price.open_zone.total_km2 if price.open_zone else 0.0,
        ),
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


def _cities(result) -> str:
    """Every city and town of :data:`MIN_POPULATION` or more in a piece, largest first."""
    names = list(result.cities["name"])
    if not names:
        return f"no city or town of {MIN_POPULATION:,} or more"
    return f"{len(names)} {'city or town' if len(names) == 1 else 'cities and towns'} of {MIN_POPULATION:,} or more: {', '.join(names)}"


def describe_map(price: deals.Price) -> str:
    """A text summary of :func:`deal_map`."""
    item = price.proposal
    gives = price.ukraine_gives
    returned = price.russia_gives
    zone = ""
    if price.dmz:
        zone = f" Of it, {style.area(price.dmz.total_km2)} would be a demilitarised zone ({_cities(price.dmz)})."
    if price.open_zone:
        zone += (
            f" {style.area(price.open_zone.total_km2)} would be left to later talks, neither given up nor kept "
            f"({_cities(price.open_zone)})."
        )
    with_zone = (
        f"; {style.area(price.deal.total_km2 + price.zone_km2)}, {price.share_with_zone:.1%}, with the zone"
        if price.zone_km2
        else ""
    )
    kept_zone = f" ({style.area(price.kept_with_zone_km2)} with the zone)" if price.zone_km2 else ""
    slivers = (
        f" Strips narrower than {2 * deals.resolution_m() / 1000:.0f} km along borders and coasts "
        f"({style.area(price.slivers_km2)} in all) are where the simplified oblast borders and the tracker's "
        "drawing disagree, and are not counted as land moved."
        if price.slivers_km2 >= 1
        else ""
    )
    return (
        f"**Text summary.** {item.name}, drawn on {map_name(price.source, price.day)}: "
        f"the Russian side would cover {style.area(price.deal.total_km2)} ({price.share:.1%} of Ukraine{with_zone}), "
        f"of which {style.area(price.kept_km2)} seized since February 2022{kept_zone}: the essay's price. Beyond "
        f"that day's line, Ukraine would give up {style.area(gives.total_km2)}, with pre-war residents "
        f"{style.people(gives.population['total'])} ({_cities(gives)}).{zone} Russian forces would leave "
        f"{style.area(returned.total_km2)}, with pre-war residents {style.people(returned.population['total'])} "
        f"({_cities(returned)}). The line Ukrainian forces would hold would run {style.length(price.front_km)}"
        + (
            f", against {style.length(price.current.front_km)} that day."
            if price.front_quotable
            else f"; the front of that day is not measured: {price.source_caveat}."
        )
        + f"{slivers} {item.reading}"
    )


def table_for_display(frame: pd.DataFrame | None = None) -> pd.DataFrame:
    """A readable table of :func:`freezelines.model.deals.table`, in the book's one rounding per kind."""
    frame = deals.table() if frame is None else frame

    def km(column: str):
        return frame[column].map(style.area)

    return pd.DataFrame(
        {
            "proposal": frame["proposal"],
            "date": [f"{d:%-d %b %Y}" for d in frame["date"]],
            "map": [
                f"{C.SOURCE_LABELS[s].split(' ')[0]}, {d:%-d %b %Y}"
                for s, d in zip(frame["map_source"], frame["map_day"])
            ],
            "seized since Feb 2022 left to Russia": km("kept_km2"),
            "the same, with the zone": [
                style.area(v) if z > 0 else "no zone" for v, z in zip(frame["kept_with_zone_km2"], frame["zone_km2"])
            ],
            "Ukraine would give up beyond the line": km("ukraine_gives_km2"),
            "pre-war residents": frame["ukraine_gives_residents"].map(style.people),
            f"cities of {MIN_POPULATION:,}+": frame["ukraine_gives_cities"],
            "Russian forces would give up": km("russia_gives_km2"),
            "line Ukraine would hold": frame["front_km"].map(style.length),
        }
    )


def glue_texts(table: pd.DataFrame) -> dict[str, str]:
    """Each proposal's words and numbers as the chapter and the ledger paste them, in the book's one
    form per kind (:mod:`freezelines.viz.style`): ``deals-<proposal>-<what>``."""
    out = {}
    for _, row in table.iterrows():
        price = deals.price(row["key"])
        prefix = f"deals-{row['key']}"
        sites = price.deal.sites.set_index("place_id")["held"]
        out[f"{prefix}-day"] = f"{price.day:%-d %B %Y}"
        out[f"{prefix}-map"] = map_name(price.source, price.day)
        for site in ("site-znpp", "site-melitopol-hub"):
            out[f"{prefix}-{site}"] = "on the Russian side" if sites[site] else "on the Ukrainian side"
        out[f"{prefix}-corridor"] = (
            "the land corridor to Crimea stays on the Russian side"
            if price.deal.corridor
            else "no Russian-held land corridor to Crimea remains"
        )
        out[f"{prefix}-verdict"] = "above" if row["kept_passes"] else "below"
        for what, value in (
            ("kept", price.kept_km2),
            ("kept-with-zone", price.kept_with_zone_km2),
            ("zone", price.zone_km2),
            ("gives", price.ukraine_gives.total_km2),
            ("returns", price.russia_gives.total_km2),
            ("slivers", price.slivers_km2),
            ("beyond-essay", price.beyond_essay_km2),
        ):
            out[f"{prefix}-{what}-text"] = style.area(value)
        out[f"{prefix}-gives-residents-text"] = style.people(price.ukraine_gives.population["total"])
        out[f"{prefix}-returns-residents-text"] = style.people(price.russia_gives.population["total"])
        out[f"{prefix}-front-text"] = style.length(price.front_km)
        out[f"{prefix}-current-front-text"] = (
            style.length(price.current.front_km) if price.front_quotable else "not measured on that map"
        )
        out[f"{prefix}-share-text"] = f"{price.share:.1%}"
        out[f"{prefix}-share-with-zone-text"] = f"{price.share_with_zone:.1%}"
        out[f"{prefix}-gives-cities-text"] = _cities(price.ukraine_gives)
        out[f"{prefix}-returns-cities-text"] = _cities(price.russia_gives)
        if not pd.isna(row["isw_held_km2"]):
            out[f"{prefix}-isw-held-text"] = style.area(row["isw_held_km2"])
    out["deals-passing-text"] = f"{int(table['kept_passes'].sum())} of the {len(table)}"
    return out
