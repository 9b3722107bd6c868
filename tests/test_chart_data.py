"""Each chart's CSV in the built book (issue 23, "Downloads a reporter can use"): named columns with
units, plain text in every cell, the precision and rounding stated, and values that are the data's."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest

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


def test_the_territory_chart_csv_carries_the_model_s_values_at_the_chart_precision(built_book):
    """The trackers-compared chart's CSV: one column per thing, in km², and each tracker's first and
    last values are the processed table's (read with ``model.datapackage.load``, not through the
    chart's code) at the chart precision (``style.CHART_DECIMALS``: 0.01 km²), not rounded to the
    whole km² its hover text shows (which the CSV's precision line says)."""
    from freezelines.model.datapackage import load
    from freezelines.viz.style import CHART_DECIMALS

    data = load("territory_daily").set_index(["source", "date"])["total_km2"]
    found = []
    for name, comments, rows in _tables(built_book):
        if rows[0] != ["tracker", "date", "area_held_km2"] or "held most" not in comments[0]:
            continue
        assert "to 1 decimal place (km²)" in comments[2], comments[2]  # the table's own precision: 0.1 km²
        assert "hover text rounds them to the whole km²" in comments[2], comments[2]
        by_tracker: dict[str, list[list[str]]] = {}
        for tracker, day, value in rows[1:]:
            by_tracker.setdefault(tracker, []).append([day, value])
        fractional = 0
        for source, label in SOURCE_LABELS.items():
            if label not in by_tracker:
                continue
            for day, value in (by_tracker[label][0], by_tracker[label][-1]):
                model = data.get((source, pd.Timestamp(day)))
                assert model is not None, f"{name}: {label} {day} is not in territory_daily.csv"
                assert float(value) == round(float(model), CHART_DECIMALS["km2"]), (label, day, value, model)
            fractional += sum(float(v) != round(float(v)) for _, v in by_tracker[label])
            found.append(label)
        assert fractional, f"{name}: every value a whole number: rounded before the chart?"
    assert SOURCE_LABELS["deepstate"] in found


def test_no_chart_rounds_its_areas_before_they_are_drawn(built_book):
    """Every chart's km² column holds the model's values (``style.CHART_DECIMALS``), not the whole or
    tens of km² its hover text and labels show: in a column of several areas, not all are whole."""
    checked = []
    for name, comments, rows in _tables(built_book):
        if not comments[2].startswith("# Values") or not rows[0][-1].endswith("_km2"):
            continue
        areas = [float(row[-1]) for row in rows[1:] if row[-1] and float(row[-1])]
        if len(areas) >= 5:
            assert any(area != round(area) for area in areas), f"{name}: every area a whole number"
            checked.append(name)
    assert len(checked) >= 5, checked


def test_a_line_s_gaps_are_no_rows_and_its_values_keep_their_precision():
    """A line drawn in pieces (Plotly's None between them) gives rows for its points only; the
    values keep their decimals, and the precision line says what the hover text rounds them to."""
    import json

    import plotly.graph_objects as go

    from freezelines.book.chart_csv import chart_csv

    fig = go.Figure(
        go.Scatter(
            x=["2022-11-17", "2022-11-18", None, "2023-01-02"],
            y=[107803.43, 107810.1, None, 107900.0],
            name="DeepStateMap",
            hovertemplate="%{y:,.0f} km²<extra></extra>",
        )
    )
    fig.update_layout(yaxis_title="Area held (km²)")
    lines = chart_csv(json.loads(fig.to_json())).splitlines()
    assert "to 2 decimal places (km²); the chart's hover text rounds them to the whole km²" in lines[2]
    rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
    assert rows == [
        ["tracker", "date", "area_held_km2"],
        ["DeepStateMap", "2022-11-17", "107803.43"],
        ["DeepStateMap", "2022-11-18", "107810.1"],
        ["DeepStateMap", "2023-01-02", "107900.0"],
    ]


def test_every_series_of_every_chart_csv_has_a_name(built_book):
    """No blank series cell: a band's edges and a chart's connecting lines carry names (issue 23)."""
    checked = 0
    for name, _, rows in _tables(built_book):
        if rows[0][0] not in {"series", "tracker"}:
            continue
        blank = [i for i, row in enumerate(rows[1:], 2) if not row[0].strip()]
        assert not blank, f"{name}: rows {blank[:5]} have no series name"
        assert not [row[0] for row in rows[1:] if row[0].lower().startswith("trace")], name
        checked += 1
    assert checked >= 10


def test_a_chart_with_an_unnamed_series_gets_no_csv_but_a_clear_error():
    """A trace with neither a name nor ``meta.series`` beside named ones would be a blank column: refused,
    naming the chart and the series; a band's lower edge names its series with ``meta.series``."""
    import json

    import plotly.graph_objects as go

    from freezelines.book.chart_csv import chart_csv

    fig = go.Figure()
    fig.add_trace(go.Scatter(x=["2022-11-17", "2022-11-18"], y=[5.0, 6.0], line_width=0, showlegend=False))
    fig.add_trace(go.Scatter(x=["2022-11-17", "2022-11-18"], y=[1.0, 2.0], fill="tonexty", name="95% interval"))
    fig.update_layout(meta=dict(headline="Killed, with its interval"), yaxis_title="Soldiers (persons)")
    with pytest.raises(ValueError, match=r"'Killed, with its interval': series \[0\] of 2 have no name"):
        chart_csv(json.loads(fig.to_json()))
    fig.data[0].meta = dict(series="95% interval, upper")
    fig.data[1].meta = dict(series="95% interval, lower")
    lines = chart_csv(json.loads(fig.to_json())).splitlines()
    rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
    assert rows[0] == ["series", "date", "soldiers_persons"]
    assert [row[0] for row in rows[1:]] == ["95% interval, upper"] * 2 + ["95% interval, lower"] * 2


def test_the_ceasefire_chart_s_csv_holds_its_zeros_and_not_its_connecting_lines():
    """On a log axis the ceasefire chart draws no deaths at 0.5 (hover says 0): its CSV holds the 0 the
    data hold, and the grey line joining before and after, which holds no value of its own, gives no
    rows. UCDP's windows as processed, with one window made a quiet one."""
    import json

    from freezelines.book.chart_csv import chart_csv
    from freezelines.model import conflict
    from freezelines.viz.conflict_figures import ceasefire_effects

    windows, ceasefires = conflict.load_windows(), conflict.load_ceasefires()
    windows.loc[windows["short_name"] == "July 2020 measures", "deaths_30d_after"] = 0
    fig = ceasefire_effects(windows, ceasefires)
    assert min(x for trace in fig.data for x in trace.x if x is not None) == 0.5, "the zero is drawn at 0.5"
    text = chart_csv(json.loads(fig.to_json()))
    rows = list(csv.reader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    assert not [row for row in rows if "line" in row[0]], "the connecting lines give no rows"
    body = rows[1:]
    assert len(body) == len(windows) * 2 * 2, "each ceasefire: before and after, over 30 and over 90 days"
    quiet = [row for row in body if "July 2020" in row[1] and row[0] == "30 days from the ceasefire"]
    assert [row[-1] for row in quiet] in (["0"], ["0.0"]), quiet
    assert not [row for row in body if row[-1] == "0.5"]
    minsk = [row for row in body if row[1].startswith("Minsk II") and row[0] == "90 days before"]
    assert [float(row[-1]) for row in minsk] == [1510.1], "UCDP's best estimate as processed"
