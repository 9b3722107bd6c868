"""Geometry as coordinates for drawing: the boundaries read from ``data/boundaries`` and the
rings of a (multi)polygon, simplified for the screen. No measure here (see
:mod:`freezelines.model.overlaps`); the figure layer draws what these return and never touches
a geometry engine itself.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import shapely
from shapely.geometry import shape

from .. import geometry as G
from ..paths import data_path


@cache
def boundaries() -> tuple[object, list[dict]]:
    """Ukraine's outline (lon/lat) and the 27 units as dicts with ``geometry`` and their properties."""
    outline = json.loads(data_path("boundaries/ukraine.geojson").read_text())["features"][0]
    units = json.loads(data_path("boundaries/oblasts.geojson").read_text())["features"]
    return shape(outline["geometry"]), [{**u["properties"], "geometry": shape(u["geometry"])} for u in units]


def rings(geom, tolerance: float = 0.0, min_area: float = 0.0) -> list[np.ndarray]:
    """Every ring (exterior, then holes) of every polygon of ``geom``, as an (n, 2) array of its
    coordinates in the geometry's own frame, after simplifying by ``tolerance`` (same units;
    topology kept), leaving out rings enclosing less than ``min_area`` (square units: specks no
    reader can see). Lines and points left by an intersection are not rings and are skipped."""
    if geom is None or geom.is_empty:
        return []
    if tolerance:
        geom = shapely.simplify(geom, tolerance, preserve_topology=True)
    out = []
    for polygon in shapely.get_parts(geom):
        if polygon.geom_type != "Polygon":
            continue
        out += [
            np.asarray(ring.coords)
            for ring in [polygon.exterior, *polygon.interiors]
            if not min_area or shapely.Polygon(ring).area >= min_area
        ]
    return out


def lonlat_rings(geom, tolerance_m: float = 0.0) -> list[np.ndarray]:
    """The rings of a geometry in the equal-area frame, simplified by ``tolerance_m`` metres there,
    in longitude and latitude."""
    if geom is None or geom.is_empty:
        return []
    simple = shapely.simplify(geom, tolerance_m, preserve_topology=True) if tolerance_m else geom
    return rings(G.to_lonlat(simple))
