"""Only web links in the pages: a link whose target has a scheme other than http(s) or mailto (a
``javascript:`` URL in a bibliography entry, say) is refused. Its text stays, the link goes, and a
warning names the page and the entry (a build with ``-W``, as the book's, stops there)."""

from __future__ import annotations

from urllib.parse import urlsplit

from docutils import nodes
from sphinx.util import logging

ALLOWED_SCHEMES = {"", "http", "https", "mailto"}
"""``""``: a link inside the book (relative, or an anchor)."""

logger = logging.getLogger(__name__)


def _entry(node: nodes.Node) -> str:
    """The bibliography entry or citation a link sits in, if any."""
    parent = node.parent
    while parent is not None:
        if isinstance(parent, (nodes.citation, nodes.footnote)) or "citation" in parent.get("classes", []):
            return " ".join(parent.astext().split())[:100]
        parent = parent.parent
    return ""


def refuse_other_schemes(app, doctree, docname) -> None:  # noqa: ANN001
    for node in list(doctree.findall(nodes.reference)):
        target = node.get("refuri", "")
        scheme = urlsplit(target.strip()).scheme.lower() if target else ""
        if scheme in ALLOWED_SCHEMES and "\n" not in target and "\t" not in target:
            continue
        entry = _entry(node)
        logger.warning(
            "%s: link to %r refused (only http(s) and mailto links are kept)%s",
            docname,
            target[:80],
            f" in the entry {entry!r}" if entry else "",
            location=node,
        )
        node.replace_self(nodes.inline("", "", *node.children))
