"""Charts others can embed (issue 21): after the build, one small standalone page per chart, and one
for the explorer and one for the deal panel, under ``embed/`` (:file:`templates/embed.html`): the
headline, the chart drawn by ``freezelines-plotly.js`` from its figure as on the book's pages, its
source, the CSV link and a link back to its place in the book (``target="_top"``, as every link of
an embed page: it leaves the frame), without the theme. The pages are read from the built book with
:mod:`freezelines.book.html_tree`, so that every chart there has its page, wherever its markup came
from; each page's Content-Security-Policy is written by :mod:`freezelines.book.csp` after this.
Every address is relative (the book is served from a sub-path).

Each chart's "Embed" control (:func:`freezelines.book.chart_markup.embed_control_html`) is started by
``freezelines-embed.js``, loaded on the pages that show one; a widget's embed carries its view."""

from __future__ import annotations

import json
import posixpath
import shutil
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from markupsafe import Markup

from . import html_tree, names
from .figure_files import SOURCE_ATTRIBUTE, figure_blocks, figure_text
from .previews import POSTER_CLASS
from .templates import inert_json, render

EMBED_DIR = "embed"
"""Under the site's root: one ``<chart id>.html`` per chart, one ``<widget id>.html`` per widget."""
EMBED_JS = "freezelines-embed.js"
NOT_PAGES = {"_static", "_sources", "_images", "jupyter_execute", EMBED_DIR}
WIDGETS = {
    # a widget's class: (the name its view has in the address, its script, what the page calls it)
    names.EXPLORER_CLASS: ("explorer", names.EXPLORER_JS, "Freeze the line on any day: the explorer"),
    names.DEAL_CLASS: ("deal", names.DEAL_JS, "Build your own deal"),
}
WIDGET_HEIGHT_PX = {"explorer": 2700, "deal": 1900}
"""The height an embedding page gives a widget's iframe (its controls, map and tables, 700 px wide)."""
ADDRESS_ATTRIBUTES = ("href", "src", "srcset", "data-src", "data-chapter")
"""The attributes whose relative addresses a widget's embed page writes anew from ``embed/`` (a widget's
``data-src`` names its data file, the one every page of it fetches; ``data-chapter`` a page it links to)."""
DROPPED_IN_EMBEDS = ("fl-share", "fl-embed", POSTER_CLASS)
"""What an embed page leaves out of a widget: its link, citation and embed code are the book's; the page's
poster of its map would cost a first visit a picture it replaces at once (an embed draws its map in view)."""
TITLE_SEPARATOR = " \u2014 "
"""Between a page's title and the book's in ``<title>`` (freezelines-plotly.js reads the book's from it)."""


def embed_url(element_id: str) -> str:
    """A chart's or widget's embed page, from a book page (as markup writes it before the page's
    path to ``_static`` is known)."""
    return f"{names.STATIC_TOKEN}/../{EMBED_DIR}/{element_id}.html"


@dataclass(frozen=True)
class Embed:
    """One embed page: what it shows (markup whose addresses hold :data:`names.STATIC_TOKEN`)."""

    id: str
    page: str
    """The book page it comes from, relative to the site's root."""
    page_title: str
    headline: str
    markup: str
    source: str
    scripts: tuple[str, ...]
    anchor: str
    """Where on its page it is: a chart's headline (or the chart), a widget."""
    heading: str = ""
    """A heading above a widget (a chart's headline is its own)."""


def _relative_from_embeds(page: str, address: str) -> str:
    """An address written on ``page`` as written on an embed page."""
    if not address or address.startswith(("#", "/")) or urlsplit(address).scheme:
        return address
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), address))
    return posixpath.relpath(target, EMBED_DIR)


def _chart_figure(page: str, text: str, script: html_tree.Element, html_dir: Path | None) -> dict:
    """A chart's figure on ``page`` (in the page, or in its file when the page was kept from an earlier
    build into ``html_dir``: :mod:`freezelines.book.figure_files`), its pictures' addresses as from ``embed/``."""
    figure = json.loads(figure_text(text, script, html_dir / page if html_dir else None))
    for image in (figure.get("layout") or {}).get("images") or []:
        if isinstance(image.get("source"), str):
            image["source"] = _relative_from_embeds(page, image["source"])
    return figure


def _source(figure: dict) -> str:
    meta = (figure.get("layout") or {}).get("meta") or {}
    return html_tree.html_text(str(meta.get("source") or "")) if isinstance(meta, dict) else ""


def _page_title(elements: list[html_tree.Element]) -> str:
    title = next((e for e in elements if e.tag == "title"), None)
    return title.text().split(TITLE_SEPARATOR)[0] if title else ""


def _addresses_from_embeds(
    page: str, text: str, element: html_tree.Element, html_dir: Path | None = None
) -> list[tuple[int, int, str]]:
    """The edits that write the addresses of one element of ``page`` as from ``embed/``: its
    :data:`ADDRESS_ATTRIBUTES` and a chart's pictures in its figure, which the embed page holds in
    itself until its own figures are moved out (a widget's data are files, the same from every page:
    :mod:`freezelines.book.widget_data`)."""
    if element.tag == "script" and element.attrs.get("data-for") and element.content_end is not None:
        attrs = {k: v for k, v in element.attrs.items() if k != SOURCE_ATTRIBUTE}
        figure = inert_json(_chart_figure(page, text, element, html_dir))
        return [(element.start, element.end, html_tree.start_tag(element, attrs) + figure + "</script>")]
    attrs = dict(element.attrs)
    for name in ADDRESS_ATTRIBUTES:
        if attrs.get(name):
            candidates = [c.split() for c in attrs[name].split(",")] if name == "srcset" else [[attrs[name]]]
            attrs[name] = ", ".join(" ".join([_relative_from_embeds(page, c[0]), *c[1:]]) for c in candidates if c)
    return [(element.start, element.start_end, html_tree.start_tag(element, attrs))] if attrs != element.attrs else []


def _widget_markup(page: str, text: str, root: html_tree.Element, html_dir: Path | None) -> str:
    """A widget's markup as the book page has it, without its share and embed controls, every
    address written from ``embed/`` (the page may be at any depth)."""
    edits = []

    def visit(element: html_tree.Element) -> None:
        if set(element.classes()) & set(DROPPED_IN_EMBEDS) and element.end is not None:
            edits.append((element.start, element.end, ""))
            return
        edits.extend(_addresses_from_embeds(page, text, element, html_dir))
        for child in element.children:
            visit(child)

    visit(root)
    return html_tree.apply(text[root.start : root.end], [(a - root.start, b - root.start, r) for a, b, r in edits])


def _in_widget(element: html_tree.Element) -> bool:
    return any(set(a.classes()) & set(WIDGETS) for a in element.ancestors())


def embeds_of_page(page: str, text: str, html_dir: Path | None = None) -> list[Embed]:
    """The embed pages of one built page (``page``: its path from the site's root, in ``html_dir``,
    where any figure already moved out is read): one per chart outside a widget, one per widget."""
    from .chart_markup import figure_html

    if names.CHART_CLASS not in text:
        return []
    elements = html_tree.parse(text)
    by_id = {e.attrs["id"]: e for e in elements if e.attrs.get("id")}
    scripts = {e.attrs["data-for"]: e for e in figure_blocks(elements)}
    page_title = _page_title(elements)
    found = []
    for element in elements:
        classes = set(element.classes())
        widget = classes & set(WIDGETS)
        if element.tag == "div" and widget and element.end is not None:
            name, script, label = WIDGETS[widget.pop()]
            chart = scripts.get(element.attrs.get("data-chart") or "")
            figure = _chart_figure(page, text, chart, html_dir) if chart else {}
            found.append(
                Embed(
                    id=element.attrs["id"],
                    page=page,
                    page_title=page_title,
                    headline=label,
                    markup=_widget_markup(page, text, element, html_dir),
                    source=_source(figure),
                    scripts=(names.LOADER_JS, names.DOM_JS, names.COMMON_JS, script),
                    anchor=element.attrs["id"],
                    heading=label,
                )
            )
        elif element.tag == "div" and names.CHART_CLASS in classes and not _in_widget(element):
            chart_id = element.attrs.get("id") or ""
            if chart_id not in scripts:
                raise ValueError(f"{page}: the chart {chart_id!r} has no figure (script data-for={chart_id!r})")
            headline = by_id.get(f"{chart_id}-headline")
            figure = _chart_figure(page, text, scripts[chart_id], html_dir)
            found.append(
                Embed(
                    id=chart_id,
                    page=page,
                    page_title=page_title,
                    headline=headline.text() if headline else "",
                    markup=figure_html(headline.text() if headline else "", figure, chart_id, embed=False),
                    source=_source(figure),
                    scripts=(names.LOADER_JS,),
                    anchor=headline.attrs["id"] if headline else chart_id,
                )
            )
    return found


def embed_page(embed: Embed, book: str) -> str:
    """The standalone page of one embed (:file:`templates/embed.html`), every address relative to ``embed/``."""
    static = posixpath.relpath("_static", EMBED_DIR)
    return render(
        "embed.html",
        title=TITLE_SEPARATOR.join(filter(None, (embed.headline or embed.page_title, book))),
        book=book,
        heading=embed.heading,
        css=names.BOOK_CSS,
        favicon=names.FAVICON,
        static=static,
        scripts=embed.scripts,
        attributes=names.SCRIPT_ATTRIBUTES,
        content=Markup(embed.markup.replace(names.STATIC_TOKEN, static)),
        source=embed.source,
        back=f"{posixpath.relpath(embed.page, EMBED_DIR)}#{embed.anchor}",
        page_title=embed.page_title,
    )


def book_pages(html_dir: Path) -> list[Path]:
    """The book's pages (not the theme's fragments, not the embed pages)."""
    return [path for path in sorted(html_dir.rglob("*.html")) if not NOT_PAGES & set(path.relative_to(html_dir).parts)]


def write_embeds(html_dir: Path, book: str) -> list[Path]:
    """Write every embed page of the built book at ``html_dir`` (the folder anew) and return them."""
    folder = html_dir / EMBED_DIR
    if folder.exists():
        shutil.rmtree(folder)  # pages of charts gone since an earlier build into the same folder
    folder.mkdir()
    written = []
    for path in book_pages(html_dir):
        page = path.relative_to(html_dir).as_posix()
        for embed in embeds_of_page(page, path.read_text(encoding="utf-8"), html_dir):
            target = folder / f"{embed.id}.html"
            if target.exists():
                raise ValueError(f"{page}: the chart id {embed.id!r} is on another page too; embed pages need one each")
            target.write_text(embed_page(embed, book), encoding="utf-8")
            written.append(target)
    return written


def on_build_finished(app, exception) -> None:  # noqa: ANN001
    if exception is not None or app.builder.format != "html":
        return
    html_dir = Path(app.outdir)
    write_embeds(html_dir, app.config.html_title or app.config.project)
    shutil.copyfile(names.STATIC_DIR / EMBED_JS, html_dir / "_static" / EMBED_JS)


def add_embed_script(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """``freezelines-embed.js`` on the pages whose charts or widgets have an "Embed" control."""
    if "fl-embed" in context.get("body", ""):
        app.add_js_file(EMBED_JS, priority=504, loading_method="defer")


def setup(app) -> None:  # noqa: ANN001
    app.connect("html-page-context", add_embed_script)
    # After the pages are final (the root's redirect, the previews), before lighten (900) and csp (950).
    app.connect("build-finished", on_build_finished, priority=800)
