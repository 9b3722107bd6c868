"""Each chart's CSV in the built book (issue 23, "Downloads a reporter can use"): named columns with
units, plain text in every cell, the precision and rounding stated, and values that are the data's."""

from __future__ import annotations

import csv
import io

import pandas as pd

from freezelines.constants import SOURCE_LABELS


def _tables(built_book):
    for path in sorted((built_book / "_static" / "chart-data").glob("*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        comments = [line for line in lines if line.startswith("#")]
        rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
        yield path.name, comments, rows


def test_every_chart_csv_has_named_columns_plain_cells_and_states_its_precision(built_book):
    checked = 0
    for name, comments, rows in _tables(built_book):
        header = rows[0]
        assert not {"x", "y", "trace 1"} & set(header), f"{name}: unnamed columns {header}"
        assert len(set(header)) == len(header), name
        assert not [cell for row in rows for cell in row if "<" in cell or "&amp;" in cell], f"{name}: HTML in a cell"
        assert len(comments) == 4 and comments[2].startswith(("# Values as the chart holds them", "# Areas as")), name
        checked += 1
    assert checked >= 10


def test_the_territory_chart_csv_ends_on_the_data_s_last_day(built_book):
    """The trackers-compared chart's CSV: one column per thing, in km², and each tracker's last
    value is ``data/territory_daily.csv``'s at the precision the CSV states (whole km²)."""
    from conftest import ROOT

    data = pd.read_csv(ROOT / "data" / "territory_daily.csv")
    found = []
    for name, comments, rows in _tables(built_book):
        if rows[0] != ["tracker", "date", "area_held_km2"] or "held most" not in comments[0]:
            continue
        assert "as whole numbers (km²)" in comments[2] and "round areas to 10 km²" in comments[2], comments[2]
        by_tracker: dict[str, list[list[str]]] = {}
        for tracker, day, value in rows[1:]:
            by_tracker.setdefault(tracker, []).append([day, value])
        for source, label in SOURCE_LABELS.items():
            if label not in by_tracker:
                continue
            day, value = by_tracker[label][-1]
            row = data[(data["source"] == source) & (data["date"] == day)]
            assert len(row) == 1, f"{name}: {label} {day} is not in territory_daily.csv"
            assert float(value) == round(float(row["total_km2"].iloc[0])), (label, day, value)
            found.append(label)
    assert SOURCE_LABELS["deepstate"] in found
