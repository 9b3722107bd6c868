"""A fast rebuild of the whole pipeline from a small fixture set, compared with expected values.

The fixture is built in tmp_path: synthetic tracker archives in the documented formats (a
week of DeepStateMap's history archive, a week of its daily files, twelve days of NZZ's
liveuamap files, ISW's two layers and liveuamap's own series), with the real reference
layers, place and population tables and conflict/costs tables from ``data/raw``. The
tracker polygons are boxes with known areas, so that breaking a rule in the code (the NZZ
classification, DeepState's fill colours, the hand-over, the clipping) changes a number here.
It runs in the normal test suite in a few seconds; the full, byte-identical rebuild is
tests/test_pipeline.py.
"""

from __future__ import annotations

import datetime as dt
import json
import lzma
import shutil

import pandas as pd
import pytest

from freezelines.ingest import pipeline
from freezelines.ingest import sources as S
from freezelines.paths import RAW_DEFAULT

COPIED = [
    S.OUTLINE_FILE,
    S.OBLASTS_FILE,
    pipeline.GEOBOUNDARIES_FILE,
    S.PLACES_FILE,
    S.OBLAST_POPULATION_FILE,
    "conflict/gppd_ukraine_power_plants.csv",
]


def box(west, south, east, north):
    return [[[west, south], [east, south], [east, north], [west, north], [west, south]]]


# Boxes well inside Ukraine (lon/lat). Areas: about 1,900 to 3,300 km² each.
CRIMEA = box(33.6, 44.9, 34.4, 45.3)  # pre-2022 (DeepState #880e4f), inside Crimea
ZAPORIZHZHIA = box(35.0, 46.8, 35.5, 47.2)  # occupied (#a52714)
KHERSON = box(33.5, 46.3, 34.0, 46.6)  # occupied, added on 2022-04-06
KHARKIV_FREED = box(36.0, 49.6, 36.4, 49.9)  # liberated (#0f9d58): never counted
SEA = box(31.0, 44.0, 31.5, 44.3)  # occupied but far out in the Black Sea: left out, with a QA row
GEORGIA = box(43.0, 42.5, 43.5, 42.9)  # foreign (#ff5252): never counted
NZZ_HELD = box(35.0, 46.8, 35.6, 47.2)  # nochange
NZZ_GAINED = box(33.5, 46.3, 34.0, 46.6)  # gains
NZZ_LOST = box(36.0, 49.6, 36.4, 49.9)  # losses: never counted


def feature(rings, **properties):
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": rings}}


def write_bundle(path, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
    path.write_bytes(lzma.compress(text.encode()))


def days(start, n):
    return [start + dt.timedelta(days=i) for i in range(n)]


def history_records():
    records = []
    for i, day in enumerate(days(dt.date(2022, 4, 3), 6)):
        stamp = int(dt.datetime(day.year, day.month, day.day, 12, 33, 28, tzinfo=dt.UTC).timestamp())
        name = S.DEEPSTATE_PRE2022_SNAPSHOT if i == 0 else f"{stamp}.geojson"
        features = [
            feature(CRIMEA, fill="#880e4f", name="Крим"),
            feature(ZAPORIZHZHIA, fill="#a52714", name="Окуповано"),
            feature(KHARKIV_FREED, fill="#0f9d58", name="Звільнено"),
            feature(GEORGIA, fill="#ff5252", name="Абхазія"),
            feature(SEA, fill="#a52714", name="Окуповано"),
            {
                "type": "Feature",
                "properties": {"name": "unit"},
                "geometry": {"type": "Point", "coordinates": [35.2, 47.0, 0]},
            },
        ]
        if day >= dt.date(2022, 4, 6):
            features.append(feature(KHERSON, fill="#a52714", name="Окуповано"))
        records.append(
            {
                "snapshot": name,
                "published_utc": f"{day}T12:33:28Z",
                "date": day.isoformat(),
                "geojson": {"type": "FeatureCollection", "features": features},
            }
        )
    return records


def daily_records():
    # The daily file dated D describes D-1: files 2022-04-07...12 describe 2022-04-06...11.
    union = {"type": "MultiPolygon", "coordinates": [CRIMEA, ZAPORIZHZHIA, KHERSON]}
    return [
        {
            "snapshot": f"deepstatemap_data_{day:%Y%m%d}.geojson",
            "published_utc": None,
            "date": day.isoformat(),
            "geojson": {
                "type": "FeatureCollection",
                "features": [{"type": "Feature", "properties": {}, "geometry": union}],
            },
        }
        for day in days(dt.date(2022, 4, 7), 6)
    ]


def nzz_records():
    records = []
    for day in days(dt.date(2022, 4, 1), 12):
        mapped = (day - dt.timedelta(days=1)).isoformat()
        features = [feature(NZZ_HELD, type="nochange", date=mapped), feature(NZZ_LOST, type="losses", date=mapped)]
        if day >= dt.date(2022, 4, 5):
            features.append(feature(NZZ_GAINED, type="gains", date=mapped))
        records.append(
            {
                "snapshot": f"{day}.json",
                "published_utc": None,
                "date": day.isoformat(),
                "geojson": {"type": "FeatureCollection", "features": features},
            }
        )
    return records


def write_isw(path):
    rows = [
        "date,name,type,area,area_in_square_km,area_in_square_km_as_percent_of_Ukraine,area_as_percent_of_Ukraine,"
        "change_in_square_km,change_in_percent,source"
    ]
    for i, day in enumerate(days(dt.date(2022, 3, 31), 13)):
        for layer, km2 in ((S.ISW_CONTROL_LAYER, 8_000 + 10 * i), (S.ISW_ADVANCES_LAYER, 500.0)):
            rows.append(f"{day},f.geojson,{layer},{km2 * 1e6},{km2},1,1,NA,NA,Institute for the Study of War")
    path.write_text("\n".join(rows) + "\n")


def write_liveuamap_areas(path):
    # liveuamap's own series moves with the fixture's gains (so no step is taken for a redrawing).
    rows = ["date,area"] + [
        f"{day} 00:00:00,{8200.0 if day < dt.date(2022, 4, 5) else 9500.0}" for day in days(dt.date(2022, 3, 1), 60)
    ]
    path.write_text("\n".join(rows) + "\n")


@pytest.fixture(scope="module")
def fixture_raw(tmp_path_factory):
    raw = tmp_path_factory.mktemp("raw")
    for name in COPIED:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(RAW_DEFAULT / name, raw / name)
    shutil.copytree(RAW_DEFAULT / "conflict", raw / "conflict", dirs_exist_ok=True)
    write_bundle(raw / S.DEEPSTATE_HISTORY_FILE, history_records())
    write_bundle(raw / S.DEEPSTATE_DAILY_FILE, daily_records())
    write_bundle(raw / S.NZZ_FILE, nzz_records())
    write_isw(raw / S.ISW_FILE)
    write_liveuamap_areas(raw / S.LIVEUAMAP_AREAS_FILE)
    return raw


def build_fixture(raw, out):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "HANDOVER_MIN_DAYS", 3)
        pipeline.build(raw, out, workers=1, record=None)


@pytest.fixture(scope="module")
def fixture_build(fixture_raw, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    build_fixture(fixture_raw, out)
    return out


@pytest.fixture(scope="module")
def daily(fixture_build):
    table = pd.read_csv(fixture_build / "territory_daily.csv", keep_default_na=False, na_values=[""])
    return table.set_index(["source", "date"])


# Expected areas (km², equal-area frame) of the fixture's boxes, clipped to Ukraine.
CRIMEA_KM2 = 2_792.2
ZAPORIZHZHIA_KM2 = 1_691.0
KHERSON_KM2 = 1_281.1
NZZ_HELD_KM2 = 2_029.2


def test_deepstate_counts_occupied_and_pre2022_only(daily):
    first = daily.loc[("deepstate", "2022-04-03")]
    assert first["held_before_2022_km2"] == pytest.approx(CRIMEA_KM2, abs=0.2)
    assert first["total_km2"] == pytest.approx(CRIMEA_KM2 + ZAPORIZHZHIA_KM2, abs=0.2)
    assert first["drawn_km2"] >= first["total_km2"]  # the box far out at sea is left out (QA row), not drawn
    later = daily.loc[("deepstate", "2022-04-06")]
    assert later["total_km2"] == pytest.approx(CRIMEA_KM2 + ZAPORIZHZHIA_KM2 + KHERSON_KM2, abs=0.2)
    assert later["map"] != "1648989208.geojson"


def test_the_handover_takes_the_daily_files_after_the_archive(daily):
    assert daily.loc[("deepstate", "2022-04-08"), "map"].endswith(".geojson")
    assert daily.loc[("deepstate", "2022-04-09"), "map"] == "deepstatemap_data_20220410.geojson"
    assert daily.loc[("deepstate", "2022-04-11"), "map"] == "deepstatemap_data_20220412.geojson"
    assert daily.loc[("deepstate", "2022-04-11"), "total_km2"] == pytest.approx(
        CRIMEA_KM2 + ZAPORIZHZHIA_KM2 + KHERSON_KM2, abs=0.5
    )


def test_nzz_counts_nochange_and_gains_not_losses_and_adds_the_pre2022_reference(daily):
    before = daily.loc[("liveuamap", "2022-03-31")]  # the file of 2022-04-01 maps 2022-03-31
    assert before["total_km2"] == pytest.approx(NZZ_HELD_KM2 + CRIMEA_KM2, abs=0.2)
    assert before["held_before_2022_km2"] == pytest.approx(CRIMEA_KM2, abs=0.2)
    gained = daily.loc[("liveuamap", "2022-04-04")]  # the file of 2022-04-05 adds the gains
    assert gained["total_km2"] == pytest.approx(NZZ_HELD_KM2 + KHERSON_KM2 + CRIMEA_KM2, abs=0.2)
    assert "lacks Crimea" in gained["note"]


def test_isw_is_taken_as_published(daily):
    assert daily.loc[("isw", "2022-04-02"), "total_km2"] == pytest.approx(8_020.0)
    assert daily.loc[("isw", "2022-04-02"), "quality"] == "ok"
    assert set(daily["quality"]) == {"ok"}, "no rule fires on the fixture's steady, agreeing series"


def test_the_outputs_are_all_written(fixture_build):
    for name in (
        "territory_daily.csv",
        "isw_layers.csv",
        "oblast_control.csv",
        "places.csv",
        "place_control.csv",
        "qa_report.csv",
        "datapackage.json",
        "README.md",
        "lines/deepstate.geojson",
        "lines/liveuamap.geojson",
        "lines/deepstate_daily.jsonl.xz",
        "boundaries/oblasts.geojson",
        "conflict/ucdp_events.csv",
    ):
        assert (fixture_build / name).is_file(), name
    qa = pd.read_csv(fixture_build / "qa_report.csv", keep_default_na=False)
    outside = qa[qa["issue"] == "polygon outside the region"]
    assert len(outside) == 6 and "1,333.4 km²" in outside["detail"].iloc[0]
    oblasts = pd.read_csv(fixture_build / "oblast_control.csv")
    zap = oblasts[
        (oblasts["source"] == "deepstate") & (oblasts["date"] == "2022-04-07") & (oblasts["iso_3166_2"] == "UA-23")
    ]
    assert zap["held_km2"].iloc[0] == pytest.approx(ZAPORIZHZHIA_KM2, abs=0.5)


# A build that stops leaves the output folder as it was ---------------------------------------


def contents(folder):
    """Every file under ``folder`` and its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def move_dnipro_to_kyiv(raw):
    path = raw / S.PLACES_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    number = next(i for i, line in enumerate(lines) if line.startswith("ukrstat2022-0135,"))
    cells = lines[number].rstrip("\n").split(",")
    cells[header.index("lat")], cells[header.index("lon")] = "50.45466", "30.5238"
    lines[number] = ",".join(cells) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def isw_row_in_2031(raw):
    path = raw / S.ISW_FILE
    last = path.read_text().splitlines()[-2]  # the control layer's last row
    with open(path, "a") as handle:
        handle.write(last.replace("2022-04-12", "2031-04-12", 1) + "\n")


def ucdp_month_off_by_one(raw):
    # Consistent with its schema, so only the conflict stage, the last but one, finds it.
    path = raw / "conflict/ucdp_ged_donbas_monthly_2014-04_2022-02.csv"
    text = path.read_text()
    path.write_text(text.replace("\n2014-05,31,", "\n2014-05,32,", 1))


@pytest.mark.parametrize(
    "damage, message",
    [
        (
            move_dnipro_to_kyiv,
            r"ukr_places_ukrstat2022_geonames.csv: ukrstat2022-0135 \(Dnipro\) at 50.45466°N 30.5238°E lies \d+ km outside its oblast",
        ),
        (isw_row_in_2031, r"isw_areas_of_control_daily_summary.csv line 28: date 2031-04-12 is in the future"),
        (ucdp_month_off_by_one, r"ucdp_ged_donbas_monthly_2014-04_2022-02.csv: events_ged231 for 2014-05 is 32"),
    ],
    ids=["place outside its oblast", "ISW row dated 2031", "late: UCDP month off by one"],
)
def test_a_build_that_stops_leaves_the_output_folder_byte_identical(
    fixture_raw, fixture_build, tmp_path, damage, message
):
    raw = tmp_path / "raw"
    shutil.copytree(fixture_raw, raw)
    damage(raw)
    before = contents(fixture_build)
    with pytest.raises(S.RawDataError, match=message):
        build_fixture(raw, fixture_build)
    assert contents(fixture_build) == before
    assert not list(fixture_build.glob(pipeline.STAGING_PREFIX + "*")), "the staging folder is removed"
