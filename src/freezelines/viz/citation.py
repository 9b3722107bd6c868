"""How the book is cited, for the pages' "Cite this view": read from ``CITATION.cff`` (title,
authors, version, date of release) and ``_config.yml`` (the book's short title), the two files
that already hold them, so a new version or a fork needs no change here.

The explorer and the deal panel carry these facts in their payload (``"book"``); their scripts
add the view's URL, the data's last day and the date the reader accessed it
(``freezelines-common.js``), in the form of the book's "How to cite" page.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import ROOT

HOW_TO_CITE = "book/how-to-cite.html"
"""The book's "How to cite" page, from the book's root (a view's citation points there for the data's sources)."""


def book_facts(root: Path = ROOT) -> dict:
    """``{"title", "short_title", "authors", "year", "version", "how_to_cite"}`` of the book, as its
    citation file gives them (the short title is the book's, in ``_config.yml``)."""
    import yaml

    path = root / "CITATION.cff"
    if not path.is_file():
        raise FileNotFoundError(f"{path} is missing: the book's citation is read from it")
    cff = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}
    missing = [k for k in ("title", "authors", "version", "date-released") if not cff.get(k)]
    if missing:
        raise ValueError(f"{path}: no {', '.join(missing)}")
    authors = [
        a.get("name") or " ".join(p for p in (a.get("given-names"), a.get("family-names")) if p) for a in cff["authors"]
    ]
    return {
        "title": str(cff["title"]),
        "short_title": str(config.get("title") or cff["title"]),
        "authors": authors,
        "year": str(cff["date-released"])[:4],
        "version": str(cff["version"]),
        "how_to_cite": HOW_TO_CITE,
    }
