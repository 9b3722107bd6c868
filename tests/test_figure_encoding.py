"""The figures stay compact in the page (issue 21, item 2: every embed page within 450 KB gzip):
map traces carry short decimals as plain JSON lists (not base64 doubles, which gzip barely
shrinks), the borders picture's paths are whole relative steps, and a daily series gives its
dates once (Plotly's ``x0`` and ``dx``) instead of one date string a point in every trace. The
per-chart CSV (freezelines.book.chart_csv) reads such traces back to every date and value."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from urllib.parse import unquote

import numpy as np
import plotly.graph_objects as go
import pytest
import shapely

from freezelines.book.chart_csv import chart_csv, coordinates
from freezelines.viz import maps, style


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))


def _square(west: float, south: float, size: float) -> shapely.Polygon:
    return shapely.Polygon(
        [(west, south), (west + size, south), (west + size, south + size), (west, south + size)]
    ).segmentize(0.05)


def test_a_map_area_is_plain_json_numbers_to_a_thousandth_of_a_degree():
    geom = shapely.MultiPolygon([_square(35.12345, 47.5, 0.4), _square(36.5, 48.01, 0.3)])
    fig = maps.add_area(go.Figure(), geom, "held by Russian forces", category="held")
    trace = json.loads(fig.to_json())["data"][0]
    for letter in "xy":
        assert isinstance(trace[letter], list), f"{letter} is {type(trace[letter]).__name__}, not a JSON list"
        numbers = [v for v in trace[letter] if v is not None]
        assert numbers and all(round(v, maps.TRACE_DECIMALS) == v for v in numbers)
    assert trace["x"].count(None) == trace["y"].count(None) == 2  # one break after each of the two rings
    assert min(v for v in trace["x"] if v is not None) == 35.123  # the corner, to 0.001°


def test_short_decimals_weigh_less_than_plotly_s_binary_doubles():
    """The reason for the lists: the same coordinates as base64 float64 gzip to several times the bytes."""
    rng = np.random.default_rng(1)
    walk = np.cumsum(rng.normal(0, 0.01, 4000)) + 37.0
    as_lists = json.dumps(go.Scatter(x=maps.trace_coordinates(walk)).to_plotly_json()["x"])
    as_binary = json.loads(go.Figure(go.Scatter(x=walk.round(3))).to_json())["data"][0]["x"]
    assert isinstance(as_binary, dict) and as_binary["dtype"] == "f8"
    assert len(gzip.compress(as_lists.encode())) * 1.5 < len(gzip.compress(json.dumps(as_binary).encode()))


def test_every_frame_of_a_line_slider_is_plain_json_at_the_frames_precision():
    from freezelines.model import territory
    from freezelines.model.places import load_places

    days = sorted(territory.published_lines("deepstate"))[-3:]
    places = load_places()
    fig = json.loads(maps.line_slider_map("deepstate", days, places[places["kind"] == "nuclear plant"]).to_json())
    held = next(t for t in fig["data"] if t.get("fill") == "toself")
    arrays = [held["x"], held["y"]] + [d[k] for frame in fig["frames"] for d in frame["data"] for k in "xy"]
    assert len(fig["frames"]) == 3 and all(isinstance(a, list) and len(a) > 50 for a in arrays)
    assert all(round(v, maps.FRAME_DECIMALS) == v for a in arrays for v in a if v is not None)
    # The shown line is the frame of its day, to the same number, so that gzip finds one in the other.
    last = next(f for f in fig["frames"] if f["name"] == days[-1])["data"][0]
    assert (held["x"], held["y"]) == (last["x"], last["y"])


def test_a_slider_frame_leaves_out_specks_no_reader_can_see():
    speck = _square(36.0, 47.0, 0.004)  # 0.004° square: under FRAME_MIN_AREA
    geom = shapely.MultiPolygon([_square(35.0, 47.0, 0.5), speck])
    assert np.isnan(maps.rings_xy(geom, 0)[0]).sum() == 2
    xs, _ = maps.rings_xy(geom, 0, maps.FRAME_MIN_AREA)
    assert np.isnan(xs).sum() == 1 and np.nanmax(xs) == 35.5
    assert speck.area < maps.FRAME_MIN_AREA < _square(0, 0, 0.006).area


def test_the_borders_picture_draws_the_same_points_in_whole_relative_steps():
    ring = np.array([[22.1, 48.25], [22.345, 48.2], [22.345, 48.2], [22.5, 48.001], [22.1, 48.25]])
    xs = np.concatenate([ring[:, 0], [np.nan], ring[:, 0] + 1])
    ys = np.concatenate([ring[:, 1], [np.nan], ring[:, 1]])
    path = maps.svg_path(xs, ys)
    assert path.count("M") == 2 and "." not in path
    for piece in re.findall(r"M[^M]+", path):
        numbers = [int(n) for n in re.findall(r"-?\d+", piece)]
        points = np.cumsum(np.array(numbers).reshape(-1, 2), axis=0) / maps.PICTURE_UNITS
        assert len(points) == 4  # the repeated point is left out
        assert np.allclose(points[:, 1], [48.25, 48.2, 48.001, 48.25], rtol=0, atol=0.5 / maps.PICTURE_UNITS)
    svg = unquote(maps.base_picture().split(",", 1)[1])
    assert f"scale({1 / maps.PICTURE_UNITS},{-1 / maps.PICTURE_UNITS})" in svg and len(svg) < 60_000


def test_a_daily_series_gives_its_days_once_and_its_csv_every_day():
    days = ["2022-02-24", "2022-02-25", "2022-02-26", "2022-02-27"]
    fig = go.Figure()
    for name, values in (("killed: estimate", [10, 12, 15, 15]), ("", [20, 22, 25, 26])):
        fig.add_trace(go.Scatter(**style.daily_steps(days, "a test series"), y=values, name=name or None))
    fig.data[1].meta = dict(series="killed: 95% interval, upper")
    figure = json.loads(fig.to_json())
    assert all("x" not in t and t["x0"] == days[0] and t["dx"] == style.DAY_MS for t in figure["data"])
    assert coordinates(figure["data"][0], "x") == days
    rows = _rows(chart_csv(figure))
    assert rows[0] == ["series", "date", "y"]
    assert rows[1:] == [["killed: estimate", d, str(v)] for d, v in zip(days, [10, 12, 15, 15])] + [
        ["killed: 95% interval, upper", d, str(v)] for d, v in zip(days, [20, 22, 25, 26])
    ]
    with pytest.raises(ValueError, match=r"a test series: .* from 2022-02-27 \(first out of step: 2022-03-02 00:00\)"):
        style.daily_steps(["2022-02-27", "2022-02-28", "2022-03-02"], "a test series")


def test_the_losses_chart_repeats_no_dates_and_keeps_its_hover():
    from freezelines.model import costs
    from freezelines.viz import costs_figures

    meta = costs.load_meta_estimate()
    fig = costs_figures.losses_figure(meta, costs.load_published_estimates(), costs.load_ukmod_monthly())
    figure = json.loads(fig.to_json())
    daily = [t for t in figure["data"] if "x0" in t]
    assert len(daily) == 10 and not any("x" in t for t in daily)
    dated = [t for t in figure["data"] if isinstance(t.get("x"), list)]
    assert sum(len(t["x"]) for t in dated) < 200  # the estimates and UK MoD's months, not 1,640 days a trace
    assert figure["layout"]["xaxis"]["type"] == "date"
    estimate = next(t for t in daily if "customdata" in t and "killed and wounded" in t["name"])
    assert "%{customdata[0]:,.0f}" in estimate["hovertemplate"]
    rows = _rows(chart_csv(figure))
    casualties = meta[meta["measure"] == "casualties"].sort_values("date")
    got = [r for r in rows if r[0] == "killed and wounded: 95% confidence interval, lower"]
    assert [r[1] for r in got] == list(casualties["date"].dt.strftime("%Y-%m-%d"))
    assert [int(r[2]) for r in got] == list(casualties["ci_lower"])
