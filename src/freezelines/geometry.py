"""Geometry helpers: projection to and from the equal-area frame, unions, GeoJSON.

All areas and lengths are measured in :data:`freezelines.constants.EQUAL_AREA_CRS`
(a Lambert azimuthal equal-area projection centred on Ukraine), in metres.
"""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pyproj
import shapely

from . import constants as C


@cache
def _transformer(forward: bool) -> pyproj.Transformer:
    if forward:
        return pyproj.Transformer.from_crs("EPSG:4326", C.EQUAL_AREA_CRS, always_xy=True)
    return pyproj.Transformer.from_crs(C.EQUAL_AREA_CRS, "EPSG:4326", always_xy=True)


def _apply(transformer: pyproj.Transformer, geom):
    def move(xy: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, move)


def to_equal_area(geom):
    """Lon/lat (EPSG:4326) to the equal-area frame (metres)."""
    return _apply(_transformer(True), geom)


def to_lonlat(geom):
    """The equal-area frame back to lon/lat."""
    return _apply(_transformer(False), geom)


def km2(geom) -> float:
    """Area in km² of a geometry in the equal-area frame."""
    return float(shapely.area(geom)) / 1e6 if geom is not None else 0.0


def union(polygons: list):
    """The union of projected polygons, made valid; an empty polygon if there are none."""
    if not polygons:
        return shapely.Polygon()
    fixed = [p if p.is_valid else shapely.make_valid(p) for p in polygons]
    merged = shapely.union_all(fixed)
    if not merged.is_valid:
        merged = shapely.make_valid(merged)
    return polygonal(merged)


def polygonal(geom):
    """Only the polygonal parts of a geometry (intersections can leave lines and points)."""
    if geom.is_empty or geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def without_slivers(geom, half_width_m: float) -> tuple[object, object]:
    """A polygonal geometry split into its parts that are wider than ``2 * half_width_m`` somewhere,
    and the slivers: parts that a morphological opening by ``half_width_m`` removes whole (strips
    along a border or a coast, narrower everywhere than the drawing's resolution). Parts are kept
    or dropped whole, so a real piece keeps its full area."""
    if geom.is_empty:
        return geom, shapely.Polygon()
    kept, slivers = [], []
    for part in shapely.get_parts(geom):
        core = shapely.buffer(part, -half_width_m)
        (slivers if core.is_empty else kept).append(part)
    return tuple(polygonal(shapely.union_all(parts)) if parts else shapely.Polygon() for parts in (kept, slivers))


def fill_holes(geom):
    """The geometry with every interior ring filled (Ukraine's outline with the Sivash as water)."""
    polygons = [shapely.Polygon(p.exterior) for p in shapely.get_parts(geom)]
    return shapely.union_all(polygons)


def simplified_lonlat(geom, tolerance_m: float, decimals: int = 4):
    """Simplify in the equal-area frame (topology preserved), return lon/lat rounded.

    Rounding can make a polygon invalid (a ring touching itself); such results are
    repaired with ``make_valid`` and keep only their polygonal parts.
    """
    simple = shapely.simplify(geom, tolerance_m, preserve_topology=True)
    rounded = shapely.transform(to_lonlat(simple), lambda xy: np.round(xy, decimals))
    if not rounded.is_valid:
        rounded = polygonal(shapely.make_valid(rounded))
    return rounded


def feature(geom_lonlat, properties: dict) -> dict:
    """A GeoJSON Feature (GEOS writes the coordinates: shortest round-trip decimals)."""
    return {"type": "Feature", "properties": properties, "geometry": json.loads(shapely.to_geojson(geom_lonlat))}
