"""The committed data/ files: contract, real numbers, known defects found, provenance valid."""

from __future__ import annotations

import json
import lzma

import pandas as pd
import pytest
import shapely

from freezelines import constants as C
from freezelines import geometry as G
from freezelines.model import territory as T
from freezelines.model.territory import FLAGGED, TERRITORY_COLUMNS
from freezelines.paths import data_dir

DATA = data_dir()


@pytest.fixture(scope="module")
def daily():
    return pd.read_csv(DATA / "territory_daily.csv", parse_dates=["date"], keep_default_na=False, na_values=[""])


def latest(daily, source):
    """The last day a tracker covers: the data's own, so that a data refresh changes no test."""
    return daily.loc[daily["source"] == source, "date"].max()


def row(daily, source, day):
    hit = daily[(daily["source"] == source) & (daily["date"] == pd.Timestamp(day))]
    assert len(hit) == 1, (source, day)
    return hit.iloc[0]


def test_territory_daily_contract(daily):
    assert list(daily.columns) == TERRITORY_COLUMNS
    assert set(daily["quality"]) == {"ok", "missing", *FLAGGED}
    assert daily["share_of_ukraine"].dropna().between(0, 1).all()
    assert not daily.duplicated(["date", "source"]).any()
    split = daily.dropna(subset=["held_before_2022_km2"])
    assert (split["held_before_2022_km2"] + split["seized_since_2022_km2"] - split["total_km2"]).abs().max() < 0.2
    assert ((daily["share_of_ukraine"] - daily["total_km2"] / C.UKRAINE_AREA_KM2).abs().dropna() < 1e-6).all()


def test_every_source_is_daily_without_gaps(daily):
    for source, first in (("deepstate", "2022-04-03"), ("liveuamap", "2022-02-24"), ("isw", "2022-02-24")):
        dates = daily.loc[daily["source"] == source, "date"].sort_values()
        assert dates.iloc[0] == pd.Timestamp(first)
        assert (dates.diff().dropna() == pd.Timedelta(days=1)).all(), source
    # A refresh only adds days: the trackers still followed reach at least the first release's last day.
    for source in ("deepstate", "liveuamap"):
        assert latest(daily, source) >= pd.Timestamp("2026-08-21"), source


def test_sanity_anchors(daily):
    # As drawn (unclipped): the figures of frontlines/CHECKS.md and of the issue (fixed days, which a refresh keeps).
    assert row(daily, "deepstate", "2022-11-17")["drawn_km2"] == pytest.approx(108_684, abs=5)
    assert row(daily, "deepstate", "2026-08-21")["drawn_km2"] == pytest.approx(116_995, abs=5)
    assert row(daily, "liveuamap", "2022-11-17")["drawn_km2"] == pytest.approx(109_870, abs=5)
    assert row(daily, "isw", "2022-11-17")["total_km2"] == pytest.approx(104_905.3, abs=0.1)
    # Clipped to Ukraine's borders: less, by the offshore part (about 500 to 1,100 km²).
    for source, day in (
        ("deepstate", "2022-11-17"),
        ("deepstate", latest(daily, "deepstate")),
        ("liveuamap", "2022-11-17"),
    ):
        r = row(daily, source, day)
        assert 300 < r["drawn_km2"] - r["total_km2"] < 2_600
    assert row(daily, "deepstate", "2022-11-17")["held_before_2022_km2"] == pytest.approx(43_660, abs=30)


def test_handover_between_the_deepstate_archives(daily):
    package = json.loads((DATA / "datapackage.json").read_text())
    check = package["freezelines:summary"]["handover"]
    assert check["last_history_day"] == "2025-08-03" and check["overlap_days"] >= 370
    assert abs(check["median_difference_km2"]) < 10 and check["p95_abs_difference_km2"] < 50
    assert row(daily, "deepstate", "2025-08-03")["map"] == "1754251105.geojson"
    assert row(daily, "deepstate", "2025-08-04")["map"] == "deepstatemap_data_20250805.geojson"
    step = row(daily, "deepstate", "2025-08-04")["total_km2"] - row(daily, "deepstate", "2025-08-03")["total_km2"]
    assert abs(step) < 100


def test_known_defects_are_flagged(daily):
    # NZZ files 2023-12-09...11: almost everything labelled "losses" -> carried forward, not a 60,000 km² dip.
    broken = row(daily, "liveuamap", "2023-12-08")
    assert broken["quality"] == "carried_forward" and "broken map" in broken["note"]
    assert broken["total_km2"] > 100_000
    # NZZ loses ORDLO from March 2024: completed, so no 16,600 km² step; the note says so.
    before, after = row(daily, "liveuamap", "2024-03-12"), row(daily, "liveuamap", "2024-03-14")
    assert abs(after["total_km2"] - before["total_km2"]) < 500
    assert "pre-2022 Donetsk/Luhansk areas" in after["note"] and "Donetsk/Luhansk" not in before["note"]
    # NZZ lags the Kyiv withdrawal: flagged against DeepState and ISW, which agree.
    lag = row(daily, "liveuamap", "2022-04-03")
    assert lag["quality"] in FLAGGED and "above deepstate and isw, which agree" in lag["note"]
    # DeepState was still redrawing its early map (its pre-2022 area among other parts): noted.
    assert "pre-2022 area drawn as" in row(daily, "deepstate", "2022-04-03")["note"]
    assert row(daily, "deepstate", "2022-11-17")["quality"] == "ok"
    outliers = daily[daily["quality"] == "outlier"]
    assert outliers["date"].dt.year.eq(2022).all(), "outliers are a 2022 phenomenon (lags and early drawings)"
    # The polygon over Afghanistan in NZZ's "losses" (files 2023-10-24...30) is recorded, and changes nothing.
    qa = pd.read_csv(DATA / "qa_report.csv")
    afghan = qa[(qa["issue"] == "polygon outside the region") & qa["detail"].str.contains("643,860")]
    assert sorted(afghan["date"]) == [f"2023-10-{d}" for d in range(24, 31)]


def test_drawing_artefacts_are_flagged(daily):
    # DeepStateMap's April 2022 rise is its drawing being completed: flagged against liveuamap's own series.
    april = daily[(daily["source"] == "deepstate") & daily["date"].between("2022-04-03", "2022-04-19")]
    assert (april["quality"] == "off_reference").all()
    assert "below liveuamap's own published area series" in april["note"].iloc[0]
    # NZZ stuck at 110,869 km² for a week in mid-March 2022, then about +29,000 km² in one day.
    stuck = daily[(daily["source"] == "liveuamap") & daily["date"].between("2022-03-17", "2022-03-22")]
    assert (stuck["quality"] == "stale").all() and stuck["total_km2"].round(0).eq(110_869).all()
    assert "+29,334 km² on 2022-03-23" in stuck["note"].iloc[0]
    assert row(daily, "liveuamap", "2022-03-23")["quality"] == "ok"
    # NZZ's one-day coastline trim of 23 May 2023.
    trim = row(daily, "liveuamap", "2023-05-23")
    assert trim["quality"] == "redrawn" and "-1,111 km² in one day" in trim["note"]
    # No flagged value is quoted: the 52,675 km² "gap" of 4 April 2022 used a carried-forward value.
    assert T.spread(daily).get(pd.Timestamp("2022-04-04"), 0) < 52_000
    for source in ("deepstate", "liveuamap", "isw"):
        assert set(T.usable(daily, source)["quality"]) == {"ok"}
        assert len(T.usable(daily, source, flagged=True)) > len(T.usable(daily, source))


def test_oblast_control_covers_27_units_and_adds_up(daily):
    table = pd.read_csv(DATA / "oblast_control.csv", parse_dates=["date"])
    assert table.groupby(["date", "source"]).size().eq(27).all()
    essay = table[(table["date"] == "2022-11-17") & (table["source"] == "deepstate")].set_index("iso_3166_2")
    # Crimea, Sevastopol
    assert essay.loc["UA-43", "share_of_oblast"] > 0.99 and essay.loc["UA-40", "share_of_oblast"] > 0.99
    assert 0.55 < essay.loc["UA-14", "share_of_oblast"] < 0.65  # Donetsk
    assert essay.loc["UA-09", "share_of_oblast"] > 0.95  # Luhansk
    assert essay.loc["UA-30", "held_km2"] == 0  # Kyiv city
    # The oblast parts add up to the total, less the Sivash (water, in no oblast).
    total = row(daily, "deepstate", "2022-11-17")["total_km2"]
    assert 0 < total - essay["held_km2"].sum() < 2_100
    assert set(table["labels"].str.split(";").explode()) == {
        "weekly",
        "eve_of_invasion",
        "march_2022_peak",
        "essay_date",
        "year_after_essay",
        "latest",
    }


def test_lines_simplification_changes_no_area_by_more_than_half_a_percent():
    summary = json.loads((DATA / "datapackage.json").read_text())["freezelines:summary"]
    assert summary["simplification"]["max_abs_area_change"] < 0.005
    for source in ("deepstate", "liveuamap"):
        collection = json.loads((DATA / "lines" / f"{source}.geojson").read_text())
        dates = [f["properties"]["date"] for f in collection["features"]]
        assert dates == sorted(dates) and len(dates) == len(set(dates))
        for feature in collection["features"]:
            lonlat = shapely.geometry.shape(feature["geometry"])
            assert lonlat.is_valid, feature["properties"]["date"]
            geom = G.to_equal_area(lonlat)
            assert abs(G.km2(geom) / feature["properties"]["total_km2"] - 1) < 0.005, feature["properties"]["date"]
    deepstate = json.loads((DATA / "lines" / "deepstate.geojson").read_text())["features"]
    eve = deepstate[0]["properties"]
    assert eve["labels"] == ["eve_of_invasion"] and 42_000 < eve["total_km2"] < 44_000


def test_daily_archive_holds_every_map(daily):
    with lzma.open(DATA / "lines" / "deepstate_daily.jsonl.xz", "rt") as handle:
        records = [json.loads(line) for line in handle]
    assert records[0]["date"] == "2022-04-03" and records[-1]["date"] == f"{latest(daily, 'deepstate'):%Y-%m-%d}"
    assert len(records) > 1_400


def test_places_hold_the_cities_and_key_sites():
    places = pd.read_csv(DATA / "places.csv", keep_default_na=False, na_values=[""]).set_index("place_id")
    from freezelines.model.places import MIN_POPULATION

    assert (places["population_2022"] >= MIN_POPULATION).sum() == 385  # Ukrstat, 1 Jan 2022
    for site in (
        "site-znpp",
        "site-kakhovka-dam",
        "site-north-crimean-canal-head",
        "site-mariupol-port",
        "site-azovstal",
        "site-illich",
        "site-berdiansk-port",
        "site-melitopol-hub",
        "site-land-corridor",
    ):
        assert places.loc[site, "role"] == "key" and places.loc[site, "description"] and places.loc[site, "source"]
    assert (
        places.loc["site-znpp", "lat"] == pytest.approx(47.5119)
        and places.loc["site-znpp", "oblast"] == "Zaporizhzhia Oblast"
    )
    for name in ("Zaporizhzhia", "Dnipro", "Kharkiv", "Kherson", "Mykolaiv", "Odesa", "Kyiv", "Melitopol", "Mariupol"):
        assert ((places["name"] == name) & (places["role"] == "key")).sum() == 1


def test_place_control_periods():
    control = pd.read_csv(DATA / "place_control.csv", parse_dates=["start", "end"])
    kherson = control[(control["name"] == "Kherson") & (control["source"] == "deepstate")]
    assert len(kherson) == 1 and kherson.iloc[0]["end"] == pd.Timestamp("2022-11-10")
    assert control[control["name"] == "Kyiv"].empty
    znpp = control[(control["place_id"] == "site-znpp") & (control["source"] == "deepstate")].iloc[0]
    assert znpp["held_at_coverage_start"] and znpp["held_at_coverage_end"]


def test_datapackage_is_valid_and_hashes_match(raw):
    from frictionless import Package

    from freezelines.ingest.raw_files import sha256

    report = Package(str(DATA / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    from freezelines.ingest.provenance import read_record
    from freezelines.paths import RAW_RECORD

    record = read_record(RAW_RECORD)
    package = json.loads((DATA / "datapackage.json").read_text())
    for source in package["sources"]:
        relative = source["path"].removeprefix("raw/")
        assert record[relative] == source["sha256"], source["name"]
        assert sha256(raw / relative) == source["sha256"], source["name"]
