"""The charts' figures as files beside the pages (issue 21): a page's HTML holds its text, and each
chart's figure comes when the chart is drawn. A phone on a slow network paints a page once its
whole HTML and its stylesheets have arrived; the figures were two thirds of a chapter's HTML
(chapter 4: 33 of 47 KB gzip), and Lighthouse's mobile first paint fell from 2.0 to 1.7 s without
them.

Until the book is built, a chart's figure travels in its page as an inert JSON block
(``script[data-for=<chart id>]``, :mod:`freezelines.book.chart_markup`), where the link previews
and the embed pages read it. Once the embed pages are written, :func:`move_figures_out` writes each
block's text, unchanged, to ``_static/chart-data/<chart id>-<hash>.json`` (a new figure, a new name,
whatever a cache holds) and leaves the block empty, naming its file (``data-src``, from the page).
``freezelines-plotly.js`` fetches a figure when its chart comes near the viewport, and every figure
of the page once plotly.js is first needed, so that printing finds them all. A page opened from a
file (``file:``) gets no figure, as no browser fetches into it: its charts say to serve the book.
Addresses inside a figure (a map's borders picture) stay written from its page: a file serves that
page's charts only."""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import html_tree, names

SOURCE_ATTRIBUTE = "data-src"
"""On an emptied figure block: its file's address from the page."""


def hashed_name(stem: str, text: str) -> str:
    """``<stem>-<hash of text>.json``: a file named by its content (a new content, a new name, whatever
    a cache holds); the widgets' data files are named so too (:mod:`freezelines.book.widget_data`)."""
    return f"{stem}-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:12]}.json"


def figure_blocks(elements: list[html_tree.Element]) -> list[html_tree.Element]:
    """A page's figure blocks: ``<script type="application/json" data-for="...">``."""
    return [
        e
        for e in elements
        if e.tag == "script"
        and e.attrs.get("type") == "application/json"
        and e.attrs.get("data-for")
        and e.content_end is not None
    ]


def figure_text(text: str, block: html_tree.Element, page: Path | None = None) -> str:
    """The figure's JSON text of one block of the page ``text``: the block's own, or (once moved out)
    its file's, read beside ``page`` (the page's path); a moved block without ``page`` is an error."""
    address = block.attrs.get(SOURCE_ATTRIBUTE)
    if not address:
        return text[block.start_end : block.content_end]
    if page is None:
        raise ValueError(f"the figure of {block.attrs['data-for']!r} is in {address}: give the page's path")
    path = page.parent / address
    if not path.is_file():
        raise FileNotFoundError(
            f"{page}: the figure of {block.attrs['data-for']!r} names {address}, which is not there"
        )
    return path.read_text(encoding="utf-8")


def figures_of(page: Path) -> dict[str, str]:
    """Chart id -> figure's JSON text, for every chart of the built ``page`` (for tests and tools)."""
    text = page.read_text(encoding="utf-8")
    return {block.attrs["data-for"]: figure_text(text, block, page) for block in figure_blocks(html_tree.parse(text))}


def move_out(page: Path, html_dir: Path) -> int:
    """Write the figures of the built ``page`` (under ``html_dir``, the site) into the site's
    ``_static/chart-data`` and empty their blocks; the number moved."""
    text = page.read_text(encoding="utf-8")
    if "data-for=" not in text:
        return 0
    folder = html_dir / "_static" / names.CHART_DATA_DIR
    up = "../" * (len(page.relative_to(html_dir).parts) - 1)
    edits = []
    for block in figure_blocks(html_tree.parse(text)):
        if block.attrs.get(SOURCE_ATTRIBUTE):
            continue
        figure = text[block.start_end : block.content_end]
        name = hashed_name(block.attrs["data-for"], figure)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(figure, encoding="utf-8")
        attrs = {**block.attrs, SOURCE_ATTRIBUTE: f"{up}_static/{names.CHART_DATA_DIR}/{name}"}
        edits.append((block.start, block.end, html_tree.start_tag(block, attrs) + "</script>"))
    if edits:
        page.write_text(html_tree.apply(text, edits), encoding="utf-8")
    return len(edits)


def move_figures_out(app, exception) -> None:  # noqa: ANN001
    """After the build, once the embed pages and the link previews have read the figures: every page's
    figures into ``_static/chart-data``."""
    if exception is not None or app.builder.format != "html":
        return
    html_dir = Path(app.outdir)
    for page in html_tree.site_pages(html_dir):
        move_out(page, html_dir)
