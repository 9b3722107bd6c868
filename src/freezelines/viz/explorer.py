"""The "freeze the lines" explorer: two front ends over one model (:mod:`freezelines.model.scenarios`).

* :func:`static_explorer` is the web page's explorer. In a kernel it returns only a small
  marker of the mime type ``application/vnd.freezelines.explorer+json`` (it costs nothing);
  when the book is built, the book's Sphinx extension replaces the marker by the model's
  results for every weekly line of each tracker and for the presets (:func:`static_payload`),
  rendered as a map with a native range input, preset buttons, a tracker menu and result
  panels, driven by the book's own script ``freezelines-explorer.js`` (no kernel, no
  third-party script). In Jupyter the same output shows a one-line text pointing to the
  live explorer.
* :func:`live_explorer` (ipywidgets) drives the model for any day in Jupyter, Binder
  or Colab: a tracker toggle, a date picker, a preset menu and a comparison menu, with a
  Plotly ``FigureWidget`` map redrawn in place.
"""

from __future__ import annotations

import datetime as dt
import html
import json

import numpy as np
import plotly.graph_objects as go

from .. import constants as C
from .. import geometry as G
from ..model import deals as D
from ..model import outlines, overlaps
from ..model import scenarios as M
from ..model import territory as T
from ..model.places import MIN_POPULATION
from . import maps, panels, style, wording
from .citation import book_facts
from .deal_figures import map_name
from .packed_integers import pack, unpack

EXPLORER_MIME = "application/vnd.freezelines.explorer+json"
WEB_TOLERANCE_M = 2_000.0
"""Simplification of the lines drawn in the static explorer (numbers come from the full lines)."""
SCALE = 100
"""Coordinates are sent as integer hundredths of a degree (about 1 km)."""
HELD_COLOUR = C.SEIZED_SINCE_2022_COLOUR
COMPARE_COLOUR = style.LINE_COLOUR
"""A proposal's zone is filled as the book's one map legend says (``style.MAP_LEGEND``, ``dmz`` or ``open``)."""
SOURCES = ("deepstate", "liveuamap")
COMPARATORS = ("eve_of_invasion", "essay_date", "latest")
DEALS_CHAPTER_URL = "../book/deals-on-the-table.html"
"""The chapter on the proposals, from the explorer's page (notebooks/explorer)."""


# Geometry for the web ----------------------------------------------------------------------


def encode(held) -> str:
    """A held area as delta-encoded integer coordinates (1/:data:`SCALE` degree), packed in one
    string (:func:`freezelines.viz.packed_integers.pack`).

    Layout: n, dx, dy, dx, dy, ..., n, ... where n is a ring's number of points and the first point
    of each ring is relative to the last point of the previous one. (One short string: the page
    holds a line for every week, and decodes one only when it draws it.)
    """
    out: list[int] = []
    last = np.array([0, 0])
    for ring in outlines.lonlat_rings(held, WEB_TOLERANCE_M):
        points = np.round(ring * SCALE).astype(int)
        if len(points) < 4:
            continue
        deltas = np.diff(np.vstack([last, points]), axis=0)
        out.append(len(points))
        out.extend(deltas.ravel().tolist())
        last = points[-1]
    return pack(out)


def decode(text: str) -> tuple[np.ndarray, np.ndarray]:
    """The inverse of :func:`encode`, as NaN-separated paths (the page decodes the same way in JS)."""
    code = unpack(text)
    xs: list = []
    ys: list = []
    i, x, y = 0, 0, 0
    while i < len(code):
        n = code[i]
        i += 1
        if n < 1 or i + 2 * n > len(code):
            raise ValueError(f"an encoded line has a ring of {n} points where {(len(code) - i) // 2} remain")
        for _ in range(n):
            x += code[i]
            y += code[i + 1]
            i += 2
            xs.append(x / SCALE)
            ys.append(y / SCALE)
        xs.append(np.nan)
        ys.append(np.nan)
    return np.array(xs), np.array(ys)


# Results for the page ------------------------------------------------------------------------


def _km2(value: float) -> int:
    """An area as the pages print it (:data:`freezelines.constants.ROUNDING`: to 10 km²)."""
    return int(C.rounded("km2", value))


def _entry(result: M.Result, city_index: dict[str, int], comparators: dict[str, object], line: bool = True) -> dict:
    """A line's numbers as the pages print them (the live panels too); ``line`` adds its encoded drawing."""
    oblasts = result.oblasts.set_index("adm1_pcode")
    held_sites = result.sites.set_index("place_id")["held"]
    changes = {}
    for key, other in comparators.items():
        # [held now but not then, held then but not now, the net change]; each rounded on its own,
        # so the net is the model's (not the difference of two rounded numbers)
        changes[key] = [_km2(v) for v in overlaps.change_km2(result.line.held, other)]
    return {
        "label": result.line.label,
        "date": result.line.date.isoformat() if result.line.date else "",
        "quality": result.line.quality,
        "total": _km2(result.total_km2),
        "before": _km2(result.held_before_2022_km2),
        "seized": _km2(result.seized_since_2022_km2),
        "share": round(result.share_of_ukraine, 4),
        "population": int(C.rounded("residents", result.population["total"])),
        "cities": ",".join(str(city_index[p]) for p in result.cities["place_id"]),
        "sites": [bool(held_sites[s]) for s in M.KEY_SITES] + [bool(result.corridor)],
        "azov": round(result.azov_share, 3),
        "front": int(C.rounded("km", result.front_km)),
        "distances": [int(C.rounded("distance", k)) for k in result.distances["km"]],
        "oblasts": [round(float(oblasts.loc[c, "share"]), 3) for c in M.CLAIMED_OBLASTS + M.CRIMEA],
        "others": {k: _km2(v) for k, v in result.others.items()},
        "changes": changes,
        "sentence": line_sentence(result),
        **({"line": encode(result.line.held)} if line else {}),
    }


def line_sentence(result: M.Result) -> str:
    """The result in one sentence: the model's, or for a proposal's line, what the deal would leave."""
    line = result.line
    if line.source != "deal":
        return M.sentence(result)
    znpp = bool(result.sites.set_index("place_id").loc["site-znpp", "held"])
    return (
        f"Under {line.label}, {line.note.removeprefix('a proposal ')} of {line.date:%-d %B %Y}, the Russian side would "
        f"cover {style.area(result.total_km2)} ({result.share_of_ukraine:.1%} of Ukraine), with about "
        f"{result.population['total'] / 1e6:.1f} million pre-war residents outside Crimea and {len(result.cities)} "
        f"cities and towns of {MIN_POPULATION:,} people or more; the Zaporizhzhia nuclear plant would be on the "
        f"{'Russian-held' if znpp else 'Ukrainian'} side, {'with' if result.corridor else 'without'} a land "
        f"corridor to Crimea."
    )


def weekly_days(source: str) -> list[dt.date]:
    """The slider's days: the tracker's Thursdays (the invasion's weekday), and its latest day."""
    return T.week_days(*M.dates_available(source), include_last=True)


def daily_areas() -> dict:
    """Every tracker's area on every day it covers (``territory_daily.csv``, rounded as the pages round
    areas), for the static explorer's date field: a day with no weekly line still gets its areas.

    Per tracker: its first day, one value per day from it (``None`` where it has no map), and the
    days whose quality is not ``ok`` with their flag."""
    table = T.load_territory()
    out = {}
    for source in (*SOURCES, "isw"):
        rows = T.usable(table, source, flagged=True)
        days = rows.index.date
        first = days[0]
        km2: list = [None] * ((days[-1] - first).days + 1)
        for day, value in zip(days, rows["total_km2"]):
            km2[(day - first).days] = _km2(value)
        flags = {d.isoformat(): q for d, q in zip(days, rows["quality"]) if q != "ok"}
        out[source] = {"first": first.isoformat(), "km2": km2, "flags": flags}
    return out


def _cities():
    """The cities and towns of :data:`MIN_POPULATION` or more, largest first (an entry names them by index)."""
    ctx = M.context()
    cities = ctx.places[ctx.places["population_2022"].fillna(0) >= MIN_POPULATION]
    return cities.sort_values("population_2022", ascending=False).reset_index(drop=True)


def page_names() -> dict:
    """What an entry's numbers are of (the cities, sites, oblasts... in the entry's order), and the one
    table of words and formats: sent with the static page, read by the live panels too."""
    ctx = M.context()
    cities = _cities()
    return {
        "source_labels": {s: C.SOURCE_LABELS[s] for s in (*SOURCES, "isw")},
        "comparators": {key: M.PRESET_LABELS[key] for key in COMPARATORS},
        "cities": [[row["name"], int(row["population_2022"]), row["oblast"]] for _, row in cities.iterrows()],
        "sites": [ctx.places.set_index("place_id").loc[s, "name"] for s in M.KEY_SITES] + ["Land corridor to Crimea"],
        "distance_cities": list(M.DISTANCE_CITIES.values()),
        "min_population": MIN_POPULATION,
        "oblasts": [ctx.oblasts.set_index("adm1_pcode").loc[c, "name"] for c in M.CLAIMED_OBLASTS + M.CRIMEA],
        "deals_chapter": DEALS_CHAPTER_URL,
        "rounding": C.ROUNDING,
        "wording": wording.payload(),
    }


def static_payload(every: int = 1) -> dict:
    """Everything the static explorer shows: the model's results for each weekly line and preset.

    ``every`` thins the weekly lines (the tests use it to stay quick); the book uses 1.
    """
    city_index = {p: i for i, p in enumerate(_cities()["place_id"])}
    comparator_lines = {key: M.preset(key).held for key in COMPARATORS}
    sources = {}
    for source in SOURCES:
        days = weekly_days(source)[::every]
        if days[-1] != M.dates_available(source)[1]:
            days.append(M.dates_available(source)[1])
        sources[source] = [_entry(M.measure(M.line_on(day, source)), city_index, comparator_lines) for day in days]
    presets = []
    for key in ("eve_of_invasion", "march_2022_peak", "essay_date", "year_after_essay", "latest", "claims"):
        source = "liveuamap" if key == "march_2022_peak" else "deepstate"
        line = M.preset(key, source)
        entry = _entry(M.measure(line), city_index, comparator_lines)
        # A preset whose line is one of the slider's weekly lines moves the slider there.
        on_slider = any(
            e["date"] == entry["date"] and e["total"] == entry["total"] for e in sources.get(line.source, [])
        )
        presets.append({"key": key, "source": line.source, "on_slider": on_slider, **entry})
    presets += [_deal_preset(key, city_index, comparator_lines) for key in (p.key for p in D.PROPOSALS)]
    first = sources["deepstate"][-1]
    return {
        **page_names(),
        "sources": sources,
        "presets": presets,
        "comparator_lines": {key: encode(geom) for key, geom in comparator_lines.items()},
        "figure": json.loads(map_figure(first["line"], first["label"], tracker=C.SOURCE_LABELS["deepstate"]).to_json()),
        "default": {"source": "deepstate", "index": len(sources["deepstate"]) - 1},
        "scale": SCALE,
        "daily": daily_areas(),
        "book": book_facts(),  # for "Cite this view"
        "legend": style.legend_payload(),  # the book's one map legend, for the zone's fill
        "legend_line": style.LINE_COLOUR,
    }


def deal_facts(key: str) -> dict:
    """What the explorer says of a proposal beside its line: who made it and when, its terms in the
    book's words, the book's reading, and what it would change on the tracker's line of its day."""
    price = D.price(key)
    item = price.proposal
    return {
        "key": key,
        "name": item.name,
        "by": item.by,
        "date": f"{item.date:%-d %B %Y}",
        "day": f"{price.day:%-d %B %Y}",
        "source": price.source,
        "map": map_name(price.source, price.day),
        "sources": D.sources(item.cite),
        "terms": item.terms,
        "reading": item.reading,
        "zone_note": item.zone,
        "kept": [_km2(price.kept_km2), _km2(price.kept_with_zone_km2)],
        "passes": bool(D.passes_yardstick(price.kept_km2)),
        "gives": [
            _km2(price.ukraine_gives.total_km2),
            int(C.rounded("residents", price.ukraine_gives.population["total"])),
            len(price.ukraine_gives.cities),
        ],
        "returns": [
            _km2(price.russia_gives.total_km2),
            int(C.rounded("residents", price.russia_gives.population["total"])),
            len(price.russia_gives.cities),
        ],
        "zone": _km2(price.zone_km2),
        "zone_kind": "demilitarised zone" if price.dmz else ("land left to later talks" if price.open_zone else ""),
        "front": int(C.rounded("km", price.front_km)),
    }


def _deal_preset(key: str, city_index: dict[str, int], comparator_lines: dict) -> dict:
    """A proposal as a preset: its Russian side measured like any line, its zone drawn, its price beside it."""
    price = D.price(key)
    entry = _entry(price.deal, city_index, comparator_lines)
    entry["label"] = f"{price.proposal.name} ({price.proposal.date:%-d %b %Y})"
    entry["front"] = int(C.rounded("km", price.front_km))  # the line Ukrainian forces would hold, as the deal facts say
    return {
        "key": f"deal:{key}",
        "source": "deal",
        "on_slider": False,
        **entry,
        "zone": encode(overlaps.union_of([price.geometries["dmz"], price.geometries["open"]]))
        if price.zone_km2
        else "",
        "deal": deal_facts(key),
    }


def static_explorer(every: int = 1):
    """The static explorer as a light display object: a marker that the book's Sphinx extension
    replaces, at build time, by the full explorer (:func:`static_payload`, about a minute of
    model runs). In a kernel it costs nothing and shows a one-line pointer to the live explorer."""
    return MimeBundle(
        {
            EXPLORER_MIME: {"every": int(every)},
            "text/plain": "The static explorer is drawn in the built book. In this live session, use the "
            "live explorer below (run all cells): it covers every day, not only weekly lines.",
        }
    )


def static_content(content) -> dict:
    """The explorer output's content as the full payload: a marker (``{"every": n}``) is
    computed here, a full payload passes through (the Sphinx extension calls this at build time)."""
    payload = json.loads(content) if isinstance(content, (str, bytes)) else dict(content)
    if "sources" not in payload:
        payload = static_payload(int(payload.get("every", 1)))
    return payload


class MimeBundle:
    """A display object with a ready mime bundle (the static widgets' markers)."""

    def __init__(self, bundle: dict):
        self.bundle = bundle

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.bundle


# The map -------------------------------------------------------------------------------------


def map_figure(
    code_or_geom, label: str, compare=None, compare_label: str = "", places: bool = True, tracker: str = ""
) -> go.Figure:
    """The explorer's map: Ukraine, the held area, an optional comparison line, the key cities."""
    fig = maps.base_map(panels.headline({"label": label}, tracker), height=600)
    fig.add_trace(
        go.Scatter(
            x=[],
            y=[],
            mode="lines",
            fill="toself",
            name="demilitarised zone",
            meta="zone",
            hoverinfo="skip",
            visible=False,
            **style.area_style("dmz"),
        )
    )
    xs, ys = decode(code_or_geom) if isinstance(code_or_geom, str) else maps.rings_xy(G.to_lonlat(code_or_geom))
    fig.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            name=wording.say("explorer.trace_held", False),
            meta="held",
            **style.area_style("held"),
            hoverinfo="skip",
        )
    )
    if compare is not None:
        cx, cy = decode(compare) if isinstance(compare, str) else maps.rings_xy(G.to_lonlat(compare))
    else:
        cx, cy = np.empty(0), np.empty(0)
    fig.add_trace(
        go.Scatter(
            x=cx,
            y=cy,
            mode="lines",
            meta="compare",
            name=wording.say("explorer.trace_compare", line=compare_label)
            if compare_label
            else wording.say("explorer.trace_no_compare"),
            line=dict(color=COMPARE_COLOUR, width=2, dash="dot"),
            hoverinfo="skip",
            visible=compare is not None,
        )
    )
    if places:
        ctx = M.context()
        key = ctx.places[(ctx.places["role"] == "key") & ctx.places["kind"].isin(["city"])]
        # Largest first: on a narrow map the page keeps only the first labels.
        maps.add_places(fig, key.sort_values("population_2022", ascending=False), name="cities the essay names")
    fig.update_layout(uirevision="explorer")
    return fig


# Live (ipywidgets) -------------------------------------------------------------------------

LIVE_PRESETS = (*M.PRESETS, "claims")
WIDE = {"description_width": "initial"}
"""Labels at their full width (ipywidgets cuts them at 80 px otherwise)."""


def preset_source(key: str, source: str) -> str:
    """The tracker a preset is drawn from: March 2022's peak is only in liveuamap's coverage."""
    return "liveuamap" if key == "march_2022_peak" else source


class QuietControls:
    """Live widgets that set their own controls without reacting to the change they make."""

    _syncing = False

    def _set(self, control, value) -> None:
        """Set a control without redrawing for it."""
        self._syncing = True
        try:
            control.value = value
        finally:
            self._syncing = False


class LiveExplorer(QuietControls):
    """ipywidgets controls driving the model for any day, and a Plotly ``FigureWidget`` map
    redrawn in place (one ``batch_update`` of the held and comparison traces per change).

    A preset moves the date picker and the tracker to its line; a new day or tracker
    leaves the preset. ``timing_ms`` is the time of the last update in the kernel.
    """

    def __init__(self):
        import ipywidgets as W

        first, last = M.dates_available("deepstate")
        self.source = W.ToggleButtons(
            options=[(C.SOURCE_LABELS[s], s) for s in SOURCES],
            value="deepstate",
            description="Tracker",
            style={**WIDE, "button_width": "auto"},
        )
        self.day = W.DatePicker(
            value=last,
            min=first,
            max=last,
            description="Freeze the line on",
            style=WIDE,
            layout=W.Layout(width="auto"),
        )
        self.preset = W.Dropdown(
            options=[("(none: the day chosen)", "")]
            + [(M.PRESET_LABELS[k], k) for k in LIVE_PRESETS]
            + [(f"Proposal: {p.name} ({p.date:%-d %b %Y})", f"deal:{p.key}") for p in D.PROPOSALS],
            value="",
            description="Or a preset",
            style=WIDE,
            layout=W.Layout(width="min(100%, 34em)"),
        )
        self.compare = W.Dropdown(
            options=[("nothing", "")] + [(M.PRESET_LABELS[k], k) for k in COMPARATORS],
            value="",
            description="Compare with",
            style=WIDE,
            layout=W.Layout(width="min(100%, 34em)"),
        )
        self.summary = W.HTML()
        self.timing_ms = 0.0
        self._comparators: dict[str, tuple] = {}
        self._deals: dict[str, dict] = {}
        self._names = page_names()
        self._city_index = {p: i for i, p in enumerate(_cities()["place_id"])}
        self._comparator_lines = {key: M.preset(key).held for key in COMPARATORS}
        for key in LIVE_PRESETS:  # read the trackers' archives now, not on the first preset
            M.preset(key, preset_source(key, "deepstate"))
        line = M.line_on(last, "deepstate")
        fig = map_figure(line.held, line.label, compare=None, places=True)
        fig.update_layout(meta={k: v for k, v in fig.layout.meta.items() if k != "table"}, autosize=True)
        self.output = None
        try:
            self.figure = go.FigureWidget(fig)  # plotly 6+ draws it with anywidget
        except ImportError:  # no anywidget: the figure is redrawn in an Output area instead
            self.figure, self.output = fig, W.Output()
        for control in (self.source, self.day, self.preset, self.compare):
            control.observe(self.update, names="value")
        wrap = W.Layout(flex_flow="row wrap", align_items="center")
        self.widget = W.VBox(
            [
                self.source,
                W.HBox([self.day, self.preset], layout=wrap),
                self.compare,
                self.summary,
                self.output or self.figure,
            ]
        )
        self.update()

    def _limit_days(self) -> None:
        """The date picker's range: the days the chosen tracker has (its first to its last map)."""
        first, last = M.dates_available(self.source.value)
        self._syncing = True
        try:  # widen first, so that the new range never excludes the value mid-way
            self.day.min, self.day.max = None, None
            self.day.min, self.day.max = first, last
        finally:
            self._syncing = False

    def _trace(self, meta: str):
        return next(t for t in self.figure.data if t.meta == meta)

    def tracker_label(self, entry: dict) -> str:
        """Whose map the line is: the tracker's name, or "drawn on ..." for a proposal (as the page says)."""
        if entry.get("deal"):
            return wording.say("explorer.drawn_on", map=entry["deal"]["map"])
        source = self.source.value if not self.preset.value else self.current_line().source
        return self._names["source_labels"].get(source, "")

    def current_line(self) -> M.Line:
        if self.preset.value.startswith("deal:"):
            return D.price(self.preset.value.removeprefix("deal:")).line
        if self.preset.value:
            return M.preset(self.preset.value, preset_source(self.preset.value, self.source.value))
        return M.line_on(self.day.value, self.source.value)

    def _comparator(self, key: str):
        """A comparison line's entry (as the static page has it) and drawing (computed once)."""
        if key not in self._comparators:
            result = M.measure(M.preset(key))
            entry = _entry(result, self._city_index, self._comparator_lines, line=False)
            self._comparators[key] = (entry, maps.rings_xy(G.to_lonlat(result.line.held)))
        return self._comparators[key]

    def current_entry(self, result: M.Result) -> dict:
        """The shown line's numbers as the static page's payload has them (:func:`_entry`)."""
        if self.preset.value.startswith("deal:"):
            key = self.preset.value.removeprefix("deal:")
            if key not in self._deals:
                self._deals[key] = _deal_preset(key, self._city_index, self._comparator_lines)
            return self._deals[key]
        return _entry(result, self._city_index, self._comparator_lines, line=False)

    def update(self, change=None):
        import time

        if self._syncing:
            return
        start = time.perf_counter()
        owner = change["owner"] if change is not None else None
        if owner in (self.day, self.source) and self.preset.value:
            self._set(self.preset, "")  # a day or tracker of one's own leaves the preset
        if owner is self.source:
            self._limit_days()  # a day outside the new tracker's maps moves to its nearest end
        try:
            line = self.current_line()
        except ValueError as error:
            self.summary.value = f"<p><strong>{html.escape(str(error))}</strong></p>"
            self.timing_ms = (time.perf_counter() - start) * 1000
            return
        if owner is self.preset and self.preset.value:
            # The preset moves the tracker (and the date picker's range) and the date picker to its line.
            if line.source in SOURCES or line.source == "deal":
                self._set(self.source, D.SOURCE if line.source == "deal" else line.source)
                self._limit_days()
            if line.date is not None:
                self._set(self.day, line.date)
        result = M.measure(line)
        self.result = result
        entry = self.current_entry(result)
        then, compare_xy = self._comparator(self.compare.value) if self.compare.value else (None, (np.empty(0),) * 2)
        xs, ys = maps.rings_xy(G.to_lonlat(line.held))
        deal = D.price(self.preset.value.removeprefix("deal:")) if self.preset.value.startswith("deal:") else None
        zone = deal.geometries["dmz"] if deal is not None and deal.dmz else None
        zx, zy = maps.rings_xy(G.to_lonlat(zone)) if zone is not None else (np.empty(0), np.empty(0))
        held, compared, zoned = self._trace("held"), self._trace("compare"), self._trace("zone")
        with self.figure.batch_update():
            held.x, held.y = xs, ys
            zoned.x, zoned.y = zx, zy
            zoned.visible = zone is not None
            compared.x, compared.y = compare_xy
            compared.visible = bool(self.compare.value)
            compared.name = (
                wording.say("explorer.trace_compare", line=M.PRESET_LABELS[self.compare.value])
                if self.compare.value
                else wording.say("explorer.trace_no_compare")
            )
            held.name = wording.say("explorer.trace_held", deal is not None)
            self.figure.layout.title.text = self.headline = panels.headline(entry, self.tracker_label(entry))
        if self.output is not None:
            self.output.outputs = (
                {
                    "output_type": "display_data",
                    "metadata": {},
                    "data": {
                        "application/vnd.plotly.v1+json": json.loads(self.figure.to_json()),
                        "text/plain": line.label,
                    },
                },
            )
        # (last: the figure is sent first) the same panels as the static page's, from the same table
        self.summary.value = panels.sentence(entry) + panels.explorer_panels(
            entry, self._names, self.source.value, self.compare.value, then
        )
        self.timing_ms = (time.perf_counter() - start) * 1000


def live_explorer() -> LiveExplorer:
    return LiveExplorer()
