"""Where the book's figures become page content: the myst-nb mime renderer for a notebook's
outputs (registered through the ``myst_nb.mime_renderers`` entry point in ``pyproject.toml``), the
post-transform for charts glued onto other pages, and the chart-data node that carries each
chart's CSV (written from the figure at hand, :mod:`freezelines.book.chart_csv`) to the page
writer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes

from . import names
from .chart_csv import chart_csv
from .chart_markup import as_figure, chart_html, chart_id
from .templates import render
from .widget_markup import deal_panel_html, explorer_html


class chart_data(nodes.Invisible, nodes.Element):  # noqa: N801 (docutils names nodes in lower case)
    """A chart's CSV (attributes ``file`` and ``csv``), written beside the page; never rendered."""


Rendered = list[tuple[str, dict]]
"""The charts one output draws: (element id, figure as the notebook made it)."""


def _charts(mime: str, content: Any, element_id: str, extra_html: str = "") -> tuple[str, Rendered]:
    """The HTML of one output of a book mime type, and the charts in it; ``extra_html`` follows
    each chart of glued sections, or the output as a whole."""
    if mime == names.PLOTLY_MIME:
        figure = as_figure(content)
        return chart_html(figure, element_id) + extra_html, [(element_id, figure)]
    drawn: Rendered = []
    if mime == names.SECTIONS_MIME:
        return _sections_html(as_figure(content), element_id, drawn, extra_html), drawn
    make = explorer_html if mime == names.EXPLORER_MIME else deal_panel_html
    return make(content, element_id, drawn) + extra_html, drawn


def _sections_html(content: dict, element_id: str, drawn: Rendered, extra_html: str) -> str:
    """Glued sections (:class:`freezelines.viz.sections.Sections`): the HTML parts as they are,
    each chart rendered as any chart is (its id made from the block's and the chart's key)."""
    markup = []
    for part in content["parts"]:
        if "html" in part:
            markup.append(part["html"])
            continue
        chart = chart_id(part["figure"], element_id, part["key"])
        markup.append(chart_html(part["figure"], chart) + extra_html)
        drawn.append((chart, part["figure"]))
    return "".join(markup)


def output_nodes(mime: str, content: Any, element_id: str, docname: str, extra_html: str = "") -> list[nodes.Node]:
    """The raw HTML of one output, followed by one chart-data node per chart it draws."""
    markup, drawn = _charts(mime, content, element_id, extra_html)
    page_url = f"{docname}.html" if docname else ""
    result: list[nodes.Node] = [nodes.raw("", markup, format="html")]
    for chart, figure in drawn:
        result.append(chart_data(file=f"{chart}.csv", csv=chart_csv(figure, page_url)))
    return result


def _docname(renderer: Any) -> str:
    document = getattr(getattr(renderer, "renderer", None), "document", None)
    env = getattr(getattr(document, "settings", None), "env", None)
    return getattr(env, "docname", "") or ""


class PlotlyMimeRenderer:
    """myst-nb mime renderer plugin for Plotly's JSON output and the book's static explorer and deal panel."""

    mime_priority_overrides = [
        (builder, mime, 1) for builder in ("html", "dirhtml", "singlehtml") for mime in names.BOOK_MIMES
    ]

    @staticmethod
    def handle_mime(renderer, data, inline):  # noqa: ANN001 - myst-nb's protocol
        if data.mime_type not in names.BOOK_MIMES:
            return None
        element_id = chart_id(data.content, data.cell_index, data.output_index)
        result = output_nodes(data.mime_type, data.content, element_id, _docname(renderer))
        if inline:
            return result
        container = nodes.container(classes=["output", "plotly-chart"])
        container += result
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
                    mime = next((m for m in names.BOOK_MIMES if m in data), None)
                    if mime is None:
                        continue
                    element_id = chart_id(data[mime], node.refdoc, node.key)
                    container = nodes.container(classes=["output", "plotly-chart", "glued"])
                    container += output_nodes(
                        mime, data[mime], element_id, self.env.docname, self._computed_in(node.refdoc)
                    )
                    node.replace_self(container)

            def _computed_in(self, notebook: str) -> str:
                """A link from an essay page's chart to the notebook that computes it, which is the
                page a reader launches in Binder or Colab to run and change it."""
                if notebook == self.env.docname or notebook not in self.env.titles:
                    return ""
                uri = self.app.builder.get_relative_uri(self.env.docname, notebook)
                return render("computed_in.html", uri=uri, title=self.env.titles[notebook].astext())

        return ReplaceGluedCharts


def resolve_static_paths(app, doctree, docname) -> None:  # noqa: ANN001
    """Put the page's own path to ``_static`` where the rendered markup holds :data:`names.STATIC_TOKEN`."""
    if app.builder.format != "html":
        return
    from sphinx.util.osutil import relative_uri

    static = relative_uri(app.builder.get_target_uri(docname), "_static")
    for node in list(doctree.findall(nodes.raw)):
        text = node.astext()
        if names.STATIC_TOKEN in text and "html" in node.get("format", "").split():
            node.replace_self(nodes.raw("", text.replace(names.STATIC_TOKEN, static), format=node["format"]))


def write_chart_data(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """Write the CSV of every chart of a page into ``_static/chart-data``."""
    if doctree is None:
        return
    tables = list(doctree.findall(chart_data))
    if not tables:
        return
    folder = Path(app.outdir) / "_static" / names.CHART_DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        (folder / table["file"]).write_text(table["csv"], encoding="utf-8")


def _skip(self, node) -> None:  # noqa: ANN001
    raise nodes.SkipNode


def add_nodes(app) -> None:  # noqa: ANN001
    """Register the chart-data node with every writer, which skips it."""
    app.add_node(chart_data, **{writer: (_skip, None) for writer in ("html", "latex", "text", "man", "texinfo")})
