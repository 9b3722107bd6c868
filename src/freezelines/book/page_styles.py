"""Which stylesheets a page loads: an extension's stylesheet that styles only some pages' content is
dropped from the pages that have none of that content. Every stylesheet in a page's head blocks its
first paint, so one the page does not use only delays it (Lighthouse counts each on a phone).

Kept where the page's body has what they style: sphinx-design's cards and grids (classes ``sd-*``),
sphinx-togglebutton's toggles (its selector, ``.toggle, .admonition.dropdown``, and the ``{toggle}``
directive's ``toggle-details``), sphinx-thebe's live cells (classes ``thebe*``: the book leaves
Thebe's launch button off), and the highlighted code that pygments colours and sphinx-copybutton
gives a copy button (``div.highlight``)."""

from __future__ import annotations

from . import html_tree


def _sphinx_design(classes: set[str]) -> bool:
    return any(name.startswith("sd-") for name in classes)


def _togglebutton(classes: set[str]) -> bool:
    return bool(classes & {"toggle", "toggle-details"}) or {"admonition", "dropdown"} <= classes


def _thebe(classes: set[str]) -> bool:
    return any(name.startswith("thebe") for name in classes)


def _highlighted_code(classes: set[str]) -> bool:
    return "highlight" in classes


USED_BY = {
    # a stylesheet (its file name under _static/): whether an element's classes are styled by it
    "sphinx-design.min.css": _sphinx_design,
    "togglebutton.css": _togglebutton,
    "sphinx-thebe.css": _thebe,
    "pygments.css": _highlighted_code,
    "copybutton.css": _highlighted_code,
}


def _name(stylesheet) -> str:  # noqa: ANN001
    return str(getattr(stylesheet, "filename", stylesheet) or "").split("?", 1)[0].rsplit("/", 1)[-1]


def unused_stylesheets(body: str) -> set[str]:
    """The stylesheets of :data:`USED_BY` that no element of ``body`` (a page's content) uses."""
    element_classes = [set(element.classes()) for element in html_tree.parse(body)]
    return {name for name, uses in USED_BY.items() if not any(uses(classes) for classes in element_classes)}


TOGGLEBUTTON_SELECTOR = ".toggle, .admonition.dropdown"
"""sphinx-togglebutton's default selector, which :func:`_togglebutton` reads: a book that sets another
(``togglebutton_selector``) keeps the stylesheet on every page."""


def drop_unused_stylesheets(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """A page's head without the stylesheets its content does not use (the page's list, which Sphinx
    restores before the next page)."""
    unused = unused_stylesheets(context.get("body", ""))
    if app is not None and getattr(app.config, "togglebutton_selector", TOGGLEBUTTON_SELECTOR) != TOGGLEBUTTON_SELECTOR:
        unused.discard("togglebutton.css")
    if "css_files" in context:
        context["css_files"][:] = [css for css in context["css_files"] if _name(css) not in unused]
