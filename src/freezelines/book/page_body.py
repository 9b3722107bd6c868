"""Changes to a page's body as Sphinx is about to write it, made on the parsed HTML
(:mod:`freezelines.book.html_tree`): attributes the theme or an extension writes that fail an
accessibility audit, and wide tables labelled so a phone can show each row as a card."""

from __future__ import annotations

from . import html_tree

CARD_COLUMNS = 3
"""Tables of at least this many columns become cards on a phone (see freezelines.css)."""

DROPPED_ATTRIBUTES = (
    # myst-nb's folded cells: the summary's aria-label hid its visible text ("Show code cell
    # source") from its accessible name (axe: label-content-name-mismatch).
    ("summary", "aria-label", "Toggle hidden content", None),
    # sphinxcontrib-bibtex's bibliography: role="list" without list items (axe: aria-required-children).
    ("div", "role", "list", "citation-list"),
    # docutils' citations: DPUB-ARIA 1.1 deprecated doc-biblioentry (axe and Lighthouse:
    # aria-deprecated-role, and the role is not allowed on a div).
    (None, "role", "doc-biblioentry", None),
)
"""(tag or any, attribute, its value, a class the element must have or None): attributes dropped."""


def _accessibility_edits(element: html_tree.Element) -> dict[str, str | None] | None:
    attrs = dict(element.attrs)
    for tag, name, value, needed_class in DROPPED_ATTRIBUTES:
        if tag in (None, element.tag) and attrs.get(name) == value:
            if needed_class is None or needed_class in element.classes():
                del attrs[name]
    return attrs if attrs != element.attrs else None


def _nearest(element: html_tree.Element, tag: str) -> html_tree.Element | None:
    return next((a for a in element.ancestors() if a.tag == tag), None)


def _card_edits(elements: list[html_tree.Element]) -> dict[int, dict[str, str | None]]:
    """New attributes (by element position) that turn each wide table into cards on a phone:
    ``class="cards"`` on the table and each body cell's column header as ``data-label``."""
    changes: dict[int, dict[str, str | None]] = {}
    rows_of: dict[int, list[html_tree.Element]] = {}
    for element in elements:
        if element.tag == "tr" and (table := _nearest(element, "table")) is not None:
            rows_of.setdefault(id(table), []).append(element)
    position = {id(e): i for i, e in enumerate(elements)}
    for table in (e for e in elements if e.tag == "table"):
        if "cards" in table.classes():
            continue
        rows = rows_of.get(id(table), [])
        head = [r for r in rows if _nearest(r, "thead") is not None and _nearest(r, "table") is table]
        if not head:
            continue
        labels = [cell.text() for cell in head[-1].children if cell.tag in ("th", "td")]
        if len(labels) < CARD_COLUMNS:
            continue
        attrs = dict(table.attrs)
        attrs["class"] = " ".join(["cards", *table.classes()])
        changes[position[id(table)]] = attrs
        for row in rows:
            if row in head:
                continue
            for index, cell in enumerate(c for c in row.children if c.tag in ("th", "td")):
                if cell.tag == "td":
                    changes[position[id(cell)]] = {
                        **changes.get(position[id(cell)], cell.attrs),
                        "data-label": labels[index] if index < len(labels) else "",
                    }
    return changes


def tidy_body(body: str) -> str:
    """``body`` with the accessibility fixes and the table cards applied."""
    elements = html_tree.parse(body)
    changes = _card_edits(elements)
    for index, element in enumerate(elements):
        fixed = _accessibility_edits(element)
        if fixed is not None:
            changes[index] = {
                **fixed,
                **{k: v for k, v in changes.get(index, {}).items() if k in ("class", "data-label")},
            }
    edits = [
        (elements[i].start, elements[i].start_end, html_tree.start_tag(elements[i], attrs))
        for i, attrs in changes.items()
    ]
    return html_tree.apply(body, edits)


def on_page_context(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    if context.get("body"):
        context["body"] = tidy_body(context["body"])
