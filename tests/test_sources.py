"""Raw-data readers and the DeepState classification rule, on the real archives and on corrupted copies."""

from __future__ import annotations

import json
import lzma
import re

import pytest

from freezelines.ingest import sources as S

# --- ISW -------------------------------------------------------------------------------------


def test_isw_assessed_control_matches_the_published_check_values(raw):
    areas = S.read_isw_areas(raw / S.ISW_FILE).set_index("date")["area_km2"]
    assert len(areas) == 614
    by_day = {str(k): v for k, v in areas.items()}
    # Check values from frontlines/ISW_AREAS.md.
    assert by_day["2022-02-24"] == pytest.approx(79_528.13, abs=0.01)
    assert by_day["2022-03-28"] == pytest.approx(132_792.41, abs=0.01)
    assert areas.max() == pytest.approx(132_792.41, abs=0.01)
    assert by_day["2022-11-17"] == pytest.approx(104_905.31, abs=0.01)
    assert by_day["2023-11-05"] == pytest.approx(106_315.55, abs=0.01)


HEADER = "date,name,type,area,area_in_square_km\n"
ROW = "{d},f.geojson,Territory assessed as Russia-controlled,1,{a}\n"


@pytest.mark.parametrize(
    "body, message",
    [
        (
            ROW.format(d="2022-02-24", a="100") + ROW.format(d="2022-13-01", a="100"),
            "line 3, column 'date': '2022-13-01' is not a YYYY-MM-DD date",
        ),
        (ROW.format(d="2022-02-25", a="100") + ROW.format(d="2022-02-24", a="100"), "line 3: date 2022-02-24"),
        (ROW.format(d="2022-02-24", a="lots"), "line 2, column 'area_in_square_km': 'lots' is not a number"),
        (ROW.format(d="2022-02-24", a="-5"), "'-5' is below the minimum 0"),
        ("", "no row of type"),
    ],
)
def test_isw_reader_names_file_line_and_value(tmp_path, body, message):
    path = tmp_path / "isw.csv"
    path.write_text(HEADER + body)
    with pytest.raises(S.RawDataError, match="isw.csv") as error:
        S.read_isw_areas(path)
    assert message in str(error.value)


def test_isw_reader_reports_a_missing_column(tmp_path):
    path = tmp_path / "isw.csv"
    path.write_text("date,type\n2022-02-24,x\n")
    with pytest.raises(S.RawDataError, match=r"isw.csv line 1: column 'area_in_square_km' missing from the header"):
        S.read_isw_areas(path)


# --- The DeepState classification rule (frontlines/CHECKS.md) ----------------------------------


@pytest.mark.parametrize(
    "fill, name, expected",
    [
        ("#a52714", "Окуповано", S.OCCUPIED),
        ("#A52714", "Під питанням", S.OCCUPIED),  # the rule follows the fill, not the name
        ("#a52714", "Окуп\ufffd\ufffdвано", S.OCCUPIED),  # corrupted names are kept as they are
        ("#000000", "Окупований Крим", S.PRE2022),
        ("#000000", "Під питанням", S.UNKNOWN),
        ("#880e4f", "ОРДЛО /// ORDLO /// geoJSON.territories.ordlo", S.PRE2022),
        ("#880e4f", "Острів\u00a0Тузла", S.PRE2022),
        ("#880e4f", "Придністров'я", S.FOREIGN),
        ("#ff5252", "Тимчасово окупована територія Карелії.", S.FOREIGN),
        ("#ff5252", "Придністров'я", S.FOREIGN),
        ("#fbc02d", "Багатокутник 54", S.FOREIGN),
        ("#ce93d8", 'Під контролем бойовиків-повстанців пвк "вагнер"', S.FOREIGN),
        ("#01579b", "Звільнено /// Liberated /// geoJSON.status.dismissed", S.LIBERATED),
        ("#0288d1", "Окуповано", S.LIBERATED),
        ("#bcaaa4", "Звільнено", S.UNKNOWN),
        ("#bdbdbd", "Статус невідомий", S.UNKNOWN),
        ("#757575", "Під питанням", S.UNKNOWN),
    ],
)
def test_classification_rule(fill, name, expected):
    assert S.classify_deepstate({"fill": fill, "name": name}) == expected


def test_name_prefix_normalises_the_first_part():
    assert S.name_prefix("  Окуповано\u00a0 04.04  /// Occupied /// geoJSON.status.occupied") == "Окуповано 04.04"


# --- Bundles: real snapshots of each period ------------------------------------------------------

WANTED = {
    "1648989208.geojson": "first snapshot, 2022-04-03: #000000 pre-2022, Transnistria in #880e4f",
    "1668723813.geojson": "2022-11-17 evening: #880e4f pre-2022, satirical #ff5252 layers",
    "1754251105.geojson": "2025-08-03, the archive's last: UA /// EN /// geoJSON names, Kursk salient #01579b",
}


@pytest.fixture(scope="module")
def snapshots(raw_complete, tmp_path_factory):
    """The wanted snapshots of the real DeepState history, each read by the bundle reader from a bundle of
    its own line (the whole history's 662 MB of JSON is read by the data rebuild, tests/test_pipeline.py)."""
    found = {}
    folder = tmp_path_factory.mktemp("snapshots")
    with lzma.open(raw_complete / S.DEEPSTATE_HISTORY_FILE, "rb") as history:
        for line in history:
            name = re.match(rb'\{"snapshot":"([^"]+)"', line)
            if name and name.group(1).decode() in WANTED:
                one = folder / f"{name.group(1).decode()}.jsonl.xz"
                one.write_bytes(lzma.compress(line))
                qa = S.QA()
                (snap,) = S.read_bundle(one, qa)
                assert qa.rows == [] and snap.snapshot == name.group(1).decode()
                found[snap.snapshot] = snap
    assert set(found) == set(WANTED)
    return found


def _areas(snap):
    from freezelines import geometry as G

    classes = S.deepstate_classes(snap, S.QA())
    projected = {k: G.union([G.to_equal_area(p) for p in v]) for k, v in classes.items()}
    both = G.union([projected[S.OCCUPIED], projected[S.PRE2022]])
    return {k: G.km2(v) for k, v in projected.items()} | {"total": G.km2(both)}


# The real snapshots: they need the raw archives beside the repository, so every test that reads them
# runs in make test-slow, sharing one read (make test checks the same rules on the fixture archives:
# tests/test_fixture_rebuild.py).


@pytest.mark.slow
def test_real_snapshots_reproduce_the_checks_table(snapshots):
    # Unclipped areas from the headline table of frontlines/CHECKS.md.
    nov = _areas(snapshots["1668723813.geojson"])
    assert nov[S.OCCUPIED] == pytest.approx(64_701, abs=60)  # occupied since 2022, as drawn
    assert nov[S.PRE2022] == pytest.approx(43_983, abs=5)
    assert nov["total"] == pytest.approx(108_684, abs=5)
    last = _areas(snapshots["1754251105.geojson"])
    assert last["total"] == pytest.approx(114_329, abs=5)
    assert last[S.PRE2022] == pytest.approx(43_983, abs=5)


@pytest.mark.slow
def test_first_snapshot_pre2022_is_the_reference_and_transnistria_is_foreign(snapshots):
    first = _areas(snapshots["1648989208.geojson"])
    assert first[S.PRE2022] == pytest.approx(43_419, abs=5)  # CHECKS: union of pre-2022 polygons
    classes = S.deepstate_classes(snapshots["1648989208.geojson"], S.QA(), build=S.ALL_CLASSES)
    west = [p for p in classes[S.FOREIGN] if p.centroid.x < 30.5]  # Transnistria lies west of Odesa
    assert west, "Transnistria should be classified foreign"
    assert all(p.centroid.x > 30 for p in classes[S.PRE2022])


@pytest.mark.slow
def test_foreign_layers_never_count(snapshots):
    # On 2022-11-17 the satirical layers (Karelia, Petsamo, the Kurils, ...) are #ff5252.
    classes = S.deepstate_classes(snapshots["1668723813.geojson"], S.QA(), build=S.ALL_CLASSES)
    assert len(classes[S.FOREIGN]) >= 8
    assert all(22 < p.centroid.x < 41 and 44 < p.centroid.y < 53 for p in classes[S.OCCUPIED])


# --- Corrupted bundles: a clear error or a recorded exclusion, never a silent gap ------------------


def _bundle(path, records, raw_lines=()):
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records) + "".join(raw_lines)
    path.write_bytes(lzma.compress(text.encode()))
    return path


def _record(day, features, name=None):
    return {
        "snapshot": name or f"{day}.json",
        "published_utc": None,
        "date": day,
        "geojson": {"type": "FeatureCollection", "features": features},
    }


SQUARE = {"type": "Polygon", "coordinates": [[[35, 47], [35.1, 47], [35.1, 47.1], [35, 47.1], [35, 47]]]}


def test_truncated_bundle_is_an_error_naming_the_file(tmp_path):
    path = _bundle(tmp_path / "b.jsonl.xz", [_record("2022-04-03", [])] * 50)
    path.write_bytes(path.read_bytes()[:-30])
    with pytest.raises(S.RawDataError, match=r"b.jsonl.xz: the compressed stream is corrupt or truncated"):
        list(S.read_bundle(path, S.QA()))


def test_broken_json_line_is_recorded_and_left_out(tmp_path):
    path = _bundle(tmp_path / "b.jsonl.xz", [_record("2022-04-03", [])], raw_lines=['{"snapshot": "x", "date": \n'])
    qa = S.QA()
    assert len(list(S.read_bundle(path, qa))) == 1
    assert qa.rows[0]["where"] == "line 2 (x)" and qa.rows[0]["issue"] == "unreadable line"


def test_dates_out_of_order_are_an_error(tmp_path):
    path = _bundle(tmp_path / "b.jsonl.xz", [_record("2022-04-04", []), _record("2022-04-03", [])])
    with pytest.raises(S.RawDataError, match=r"line 2 \(2022-04-03.json\): date 2022-04-03 is earlier"):
        list(S.read_bundle(path, S.QA()))


def test_nan_coordinates_are_recorded_and_the_feature_left_out(tmp_path):
    bad = {"type": "Polygon", "coordinates": [[[35, 47], [float("nan"), 47], [35.1, 47.1], [35, 47]]]}
    text = json.dumps(
        _record(
            "2022-04-03",
            [
                {"type": "Feature", "properties": {"fill": "#a52714"}, "geometry": bad},
                {"type": "Feature", "properties": {"fill": "#a52714"}, "geometry": SQUARE},
            ],
        )
    )
    path = tmp_path / "b.jsonl.xz"
    path.write_bytes(lzma.compress((text + "\n").encode()))
    qa = S.QA()
    (snap,) = list(S.read_bundle(path, qa))
    classes = S.deepstate_classes(snap, qa)
    assert len(classes[S.OCCUPIED]) == 1
    assert [r["issue"] for r in qa.rows] == ["non-finite coordinates"]
    assert qa.rows[0]["where"] == "line 1 (2022-04-03.json) feature 0"


def test_unknown_fill_is_an_error_naming_file_snapshot_and_colour(tmp_path):
    path = _bundle(
        tmp_path / "b.jsonl.xz",
        [
            _record(
                "2022-04-03",
                [{"type": "Feature", "properties": {"fill": "#123456", "name": "x"}, "geometry": SQUARE}],
                "1.geojson",
            )
        ],
    )
    (snap,) = list(S.read_bundle(path, S.QA()))
    with pytest.raises(S.RawDataError, match=r"b.jsonl.xz line 1 \(1.geojson\) feature 0: fill colour '#123456'"):
        S.deepstate_classes(snap, S.QA())


def test_invalid_polygons_are_repaired_and_counted(tmp_path):
    bowtie = {"type": "Polygon", "coordinates": [[[35, 47], [35.1, 47.1], [35.1, 47], [35, 47.1], [35, 47]]]}
    path = _bundle(
        tmp_path / "b.jsonl.xz",
        [_record("2022-04-03", [{"type": "Feature", "properties": {"fill": "#a52714"}, "geometry": bowtie}])],
    )
    qa = S.QA()
    (snap,) = list(S.read_bundle(path, qa))
    polygons = S.deepstate_classes(snap, qa)[S.OCCUPIED]
    assert qa.counts["repaired polygon"] == 1
    assert all(p.is_valid for p in polygons) and sum(p.area for p in polygons) > 0


# --- The daily line archives (freezelines.ingest.archive) ------------------------------------


def test_the_line_archive_reads_what_it_writes_whatever_the_key_order(tmp_path):
    import datetime as dt

    import shapely

    from freezelines import geometry as G
    from freezelines.ingest import archive

    square = G.to_equal_area(shapely.box(35.0, 47.0, 35.2, 47.1))
    path = tmp_path / "x_daily.jsonl.xz"
    archive.write_archive(path, "x", [(dt.date(2023, 5, 1), square), (dt.date(2023, 5, 3), square)], 250.0, 4)
    read = archive.read_archive(path)
    assert read.dates == [dt.date(2023, 5, 1), dt.date(2023, 5, 3)]
    assert shapely.equals_exact(read.geometry(1), G.simplified_lonlat(square, 250.0, 4), 0)
    # The same lines with their keys in another order and spaces after the colons.
    lines = [
        json.dumps({"geometry": r["geometry"], "source": "x", "date": r["date"]}) for r in map(read.record, range(2))
    ]
    path.write_bytes(lzma.compress(("\n".join(lines) + "\n").encode()))
    again = archive.read_archive(path)
    assert again.dates == read.dates
    assert shapely.equals_exact(again.geometry(1), read.geometry(1), 0)


def test_the_line_archive_refuses_dates_out_of_order(tmp_path):
    from freezelines.ingest import archive

    path = tmp_path / "x_daily.jsonl.xz"
    records = [
        {"date": "2023-05-02", "source": "x", "geometry": None},
        {"date": "2023-05-01", "source": "x", "geometry": None},
    ]
    path.write_bytes(lzma.compress(("\n".join(json.dumps(r) for r in records) + "\n").encode()))
    with pytest.raises(ValueError, match=r"x_daily.jsonl.xz line 2: date 2023-05-01 is not after the line above"):
        archive.read_archive(path)
