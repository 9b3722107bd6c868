"""Content-named files that no page names any more, removed after the build.

A chart's figure (:mod:`freezelines.book.figure_files`) and a widget's data
(:mod:`freezelines.book.widget_data`) are files named by a hash of their content, so a changed
figure or a new week of data is a new file. ``make book`` builds from clean, but a build into an
existing ``_build`` (``jupyter-book build .``, as a fork's maintainer may run it) keeps every
earlier version beside the new one, and a site deployed from it serves them all. Once every page
is written, a content-named file in those two folders that no page (book page or embed page)
names, and no widget's core names as one of its parts, is removed; the build's log says how many.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.util import logging

from . import html_tree, names
from .widget_data import DATA_DIR

CONTENT_NAMED = re.compile(r"-[0-9a-f]{12}\.json$")
"""The file names :func:`freezelines.book.figure_files.hashed_name` gives."""
ADDRESS_ATTRIBUTES = ("src", "href", "data-src")
logger = logging.getLogger(__name__)


def folders(html_dir: Path) -> list[Path]:
    """The site's folders of content-named files: the charts' figures and the widgets' data."""
    return [html_dir / "_static" / names.CHART_DATA_DIR, html_dir / "_static" / DATA_DIR]


def named_files(html_dir: Path) -> set[Path]:
    """Every file of the site that a page names (an address in ``src``, ``href`` or ``data-src``,
    relative to the page), and every part that a named widget core names."""
    named: set[Path] = set()
    for page in html_dir.rglob("*.html"):
        if "_static" in page.relative_to(html_dir).parts:
            continue
        for element in html_tree.parse(page.read_text(encoding="utf-8")):
            for attribute in ADDRESS_ATTRIBUTES:
                address = (element.attrs.get(attribute) or "").split("#")[0].split("?")[0]
                if address and not re.match(r"^[a-z][a-z0-9+.-]*:|^//", address):
                    named.add((page.parent / address).resolve())
    data = (html_dir / "_static" / DATA_DIR).resolve()
    for core in [path for path in named if path.parent == data and path.is_file()]:
        parts = json.loads(core.read_text(encoding="utf-8"))
        if isinstance(parts, dict):
            named.update(data / name for name in parts.get("parts", {}).values())
    return named


def prune(html_dir: Path) -> list[Path]:
    """Remove the content-named files of :func:`folders` that no page names; the files removed."""
    named = named_files(html_dir)
    stale = sorted(
        path
        for folder in folders(html_dir)
        if folder.is_dir()
        for path in folder.iterdir()
        if CONTENT_NAMED.search(path.name) and path.resolve() not in named
    )
    for path in stale:
        path.unlink()
    return stale


def on_build_finished(app, exception) -> None:  # noqa: ANN001
    """After the figures have moved out of the pages (and before the pages' policies are hashed)."""
    if exception is not None or app.builder.format != "html":
        return
    stale = prune(Path(app.outdir))
    if stale:
        logger.info(f"freezelines: removed {len(stale)} figure or data file(s) no page names any more")
