"""The "build your own deal" panel: two front ends over :func:`freezelines.model.deals.pieces`.

For each oblast where Russian forces hold land on a day, the reader chooses what a deal does
there: keep the line, give Russia the whole oblast, have Russian forces leave it, and, where
they apply, go back to the 2014–2022 line or keep the line with the rest of the oblast a
demilitarised zone. Area, pre-war residents and cities add up over oblast pieces, so the
pieces are measured once, in Python, and the panel adds the ones the reader picks: no
geometry engine in the browser.

* :func:`static_panel` is the web page's panel. In a kernel it returns a small marker of the
  mime type ``application/vnd.freezelines.deal+json``; the book's Sphinx extension replaces it
  at build time by :func:`static_payload` (the pieces on the essay's date, on each proposal's
  day and on the latest line), drawn by the book's script ``freezelines-deal.js``.
* :func:`live_panel` (ipywidgets) does the same for any day in Jupyter, Binder or Colab.
"""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import plotly.graph_objects as go

from .. import constants as C
from .. import geometry as G
from ..model import deals as D
from ..model import overlaps
from ..model import scenarios as S
from ..model.places import MIN_POPULATION
from . import maps, panels, style, wording
from .citation import book_facts
from .explorer import DEALS_CHAPTER_URL, SCALE, MimeBundle, QuietControls, encode

DEAL_MIME = "application/vnd.freezelines.deal+json"


# Static ----------------------------------------------------------------------------------------


def _day_label(key: str, day: dt.date) -> str:
    if key == "essay":
        return f"{day:%-d %b %Y}, the essay's date"
    if key == "latest":
        return f"{day:%-d %b %Y}, the latest line"
    return f"{day:%-d %b %Y}, for {D.proposal(key).name}"


def _part(row, part: str, city_index: dict[str, int]) -> list:
    """One part of one piece: [km², pre-war residents, city indices]."""
    return [
        round(float(row[f"{part}_km2"]), 2),
        int(row[f"{part}_residents"]),
        [city_index[c] for c in row[f"{part}_city_ids"]],
    ]


def static_payload(days: dict[str, dt.date] | None = None) -> dict:
    """Everything the static panel adds up: the pieces of each day, their shapes, the proposals' choices."""
    days = D.panel_days() if days is None else days
    tables = {key: D.pieces(day) for key, day in days.items()}
    ctx = S.context()
    places = ctx.places.set_index("place_id")
    city_ids = sorted(
        {c for t in tables.values() for part in D.PARTS for ids in t[f"{part}_city_ids"] for c in ids},
        key=lambda c: (-float(places.loc[c, "population_2022"]), c),
    )
    city_index = {c: i for i, c in enumerate(city_ids)}
    site_ids = [s for s in S.KEY_SITES]
    shapes: dict[str, dict[str, str]] = {"whole": {}, "pre2022": {}}
    out_days = []
    for key, day in days.items():
        table = tables[key]
        held = D.clipped(S.line_on(day, D.SOURCE).held)
        oblasts = []
        for code, rows in table.groupby("adm1_pcode", sort=False):
            choices = []
            for _, row in rows.iterrows():
                choice = row["choice"]
                if choice in shapes and code not in shapes[choice]:
                    shapes[choice][code] = encode(row["side_geom"])
                entry = {
                    "choice": choice,
                    "label": D.PANEL_LABELS[choice],
                    **{part: _part(row, part, city_index) for part in D.PARTS},
                    "sites": [site_ids.index(s) for s in row["side_sites"]],
                    "zone_sites": [site_ids.index(s) for s in row["zone_sites"]],
                }
                if choice in ("line", "dmz"):
                    entry["shape"] = encode(row["side_geom"])
                if choice == "dmz":
                    entry["zone_shape"] = encode(row["zone_geom"])
                choices.append(entry)
            line_km2 = next(c["side"][0] for c in choices if c["choice"] == "line")
            whole_km2 = next(c["side"][0] for c in choices if c["choice"] == "whole")
            oblasts.append(
                {
                    "code": code,
                    "name": rows["oblast"].iloc[0],
                    "held": int(C.rounded("km2", line_km2)),
                    "share": round(line_km2 / whole_km2, 3) if whole_km2 else 0.0,
                    "choices": choices,
                }
            )
        out_days.append(
            {
                "key": key,
                "date": day.isoformat(),
                "label": _day_label(key, day),
                "short": f"{day:%-d %b %Y}",
                "line": encode(held),
                "oblasts": oblasts,
            }
        )
    proposals = []
    for item in D.proposals():
        day_key = item.key if item.key in days else None
        if day_key is None:
            continue
        proposals.append(
            {
                "key": item.key,
                "name": item.name,
                "date": f"{item.date:%-d %b %Y}",
                "day": day_key,
                "choices": D.panel_choices(item.key),
                "sources": D.sources(item.cite),
            }
        )
    default = "latest" if "latest" in days else next(iter(days))
    return {
        "days": out_days,
        "default": default,
        "shapes": shapes,
        "proposals": proposals,
        "cities": [
            [places.loc[c, "name"], int(places.loc[c, "population_2022"]), places.loc[c, "oblast"]] for c in city_ids
        ],
        "sites": [places.loc[s, "name"] for s in site_ids],
        "ukraine_km2": C.UKRAINE_AREA_KM2,
        "min_population": MIN_POPULATION,
        "deals_chapter": DEALS_CHAPTER_URL,
        "scale": SCALE,
        "rounding": C.ROUNDING,
        "wording": wording.payload(),  # every word and format the panel prints (the live panel's too)
        "book": book_facts(),  # for "Cite this view"
        "source_label": C.SOURCE_LABELS[D.SOURCE],
        "legend": style.legend_payload(),  # the book's one map legend: the script names and fills by it
        "legend_line": style.LINE_COLOUR,
        "figure": json.loads(_default_map(tables[default], days[default]).to_json()),
    }


def _default_map(table, day: dt.date) -> go.Figure:
    """The panel's map as first drawn (the line kept everywhere), with its table for the CSV download."""
    line = table[table["choice"] == "line"]
    fig = map_figure(
        overlaps.union_of(line["side_geom"]),
        None,
        D.clipped(S.line_on(day, D.SOURCE).held),
        f"{day:%-d %b %Y}",
    )
    style.add_table_rows(
        fig,
        [
            {
                "feature": "area",
                "name": f"{row['oblast']}: {D.PANEL_LABELS['line']}",
                "km2": style.chart_values(row["side_km2"], "km2"),
            }
            for _, row in line.iterrows()
        ],
    )
    return fig


def static_panel(**days):
    """The static panel as a light display object: a marker that the book's Sphinx extension
    replaces at build time by :func:`static_payload` (about a minute of model runs). ``days``
    (name=date) chooses other days than the default ones."""
    marker = {"days": {k: S.as_date(v).isoformat() for k, v in days.items()}}
    return MimeBundle(
        {
            DEAL_MIME: marker,
            "text/plain": 'The "build your own deal" panel is drawn in the built book. In this live session, use '
            "the live panel below (run all cells): it works on any day.",
        }
    )


def static_content(content) -> dict:
    """The panel output's content as the full payload (a marker is computed here, a payload passes through)."""
    payload = json.loads(content) if isinstance(content, (str, bytes)) else dict(content)
    if "days" in payload and isinstance(payload["days"], list):
        return payload
    days = {k: S.as_date(v) for k, v in (payload.get("days") or {}).items()} or None
    return static_payload(days)


# The map ---------------------------------------------------------------------------------------


def map_figure(side=None, zone=None, day_line=None, day: str = "") -> go.Figure:
    """The panel's map: the Russian side under the deal, any demilitarised zone, and the line of ``day``
    (as the page writes it: "17 Nov 2022")."""
    fig = maps.base_map(wording.say("deal.headline", day=day) if day else "Your deal", height=560)

    def xy(geom):
        if geom is None or geom.is_empty:
            return np.empty(0), np.empty(0)
        return maps.rings_xy(G.to_lonlat(geom))

    zx, zy = xy(zone)
    fig.add_trace(
        go.Scatter(
            x=zx,
            y=zy,
            mode="lines",
            fill="toself",
            meta="zone",
            name=style.MAP_LEGEND["dmz"].label,
            hoverinfo="skip",
            **style.area_style("dmz"),
        )
    )
    sx, sy = xy(side)
    fig.add_trace(
        go.Scatter(
            x=sx,
            y=sy,
            mode="lines",
            fill="toself",
            meta="side",
            name=wording.say("deal.rows.side"),
            hoverinfo="skip",
            **style.area_style("held"),
        )
    )
    dx, dy = xy(day_line)
    fig.add_trace(
        go.Scatter(
            x=dx,
            y=dy,
            mode="lines",
            meta="day",
            name=wording.say("deal.trace_day", day=day or "the day"),
            line=dict(color=style.LINE_COLOUR, width=1.5, dash="dot"),
            hoverinfo="skip",
        )
    )
    fig.update_layout(uirevision="deal")
    return fig


# Live (ipywidgets) -------------------------------------------------------------------------------

WIDE = {"description_width": "initial"}


def result_names() -> dict:
    """What the panel's totals are of, for its result's words (as the static payload sends them)."""
    places = S.context().places.set_index("place_id")
    return {
        "source_label": C.SOURCE_LABELS[D.SOURCE],
        "min_population": MIN_POPULATION,
        "ukraine_km2": C.UKRAINE_AREA_KM2,
        "site_ids": list(S.KEY_SITES),
        "sites": {s: places.loc[s, "name"] for s in S.KEY_SITES},
        "deals_chapter": DEALS_CHAPTER_URL,
    }


def given_cities(picked) -> list[tuple[str, int]]:
    """The cities and towns Ukraine would give up under the picked pieces, largest first (as the page lists them)."""
    places = S.context().places.set_index("place_id")
    ids = [c for ids in picked["gives_city_ids"] for c in ids]
    ids.sort(key=lambda c: (-float(places.loc[c, "population_2022"]), c))
    return [(places.loc[c, "name"], int(places.loc[c, "population_2022"])) for c in ids]


class LivePanel(QuietControls):
    """The panel for any day: a date picker, a proposal menu and one menu per oblast, a
    summary and a Plotly ``FigureWidget`` map updated in place. A new day measures its pieces
    once (a few seconds); a choice only adds them up."""

    def __init__(self, day=None):
        import ipywidgets as W

        self.W = W
        last = S.dates_available(D.SOURCE)[1]
        first = S.dates_available(D.SOURCE)[0]
        self.day = W.DatePicker(value=S.as_date(day or last), description="Line of", style=WIDE, min=first, max=last)
        self.start = W.Dropdown(
            options=[("(choose below)", "")] + [(f"{p.name} ({p.date:%-d %b %Y})", p.key) for p in D.panel_proposals()],
            value="",
            description="Start from a proposal",
            style=WIDE,
            layout=W.Layout(width="min(100%, 34em)"),
        )
        self.menus = W.VBox()
        self.summary = W.HTML()
        self.choices: dict[str, str] = {}
        self._names = result_names()
        self.figure = go.FigureWidget(map_figure())
        self.day.observe(self._new_day, names="value")
        self.start.observe(self._proposal, names="value")
        self.widget = W.VBox(
            [
                W.HBox([self.day, self.start], layout=W.Layout(flex_flow="row wrap")),
                self.menus,
                self.summary,
                self.figure,
            ]
        )
        self._new_day()

    def _new_day(self, change=None):
        if self._syncing:
            return
        if self.day.value is None:  # the picker was cleared: keep the last day
            self._set(self.day, self.current_day)
            return
        if change is not None:
            self._set(self.start, "")
        day = D.day_for(self.day.value)
        self.table = D.pieces(day)
        self.current_day = day
        menus = []
        for code, rows in self.table.groupby("adm1_pcode", sort=False):
            options = [(D.PANEL_LABELS[c], c) for c in rows["choice"]]
            value = self.choices.get(code, "line")
            menu = self.W.Dropdown(
                options=options,
                value=value if value in set(rows["choice"]) else "line",
                description=rows["oblast"].iloc[0],
                style=WIDE,
            )
            menu.code = code
            menu.observe(self._choose, names="value")
            menus.append(menu)
        self.menus.children = menus
        self.update()

    def _proposal(self, change=None):
        if self._syncing or not self.start.value:
            return
        item = D.proposal(self.start.value)
        day = D.price(item.key).day
        self._set(self.day, day)
        self.choices = D.panel_choices(item.key)
        self._new_day()

    def _choose(self, change):
        if self._syncing:
            return
        self.choices[change["owner"].code] = change["new"]
        self._set(self.start, "")
        self.update()

    def current_choices(self) -> dict[str, str]:
        return {menu.code: menu.value for menu in self.menus.children}

    def update(self):
        choices = self.current_choices()
        self.totals = D.from_pieces(choices, self.current_day)
        picked = self.table[
            [choices.get(c, "line") == k for c, k in zip(self.table["adm1_pcode"], self.table["choice"])]
        ]
        shown = {
            **self.totals,
            "zone_sites": sorted({s for sites in picked["zone_sites"] for s in sites}),
            "gives_city_names": given_cities(picked),
        }
        side, zone = overlaps.union_of(picked["side_geom"]), overlaps.union_of(picked["zone_geom"])
        held = D.clipped(S.line_on(self.current_day, D.SOURCE).held)
        day_short = f"{self.current_day:%-d %b %Y}"
        fresh = map_figure(side, zone, held, day_short)
        with self.figure.batch_update():
            for trace in self.figure.data:
                if trace.meta in ("side", "zone", "day"):
                    new = next(t for t in fresh.data if t.meta == trace.meta)
                    trace.x, trace.y, trace.name = new.x, new.y, new.name
            self.figure.layout.title.text = fresh.layout.title.text
        item = D.proposal(self.start.value) if self.start.value else None
        proposal = (
            {"name": item.name, "date": f"{item.date:%-d %b %Y}", "sources": D.sources(item.cite)} if item else None
        )
        self.summary.value = panels.deal_result(shown, self._names, day_short, proposal)


def live_panel(day=None) -> LivePanel:
    return LivePanel(day)
