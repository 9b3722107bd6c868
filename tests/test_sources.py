"""Raw-data readers, on the real archives and on corrupted copies."""

from __future__ import annotations

import pytest

from freezelines.sources import ISW_FILE, RawDataError, read_isw_areas


def test_isw_assessed_control_matches_the_published_check_values(raw):
    areas = read_isw_areas(raw / ISW_FILE).set_index("date")["area_km2"]
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
        (ROW.format(d="2022-02-24", a="100") + ROW.format(d="2022-13-01", a="100"), "line 3: '2022-13-01'"),
        (ROW.format(d="2022-02-25", a="100") + ROW.format(d="2022-02-24", a="100"), "line 3: date 2022-02-24"),
        (ROW.format(d="2022-02-24", a="lots"), "line 2 (2022-02-24): area 'lots'"),
        (ROW.format(d="2022-02-24", a="-5"), "outside 0-700,000"),
        ("", "no row of type"),
    ],
)
def test_isw_reader_names_file_line_and_value(tmp_path, body, message):
    path = tmp_path / "isw.csv"
    path.write_text(HEADER + body)
    with pytest.raises(RawDataError, match="isw.csv") as error:
        read_isw_areas(path)
    assert message in str(error.value)


def test_isw_reader_reports_a_missing_column(tmp_path):
    path = tmp_path / "isw.csv"
    path.write_text("date,type\n2022-02-24,x\n")
    with pytest.raises(RawDataError, match=r"isw.csv: missing column\(s\) \['area_in_square_km'\]"):
        read_isw_areas(path)
