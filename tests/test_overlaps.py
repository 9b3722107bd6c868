"""The measures and drawing coordinates the figure layer asks of the model (model/overlaps.py,
model/outlines.py), on hand-made squares whose answers are known."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from freezelines import geometry as G
from freezelines.model import outlines, overlaps

KM = 1_000.0


def square(x0_km: float, y0_km: float, side_km: float):
    """A square in the equal-area frame (metres), ``side_km`` on a side."""
    return shapely.box(x0_km * KM, y0_km * KM, (x0_km + side_km) * KM, (y0_km + side_km) * KM)


def test_area_of_a_square():
    assert overlaps.area_km2(square(0, 0, 10)) == pytest.approx(100)
    assert overlaps.area_km2(shapely.Polygon()) == 0 and overlaps.area_km2(None) == 0


def test_area_of_a_lonlat_geometry_is_measured_in_the_equal_area_frame():
    lonlat = G.to_lonlat(square(0, 0, 20))  # 400 km², drawn in degrees
    assert overlaps.lonlat_area_km2(lonlat) == pytest.approx(400, rel=1e-4)


def test_change_between_two_overlapping_squares():
    now, then = square(0, 0, 10), square(5, 0, 10)  # overlap 5 x 10 = 50 km²
    gained, lost, net = overlaps.change_km2(now, then)
    assert (gained, lost, net) == pytest.approx((50, 50, 0))
    gained, lost, net = overlaps.change_km2(square(0, 0, 20), square(0, 0, 10))  # 400 around 100
    assert (gained, lost, net) == pytest.approx((300, 0, 300))


def test_agreement_splits_two_areas_into_three_parts():
    parts = overlaps.agreement(square(0, 0, 10), square(0, 5, 10))
    areas = {k: G.km2(v) for k, v in parts.items()}
    assert areas == pytest.approx({"both": 50, "first only": 50, "second only": 50})
    # squares that only touch share a line, not land: no area and no polygon in "both"
    touching = overlaps.agreement(square(0, 0, 10), square(10, 0, 10))
    assert touching["both"].is_empty


def test_common_part_outside_of_and_union_of():
    a, b = square(0, 0, 10), square(5, 5, 10)
    assert G.km2(overlaps.common_part(a, b)) == pytest.approx(25)
    assert G.km2(overlaps.outside_of(a, b)) == pytest.approx(75)
    assert overlaps.outside_of(a, shapely.Polygon()) is a
    assert G.km2(overlaps.union_of([a, b, shapely.Polygon(), None])) == pytest.approx(175)
    assert overlaps.union_of([]).is_empty


def test_rings_of_a_polygon_with_a_hole():
    ring = shapely.box(0, 0, 10, 10).difference(shapely.box(4, 4, 6, 6))
    found = outlines.rings(ring)
    assert [len(r) for r in found] == [5, 5]  # exterior and hole, each closed
    assert found[0].min(axis=0).tolist() == [0, 0] and found[1].max(axis=0).tolist() == [6, 6]
    # lines and points left by an intersection are not rings
    mixed = shapely.GeometryCollection([shapely.box(0, 0, 1, 1), shapely.LineString([(2, 2), (3, 3)])])
    assert len(outlines.rings(mixed)) == 1 and outlines.rings(shapely.Polygon()) == []


def test_simplified_rings_drop_points_within_the_tolerance():
    wiggly = shapely.Polygon([(0, 0), (5, 0.01), (10, 0), (10, 10), (0, 10)])
    assert len(outlines.rings(wiggly)[0]) == 6
    assert len(outlines.rings(wiggly, tolerance=0.1)[0]) == 5


def test_lonlat_rings_are_in_degrees_around_ukraine():
    (ring,) = outlines.lonlat_rings(square(0, 0, 50), tolerance_m=100)
    lon, lat = ring[:, 0], ring[:, 1]
    assert 20 < lon.min() < lon.max() < 45 and 43 < lat.min() < lat.max() < 53
    assert np.allclose(ring[0], ring[-1])


def test_boundaries_are_ukraine_and_its_27_units():
    outline, units = outlines.boundaries()
    assert len(units) == 27 and outline.geom_type in ("Polygon", "MultiPolygon")
    assert overlaps.lonlat_area_km2(outline) == pytest.approx(603_550, rel=0.01)  # Ukraine: about 603,550 km²
