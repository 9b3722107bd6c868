"""Maps drawn from the book's own boundary data, never from Plotly's geo basemap.

Plotly's built-in geo layers are fetched from a CDN when a page is viewed and draw
Crimea inside Russia. These maps are plain x/y plots of longitude and latitude, framed
by Ukraine's internationally recognised borders (``data/boundaries``), with the
aspect ratio set for the latitude of central Ukraine.
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
import plotly.graph_objects as go

from ..model import outlines, overlaps
from ..model import territory as T
from . import style
from .style import area_style, rgba, wrap_title

ASPECT = 1 / math.cos(math.radians(48.5))
"""Degrees of latitude per degree of longitude on screen, at 48.5°N."""
OUTLINE_COLOUR = "#4d4d4d"
OBLAST_COLOUR = "#bdbdbd"


DISPLAY_TOLERANCE = 0.01
"""Degrees: boundaries and areas are simplified this much for drawing (about 1 km); never for measuring."""


TRACE_DECIMALS = 3
"""Decimal places of a map trace's longitudes and latitudes (0.001°, about 100 m: well under a pixel
where a map is drawn widest, and the precision of :func:`rings_xy`)."""


def rings_xy(geom, tolerance: float = DISPLAY_TOLERANCE, min_area: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Longitude and latitude of every ring, separated by NaN (Plotly's path breaks; null in JSON),
    leaving out rings of less than ``min_area`` square degrees (specks no reader can see).

    Numpy arrays, not lists: Plotly validates them in one step instead of element by element.
    """
    pieces = []
    for ring in outlines.rings(geom, tolerance, min_area):
        pieces += [ring.round(TRACE_DECIMALS), np.full((1, 2), np.nan)]
    coords = np.vstack(pieces) if pieces else np.empty((0, 2))
    return coords[:, 0], coords[:, 1]


def trace_coordinates(values: np.ndarray, decimals: int = TRACE_DECIMALS) -> list[float | None]:
    """A map trace's longitudes or latitudes as the page carries them: a plain list of numbers to
    ``decimals`` places, ``None`` (null) at each break between rings.

    Not a numpy array: Plotly writes those as base64 binary (8 bytes a number), which gzip barely
    shrinks, while short decimals in JSON compress to under a byte a number where a line repeats
    from one slider frame to the next (``tests/test_figure_encoding.py`` checks)."""
    return [None if v != v else v for v in np.round(np.asarray(values, dtype=float), decimals).tolist()]


PICTURE_UNITS = 500
"""Units of the base picture's paths per degree (0.002°; a point moves at most 0.001°, a sixth of a
pixel where a map is drawn widest: a 10° window 1,400 px wide), as whole numbers, each relative to
the one before (an SVG path's ``l``): a third of the bytes of absolute decimals, with gzip."""


def svg_path(xs: np.ndarray, ys: np.ndarray) -> str:
    """NaN-separated rings (as from :func:`rings_xy`) as one SVG path in :data:`PICTURE_UNITS`: each
    ring's first point absolute, the others relative to the point before."""
    coords = np.column_stack([xs, ys])
    breaks = np.flatnonzero(np.isnan(coords[:, 0]))
    rings = []
    for ring in np.split(coords, breaks):
        ring = ring[~np.isnan(ring[:, 0])]
        if not len(ring):
            continue
        points = np.rint(ring * PICTURE_UNITS).astype(int)
        steps = np.diff(points, axis=0)
        steps = steps[steps.any(axis=1)]  # a point repeated adds nothing to the drawing
        numbers = " ".join(f"{dx} {dy}" for dx, dy in steps).replace(" -", "-")
        rings.append(f"M{points[0, 0]} {points[0, 1]}".replace(" -", "-") + (f"l{numbers}" if numbers else "") + "z")
    return "".join(rings)


BASE_PICTURE_NAME = "oblast borders and Ukraine's outline"
"""The name of the base picture in a map's layout (the built book serves it as one shared file)."""
FRAME_BOX = (22.0, 40.4, 44.2, 52.5)
"""West, east, south and north edges (degrees) of the base map's picture: all of Ukraine."""


@lru_cache(maxsize=1)
def base_picture() -> str:
    """The oblast borders and Ukraine's outline as one SVG picture (a data URI), in longitude and
    latitude over :data:`FRAME_BOX` (computed once).

    A picture, not traces or shapes: Plotly redraws every trace and shape of a chart when one
    trace changes, and the borders' thousands of points would cost every step of a slider or of
    the explorer; a picture is drawn once by the browser and only moved."""
    from urllib.parse import quote

    outline, units = outlines.boundaries()
    west, east, south, north = FRAME_BOX
    oblasts = "".join(svg_path(*rings_xy(unit["geometry"])) for unit in units)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{west} {-north} {round(east - west, 4)} {round(north - south, 4)}" '
        f'preserveAspectRatio="none"><g transform="scale({1 / PICTURE_UNITS},{-1 / PICTURE_UNITS})" fill="none">'
        f'<path d="{oblasts}" stroke="{OBLAST_COLOUR}" stroke-width="0.6" vector-effect="non-scaling-stroke"/>'
        f'<path d="{svg_path(*rings_xy(outline))}" stroke="{OUTLINE_COLOUR}" stroke-width="1.2" '
        f'vector-effect="non-scaling-stroke"/></g></svg>'
    )
    return "data:image/svg+xml;charset=utf-8," + quote(
        svg, safe=' =:/,.-"'
    )  # "#" must be escaped: it would start a fragment


MAP_HEIGHT = 560
"""Height of a map in Jupyter (px); the built book sizes maps to the page's width (``meta.aspect``)."""


def base_map(
    title: str,
    height: int = MAP_HEIGHT,
    source: str | None = None,
    lon: tuple[float, float] = (22.0, 40.4),
    lat: tuple[float, float] = (44.2, 52.5),
) -> go.Figure:
    """An empty map of Ukraine (or of the ``lon`` x ``lat`` window): the outline and the oblast
    borders, no axes, in the book's figure style.

    The borders are one picture under the plot (:func:`base_picture`)."""
    from .. import constants as C
    from . import style

    west, east, south, north = FRAME_BOX
    fig = go.Figure()
    fig.add_layout_image(
        source=base_picture(),
        xref="x",
        yref="y",
        x=west,
        y=north,
        sizex=east - west,
        sizey=north - south,
        sizing="stretch",
        layer="below",
        name=BASE_PICTURE_NAME,
    )
    style.apply(
        fig,
        title,
        source or f"{C.TRACKER_CREDIT}; {C.BORDERS_CREDIT}",
        hovermode="closest",
        height=height,
        left=4,
        aspect=(lat[1] - lat[0]) * ASPECT / (lon[1] - lon[0]),
    )
    fig.update_layout(margin=dict(r=4))
    fig.update_xaxes(visible=False, range=list(lon))
    fig.update_yaxes(visible=False, range=list(lat), scaleanchor="x", scaleratio=ASPECT)
    return fig


def add_area(
    fig: go.Figure,
    geom,
    name: str,
    colour: str | None = None,
    opacity: float = 0.55,
    hover: str | None = None,
    km2: float | None = None,
    category: str | None = None,
) -> go.Figure:
    """A filled area (lon/lat geometry) as one trace; its area goes into the map's table: ``km2``
    where the page states a measured value (so that the download says the same), else the
    drawn geometry's area in the equal-area projection.

    ``category`` (a key of :data:`freezelines.viz.style.MAP_LEGEND`) fills it as the book's one
    legend says; ``colour`` and ``opacity`` are for areas outside the legend (a tracker's own)."""
    from .style import add_table_rows

    if (category is None) == (colour is None):
        raise ValueError(f"{name!r}: give a legend category or a colour, not both or neither")
    filled = (
        area_style(category) if category else dict(fillcolor=rgba(colour, opacity), line=dict(color=colour, width=0.8))
    )
    x, y = (trace_coordinates(v) for v in rings_xy(geom))
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            fill="toself",
            name=name,
            hoverinfo="text" if hover else "skip",
            text=hover,
            hoveron="fills" if hover else None,
            **filled,
        )
    )
    area = km2 if km2 is not None else overlaps.lonlat_area_km2(geom)
    add_table_rows(fig, [{"feature": "area", "name": name, "km2": style.chart_values(area, "km2")}])
    return fig


LABEL_NEAR = (1.3, 0.45)
"""Degrees of longitude and latitude within which two labels would collide on a phone's map."""


def label_positions(lon, lat) -> list[str]:
    """Above or below each marker: a label goes below when a label above sits too close (greedy, west to east).

    This places the labels (in Jupyter too); in the built book, ``freezelines-plotly.js`` then hides
    any label that still covers an earlier one at the width the map is drawn (its marker stays)."""
    order = sorted(range(len(lon)), key=lambda i: lon[i])
    positions = ["top center"] * len(lon)
    for k, i in enumerate(order):
        near = [j for j in order[:k] if abs(lon[i] - lon[j]) < LABEL_NEAR[0] and abs(lat[i] - lat[j]) < LABEL_NEAR[1]]
        if any(positions[j] == "top center" for j in near):
            positions[i] = "bottom center"
    return positions


def add_places(fig: go.Figure, places, name: str = "places", colour: str = "#000000", labels: bool = True) -> go.Figure:
    """Markers (and labels) for rows of ``places.csv`` (a ``label`` column, if any, gives short labels)."""
    fig.add_trace(
        go.Scatter(
            x=places["lon"],
            y=places["lat"],
            mode="markers+text" if labels else "markers",
            name=name,
            text=(places["label"] if "label" in places else places["name"]) if labels else None,
            textposition=label_positions(list(places["lon"]), list(places["lat"])),
            textfont=dict(size=12),
            marker=dict(size=7, color=colour, line=dict(color="white", width=1)),
            hovertext=places["name"] + (": " + places["description"]).where(places["description"].fillna("") != "", ""),
            hoverinfo="text",
        )
    )
    from .style import add_table_rows

    add_table_rows(
        fig,
        [
            {
                "feature": name,
                "name": row["name"],
                "lon": round(row["lon"], 4),
                "lat": round(row["lat"], 4),
                "note": row["description"] if isinstance(row["description"], str) else "",
            }
            for _, row in places.iterrows()
        ],
    )
    return fig


def compare_lines(day: str, first: str = "deepstate", second: str = "liveuamap") -> tuple[go.Figure, dict[str, float]]:
    """Map of where two trackers agree and disagree on one published date, and the areas (km²)."""
    from .. import constants as C
    from .style import TRACKER_COLOURS, tracker_area_style

    a, b = T.published_lines(first)[day]["geometry"], T.published_lines(second)[day]["geometry"]
    found = overlaps.agreement(a, b)
    parts = {"both": found["both"], f"{first} only": found["first only"], f"{second} only": found["second only"]}
    areas = {name: overlaps.lonlat_area_km2(geom) for name, geom in parts.items()}
    label = {first: C.SOURCE_LABELS[first], second: C.SOURCE_LABELS[second]}
    fig = base_map(
        f"{label[first]} and {label[second]} on {day}: they agree on {areas['both']:,.0f} km², "
        f"differ on {areas[f'{first} only'] + areas[f'{second} only']:,.0f} km²",
        lon=(30.5, 40.4),
        lat=(44.3, 50.5),
    )
    add_area(fig, parts["both"], "held on both maps", category="held")
    for source in (first, second):  # each tracker's own colour and hatching, no kind of land's (style.TRACKERS)
        add_area(fig, parts[f"{source} only"], f"held on {label[source]}'s map only", TRACKER_COLOURS[source])
        fig.data[-1].update(tracker_area_style(source))
    return fig, areas


FRAME_TOLERANCE = 0.025
"""Degrees (about 2.5 km): the lines of a slider's frames are drawn coarser, to keep the page light."""
FRAME_DECIMALS = 2
"""Decimal places of a slider frame's coordinates (0.01°, below :data:`FRAME_TOLERANCE`)."""
FRAME_MIN_AREA = 0.005**2
"""Square degrees: a slider frame leaves out rings smaller than this (0.005° square, under a pixel
where a map is drawn widest): the simplified lines hold dozens of such specks, repeated frame after frame."""


def line_slider_map(
    source: str, dates: list[str], places, start: str | None = None, title: str = "", **window
) -> go.Figure:
    """The held area on each of ``dates`` (published lines) under a Plotly slider (no autoplay);
    ``window`` (``lon``, ``lat``) frames the map as in :func:`base_map`."""
    from .. import constants as C

    published = T.published_lines(source)
    first = start or dates[-1]
    fig = base_map(title or f"The line on {first} ({C.SOURCE_LABELS[source]})", height=620, **window)
    x, y = (
        trace_coordinates(v, FRAME_DECIMALS)
        for v in rings_xy(published[first]["geometry"], FRAME_TOLERANCE, FRAME_MIN_AREA)
    )
    held_index = len(fig.data)
    fig.add_trace(
        go.Scatter(
            x=x,
            y=y,
            mode="lines",
            fill="toself",
            name="held by Russian forces",
            hoverinfo="skip",
            **area_style("held"),
        )
    )
    add_places(fig, places, name="key sites and cities")
    frames = []
    for day in dates:
        fx, fy = rings_xy(published[day]["geometry"], FRAME_TOLERANCE, FRAME_MIN_AREA)
        frames.append(
            go.Frame(
                name=day,
                data=[go.Scatter(x=trace_coordinates(fx, FRAME_DECIMALS), y=trace_coordinates(fy, FRAME_DECIMALS))],
                traces=[held_index],
                layout=dict(title_text=wrap_title(f"The line on {day} ({C.SOURCE_LABELS[source]})")),
            )
        )
    fig.frames = frames
    fig.update_layout(
        sliders=[
            dict(
                active=dates.index(first),
                currentvalue=dict(prefix="Line of ", font=dict(size=13, color="#1a1a1a")),
                x=0.06,
                len=0.88,
                pad=dict(t=10, l=0, r=0),
                # Dozens of step labels cannot share a phone's width: the current one is shown above the slider.
                font=dict(size=11, color="rgba(0,0,0,0)"),
                steps=[
                    dict(
                        label=day,
                        method="animate",
                        args=[
                            [day],
                            dict(mode="immediate", frame=dict(duration=0, redraw=True), transition=dict(duration=0)),
                        ],
                    )
                    for day in dates
                ],
            )
        ],
    )
    return fig
