"""The book's Sphinx extension: Plotly charts and vendor scripts, with no network request.

Plotly 6+ emits figures as ``application/vnd.plotly.v1+json``, a mime type that
myst-nb does not know. This module does two jobs:

* ``PlotlyMimeRenderer`` is a myst-nb mime renderer (registered through the
  ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``). It turns the
  figure's JSON into a ``<div>`` plus the JSON in a ``<script type="application/json">``
  block. No JavaScript is inlined.
* ``setup`` is a Sphinx extension (listed in ``_config.yml``). It copies plotly.js's
  "basic" partial bundle (scatter and bar, the only trace types the book draws; npm
  package ``plotly.js-basic-dist-min``, the same plotly.js version as the plotly
  package) into the book's ``_static`` folder and adds the book's small loader
  ``freezelines-plotly.js`` to the pages that hold a chart, and only to those. The
  loader fetches plotly.js when a chart comes near the viewport: text first.

Each chart's headline (``layout.meta.headline``, see :mod:`freezelines.viz.style`) is an HTML
caption above it, wrapped by the browser at any width. Figures are drawn with
``Plotly.newPlot``; frames are registered but never played automatically.

Page weight: the theme's ``fontawesome.js`` (1.5 MB of JavaScript that swaps icons for
SVG) is dropped; the icons are drawn by the theme's own CSS from its icon fonts, which
the build cuts down to the glyphs the book uses (``_subset_icon_fonts``). Every page gets
a meta description (its first paragraph) and the book's favicon.

The same extension copies the browser files the book serves itself from the npm
packages pinned in ``package.json`` (installed by ``make book``): require.js and
``@jupyter-widgets/html-manager`` for pages that embed widget state (myst-nb would
otherwise load them from CDNs; ``nb_ipywidgets_js`` in ``_config.yml`` points here).
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes

from . import downloads

PLOTLY_MIME = "application/vnd.plotly.v1+json"
EXPLORER_MIME = "application/vnd.freezelines.explorer+json"
DEAL_MIME = "application/vnd.freezelines.deal+json"
CHART_CLASS = "freezelines-plotly"
EXPLORER_CLASS = "freezelines-explorer"
LOADER_JS = "freezelines-plotly.js"
EXPLORER_JS = "freezelines-explorer.js"
DEAL_CLASS = "freezelines-deal"
DEAL_JS = "freezelines-deal.js"
COMMON_JS = "freezelines-common.js"
"""What the explorer's and the deal panel's scripts share (loaded before them)."""
BOOK_CSS = "freezelines.css"
PLOTLY_JS = "plotly-basic.min.js"
PLOTLY_BUNDLE = "plotly.js-basic-dist-min/plotly-basic.min.js"
BASE_PICTURE_FILE = "ukraine-borders.svg"
STATIC_DIR = Path(__file__).parent / "_static"
NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
HTML_MANAGER_DIST = "@jupyter-widgets/html-manager/dist"
VENDOR_FILES = {
    "vendor/require.js": "requirejs/require.js",
    f"vendor/npm/{HTML_MANAGER_DIST}/embed-amd.js": f"{HTML_MANAGER_DIST}/embed-amd.js",
}
VENDOR_GLOBS = {
    # The widget manager's fonts.
    f"vendor/npm/{HTML_MANAGER_DIST}": (HTML_MANAGER_DIST, ("*.woff", "*.woff2", "*.ttf", "*.eot", "*.svg")),
}


def plotly_js_path() -> Path:
    """The partial plotly.js bundle (npm, pinned in package.json) of the plotly package's version."""
    import plotly

    path = NODE_MODULES / PLOTLY_BUNDLE
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` (make book does) to install package.json's pins")
    bundled = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:200]
    version = re.search(r"plotly\.js[^\n]*? v([0-9.]+)", path.read_text()[:200])
    if version is None or f"v{version.group(1)}" not in bundled:
        raise RuntimeError(
            f"{path} is not the plotly.js version of the plotly package: pin the matching version in package.json"
        )
    return path


def chart_id(content: Any, cell_index: int | str | None, output_index: int | str | None) -> str:
    """A deterministic element id for one chart output."""
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha1(f"{cell_index}:{output_index}:{payload}".encode()).hexdigest()
    return f"plotly-{digest[:12]}"


def figure_title(figure: dict) -> str:
    title = (figure.get("layout") or {}).get("title") or {}
    text = title.get("text", "") if isinstance(title, dict) else str(title)
    return html.unescape(text.replace("<br>", " ")).strip()


STATIC_TOKEN = "FREEZELINES-STATIC"
"""Stands for the page's path to ``_static`` until the page is written (see ``_add_scripts``)."""
CHART_DATA_DIR = "chart-data"


def _values(value) -> list | None:
    """A trace's x or y as a list: plain JSON lists, or Plotly's base64 typed arrays (``bdata``)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and "bdata" in value:
        import base64

        import numpy as np

        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        return [None if isinstance(v, float) and v != v else v for v in array.tolist()]
    return None


def chart_csv(figure: dict, page_url: str = "") -> str:
    """A chart's data as CSV: one row per point of every trace, after a few comment lines
    with the chart's title and sources. A map carries a table of what it shows instead (``layout.meta.table``)."""
    import csv
    import io

    layout = figure.get("layout") or {}
    meta = layout.get("meta") or {}
    source = meta.get("source") if isinstance(meta, dict) else None
    out = io.StringIO()
    headline = meta.get("headline") if isinstance(meta, dict) else None
    out.write(f"# {headline or figure_title(figure) or 'Chart'}\n")
    out.write(f"# Source: {source or 'see the caption under the chart'}{f' ({page_url})' if page_url else ''}\n")
    out.write("# From the book Freeze the Lines? (code MIT, text CC BY 4.0, data under each source's licence)\n")
    writer = csv.writer(out, lineterminator="\n")
    table = meta.get("table") if isinstance(meta, dict) else None
    if table:
        # A map: what it shows, by name (areas in km², places with coordinates), not polygon vertices.
        from ..viz.style import TABLE_COLUMNS

        writer.writerow(TABLE_COLUMNS)
        writer.writerows(table)
        return out.getvalue()
    writer.writerow(["series", "x", "y"])
    for index, trace in enumerate(figure.get("data") or []):
        name = trace.get("name") or f"trace {index + 1}"
        xs, ys = _values(trace.get("x")), _values(trace.get("y"))
        if xs is None or ys is None:
            continue
        for x, y in zip(xs, ys):
            writer.writerow([name, "" if x is None else x, "" if y is None else y])
    return out.getvalue()


def _reserved_height(figure: dict) -> str:
    """An inline style that keeps the chart's room before plotly.js arrives (no layout shift)."""
    layout = figure.get("layout") or {}
    meta = layout.get("meta") or {}
    if meta.get("aspect"):
        return f"aspect-ratio:1/{meta['aspect']:.3f}"
    return f"height:{int(layout.get('height') or 450)}px"


def chart_html(content: Any, element_id: str) -> str:
    """The HTML for one chart: its headline, an empty div, its figure as inert JSON, and a link to its data."""
    from ..viz.maps import BASE_PICTURE_NAME
    from ..viz.style import for_web

    figure = json.loads(content) if isinstance(content, (str, bytes)) else content
    headline, figure = for_web(figure)
    for image in (figure.get("layout") or {}).get("images") or []:
        if image.get("name") == BASE_PICTURE_NAME:
            # Every map's borders: one file the browser fetches once, not a copy in each figure.
            image["source"] = f"{STATIC_TOKEN}/{BASE_PICTURE_FILE}"
    payload = inert_json(figure)
    label = headline or "Interactive chart"
    caption = f'<p class="chart-headline" id="{element_id}-headline">{html.escape(headline)}</p>\n' if headline else ""
    described = (
        f' aria-labelledby="{element_id}-headline"' if headline else f' aria-label="{html.escape(label, quote=True)}"'
    )
    return (
        f"{caption}"
        f'<div id="{element_id}" class="{CHART_CLASS}" role="figure"{described} style="{_reserved_height(figure)}"></div>\n'
        f'<script type="application/json" data-for="{element_id}">{payload}</script>\n'
        f'<p class="chart-download"><a href="{STATIC_TOKEN}/{CHART_DATA_DIR}/{element_id}.csv" download>'
        f"Download the data of this chart (CSV)</a></p>\n"
    )


def inert_json(value: Any) -> str:
    """JSON that is inert inside a ``<script>`` block: ``<``, ``>`` and ``&`` written as JSON escapes,
    so no text (a proposal's terms, a place name, a title) can close the block, open a comment
    that swallows the page (``<!--<script>``) or start markup; U+2028/2029 escaped too."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escape in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escape)
    return text


def _json_block(value: Any, attributes: str) -> str:
    return f'<script type="application/json" {attributes}>{inert_json(value)}</script>'


def share_html(element_id: str) -> str:
    """A widget's "Copy link" and "Cite this view" controls, and where a link's adjusted view is
    noted; hidden until ``freezelines-common.js`` (which fills them with text only) starts them."""
    return (
        '<div class="fl-share" role="group" aria-label="Share or cite this view" hidden>'
        '<button type="button" class="fl-copy-link">Copy link</button>'
        f'<button type="button" class="fl-cite-toggle" aria-expanded="false" aria-controls="{element_id}-cite">'
        "Cite this view</button>"
        '<span class="fl-share-status" role="status" aria-live="polite"></span>'
        f'<div class="fl-citation" id="{element_id}-cite" hidden></div></div>\n'
    )


def explorer_html(content: Any, element_id: str) -> str:
    """The static explorer: native controls, the map (drawn by the Plotly loader), result panels,
    and its data as inert JSON; ``freezelines-explorer.js`` brings it to life.

    ``content`` is the full payload, or the notebook's marker (``{"every": 1}``): then the
    payload is computed here, at build time, so that the notebook costs nothing in a kernel."""
    from ..viz.explorer import static_content

    payload = static_content(content)
    figure = payload.pop("figure")
    default = payload["sources"][payload["default"]["source"]][payload["default"]["index"]]
    esc = html.escape
    sources = "".join(
        f'<option value="{esc(key)}"{" selected" if key == payload["default"]["source"] else ""}>{esc(payload["source_labels"][key])}</option>'
        for key in payload["sources"]
    )

    def buttons(deals: bool) -> str:
        return "".join(
            f'<button type="button" class="fx-preset" data-preset="{i}" aria-pressed="false">{esc(p["label"])}</button>'
            for i, p in enumerate(payload["presets"])
            if (p["source"] == "deal") == deals
        )

    presets = buttons(False)
    proposals = buttons(True)
    comparators = "".join(f'<option value="{esc(k)}">{esc(v)}</option>' for k, v in payload["comparators"].items())
    last = len(payload["sources"][payload["default"]["source"]]) - 1
    last_days: dict[str, list[str]] = {}
    for key, entries in payload["sources"].items():
        last_days.setdefault(entries[-1]["label"], []).append(payload["source_labels"][key])
    data_to = "Data to " + "; ".join(f"{day}: {' and '.join(names)}" for day, names in last_days.items())
    map_id = f"{element_id}-map"
    return f"""<div class="{EXPLORER_CLASS}" id="{element_id}" data-chart="{map_id}">
<p class="fl-link-note" hidden></p>
<div class="fx-controls" role="group" aria-label="Choose the line to freeze">
<p class="fx-row"><label for="{element_id}-source">Tracker</label>
<select id="{element_id}-source" class="fx-source">{sources}</select>
<label for="{element_id}-compare">Compare with</label>
<select id="{element_id}-compare" class="fx-compare"><option value="">nothing</option>{comparators}</select></p>
<div class="fx-presets" role="group" aria-label="Presets">{presets}</div>
<div class="fx-presets fx-deals" role="group" aria-labelledby="{element_id}-deals"><span class="fx-group-label" id="{element_id}-deals">Proposals, each drawn on the last usable map of its day:</span>{proposals}</div>
</div>
<div class="fx-slider fx-row" role="group" aria-label="The week whose line is frozen">
<label for="{element_id}-week">Freeze the line on</label>
<input type="range" id="{element_id}-week" class="fx-week" min="0" max="{last}" step="1" value="{last}" aria-valuetext="{esc(default["label"])}">
<output class="fx-date" for="{element_id}-week">{esc(default["label"])}</output>
</div>
<p class="fx-data-to">{esc(data_to)}</p>
<p class="fx-sentence" aria-live="polite">{esc(default["sentence"])}</p>
{chart_html(figure, map_id)}{share_html(element_id)}<div class="fx-panels"></div>
{_json_block(payload, 'class="fx-data"')}
</div>
"""


def deal_panel_html(content: Any, element_id: str) -> str:
    """The static "build your own deal" panel: a day menu, a proposal menu, one menu per oblast
    (written by ``freezelines-deal.js`` for the chosen day), the totals, the map and the pieces as
    inert JSON. ``content`` is the payload or the notebook's marker, computed here at build time."""
    from ..viz.deal_panel import static_content

    payload = static_content(content)
    figure = payload.pop("figure")
    esc = html.escape
    days = "".join(
        f'<option value="{esc(d["key"])}"{" selected" if d["key"] == payload["default"] else ""}>{esc(d["label"])}</option>'
        for d in payload["days"]
    )
    proposals = "".join(
        f'<option value="{esc(p["key"])}">{esc(p["name"])} ({esc(p["date"])})</option>' for p in payload["proposals"]
    )
    map_id = f"{element_id}-map"
    return f"""<div class="{DEAL_CLASS}" id="{element_id}" data-chart="{map_id}">
<p class="fl-link-note" hidden></p>
<div class="fd-controls" role="group" aria-label="Build your own deal">
<p class="fx-row"><label for="{element_id}-day">Line of</label>
<select id="{element_id}-day" class="fd-day">{days}</select></p>
<p class="fx-row"><label for="{element_id}-start">Start from</label>
<select id="{element_id}-start" class="fd-start"><option value="">the line as it stands</option>{proposals}</select></p>
<fieldset class="fd-oblasts"><legend>What the deal does in each oblast where Russian forces hold land</legend></fieldset>
</div>
<p class="fd-status" role="status"></p>
<div class="fd-result"></div>
{chart_html(figure, map_id)}{share_html(element_id)}{_json_block(payload, 'class="fd-data"')}
</div>
"""


RENDERERS = {PLOTLY_MIME: chart_html, EXPLORER_MIME: explorer_html, DEAL_MIME: deal_panel_html}
"""The book's mime types and the HTML each is rendered as."""


class PlotlyMimeRenderer:
    """myst-nb mime renderer plugin for Plotly's JSON output and the book's static explorer."""

    mime_priority_overrides = [
        (builder, mime, 1)
        for builder in ("html", "dirhtml", "singlehtml")
        for mime in (PLOTLY_MIME, EXPLORER_MIME, DEAL_MIME)
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):  # noqa: ANN001 - myst-nb's protocol
        if data.mime_type not in RENDERERS:
            return None
        element_id = chart_id(data.content, data.cell_index, data.output_index)
        make = RENDERERS[data.mime_type]
        raw = nodes.raw("", make(data.content, element_id), format="html")
        if inline:
            return [raw]
        container = nodes.container(classes=["output", "plotly-chart"])
        container += raw
        return [container]


class GluedCharts:
    """Carry glued Plotly charts (and the explorer) across pages.

    myst-nb's cross-document glue (``{glue:figure}`` on a page other than the notebook
    that glued it) only knows text, HTML and images; a Plotly figure would be dropped
    with a warning. This post-transform runs just before myst-nb's and renders those
    glue references with the same HTML as the mime renderer above.
    """

    @staticmethod
    def transform():
        from myst_nb.ext.glue.crossref import read_glue_cache
        from myst_nb.ext.glue.utils import PendingGlueReference
        from sphinx.transforms.post_transforms import SphinxPostTransform

        class ReplaceGluedCharts(SphinxPostTransform):
            default_priority = 4  # myst-nb's ReplacePendingGlueReferences is 5

            def apply(self, **kwargs):
                folder = self.env.mystnb_config.output_folder
                for node in list(self.document.findall(PendingGlueReference)):
                    output = read_glue_cache(folder, node.refdoc).get(node.key)
                    data = (output or {}).get("data", {})
                    for mime, make in RENDERERS.items():
                        if mime in data:
                            element_id = chart_id(data[mime], node.refdoc, node.key)
                            container = nodes.container(classes=["output", "plotly-chart", "glued"])
                            container += nodes.raw(
                                "", make(data[mime], element_id) + self._computed_in(node.refdoc), format="html"
                            )
                            node.replace_self(container)
                            break

            def _computed_in(self, notebook: str) -> str:
                """A link from an essay page's chart to the notebook that computes it, which is the
                page a reader launches in Binder or Colab to run and change it."""
                if notebook == self.env.docname or notebook not in self.env.titles:
                    return ""
                uri = self.app.builder.get_relative_uri(self.env.docname, notebook)
                title = html.escape(self.env.titles[notebook].astext())
                return (
                    f'<p class="chart-notebook">Computed in <a href="{uri}">{title}</a>: '
                    "open that page to run it in Binder or Colab (rocket button).</p>\n"
                )

        return ReplaceGluedCharts


CHART_JSON = re.compile(r'<script type="application/json" data-for="(plotly-[0-9a-f]+(?:-map)?)">(.*?)</script>', re.S)


def _write_chart_data(app, pagename: str, body: str) -> None:
    """Write the CSV of every chart of a page into ``_static/chart-data`` (produced by the build)."""
    folder = Path(app.outdir) / "_static" / CHART_DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    page_url = f"{pagename}.html"
    for element_id, payload in CHART_JSON.findall(body):
        figure = json.loads(payload.replace("<\\/", "</"))
        (folder / f"{element_id}.csv").write_text(chart_csv(figure, page_url), encoding="utf-8")


ACCESSIBILITY_FIXES = [
    # myst-nb's folded cells: the summary's aria-label hid its visible text ("Show code cell
    # source") from its accessible name (axe: label-content-name-mismatch).
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
    # sphinxcontrib-bibtex's bibliography: role="list" without list items (axe: aria-required-children).
    ('<div role="list" class="citation-list">', '<div class="citation-list">'),
    # docutils' citations: DPUB-ARIA 1.1 deprecated doc-biblioentry (axe and Lighthouse:
    # aria-deprecated-role, and the role is not allowed on a div).
    (' role="doc-biblioentry"', ""),
]


TABLE = re.compile(r"<table(?P<attrs>[^>]*)>(?P<inner>.*?)</table>", re.S)
CELL = re.compile(r"<t([hd])(?P<attrs>[^>]*)>(?P<inner>.*?)</t\1>", re.S)
CARD_COLUMNS = 3
"""Tables of at least this many columns become cards on a phone (see freezelines.css)."""


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _cards(body: str) -> str:
    """Label every body cell of a wide table with its column's header (``data-label``) and mark
    the table, so that on a phone each row can be shown as a card, nothing off the screen."""

    def table(match: re.Match) -> str:
        attrs, inner = match.group("attrs"), match.group("inner")
        if "<thead" not in inner or 'class="cards' in attrs:
            return match.group(0)
        head, rest = inner.split("</thead>", 1)
        labels = [_text(m.group("inner")) for m in CELL.finditer(head)]
        if len(labels) < CARD_COLUMNS:
            return match.group(0)
        rows = []
        for row in re.split(r"(?=<tr)", rest):
            column = iter(labels)
            rows.append(
                re.sub(r"<td(?=[ >])", lambda m: f'<td data-label="{html.escape(next(column, ""), quote=True)}"', row)  # noqa: B023 (used at once)
            )
        attrs = re.sub(r'class="', 'class="cards ', attrs, count=1) if 'class="' in attrs else attrs + ' class="cards"'
        return f"<table{attrs}>{head}</thead>{''.join(rows)}</table>"

    return TABLE.sub(table, body)


def _add_scripts(app, pagename, templatename, context, doctree):  # noqa: ANN001
    body = context.get("body", "")
    for before, after in ACCESSIBILITY_FIXES:
        body = body.replace(before, after)
    context["body"] = body = _cards(body)
    if STATIC_TOKEN in body:
        context["body"] = body = body.replace(STATIC_TOKEN, context["pathto"]("_static", 1))
        _write_chart_data(app, pagename, body)
    if CHART_CLASS in body:
        app.add_js_file(LOADER_JS, priority=501, loading_method="defer")
    if EXPLORER_CLASS in body or DEAL_CLASS in body:
        app.add_js_file(COMMON_JS, priority=501, loading_method="defer")
    if EXPLORER_CLASS in body:
        app.add_js_file(EXPLORER_JS, priority=502, loading_method="defer")
    if DEAL_CLASS in body:
        app.add_js_file(DEAL_JS, priority=503, loading_method="defer")
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title") or "")) or PAGE_TITLES.get(pagename, pagename)
    description = _description(doctree) or (
        f"{title}: {app.config.html_title or app.config.project}, an explorable book on Frederick W. Kagan's "
        "essay against talks with Russia (November 2022)."
    )
    if description:
        context["metatags"] = (
            context.get("metatags", "")
            + f'\n<meta name="description" content="{html.escape(description, quote=True)}" />'
        )


DESCRIPTION_LENGTH = 160
PAGE_TITLES = {"genindex": "Index", "search": "Search"}
"""Titles of the pages Sphinx writes without a document (and without a title in the context)."""


def _description(doctree) -> str:  # noqa: ANN001
    """A page's meta description: its first paragraph of prose, cut at a word near 160 characters."""
    if doctree is None:
        return ""
    for paragraph in doctree.findall(nodes.paragraph):
        if paragraph.next_node(nodes.raw) is not None:
            continue
        text = " ".join(paragraph.astext().split())
        if len(text) < 40:
            continue
        if len(text) > DESCRIPTION_LENGTH:
            text = text[: DESCRIPTION_LENGTH - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
        return text
    return ""


def _script_key(script) -> tuple:
    attributes = getattr(script, "attributes", {}) or {}
    # An inline script's filename is None or "" depending on who registered it.
    return (getattr(script, "filename", None) or "", tuple(sorted(attributes.items())))


WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE_MIME = "application/vnd.jupyter.widget-state+json"


BLOCKING_KEPT = {"_static/documentation_options.js", "_static/doctools.js", "_static/sphinx_highlight.js"}
"""Scripts that inline scripts of the page use at once (the search page's searchtools.js, from the
theme's template, calls doctools' ``_ready``): they stay render-blocking; all three are small."""


def _defer(script) -> None:
    """Let a theme or extension script wait for the page to be parsed (``defer``): the text is
    painted first. Deferred scripts still run in their order, before DOMContentLoaded."""
    filename = getattr(script, "filename", None) or ""
    attributes = getattr(script, "attributes", None)
    if not filename or attributes is None or filename in BLOCKING_KEPT or "://" in filename:
        return
    if attributes.get("type") not in (None, "text/javascript") or "async" in attributes or "defer" in attributes:
        return
    attributes["defer"] = "defer"


def _tidy_scripts(app, pagename, templatename, context, doctree):  # noqa: ANN001
    """Drop scripts a page does not need.

    * Repeated identical script tags: sphinx-thebe (pulled in by Jupyter Book) registers its
      inline configuration twice under Jupyter Book 1.0.4, so every page declared
      ``const THEBE_JS_URL`` twice and the browser raised "Identifier 'THEBE_JS_URL' has
      already been declared".
    * The widget manager and the widget state on a page that shows no widget: the live
      explorer's controls are removed from the static book (they need a kernel), but
      myst-nb would still load the manager, which then fetches fonts for nothing.
    """
    # Sphinx stores a page's scripts under _static/ (add_js_file takes them relative to it).
    widget_scripts = {f"_static/{path}" for path in getattr(app.config, "nb_ipywidgets_js", {}) or {}}
    shows_widgets = WIDGET_VIEW_MIME in context.get("body", "")
    seen: set[tuple] = set()
    kept = []
    for script in context.get("script_files", []):
        _defer(script)
        key = _script_key(script)
        attributes = getattr(script, "attributes", {}) or {}
        is_widget = (
            attributes.get("type") == WIDGET_STATE_MIME or (getattr(script, "filename", None) or "") in widget_scripts
        )
        if key in seen or (is_widget and not shows_widgets):
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept


def _copy_static(app, exception):  # noqa: ANN001
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), static / PLOTLY_JS)
    from urllib.parse import unquote

    from ..viz.maps import base_picture

    (static / BASE_PICTURE_FILE).write_text(unquote(base_picture().split(",", 1)[1]), encoding="utf-8")
    for name in (LOADER_JS, COMMON_JS, EXPLORER_JS, DEAL_JS, BOOK_CSS):
        shutil.copyfile(STATIC_DIR / name, static / name)
    for target, source in VENDOR_FILES.items():
        origin = NODE_MODULES / source
        if not origin.is_file():
            raise FileNotFoundError(
                f"{origin} is missing: run `npm ci` (make book does) to install the "
                "browser packages pinned in package.json"
            )
        (static / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(origin, static / target)
    for target, (folder, patterns) in VENDOR_GLOBS.items():
        (static / target).mkdir(parents=True, exist_ok=True)
        for pattern in patterns:
            for origin in sorted((NODE_MODULES / folder).glob(pattern)):
                shutil.copyfile(origin, static / target / origin.name)


THEME_FONTAWESOME_JS = re.compile(r'\s*<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>')
INLINE_SEARCH_JS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools|_static/language_data|searchindex)\.js"></script>'
)
"""The theme loads Sphinx's search index on every page for its search-as-you-type option, which
this book leaves off: the search page loads it itself."""
ICON_FONTS = "vendor/fontawesome/webfonts"
CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
GLYPH = re.compile(r'(?:content|--[\w-]+):\s*"(?:\\([0-9a-f]{4,5})|([\ue000-\uf8ff]))"')
ICON_CLASS = re.compile(r"\.(fa-[a-z0-9-]+):{1,2}before")


def _drop_unused_scripts(html_dir: Path) -> None:
    """Remove the theme's ``fontawesome.js`` from every page (its CSS and fonts draw the icons),
    and the search index from every page but the search page."""
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lean = THEME_FONTAWESOME_JS.sub("", text)
        if page.name != "search.html" and "DOCUMENTATION_OPTIONS.search_as_you_type = false" in lean:
            lean = INLINE_SEARCH_JS.sub("", lean)
        if lean != text:
            page.write_text(lean, encoding="utf-8")
    for leftover in (html_dir / "_static" / "scripts").glob("fontawesome.js*"):
        leftover.unlink()


def _used_glyphs(html_dir: Path) -> set[int]:
    """Code points of the icons the book can show: those of the ``fa-*`` classes its pages and
    scripts name, and every glyph the theme's CSS places by itself (admonitions, links, ...)."""
    names = set()
    # The pages and the scripts that can add icons to them (not vendor bundles of other pages' widgets).
    scripts = [*(html_dir / "_static").glob("*.js"), *(html_dir / "_static" / "scripts").glob("*.js")]
    for path in [*html_dir.rglob("*.html"), *scripts]:
        names |= set(re.findall(r"\bfa-[a-z0-9-]+", path.read_text(encoding="utf-8", errors="ignore")))
    glyphs = set()
    for css in (html_dir / "_static").rglob("*.css"):
        for selectors, body in CSS_RULE.findall(css.read_text(encoding="utf-8", errors="ignore")):
            points = {int(code, 16) if code else ord(char) for code, char in GLYPH.findall(body)}
            if not points:
                continue
            classes = ICON_CLASS.findall(selectors)
            if not classes or set(classes) & names:
                glyphs |= points
    return glyphs


def _subset_icon_fonts(html_dir: Path) -> None:
    """Cut the theme's icon fonts down to the glyphs the book uses (fontTools; woff2 stays woff2)."""
    from fontTools import subset

    folder = html_dir / "_static" / ICON_FONTS
    glyphs = _used_glyphs(html_dir)
    for font in sorted(folder.glob("*.woff2")) + sorted(folder.glob("*.ttf")):
        options = subset.Options()
        options.flavor = "woff2" if font.suffix == ".woff2" else None
        options.layout_features = ["*"]
        options.notdef_outline = True
        loaded = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(glyphs))
        subsetter.subset(loaded)
        subset.save_font(loaded, str(font), options)


def _lighten(app, exception):  # noqa: ANN001
    if exception is not None or app.builder.format != "html":
        return
    html_dir = Path(app.outdir)
    _drop_unused_scripts(html_dir)
    _subset_icon_fonts(html_dir)


def _index_redirect(app, exception) -> None:  # noqa: ANN001
    """The site's root page: a redirect to the first chapter, written as a whole HTML page (language,
    title, favicon and a link for readers whose browser does not follow it), before
    sphinx-external-toc would write a bare ``<meta>`` line (whose missing icon the browser then
    asks for as /favicon.ico, a 404 in the console)."""
    index = Path(app.outdir) / "index.html"
    root = app.config.root_doc
    if exception is not None or "html" not in app.builder.format or root == "index" or index.exists():
        return
    target = f"{root}.html"
    title = html.escape(app.config.html_title or app.config.project)
    index.write_text(
        "<!DOCTYPE html>\n"
        f'<html lang="{app.config.language or "en"}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{title}</title>\n"
        f'<meta http-equiv="Refresh" content="0; url={target}">\n'
        f'<link rel="icon" href="_static/{Path(app.config.html_favicon or "favicon.svg").name}" type="image/svg+xml">\n'
        f'<link rel="canonical" href="{target}">\n</head>\n'
        f'<body><p><a href="{target}">{title}</a></p></body>\n</html>\n',
        encoding="utf-8",
    )


def setup(app):  # noqa: ANN001
    app.add_css_file(BOOK_CSS)
    app.connect("build-finished", _lighten, priority=900)
    app.add_post_transform(GluedCharts.transform())
    app.connect("html-page-context", _add_scripts)
    app.connect("html-page-context", _tidy_scripts, priority=900)
    app.connect("build-finished", _copy_static)
    app.connect("build-finished", downloads.on_build_finished)
    app.connect("build-finished", _index_redirect, priority=400)  # before sphinx-external-toc's (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
