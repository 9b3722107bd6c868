"""Every chart legible on a phone and a laptop: no chart part collides with another or spills
out of its chart, no chart text is cut, every mark is drawn visibly, nothing runs off a
phone's screen, and the explorer stays in step.

The chart parts (title, legend, range and other buttons, modebar, slider, range slider, axis
titles, tick labels, plot area) and every piece of chart text are measured in Chromium by
``chart_layout.js``; the marks (shapes, lines, bands, markers), and the ones the words beside a
chart name, by ``chart_marks.js``.
"""

from __future__ import annotations

import csv as csv_module
import re
from pathlib import Path

import pytest

from browser import built_pages, watch
from conftest import HTML

HERE = Path(__file__).parent
# chart_name.js defines the one helper both scripts name charts with; it runs first.
LAYOUT_JS = (HERE / "chart_name.js").read_text() + (HERE / "chart_layout.js").read_text()
MARKS_JS = (HERE / "chart_name.js").read_text() + (HERE / "chart_marks.js").read_text()
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)
LAPTOP = dict(viewport={"width": 1280, "height": 800})
SCREENS = {"phone-390": PHONE, "laptop-1280": LAPTOP}


def _chart_pages() -> list[str]:
    if not HTML.is_dir():
        return ["notebooks/territory-over-time.html"]
    return [p for p in built_pages(HTML) if "freezelines-plotly" in (HTML / p).read_text(encoding="utf-8")]


CHART_PAGES = _chart_pages()


@pytest.fixture
def screen_page(browser, request):
    context = browser.new_context(**SCREENS[request.param])
    page = context.new_page()
    yield page
    context.close()


@pytest.mark.parametrize("screen_page", list(SCREENS), indirect=True)
@pytest.mark.parametrize("relative", CHART_PAGES)
def test_every_chart_is_legible_and_every_mark_drawn(screen_page, site, relative):
    """One load of the page per width, three checks of what it draws:

    * no chart part collides with another or spills out of its chart, and no chart text is cut
      (``chart_layout.js``);
    * every shape (a reference line, a band) and every trace drawn with lines or markers has a
      stroke (a band: a fill) of non-zero width and length, in a colour that is not transparent and
      stands out from the background; and every dotted or dashed line, band, marker or hatching that
      a chart's caption, "Figure." or "Text summary" names is among them (``chart_marks.js``);
    * nothing on the page runs off the screen sideways (wide tables become cards on a phone)."""
    state = watch(screen_page, site)
    state.open(relative)
    assert state.charts_ready() >= 1
    screen_page.wait_for_timeout(300)  # the maps' one re-layout to the page's width
    collisions = screen_page.evaluate(LAYOUT_JS + "()")
    marks = screen_page.evaluate(MARKS_JS + "()")
    overflow = screen_page.evaluate(
        "() => Array.from(document.querySelectorAll('.bd-article *'))"
        ".filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1"
        " && !e.closest('.js-plotly-plot, .highlight, pre, .MathJax, mjx-container, .cell_output .output')"
        # a card table's header row is visually hidden (clipped) on a phone: each cell carries its label
        " && !e.closest('table.cards thead'))"
        ".map(e => e.tagName + '.' + e.className).slice(0, 5)"
    )
    assert collisions == [], f"{relative}: " + "; ".join(collisions)
    assert marks == [], f"{relative}: " + "; ".join(marks)
    assert overflow == [], f"{relative}: off the right edge: {overflow}"
    assert state.errors == []


@pytest.mark.parametrize("screen_page", ["phone-390"], indirect=True)
def test_text_pages_fit_a_phone(screen_page, site):
    """The claims ledger and every other table fit a phone's width (rows as cards)."""
    state = watch(screen_page, site)
    for relative in ("book/12-claims-ledger.html", "book/13-methods-and-sources.html"):
        state.open(relative)
        width = screen_page.evaluate("() => document.documentElement.clientWidth")
        tables = screen_page.eval_on_selector_all(
            ".bd-article table", "els => els.map(e => e.getBoundingClientRect().right)"
        )
        assert all(right <= width + 1 for right in tables), (
            f"{relative}: a table runs off a {width} px screen: {tables}"
        )
    ledger = HTML / "book" / "12-claims-ledger.html"
    assert 'class="cards' in ledger.read_text(encoding="utf-8")


@pytest.mark.parametrize("screen_page", list(SCREENS), indirect=True)
def test_the_search_field_s_words_start_after_its_magnifying_glass(screen_page, site):
    """The theme places the search page's magnifying glass over the field: the words typed start after it."""
    state = watch(screen_page, site)
    state.open("search.html?q=corridor")
    field = screen_page.locator("#search-results").locator("xpath=..").locator("form.bd-search input")
    screen_page.wait_for_function("() => document.querySelector('#search-results').textContent.includes('found')")
    text_starts, glass_ends = field.evaluate(
        """input => {
          const box = input.getBoundingClientRect(), style = getComputedStyle(input);
          const glass = input.form.querySelector('.fa-magnifying-glass').getBoundingClientRect();
          return [box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft), glass.right];
        }"""
    )
    assert field.input_value() == "corridor"
    assert glass_ends <= text_starts, (glass_ends, text_starts)
    assert glass_ends > 0  # the glass is drawn, not collapsed


ON_SCREEN_JS = """selector => [...document.querySelectorAll(selector)].filter(e => {
  const box = e.getBoundingClientRect(), style = getComputedStyle(e);
  return box.width > 0 && box.height > 0 && style.visibility === 'visible'
    && box.right > 0 && box.left < innerWidth && box.bottom > 0 && box.top < innerHeight;
}).length"""
"""How many elements of a selector a reader sees: drawn, visible, inside the window."""


def _on_screen(page, selector: str) -> int:
    return page.evaluate(ON_SCREEN_JS, selector)


def _until_on_screen(page, selector: str, test: str) -> int:
    """Wait (5 s at most: the theme's sidebars slide in 0.25 s) until the number of ``selector``'s
    elements on screen, ``n``, passes the JavaScript ``test``; that number."""
    page.wait_for_function(
        f"selector => {{ const n = ({ON_SCREEN_JS})(selector); return {test}; }}", arg=selector, timeout=5000
    )
    return _on_screen(page, selector)


@pytest.mark.parametrize("screen_page", list(SCREENS), indirect=True)
def test_the_menu_and_contents_buttons_work_and_one_search_field_shows(screen_page, site):
    """The theme's buttons do what they show: on a phone the menu button opens the book's contents and
    the contents button the page's; on a laptop the menu button folds the sidebar away and back. One
    search field on a laptop (pydata-sphinx-theme's top bar, which put a second one above the sidebar
    and hid copies of these buttons that took their clicks, is off: _config.yml)."""
    state = watch(screen_page, site)
    state.open("book/04-no-off-ramp.html")
    chapters = "#pst-primary-sidebar .bd-sidenav a, dialog[open] .bd-sidenav a"
    sections = "#pst-secondary-sidebar .page-toc a, dialog[open] .page-toc a"
    phone = screen_page.viewport_size["width"] < 960
    # The laptop's field is the sidebar's (which may be scrolled to the page's entry); a phone's
    # search is the article header's magnifying glass.
    assert screen_page.locator(".search-button-field:visible").count() == (0 if phone else 1)
    # One button of each kind: no hidden copy to take the clicks.
    assert screen_page.locator(".primary-toggle").count() == screen_page.locator(".secondary-toggle").count() == 1
    menu = screen_page.locator(".primary-toggle")
    before = _on_screen(screen_page, chapters)
    assert (before == 0) == phone, before
    menu.click()
    _until_on_screen(screen_page, chapters, "n >= 10" if phone else "n === 0")
    if phone:
        screen_page.keyboard.press("Escape")
        _until_on_screen(screen_page, chapters, "n === 0")
        assert _on_screen(screen_page, sections) == 0
        screen_page.locator(".secondary-toggle").click()
        _until_on_screen(screen_page, sections, "n >= 3")
    else:
        menu.click()
        _until_on_screen(screen_page, chapters, f"n === {before}")
    assert state.errors == []


EXPLORER = "notebooks/explorer.html"


def _settled(root):
    root.page.wait_for_function(
        "el => !el.dataset.pending && el.dataset.total !== undefined", arg=root.element_handle()
    )
    return root


def _explorer(page, site):
    state = watch(page, site)
    state.open(EXPLORER)
    state.charts_ready()
    return state, _settled(page.locator(".freezelines-explorer"))


@pytest.mark.parametrize("screen_page", ["phone-390"], indirect=True)
def test_explorer_on_a_phone_keeps_the_map_in_view_and_controls_on_screen(screen_page, site):
    state, root = _explorer(screen_page, site)
    width = screen_page.evaluate("() => document.documentElement.clientWidth")
    for selector in ("select.fx-source", "select.fx-compare", "input.fx-week", ".fx-controls", ".fx-slider"):
        box = root.locator(selector).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, f"{selector} is wider than the screen: {box}"
    # Scroll to the map: the slider sticks under the page's header, so it stays usable beside the map.
    chart = screen_page.locator(f"#{root.get_attribute('data-chart')}")
    chart.scroll_into_view_if_needed()
    slider = root.locator(".fx-slider").bounding_box()
    header = screen_page.locator(".bd-header-article").bounding_box()
    map_box = chart.bounding_box()
    assert slider["y"] >= header["y"] + header["height"] - 1, "the slider is under the page's header"
    assert slider["y"] + slider["height"] <= 844 and slider["height"] < 120, "the slider scrolled away or is too tall"
    assert map_box["y"] < 844 and map_box["y"] + map_box["height"] > slider["y"] + slider["height"] + 100, (
        "the map is not on screen with the slider"
    )
    # On a narrow map a label that would cover another is hidden, the largest cities first kept.
    shown = screen_page.evaluate(
        "id => Array.from(document.getElementById(id).querySelectorAll('g.textpoint text'))"
        ".filter(t => t.style.display !== 'none').map(t => t.textContent)",
        root.get_attribute("data-chart"),
    )
    first = screen_page.evaluate(
        "id => document.getElementById(id).data.find(t => t.mode === 'markers+text').text[0]",
        root.get_attribute("data-chart"),
    )
    assert shown and shown[0] == first, "the largest city's label was hidden"
    assert screen_page.evaluate(LAYOUT_JS + "()") == []


def test_explorer_presets_move_the_slider_and_tracker_or_say_they_are_off_it(page, site):
    state, root = _explorer(page, site)
    slider, output = root.locator("input.fx-week"), root.locator("output.fx-date")
    source = root.locator("select.fx-source")
    presets = root.locator("button.fx-preset")
    checked = 0
    for index in range(presets.count()):
        button = presets.nth(index)
        button.click()
        _settled(root)
        shown_source, day = root.get_attribute("data-source"), root.get_attribute("data-date")
        if "not a weekly line" in output.inner_text():
            continue
        if shown_source == "deal":  # a proposal: drawn on its day's line, said so (tests/test_deal_panel.py)
            assert "(a proposal, on the line of" in output.inner_text()
            continue
        checked += 1
        # On the slider: the thumb, the tracker menu and the date say the same thing.
        assert source.input_value() == shown_source
        thumb_day = page.evaluate(
            "async ([el, s]) => (await (await fetch(el.dataset.src)).json()).sources[s][Number(el.querySelector('input.fx-week').value)].date",
            [root.element_handle(), shown_source],
        )
        assert thumb_day == day, f"preset {button.inner_text()!r}: slider at {thumb_day}, map at {day}"
        assert button.get_attribute("aria-pressed") == "true"
        # The next arrow key moves on from the preset's week, not from where the thumb was.
        slider.focus()
        page.keyboard.press("ArrowLeft")
        _settled(root)
        before = root.get_attribute("data-date")
        assert before < day
    assert checked >= 3
    # A preset off the slider (Russia's peak on liveuamap) shows its own tracker.
    presets.filter(has_text="peak").first.click()
    _settled(root)
    assert root.get_attribute("data-source") == "liveuamap" == source.input_value()
    assert state.errors == []


def test_explorer_sentence_legend_and_download_follow_the_selection(page, site):
    state, root = _explorer(page, site)
    chart_id = root.get_attribute("data-chart")
    root.locator("button.fx-preset").first.click()  # the eve of the invasion
    _settled(root)
    sentence = root.locator(".fx-sentence").inner_text()
    assert not re.search(r"-0 km²|−0 km²", sentence), sentence
    root.locator("select.fx-compare").select_option("essay_date")
    _settled(root)
    legend = page.locator(f"#{chart_id} g.legend").text_content()
    assert "compared with" in legend
    root.locator("select.fx-compare").select_option("")
    _settled(root)
    assert "compared with" not in page.locator(f"#{chart_id} g.legend").text_content()
    # The CSV saves what the reader chose, not the starting view.
    slider = root.locator("input.fx-week")
    slider.focus()
    page.keyboard.press("Home")
    _settled(root)
    label = root.get_attribute("data-label")
    with page.expect_download() as info:
        root.locator(".chart-download a").click()
    text = Path(info.value.path()).read_text(encoding="utf-8")
    assert label in text.splitlines()[0]
    total = int(root.get_attribute("data-total"))
    assert f"{total:,}" in text
    assert "Zaporizhzhia nuclear power plant" in text
    assert state.errors == []


def test_map_downloads_name_places_and_areas(built_book):
    """A map's CSV carries its areas (km²) and places by name, not polygon vertices."""
    maps = []
    for csv in (built_book / "_static" / "chart-data").glob("*.csv"):
        text = csv.read_text(encoding="utf-8")
        if "\nfeature,name,km2," in text:
            maps.append(text)
    assert maps, "no map CSV with a table of features"
    claimed = next(t for t in maps if "claimed by Russia, not held" in t)
    rows = list(csv_module.DictReader(line for line in claimed.splitlines() if not line.startswith("#")))
    area = next(r for r in rows if r["feature"] == "area" and r["name"] == "claimed by Russia, not held")
    # The CSV holds the model's area to 0.01 km²; the headline prints it to the nearest 10 km².
    assert float(area["km2"]) > 10_000 and area["km2"] != str(round(float(area["km2"])))
    headline = int(re.search(r"([\d,]+) km²", claimed.splitlines()[0]).group(1).replace(",", ""))
    assert abs(float(area["km2"]) - headline) <= 5
    assert any(r["name"] == "Zaporizhzhia" and float(r["lat"]) > 47 for r in rows)
