"""The first chart without waiting (issue 21, item 6): a page's first chart opens as its poster (a
picture of the chart, drawn by tools/draw_previews.py), painted without plotly.js, and becomes the
live chart in the same box when the reader reaches for it (pointer, keyboard) or the page is idle;
no console or Content-Security-Policy error on the way."""

from __future__ import annotations

import pytest

from browser import watch
from freezelines.book.previews import first_chart, read_manifest

PAGE = "book/06-strength-at-the-table"
HOLD_IDLE = (
    "window.freezelinesIdle = []; window.requestIdleCallback = (callback) => window.freezelinesIdle.push(callback);"
)
"""Run before the page's scripts: idle callbacks are kept, not run, so only the reader's act draws."""
BOX_AT_LOAD = (
    "addEventListener('load', () => { const c = document.querySelector('div.freezelines-plotly');"
    " const r = c.getBoundingClientRect(); window.freezelinesBoxAtLoad = [r.width, r.height]; });"
)
STATE = """(id) => {
  const chart = document.getElementById(id);
  const img = chart.querySelector('picture.freezelines-poster img');
  const box = chart.getBoundingClientRect();
  return {
    poster: Boolean(img), painted: Boolean(img && img.complete && img.naturalWidth > 0),
    alt: img ? img.alt : null, plotly: typeof window.Plotly !== 'undefined',
    live: Boolean(chart.querySelector('svg.main-svg')), box: [box.width, box.height],
    headline: document.getElementById(id + '-headline').textContent,
  };
}"""


@pytest.fixture(scope="module")
def chart_id(built_book) -> str:  # noqa: ANN001
    """Chapter 6's first chart, which its committed posters must show (tests/test_previews.py)."""
    page = built_book / f"{PAGE}.html"
    chart = first_chart(page.read_text(encoding="utf-8"), page)
    entry = read_manifest().get(PAGE, {})
    assert chart and (entry.get("chart"), entry.get("figure_sha256")) == chart, (
        f"{PAGE}'s first chart is not the one its poster was drawn from: run tools/draw_previews.py"
    )
    return chart[0]


def open_held(page, site, chart_id):  # noqa: ANN001
    """Chapter 6 at a desktop's size with idle callbacks held: its poster is painted, plotly.js absent."""
    state = watch(page, site)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.add_init_script(HOLD_IDLE)
    state.open(f"{PAGE}.html")
    page.wait_for_function(
        "(id) => { const i = document.querySelector('#' + id + ' img'); return i && i.complete; }", arg=chart_id
    )
    first = page.evaluate(STATE, chart_id)
    assert first["poster"] and first["painted"], f"{PAGE}: its first chart does not open with its poster: {first}"
    assert not first["plotly"] and not first["live"], f"{PAGE}: plotly.js ran before the reader asked: {first}"
    assert first["alt"] == first["headline"].strip()
    return state, first


def becomes_live(page, state, chart_id, before: dict, how: str) -> None:  # noqa: ANN001
    page.locator(f"#{chart_id} svg.main-svg").first.wait_for(state="attached", timeout=8_000)
    page.wait_for_function("(id) => !document.querySelector('#' + id + ' picture')", arg=chart_id, timeout=5_000)
    after = page.evaluate(STATE, chart_id)
    assert after["live"] and not after["poster"], f"{how}: {after}"
    assert after["box"] == pytest.approx(before["box"], abs=1), (
        f"{how}: the chart's box moved {before['box']} -> {after['box']}"
    )
    assert not state.errors, f"{how}: console errors {state.errors[:3]}"
    assert not state.outside and not state.not_found, f"{how}: {state.outside[:3]} {state.not_found[:3]}"


def test_the_poster_becomes_the_live_chart_on_pointer(page, site, chart_id):
    state, first = open_held(page, site, chart_id)
    page.hover(f"#{chart_id}")
    becomes_live(page, state, chart_id, first, "pointer")


def test_the_poster_becomes_the_live_chart_on_a_key(page, site, chart_id):
    state, first = open_held(page, site, chart_id)
    page.keyboard.press("Tab")
    becomes_live(page, state, chart_id, first, "keyboard")
    assert page.evaluate("() => document.activeElement !== document.body"), "the first Tab lost the focus"


def test_the_poster_becomes_the_live_chart_when_the_page_is_idle(page, site, chart_id):
    state = watch(page, site)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.add_init_script(BOX_AT_LOAD)
    state.open(f"{PAGE}.html")
    page.locator(f"#{chart_id} svg.main-svg").first.wait_for(state="attached", timeout=10_000)
    box = page.evaluate("() => window.freezelinesBoxAtLoad")
    becomes_live(page, state, chart_id, {"box": box}, "idle")
