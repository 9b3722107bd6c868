"""Damaged copies of the raw inputs: each ends in a clear error naming the file, the line or
date and the value, or in a QA row with a reason. Never a silent change of data/.

The copies are small and built in tmp_path; the whole module runs in a few seconds.
"""

from __future__ import annotations

import datetime as dt
import json
import lzma
import random
import shutil

import pytest

from freezelines.ingest import descriptor as D
from freezelines.ingest import lines as L
from freezelines.ingest import pipeline
from freezelines.ingest import places as P
from freezelines.ingest import quality as Q
from freezelines.ingest import series as T
from freezelines.ingest import sources as S
from freezelines.ingest import tables as TB
from freezelines.paths import RAW_DEFAULT

SQUARE = [[35.0, 47.0], [35.1, 47.0], [35.1, 47.1], [35.0, 47.1], [35.0, 47.0]]


def _feature(ring=SQUARE, fill="#a52714"):
    return {
        "type": "Feature",
        "properties": {"fill": fill, "name": "x"},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


def _record(day: str, features=None, name=None):
    return {
        "snapshot": name or f"{day}.json",
        "published_utc": None,
        "date": day,
        "geojson": {"type": "FeatureCollection", "features": features if features is not None else [_feature()]},
    }


def _bundle(path, records, raw_lines=()):
    text = "".join(json.dumps(r) + "\n" for r in records) + "".join(raw_lines)
    path.write_bytes(lzma.compress(text.encode()))
    return path


def _days(n, start=dt.date(2023, 5, 1)):
    return [(start + dt.timedelta(days=i)).isoformat() for i in range(n)]


# --- Broken maps at the ends of a series, and empty maps ------------------------------------


def _series(values, start=dt.date(2023, 5, 1)):
    return {start + dt.timedelta(days=i): v for i, v in enumerate(values)}


def test_an_empty_map_on_the_last_day_is_a_broken_map_not_a_crash():
    totals = _series([107_000, 107_010, 107_020, 0.0])
    rejected = Q.transient_departures(totals)
    assert list(rejected) == [dt.date(2023, 5, 4)] and "empty" in rejected[dt.date(2023, 5, 4)]
    assert Q.redrawing(_series([43_000, 43_000, 0.0])) == {}  # no division by zero


@pytest.mark.parametrize(
    "values, bad",
    [
        ([60_000, 107_000, 107_010, 107_020], 0),
        ([107_000, 107_010, 107_020, 180_000], 3),
    ],
)
def test_a_broken_map_on_the_first_or_last_day_is_rejected(values, bad):
    totals = _series(values)
    rejected = Q.transient_departures(totals)
    day = dt.date(2023, 5, 1) + dt.timedelta(days=bad)
    assert list(rejected) == [day]
    assert ("first" if bad == 0 else "last") + " day of the series" in rejected[day]


def test_the_daily_series_carries_a_broken_last_day_forward():
    class State:
        def __init__(self, km2):
            self.total_km2, self.held_before_2022_km2, self.notes, self.drawn_km2, self.snapshot = (
                km2,
                40_000,
                [],
                km2,
                "s",
            )

    states = {d: State(v) for d, v in _series([107_000, 107_010, 107_020, 0.0]).items()}
    days, rejected = T.daily_states(states)
    assert [d.quality for d in days] == ["ok", "ok", "ok", "carried_forward"]
    assert days[-1].state.total_km2 == 107_020
    assert "empty" in days[-1].notes[0]


# --- Misdated snapshots ------------------------------------------------------------------


def test_a_snapshot_dated_in_the_future_is_an_error_naming_its_line(tmp_path):
    path = _bundle(tmp_path / "b.jsonl.xz", [_record(d) for d in _days(3)] + [_record("2031-05-04", name="late.json")])
    with pytest.raises(S.RawDataError, match=r"b.jsonl.xz line 4 \(late.json\): date 2031-05-04 is in the future"):
        list(S.read_bundle(path, S.QA(), today=dt.date(2026, 11, 1)))


def test_a_future_date_in_the_middle_blames_its_own_line(tmp_path):
    records = (
        [_record(d) for d in _days(2)] + [_record("2031-05-03", name="typo.json")] + [_record(d) for d in _days(5)[3:]]
    )
    path = _bundle(tmp_path / "b.jsonl.xz", records)
    with pytest.raises(S.RawDataError, match=r"line 3 \(typo.json\): date 2031-05-03 is in the future"):
        list(S.read_bundle(path, S.QA(), today=dt.date(2026, 11, 1)))


def test_a_date_far_after_the_line_above_is_an_error(tmp_path):
    records = [_record(d) for d in _days(2)] + [_record("2025-05-03", name="typo.json")]
    path = _bundle(tmp_path / "b.jsonl.xz", records)
    with pytest.raises(S.RawDataError, match=r"line 3 \(typo.json\): date 2025-05-03 is 732 days after the line above"):
        list(S.read_bundle(path, S.QA(), today=dt.date(2026, 11, 1)))


def test_a_duplicated_date_in_a_one_file_per_day_bundle_is_an_error(tmp_path):
    records = [_record(d) for d in _days(3)] + [_record(_days(3)[-1], name="again.json")]
    path = _bundle(tmp_path / "b.jsonl.xz", records)
    assert len(list(S.read_bundle(path, S.QA()))) == 4  # the history archive has several snapshots a day
    with pytest.raises(S.RawDataError, match=r"line 4 \(again.json\): date 2023-05-03 repeats the line above"):
        list(S.read_bundle(path, S.QA(), one_per_day=True))


def test_an_nzz_map_date_after_its_file_date_is_an_error(tmp_path):
    feature = {
        "type": "Feature",
        "properties": {"type": "nochange", "date": "2023-06-09"},
        "geometry": {"type": "Polygon", "coordinates": [SQUARE]},
    }
    path = _bundle(tmp_path / "n.jsonl.xz", [_record("2023-05-01", [feature], "2023-05-01.json")])
    (snap,) = list(S.read_bundle(path, S.QA()))
    with pytest.raises(S.RawDataError, match=r"map date 2023-06-09 .* after the file's date 2023-05-01"):
        S.nzz_state_date(snap, S.QA())


def test_an_unreadable_line_is_recorded_with_its_snapshot_and_date(tmp_path):
    broken = '{"snapshot": "1683000000.geojson", "published_utc": null, "date": "2023-05-02", "geojson": {"type": \n'
    path = _bundle(tmp_path / "b.jsonl.xz", [_record("2023-05-01")], raw_lines=[broken])
    qa = S.QA()
    list(S.read_bundle(path, qa))
    (row,) = qa.rows
    assert row["where"] == "line 2 (1683000000.geojson)" and row["date"] == "2023-05-02"
    assert row["issue"] == "unreadable line"


# --- ISW ------------------------------------------------------------------------------------


def test_an_isw_duplicate_date_with_an_na_row_is_an_error(tmp_path):
    layer = S.ISW_CONTROL_LAYER
    path = tmp_path / "isw.csv"
    path.write_text(
        f"date,type,area_in_square_km\n2022-03-01,{layer},100000\n2022-03-02,{layer},101000\n2022-03-02,{layer},NA\n"
    )
    with pytest.raises(
        S.RawDataError, match=r"isw.csv line 4: date 2022-03-02 is not after .* \(two rows for one date\)"
    ):
        S.read_isw_areas(path)


# --- Geometry: swapped and projected coordinates; repaired polygons ----------------------------


@pytest.fixture(scope="module")
def frame():
    return L.load_frame(RAW_DEFAULT)


def test_swapped_latitude_and_longitude_are_named(tmp_path, frame):
    swapped = [[y, x] for x, y in SQUARE]
    path = _bundle(tmp_path / "b.jsonl.xz", [_record("2023-05-01", [_feature(), _feature(swapped)], "s.json")])
    qa = S.QA()
    (snap,) = list(S.read_bundle(path, qa))
    polygons = S.deepstate_classes(snap, qa)[S.OCCUPIED]
    kept = L._in_region(polygons, frame, snap, qa, "occupied", True, [])
    assert len(kept) == 1
    (row,) = qa.rows
    assert row["issue"] == "latitude and longitude swapped" and row["where"] == "line 1 (s.json)"
    assert row["date"] == "2023-05-01" and "47.0°E 35.0°N" in row["detail"]


def test_projected_coordinates_are_named(tmp_path):
    projected = [
        [3_896_000.0 + dx, 5_935_000.0 + dy] for dx, dy in [(0, 0), (9000, 0), (9000, 9000), (0, 9000), (0, 0)]
    ]
    path = _bundle(tmp_path / "b.jsonl.xz", [_record("2023-05-01", [_feature(projected)], "p.json")])
    qa = S.QA()
    (snap,) = list(S.read_bundle(path, qa))
    assert S.deepstate_classes(snap, qa)[S.OCCUPIED] == []
    (row,) = qa.rows
    assert row["issue"] == "projected coordinates" and row["where"] == "line 1 (p.json) feature 0"
    assert "3,905,000" in row["detail"]


def test_a_repaired_polygon_is_located(tmp_path):
    bowtie = [[35, 47], [35.1, 47.1], [35.1, 47], [35, 47.1], [35, 47]]
    path = _bundle(tmp_path / "b.jsonl.xz", [_record("2023-05-01", [_feature(bowtie)], "r.json")])
    qa = S.QA()
    (snap,) = list(S.read_bundle(path, qa))
    S.deepstate_classes(snap, qa)
    (row,) = qa.rows
    assert row["issue"] == "repaired polygon" and row["where"] == "line 1 (r.json) feature 0"
    assert row["date"] == "2023-05-01" and "Self-intersection" in row["detail"] and "°E" in row["detail"]


def test_the_handover_check_stops_on_a_large_difference():
    overlap = [(dt.date(2025, 1, 1) + dt.timedelta(days=i), 3.0) for i in range(40)]
    pipeline.check_handover(overlap)
    overlap[7] = (overlap[7][0], 112_262.0)
    with pytest.raises(S.RawDataError, match=r"differ by \+112,262 km² on 2025-01-08, more than the 500 km²"):
        pipeline.check_handover(overlap)


# --- Population and places tables -------------------------------------------------------------


def _copy(tmp_path, name):
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(RAW_DEFAULT / name, target)
    return target


def _edit_line(path, number, old, new):
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[number - 1], lines[number - 1]
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("".join(lines), encoding="utf-8")


POP = S.OBLAST_POPULATION_FILE
POP_NAME = POP.rsplit("/", 1)[-1]


def test_a_bad_population_value_names_file_line_and_value(tmp_path):
    path = _copy(tmp_path, POP)
    _edit_line(path, 5, ",1", ",x1")
    with pytest.raises(S.RawDataError, match=rf"{POP_NAME} line 5, column 'pop_total': 'x1\d+' is not a whole number"):
        TB.check_table(tmp_path / POP, D.raw_schema("ukrstat_oblasts"))


def test_a_duplicated_oblast_row_is_an_error(tmp_path):
    path = _copy(tmp_path, POP)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[5]]), encoding="utf-8")
    with pytest.raises(S.RawDataError, match=rf"{POP_NAME} line 30: repeats line 6 \(key adm1_pcode\)"):
        TB.check_table(tmp_path / POP, D.raw_schema("ukrstat_oblasts"))
    path.write_text("".join(lines[:5] + lines[6:]), encoding="utf-8")  # a unit left out: the table itself is valid
    with pytest.raises(S.RawDataError, match="expected the national row and 27 units, found 27 rows"):
        P.oblast_population(tmp_path)


def test_population_parts_that_do_not_add_up_are_an_error(tmp_path):
    path = _copy(tmp_path, POP)
    lines = path.read_text(encoding="utf-8").splitlines()
    cells = lines[4].split(",")
    cells[6] = str(int(cells[6]) + 1)  # pop_urban
    lines[4] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(S.RawDataError, match=rf"{POP} line 5 \(.+\): urban \d+ \+ rural \d+ != total"):
        P.oblast_population(tmp_path)


PLACES = S.PLACES_FILE
PLACES_NAME = PLACES.rsplit("/", 1)[-1]


def test_a_place_with_swapped_coordinates_is_an_error(tmp_path):
    path = _copy(tmp_path, PLACES)
    lines = path.read_text(encoding="utf-8").splitlines()
    number = next(i for i, line in enumerate(lines) if line.startswith("ukrstat2022-0135,"))  # Dnipro
    cells = lines[number].split(",")
    lat_at = lines[0].split(",").index("lat")
    cells[lat_at], cells[lat_at + 1] = cells[lat_at + 1], cells[lat_at]
    lines[number] = ",".join(cells)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        S.RawDataError, match=rf"{PLACES_NAME} line {number + 1}, column 'lat': '35.0\d*' is below the minimum 44"
    ):
        TB.check_table(tmp_path / PLACES, D.raw_schema("ukrstat_places"))


def test_a_duplicated_place_and_a_bad_population_are_named(tmp_path):
    path = _copy(tmp_path, PLACES)
    lines = path.read_text(encoding="utf-8").splitlines()
    lines.append(lines[3])
    lines[2] = lines[2].replace(",1421125,Ukrstat", ",1.4 million,Ukrstat")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(S.RawDataError) as error:
        TB.check_table(tmp_path / PLACES, D.raw_schema("ukrstat_places"))
    assert "line 3, column 'population': '1.4 million' is not a whole number" in str(error.value)
    assert f"line {len(lines)}: repeats line 4 (key place_id)" in str(error.value)


def test_a_place_outside_its_own_oblast_is_an_error():
    oblasts = pipeline.load_oblasts(RAW_DEFAULT)
    places = P.assign_oblasts(P.build_places(RAW_DEFAULT), oblasts)
    P.check_oblasts(places, oblasts)
    moved = places.copy()
    row = moved.index[moved["name"] == "Dnipro"][0]
    moved.loc[row, ["lat", "lon"]] = [50.45, 30.52]  # Kyiv's point
    with pytest.raises(
        S.RawDataError, match=r"ukrstat2022-0135 \(Dnipro\) at 50.45°N 30.52°E lies \d+ km outside its oblast"
    ):
        P.check_oblasts(moved, oblasts)


# --- Dates: the ISW and area-series readers, published_utc -------------------------------------


def _isw(path, days, layer=S.ISW_CONTROL_LAYER):
    path.write_text(
        "date,type,area_in_square_km\n" + "".join(f"{d},{layer},{100_000 + i}\n" for i, d in enumerate(days))
    )
    return path


def test_an_isw_row_dated_in_the_future_or_after_a_long_gap_is_an_error(tmp_path):
    path = _isw(tmp_path / "isw.csv", _days(3) + ["2031-05-04"])
    with pytest.raises(
        S.RawDataError, match=r"isw.csv line 5: date 2031-05-04 is in the future \(the build runs on 2026-11-01\)"
    ):
        S.read_isw_areas(path, today=dt.date(2026, 11, 1))
    path = _isw(tmp_path / "isw.csv", _days(3) + ["2024-05-04"])
    with pytest.raises(
        S.RawDataError, match=r"isw.csv line 5: date 2024-05-04 is 367 days after the previous .* row \(2023-05-03\)"
    ):
        S.read_isw_areas(path, today=dt.date(2026, 11, 1))


def test_the_reference_area_series_refuses_future_dates_gaps_and_emptiness(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text("date,area\n2023-05-01 00:00:00,100000\n2031-05-02 00:00:00,100100\n")
    with pytest.raises(S.RawDataError, match=r"areas.csv line 3: date 2031-05-02 is in the future"):
        S.read_area_series(path, today=dt.date(2026, 11, 1))
    path.write_text("date,area\n2023-05-01 00:00:00,100000\n2023-09-02 00:00:00,100100\n")
    with pytest.raises(S.RawDataError, match=r"areas.csv line 3: date 2023-09-02 is 124 days after the previous row"):
        S.read_area_series(path, today=dt.date(2026, 11, 1))
    path.write_text("date,area\n")
    with pytest.raises(S.RawDataError, match=r"areas.csv: no rows .* the off_reference rule"):
        S.read_area_series(path)


def _published(day, stamp, name):
    return {**_record(day, name=name), "published_utc": stamp}


@pytest.mark.parametrize(
    ("records", "message"),
    [
        pytest.param(
            [("2023-05-01", "2023-05-01T10:00:00Z", "a.json"), ("2023-05-02", "2023-05-03T00:10:00Z", "b.json")],
            r"h.jsonl.xz line 2 \(b.json\): date 2023-05-02 disagrees with published_utc '2023-05-03T00:10:00Z'",
            id="dated another day than it was published",
        ),
        # The last snapshot of a day is its map: an earlier one listed last would be taken instead.
        pytest.param(
            [("2023-05-01", "2023-05-01T18:00:00Z", "late.json"), ("2023-05-01", "2023-05-01T09:00:00Z", "early.json")],
            r"line 2 \(early.json\): published_utc '2023-05-01T09:00:00Z' is earlier than the line above's "
            r"\(line 1 \(late.json\)",
            id="one day's snapshots out of time order",
        ),
    ],
)
def test_a_snapshot_at_odds_with_its_publication_time_is_an_error(tmp_path, records, message):
    path = _bundle(tmp_path / "h.jsonl.xz", [_published(*record) for record in records])
    with pytest.raises(S.RawDataError, match=message):
        list(S.read_bundle(path, S.QA()))


# --- Columns: the untyped path reads the checked header -----------------------------------------


def test_a_header_written_with_spaces_is_read_under_its_checked_names(tmp_path):
    _copy(tmp_path, S.GPPD_FILE)
    path = _copy(tmp_path, PLACES)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[0] = ", ".join(lines[0].rstrip("\n").split(",")) + "\n"
    path.write_text("".join(lines), encoding="utf-8")
    table = TB.raw_table(tmp_path, "ukrstat_places", typed=False)
    assert "population" in table.columns and " population" not in table.columns
    assert P.build_places(tmp_path).equals(P.build_places(RAW_DEFAULT))


def test_a_column_read_outside_the_schema_missing_from_the_header_names_file_and_column(tmp_path):
    path = _copy(tmp_path, PLACES)
    path.write_text(path.read_text(encoding="utf-8").replace(",oblast_en,", ",oblast,", 1), encoding="utf-8")
    with pytest.raises(S.RawDataError, match=rf"{PLACES_NAME} line 1: column 'oblast_en' missing from the header"):
        P.build_places(tmp_path)


# --- Messages that point to the right place -----------------------------------------------------


def test_a_latin1_byte_deep_in_a_csv_is_named_at_its_line_and_column(tmp_path):
    path = _copy(tmp_path, PLACES)
    data = path.read_bytes().split(b"\n")
    data[1500] = data[1500].replace(b",", b",Zaporizh\xe9", 1)  # a Latin-1 "é", about 400 kB into the file
    path.write_bytes(b"\n".join(data))
    column = data[1500].index(b"\xe9") + 1
    with pytest.raises(
        S.RawDataError,
        match=rf"{PLACES_NAME}: byte 0xe9 at line 1501, column {column} \(byte [\d,]+ of the file\) is not UTF-8",
    ):
        TB.check_table(path, D.raw_schema("ukrstat_places"))


def test_a_byte_that_is_not_utf8_in_an_intact_bundle_names_its_line_and_column(tmp_path):
    text = "".join(json.dumps(r) + "\n" for r in [_record(d) for d in _days(3)])
    data = text.encode().replace(b'"name": "x"', b'"name": "\xe9"', 2)  # line 1 and 2
    path = tmp_path / "b.jsonl.xz"
    path.write_bytes(lzma.compress(data))
    column = data.split(b"\n")[0].index(b"\xe9") + 1
    with pytest.raises(S.RawDataError, match=rf"b.jsonl.xz line 1: byte 0xe9 at column {column} is not UTF-8"):
        list(S.read_bundle(path, S.QA()))


def test_a_corrupted_xz_byte_is_reported_as_a_damaged_archive_not_a_bad_line(tmp_path):
    # Maps of random points compress poorly, like the real archives: a damaged byte then often
    # decompresses to garbage (not UTF-8, not JSON, a wrong date) before the check sum fails.
    rng = random.Random(1)
    records = []
    for day in _days(60):
        ring = [[round(35 + rng.random(), 5), round(47 + rng.random(), 5)] for _ in range(30)]
        records.append(_record(day, [_feature(ring + ring[:1])]))
    data = lzma.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    garbage = 0
    for position in range(100, len(data) - 100, 97):
        damaged = bytearray(data)
        damaged[position] ^= 0x55
        path = tmp_path / "b.jsonl.xz"
        path.write_bytes(bytes(damaged))
        with pytest.raises(S.RawDataError) as error:
            list(S.read_bundle(path, S.QA(), today=dt.date(2026, 11, 1)))
        message = str(error.value)
        assert message.startswith("b.jsonl.xz: the compressed stream is corrupt or truncated"), (position, message)
        garbage += "where the decompressed text is garbage" in message
    assert garbage >= 5, "several damages decode to garbage before the check sum fails"
