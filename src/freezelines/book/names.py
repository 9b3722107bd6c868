"""The names the book's Sphinx extension and its browser files share: mime types, CSS classes,
the files it serves. Each is named here and only here (the explorer's and the deal panel's mime
types come from the figure layer that emits them)."""

from __future__ import annotations

from pathlib import Path

from ..viz.deal_panel import DEAL_MIME
from ..viz.explorer import EXPLORER_MIME
from ..viz.sections import SECTIONS_MIME

PLOTLY_MIME = "application/vnd.plotly.v1+json"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"
BOOK_MIMES = (PLOTLY_MIME, EXPLORER_MIME, DEAL_MIME, SECTIONS_MIME)
"""The mime types the book renders itself (see :mod:`freezelines.book.mime_renderer`)."""

CHART_CLASS = "freezelines-plotly"
EXPLORER_CLASS = "freezelines-explorer"
DEAL_CLASS = "freezelines-deal"

STATIC_DIR = Path(__file__).parent / "_static"
"""The browser files the book ships (package data)."""
LOADER_JS = "freezelines-plotly.js"
DOM_JS = "freezelines-dom.js"
"""The one helper that builds page elements (``FreezeLines.el``), for the widgets' and the "Embed" control's scripts."""
COMMON_JS = "freezelines-common.js"
"""What the explorer's and the deal panel's scripts share (loaded before them)."""
EXPLORER_JS = "freezelines-explorer.js"
DEAL_JS = "freezelines-deal.js"
PRINT_JS = "freezelines-print.js"
"""The theme's "Print to PDF" button, wired without an inline handler (see :mod:`freezelines.book.csp`)."""
BOOK_CSS = "freezelines.css"
BOOK_FILES = (LOADER_JS, DOM_JS, COMMON_JS, EXPLORER_JS, DEAL_JS, PRINT_JS, BOOK_CSS)
PLOTLY_JS = "plotly-book.min.js"
SCRIPT_ATTRIBUTES = {LOADER_JS: {"data-plotly": PLOTLY_JS}}
"""What a book script's tag carries beside ``src`` (on the book's pages and the embed pages): the loader
reads plotly.js's file name from its own tag, so the name is written here only."""
FAVICON = "favicon.svg"
BASE_PICTURE_FILE = "ukraine-borders.svg"
CHART_DATA_DIR = "chart-data"
"""Under the site's ``_static``: one ``<chart id>.csv`` per chart, and each chart's figure
(``<chart id>-<hash>.json``, :mod:`freezelines.book.figure_files`)."""

STATIC_TOKEN = "FREEZELINES-STATIC"
"""Stands for the page's path to ``_static`` in rendered markup until the page is written
(:func:`freezelines.book.mime_renderer.resolve_static_paths`)."""
