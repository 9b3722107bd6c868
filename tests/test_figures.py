"""Figures show the data they are given, state the finding, and describe themselves in words."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from freezelines.model import territory
from freezelines.viz import deal_figures, figures


@pytest.fixture(scope="module")
def daily():
    return territory.load_territory()


def test_area_over_time_plots_every_usable_day_of_each_source(daily):
    fig = figures.area_over_time(daily)
    for trace in fig.data:
        source = next(s for s, label in figures.C.SOURCE_LABELS.items() if label == trace.name)
        rows = territory.usable(daily, source)
        assert len(trace.x) == len(rows) and trace.line.color == figures.style.TRACKER_COLOURS[source]
        assert list(trace.y) == list(rows["total_km2"].round(2))  # the model's values, not the shown rounding
    assert fig.layout.xaxis.rangeslider.visible is True
    assert [b.label for b in fig.layout.xaxis.rangeselector.buttons] == ["3 months", "1 year", "All"]


def test_title_states_the_peak_from_the_data(daily):
    fig = figures.area_over_time(daily, sources=("isw",))
    title = fig.layout.title.text.replace("<br>", " ")
    assert "132,792 km²" in title and "March 2022" in title


def test_text_summary_gives_the_numbers_a_reader_would_see(daily):
    text = figures.describe_area_over_time(daily, sources=("isw",))
    isw = territory.usable(daily, "isw")["total_km2"]
    assert f"{isw.max():,.0f} km²" in text
    assert f"{territory.on_date(daily, 'isw', pd.Timestamp('2022-11-17')):,.0f} km² on the essay's date" in text


def test_flagged_episodes_come_from_the_flags(daily):
    from freezelines.ingest import quality

    episodes = territory.flagged_episodes(daily)
    ds = episodes["deepstate_first_weeks"]
    first_deepstate = daily[daily["source"] == "deepstate"]["date"].min()
    assert ds["first"] == first_deepstate and ds["last"] < pd.Timestamp("2022-05-01")
    stuck = episodes["liveuamap_stuck"]
    series = territory.usable(daily, "liveuamap", flagged=True)["total_km2"]
    assert (
        series.loc[stuck["since"] : stuck["last"]].nunique() == 1 and series.loc[stuck["since"]] == stuck["value_km2"]
    )
    assert stuck["jump_km2"] > 10_000  # the map caught up in one day
    assert -2_000 < episodes["liveuamap_redrawn"]["step_km2"] < -500
    table = territory.flag_summary(daily)
    assert set(table.index.get_level_values("quality")) <= set(quality.FLAGS)
    assert table["days"].sum() == daily["quality"].isin(list(quality.FLAGS)).sum()
    text = figures.describe_flagged_episodes(daily)
    assert f"{stuck['value_km2']:,.0f} km²" in text and "-0" not in text


def test_flagged_episodes_windows_come_from_the_data(daily):
    """DeepStateMap's first weeks are the run of off-reference days its series opens with; the
    stuck liveuamap month is the month with the most stale days (no typed window)."""
    episodes = territory.flagged_episodes(daily)
    ds = episodes["deepstate_first_weeks"]
    rows = daily[daily["source"] == "deepstate"].set_index("date")["quality"]
    run = rows.loc[ds["first"] : ds["last"]]
    assert (run == "off_reference").all() and len(run) == ds["days"]
    assert rows.loc[ds["last"] + pd.Timedelta(days=1)] != "off_reference"
    stale = daily[(daily["source"] == "liveuamap") & (daily["quality"] == "stale")]["date"]
    month = stale.dt.to_period("M").value_counts().idxmax()
    stuck = episodes["liveuamap_stuck"]
    assert stuck["first"].to_period("M") == month == stuck["last"].to_period("M")
    assert stuck["days"] == (stale.dt.to_period("M") == month).sum()
    assert f"In {month.to_timestamp():%B %Y} liveuamap's" in figures.describe_flagged_episodes(daily)


def test_chapter_6_numbers_come_from_the_series(daily):
    numbers = territory.chapter6_numbers(daily, 1234.5)
    first = territory.coverage(daily)["first"]
    peaks = {k.removeprefix("peak-km2-") for k in numbers if k.startswith("peak-km2-")}
    assert peaks == {s for s in figures.C.SOURCES if first[s] <= pd.Timestamp(figures.C.INVASION)}
    for source in peaks:
        day, km2 = territory.peak(daily, source)
        assert numbers[f"peak-km2-{source}"] == km2 and numbers[f"peak-date-{source}"] == f"{day:%-d %B %Y}"
    latest = territory.usable(daily, "deepstate").iloc[-1]
    assert numbers["latest-date"] == f"{latest.name:%-d %B %Y}" and numbers["eve-km2"] == 1234.5
    assert numbers["essay-share-isw"] == pytest.approx(numbers["essay-km2-isw"] / figures.C.UKRAINE_AREA_KM2)


def test_the_tracker_gaps_summary_follows_the_reference(daily):
    text = figures.describe_tracker_gaps(daily)
    labels = figures.C.SOURCE_LABELS
    assert f"the total on {labels['liveuamap']} sits within" in text and f"below {labels['deepstate']}" in text
    other = figures.describe_tracker_gaps(daily, reference="liveuamap")
    assert f"of the total on {labels['liveuamap']}" in other and labels["deepstate"] in other


def test_the_compare_lines_summary_measures_where_the_maps_differ():
    day = figures.C.ESSAY_DATE.isoformat()
    near = territory.near_common_edge(day)
    assert set(near) == {"deepstate", "liveuamap"} and all(0 <= v <= 1 for v in near.values())
    # A wider strip holds at least as much of the difference, and a strip wider than Ukraine all of it.
    wide = territory.near_common_edge(day, within_km=territory.EDGE_STRIP_KM * 2)
    assert all(wide[s] >= near[s] for s in near)
    assert all(v == pytest.approx(1) for v in territory.near_common_edge(day, within_km=2_000).values())
    text = figures.describe_compare_lines(figures.C.ESSAY_DATE, {"both": 1, "deepstate only": 2, "liveuamap only": 3})
    assert f"{near['deepstate']:.0%} and {near['liveuamap']:.0%}" in text
    assert "Dnipro" not in text


def test_the_share_retaken_summary_names_the_reading_nearest_half():
    readings = pd.DataFrame({"label": ["a", "b", "c"], "share_retaken": [0.3, 0.62, 0.45]})
    published = pd.DataFrame({"share_retaken": [0.5], "who": ["X"], "as_of": ["then"]})
    text = figures.describe_share_retaken(readings, published, territory.load_territory())
    assert "closest to half with c" in text


def _drawn_line(fig, shape) -> tuple[float, float]:
    """Width (px) and opacity a shape is drawn with: its own, or else the template's."""
    defaults = fig.layout.template.layout.shapedefaults
    width = shape.line.width if shape.line.width is not None else defaults.line.width
    opacity = shape.opacity if shape.opacity is not None else defaults.opacity
    return width or 0, 1 if opacity is None else opacity


def test_a_reference_line_without_a_width_of_its_own_is_drawn():
    """simple_white's shape defaults (a line of width 0 at opacity 0.3) once drew every reference
    line that set no width at 0 px: the book's template draws it (tests/chart_marks.js checks the
    drawn charts)."""
    from freezelines.model import retaken
    from freezelines.viz import style

    fig = go.Figure(go.Scatter(x=[0, 100], y=[0, 1]))
    fig.add_vline(x=50, line=dict(dash="dot"))
    style.apply(fig, "A chart of 1 line", "source")
    assert _drawn_line(fig, fig.layout.shapes[0]) == (style.REFERENCE_LINE_WIDTH, 1)
    # Chapter 6's 50% line, and a band that asks for no edge keeps none.
    chart = figures.share_retaken_chart(retaken.readings(), retaken.published())
    (line,) = [s for s in chart.layout.shapes if s.type == "line"]
    assert line.line.dash == "dot" and _drawn_line(chart, line) == (style.REFERENCE_LINE_WIDTH, 1)
    fig.add_vrect(x0=0, x1=10, fillcolor="#eeeeee", line_width=0)
    assert _drawn_line(fig, fig.layout.shapes[1]) == (0, 1)
    assert set(fig.layout.template.layout.colorway) <= {c.upper() for c in figures.C.OKABE_ITO.values()}


def _d3_fixed(value: float, spec: str) -> str:
    """``value`` as d3-format writes it for a fixed-point ``spec`` (``,.0f``, ``+,.0f``, ``.1f``):
    JavaScript's ``toFixed``, which rounds the binary value half away from zero."""
    import re
    from decimal import ROUND_HALF_UP, Decimal

    sign, comma, places = re.fullmatch(r"(\+?)(,?)\.(\d+)f", spec).groups()
    number = Decimal(value).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    return f"{number:{sign}{comma}.{places}f}"


def _hover(trace, i: int) -> str:
    """The hover text Plotly writes for point ``i`` of ``trace`` (its fixed-point placeholders filled)."""
    import re

    def fill(found):
        name, index, spec = found.group(1), found.group(2), found.group(3)
        value = getattr(trace, name)[i]
        value = value[int(index)] if index is not None else value
        return _d3_fixed(float(value), spec)

    text = re.sub(r"<extra>.*?</extra>", "", trace.hovertemplate)
    return re.sub(r"%\{(x|y|customdata)(?:\[(\d)\])?:([^}]+)\}", fill, text)


def test_a_chart_holds_the_model_s_areas_and_shows_them_as_before():
    """Issue 23: a chart holds each day's area at the chart precision (0.01 km², what its CSV carries),
    read here independently from the processed table; its hover text still shows whole km² and the
    share to 0.1%, as the chart always did."""
    import json

    from freezelines.book.chart_csv import chart_csv
    from freezelines.model.datapackage import load
    from freezelines.viz import style

    table = load("territory_daily").set_index(["source", "date"])
    fig = figures.area_over_time(territory.load_territory())
    csv_rows = [line.split(",") for line in chart_csv(json.loads(fig.to_json())).splitlines() if line[:1] != "#"]
    csv_last = {row[0]: row for row in csv_rows[1:]}  # each tracker's last day
    assert style.CHART_DECIMALS["km2"] == 2
    for trace in fig.data:
        source = next(s for s, label in figures.C.SOURCE_LABELS.items() if label == trace.name)
        for i in (0, len(trace.x) // 2, len(trace.x) - 1):
            row = table.loc[(source, pd.Timestamp(trace.x[i]))]
            assert trace.y[i] == round(row["total_km2"], 2), (source, trace.x[i])
            km2, share = _d3_fixed(row["total_km2"], ",.0f"), _d3_fixed(row["share_of_ukraine"] * 100, ".1f")
            assert _hover(trace, i) == f"{km2} km² ({share}% of Ukraine)", (source, trace.x[i])
        assert csv_last[trace.name][1] == trace.x[-1]
        assert float(csv_last[trace.name][2]) == round(table.loc[(source, pd.Timestamp(trace.x[-1])), "total_km2"], 2)
    assert "hover text rounds them to the whole km²" in chart_csv(json.loads(fig.to_json())).splitlines()[2]


def test_a_bar_chart_holds_the_areas_and_labels_them_at_the_book_s_rounding():
    """The deals chart: bars at the model's area (0.01 km²), their labels and hover text at the
    book's rounding (to 10 km², :data:`freezelines.constants.ROUNDING`) as before."""
    from freezelines.model import deals

    table = deals.table()
    fig = deal_figures.price_chart(table)
    kept = fig.data[0]
    for i, key in enumerate(table["key"]):
        model = deals.price(key).kept_km2
        assert kept.x[i] == pytest.approx(model, abs=0.005), key
        shown = figures.C.rounded("km2", model)
        assert kept.text[i] == (f"{shown:,.0f}" if shown else "")
        assert _hover(kept, i).endswith(f"{shown:,.0f} km²"), key
