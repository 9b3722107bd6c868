"""The model under bad input: a day outside a tracker's archive, a geometry in the wrong frame, an
empty line, a half-written or outdated line archive. Each ends in a named error (the line, the day,
the file) or is handled, never a pandas IndexError, a bare LZMAError or a silently wrong number."""

from __future__ import annotations

import datetime as dt
import lzma
import shutil

import pytest
import shapely

from freezelines import geometry as G
from freezelines.ingest.archive import Archive, ArchiveError, read_archive
from freezelines.model import scenarios as M
from freezelines.paths import data_path


def test_measuring_a_trackers_line_before_its_archive_is_a_named_error():
    first, last = M.dates_available("deepstate")
    held = M.line_on(first, "deepstate").held
    with pytest.raises(
        M.ScenarioError, match=rf"territory_daily.csv has no deepstate row for 2022-03-01: it covers {first} to {last}"
    ):
        M.measure(M.Line("early", "deepstate", dt.date(2022, 3, 1), held))


def test_a_lonlat_geometry_where_an_equal_area_one_is_expected_is_a_named_error():
    lonlat = shapely.box(33.0, 46.0, 36.0, 48.0)
    with pytest.raises(
        M.ScenarioError, match=r"line 'box': coordinates within ±180 .* look like longitude and latitude"
    ):
        M.measure(M.Line("box", "custom", None, lonlat))
    with pytest.raises(M.ScenarioError, match="to_equal_area"):
        M.tally(lonlat)
    with pytest.raises(M.ScenarioError, match="far outside Ukraine"):
        M.measure(M.Line("mercator", "custom", None, shapely.box(3.9e6, 5.9e6, 4.0e6, 6.0e6)))
    assert M.tally(G.to_equal_area(lonlat))["km2"] > 40_000  # the same box, projected, is measured


def test_an_empty_line_holds_nothing_and_names_no_distance():
    result = M.measure(M.Line("nothing", "custom", None, shapely.Polygon()))
    assert result.total_km2 == 0 and result.front_km == 0 and result.cities.empty
    assert result.distances["km"].isna().all() and not result.distances["held"].any()
    text = M.sentence(result)
    assert "nan" not in text and "closest unheld" not in text and "holding 0 km²" in text


@pytest.fixture
def archive_copy(tmp_path):
    path = tmp_path / "deepstate_daily.jsonl.xz"
    shutil.copy(data_path("lines/deepstate_daily.jsonl.xz"), path)
    return path


def test_a_half_written_line_archive_is_a_named_error(archive_copy):
    data = archive_copy.read_bytes()
    archive_copy.write_bytes(data[: len(data) // 2])
    with pytest.raises(
        ArchiveError,
        match=r"deepstate_daily.jsonl.xz: the compressed archive is truncated or corrupt .* Run `make data`",
    ):
        read_archive(archive_copy)
    text = b"".join(lzma.decompress(data).splitlines(keepends=True)[:30])  # the first 30 lines
    at = text.index(b'"coordinates"', len(text) // 2)
    archive_copy.write_bytes(lzma.compress(text[:at] + b"\xe9" + text[at + 1 :], preset=0))
    line = text.count(b"\n", 0, at) + 1
    with pytest.raises(
        ArchiveError, match=rf"deepstate_daily.jsonl.xz line {line}: byte 0xe9 at column \d+ is not UTF-8"
    ):
        read_archive(archive_copy)


def test_a_line_archive_older_than_territory_daily_is_a_named_error(monkeypatch):
    full = M.archive("deepstate")
    old = Archive(full.path, full.dates[:-20], full.lines[:-20])  # the archive of an earlier build
    monkeypatch.setattr(M, "archive", lambda source: old)
    last = M.dates_available("deepstate")[1]
    with pytest.raises(
        M.ScenarioError,
        match=rf"deepstate_daily.jsonl.xz does not hold deepstate's map of {last}: territory_daily.csv has that map "
        rf"from {full.dates[-1]}, but its line in force that day is of {old.dates[-1]} .* run `make data`",
    ):
        M.line_on(last)
    assert M.line_on(old.dates[-1]).date == old.dates[-1]  # the days it does hold are drawn
