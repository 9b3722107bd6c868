"""Files of the charts and widgets that no page names any more, removed after the build.

A chart's figure (:mod:`freezelines.book.figure_files`) and a widget's data
(:mod:`freezelines.book.widget_data`) are files named by a hash of their content, and a chart's CSV
is named by its chart's id, itself a hash of the figure: a changed figure or a new week of data is
a new file. ``make book`` builds from clean, but a build into an existing ``_build``
(``jupyter-book build .``, as a fork's maintainer may run it) keeps every earlier version beside
the new one, and a site deployed from it serves them all. Once every page is written, a file of
those two folders (a content-named JSON file, or a CSV) that no page (book page or embed page)
names, and no widget's core names as one of its parts, is removed; the build's log says how many.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

from sphinx.util import logging

from . import html_tree, names
from .widget_data import DATA_DIR

CONTENT_NAMED = re.compile(r"-[0-9a-f]{12}\.json$|\.csv$")
"""The files :func:`prune` may remove: the names :func:`freezelines.book.figure_files.hashed_name`
gives, and the charts' CSVs."""
EXTERNAL = re.compile(r"^([a-z][a-z0-9+.-]*:|//)", re.IGNORECASE)
"""An address with a scheme (``https:``, ``data:``, ``mailto:``) or a host: not a file of the site."""
ADDRESS_ATTRIBUTES = ("src", "href", "data-src")
logger = logging.getLogger(__name__)


def folders(html_dir: Path) -> list[Path]:
    """The site's folders of the charts' figures and CSVs and of the widgets' data."""
    return [html_dir / "_static" / names.CHART_DATA_DIR, html_dir / "_static" / DATA_DIR]


def named_files(html_dir: Path) -> set[Path]:
    """Every file of the site that a page names (an address in ``src``, ``href`` or ``data-src``,
    relative to the page), and every part that a named widget core names."""
    named: set[Path] = set()
    for page in html_tree.site_pages(html_dir):
        for element in html_tree.parse(page.read_text(encoding="utf-8")):
            for attribute in ADDRESS_ATTRIBUTES:
                address = unquote((element.attrs.get(attribute) or "").strip().split("#")[0].split("?")[0])
                if address and not EXTERNAL.match(address):
                    base = html_dir if address.startswith("/") else page.parent
                    named.add((base / address.lstrip("/")).resolve())
    data = (html_dir / "_static" / DATA_DIR).resolve()
    for core in [path for path in named if path.parent == data and path.is_file()]:
        content = json.loads(core.read_text(encoding="utf-8"))
        if isinstance(content, dict):
            named.update(data / name for name in content.get("parts", {}).values())
    return named


def prune(html_dir: Path) -> list[Path]:
    """Remove the files of :func:`folders` that :data:`CONTENT_NAMED` matches and no page names; the
    files removed."""
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
        logger.info(f"freezelines: removed {len(stale)} figure, data or CSV file(s) no page names any more")
