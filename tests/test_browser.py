"""The built book in headless Chromium, with every request off 127.0.0.1 blocked and recorded."""

from __future__ import annotations

import pytest

from browser import built_pages, watch
from conftest import HTML

PAGES = built_pages(HTML) if HTML.is_dir() else ["index.html"]
CHART_PAGE = "notebooks/territory-over-time.html"


@pytest.mark.parametrize("relative", PAGES)
def test_page_loads_offline_without_errors(page, site, relative):
    state = watch(page, site)
    state.open(relative)
    charts = state.charts_ready()
    assert state.outside == [], f"{relative} asked for outside resources: {state.outside}"
    assert state.errors == [], f"{relative} logged console errors: {state.errors}"
    assert state.not_found == [], f"{relative} requested missing files: {state.not_found}"
    # Every chart placeholder became a drawn Plotly chart.
    assert page.locator("div.freezelines-plotly.js-plotly-plot").count() == charts
    if charts:
        # plotly.js is loaded once, from the book's own static folder.
        sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
        assert sum("plotly.min.js" in s for s in sources) == 1


def test_chart_page_has_a_chart(page, site):
    state = watch(page, site)
    state.open(CHART_PAGE)
    assert state.charts_ready() >= 1


def test_range_slider_drag_changes_the_period_shown(page, site):
    state = watch(page, site)
    state.open(CHART_PAGE)
    state.charts_ready()
    chart = page.locator("div.freezelines-plotly").first
    chart.scroll_into_view_if_needed()

    def x_range():
        return page.evaluate(
            "el => el._fullLayout.xaxis.range.map(String)", chart.element_handle()
        )

    before = x_range()
    box = chart.locator(".rangeslider-grabber-min").first.bounding_box()
    assert box is not None, "the range slider's left handle is not on the page"
    slider = chart.locator(".rangeslider-bg").first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + slider["width"] * 0.4, y, steps=10)
    page.mouse.up()
    after = x_range()
    assert after[0] > before[0], f"dragging the slider did not move the start date: {before} -> {after}"
    assert after[1] == before[1]
    assert state.outside == [] and state.errors == []
