"""The built book in headless Chromium, with every request off 127.0.0.1 blocked and recorded."""

from __future__ import annotations

import re

import pytest

from browser import built_pages, open_widget, watch
from conftest import HTML
from freezelines.book import names

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
    sources = page.eval_on_selector_all("script[src]", "els => els.map(e => e.getAttribute('src'))")
    if charts:
        # plotly.js (the book's own partial bundle) is loaded once, from the book's own static folder.
        assert sum(f"_static/{names.PLOTLY_JS}" in s for s in sources) == 1, sources
    else:
        assert not any("plotly" in s for s in sources), f"{relative} loads plotly.js without a chart"
    assert not any("fontawesome" in s for s in sources), "the theme's fontawesome.js is back"
    if not relative.endswith("search.html"):
        assert not any("searchindex" in s for s in sources), "the search index loads on a page that does not search"


def test_search_finds_a_place_from_any_page(page, site):
    """The search box of a text page (whose index is not loaded there) leads to results."""
    state = watch(page, site)
    state.open("book/08-why-these-lines-matter.html")
    page.goto(f"{site}/search.html?q=Zaporizhzhia")
    page.wait_for_selector("#search-results ul.search li", timeout=15_000)
    assert page.locator("#search-results ul.search li").count() >= 3
    assert state.errors == [] and state.outside == []


SERIOUS_VIOLATIONS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""
SCROLL_WIDTH = 1024
"""Below the theme's 1200 px breakpoint, where its "Back to top" button replaces the page's contents list."""
SCROLL_TO_BOTTOM_AND_BACK = """async () => {
  const frame = () => new Promise(done => requestAnimationFrame(done));
  // The charts redraw at the new width: wait until the page's height holds for three frames (2 s at most).
  for (let last = -1, same = 0, start = performance.now(); same < 3 && performance.now() - start < 2000; ) {
    await frame();
    const height = document.documentElement.scrollHeight;
    same = height === last ? same + 1 : 0;
    last = height;
  }
  // Each scroll is handled (the theme's listener runs first) before the next one.
  const scroll = move => new Promise(done => {
    const timer = setTimeout(done, 1000);
    window.addEventListener('scroll', () => { clearTimeout(timer); frame().then(done); }, {once: true});
    move();
  });
  await scroll(() => window.scrollTo(0, document.documentElement.scrollHeight));
  await scroll(() => window.scrollBy(0, -80));  // the theme shows "Back to top" when the reader scrolls up
  const header = document.querySelector('.bd-header');
  const button = document.getElementById('pst-back-to-top');
  return {
    scrolled: window.scrollY > (header ? header.getBoundingClientRect().height : 0) + 80,
    backToTop: Boolean(button) && getComputedStyle(button).display !== 'none',
  };
}"""


@pytest.mark.parametrize("relative", PAGES)
def test_accessibility_audit_finds_no_serious_violation(page, site, relative):
    """axe-core (npm, pinned in package.json), injected by the test, on every built page with
    its charts drawn; and every chart has a text alternative."""
    state = watch(page, site)
    state.open(relative)
    state.charts_ready()
    state.add_axe()
    violations = page.evaluate(SERIOUS_VIOLATIONS)
    assert violations == [], f"{relative}: {violations}"
    # Every chart has a text alternative: an accessible name on the chart itself.
    unnamed = page.eval_on_selector_all(
        "div.freezelines-plotly",
        "els => els.filter(e => !(e.getAttribute('aria-labelledby') && document.getElementById(e.getAttribute('aria-labelledby'))"
        " && document.getElementById(e.getAttribute('aria-labelledby')).textContent.trim()) && !e.getAttribute('aria-label')).length",
    )
    assert unnamed == 0


SCROLLED_IN_MAKE_TEST = {CHART_PAGE, "book/01-introduction.html"}
"""A chart page and a text page audit after scrolling in ``make test``; every page does in
``make test-slow`` (the theme's parts that appear on scrolling are the same on every page)."""


@pytest.mark.parametrize(
    "relative", [p if p in SCROLLED_IN_MAKE_TEST else pytest.param(p, marks=pytest.mark.slow) for p in PAGES]
)
def test_after_scrolling_the_audit_still_finds_no_serious_violation(page, site, relative):
    """axe-core once more, scrolled to the bottom and back a little on a narrower window, where
    the theme shows its "Back to top" button."""
    state = watch(page, site)
    state.open(relative)
    state.charts_ready()
    state.add_axe()
    page.set_viewport_size({"width": SCROLL_WIDTH, "height": page.viewport_size["height"]})
    scroll = page.evaluate(SCROLL_TO_BOTTOM_AND_BACK)
    if scroll["scrolled"]:
        assert scroll["backToTop"], f"{relative}: the theme's Back to top button did not appear after scrolling up"
    violations = page.evaluate(SERIOUS_VIOLATIONS)
    assert violations == [], f"{relative}, scrolled at {SCROLL_WIDTH} px: {violations}"


def test_chart_page_has_a_chart(page, site):
    state = watch(page, site)
    state.open(CHART_PAGE)
    assert state.charts_ready() >= 1


def test_a_chart_whose_figure_cannot_come_says_so_and_draws_at_the_next_try(page, site):
    """A chart's figure is a file (freezelines.book.figure_files): when it cannot be fetched, the chart's
    box says so in words, not an empty box; the next try (a reload, or printing) draws it."""
    failing = []

    def unavailable(route):
        failing.append(route.request.url)
        route.fulfill(status=503, body="")

    figures = f"**/_static/{names.CHART_DATA_DIR}/*.json"
    page.route(figures, unavailable)
    page.goto(f"{site}/{CHART_PAGE}", wait_until="load")
    chart = page.locator("div.freezelines-plotly").first
    assert page.evaluate("() => window.freezelinesDrawAll().then(() => 'drawn', e => e.message)").endswith("HTTP 503")
    note = chart.locator("p.fl-chart-failed")
    page.wait_for_function("el => /HTTP 503/.test(el.textContent)", arg=note.element_handle())
    assert note.get_attribute("role") == "status" and "Reload the page to try again" in note.text_content()
    assert chart.get_attribute("data-failed") == "1" and failing
    assert chart.locator("svg.main-svg").count() == 0
    page.unroute(figures)
    page.evaluate("() => window.freezelinesDrawAll()")
    chart.locator("svg.main-svg").first.wait_for(state="attached")
    assert note.count() == 0 and chart.get_attribute("data-failed") is None


def test_a_loader_whose_tag_names_no_plotly_js_says_so_on_each_chart(page, site):
    """freezelines-plotly.js finds plotly.js's file on its own tag (data-plotly, names.SCRIPT_ATTRIBUTES):
    a page whose tag lost it shows why its charts are not drawn, rather than fetching a wrong file."""

    def without_attribute(route):
        response = route.fetch()
        body = response.text()
        assert 'data-plotly="' in body
        route.fulfill(response=response, body=re.sub(r'\sdata-plotly="[^"]*"', "", body))

    page.route(f"{site}/{CHART_PAGE}", without_attribute)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(f"{site}/{CHART_PAGE}", wait_until="load")
    message = page.evaluate("() => window.freezelinesDrawAll().then(() => 'drawn', e => e.message)")
    assert "names no plotly.js (data-plotly)" in message
    note = page.locator("div.freezelines-plotly p.fl-chart-failed").first
    page.wait_for_function("el => /data-plotly/.test(el.textContent)", arg=note.element_handle())
    assert not any(names.PLOTLY_JS in url for url in requested)


def test_range_slider_drag_changes_the_period_shown(page, site):
    state = watch(page, site)
    state.open(CHART_PAGE)
    state.charts_ready()
    chart = page.locator("div.freezelines-plotly").first
    chart.scroll_into_view_if_needed()

    def x_range():
        return page.evaluate("el => el._fullLayout.xaxis.range.map(String)", chart.element_handle())

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


def _explorer(page, site):
    return open_widget(page, site, "explorer")


def _model_total(source, day):
    from freezelines.model.territory import load_territory

    table = load_territory()
    row = table[(table["source"] == source) & (table["date"] == day)].iloc[0]
    from freezelines import constants as C

    return C.rounded("km2", row["total_km2"])  # the pages show areas to 10 km²


def _shown(root):
    """What the explorer shows, once its redraw (one animation frame for the map, one for the panels) is done."""
    root.page.wait_for_function("el => !el.dataset.pending", arg=root.element_handle())
    return root.get_attribute("data-source"), root.get_attribute("data-date"), int(root.get_attribute("data-total"))


def test_explorer_keyboard_moves_the_line_and_numbers_match_the_model(page, site):
    state, root = _explorer(page, site)
    source, day, total = _shown(root)
    assert (source, total) == ("deepstate", _model_total("deepstate", day))
    slider = root.locator("input.fx-week")
    slider.focus()
    for _ in range(30):
        page.keyboard.press("ArrowLeft")
    source, new_day, new_total = _shown(root)
    assert new_day < day and new_total == _model_total("deepstate", new_day)
    page.keyboard.press("Home")
    assert _shown(root)[1] == "2022-04-07"
    assert root.locator("output.fx-date").inner_text() == "7 April 2022"
    assert "Kherson" in root.locator("ol.fx-cities").inner_text()  # held in April 2022
    print(f"\nexplorer step: {float(root.get_attribute('data-step-ms')):.1f} ms in Chromium")
    assert state.errors == [] and state.outside == []


def test_explorer_mouse_presets_and_tracker_menu(page, site):
    state, root = _explorer(page, site)
    root.locator("input.fx-week").scroll_into_view_if_needed()
    box = root.locator("input.fx-week").bounding_box()
    page.mouse.click(box["x"] + box["width"] * 0.15, box["y"] + box["height"] / 2)
    source, day, total = _shown(root)
    assert "2022-06-01" < day < "2023-03-01" and total == _model_total("deepstate", day)
    root.locator("button.fx-preset", has_text="the essay's date").click()
    assert _shown(root)[1:] == ("2022-11-17", _model_total("deepstate", "2022-11-17"))
    assert root.locator("button.fx-preset", has_text="the essay's date").get_attribute("aria-pressed") == "true"
    sites = root.locator(".fx-panel", has_text="Key sites").inner_text()
    assert "Zaporizhzhia nuclear power plant\tRussian-held side" in sites
    root.locator("select.fx-source").select_option("liveuamap")
    source, day, total = _shown(root)
    assert source == "liveuamap" and day <= "2022-11-17" and total == _model_total("liveuamap", day)
    root.locator("select.fx-compare").select_option("eve_of_invasion")
    _shown(root)
    assert "Against the 2014–2022 line" in root.locator(".fx-change").inner_text()
    headline = page.locator(f"#{root.get_attribute('data-chart')}-headline").inner_text()
    assert "liveuamap" in headline and day[:4] in headline
    assert state.errors == [] and state.outside == []
