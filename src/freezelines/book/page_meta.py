"""A page's meta description: its first paragraph of prose, or a sentence naming the book."""

from __future__ import annotations

from docutils import nodes

from .html_tree import html_text
from .templates import render

DESCRIPTION_LENGTH = 160
PAGE_TITLES = {"genindex": "Index", "search": "Search"}
"""Titles of the pages Sphinx writes without a document (and without a title in the context)."""


def description(doctree) -> str:  # noqa: ANN001
    """A page's first paragraph of prose, cut at a word near 160 characters."""
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


def add_description(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    title = html_text(context.get("title") or "") or PAGE_TITLES.get(pagename, pagename)
    text = description(doctree) or (
        f"{title}: {app.config.html_title or app.config.project}, an explorable book on Frederick W. Kagan's "
        "essay against talks with Russia (November 2022)."
    )
    context["metatags"] = (
        context.get("metatags", "") + "\n" + render("meta_description.html", description=text).rstrip("\n")
    )
