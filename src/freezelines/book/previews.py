"""Sphinx extension: link previews. Every page gets a title, a description (the one
``freezelines.book.page_meta`` writes) and a preview image in its Open Graph and Twitter card
``<meta>`` tags, so that a shared link shows what it leads to.

The image is a picture of the page's first chart, or the book's cover for a page without
charts. The pictures are drawn by ``tools/draw_previews.py`` (Chromium, no network) and
committed in ``_static/previews`` with ``manifest.json``, which records for each page the
chart drawn and a hash of its figure; ``tests/test_previews.py`` fails when a chart no longer
matches its picture, so ``make book`` itself needs no browser. A page whose picture is missing
falls back to the cover.

The same drawing gives each first chart its *poster*: a picture of the chart alone, at a phone's
width and at a desktop's (WebP), placed in the chart's reserved box so that the page's first paint
needs no plotly.js; ``freezelines-plotly.js`` replaces it by the live chart when the reader reaches
for it or the page is idle. A poster is placed only while its chart's figure hash still matches.
Pages are read with :mod:`freezelines.book.html_tree`, never with regular expressions."""

from __future__ import annotations

import hashlib
import html
import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

from . import html_tree
from .figure_files import figure_blocks, figure_text

PREVIEWS_DIR = Path(__file__).parent / "_static" / "previews"
MANIFEST = "manifest.json"
COVER = "cover.png"
IMAGE_SIZE = (1200, 630)
SITE_DESCRIPTION = (
    "An explorable book that tests the case against negotiating with Russia in November 2022 "
    "against the front-line data, the costs of the war and the peace proposals since."
)
POSTERS = {"narrow": 412, "wide": 1280}
"""The viewport widths a chart's poster is drawn at (a phone's, as Lighthouse's mobile preset, and a desktop's)."""
POSTER_NARROW_MEDIA = "(max-width: 700px)"
"""Where the narrow poster is shown instead of the wide one."""
POSTER_CLASS = "freezelines-poster"
CHART_PREFIX = "plotly-"


def figure_hash(payload: str) -> str:
    """The hash of a chart's figure as the built page holds it (JSON, keys sorted, so that the
    order the build writes them in does not matter)."""
    figure = json.loads(payload)
    return hashlib.sha256(json.dumps(figure, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def _first_figure(text: str, elements: list[html_tree.Element]) -> html_tree.Element | None:
    """The ``<script type="application/json" data-for="plotly-...">`` of the first chart."""
    return next((block for block in figure_blocks(elements) if block.attrs["data-for"].startswith(CHART_PREFIX)), None)


def first_chart(body: str, page: Path | None = None) -> tuple[str, str] | None:
    """The first chart of a page's HTML body: its element id and the hash of its figure (in the page,
    or in the file it names once built: give the built ``page``'s path, :mod:`freezelines.book.figure_files`)."""
    script = _first_figure(body, html_tree.parse(body))
    if script is None:
        return None
    return script.attrs["data-for"], figure_hash(figure_text(body, script, page))


def image_name(pagename: str) -> str:
    return pagename.replace("/", "--") + ".png"


def poster_name(pagename: str, size: str) -> str:
    """The file of a page's first-chart poster at one of :data:`POSTERS`' widths."""
    if size not in POSTERS:
        raise ValueError(f"poster size {size!r} is not one of {sorted(POSTERS)}")
    return f"{pagename.replace('/', '--')}-chart-{size}.webp"


def poster_html(entry: dict, static: str) -> str:
    """The poster of a chart (``<picture>``: the narrow picture on a phone, the wide one elsewhere)
    with the chart's headline as its text; ``static`` is the page's path to ``_static``. Loaded lazily:
    a first chart far down its page costs nothing until the reader nears it."""
    posters = entry["posters"]
    folder = f"{static}/previews"
    narrow, wide = posters["narrow"], posters["wide"]
    return (
        f'<picture class="{POSTER_CLASS}">'
        f'<source media="{html.escape(POSTER_NARROW_MEDIA, quote=True)}" '
        f'srcset="{html.escape(folder + "/" + narrow["image"], quote=True)}" '
        f'width="{int(narrow["width"])}" height="{int(narrow["height"])}">'
        f'<img src="{html.escape(folder + "/" + wide["image"], quote=True)}" '
        f'width="{int(wide["width"])}" height="{int(wide["height"])}" '
        f'alt="{html.escape(entry.get("alt") or "", quote=True)}" loading="lazy" decoding="async">'
        "</picture>"
    )


def with_poster(body: str, entry: dict | None, static: str) -> str:
    """``body`` with the poster of its first chart in the chart's (empty) box, when ``entry`` (the
    page's manifest entry) has posters drawn from the figure the page holds now; else ``body``."""
    if not entry or not entry.get("posters"):
        return body
    elements = html_tree.parse(body)
    script = _first_figure(body, elements)
    if script is None:
        return body
    chart = script.attrs["data-for"]
    if (chart, figure_hash(figure_text(body, script))) != (
        entry.get("chart"),
        entry.get("figure_sha256"),
    ):
        return body
    if not all((PREVIEWS_DIR / poster["image"]).is_file() for poster in entry["posters"].values()):
        return body
    box = next((e for e in elements if e.tag == "div" and e.attrs.get("id") == chart), None)
    if box is None or box.content_end is None or body[box.start_end : box.content_end].strip():
        return body
    return html_tree.apply(body, [(box.start_end, box.content_end, poster_html(entry, static))])


def read_manifest(folder: Path = PREVIEWS_DIR) -> dict:
    path = folder / MANIFEST
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not valid JSON ({error}); run tools/draw_previews.py again") from error


def _description_meta(metatags: str) -> str | None:
    """The content of the ``<meta name="description">`` among ``metatags``, if there is one."""
    for element in html_tree.parse(metatags or ""):
        if element.tag == "meta" and element.attrs.get("name") == "description":
            return element.attrs.get("content") or ""
    return None


def page_description(metatags: str, title: str) -> str:
    """The page's description as ``freezelines.book.page_meta`` wrote it into the ``<meta>`` tags
    (its first paragraph of prose); the book's description if there is none."""
    if (description := _description_meta(metatags)) is not None:
        return description
    return f"{title}: {SITE_DESCRIPTION}" if title else SITE_DESCRIPTION


def pages_url(repository_url: str) -> str:
    """The book's address on GitHub Pages, from its repository's (``_config.yml``)."""
    parsed = urlparse(repository_url or "")
    parts = [p for p in parsed.path.split("/") if p]
    if parsed.netloc != "github.com" or len(parts) < 2:
        raise ValueError(f"repository url {repository_url!r} in _config.yml is not https://github.com/OWNER/NAME")
    return f"https://{parts[0].lower()}.github.io/{parts[1]}/"


def preview_tags(site: str, url: str, title: str, text: str, image: str, alt: str, book: str) -> str:
    """The Open Graph and Twitter card ``<meta>`` tags of one page (every value escaped)."""
    tags = {
        ("property", "og:type"): "website" if url == site else "article",
        ("property", "og:site_name"): book,
        ("property", "og:title"): title or book,
        ("property", "og:description"): text,
        ("property", "og:url"): url,
        ("property", "og:image"): f"{site}_static/previews/{image}",
        ("property", "og:image:width"): str(IMAGE_SIZE[0]),
        ("property", "og:image:height"): str(IMAGE_SIZE[1]),
        ("property", "og:image:alt"): alt,
        ("name", "twitter:card"): "summary_large_image",
        ("name", "twitter:title"): title or book,
        ("name", "twitter:description"): text,
        ("name", "twitter:image"): f"{site}_static/previews/{image}",
    }
    return "".join(
        f'\n<meta {kind}="{key}" content="{html.escape(value or "", quote=True)}" />'
        for (kind, key), value in tags.items()
    )


def book_site(app) -> tuple[str, str]:  # noqa: ANN001
    """The book's address on GitHub Pages and its title."""
    book = app.config.html_title or app.config.project  # Jupyter Book sets html_title from _config.yml
    return pages_url(app.config.html_theme_options.get("repository_url", "")), book


def _meta(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    title = html_tree.html_text(context.get("title") or "")
    site, book = book_site(app)
    body = context.get("body", "")
    chart = first_chart(body)
    entry = read_manifest().get(pagename) if chart else None
    drawn = bool(entry and entry.get("chart") == chart[0])
    if drawn:
        context["body"] = with_poster(body, entry, context["pathto"]("_static", 1))
    metatags = context.get("metatags", "")
    text = page_description(metatags, title)
    if _description_meta(metatags) is None:
        metatags += f'\n<meta name="description" content="{html.escape(text, quote=True)}" />'
    image, alt = (entry["image"], entry.get("alt") or title) if drawn else (COVER, f"Cover of {book}")
    context["metatags"] = metatags + preview_tags(site, f"{site}{pagename}.html", title, text, image, alt, book)


def _root_preview(app, exception) -> None:  # noqa: ANN001
    """The site's root only redirects to the first chapter (freezelines.book.redirect), and link
    previews do not follow the redirect: the root gets the book's description and its cover."""
    index = Path(app.outdir) / "index.html"
    if exception is not None or app.builder.format != "html" or not index.is_file():
        return
    page = index.read_text(encoding="utf-8")
    if 'http-equiv="refresh"' not in page.lower() or "og:image" in page or "</head>" not in page:
        return
    site, book = book_site(app)
    tags = f'<meta name="description" content="{html.escape(SITE_DESCRIPTION, quote=True)}" />'
    tags += preview_tags(site, site, book, SITE_DESCRIPTION, COVER, f"Cover of {book}", book)
    index.write_text(page.replace("</head>", tags + "\n</head>", 1), encoding="utf-8")


def _copy_previews(app, exception) -> None:  # noqa: ANN001
    if exception is not None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "previews"
    target.mkdir(parents=True, exist_ok=True)
    for picture in [*PREVIEWS_DIR.glob("*.png"), *PREVIEWS_DIR.glob("*.webp")]:
        shutil.copyfile(picture, target / picture.name)


def setup(app):  # noqa: ANN001
    app.connect("html-page-context", _meta, priority=950)
    app.connect("build-finished", _copy_previews)
    app.connect("build-finished", _root_preview, priority=600)  # after the root's redirect is written
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
