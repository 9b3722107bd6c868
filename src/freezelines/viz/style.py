"""The book's one figure style: fonts, margins, headline, legend, buttons and modebar.

Every chart module calls :func:`apply` (and :func:`controls_row` for buttons) instead of
setting its own layout, so that every chart holds from a 360 px phone to a 1440 px screen:

* **The headline** is the chart's finding, a sentence. In Jupyter it is the figure's title,
  wrapped. In the built book, :func:`for_web` takes it out of the figure and the page shows
  it as an HTML caption above the chart, where the browser wraps it at any width; the full
  sentence is kept in ``layout.meta.headline``.
* **The legend** is horizontal, under the plot (``yref="container"``: Plotly reserves its
  height below the axis, however many rows it wraps into on a narrow screen).
* **Buttons** (range buttons, scale switches) sit on one row directly above the plot,
  left-aligned; the **modebar** has a band of its own above them, on screens with a mouse
  only (touch screens get no modebar, see ``freezelines-plotly.js``).
* **Axis titles** are short; dates need none.
* **Marks** follow :data:`TEMPLATE`: a reference line or band added without a style of its
  own is drawn visibly, in the colour-blind-safe palette.
"""

from __future__ import annotations

import copy
import textwrap
from typing import NamedTuple

import plotly.graph_objects as go
import plotly.io as pio

from .. import constants as C
from . import wording

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
FONT = dict(family=FONT_FAMILY, size=14)
SMALL_FONT = dict(size=12)
TITLE_WIDTH = 72
"""Characters per line of a headline wrapped inside a figure (Jupyter)."""
HEIGHT = 460
"""Height of a chart (px); maps set their own."""
MODEBAR_BAND = 30
"""Px above the buttons kept free for Plotly's modebar (removed on touch screens)."""
CONTROLS_BAND = 34
"""Px of the row of buttons above the plot."""
GAP = 6
LEGEND_GAP = 24
"""Px between the x axis' tick labels and the legend."""
LEGEND_ENTRY = 36
"""Characters of a legend entry on one line in the built book (a phone's width)."""
MODEBAR_BUTTONS = ["toImage", "zoomIn2d", "zoomOut2d", "resetScale2d"]
"""The modebar keeps these; Plotly's other buttons crowd a narrow chart."""


TITLE_LINE_PX = 22
"""Px of one line of a headline inside a figure."""
TITLE_PAD_PX = 12
"""Px above and below a headline inside a figure."""


def wrap_title(title: str, width: int = TITLE_WIDTH) -> str:
    """Break a headline into lines (Plotly does not wrap titles)."""
    return "<br>".join(textwrap.wrap(title, width))


def title_height(wrapped: str) -> int:
    """Px a wrapped headline (lines joined by ``<br>``) takes at the top of a figure: what
    :func:`apply` adds to the figure and :func:`for_web` takes back when the page shows the
    headline above the chart instead."""
    return TITLE_LINE_PX * (wrapped.count("<br>") + 1) + TITLE_PAD_PX


def people(count: float) -> str:
    """Pre-war residents as the book writes them everywhere: "about 708,000", "under 1,000", "none"
    (the one table of formats, :mod:`freezelines.viz.wording`, which the pages' scripts read too)."""
    return wording.people(count)


def area(km2: float) -> str:
    """An area as the book writes it everywhere: "26,750 km²" (to 10 km²), "under 10 km²", "none"."""
    return wording.area(km2)


def length(km: float) -> str:
    """A front line's length: "1,170 km" (to 10 km: it is measured along simplified lines)."""
    return wording.length(km)


def distance(km: float) -> str:
    """A distance to a city: "102 km" (to the km)."""
    return wording.distance(km)


CHART_DECIMALS = {"km2": 2, "km": 2, "percent": 2}
"""Decimal places of the values a chart holds, which its CSV download carries: areas to 0.01 km²,
lengths and distances to 0.01 km, shares to 0.01 percentage points. That is at or finer than the
model's own precision (the processed tables store areas to 0.1 km²) and only drops floating-point
noise. What the chart shows rounds further, in its hover templates, text and tick formats
(``%{y:,.0f}``), never in its data."""


def chart_values(values, kind: str):
    """``values`` (a number, a list, an array or a pandas Series) as a chart holds them: to the
    decimal places of their ``kind`` (:data:`CHART_DECIMALS`); missing values stay missing."""
    if kind not in CHART_DECIMALS:
        raise KeyError(f"no chart precision for {kind!r}: choose from {sorted(CHART_DECIMALS)}")
    decimals = CHART_DECIMALS[kind]
    if hasattr(values, "round"):  # a pandas Series or DataFrame, a numpy array
        return values.round(decimals)
    if isinstance(values, (int, float)):
        return round(float(values), decimals)
    return [None if v is None or v != v else round(float(v), decimals) for v in values]


DAY_MS = 86_400_000
"""A day in milliseconds: the step along a date axis (Plotly's ``dx``)."""


def daily_steps(days, what: str) -> dict:
    """A daily series' dates as Plotly's ``x0`` and ``dx`` (one day) instead of one date string a
    point, which every trace of a chart would repeat; ``days`` must run one day apart, without gaps
    (else a ValueError naming ``what`` and the first day out of step)."""
    import pandas as pd

    index = pd.DatetimeIndex(days)
    if not len(index):
        raise ValueError(f"{what}: no days")
    steps = index[1:] - index[:-1]
    wrong = [later for later, step in zip(index[1:], steps) if step != pd.Timedelta(days=1)]
    if wrong or index[0] != index[0].normalize():
        raise ValueError(
            f"{what}: the days do not run one a day from {index[0]:%Y-%m-%d} "
            f"(first out of step: {(wrong[0] if wrong else index[0]):%Y-%m-%d %H:%M})"
        )
    return dict(x0=index[0].strftime("%Y-%m-%d"), dx=DAY_MS)


def rgba(hex_colour: str, alpha: float) -> str:
    """A ``#rrggbb`` colour (the leading ``#`` optional) with an opacity, as Plotly's ``rgba(...)``."""
    value = hex_colour.lstrip("#")
    r, g, b = (int(value[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


class Category(NamedTuple):
    """One kind of land on a map: its legend label, colour, fill pattern (Plotly's ``fillpattern``
    shape; empty for a solid fill), fill opacity, and the colour and pattern in words (for captions)."""

    label: str
    colour: str
    pattern: str
    opacity: float
    words: str


MAP_LEGEND = {
    "held": Category("Russian-held", C.SEIZED_SINCE_2022_COLOUR, "", 0.45, "vermilion"),
    "held_before_2022": Category("held before 24 February 2022", C.HELD_BEFORE_2022_COLOUR, "", 0.45, "grey"),
    "gives": Category("Ukraine would give up", C.SEIZED_SINCE_2022_COLOUR, "/", 0.3, "vermilion hatching"),
    "dmz": Category("demilitarised zone", C.OKABE_ITO["orange"], "x", 0.35, "orange cross-hatching"),
    "open": Category("left to later talks", C.OKABE_ITO["yellow"], ".", 0.45, "yellow dots"),
    "returns": Category("Russian forces would leave", C.OKABE_ITO["blue"], "", 0.5, "blue"),
    "claimed": Category("claimed, not held", C.OKABE_ITO["purple"], "\\", 0.35, "reddish-purple hatching"),
}
"""One colour and pattern per meaning on every map, static and interactive (Okabe and Ito's
colour-blind-safe palette): Russian-held land in vermilion (the part held before 24 February 2022
grey where a map splits it), land Ukraine would give up in vermilion hatched (it would join the
Russian side), a demilitarised zone orange cross-hatched, land left to later talks yellow dotted,
land Russian forces would leave blue, land claimed but not held reddish purple hatched. The pages'
scripts get the same table in their payloads (:func:`legend_payload`)."""
LINE_COLOUR = C.OKABE_ITO["black"]
"""Another day's or tracker's line drawn over a map (dotted): black, a line and no area."""


class Tracker(NamedTuple):
    """A tracker's own look, on every chart and map: its colour, and the fill pattern of an area only
    its map shows (Plotly's ``fillpattern`` shape), and both in words (for captions)."""

    colour: str
    pattern: str
    words: str


TRACKERS = {
    "deepstate": Tracker(C.OKABE_ITO["sky"], "|", "sky blue, upright hatching"),
    "liveuamap": Tracker(C.OKABE_ITO["green"], "-", "bluish green, level hatching"),
    "isw": Tracker(C.OKABE_ITO["black"], "+", "black"),
}
"""Each tracker's colour (Okabe and Ito's colour-blind-safe palette) on every chart and map: none is a
colour of :data:`MAP_LEGEND`, so a tracker never looks like a kind of land (DeepStateMap's blue was the
blue of land Russian forces would leave, liveuamap's orange the orange of a demilitarised zone). ISW is
drawn on charts only (its layers are published as areas, not lines), so its black does not meet the
maps' black lines (:data:`LINE_COLOUR`); the trackers on maps (``constants.MAP_TRACKERS``) also
hatch their areas in a pattern of their own."""
TRACKER_COLOURS = {source: tracker.colour for source, tracker in TRACKERS.items()}
"""Each tracker's colour (:data:`TRACKERS`), for a chart's lines and bars."""


def tracker_area_style(source: str, opacity: float = 0.6) -> dict:
    """The ``go.Scatter`` arguments that fill an area only ``source``'s map shows: its colour
    (:data:`TRACKERS`), hatched in its own pattern."""
    if source not in TRACKERS:
        raise KeyError(f"no tracker {source!r}: choose from {sorted(TRACKERS)}")
    tracker = TRACKERS[source]
    return dict(
        fillcolor=rgba(tracker.colour, opacity),
        line=dict(color=tracker.colour, width=0.8),
        fillpattern=dict(shape=tracker.pattern, fgcolor=tracker.colour, size=8, solidity=0.35),
    )


def area_style(key: str) -> dict:
    """The ``go.Scatter`` arguments that fill an area as :data:`MAP_LEGEND` says for ``key`` (its
    ``legendgroup`` names the category, so a test or a script can tell what a trace shows)."""
    if key not in MAP_LEGEND:
        raise KeyError(f"no map category {key!r}: choose from {sorted(MAP_LEGEND)}")
    category = MAP_LEGEND[key]
    out = dict(
        fillcolor=rgba(category.colour, category.opacity), line=dict(color=category.colour, width=1), legendgroup=key
    )
    if category.pattern:
        out["fillpattern"] = dict(shape=category.pattern, fgcolor=category.colour, size=8, solidity=0.35)
    return out


def legend_words(meanings: dict[str, str]) -> str:
    """A caption's key to a map's colours, from :data:`MAP_LEGEND` (``meanings``: category key ->
    what it is on that map): "vermilion, the Russian-held side it would keep; ...", so no caption
    names a colour the map does not draw."""
    return "; ".join(f"{MAP_LEGEND[key].words}, {what}" for key, what in meanings.items())


def legend_payload() -> dict:
    """:data:`MAP_LEGEND` as the pages' scripts read it: per key, its label and the trace style."""
    return {key: {"label": category.label, **area_style(key)} for key, category in MAP_LEGEND.items()}


REFERENCE_LINE_WIDTH = 1.5
"""Px of a shape's line (a reference line, a band's edge) when the chart does not set one."""
COLORWAY = tuple(C.OKABE_ITO[k] for k in ("blue", "orange", "green", "vermillion", "purple", "sky", "black"))
"""Colours of traces that set none: Okabe and Ito's colour-blind-safe palette (its yellow left out:
it does not stand out from white)."""


def _template() -> go.layout.Template:
    """``simple_white`` with marks that can be seen. Its shape defaults (a line of width 0, the
    whole shape at opacity 0.3, made for shaded rectangles) drew every reference line added
    without a width (a dotted 100% line, the 10,000 km² yardstick) at 0 px, and a band's fill at
    a third of its colour. Here a shape's line is :data:`REFERENCE_LINE_WIDTH` px of the palette's
    black at full opacity, a band without a fill colour of its own is a light grey, and a band
    that wants no edge says so (``line_width=0``)."""
    template = go.layout.Template(pio.templates["simple_white"])
    template.layout.shapedefaults = dict(
        line=dict(color=C.OKABE_ITO["black"], width=REFERENCE_LINE_WIDTH),
        opacity=1,
        fillcolor=rgba(C.OKABE_ITO["black"], 0.12),
    )
    template.layout.colorway = COLORWAY
    return template


TEMPLATE = _template()
"""The Plotly template of every chart (:func:`apply` sets it)."""


def _top_margin(controls: bool) -> int:
    return MODEBAR_BAND + (CONTROLS_BAND if controls else 0) + GAP


def apply(
    fig: go.Figure,
    headline: str,
    source: str,
    *,
    hovermode: str = "x unified",
    controls: bool = False,
    height: int = HEIGHT,
    left: int = 64,
    legend: bool = True,
    aspect: float | None = None,
) -> go.Figure:
    """Give ``fig`` the book's style: headline, source, font, margins, legend under the plot.

    ``controls`` reserves the row above the plot for buttons (see :func:`controls_row`);
    ``left`` is the left margin (wider for long category labels); ``aspect`` (a map's plot
    height over its width) lets the built book size the chart to the page's width.
    """
    wrapped = wrap_title(headline)
    title_px = title_height(wrapped)
    fig.update_layout(
        meta={"source": source, "headline": headline, **({"aspect": round(aspect, 4)} if aspect else {})},
        title=dict(
            text=wrapped, x=0, xanchor="left", y=1, yanchor="top", yref="container", pad=dict(t=8), font=dict(size=15)
        ),
        font=FONT,
        template=TEMPLATE,
        hovermode=hovermode,
        height=height + title_px,
        showlegend=legend,
        legend=dict(
            orientation="h",
            x=0,
            xanchor="left",
            xref="container",
            y=0,
            yanchor="bottom",
            yref="container",
            font=SMALL_FONT,
            traceorder="normal",
        ),
        margin=dict(l=left, r=16, t=_top_margin(controls) + title_px, b=LEGEND_GAP, pad=0, autoexpand=True),
        modebar=dict(orientation="h"),
    )
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def controls_row(fig: go.Figure, x: float = 0.0, xanchor: str = "left") -> dict:
    """Position arguments for a row of buttons directly above the plot (an updatemenu or a
    rangeselector): anchored to the plot's top edge, so that it never covers the data."""
    plot_px = fig.layout.height - fig.layout.margin.t - fig.layout.margin.b
    return dict(x=x, xanchor=xanchor, y=1 + (GAP / 2) / max(plot_px, 1), yanchor="bottom")


def range_buttons(
    fig: go.Figure, spans: tuple[tuple[int, str, str], ...] = ((3, "3 months", "month"), (1, "1 year", "year"))
) -> dict:
    """A date axis' range buttons (``spans``: count, label, step), plus "All", on the controls row."""
    buttons = [dict(count=count, label=label, step=step, stepmode="backward") for count, label, step in spans]
    return dict(buttons=[*buttons, dict(step="all", label="All")], font=SMALL_FONT, **controls_row(fig))


TABLE_COLUMNS = ("feature", "name", "km2", "lon", "lat", "note")
"""Columns of a map's data table (``layout.meta.table``), which its CSV download carries."""


def add_table_rows(fig: go.Figure, rows: list[dict]) -> None:
    """Record what a map shows (areas with their km², places with their coordinates) in the
    figure's metadata, so that its CSV names them instead of listing polygon vertices."""
    meta = dict(fig.layout.meta or {})
    table = list(meta.get("table") or [])
    table += [[row.get(column, "") for column in TABLE_COLUMNS] for row in rows]
    fig.update_layout(meta={**meta, "table": table})


def for_web(figure: dict) -> tuple[str, dict]:
    """The headline and the figure as the built book draws it: the headline leaves the figure
    (the page shows it as HTML above the chart) and the top margin shrinks by its height.

    Frames may set a title too (a slider's date); those titles are dropped as well."""
    figure = copy.deepcopy(figure)
    layout = figure.setdefault("layout", {})
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    title = layout.pop("title", None) or {}
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    headline = meta.get("headline") or text.replace("<br>", " ")
    if text and "margin" in layout and "t" in layout["margin"]:
        title_px = title_height(text)
        layout["margin"]["t"] = max(layout["margin"]["t"] - title_px, GAP)
        if "height" in layout:
            layout["height"] -= title_px
    for frame in figure.get("frames") or []:
        (frame.get("layout") or {}).pop("title", None)
    for trace in figure.get("data") or []:
        # A legend entry longer than a phone's width wraps onto a second line.
        if isinstance(trace.get("name"), str) and len(trace["name"]) > LEGEND_ENTRY and "<br>" not in trace["name"]:
            trace["name"] = wrap_title(trace["name"], LEGEND_ENTRY)
    layout["meta"] = {**meta, "modebar_band": MODEBAR_BAND}
    figure["config"] = {**(figure.get("config") or {}), "modeBarButtons": [MODEBAR_BUTTONS]}
    return headline, figure
