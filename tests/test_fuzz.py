"""Fuzzing the raw-data readers: corrupted input gives a clear error or a recorded exclusion,
never a bare traceback and never a silently missing day."""

from __future__ import annotations

import json
import lzma
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from freezelines.ingest import sources as S

SQUARE = [[35.0, 47.0], [35.1, 47.0], [35.1, 47.1], [35.0, 47.1], [35.0, 47.0]]


def record(day: int, features: list | None = None) -> dict:
    return {
        "snapshot": f"{1650000000 + day}.geojson",
        "published_utc": None,
        "date": f"2022-05-{day:02d}",
        "geojson": {
            "type": "FeatureCollection",
            "features": features
            if features is not None
            else [
                {
                    "type": "Feature",
                    "properties": {"fill": "#a52714", "name": "Окуповано"},
                    "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
                }
            ],
        },
    }


LINES = [json.dumps(record(day), ensure_ascii=False) for day in range(1, 11)]
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def read_all(path):
    qa = S.QA()
    snaps = list(S.read_bundle(path, qa))
    for snap in snaps:
        S.deepstate_classes(snap, qa)
    return snaps, qa


@SETTINGS
@given(cut=st.integers(min_value=1, max_value=10_000))
def test_truncated_archive_is_a_clear_error(tmp_path, cut):
    data = lzma.compress(("\n".join(LINES) + "\n").encode())
    cut = cut % (len(data) - 1) + 1  # strictly shorter than the whole stream
    path = tmp_path / "cut.jsonl.xz"
    path.write_bytes(data[:cut])
    try:
        read_all(path)
    except S.RawDataError as error:
        assert "cut.jsonl.xz" in str(error)
    else:
        raise AssertionError("a truncated archive was read without an error")


@SETTINGS
@given(
    line=st.integers(min_value=0, max_value=9),
    position=st.integers(min_value=0, max_value=10_000),
    junk=st.sampled_from(["{", "}", '"', ",", "\\", "\x00", "]", "x"]),
)
def test_a_broken_line_is_recorded_or_reported(tmp_path, line, position, junk):
    lines = list(LINES)
    text = lines[line]
    position %= len(text)
    lines[line] = text[:position] + junk + text[position + 1 :]
    path = tmp_path / "broken.jsonl.xz"
    path.write_bytes(lzma.compress(("\n".join(lines) + "\n").encode()))
    try:
        snaps, qa = read_all(path)
    except S.RawDataError as error:
        assert "broken.jsonl.xz" in str(error)
        return
    # Nothing silently missing: every line is either read or recorded as left out.
    left_out = [r for r in qa.rows if r["issue"] == "unreadable line"]
    assert len(snaps) + len(left_out) == len(lines)


@SETTINGS
@given(st.lists(st.sampled_from([math.nan, math.inf, -math.inf, 35.05]), min_size=1, max_size=4))
def test_non_finite_coordinates_are_left_out_and_recorded(tmp_path, values):
    ring = [list(p) for p in SQUARE]
    for i, value in enumerate(values):
        ring[1 + i % 3][i % 2] = value
    bad = any(not math.isfinite(v) for v in values)
    features = [
        {"type": "Feature", "properties": {"fill": "#a52714"}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
    ]
    text = json.dumps(record(1, features), allow_nan=True)
    path = tmp_path / "nan.jsonl.xz"
    path.write_bytes(lzma.compress((text + "\n").encode()))
    qa = S.QA()
    (snap,) = list(S.read_bundle(path, qa))
    polygons = S.deepstate_classes(snap, qa)[S.OCCUPIED]
    issues = [r["issue"] for r in qa.rows]
    if bad:
        assert polygons == [] and issues in (["non-finite coordinates"], ["unreadable geometry"])
    else:
        assert set(issues) <= {"repaired polygon"} and len(polygons) >= 1  # moved points can make a bowtie


@SETTINGS
@given(fill=st.from_regex(r"#[0-9a-f]{6}", fullmatch=True))
def test_an_unknown_category_is_an_error_naming_it(tmp_path, fill):
    known = {
        "#a52714",
        "#000000",
        "#880e4f",
        "#0f9d58",
        "#0288d1",
        "#0097a7",
        "#01579b",
        "#bcaaa4",
        "#bdbdbd",
        "#757575",
        "#ff5252",
        "#ce93d8",
        "#fbc02d",
    }
    features = [
        {
            "type": "Feature",
            "properties": {"fill": fill, "name": "x"},
            "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
        }
    ]
    path = tmp_path / "fill.jsonl.xz"
    path.write_bytes(lzma.compress((json.dumps(record(1, features)) + "\n").encode()))
    (snap,) = list(S.read_bundle(path, S.QA()))
    if fill in known:
        S.deepstate_classes(snap, S.QA())
        return
    try:
        S.deepstate_classes(snap, S.QA())
    except S.RawDataError as error:
        assert fill in str(error) and "fill.jsonl.xz" in str(error)
    else:
        raise AssertionError(f"unknown fill {fill} was accepted")


@SETTINGS
@given(kind=st.text(min_size=1, max_size=12).filter(lambda t: t not in S.NZZ_TYPES))
def test_an_unknown_nzz_type_is_an_error_naming_it(tmp_path, kind):
    features = [
        {
            "type": "Feature",
            "properties": {"type": kind, "date": "2022-05-01"},
            "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
        }
    ]
    path = tmp_path / "nzz.jsonl.xz"
    path.write_bytes(lzma.compress((json.dumps(record(1, features)) + "\n").encode()))
    (snap,) = list(S.read_bundle(path, S.QA()))
    try:
        S.nzz_polygons(snap, S.QA())
    except S.RawDataError as error:
        assert "nzz.jsonl.xz" in str(error) and repr(kind) in str(error)
    else:
        raise AssertionError("unknown NZZ type accepted")
