"""The explorer's two front ends show what the model computes."""

from __future__ import annotations

import contextlib
import datetime as dt
import html
import io
import re

import numpy as np
import pytest
import shapely

from freezelines import constants as C
from freezelines import geometry as G
from freezelines.model import scenarios as M
from freezelines.viz import explorer as E
from freezelines.viz import style


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
    assert entry["total"] == C.rounded("km2", result.total_km2)  # one rounding per kind, as everywhere
    assert entry["population"] == C.rounded("residents", result.population["total"])
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


def test_static_explorer_in_a_kernel_is_only_a_marker_the_build_expands():
    from freezelines.book.sphinx_ext import explorer_html

    bundle = E.static_explorer(every=40)._repr_mimebundle_()
    assert bundle[E.EXPLORER_MIME] == {"every": 40}
    assert "live explorer below" in bundle["text/plain"]
    page = explorer_html(bundle[E.EXPLORER_MIME], "plotly-test")
    assert 'class="fl-data-files"' in page and 'type="range"' in page and "Freeze the line on" in page
    assert re.search(r'data-src="FREEZELINES-STATIC/freezelines-data/explorer-core-[0-9a-f]{12}\.json"', page)
    assert (
        E.static_content({"every": 40})["sources"]["deepstate"][-1]["date"]
        == M.dates_available("deepstate")[1].isoformat()
    )


def test_the_explorers_data_files_hold_its_payload_and_the_core_draws_the_first_view():
    """The files the page fetches (freezelines.book.widget_data): the core names each part by its
    content's hash; merged as the script merges them, they give back the payload; the core alone
    holds the first view's whole entry and every weekly line's day and label (a link's view, a citation)."""
    from freezelines.book import widget_data

    payload = E.static_payload(every=40)
    payload.pop("figure")
    core_name, files = widget_data.explorer_files(payload)
    core = files[core_name]
    years = {key: sorted({e["date"][:4] for e in payload["sources"][key]}) for key in E.SOURCES}
    assert set(core["parts"]) == {f"{k}-{y}" for k in E.SOURCES for y in years[k]} | {"presets"}
    assert len(files) == len(core["parts"]) + 1 and years["deepstate"][0] == "2022" and len(years["deepstate"]) >= 4
    for key, name in core["parts"].items():
        assert name == widget_data.file_name("explorer", key, files[name])
    default = payload["default"]
    first = core["sources"][default["source"]][default["index"]]
    assert first == payload["sources"][default["source"]][default["index"]] and first["line"]
    light = core["sources"]["liveuamap"]
    assert [e["date"] for e in light] == [e["date"] for e in payload["sources"]["liveuamap"]]
    assert all(set(e) == {"date", "label"} for e in light) and all("total" not in p for p in core["presets"])
    merged = {key: [dict(e) for e in core["sources"][key]] for key in E.SOURCES}
    merged["presets"] = [dict(p) for p in core["presets"]]
    for key, name in core["parts"].items():
        tracker, _, year = key.rpartition("-")
        light = merged["presets"] if key == "presets" else [e for e in merged[tracker] if e["date"][:4] == year]
        assert len(light) == len(files[name]), key
        for target, entry in zip(light, files[name]):
            target.update(entry)
    assert merged["presets"] == payload["presets"]
    assert {k: merged[k] for k in E.SOURCES} == payload["sources"]
    # Another payload, other names: a cached file never meets a page it does not belong to.
    payload["sources"]["liveuamap"][0]["total"] += 10
    other_name, other = widget_data.explorer_files(payload)
    changed = other[other_name]["parts"][f"liveuamap-{years['liveuamap'][0]}"]
    assert other_name != core_name and set(other) - set(files) == {other_name, changed}


def _drawn_km2(trace) -> float:
    xs, ys = np.asarray(trace.x, dtype=float), np.asarray(trace.y, dtype=float)
    rings = np.split(np.column_stack([xs, ys]), np.flatnonzero(np.isnan(xs)))
    polygons = [shapely.Polygon(r[~np.isnan(r[:, 0])]) for r in rings if (~np.isnan(r[:, 0])).sum() >= 4]
    return G.km2(G.to_equal_area(shapely.union_all([p.buffer(0) for p in polygons])))


def test_live_widgets_drive_the_model():
    with contextlib.redirect_stdout(io.StringIO()):
        live = E.live_explorer()
        held = next(t for t in live.figure.data if t.meta == "held")
        compared = next(t for t in live.figure.data if t.meta == "compare")
        live.day.value = dt.date(2022, 11, 1)
        assert live.result.total_km2 == pytest.approx(M.measure(M.line_on("2022-11-01")).total_km2)
        assert "Kherson" in set(live.result.cities["name"])
        # The map is one FigureWidget, redrawn in place.
        assert live.figure.layout.title.text == "Russian-held area: 1 November 2022 (DeepStateMap)"
        assert held is next(t for t in live.figure.data if t.meta == "held")
        assert _drawn_km2(held) == pytest.approx(live.result.total_km2, rel=0.03)
        # Whole numbers print as whole numbers; residents as the book writes them everywhere (style.people).
        assert "Donetsk (901,645, Donetsk Oblast)" in live.summary.value and ".0," not in live.summary.value
        residents = style.people(live.result.population["total"])
        assert f"Pre-war residents: {residents} (Ukrstat" in live.summary.value and residents.startswith("about ")
        # A preset moves the date picker and the tracker to its line; a day of one's own leaves it.
        live.preset.value = "march_2022_peak"
        assert live.day.value == dt.date(2022, 3, 31) and live.source.value == "liveuamap"
        assert live.result.line.source == "liveuamap"
        live.preset.value = "essay_date"
        assert live.day.value == dt.date(2022, 11, 17)
        live.preset.value = "claims"
        assert live.result.line.source == "claims" and "everything Russia claimed" in live.summary.value
        live.day.value = dt.date(2023, 5, 5)
        assert live.preset.value == "" and live.result.line.date == dt.date(2023, 5, 5)
        live.source.value = "deepstate"
        assert live.result.line.source == "deepstate"
        # The date picker offers the tracker's days only: a day before them moves to its first map.
        first, last = M.dates_available("deepstate")
        assert (live.day.min, live.day.max) == (first, last)
        live.day.value = dt.date(2020, 1, 1)
        assert live.day.value == first and live.result.line.date == first
        live.source.value = "liveuamap"
        assert live.day.min == M.dates_available("liveuamap")[0] < first
        live.day.value = dt.date(2022, 3, 23)
        live.source.value = "deepstate"  # liveuamap's 23 March 2022 is before DeepStateMap's first map
        assert live.day.value == first and live.result.line.source == "deepstate"
        live.day.value = dt.date(2023, 5, 5)
        assert compared.visible is False
        live.compare.value = "essay_date"
        change = M.compare(M.measure(M.preset("essay_date")), live.result)
        said = (
            f"Against the essay's date, 17 November 2022: Russia holds {C.rounded('km2', change['gained_km2']):,.0f} km² "
            f"it did not hold then and no longer holds {C.rounded('km2', change['lost_km2']):,.0f} km² it held then"
        )
        assert html.escape(said) in live.summary.value
        assert compared.visible is True and len(compared.x) > 100
        # Every city and town that changed side, not only the largest (Worksheet 2: Bakhmut and Soledar).
        live.day.value = dt.date(2023, 11, 17)
        change = M.compare(M.measure(M.preset("essay_date")), live.result)
        assert change["cities_taken"] and not change["cities_given_up"]
        size = f"cities and towns of {E.MIN_POPULATION:,} or more, largest first"
        n = len(change["cities_taken"])
        taken = (
            f"Taken by Russian forces: {n} {size if n > 1 else 'city or town' + size.removeprefix('cities and towns')}."
        )
        assert taken in live.summary.value and "Given up by Russian forces: none." in live.summary.value
        listed = live.summary.value.split('class="fx-cities fx-taken"')[1].split("</ol>")[0]
        assert [item.split(" (")[0] for item in listed.split("<li>")[1:]] == list(change["cities_taken"])
    print(f"\nlive explorer update: {live.timing_ms:.0f} ms")
    # Full labels: no description is cut at ipywidgets' default 80 px.
    for control in (live.source, live.day, live.preset, live.compare):
        assert control.style.description_width == "initial"


def test_every_proposal_is_a_preset_with_its_price(payload):
    from freezelines.model import deals as D

    presets = [p for p in payload["presets"] if p["source"] == "deal"]
    assert [p["key"] for p in presets] == [f"deal:{item.key}" for item in D.PROPOSALS]
    for preset in presets:
        price = D.price(preset["key"].removeprefix("deal:"))
        assert preset["date"] == price.day.isoformat() and not preset["on_slider"]
        assert preset["total"] == C.rounded("km2", price.deal.total_km2)
        assert preset["deal"]["gives"] == [
            C.rounded("km2", price.ukraine_gives.total_km2),
            C.rounded("residents", price.ukraine_gives.population["total"]),
            len(price.ukraine_gives.cities),
        ]
        assert preset["deal"]["returns"][0] == C.rounded("km2", price.russia_gives.total_km2)
        assert preset["deal"]["front"] == preset["front"] == C.rounded("km", price.front_km)  # one number for one thing
        assert (
            preset["deal"]["kept"][0] == C.rounded("km2", price.kept_km2) and preset["deal"]["source"] == price.source
        )
        assert bool(preset["zone"]) == (price.zone_km2 > 0)  # a demilitarised zone, or land left open
        assert preset["sentence"].startswith(
            f"Under {price.proposal.name}, drawn on {C.SOURCE_LABELS[price.source]}'s line of"
        )
        assert f"{preset['total']:,} km²" in preset["sentence"]
        assert price.proposal.date.strftime("%-d %b %Y") in preset["label"]
        assert [s["key"] for s in preset["deal"]["sources"]] == price.proposal.cite.split(",")


def test_the_live_explorer_draws_a_proposal_with_its_zone_and_terms():
    from freezelines.model import deals as D

    with contextlib.redirect_stdout(io.StringIO()):
        live = E.live_explorer()
        live.source.value = "liveuamap"
        live.preset.value = "deal:us-2025-11"
    price = D.price("us-2025-11")
    zone = next(t for t in live.figure.data if t.meta == "zone")
    assert live.day.value == price.day and live.source.value == "deepstate"
    assert live.result.total_km2 == pytest.approx(price.deal.total_km2)
    assert zone.visible and _drawn_km2(zone) == pytest.approx(price.dmz.total_km2, rel=0.05)
    assert (
        "The US 28-point plan" in live.summary.value
        and style.area(price.ukraine_gives.total_km2) in live.summary.value
        and style.area(price.kept_km2) in live.summary.value
    )
    live.preset.value = "deal:russia-2024-06"
    assert not zone.visible and live.day.value == D.price("russia-2024-06").day


def test_the_date_fields_daily_areas_are_the_trackers_own():
    """Every day a tracker covers, its area as the pages round it, and its flag where it is not ok:
    what the static explorer's date field says of a day with no weekly line."""
    from freezelines.model import territory as T

    daily, table = E.daily_areas(), T.load_territory()
    assert set(daily) == {"deepstate", "liveuamap", "isw"}
    for source, series in daily.items():
        rows = T.usable(table, source, flagged=True)
        first = dt.date.fromisoformat(series["first"])
        assert first == rows.index[0].date() and len(series["km2"]) == (rows.index[-1].date() - first).days + 1
        for day in (rows.index[0], rows.index[len(rows) // 2], rows.index[-1]):
            value = series["km2"][(day.date() - first).days]
            assert value == C.rounded("km2", rows.loc[day, "total_km2"]) and value % 10 == 0
        flagged = rows[rows["quality"] != "ok"]
        assert series["flags"] == {d.date().isoformat(): q for d, q in flagged["quality"].items()}
    # Worksheet 3's day: all three trackers, two of them flagged.
    april = {s: v["km2"][(dt.date(2022, 4, 3) - dt.date.fromisoformat(v["first"])).days] for s, v in daily.items()}
    assert max(april.values()) - min(april.values()) > 40_000
    assert "2022-04-03" in daily["deepstate"]["flags"] and "2022-04-03" not in daily["isw"]["flags"]


TRACE_POINTS = """([id, meta]) => {
  const chart = document.getElementById(id);
  return Array.from(chart._fullData.find(t => t.meta === meta).x).filter(v => v !== null && v === v).length;
}"""
"""How many points a map's trace (by its meta name) has drawn."""


def test_data_that_cannot_be_loaded_are_named_in_the_widget_and_its_map_keeps_its_view(page, site):
    """The widgets' data are files fetched when they start (freezelines.book.widget_data): a file that does
    not come (here a 404) is named in a visible alert inside the widget, and the map keeps a drawn view."""
    from browser import EXPLORER_PAGE, watch, widgets_started

    def missing(route):
        route.fulfill(status=404, content_type="text/plain", body="not here")

    def error_of(root):
        message = root.locator(".fl-data-error")
        message.wait_for(state="visible")
        assert message.get_attribute("role") == "alert"
        return message.inner_text()

    # The explorer's core and the deal panel's file missing: each widget says so; both maps stay drawn.
    state = watch(page, site)
    page.route("**/_static/freezelines-data/explorer-core-*.json", missing)
    page.route("**/_static/freezelines-data/deal-*.json", missing)
    state.open(EXPLORER_PAGE)
    state.charts_ready()
    explorer, deal = page.locator(".freezelines-explorer"), page.locator(".freezelines-deal")
    assert re.match(r"Could not load the explorer's data \(explorer-core-[0-9a-f]{12}\.json: 404", error_of(explorer))
    assert re.match(r"Could not load the panel's data \(deal-all-[0-9a-f]{12}\.json: 404", error_of(deal))
    assert page.evaluate(TRACE_POINTS, [explorer.get_attribute("data-chart"), "held"]) > 100, "a blank map"
    assert page.evaluate(TRACE_POINTS, [deal.get_attribute("data-chart"), "side"]) > 100, "a blank map"
    assert len(state.not_found) == 2 and all(" 404" in e for e in state.errors), (state.not_found, state.errors)

    # A part the reader asks for later (liveuamap's weekly lines): named; the map still shows the view before.
    page.unroute("**/_static/freezelines-data/explorer-core-*.json")
    page.unroute("**/_static/freezelines-data/deal-*.json")
    page.route("**/_static/freezelines-data/explorer-liveuamap-*.json", missing)
    state.open(EXPLORER_PAGE)
    state.charts_ready()
    widgets_started(page, "explorer")
    assert explorer.locator(".fl-data-error").count() == 0
    shown = explorer.get_attribute("data-label")
    explorer.locator("select.fx-source").select_option("liveuamap")
    text = error_of(explorer)
    assert "the weekly lines of liveuamap" in text and "404" in text and "The map still shows" in text, text
    assert explorer.get_attribute("data-label") == shown and explorer.get_attribute("data-source") == "deepstate"
    assert page.evaluate(TRACE_POINTS, [explorer.get_attribute("data-chart"), "held"]) > 100, "a blank map"
    # Back to a tracker whose lines are here: drawn, and the message goes.
    explorer.locator("select.fx-source").select_option("deepstate")
    page.wait_for_function(
        "el => !el.dataset.pending && !el.querySelector('.fl-data-error')", arg=explorer.element_handle()
    )
    assert state.outside == []
