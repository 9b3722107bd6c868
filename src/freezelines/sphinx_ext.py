"""The book's Sphinx extension: Plotly charts and vendor scripts, with no network request.

Plotly 6+ emits figures as ``application/vnd.plotly.v1+json``, a mime type that
myst-nb does not know. This module does two jobs:

* ``PlotlyMimeRenderer`` is a myst-nb mime renderer (registered through the
  ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``). It turns the
  figure's JSON into a ``<div>`` plus the JSON in a ``<script type="application/json">``
  block. No JavaScript is inlined.
* ``setup`` is a Sphinx extension (listed in ``_config.yml``). It copies
  ``plotly.min.js`` from the installed plotly package into the book's ``_static``
  folder and adds it, with the book's small loader ``freezelines-plotly.js``, to
  the pages that hold a chart, and only to those.

Figures are drawn with ``Plotly.newPlot``; frames are registered but never
played automatically.

The same extension copies the browser files the book serves itself from the npm
packages pinned in ``package.json`` (installed by ``make book``): require.js and
``@jupyter-widgets/html-manager`` for pages that embed widget state (myst-nb would
otherwise load them from CDNs; ``nb_ipywidgets_js`` in ``_config.yml`` points here).
"""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes

PLOTLY_MIME = "application/vnd.plotly.v1+json"
CHART_CLASS = "freezelines-plotly"
LOADER_JS = "freezelines-plotly.js"
PLOTLY_JS = "plotly.min.js"
STATIC_DIR = Path(__file__).parent / "_static"
NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"
VENDOR_FILES = {
    "vendor/require.js": "requirejs/require.js",
    "vendor/embed-amd.js": "@jupyter-widgets/html-manager/dist/embed-amd.js",
}


def plotly_js_path() -> Path:
    """The plotly.js bundle shipped inside the installed plotly package."""
    import plotly

    path = Path(plotly.__file__).parent / "package_data" / PLOTLY_JS
    if not path.is_file():
        raise FileNotFoundError(f"plotly.min.js not found in the plotly package at {path}")
    return path


def chart_id(content: Any, cell_index: int | None, output_index: int | None) -> str:
    """A deterministic element id for one chart output."""
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha1(f"{cell_index}:{output_index}:{payload}".encode()).hexdigest()
    return f"plotly-{digest[:12]}"


def figure_title(figure: dict) -> str:
    title = (figure.get("layout") or {}).get("title") or {}
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    return html.unescape(text.replace("<br>", " ")).strip()


def chart_html(content: Any, element_id: str) -> str:
    """The HTML for one chart: an empty div and its figure as inert JSON."""
    figure = json.loads(content) if isinstance(content, (str, bytes)) else content
    payload = json.dumps(figure, separators=(",", ":"), ensure_ascii=False)
    # Nothing inside a <script> block may close it.
    payload = payload.replace("</", "<\\/")
    label = figure_title(figure) or "Interactive chart"
    return (
        f'<div id="{element_id}" class="{CHART_CLASS}" role="figure" '
        f'aria-label="{html.escape(label, quote=True)}"></div>\n'
        f'<script type="application/json" data-for="{element_id}">{payload}</script>\n'
    )


class PlotlyMimeRenderer:
    """myst-nb mime renderer plugin for Plotly's JSON output."""

    mime_priority_overrides = [
        ("html", PLOTLY_MIME, 1),
        ("dirhtml", PLOTLY_MIME, 1),
        ("singlehtml", PLOTLY_MIME, 1),
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):  # noqa: ANN001 - myst-nb's protocol
        if data.mime_type != PLOTLY_MIME:
            return None
        element_id = chart_id(data.content, data.cell_index, data.output_index)
        raw = nodes.raw("", chart_html(data.content, element_id), format="html")
        if inline:
            return [raw]
        container = nodes.container(classes=["output", "plotly-chart"])
        container += raw
        return [container]


def _add_scripts(app, pagename, templatename, context, doctree):  # noqa: ANN001
    body = context.get("body", "")
    if CHART_CLASS in body:
        app.add_js_file(PLOTLY_JS, priority=500)
        app.add_js_file(LOADER_JS, priority=501)


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    # An inline script's filename is None or "" depending on who registered it.
    return (getattr(script, "filename", None) or "", tuple(sorted(attributes.items())))


def _dedupe_scripts(app, pagename, templatename, context, doctree):  # noqa: ANN001
    """Drop repeated identical script tags from a page.

    sphinx-thebe (pulled in by Jupyter Book) registers its inline configuration twice
    under Jupyter Book 1.0.4, so every page declared ``const THEBE_JS_URL`` twice and
    the browser raised "Identifier 'THEBE_JS_URL' has already been declared".
    """
    seen: set[tuple] = set()
    unique = []
    for script in context.get("script_files", []):
        key = _script_key(script)
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = unique


def _copy_static(app, exception):  # noqa: ANN001
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), static / PLOTLY_JS)
    shutil.copyfile(STATIC_DIR / LOADER_JS, static / LOADER_JS)
    for target, source in VENDOR_FILES.items():
        origin = NODE_MODULES / source
        if not origin.is_file():
            raise FileNotFoundError(
                f"{origin} is missing: run `npm ci` (make book does) to install the "
                "browser packages pinned in package.json"
            )
        (static / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, static / target)


def setup(app):  # noqa: ANN001
    app.connect("html-page-context", _add_scripts)
    app.connect("html-page-context", _dedupe_scripts, priority=900)
    app.connect("build-finished", _copy_static)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
