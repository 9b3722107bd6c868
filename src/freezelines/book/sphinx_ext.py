"""The book's Sphinx extension (listed in ``_config.yml``): it only wires the modules that do the work.

* :mod:`~freezelines.book.mime_renderer`: notebook outputs and glued charts become page content
  (charts, the static explorer and deal panel) with each chart's CSV beside it
  (:mod:`~freezelines.book.chart_csv`); markup from :mod:`~freezelines.book.chart_markup` and
  :mod:`~freezelines.book.widget_markup` (Jinja2 templates in ``templates/``).
* :mod:`~freezelines.book.page_body`, :mod:`~freezelines.book.page_scripts`,
  :mod:`~freezelines.book.page_meta`: each page's body, scripts and description as it is written.
* :mod:`~freezelines.book.static_files`, :mod:`~freezelines.book.lighten`,
  :mod:`~freezelines.book.redirect`, :mod:`~freezelines.book.csp`: the finished site's served
  files, lighter pages, root redirect and Content-Security-Policy; :mod:`~freezelines.book.link_guard`:
  web links only; :mod:`~freezelines.book.figure_files`: the charts' figures as files beside the pages;
  :mod:`~freezelines.book.stale_files`: no figure, data or CSV file left over from an earlier build.
* :mod:`~freezelines.book.downloads`: each proposal's shapes and the deals table;
  :mod:`~freezelines.book.embeds`: a standalone page of each chart and widget for other sites.
"""

from __future__ import annotations

from . import (
    csp,
    data_as_of,
    downloads,
    embeds,
    figure_files,
    lighten,
    link_guard,
    mime_renderer,
    names,
    page_body,
    page_meta,
    page_scripts,
    page_styles,
    redirect,
    stale_files,
    static_files,
    widget_data,
)
from .chart_markup import chart_html, chart_id, share_html
from .mime_renderer import PlotlyMimeRenderer
from .names import BASE_PICTURE_FILE
from .widget_markup import deal_panel_html, explorer_html

__all__ = [
    "BASE_PICTURE_FILE",
    "PlotlyMimeRenderer",
    "chart_html",
    "chart_id",
    "deal_panel_html",
    "explorer_html",
    "setup",
    "share_html",
]
"""``PlotlyMimeRenderer`` is the ``myst_nb.mime_renderers`` entry point named in ``pyproject.toml``;
the rest are kept here for the tests and notebooks that import them from this module."""


def setup(app):  # noqa: ANN001
    app.add_css_file(names.BOOK_CSS)
    app.add_js_file(names.PRINT_JS, loading_method="defer")
    mime_renderer.add_nodes(app)
    app.add_post_transform(mime_renderer.GluedCharts.transform())
    app.connect("doctree-resolved", mime_renderer.resolve_static_paths)
    app.connect("doctree-resolved", link_guard.refuse_other_schemes)
    app.connect("html-page-context", page_body.on_page_context)
    app.connect("html-page-context", mime_renderer.write_chart_data)
    app.connect("html-page-context", widget_data.write_files)  # the widgets' data as files, out of the page
    app.connect("html-page-context", page_scripts.add_book_scripts)
    app.connect("html-page-context", page_meta.add_description)
    app.connect("html-page-context", data_as_of.add_to_footer)
    app.connect("html-page-context", page_scripts.tidy_scripts, priority=900)
    app.connect("html-page-context", page_styles.drop_unused_stylesheets, priority=900)
    app.connect("build-finished", static_files.copy_static)
    app.connect("build-finished", downloads.on_build_finished)
    app.connect("build-finished", redirect.index_redirect, priority=400)  # before sphinx-external-toc's (500)
    embeds.setup(app)  # each chart's and widget's embed page, and its "Embed" control's script
    app.connect("build-finished", figure_files.move_figures_out, priority=850)  # after the embeds (800)
    app.connect("build-finished", stale_files.on_build_finished, priority=860)  # once every page names its files
    app.connect("build-finished", lighten.lighten, priority=900)
    app.connect("build-finished", csp.on_build_finished, priority=950)  # last: it hashes the final pages
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
