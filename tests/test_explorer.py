"""The explorer's two front ends show what the model computes."""

from __future__ import annotations

import contextlib
import datetime as dt
import io

import numpy as np
import pytest
import shapely

from freezelines import explorer as E
from freezelines import geometry as G
from freezelines import scenarios as M


def test_encoding_round_trips_within_the_web_precision():
    line = M.line_on("2022-11-17")
    xs, ys = E.decode(E.encode(line.held))
    rings = np.split(np.column_stack([xs, ys]), np.flatnonzero(np.isnan(xs)))
    polygons = [shapely.Polygon(r[~np.isnan(r[:, 0])]) for r in rings if (~np.isnan(r[:, 0])).sum() >= 4]
    drawn = G.km2(G.to_equal_area(shapely.union_all([p.buffer(0) for p in polygons])))
    assert drawn == pytest.approx(G.km2(line.held), rel=0.02)


@pytest.fixture(scope="module")
def payload():
    return E.static_payload(every=40)


def test_static_results_equal_the_models(payload):
    entry = payload["sources"]["deepstate"][-1]
    result = M.measure(M.line_on(entry["date"]))
    assert entry["total"] == round(result.total_km2)
    assert entry["population"] == result.population["total"]
    assert entry["sentence"] == M.sentence(result)
    assert entry["sites"][0] is True  # the nuclear plant
    assert len(entry["distances"]) == 7 and entry["distances"][-1] > 100  # Kyiv
    claims = next(p for p in payload["presets"] if p["key"] == "claims")
    assert min(claims["oblasts"]) >= 0.999


def test_static_covers_every_week_and_the_presets():
    days = E.weekly_days("deepstate")
    assert days[0] == dt.date(2022, 4, 7) and days[-1] == M.dates_available("deepstate")[1]
    assert all((b - a).days <= 7 for a, b in zip(days, days[1:]))
    assert E.weekly_days("liveuamap")[0] == dt.date(2022, 2, 24)


def test_live_widgets_drive_the_model():
    with contextlib.redirect_stdout(io.StringIO()):
        live = E.live_explorer()
        live.day.value = dt.date(2022, 11, 1)
        assert live.result.total_km2 == pytest.approx(M.measure(M.line_on("2022-11-01")).total_km2)
        assert "Kherson" in set(live.result.cities["name"])
        shown = live.output.outputs[0]["data"]["application/vnd.plotly.v1+json"]
        assert shown["layout"]["title"]["text"] == "Russian-held area: 1 November 2022"
        live.preset.value = "claims"
        assert live.result.line.source == "claims" and "everything Russia claimed" in live.summary.value
        live.preset.value = ""
        live.source.value = "liveuamap"
        assert live.result.line.source == "liveuamap"
        live.day.value = dt.date(2020, 1, 1)
        assert "covers 2022-02-24" in live.summary.value
        live.day.value = dt.date(2023, 5, 5)
        live.compare.value = True
        assert "Compared with 17 Nov 2022" in live.summary.value
    print(f"\nlive explorer update: {live.timing_ms:.0f} ms")
