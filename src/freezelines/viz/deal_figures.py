"""Figures for "Deals on the table": the price of each proposal, and the map of each.

The numbers come from :mod:`freezelines.model.deals`; these functions only draw them, in the
book's one figure style (:func:`freezelines.viz.style.apply`) and the colour-blind-safe palette.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from .. import constants as C
from .. import geometry as G
from ..model import deals, overlaps
from ..model.places import MIN_POPULATION
from . import maps, sections, style

LEGEND = {"kept": "held", "ukraine_gives": "gives", "dmz": "dmz", "open": "open", "russia_gives": "returns"}
"""Each piece of a deal as a category of the book's one map legend (:data:`freezelines.viz.style.MAP_LEGEND`),
on the chart and the maps alike."""
MEANINGS = {
    "kept": "the Russian-held side the proposal would keep",
    "ukraine_gives": "land Ukraine would give up",
    "dmz": "a demilitarised zone",
    "open": "land left to later talks",
    "russia_gives": "land Russian forces would leave",
}
"""What each piece is, on a deal map's key (:func:`map_key`)."""


def map_key() -> str:
    """The deal maps' colours in words, from the book's one legend (for the chapter's caption)."""
    return style.legend_words({LEGEND[piece]: what for piece, what in MEANINGS.items()})


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
        ("kept_km2", "Seized since Feb 2022, left to Russia (the essay's price)", LEGEND["kept"]),
        ("ukraine_gives_km2", "Ukraine would give up beyond that day's line", LEGEND["ukraine_gives"]),
        ("russia_gives_km2", "Russian forces would give up", LEGEND["russia_gives"]),
    ]
    for column, name, category in series:
        shown = [C.rounded("km2", v) for v in table[column]]  # the labels' and hover's rounding (to 10 km²)
        colour, pattern = style.MAP_LEGEND[category].colour, style.MAP_LEGEND[category].pattern
        fig.add_trace(
            go.Bar(
                y=labels,
                x=style.chart_values(list(table[column]), "km2"),
                customdata=shown,
                orientation="h",
                name=name,
                marker=dict(
                    color=colour,
                    pattern=dict(shape=pattern, fgcolor=colour, bgcolor="#ffffff", solidity=0.5) if pattern else None,
                    line=dict(color=colour, width=1),
                ),
                text=[f"{v:,.0f}" if v else "" for v in shown],
                textposition="outside",
                textfont=dict(size=12),
                cliponaxis=False,
                hovertemplate="%{y}: %{customdata:,.0f} km²<extra>%{fullData.name}</extra>",
            )
        )
    zoned = table[table["zone_km2"] > 0]
    fig.add_trace(
        go.Scatter(
            y=[_label(row) for _, row in zoned.iterrows()],
            x=style.chart_values(list(zoned["kept_with_zone_km2"]), "km2"),
            customdata=[C.rounded("km2", v) for v in zoned["kept_with_zone_km2"]],
            mode="markers",
            name="The same, with the zone",
            marker=dict(
                symbol="diamond",
                size=12,
                color=style.MAP_LEGEND[LEGEND["dmz"]].colour,
                line=dict(color=C.OKABE_ITO["black"], width=1),
            ),
            hovertemplate="%{y}: %{customdata:,.0f} km² with the zone<extra></extra>",
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
    kept = overlaps.common_part(geoms["held"], geoms["russian"])
    zone_km2 = price.dmz.total_km2 if price.dmz else 0.0
    gives_outside_zone = (
        overlaps.outside_of(geoms["ukraine_gives"], geoms["dmz"]) if zone_km2 else geoms["ukraine_gives"]
    )
    title = (
        f"{item.name}: Russia would keep {style.area(price.kept_km2)} seized since February 2022"
        + (f" ({style.area(price.kept_with_zone_km2)} with the zone)" if price.zone_km2 else "")
        + f"; beyond the line of {price.day:%-d %B %Y}, Ukraine would give up {style.area(price.ukraine_gives.total_km2)}"
        + f" and Russian forces {style.area(price.russia_gives.total_km2)}"
    )
    fig = maps.base_map(title, source=CREDIT, **MAP_WINDOW)
    layers = [
        (kept, "Russian-held that day, kept", "kept", overlaps.area_km2(kept)),
        (gives_outside_zone, "Ukraine would give up", "ukraine_gives", price.ukraine_gives.total_km2 - zone_km2),
        (geoms["dmz"], "demilitarised zone (Ukraine would leave it)", "dmz", zone_km2),
        (geoms["open"], "left to later talks", "open", price.open_zone.total_km2 if price.open_zone else 0.0),
        (geoms["russia_gives"], "Russian forces would leave", "russia_gives", price.russia_gives.total_km2),
    ]
    for geom, name, piece, km2 in layers:
        if geom.is_empty or km2 < 1:
            continue
        maps.add_area(fig, G.to_lonlat(geom), name, km2=km2, category=LEGEND[piece])
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
    out["deals-map-key-text"] = map_key()
    return out


# Each proposal's section of the chapter --------------------------------------------------------


def _listed(result) -> str:
    """Every city and town of :data:`MIN_POPULATION` or more in a piece, all of them, largest first."""
    names = list(result.cities["name"]) if result is not None else []
    return ", ".join(names) if names else "none"


def _area_people(result) -> str:
    """A piece's area and pre-war residents, as the book writes them ("none" when it is empty)."""
    residents = result.population["total"]
    return style.area(result.total_km2) + (f"; pre-war residents {style.people(residents)}" if residents > 0 else "")


def key_facts(price: deals.Price) -> list[tuple[str, str]]:
    """A proposal's key facts, one rounded number per measure (:mod:`freezelines.viz.style`), the map's
    day, every city and town of each piece, and the caveats: ``(what, value)`` rows."""
    item = price.proposal
    with_zone = f" ({style.area(price.kept_with_zone_km2)} with the zone)" if price.zone_km2 else ""
    rows = [
        ("Made or reported", f"{item.date:%-d %B %Y}" + (f", {item.by}" if item.by else "")),
        ("Map", map_name(price.source, price.day)),
        ("The essay's price: seized since 24 Feb 2022, left to Russia", style.area(price.kept_km2) + with_zone),
        ("Russian side under the deal", f"{style.area(price.deal.total_km2)} ({price.share:.1%} of Ukraine)"),
        ("Ukraine would give up beyond the day's line", _area_people(price.ukraine_gives)),
    ]
    if price.dmz:
        rows.append(("of which a demilitarised zone", style.area(price.dmz.total_km2)))
    if price.open_zone:
        rows.append(("Left to later talks (not given up)", style.area(price.open_zone.total_km2)))
    rows += [
        ("Russian forces would give up", _area_people(price.russia_gives)),
        (
            "Line Ukrainian forces would hold",
            style.length(price.front_km)
            + (f" (that day: {style.length(price.current.front_km)})" if price.front_quotable else ""),
        ),
        ("Beyond the line of 17 November 2022", style.area(price.beyond_essay_km2)),
        (f"Cities and towns of {MIN_POPULATION:,}+ given up", _listed(price.ukraine_gives)),
    ]
    if price.dmz:
        rows.append(("… of them in the demilitarised zone", _listed(price.dmz)))
    if price.open_zone:
        rows.append((f"Cities and towns of {MIN_POPULATION:,}+ left to later talks", _listed(price.open_zone)))
    rows.append((f"Cities and towns of {MIN_POPULATION:,}+ Russian forces would give up", _listed(price.russia_gives)))
    rows.append(("Caveats", caveats(price)))
    return rows


def caveats(price: deals.Price) -> str:
    """What a reader must know before quoting a proposal's numbers: the book's reading of its terms,
    the strips not counted, the map's limits, and that residents are pre-war."""
    out = [price.proposal.reading] if price.proposal.reading else []
    if price.slivers_km2 >= 1:
        out.append(
            f"Strips narrower than {2 * deals.resolution_m() / 1000:.0f} km along borders and coasts "
            f"({style.area(price.slivers_km2)}) are drawing noise, not counted as land moved."
        )
    if not price.front_quotable:
        out.append(f"The front of that day is not measured: {price.source_caveat}.")
    out.append("Residents are pre-war (1 January 2022), Crimea excluded.")
    return " ".join(out)


def citation(price: deals.Price, book: dict) -> str:
    """How to cite a proposal's numbers, from the book's citation facts (:func:`freezelines.viz.citation.book_facts`)."""
    return (
        f"{', '.join(book['authors'])} ({book['year']}). {book['title']}, version {book['version']}. "
        f"“Deals on the table”: {price.proposal.name}, drawn on {map_name(price.source, price.day)}."
    )


def key_facts_html(price: deals.Price, book: dict) -> str:
    """The key-facts box at the top of a proposal's section, with a citation to copy."""
    import html

    esc = html.escape
    item = price.proposal
    body = "".join(
        f'<tr><th scope="row">{esc(what)}</th><td>{esc(value)}</td></tr>' for what, value in key_facts(price)
    )
    return (
        f'<table class="fl-key-facts"><caption>Key facts: {esc(item.name)}</caption><tbody>{body}</tbody></table>\n'
        f'<p class="fl-cite-this"><strong>To cite:</strong> <span>{esc(citation(price, book))}</span></p>\n'
    )


def _sources_html(cite: str) -> str:
    """A proposal's sources as short citations, linked where the bibliography has an address."""
    import html

    out = []
    for source in deals.sources(cite):
        text = html.escape(source["text"])
        out.append(f'<a href="{html.escape(source["url"], quote=True)}">{text}</a>' if source["url"] else text)
    return "; ".join(out)


def terms_html(price: deals.Price) -> str:
    """A proposal's terms in the book's words (never the source's), with their sources, and what they
    say of the nuclear plant, Melitopol and the land corridor: from the proposals file."""
    import html

    item = price.proposal
    out = (
        f"<p><strong>Terms, in the book's words.</strong> {html.escape(item.terms)} ({_sources_html(item.cite)})</p>\n"
    )
    if item.sites:
        cited = f" ({_sources_html(item.sites_cite)})" if item.sites_cite else ""
        out += f"<p><strong>The plant, Melitopol and the corridor.</strong> {html.escape(item.sites)}{cited}</p>\n"
    return out


def section_parts(price: deals.Price, book: dict, static: str) -> list[dict]:
    """One proposal's section of the chapter, as :mod:`~freezelines.viz.sections` parts: its title,
    key facts and terms, its map (:func:`deal_map`, rendered by the book like any chart), the map's
    text summary and its downloads (``static``: the pages' path to ``_static``). The chapter pastes
    every section at once, so a proposal added to the proposals file gets its own with no other edit."""
    import html

    from markdown_it import MarkdownIt

    esc = html.escape
    item = price.proposal
    anchor = f"deal-{item.key}"
    return [
        sections.html_part(
            f'<section class="fl-deal" id="{anchor}" aria-labelledby="{anchor}-title">\n'
            f'<h4 id="{anchor}-title">{esc(item.name)}, {item.date:%-d %B %Y}</h4>\n'
            f"{key_facts_html(price, book)}"
            f"{terms_html(price)}"
        ),
        sections.chart_part(deal_map(price), item.key),
        sections.html_part(
            f"{MarkdownIt().render(describe_map(price))}"
            f'<p class="fl-downloads">Download: <a href="{static}/deals/{esc(item.key)}.geojson" download>'
            f"its pieces as GeoJSON</a> (every city and town of {MIN_POPULATION:,} or more in each), "
            f'<a href="{static}/deals/deals-table.csv" download>every proposal as CSV</a>.</p>\n'
            "</section>\n"
        ),
    ]
