"""The book's Sphinx extension: Plotly JSON becomes a div plus inert JSON, nothing else."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go

from freezelines.book import sphinx_ext


def test_plotly_js_is_the_basic_bundle_of_the_installed_plotly_version():
    import plotly

    path = sphinx_ext.plotly_js_path()
    head = path.read_text(encoding="utf-8", errors="ignore")[:200]
    assert "basic" in head
    full = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:200]
    version = re.search(r"v(\d+\.\d+\.\d+)", head).group(1)
    assert f"plotly.js v{version}" in full
    # A partial bundle: a quarter of the full one's weight, or less.
    assert path.stat().st_size < 0.3 * (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").stat().st_size


def test_chart_html_holds_the_figure_as_inert_json_and_cannot_be_broken_out_of():
    fig = go.Figure(go.Scatter(x=[1, 2], y=[3, 4], name="</script><script>alert(1)</script>"))
    fig.update_layout(title="Area <b>held</b> & lost")
    content = json.loads(fig.to_json())
    html = sphinx_ext.chart_html(content, "plotly-abc")
    assert html.count("</script>") == 1, "the payload closed its own script block"
    payload = re.search(r'<script type="application/json" data-for="plotly-abc">(.*)</script>', html).group(1)
    figure = json.loads(payload.replace("<\\/", "</"))
    assert figure["data"][0]["y"] == [3, 4]
    # The headline is an HTML caption above the chart, which names the chart for screen readers.
    assert '<p class="chart-headline" id="plotly-abc-headline">Area &lt;b&gt;held&lt;/b&gt; &amp; lost</p>' in html
    assert 'aria-labelledby="plotly-abc-headline"' in html
    assert "title" not in figure["layout"]
    assert "Plotly.newPlot" not in html and "animate" not in html


def test_chart_ids_are_deterministic_and_distinct_per_output():
    content = {"data": [{"y": [1]}], "layout": {}}
    assert sphinx_ext.chart_id(content, 3, 0) == sphinx_ext.chart_id(content, 3, 0)
    assert sphinx_ext.chart_id(content, 3, 0) != sphinx_ext.chart_id(content, 4, 0)


def test_renderer_takes_only_plotly_output():
    class Data:
        mime_type = "text/plain"
        content = "x"
        cell_index = output_index = 0

    assert sphinx_ext.PlotlyMimeRenderer.handle_mime(None, Data(), False) is None
    Data.mime_type = sphinx_ext.PLOTLY_MIME
    Data.content = {"data": [], "layout": {}}
    nodes = sphinx_ext.PlotlyMimeRenderer.handle_mime(None, Data(), False)
    assert sphinx_ext.CHART_CLASS in nodes[0].astext()


def test_loader_script_never_autoplays_frames():
    script = (sphinx_ext.STATIC_DIR / sphinx_ext.LOADER_JS).read_text()
    assert "Plotly.newPlot" in script
    assert "Plotly.animate" not in script


def test_the_root_page_is_a_whole_redirect_page(tmp_path):
    from types import SimpleNamespace

    from freezelines.book.sphinx_ext import _index_redirect

    config = SimpleNamespace(
        root_doc="book/01-introduction",
        html_title="Freeze the Lines?",
        project="x",
        language="en",
        html_favicon="src/freezelines/book/_static/favicon.svg",
    )
    app = SimpleNamespace(outdir=str(tmp_path), config=config, builder=SimpleNamespace(format="html"))
    _index_redirect(app, None)
    page = (tmp_path / "index.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert '<meta http-equiv="Refresh" content="0; url=book/01-introduction.html">' in page
    assert '<link rel="icon" href="_static/favicon.svg"' in page  # no request for /favicon.ico
    assert '<a href="book/01-introduction.html">Freeze the Lines?</a>' in page
    (tmp_path / "index.html").write_text("kept")
    _index_redirect(app, None)
    assert (tmp_path / "index.html").read_text() == "kept"  # an index page of the book's own is left alone


def test_every_json_block_is_inert_whatever_text_it_carries():
    """A proposal's terms, a place name or a title with markup cannot end the block, open a comment
    that swallows the rest of the page, or start an element: <, > and & travel as JSON escapes."""
    hostile = {
        "terms": "<!--<script>",
        "place": "</script><img src=x onerror=alert(1)>",
        "title": "A & B \u2028 C",
    }
    block = sphinx_ext._json_block(hostile, 'class="fx-data"')
    inner = block.removeprefix('<script type="application/json" class="fx-data">').removesuffix("</script>")
    assert not set("<>&") & set(inner) and "\u2028" not in inner
    assert json.loads(inner) == hostile
    figure = {"data": [{"name": "<!--<script>", "y": [1]}], "layout": {}}
    html = sphinx_ext.chart_html(figure, "plotly-x")
    assert "<!--" not in html and html.count("<script") == 1
