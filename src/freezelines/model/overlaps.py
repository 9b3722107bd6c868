"""Measures of how two areas overlap, and of an area drawn in longitude and latitude: one
function each, for the figures and widgets (which only draw what these return). Geometries
are in the equal-area frame (:mod:`freezelines.geometry`) unless a name says ``lonlat``.
"""

from __future__ import annotations

import shapely

from .. import geometry as G


def area_km2(geom) -> float:
    """The area in km² of a geometry in the equal-area frame (none for a missing or empty one)."""
    return G.km2(geom) if geom is not None and not geom.is_empty else 0.0


def lonlat_area_km2(geom) -> float:
    """The area in km² of a geometry given in longitude and latitude (measured in the equal-area frame)."""
    return G.km2(G.to_equal_area(geom)) if geom is not None and not geom.is_empty else 0.0


def change_km2(now, then) -> tuple[float, float, float]:
    """How an area changed: (km² in ``now`` not in ``then``, km² in ``then`` not in ``now``, net km²),
    from one intersection (the net is the difference of the two areas, not of the two parts rounded)."""
    now_km2, then_km2 = G.km2(now), G.km2(then)
    both = G.km2(shapely.intersection(now, then))
    return now_km2 - both, then_km2 - both, now_km2 - then_km2


def agreement(a, b) -> dict[str, object]:
    """Where two areas agree and differ: {"both", "first only", "second only"} (polygonal parts)."""
    return {
        "both": G.polygonal(shapely.intersection(a, b)),
        "first only": G.polygonal(shapely.difference(a, b)),
        "second only": G.polygonal(shapely.difference(b, a)),
    }


def common_part(a, b):
    """The land in both areas (polygonal): a proposal's Russian side that was held that day."""
    return G.polygonal(shapely.intersection(a, b))


def outside_of(area, other):
    """The land of ``area`` outside ``other`` (polygonal): what Ukraine gives up beyond a zone."""
    return G.polygonal(shapely.difference(area, other)) if not other.is_empty else area


def union_of(areas) -> object:
    """One area from several (empty ones ignored; an empty polygon if none)."""
    return G.union([a for a in areas if a is not None and not a.is_empty])
