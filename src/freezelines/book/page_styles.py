"""Which stylesheets a page loads: an extension's stylesheet that styles only some pages' content is
dropped from the pages that have none of that content. Every stylesheet in a page's head blocks its
first paint, so one the page does not use only delays it (Lighthouse counts each on a phone).

Kept where the page's body has what they style: sphinx-design's cards and grids (classes ``sd-*``),
sphinx-togglebutton's toggles (its selector, ``.toggle, .admonition.dropdown``, and the ``{toggle}``
directive's ``toggle-details``), sphinx-thebe's live cells (classes ``thebe*``: the book leaves
Thebe's launch button off), the highlighted code that pygments colours and sphinx-copybutton
gives a copy button (``div.highlight``), and myst-nb's code cells and their outputs (classes
``cell``, ``cell_output``, ``cell_input``, ``highlight``, and an image pasted inline): the chapters,
which only glue numbers and charts from the notebooks, go without it. Its one rule outside them, a
glued number in bold (``span.pasted-text``), is also in ``freezelines.css``, which every page loads."""

from __future__ import annotations

import re

from . import html_tree


def sphinx_design(classes: set[str]) -> bool:
    return any(name.startswith("sd-") for name in classes)


def togglebutton(classes: set[str]) -> bool:
    return bool(classes & {"toggle", "toggle-details"}) or {"admonition", "dropdown"} <= classes


def thebe(classes: set[str]) -> bool:
    return any(name.startswith("thebe") for name in classes)


def highlighted_code(classes: set[str]) -> bool:
    return "highlight" in classes


def notebook_cells(classes: set[str]) -> bool:
    return bool(classes & {"cell", "cell_output", "cell_input", "highlight", "pasted-inline"})


USED_BY = {
    # a stylesheet (its file name under _static/): whether an element's classes are styled by it
    "sphinx-design.min.css": sphinx_design,
    "togglebutton.css": togglebutton,
    "sphinx-thebe.css": thebe,
    "pygments.css": highlighted_code,
    "copybutton.css": highlighted_code,
    "mystnb.css": notebook_cells,  # named mystnb.<its content's hash>.css in the build
}


CONTENT_HASH = re.compile(r"\.[0-9a-f]{4,}(?=\.(?:css|js)$)")
"""The hash in a file's name (myst-nb's ``mystnb.<sha256>.css``)."""


def static_name(entry) -> str:  # noqa: ANN001
    """A stylesheet's or script's key in :data:`USED_BY` (or ``page_scripts.USED_BY``): its file name
    (from a tag's address or a Sphinx entry) without query or content hash."""
    name = str(getattr(entry, "filename", entry) or "").split("?", 1)[0].rsplit("/", 1)[-1]
    return CONTENT_HASH.sub("", name)


def unused_files(app, body: str, used_by: dict) -> set[str]:  # noqa: ANN001
    """The files of ``used_by`` (name -> whether an element's classes use it) that no element of
    ``body`` (a page's content) uses; a book with its own toggle selector keeps togglebutton's."""
    element_classes = [set(element.classes()) for element in html_tree.parse(body)]
    unused = {name for name, uses in used_by.items() if not any(uses(classes) for classes in element_classes)}
    if app is not None and getattr(app.config, "togglebutton_selector", TOGGLEBUTTON_SELECTOR) != TOGGLEBUTTON_SELECTOR:
        unused = {name for name in unused if used_by[name] is not togglebutton}
    return unused


TOGGLEBUTTON_SELECTOR = ".toggle, .admonition.dropdown"
"""sphinx-togglebutton's default selector, which :func:`togglebutton` reads: a book that sets another
(``togglebutton_selector``) keeps the stylesheet on every page."""


def drop_unused_stylesheets(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """A page's head without the stylesheets its content does not use (the page's list, which Sphinx
    restores before the next page)."""
    unused = unused_files(app, context.get("body", ""), USED_BY)
    if "css_files" in context:
        context["css_files"][:] = [css for css in context["css_files"] if static_name(css) not in unused]
