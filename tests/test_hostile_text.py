"""Hostile text in the pages' data (issue 20, "Done when"): a proposal's terms, a place name and a
bibliography entry carrying ``<!--<script>``, ``</script>``, an ``<img onerror>``, U+2028 and a
``javascript:`` URL. A small Sphinx project in a tmp folder, built with the book's extension from
the built book's own explorer and deal-panel payloads (so the same renderer, templates, JSON blocks,
page changes and scripts as the real pages), is opened in Chromium: every data block parses, no
injected script runs, no link leads anywhere but http(s), and both widgets still work."""

from __future__ import annotations

import functools
import http.server
import io
import threading

import nbformat
import pytest

from browser import watch, widgets_started
from freezelines.book import names, widget_data
from freezelines.viz.explorer import DEALS_CHAPTER_URL

HOSTILE = '<!--<script> </script><img src=x onerror="window.__pwned=1"> \u2028 <script>window.__pwned=2</script>'
BIB = """@misc{hostile2026,
  author = {Mallory, Eve},
  title = {A title <!--<script> </script><img src=x onerror="window.__pwned=3"> end},
  year = {2026},
  url = {javascript:window.__pwned=4}
}
"""


def _payloads(built_book) -> dict[str, dict]:
    """The explorer's and the deal panel's payloads, each with its map, from the built book (the data
    files each widget fetches, merged as its script merges them), with the deals chapter's address
    that the page's markup carries rather than the data files."""
    return {
        mime: {
            **widget_data.payload_of(built_book, "notebooks/explorer.html", root),
            "deals_chapter": DEALS_CHAPTER_URL,
        }
        for mime, root in ((names.EXPLORER_MIME, names.EXPLORER_CLASS), (names.DEAL_MIME, names.DEAL_CLASS))
    }


def _poison(payloads: dict[str, dict]) -> None:
    explorer, deal = payloads[names.EXPLORER_MIME], payloads[names.DEAL_MIME]
    explorer["cities"][0][0] = "Kyiv " + HOSTILE  # a place name
    deal["cities"][0][0] = "Kharkiv " + HOSTILE
    proposal = deal["proposals"][0]  # a proposal's terms and its source
    proposal["name"] = "Terms " + HOSTILE
    proposal["sources"] = [{"key": "hostile2026", "text": "Source " + HOSTILE, "url": "javascript:window.__pwned=5"}]
    for preset in explorer["presets"]:
        if preset["source"] == "deal":
            preset["label"] = "Deal " + HOSTILE
            break


def _project(tmp_path, payloads):
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["myst_nb", "sphinxcontrib.bibtex", "freezelines.book.sphinx_ext"]\n'
        'bibtex_bibfiles = ["refs.bib"]\nnb_execution_mode = "off"\nproject = "Hostile"\n'
        'root_doc = "index"\nexclude_patterns = ["_build"]\n'
    )
    (source / "refs.bib").write_text(BIB)
    (source / "index.md").write_text(
        "# Hostile\n\nA source {cite:p}`hostile2026`, a [bad link](javascript:alert(1)).\n\n"
        "```{toctree}\nnotebooks/page\n```\n\n```{bibliography}\n```\n"
    )
    figure = {
        "data": [{"type": "scatter", "x": [1, 2], "y": [3, 4], "name": HOSTILE}],
        "layout": {"meta": {"headline": "Chart " + HOSTILE, "source": HOSTILE}},
    }
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_markdown_cell("# Widgets")]
    for mime, content in [(names.PLOTLY_MIME, figure), *payloads.items()]:
        cell = nbformat.v4.new_code_cell("pass")
        cell.outputs = [nbformat.v4.new_output("display_data", data={mime: content, "text/plain": "x"})]
        notebook.cells.append(cell)
    (source / "notebooks").mkdir()  # one folder deep, as the book's pages (and embeds/ beside them)
    nbformat.write(notebook, source / "notebooks" / "page.ipynb")
    return source


@pytest.mark.slow
def test_hostile_text_stays_text_and_the_widgets_still_work(built_book, tmp_path, page, monkeypatch):
    from sphinx.application import Sphinx

    from freezelines.book import downloads

    payloads = _payloads(built_book)
    _poison(payloads)
    source = _project(tmp_path, payloads)
    monkeypatch.setattr(downloads, "write", lambda outdir: [])  # the proposals' downloads: not this test's
    warnings = io.StringIO()
    out = tmp_path / "html"
    app = Sphinx(
        str(source),
        str(source),
        str(out),
        str(tmp_path / "doctrees"),
        "html",
        status=None,
        warning=warnings,
        freshenv=True,
    )
    app.build()
    assert "link to 'javascript:window.__pwned=4' refused" in warnings.getvalue() and "Mallory" in warnings.getvalue()

    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    site = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        embeds = sorted(f"embed/{p.name}" for p in (out / "embed").glob("*.html"))
        assert len(embeds) == 3, embeds  # the chart, the explorer and the deal panel, each on its own page
        for relative in ("index.html", "notebooks/page.html", *embeds):
            state = watch(page, site)
            page.goto(f"{site}/{relative}", wait_until="load")
            blocks = page.evaluate(
                """() => Promise.all([...document.querySelectorAll('script[type="application/json"]')].map(async s => {
                     try {  // a chart's figure is its block's text or the file it names (figure_files)
                       JSON.parse(s.dataset.src ? await (await fetch(s.dataset.src)).text() : s.textContent);
                       return 'ok';
                     } catch (e) { return String(e); } }))"""
            )
            assert set(blocks) <= {"ok"}, f"{relative}: {blocks}"
            # the three charts' figures (the widgets' data are files: widget_data)
            assert len(blocks) >= (3 if relative == "notebooks/page.html" else 0), blocks
            links = page.eval_on_selector_all(
                "a[href]", "els => els.map(a => a.protocol + ' ' + a.getAttribute('href'))"
            )
            assert all(link.split(" ")[0] in ("http:", "https:") for link in links), [
                link for link in links if not link.startswith("http")
            ]
            if relative == "notebooks/page.html":
                assert state.charts_ready() == 3
                widgets_started(page, "explorer", "deal")
                # The hostile proposal: choose it; its name is shown as text, the deal is drawn.
                page.select_option("select.fd-start", payloads[names.DEAL_MIME]["proposals"][0]["key"])
                page.wait_for_function("document.querySelector('.freezelines-deal .fd-result').innerText.length > 0")
                assert "Terms <!--<script>" in page.locator("select.fd-start").inner_text()
                preset = page.locator(".fx-preset", has_text="Deal <!--<script>")
                assert preset.count() == 1
                preset.evaluate("button => button.click()")  # alabaster lays the chart over it
                page.wait_for_function(
                    "document.querySelector('.freezelines-explorer .fx-panels').innerText.length > 0"
                )
                assert "Chart <!--<script>" in page.locator(".chart-headline").first.inner_text()
                links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.protocol)")
                assert set(links) <= {"http:", "https:"}, links
            assert page.evaluate("window.__pwned") is None, f"{relative}: an injected script ran"
            assert page.locator("img[src='x']").count() == 0
            assert state.outside == [], state.outside
    finally:
        server.shutdown()
