"""The book's Sphinx extension: Plotly JSON becomes a div plus inert JSON, pages are changed through a
parsed HTML tree (never regular expressions), each chart's CSV comes from its figure, and every page
carries a Content-Security-Policy."""

from __future__ import annotations

import base64
import csv
import fnmatch
import hashlib
import io
import json
import re
import tomllib
from pathlib import Path

import plotly.graph_objects as go
import pytest
import yaml

from conftest import ROOT
from freezelines.book import (
    chart_csv,
    csp,
    html_tree,
    lighten,
    mime_renderer,
    names,
    page_body,
    page_styles,
    sphinx_ext,
)
from freezelines.book.redirect import index_redirect
from freezelines.book.templates import inert_json


def test_chart_html_holds_the_figure_as_inert_json_and_cannot_be_broken_out_of():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="</script><script>alert(1)</script>"))
    fig.update_layout(title="Area <b>held</b> & lost")
    content = json.loads(fig.to_json())
    html = sphinx_ext.chart_html(content, "plotly-abc")
    assert html.count("</script>") == 1, "the payload closed its own script block"
    payload = re.search(r'<script type="application/json" data-for="plotly-abc">(.*)</script>', html).group(1)
    figure = json.loads(payload)
    assert figure["data"][0]["y"] == [3, 4]
    # The headline is an HTML caption above the chart, which names the chart for screen readers.
    assert '<p class="chart-headline" id="plotly-abc-headline">Area &lt;b&gt;held&lt;/b&gt; &amp; lost</p>' in html
    assert 'aria-labelledby="plotly-abc-headline"' in html
    assert "title" not in figure["layout"]
    assert "Plotly.newPlot" not in html and "animate" not in html
    assert f'href="{names.STATIC_TOKEN}/{names.CHART_DATA_DIR}/plotly-abc.csv" download>' in html


def test_a_built_page_s_figures_move_to_files_named_by_their_content_and_read_back_the_same(tmp_path):
    """The figures leave the built page for _static/chart-data (figure_files): the page keeps an empty
    block naming the file from its own folder, and every reader gets the same text back."""
    from freezelines.book import figure_files, html_tree

    site = tmp_path / "html"
    (site / "book").mkdir(parents=True)
    figure = sphinx_ext.chart_html({"data": [{"y": [3, 4], "name": "</script>"}], "layout": {}}, "plotly-abc")
    before = f"<html><body><p>Text</p>{figure}</body></html>"
    page = site / "book" / "chapter.html"
    page.write_text(before, encoding="utf-8")
    inline = figure_files.figure_blocks(html_tree.parse(before))[0]
    text = figure_files.figure_text(before, inline)
    root = site / "index.html"
    root.write_text(before, encoding="utf-8")

    assert figure_files.move_out(page, site) == figure_files.move_out(root, site) == 1
    after = page.read_text(encoding="utf-8")
    name = figure_files.hashed_name("plotly-abc", text)
    assert f'data-src="../_static/{names.CHART_DATA_DIR}/{name}"></script>' in after
    assert f'data-src="_static/{names.CHART_DATA_DIR}/{name}"></script>' in root.read_text(encoding="utf-8")
    assert after.replace(after[after.index("<script") : after.index("</script>")], "") == before.replace(
        before[before.index("<script") : before.index("</script>")], ""
    )  # nothing else in the page changed
    (block,) = figure_files.figure_blocks(html_tree.parse(after))
    assert figure_files.figure_text(after, block, page) == text
    assert json.loads(text)["data"][0]["y"] == [3, 4]
    assert figure_files.move_out(page, site) == 0  # moved once
    with pytest.raises(ValueError, match="plotly-abc"):
        figure_files.figure_text(after, block)  # a moved figure needs its page's path
    (site / "_static" / names.CHART_DATA_DIR / name).unlink()
    with pytest.raises(FileNotFoundError, match=name):
        figure_files.figure_text(after, block, page)


def test_a_second_build_into_the_same_folder_leaves_no_figure_data_or_csv_file_that_no_page_names(tmp_path):
    """stale_files: a changed figure or a new week of data is a new file; a build into an existing
    _build removes the earlier ones, and keeps every file a page, an embed page or a widget's core names
    (an address relative to its page, URL-encoded or not, with a query or a fragment)."""
    from freezelines.book import figure_files, stale_files, widget_data

    site = tmp_path / "html"
    (site / "book").mkdir(parents=True)
    (site / "embed").mkdir()
    page = site / "book" / "chapter.html"
    chart_data = site / "_static" / names.CHART_DATA_DIR

    def build(y):
        chart = sphinx_ext.chart_html({"data": [{"y": y}], "layout": {}}, "plotly-abc")
        page.write_text(
            f'<p>Text</p>{chart}<a href="../_static/{names.CHART_DATA_DIR}/plotly-abc.csv#t" download>CSV</a>'
        )
        figure_files.move_out(page, site)
        (name,) = (e.attrs["data-src"] for e in figure_files.figure_blocks(html_tree.parse(page.read_text())))
        return site / "book" / name

    first = build([1, 2])
    data = site / "_static" / widget_data.DATA_DIR
    data.mkdir(parents=True)
    part, core, old_core = (data / f"explorer-{k}-{'a' * 11}{i}.json" for i, k in enumerate(("x-2022", "core", "core")))
    part.write_text("[]")
    core.write_text(json.dumps({"parts": {"x-2022": part.name}}))
    old_core.write_text(json.dumps({"parts": {}}))
    encoded = core.name.replace("-", "%2D")
    (site / "embed" / "explorer.html").write_text(
        f'<div class="freezelines-explorer" data-src=" ../_static/{widget_data.DATA_DIR}/{encoded}?v=1 ">'
    )
    csv_file, old_csv = chart_data / "plotly-abc.csv", chart_data / "plotly-old.csv"
    csv_file.write_text("a\n")
    old_csv.write_text("a\n")
    assert [p.name for p in stale_files.prune(site)] == ["plotly-old.csv", old_core.name]  # no page names them

    second = build([1, 3])
    assert first.resolve() != second.resolve() and first.is_file()
    assert [p.name for p in stale_files.prune(site)] == [first.name]
    assert second.is_file() and core.is_file() and part.is_file() and csv_file.is_file()
    assert not first.exists() and not old_core.exists() and not old_csv.exists()
    assert stale_files.prune(site) == []


def test_chart_ids_are_deterministic_and_distinct_per_output():
    content = {"data": [{"y": [1]}], "layout": {}}
    assert sphinx_ext.chart_id(content, 3, 0) == sphinx_ext.chart_id(content, 3, 0)
    assert sphinx_ext.chart_id(content, 3, 0) != sphinx_ext.chart_id(content, 4, 0)


def test_renderer_takes_only_the_book_s_mime_types_and_carries_each_chart_s_csv():
    class Data:
        mime_type = "text/plain"
        content = "x"
        cell_index = output_index = 0

    assert sphinx_ext.PlotlyMimeRenderer.handle_mime(None, Data(), False) is None
    Data.mime_type = names.PLOTLY_MIME
    Data.content = {"data": [{"x": [1, 2], "y": [5.25, 6.5], "name": "a"}], "layout": {}}
    result = sphinx_ext.PlotlyMimeRenderer.handle_mime(None, Data(), False)
    assert names.CHART_CLASS in result[0].astext()
    (table,) = result[0].findall(mime_renderer.chart_data)
    element_id = sphinx_ext.chart_id(Data.content, 0, 0)
    assert table["file"] == f"{element_id}.csv" and "a,1,5.25" in table["csv"]


def test_glued_sections_render_each_chart_from_its_figure_with_its_csv():
    """A block of sections (the deals chapter's) keeps its HTML parts as they are and renders each chart
    as any chart: its markup between the parts, the link back after it, and its CSV from the figure."""
    from freezelines.viz.sections import SECTIONS_MIME, Sections, chart_part, html_part

    figure = go.Figure(go.Bar(x=["a", "b"], y=[1.25, 2.5], name="pieces"))
    block = Sections([html_part("<section><h4>First</h4>"), chart_part(figure, "one"), html_part("</section>")])
    content = block._repr_mimebundle_()[SECTIONS_MIME]
    result = mime_renderer.output_nodes(SECTIONS_MIME, content, "block", "book/page", '<p class="back">back</p>')
    markup = result[0].astext()
    chart = sphinx_ext.chart_id(content["parts"][1]["figure"], "block", "one")
    assert markup.startswith("<section><h4>First</h4>") and markup.endswith("</section>")
    assert markup.index(f'id="{chart}"') < markup.index('<p class="back">') < markup.index("</section>")
    (table,) = [node for node in result if isinstance(node, mime_renderer.chart_data)]
    assert table["file"] == f"{chart}.csv" and "pieces,b,2.5" in table["csv"]
    with pytest.raises(ValueError, match="part 1 of the sections is neither HTML nor a chart"):
        Sections([html_part("x"), {"figure": {}}])


def test_loader_script_never_autoplays_frames():
    script = (names.STATIC_DIR / names.LOADER_JS).read_text()
    assert "Plotly.newPlot" in script
    assert "Plotly.animate" not in script


def test_the_root_page_is_a_whole_redirect_page(tmp_path):
    from types import SimpleNamespace

    config = SimpleNamespace(
        root_doc="book/01-introduction",
        html_title="Freeze the Lines?",
        project="x",
        language="en",
        html_favicon="src/freezelines/book/_static/favicon.svg",
    )
    app = SimpleNamespace(outdir=str(tmp_path), config=config, builder=SimpleNamespace(format="html"))
    index_redirect(app, None)
    page = (tmp_path / "index.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert '<meta http-equiv="Refresh" content="0; url=book/01-introduction.html">' in page
    assert '<link rel="icon" href="_static/favicon.svg"' in page  # no request for /favicon.ico
    assert '<a href="book/01-introduction.html">Freeze the Lines?</a>' in page
    (tmp_path / "index.html").write_text("kept")
    index_redirect(app, None)
    assert (tmp_path / "index.html").read_text() == "kept"  # an index page of the book's own is left alone


def test_every_json_block_is_inert_whatever_text_it_carries():
    """A proposal's terms, a place name or a title with markup cannot end the block, open a comment
    that swallows the rest of the page, or start an element: <, > and & travel as JSON escapes."""
    hostile = {
        "terms": "<!--<script>",
        "place": "</script><img src=x onerror=alert(1)>",
        "title": "A & B \u2028 C",
    }
    inner = inert_json(hostile)
    assert not set("<>&") & set(inner) and "\u2028" not in inner
    assert json.loads(inner) == hostile
    figure = {"data": [{"name": "<!--<script>", "y": [1]}], "layout": {}}
    html = sphinx_ext.chart_html(figure, "plotly-x")
    assert "<!--" not in html and html.count("<script") == 1


def test_templates_and_browser_files_ship_as_package_data():
    """A non-editable install (pip install freezelines[book]) has every template and browser file."""
    patterns = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["freezelines"]
    package = ROOT / "src" / "freezelines"
    shipped = [*(package / "book" / "templates").iterdir(), *names.STATIC_DIR.iterdir()]
    assert len(shipped) > 10
    for path in shipped:
        relative = path.relative_to(package).as_posix()
        assert any(fnmatch.fnmatch(relative, p) for p in patterns), f"{relative} is not package data"


# Pages changed through the parsed tree ------------------------------------------------------------

WIDE_TABLE = (
    '<p>Before &amp; after</p>\n<table class="docutils">\n<thead>\n<tr><th></th><th>Proposal</th><th>Area (km²)</th></tr>\n'
    "</thead>\n<tbody>\n<tr><th>0</th><td>Istanbul</td><td>0</td></tr>\n<tr><th>1</th><td>Alaska <b>terms</b></td>"
    "<td>6,740</td></tr>\n</tbody>\n</table>\n"
)


def test_wide_tables_become_cards_labelled_by_their_column_and_the_rest_is_untouched():
    body = page_body.tidy_body(WIDE_TABLE)
    assert '<table class="cards docutils">' in body
    # Labels by column position: the index column's <th> counts (the first td is "Proposal").
    assert '<td data-label="Proposal">Istanbul</td><td data-label="Area (km²)">0</td>' in body
    assert '<td data-label="Proposal">Alaska <b>terms</b></td>' in body
    untouched = WIDE_TABLE.replace('<table class="docutils">', "").replace("<td>", "")
    assert body.replace('<table class="cards docutils">', "").replace("<td", "").count("Before &amp; after") == 1
    assert untouched.count("</td>") == body.count("</td>")
    assert page_body.tidy_body(body) == body, "a table already in cards is left alone"
    narrow = "<table><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>"
    assert page_body.tidy_body(narrow) == narrow


def test_attributes_that_fail_the_audit_are_dropped_and_nothing_else():
    body = (
        '<details><summary aria-label="Toggle hidden content">Show code cell source</summary></details>'
        '<div role="list" class="citation-list"><div class="citation" id="k" role="doc-biblioentry">x</div></div>'
        '<div role="list" class="other">y</div><summary aria-label="Other">z</summary>'
    )
    assert page_body.tidy_body(body) == (
        "<details><summary>Show code cell source</summary></details>"
        '<div class="citation-list"><div class="citation" id="k">x</div></div>'
        '<div role="list" class="other">y</div><summary aria-label="Other">z</summary>'
    )


def test_the_html_tree_knows_where_each_element_sits():
    text = '<p>a<script type="application/json">{"x":"\\u003c/p\\u003e"}</script><br>b</p>'
    elements = html_tree.parse(text)
    script = next(e for e in elements if e.tag == "script")
    assert text[script.start : script.start_end] == '<script type="application/json">'
    assert text[script.start_end : script.content_end] == '{"x":"\\u003c/p\\u003e"}'
    assert text[script.end :].startswith("<br>b</p>")
    assert html_tree.html_text("Seized, left to<br>Russia &amp; <b>kept</b>") == "Seized, left to Russia & kept"


def test_pages_drop_fontawesome_everywhere_and_the_search_index_off_the_search_page():
    page = (
        '<head>\n  <script defer src="../_static/scripts/fontawesome.js?digest=1"></script>\n'
        "  <script>DOCUMENTATION_OPTIONS.search_as_you_type = false;</script>\n"
        '  <script src="../_static/searchtools.js"></script>\n  <script src="../searchindex.js"></script>\n'
        '  <script src="../_static/doctools.js"></script>\n</head>'
    )
    lean = lighten.lean_page(page, is_search_page=False)
    assert "fontawesome" not in lean and "searchtools" not in lean and "searchindex" not in lean
    assert '<script src="../_static/doctools.js"></script>' in lean and "search_as_you_type" in lean
    kept = lighten.lean_page(page, is_search_page=True)
    assert "fontawesome" not in kept and "searchtools.js" in kept and "searchindex.js" in kept


def test_the_theme_css_loses_only_the_rules_of_icons_never_shown():
    css = (
        '.fa-bars:before{content:"\\f0c9"}.fa-bell:before,.fa-bell-o::before{content:"\\f0f3"}'
        ".fa-lg{font-size:1.25em}.fa-spin{animation:fa-spin 2s}"
        ".fa-sr-only,.sr-only{height:1px}#top .fa-bell{margin:0}"
        "@media (prefers-reduced-motion:reduce){.fa-spin{animation:none}}"
        "@keyframes fa-spin{0%{transform:rotate(0)}to{transform:rotate(1turn)}}"
        "\n/*# sourceMappingURL=theme.css.map */"
    )
    lean = lighten.without_unused_icons(css, {"fa-bars", "fa-lg"})
    assert lean == (
        '.fa-bars:before{content:"\\f0c9"}.fa-lg{font-size:1.25em}'
        ".fa-sr-only,.sr-only{height:1px}#top .fa-bell{margin:0}"
        "@keyframes fa-spin{0%{transform:rotate(0)}to{transform:rotate(1turn)}}\n"
    )
    # Nothing to cut: the file is left as it was, its source map with it.
    assert lighten.without_unused_icons('.fa-bars:before{content:"x"}', {"fa-bars"}) == '.fa-bars:before{content:"x"}'


def test_the_cut_theme_css_and_fonts_get_addresses_of_their_own_content(tmp_path):
    """A browser that cached the theme's whole stylesheet or fonts (or an older cut) fetches the new
    ones: their addresses change with their content (lighten.version_theme_css)."""
    site = tmp_path
    styles = site / "_static" / "styles"
    fonts = site / "_static" / "vendor" / "fontawesome" / "webfonts"
    styles.mkdir(parents=True)
    fonts.mkdir(parents=True)
    (fonts / "fa-solid-900.woff2").write_bytes(b"cut font")
    css = styles / "pydata-sphinx-theme.css"
    css.write_text(
        "@font-face{src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2) format('woff2'),"
        "url(../vendor/fontawesome/webfonts/fa-gone.ttf)}.a{color:red}",
        encoding="utf-8",
    )
    (site / "book").mkdir()
    page = site / "book" / "p.html"
    head = (
        '<link rel="stylesheet" href="../_static/styles/pydata-sphinx-theme.css?digest=theme0" />'
        '<link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=theme0" />'
    )
    page.write_text(f"<html><head>{head}</head><body><p>x</p></body></html>", encoding="utf-8")

    lighten.version_theme_css(site)
    font_hash = hashlib.sha256(b"cut font").hexdigest()[:20]
    text = css.read_text(encoding="utf-8")
    assert f"url(../vendor/fontawesome/webfonts/fa-solid-900.woff2?v={font_hash})" in text
    assert "url(../vendor/fontawesome/webfonts/fa-gone.ttf)" in text  # no such file: left as it was
    written = page.read_text(encoding="utf-8")
    assert f'pydata-sphinx-theme.css?digest={hashlib.sha256(css.read_bytes()).hexdigest()[:20]}"' in written
    assert "bootstrap.js?digest=theme0" in written  # the theme's own files keep the theme's digest
    lighten.version_theme_css(site)  # twice: the same addresses
    assert css.read_text(encoding="utf-8") == text and page.read_text(encoding="utf-8") == written


def test_a_page_keeps_only_the_extension_stylesheets_its_content_uses():
    from types import SimpleNamespace

    sheets = [
        "_static/styles/pydata-sphinx-theme.css",
        "_static/pygments.css",
        "_static/togglebutton.css",
        "_static/copybutton.css",
        "_static/mystnb.0123.css",
        "_static/sphinx-thebe.css",
        "_static/freezelines.css",
        "_static/sphinx-design.min.css",
    ]

    def kept(body):
        context = {"body": body, "css_files": [SimpleNamespace(filename=name) for name in sheets]}
        page_styles.drop_unused_stylesheets(None, "p", "page.html", context, None)
        return [css.filename.rsplit("/", 1)[-1] for css in context["css_files"]]

    always = ["pydata-sphinx-theme.css", "freezelines.css"]
    assert kept("<p>Text only, a <code>word</code></p>") == always
    assert kept('<p>A glued <span class="pasted-text">1,234</span></p>') == always  # its bold is in freezelines.css
    code = '<div class="highlight-python notranslate"><div class="highlight"><pre>x = 1</pre></div></div>'
    assert kept(code) == ["pydata-sphinx-theme.css", "pygments.css", "copybutton.css", "mystnb.0123.css", always[1]]
    cell = '<div class="cell docutils container"><div class="cell_output docutils container">1</div></div>'
    assert kept(cell) == ["pydata-sphinx-theme.css", "mystnb.0123.css", always[1]]
    cards = '<div class="sd-container-fluid"><div class="sd-card">a</div></div>'
    assert kept(cards) == [*always, "sphinx-design.min.css"]
    assert "togglebutton.css" in kept('<div class="admonition dropdown">a</div>')
    assert "togglebutton.css" in kept('<details class="toggle-details">a</details>')
    assert "togglebutton.css" not in kept('<div class="dropdown">a</div>')  # Bootstrap's, not a toggle
    assert "sphinx-thebe.css" in kept('<button class="thebe-launch-button">Run</button>')
    # A book with its own toggle selector keeps togglebutton's stylesheet (the rule reads the default's classes).
    own = SimpleNamespace(config=SimpleNamespace(togglebutton_selector=".my-toggle"))
    context = {"body": "<p>x</p>", "css_files": [SimpleNamespace(filename=name) for name in sheets]}
    page_styles.drop_unused_stylesheets(own, "p", "page.html", context, None)
    assert "_static/togglebutton.css" in [css.filename for css in context["css_files"]]
    default = SimpleNamespace(config=SimpleNamespace(togglebutton_selector=page_styles.TOGGLEBUTTON_SELECTOR))
    page_styles.drop_unused_stylesheets(default, "p", "page.html", context, None)
    assert "_static/togglebutton.css" not in [css.filename for css in context["css_files"]]


def test_a_page_keeps_only_the_extension_scripts_its_content_uses():
    from types import SimpleNamespace

    from freezelines.book import page_scripts

    scripts = [
        "_static/documentation_options.js",
        "_static/clipboard.min.js",
        "_static/copybutton.js",
        "_static/togglebutton.js",
        "_static/design-tabs.js",
        "_static/sphinx-thebe.js",
        "_static/scripts/pydata-sphinx-theme.js",
    ]

    def kept(body, selector=page_styles.TOGGLEBUTTON_SELECTOR):
        app = SimpleNamespace(config=SimpleNamespace(nb_ipywidgets_js={}, togglebutton_selector=selector))
        context = {"body": body, "script_files": [SimpleNamespace(filename=n, attributes={}) for n in scripts]}
        page_scripts.tidy_scripts(app, "p", "page.html", context, None)
        return [s.filename.rsplit("/", 1)[-1] for s in context["script_files"]]

    always = ["documentation_options.js", "pydata-sphinx-theme.js"]
    assert kept("<p>Text only</p>") == always
    code = '<div class="highlight-python notranslate"><div class="highlight"><pre>x = 1</pre></div></div>'
    assert kept(code) == [always[0], "clipboard.min.js", "copybutton.js", always[1]]
    assert kept('<details class="toggle-details">a</details>') == [always[0], "togglebutton.js", always[1]]
    assert kept('<div class="sd-tab-set docutils">a</div>') == [always[0], "design-tabs.js", always[1]]
    assert kept('<div class="sd-card">a</div>') == always  # cards need no script
    assert "togglebutton.js" in kept("<p>x</p>", selector=".my-toggle")  # a book's own toggle selector


def test_the_embed_pages_favicon_is_the_books():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    favicon = Path(config["html"]["favicon"])
    assert favicon.name == names.FAVICON and (ROOT / favicon) == names.STATIC_DIR / names.FAVICON


# Each chart's CSV, from its figure -----------------------------------------------------------------


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))


def test_a_chart_csv_names_its_columns_and_units_and_states_its_rounding():
    fig = go.Figure(
        [
            go.Scatter(x=["2022-11-17", "2026-08-21"], y=[107803.4, 116469.2], name="DeepStateMap"),
            go.Scatter(x=["2022-11-17"], y=[None], name="liveuamap (via NZZ)"),
        ]
    )
    fig.update_layout(yaxis_title="Area held (km²)", meta={"headline": "Held", "source": "DeepStateMap"})
    text = chart_csv.chart_csv(json.loads(fig.to_json()), "notebooks/x.html")
    lines = text.splitlines()
    assert lines[0] == "# Held" and lines[1] == "# Source: DeepStateMap (notebooks/x.html)"
    assert "to 1 decimal place (km²)" in lines[2] and "round areas to 10 km²" in lines[2]
    rows = _rows(text)
    assert rows[0] == ["tracker", "date", "area_held_km2"]
    assert rows[1:] == [
        ["DeepStateMap", "2022-11-17", "107803.4"],
        ["DeepStateMap", "2026-08-21", "116469.2"],
        ["liveuamap (via NZZ)", "2022-11-17", ""],
    ]


def test_a_bar_chart_csv_has_no_html_and_takes_its_unit_from_the_hover_template():
    fig = go.Figure(
        go.Bar(
            x=[0.0, 92420.0],
            y=["Ukraine at Istanbul<br>Mar 2022", "Russia<br>Jun 2024"],
            orientation="h",
            name="Seized since Feb 2022, left to<br>Russia",
            hovertemplate="%{y}: %{x:,.0f} km²<extra></extra>",
        )
    )
    fig.update_layout(xaxis_title="Land (km²)")
    rows = _rows(chart_csv.chart_csv(json.loads(fig.to_json())))
    assert rows[0] == ["series", "label", "land_km2"]
    assert rows[2] == ["Seized since Feb 2022, left to Russia", "Russia Jun 2024", "92420.0"]
    assert not any("<" in cell for row in rows for cell in row)


def test_a_map_csv_carries_its_table_of_areas_and_places():
    figure = {
        "data": [{"x": [30.0, 31.0], "y": [50.0, 51.0]}],
        "layout": {"meta": {"headline": "Map", "table": [["area", "held <i>by</i> Russia", 107803, "", "", ""]]}},
    }
    rows = _rows(chart_csv.chart_csv(figure))
    assert rows == [["feature", "name", "km2", "lon", "lat", "note"], ["area", "held by Russia", "107803", "", "", ""]]


# Content-Security-Policy ----------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8" />
<script>let toggleHintShow = 'Click to show';</script>
<script type="application/json" data-for="plotly-1">{"a":1}</script>
<script src="_static/x.js"></script>
</head><body>
<button onclick="window.print()"
  class="btn btn-sm btn-download-pdf-button dropdown-item" title="Print to PDF">PDF</button>
</body></html>
"""


def test_every_page_gets_a_policy_with_the_hash_of_each_inline_script():
    secured = csp.secure_page(PAGE, "page.html")
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', secured).group(1)
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    digest = base64.b64encode(hashlib.sha256(b"let toggleHintShow = 'Click to show';").digest()).decode()
    assert directives["script-src"] == f"'self' 'sha256-{digest}'", "one hash: the JSON block is not a script"
    assert directives["connect-src"] == "'self'" and directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert secured.index("Content-Security-Policy") < secured.index("<script")
    assert "onclick" not in secured and 'class="btn btn-sm btn-download-pdf-button dropdown-item"' in secured
    assert csp.secure_page(secured, "page.html") == secured, "a second pass writes the same policy once"


def test_an_inline_event_handler_other_than_the_print_button_stops_the_build():
    with pytest.raises(csp.InlineHandlerError, match=r"page\.html: <img> .*onerror"):
        csp.secure_page(PAGE.replace("</body>", '<img src="x" onerror="alert(1)"></body>'), "page.html")


def test_a_hover_template_s_placeholders_are_no_unit_and_only_residents_get_their_rounding():
    fig = go.Figure(
        go.Scatter(x=["2022-02-24", None, "2022-03-01"], y=[46871, None, 50000], hovertemplate="%{y:,}<extra></extra>")
    )
    fig.update_layout(yaxis_title="Soldiers")
    assert _rows(chart_csv.chart_csv(json.loads(fig.to_json())))[0] == ["date", "soldiers"], "%{y} is no percent"
    fig.update_layout(yaxis_title="Soldiers (persons)")
    text = chart_csv.chart_csv(json.loads(fig.to_json()))
    assert _rows(text)[0] == ["date", "soldiers_persons"]
    assert "round" not in text.splitlines()[2], "soldiers are not residents"
    fig.update_layout(yaxis_title="Residents (persons)")
    assert "round residents to the 1,000" in chart_csv.chart_csv(json.loads(fig.to_json())).splitlines()[2]
