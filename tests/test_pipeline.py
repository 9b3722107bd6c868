"""`make data` is reproducible: a rerun from the raw archives gives the committed files, byte for byte.

The whole pipeline is rerun (three to six minutes on two shared cores), not a sample: marked
``slow``, it runs in CI (.ci/run) or with FREEZELINES_SLOW=1. The fast rebuild from a small
fixture set, in every test run, is tests/test_fixture_rebuild.py.
"""

from __future__ import annotations

import filecmp

import pytest
import shapely

from freezelines.ingest import pipeline
from freezelines.paths import data_dir


@pytest.mark.slow
def test_rebuild_matches_committed_data(raw_complete, tmp_path):
    pipeline.build(raw_complete, tmp_path)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(
        str(p.relative_to(data_dir()))
        for p in data_dir().rglob("*")
        if p.is_file() and p.relative_to(data_dir()).parts[0] != "raw"
    )
    assert written == committed, "the pipeline writes a different set of files than data/ holds"
    match, mismatch, errors = filecmp.cmpfiles(data_dir(), tmp_path, written, shallow=False)
    assert mismatch == [] and errors == [], f"rebuilt files differ from data/: {mismatch + errors}"


# The rebuild's speed-ups must not change what it computes (fast tests, in every run) ---------------------


SQUARE = [[30.0, 45.0], [31.0, 45.0], [31.0, 46.0], [30.0, 46.0], [30.0, 45.0]]
HOLE = [[30.2, 45.2], [30.4, 45.2], [30.4, 45.4], [30.2, 45.2]]


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Polygon", "coordinates": [SQUARE]},
        {"type": "Polygon", "coordinates": [SQUARE, HOLE]},
        {"type": "Polygon", "coordinates": [SQUARE[:-1]]},  # not closed: closed as shape closes it
        {"type": "Polygon", "coordinates": [[[30, 45], [31, 45], [31, 46], [30, 45]]]},  # integers
        {"type": "Polygon", "coordinates": [[[x, y, 5.0] for x, y in SQUARE]]},  # 3-D
        {"type": "Polygon", "coordinates": [[["30", 45.0], *SQUARE[1:]]]},  # a number as text
        {"type": "Polygon", "coordinates": [SQUARE[:3]]},  # too few points
        {"type": "Polygon", "coordinates": [[[30.0, 45.0], [31.0, 45.0, 1.0], *SQUARE[2:]]]},  # ragged
        {"type": "Polygon", "coordinates": [[[None, 45.0], *SQUARE[1:]]]},
        {"type": "Polygon", "coordinates": [[[float("nan"), 45.0], *SQUARE[1:]]]},
        {"type": "Polygon", "coordinates": [[]]},
        {"type": "Polygon", "coordinates": "not a list"},
        {"type": "MultiPolygon", "coordinates": [[SQUARE], [HOLE]]},
        {"type": "MultiPolygon", "coordinates": [[SQUARE], [[]]]},
        {"type": "MultiPolygon", "coordinates": []},
    ],
)
def test_the_fast_polygon_reader_builds_or_refuses_exactly_what_shape_does(geometry):
    from shapely.geometry import shape

    from freezelines.ingest.sources import _polygonal_shape

    def outcome(read):
        try:
            geom = read(geometry)
        except Exception as exc:  # the exception itself is compared
            return type(exc).__name__, str(exc)
        return type(geom).__name__, shapely.to_wkb(geom)

    assert outcome(_polygonal_shape) == outcome(shape)


def _area_and_calls(geometry, calls=None):
    if calls is not None:
        calls.append(geometry)
    return round(shapely.area(geometry), 6)


def test_geometry_jobs_compute_each_distinct_geometry_once_with_the_same_results_in_a_pool():
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from freezelines.ingest.geometry_jobs import GeometryJobs

    boxes = [shapely.box(0, 0, size, size) for size in (1, 2, 3)]
    again = shapely.box(0, 0, 2, 2)  # equal to boxes[1], another object
    calls: list = []
    here = GeometryJobs(partial(_area_and_calls, calls=calls))
    assert [here.result(g) for g in [*boxes, again, boxes[0]]] == [1.0, 4.0, 9.0, 4.0, 1.0]
    assert len(calls) == 3, "an equal geometry is computed once"
    with ProcessPoolExecutor(max_workers=2) as pool:
        pooled = GeometryJobs(_area_and_calls, pool, chunk=2)
        pooled.submit([*boxes, again])
        assert [pooled.result(g) for g in [again, *boxes]] == [4.0, 1.0, 4.0, 9.0]
    assert pooled.result(shapely.box(0, 0, 5, 5)) == 25.0, "a geometry never submitted is computed here"


def test_the_fingerprint_tells_groupings_and_orders_apart():
    from freezelines.ingest.memo import fingerprint

    a, b = shapely.box(0, 0, 1, 1), shapely.box(0, 0, 2, 2)
    assert fingerprint([a, b]) == fingerprint([shapely.box(0, 0, 1, 1), b])
    assert len({fingerprint([a, b]), fingerprint([b, a]), fingerprint([a], [b]), fingerprint([a, b], [])}) == 4
