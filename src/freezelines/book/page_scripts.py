"""Which scripts a page loads: the book's own only on the pages that show a chart, the explorer or
the deal panel; an extension's only on the pages whose content it acts on (as its stylesheet,
:mod:`freezelines.book.page_styles`); the theme's and extensions' deferred so the text is painted
first; repeated tags and the widget manager on pages without a widget dropped."""

from __future__ import annotations

from . import names
from .page_styles import highlighted_code, static_name, thebe, togglebutton, unused_files

BLOCKING_KEPT = {"_static/documentation_options.js", "_static/doctools.js", "_static/sphinx_highlight.js"}
"""Scripts that inline scripts of the page use at once (the search page's searchtools.js, from the
theme's template, calls doctools' ``_ready``): they stay render-blocking; all three are small."""

BOOK_SCRIPTS = (
    # (a class the page's body shows, the script, its priority: the order they run in)
    ((names.CHART_CLASS,), names.LOADER_JS, 501),
    ((names.CHART_CLASS,), names.DOM_JS, 501),  # before common.js and embeds.EMBED_JS, which use it
    ((names.EXPLORER_CLASS, names.DEAL_CLASS), names.COMMON_JS, 501),
    ((names.EXPLORER_CLASS,), names.EXPLORER_JS, 502),
    ((names.DEAL_CLASS,), names.DEAL_JS, 503),
)


def _design_tabs(classes: set[str]) -> bool:
    return "sd-tab-set" in classes


USED_BY = {
    # an extension's script (its file name under _static/): whether an element's classes are its work
    "clipboard.min.js": highlighted_code,  # sphinx-copybutton's, for its copy buttons
    "copybutton.js": highlighted_code,
    "togglebutton.js": togglebutton,
    "design-tabs.js": _design_tabs,  # sphinx-design's tab sets (its cards need no script)
    "sphinx-thebe.js": thebe,
}


def add_book_scripts(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    body = context.get("body", "")
    for classes, script, priority in BOOK_SCRIPTS:
        if any(name in body for name in classes):
            app.add_js_file(
                script, priority=priority, loading_method="defer", **names.SCRIPT_ATTRIBUTES.get(script, {})
            )


def _script_key(script) -> tuple:  # noqa: ANN001
    attributes = getattr(script, "attributes", {}) or {}
    # An inline script's filename is None or "" depending on who registered it.
    return (getattr(script, "filename", None) or "", tuple(sorted(attributes.items())))


def _defer(script) -> None:  # noqa: ANN001
    """Let a theme or extension script wait for the page to be parsed (``defer``): the text is
    painted first. Deferred scripts still run in their order, before DOMContentLoaded."""
    filename = getattr(script, "filename", None) or ""
    attributes = getattr(script, "attributes", None)
    if not filename or attributes is None or filename in BLOCKING_KEPT or "://" in filename:
        return
    if attributes.get("type") not in (None, "text/javascript") or "async" in attributes or "defer" in attributes:
        return
    attributes["defer"] = "defer"


def tidy_scripts(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """Drop scripts a page does not need.

    * Repeated identical script tags: sphinx-thebe (pulled in by Jupyter Book) registers its
      inline configuration twice under Jupyter Book 1.0.4, so every page declared
      ``const THEBE_JS_URL`` twice and the browser raised "Identifier 'THEBE_JS_URL' has
      already been declared".
    * The widget manager and the widget state on a page that shows no widget: the live
      explorer's controls are removed from the static book (they need a kernel), but
      myst-nb would still load the manager, which then fetches fonts for nothing.
    * An extension's script (:data:`USED_BY`) on a page without what it acts on: copy buttons
      without code, toggles without toggles, tab sets and live code (Thebe is off) nowhere. A
      phone then parses and runs less after the page's first paint.
    """
    # Sphinx stores a page's scripts under _static/ (add_js_file takes them relative to it).
    widget_scripts = {f"_static/{path}" for path in getattr(app.config, "nb_ipywidgets_js", {}) or {}}
    shows_widgets = names.WIDGET_VIEW_MIME in context.get("body", "")
    unused = unused_files(app, context.get("body", ""), USED_BY)
    seen: set[tuple] = set()
    kept = []
    for script in context.get("script_files", []):
        _defer(script)
        key = _script_key(script)
        attributes = getattr(script, "attributes", {}) or {}
        is_widget = (
            attributes.get("type") == names.WIDGET_STATE_MIME
            or (getattr(script, "filename", None) or "") in widget_scripts
        )
        if key in seen or (is_widget and not shows_widgets) or static_name(script) in unused:
            continue
        seen.add(key)
        kept.append(script)
    context["script_files"] = kept
