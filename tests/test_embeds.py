"""Charts others can embed (issue 21, item 2): every chart, the explorer and the deal panel have a
small standalone page under ``embed/`` (freezelines.book.embeds) that another site shows in an
``<iframe>``: the headline, the chart drawn from its inert JSON, its source, its CSV and a link back
to its place in the book, under the pages' Content-Security-Policy, every address relative. Each
chart's "Embed" button gives the ``<iframe>`` HTML; an embed of a widget opens on the reader's view.

Fast: the build's embed pages read as files; one chart's embed page alone and inside a frame of
another local page; the "Embed" control on a chapter. Slow (``make test-slow``): every embed page
drawn and weighed, served with gzip, against the budget; the explorer's embed keeps its view.
"""

from __future__ import annotations

import functools
import html
import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from browser import built_pages, bytes_finished, record_requests, wait_quiet, watch
from conftest import HTML, ROOT
from freezelines.book import embeds, html_tree, names
from freezelines.book.figure_files import figures_of

sys.path.insert(0, str(ROOT / "tools"))
import bench  # noqa: E402  (tools/bench.py: the book served as GitHub Pages serves it, and weighed)

EMBEDS = HTML / embeds.EMBED_DIR
BUDGET_BYTES = 450_000
"""Each embed page on a first visit, served with gzip, its chart drawn (issue 21)."""
CHAPTER = "book/06-strength-at-the-table.html"
"""A chapter whose charts have "Embed" controls (the fast browser tests use its first)."""
DRAWN = """frame => {
  const svg = document.querySelector('div.freezelines-plotly svg.main-svg');
  return !!svg && [...document.querySelectorAll('div.freezelines-plotly svg path')]
    .filter(p => (p.getAttribute('d') || '').length > 10).length;
}"""
"""How many drawn paths the page's chart has (0 until plotly.js has drawn it)."""
SERIOUS = """async () => (await axe.run(document, {resultTypes: ['violations']})).violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""


@functools.cache
def _parse(path: Path) -> list[html_tree.Element]:
    return html_tree.parse(path.read_text(encoding="utf-8"))


def _resolves(page: Path, address: str) -> Path:
    """The built file a relative address on ``page`` names (its fragment dropped)."""
    assert address and not urlsplit(address).scheme and not address.startswith("/"), f"{page.name}: {address}"
    return (page.parent / unquote(address.split("#", 1)[0])).resolve()


def _expected_embeds(html_dir: Path) -> dict[str, str]:
    """Embed page name -> the book page of its chart or widget, read from the built pages."""
    widgets = {names.EXPLORER_CLASS, names.DEAL_CLASS}
    expected = {}
    for relative in built_pages(html_dir):
        for element in _parse(html_dir / relative):
            classes = set(element.classes())
            in_widget = any(widgets & set(a.classes()) for a in element.ancestors())
            if element.tag == "div" and (widgets & classes or (names.CHART_CLASS in classes and not in_widget)):
                assert element.attrs["id"] not in expected, f"{element.attrs['id']} on two pages"
                expected[f"{element.attrs['id']}.html"] = relative
    return expected


def chart_embed(html_dir: Path) -> str:
    """The embed page of the chapter's first chart (a chart with a headline)."""
    chart = next(e for e in _parse(html_dir / CHAPTER) if names.CHART_CLASS in e.classes())
    return f"{embeds.EMBED_DIR}/{chart.attrs['id']}.html"


# A widget's addresses, written anew from embed/ (no build) ------------------------------------------------


def widget_page(up: str) -> str:
    """A built page with one explorer whose addresses climb ``up`` to the site's root (its data file's, its
    chapter's), with its map's poster."""
    figure = {"data": [], "layout": {"images": [{"source": f"{up}_static/ukraine-borders.svg"}]}}
    return (
        f"<html><head><title>Explorer \u2014 Freeze the Lines?</title></head><body>"
        f'<div id="x" class="{names.EXPLORER_CLASS}" data-chart="x-map" '
        f'data-src="{up}_static/freezelines-data/explorer-core-0123456789ab.json" '
        f'data-chapter="{up}book/deals-on-the-table.html">'
        f'<picture><source srcset="{up}_static/previews/x-narrow.webp 700w, {up}_static/previews/x-wide.webp 1400w">'
        f'<img src="{up}_static/previews/x-wide.webp" alt="The map"></picture>'
        f'<div id="x-map" class="{names.CHART_CLASS}"><picture class="freezelines-poster">'
        f'<img src="{up}_static/previews/x-poster.webp" alt="The map"></picture></div>'
        f'<script type="application/json" data-for="x-map">{json.dumps(figure)}</script>'
        f'<p><a href="{up}_static/chart-data/x-map.csv" download>CSV</a> <a href="#x-map">the map</a> '
        f'<a href="https://example.org/a?b=1">out</a> <a href="mailto:a@example.org">mail</a></p>'
        f'<div class="fl-share"><a href="{up}book/how-to-cite.html">cite</a></div>'
        "</div></body></html>"
    )


def test_a_page_kept_from_an_earlier_build_gives_its_embed_the_figure_from_its_file(tmp_path):
    """Sphinx rewrites only the pages that changed: a kept page's figures are already files
    (figure_files), and its embed page reads them there, addresses written from embed/."""
    from freezelines.book import figure_files

    page = tmp_path / "notebooks" / "explorer.html"
    page.parent.mkdir()
    page.write_text(widget_page("../"), encoding="utf-8")
    assert figure_files.move_out(page, tmp_path) == 1
    kept = page.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="x-map"):
        embeds.embeds_of_page("notebooks/explorer.html", kept)  # a moved figure is read beside its page
    (embed,) = embeds.embeds_of_page("notebooks/explorer.html", kept, tmp_path)
    (block,) = figure_files.figure_blocks(html_tree.parse(embed.markup))
    assert figure_files.SOURCE_ATTRIBUTE not in block.attrs  # in the embed page until its own move
    figure = json.loads(figure_files.figure_text(embed.markup, block))
    assert figure["layout"]["images"][0]["source"] == "../_static/ukraine-borders.svg"


@pytest.mark.parametrize("where", ["explorer.html", "notebooks/explorer.html", "notebooks/live/explorer.html"])
def test_a_widgets_embed_page_names_the_same_files_from_a_page_at_any_depth(where):
    up = "../" * where.count("/")
    (embed,) = embeds.embeds_of_page(where, widget_page(up))
    markup = embed.markup
    elements = html_tree.parse(markup)
    addresses = [e.attrs[a] for e in elements for a in embeds.ADDRESS_ATTRIBUTES if e.attrs.get(a)]
    figure = json.loads(next(e for e in elements if e.attrs.get("data-for") == "x-map").texts[0])
    # From embed/, each address names the file the page's address named (the root's files, from one folder down).
    assert addresses == [
        "../_static/freezelines-data/explorer-core-0123456789ab.json",
        "../book/deals-on-the-table.html",
        "../_static/previews/x-narrow.webp 700w, ../_static/previews/x-wide.webp 1400w",
        "../_static/previews/x-wide.webp",
        "../_static/chart-data/x-map.csv",
        "#x-map",
        "https://example.org/a?b=1",
        "mailto:a@example.org",
    ]
    assert figure["layout"]["images"][0]["source"] == "../_static/ukraine-borders.svg"
    assert "fl-share" not in markup and "cite</a>" not in markup and "freezelines-poster" not in markup
    # The embed page itself links back to the widget's place and loads the shared scripts from embed/.
    written = embeds.embed_page(embed, "Freeze the Lines?")
    assert f'href="../{where}#x"' in written
    tags = [e for e in html_tree.parse(written) if e.tag == "script" and e.attrs.get("src")]
    assert [e.attrs["src"] for e in tags] == [
        f"../_static/{name}" for name in (names.LOADER_JS, names.DOM_JS, names.COMMON_JS, names.EXPLORER_JS)
    ]
    # The loader names the book's plotly.js from its own tag; the browser asks for no /favicon.ico.
    assert tags[0].attrs["data-plotly"] == names.PLOTLY_JS and all("data-plotly" not in e.attrs for e in tags[1:])
    assert '<link rel="icon" href="../_static/favicon.svg">' in written


# The build's embed pages, as files --------------------------------------------------------------------


def test_every_chart_and_widget_has_an_embed_page_that_links_back_to_its_place(built_book):
    expected = _expected_embeds(built_book)
    written = {p.name for p in EMBEDS.glob("*.html")}
    assert written == set(expected), (sorted(set(expected) - written), sorted(written - set(expected)))
    assert len(expected) >= 20 and sum(name.startswith("plotly-") for name in expected) == len(expected)
    for name, book_page in expected.items():
        page = EMBEDS / name
        elements = _parse(page)
        text = page.read_text(encoding="utf-8")
        # No theme: the book's own stylesheet and scripts only, every address relative and present.
        for element in elements:
            address = element.attrs.get("src") or (element.attrs.get("href") if element.tag == "link" else None)
            if address:
                assert _resolves(page, address).is_file(), f"{name}: {address}"
        assert "pydata-sphinx-theme" not in text and "bd-header" not in text, name
        # The same Content-Security-Policy as the pages, with no inline script to allow.
        policies = [e for e in elements if (e.attrs.get("http-equiv") or "").lower() == "content-security-policy"]
        assert len(policies) == 1, name
        policy = html.unescape(policies[0].attrs["content"])
        assert "script-src 'self';" in policy and "'unsafe-inline'" not in policy.split("style-src")[0], name
        assert not any(e.tag == "script" and not e.attrs.get("src") and not e.attrs.get("type") for e in elements)
        # Every link leaves the frame; the one back leads to this chart on its page.
        base = next(e for e in elements if e.tag == "base")
        assert base.attrs == {"target": "_top"}, name
        credit = next(e for e in elements if "fl-embed-credit" in e.classes())
        back = next(e for e in credit.children if e.tag == "a").attrs["href"]
        target = _resolves(page, back)
        assert target == (built_book / book_page).resolve(), (name, back)
        anchor = back.split("#", 1)[1]
        assert any(e.attrs.get("id") == anchor for e in _parse(target)), (name, back)
        chart_id = name.removesuffix(".html")
        # The chart itself: its figure as inert JSON, its CSV (written by the build), its source line.
        charts = [e for e in elements if names.CHART_CLASS in e.classes()]
        assert len(charts) == 1 and [e for e in elements if e.attrs.get("data-for") == charts[0].attrs["id"]], name
        csv = next(e for e in elements if e.tag == "a" and (e.attrs.get("href") or "").endswith(".csv"))
        assert _resolves(page, csv.attrs["href"]).is_file(), name
        source = next(e for e in elements if "fl-embed-source" in e.classes()).text()
        assert source.startswith("Source: ") and len(source) > 20, name
        if charts[0].attrs["id"] == chart_id:  # a chart (a widget's map has the widget's id and "-map")
            headline = next(e for e in elements if e.attrs.get("id") == f"{chart_id}-headline").text()
            title = next(e for e in elements if e.tag == "title").text()
            assert headline and title.startswith(headline), name
        else:
            assert any(e.attrs.get("id") == chart_id for e in elements), name
            assert not any({"fl-share", "fl-embed"} & set(e.classes()) for e in elements), name
        assert "FREEZELINES-STATIC" not in text and "http://" not in text.split("<main>")[0], name


def test_the_embed_control_names_the_page_the_build_wrote(built_book):
    """Every "Embed" control in the book points to an embed page that exists, of its own chart."""
    controls = 0
    for relative in built_pages(built_book):
        for element in _parse(built_book / relative):
            if "fl-embed" in element.classes():
                target = _resolves(built_book / relative, element.attrs["data-embed"])
                box = next(c for c in element.children if "fl-embed-box" in c.classes())
                assert target.is_file() and box.attrs["id"] == f"{target.stem}-embed", (relative, target)
                assert "hidden" in element.attrs and int(element.attrs["data-embed-height"]) >= 400
                controls += 1
    assert controls >= 20


# One chart's embed page in Chromium ------------------------------------------------------------------


def _no_trouble(state) -> None:
    assert state.errors == [] and state.outside == [] and state.not_found == [], (
        state.errors,
        state.outside,
        state.not_found,
    )


def test_a_chart_embed_page_draws_alone_and_inside_a_frame_with_no_error(page, site, built_book):
    relative = chart_embed(built_book)
    state = watch(page, site)
    state.open(relative)
    # In view, the chart draws itself (no test hook): paths in its SVG.
    page.wait_for_function(DRAWN, arg=None, timeout=20_000)
    assert page.evaluate(DRAWN, None) >= 3
    state.add_axe()
    assert page.evaluate(SERIOUS) == []
    _no_trouble(state)
    # Inside an <iframe> of another page (as a newspaper's article would hold it).
    host = f"{site}/__tests__/host.html"
    snippet = f'<iframe src="{site}/{relative}" title="An embedded chart" width="100%" height="640"></iframe>'
    page.route(
        host,
        lambda route: route.fulfill(
            content_type="text/html",
            body=f"<!DOCTYPE html><html lang='en'><head><title>Host</title></head><body><main><h1>An article</h1>"
            f"<p>Text.</p>{snippet}</main></body></html>",
        ),
    )
    page.goto(host, wait_until="load")
    frame = page.frame_locator("iframe")
    frame.locator("div.freezelines-plotly svg.main-svg").first.wait_for(state="attached", timeout=20_000)
    inner = next(f for f in page.frames if f.url.endswith(relative))
    inner.wait_for_function(DRAWN, arg=None, timeout=20_000)
    assert inner.evaluate(DRAWN, None) >= 3
    # Its link back opens the book at the top level, not inside the frame.
    back = frame.locator(".fl-embed-credit a")
    assert back.evaluate("a => a.target || document.querySelector('base').target") == "_top"
    _no_trouble(state)


def test_the_embed_button_gives_the_iframe_html_of_a_page_the_build_wrote(browser, site, built_book):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        state = watch(page, site)
        state.open(CHAPTER)
        control = page.locator(".fl-embed").first
        toggle = control.locator("button.fl-embed-toggle")
        toggle.wait_for(state="visible")
        assert toggle.evaluate("b => b.tagName") == "BUTTON" and toggle.get_attribute("aria-expanded") == "false"
        assert re.match(r"^Embed this chart", page.evaluate("b => b.textContent", toggle.element_handle()))
        toggle.focus()  # a keyboard reader: focus and Enter
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true"
        code = control.locator("textarea.fl-embed-code")
        code.wait_for(state="visible")
        assert control.locator("label.fl-embed-label").get_attribute("for") == code.get_attribute("id")
        snippet = code.input_value()
        found = re.fullmatch(
            r'<iframe src="([^"]+)" title="([^"]+)" width="100%" height="(\d+)"[^>]*></iframe>', snippet
        )
        assert found, snippet
        src, title = found.group(1), html.unescape(found.group(2))
        assert src.startswith(f"{site}/{embeds.EMBED_DIR}/plotly-") and "#" not in src, src
        assert (built_book / src.removeprefix(f"{site}/")).is_file()
        headline = page.locator("p.chart-headline").first.text_content().strip()
        assert title.startswith(headline)
        control.locator("button.fl-embed-copy").click()
        status = control.locator(".fl-embed-status")
        assert status.get_attribute("role") == "status"
        page.wait_for_function("s => s.textContent.includes('copied')", arg=status.element_handle())
        assert page.evaluate("() => navigator.clipboard.readText()") == snippet
        state.add_axe()
        assert page.evaluate(SERIOUS) == []
        page.emulate_media(media="print")  # on paper: no control
        assert control.is_hidden()
        _no_trouble(state)
    finally:
        context.close()


# Slow: every embed page, and a widget's view ----------------------------------------------------------


TABS = 4
"""Embed pages visited at once (each in its own fresh context: a first visit): the browser mostly waits on
plotly.js drawing, and another page renders meanwhile."""


def _first_visit(browser, served: str, relative: str):
    """An embed page opening alone in a fresh context (no cache: a first visit), watched, every request
    it makes recorded; returns (context, page, watch, its requests: started, finished, failed)."""
    context = browser.new_context()
    page = context.new_page()
    state = watch(page, served)
    requests = record_requests(page)
    state.open(relative, wait_until="commit")  # the page goes on loading while the others start
    return context, page, state, requests


def _visited(page, state, requests) -> dict:
    """A page started by ``_first_visit`` once its chart has drawn itself: drawn paths, bytes transferred
    with every chart drawn (headers and bodies, as encoded: tools/bench.py's ``transferred``), then axe's
    serious findings and the trouble seen."""
    page.wait_for_load_state("load")
    page.wait_for_function(DRAWN, arg=None, timeout=30_000)  # in view, the chart draws itself (no test hook)
    paths = page.evaluate(DRAWN, None)
    page.evaluate("() => window.freezelinesDrawAll()")
    wait_quiet(page, requests)  # every request answered, a started widget drawn
    weight = bytes_finished(requests)
    state.add_axe()  # after the weighing: axe is the test's, not the page's
    return {
        "paths": paths,
        "axe": page.evaluate(SERIOUS),
        "trouble": state.errors + state.outside + state.not_found,
        "bytes": weight,
    }


@pytest.fixture(scope="module")
def visits(browser, built_book) -> dict[str, dict]:
    """Every embed page opened alone on a first visit, served with gzip as GitHub Pages serves it
    (tools/bench.py), ``TABS`` at a time: relative path -> {"paths": drawn paths of its chart, "axe":
    serious findings, "trouble": errors, requests out, missing files, "bytes": transferred on that visit
    with its chart drawn}."""
    served, server = bench.serve(built_book)
    pending = [f"{embeds.EMBED_DIR}/{path.name}" for path in sorted(EMBEDS.glob("*.html"))]
    found, open_ = {}, {}
    try:
        while pending or open_:
            while pending and len(open_) < TABS:
                relative = pending.pop(0)
                open_[relative] = _first_visit(browser, served, relative)
            relative = next(iter(open_))
            context, page, state, requests = open_.pop(relative)
            found[relative] = _visited(page, state, requests)
            context.close()
    finally:
        for context, *_ in open_.values():
            context.close()
        server.shutdown()
    return found


@pytest.mark.slow
def test_every_embed_page_draws_its_chart_alone_with_no_error_and_passes_axe(visits):
    assert len(visits) >= 20
    assert {r: v["trouble"] for r, v in visits.items() if v["trouble"]} == {}
    assert {r: v["paths"] for r, v in visits.items() if v["paths"] < 3} == {}
    assert {r: v["axe"] for r, v in visits.items() if v["axe"]} == {}


def _is_widget(built_book: Path, relative: str) -> bool:
    return names.COMMON_JS in (built_book / relative).read_text(encoding="utf-8")


@pytest.mark.slow
def test_every_chart_embed_page_is_within_450_KB_on_a_first_visit(visits, built_book):
    """Every chart's embed page fits the budget beside the book's plotly.js bundle (about 345 KB of it,
    freezelines.book.static_files): the maps' coordinates travel as short decimals
    (freezelines.viz.maps.trace_coordinates), the borders as whole steps, the losses chart's days once
    (x0, dx) and its counts as steps (freezelines.book.integer_steps)."""
    charts = {r: v["bytes"] for r, v in visits.items() if not _is_widget(built_book, r)}
    maps = [r for r in charts if names.BASE_PICTURE_FILE in "".join(figures_of(built_book / r).values())]
    assert len(charts) >= 40 and len(maps) >= 10, (len(charts), len(maps))
    over = {r: size for r, size in charts.items() if size > BUDGET_BYTES}
    assert over == {}, over


VIEWS = {
    # a widget's class: views an embed snippet may carry (another tracker in another year, a preset
    # with a comparison, the panel on the essay's day): the data a view fetches count too
    names.EXPLORER_CLASS: (
        "#explorer=tracker:liveuamap;day:2023-06-01",
        "#explorer=tracker:deepstate;day:2022-06-14;compare:essay",
    ),
    names.DEAL_CLASS: ("#deal=day:essay",),
}


@pytest.mark.slow
def test_every_widget_embed_page_is_within_450_KB_on_a_first_visit(visits, browser, built_book):
    """Within budget as the Embed control gives it, opened on a view: the explorer's data come as a
    core and a tracker's weekly lines one year at a time (freezelines.book.widget_data)."""
    widgets = {r: v["bytes"] for r, v in visits.items() if _is_widget(built_book, r)}
    served, server = bench.serve(built_book)
    html_was, bench.HTML = bench.HTML, built_book
    try:
        for relative in list(widgets):
            text = (built_book / relative).read_text(encoding="utf-8")
            for view in next(v for cls, v in VIEWS.items() if f'class="{cls}"' in text):
                widgets[relative + view] = bench.transferred(browser, served, relative + view)
    finally:
        server.shutdown()
        bench.HTML = html_was
    assert len(widgets) == 5, widgets
    over = {r: size for r, size in widgets.items() if size > BUDGET_BYTES}
    assert over == {}, over


@pytest.mark.slow
def test_an_embed_of_a_widget_weighs_less_than_the_book_page_it_comes_from(visits, browser, built_book):
    """A widget's embed page carries that widget alone (not the page's other widget or its text)."""
    widgets = {r: v["bytes"] for r, v in visits.items() if _is_widget(built_book, r)}
    assert len(widgets) == 2
    served, server = bench.serve(built_book)
    html_was, bench.HTML = bench.HTML, built_book
    try:
        book_page = bench.transferred(browser, served, "notebooks/explorer.html")
    finally:
        server.shutdown()
        bench.HTML = html_was
    assert all(w < book_page for w in widgets.values()), (widgets, book_page)


@pytest.mark.slow
def test_an_embed_of_the_explorer_opens_on_the_readers_view(browser, site, built_book):
    context = browser.new_context()
    try:
        page = context.new_page()
        state = watch(page, site)
        state.open("notebooks/explorer.html")
        explorer = page.locator(".freezelines-explorer")
        page.evaluate("() => window.freezelinesDrawAll()")
        explorer.locator("button.fx-preset", has_text="the essay's date").click()
        page.wait_for_function("() => /explorer=/.test(location.hash)")
        # the address is written at the click, the view once its lines have come and a frame has drawn
        page.wait_for_function("el => !el.dataset.pending", arg=explorer.element_handle())
        chosen = explorer.locator("output.fx-date").text_content()
        assert chosen.startswith("17 November 2022"), chosen
        control = explorer.locator(".fl-embed")
        control.locator("button.fl-embed-toggle").click()
        snippet = control.locator("textarea.fl-embed-code").input_value()
        src = html.unescape(re.search(r'src="([^"]+)"', snippet).group(1))
        path, hash_ = src.split("#", 1)
        own = re.search(r"(?:^|&)(explorer=[^&]+)", page.evaluate("() => location.hash").removeprefix("#"))
        assert path.startswith(f"{site}/{embeds.EMBED_DIR}/") and own and hash_ == own.group(1), (src, page.url)
        embedded = context.new_page()
        inner = watch(embedded, site)
        embedded.goto(src, wait_until="load")
        embedded.wait_for_function(DRAWN, arg=None, timeout=30_000)
        embedded.wait_for_function(  # started, its data here and a view drawn (not only the map's poster state)
            "() => { const el = document.querySelector('.freezelines-explorer');"
            " return el.dataset.stepMs !== undefined && !el.dataset.pending; }",
            timeout=30_000,
        )
        assert embedded.locator("output.fx-date").text_content() == chosen
        assert embedded.locator(".fl-link-note").is_hidden()
        _no_trouble(state)
        _no_trouble(inner)
    finally:
        context.close()
