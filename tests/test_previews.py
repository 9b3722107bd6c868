"""Link previews (issue 21, item 5): every built page names, in its Open Graph and Twitter card
metadata, a description of sensible length and a 1200x630 picture that exists in the build; a
page with charts shows its first chart, drawn from the figure the page holds now (the hash in
``_static/previews/manifest.json`` must match: when a chart changes, run
``tools/draw_previews.py`` and commit the pictures). The same drawing gives each first chart its
posters (issue 21, item 6), placed in the chart's box only while they match the chart."""

from __future__ import annotations

import json
import struct
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from browser import built_pages
from conftest import ROOT
from freezelines.book import html_tree
from freezelines.book.previews import (
    COVER,
    IMAGE_SIZE,
    POSTER_CLASS,
    POSTERS,
    PREVIEWS_DIR,
    book_site,
    figure_hash,
    first_chart,
    image_name,
    page_description,
    pages_url,
    poster_name,
    read_manifest,
    with_poster,
)

DESCRIPTION_LENGTH = (50, 200)
"""A description long enough to say what the page holds, short enough for a link card."""
REQUIRED = [
    "description",
    "og:type",
    "og:title",
    "og:description",
    "og:url",
    "og:image",
    "og:image:alt",
    "twitter:card",
    "twitter:title",
    "twitter:description",
    "twitter:image",
]


def meta_tags(page: str) -> dict[str, str]:
    """A page's ``<meta>`` tags by name or property, their values unescaped."""
    return {
        e.attrs.get("name") or e.attrs["property"]: e.attrs.get("content") or ""
        for e in html_tree.parse(page)
        if e.tag == "meta" and (e.attrs.get("name") or e.attrs.get("property"))
    }


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


def webp_size(path: Path) -> tuple[int, int]:
    """A WebP file's width and height in pixels, from its header (lossy, lossless or extended)."""
    data = path.read_bytes()[:30]
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError(f"{path} is not a WebP file")
    chunk = data[12:16]
    if chunk == b"VP8 ":
        width, height = struct.unpack("<HH", data[26:30])
        return width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    raise ValueError(f"{path}: unknown WebP chunk {chunk!r}")


def site_url() -> str:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return pages_url(config["repository"]["url"])


def content_pages(html: Path) -> list[str]:
    """Every built page but the root's redirect."""
    return [
        p
        for p in built_pages(html)
        if 'http-equiv="refresh"' not in (html / p).read_text(encoding="utf-8")[:2000].lower()
    ]


def test_the_pages_url_comes_from_the_repository_url():
    assert pages_url("https://github.com/Some-Teacher/a-fork") == "https://some-teacher.github.io/a-fork/"
    with pytest.raises(ValueError, match="gitlab.com"):
        pages_url("https://gitlab.com/someone")


def test_the_book_is_named_by_its_title_and_found_at_its_pages_address():
    """Jupyter Book passes _config.yml's title as html_title (Sphinx's project stays a placeholder)."""
    config = SimpleNamespace(
        html_title="Freeze the Lines?",
        project="Project name not set",
        html_theme_options={"repository_url": "https://github.com/some-teacher/a-fork"},
    )
    assert book_site(SimpleNamespace(config=config)) == (
        "https://some-teacher.github.io/a-fork/",
        "Freeze the Lines?",
    )


def test_the_preview_reuses_the_page_description_and_escapes_it():
    tags = '<meta name="description" content="Kyiv &amp; the line: &quot;frozen&quot;" />'
    assert page_description(tags, "A page") == 'Kyiv & the line: "frozen"'
    assert page_description("", "A page").startswith("A page: An explorable book")


def test_every_recorded_picture_is_committed_at_1200_by_630():
    manifest = read_manifest()
    assert manifest, f"no {PREVIEWS_DIR / 'manifest.json'}: run tools/draw_previews.py"
    assert png_size(PREVIEWS_DIR / COVER) == IMAGE_SIZE
    for pagename, entry in manifest.items():
        assert entry["image"] == image_name(pagename)
        assert png_size(PREVIEWS_DIR / entry["image"]) == IMAGE_SIZE, f"{entry['image']} is not {IMAGE_SIZE}"
        assert len(entry["figure_sha256"]) == 64 and entry["alt"], f"{pagename}: incomplete manifest entry {entry}"


def test_every_page_names_a_description_and_a_picture_in_the_build(built_book):
    site = site_url()
    title = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    pages = content_pages(built_book)
    assert len(pages) > 20
    for relative in pages:
        page = (built_book / relative).read_text(encoding="utf-8")
        tags = meta_tags(page)
        missing = [key for key in REQUIRED if not tags.get(key)]
        assert not missing, f"{relative}: no {', '.join(missing)} metadata"
        low, high = DESCRIPTION_LENGTH
        assert low <= len(tags["description"]) <= high, f"{relative}: description {tags['description']!r}"
        assert tags["og:description"] == tags["description"] == tags["twitter:description"]
        assert page.count('name="description"') == 1, f"{relative}: more than one description"
        assert tags["og:url"] == site + relative
        assert tags["og:site_name"] == title, f"{relative}: the book is named {tags['og:site_name']!r}"
        assert tags["og:image"] == tags["twitter:image"] and tags["og:image"].startswith(site)
        picture = built_book / tags["og:image"][len(site) :]
        assert picture.is_file(), f"{relative}: its preview {picture.relative_to(built_book)} is not in the build"
        assert png_size(picture) == IMAGE_SIZE


def test_a_chart_page_shows_its_first_chart_as_it_is_now(built_book):
    manifest = read_manifest()
    stale = []
    for relative in content_pages(built_book):
        page = (built_book / relative).read_text(encoding="utf-8")
        image = meta_tags(page)["og:image"]
        chart = first_chart(page, built_book / relative)
        if chart is None:
            assert image.endswith("/" + COVER), f"{relative} has no chart but its preview is {image}"
            continue
        entry = manifest.get(relative.removesuffix(".html"))
        if not entry or (entry["chart"], entry["figure_sha256"]) != chart:
            stale.append(relative)
            continue
        assert image.endswith("/" + entry["image"]), f"{relative}: preview {image}, not its chart's picture"
    assert not stale, (
        f"the first chart of {', '.join(stale)} is not the one its preview picture was drawn from: "
        "run `.venv/bin/python tools/draw_previews.py` after `make book` and commit src/freezelines/book/_static/previews"
    )


def test_the_root_address_shows_the_book_cover(built_book):
    """The root only redirects to the first chapter, and link previews do not follow redirects."""
    tags = meta_tags((built_book / "index.html").read_text(encoding="utf-8"))
    assert tags.get("og:url") == site_url(), f"the root's preview metadata: {tags}"
    assert tags["og:image"] == tags["twitter:image"] == f"{site_url()}_static/previews/{COVER}"
    assert len(tags["description"]) >= DESCRIPTION_LENGTH[0]
    assert png_size(built_book / "_static" / "previews" / COVER) == IMAGE_SIZE


FIGURE = {"data": [{"type": "bar", "x": ["a"], "y": [1]}], "layout": {"height": 300}}
POSTER_ENTRY = {
    "chart": "plotly-0123456789ab",
    "figure_sha256": figure_hash(json.dumps(FIGURE)),
    "alt": 'Held: 1 km² "<b>"',
    "posters": {size: {"image": poster_name("book/x", size), "width": 800, "height": 500} for size in POSTERS},
}


def chart_body(figure: dict = FIGURE) -> str:
    """A page body with a decoy (a chart's id quoted in prose) before its first chart and a second chart."""
    return (
        "<p>See <code>&lt;script data-for=&quot;plotly-ffffffffffff&quot;&gt;</code></p>"
        '<p class="chart-headline" id="plotly-0123456789ab-headline">Held</p>'
        '<div id="plotly-0123456789ab" class="freezelines-plotly" role="figure" style="height:300px"></div>'
        f'<script type="application/json" data-for="plotly-0123456789ab">{json.dumps(figure)}</script>'
        '<div id="plotly-bbbbbbbbbbbb" class="freezelines-plotly"></div>'
        '<script type="application/json" data-for="plotly-bbbbbbbbbbbb">{"data": []}</script>'
    )


def test_the_first_chart_is_found_by_parsing_not_by_pattern():
    assert first_chart(chart_body()) == ("plotly-0123456789ab", figure_hash(json.dumps(FIGURE)))
    assert first_chart("<p>plotly-0123456789ab</p>") is None


def test_a_poster_goes_into_its_own_chart_box_only(monkeypatch, tmp_path):
    monkeypatch.setattr("freezelines.book.previews.PREVIEWS_DIR", tmp_path)
    for poster in POSTER_ENTRY["posters"].values():
        (tmp_path / poster["image"]).write_bytes(b"RIFF")
    body = with_poster(chart_body(), POSTER_ENTRY, "../_static")
    elements = html_tree.parse(body)
    pictures = [e for e in elements if e.tag == "picture"]
    assert len(pictures) == 1 and pictures[0].classes() == [POSTER_CLASS]
    assert pictures[0].parent.attrs["id"] == "plotly-0123456789ab"
    img = next(e for e in elements if e.tag == "img")
    assert img.attrs["src"] == f"../_static/previews/{poster_name('book/x', 'wide')}"
    assert img.attrs["alt"] == 'Held: 1 km² "<b>"' and "<b>" not in body
    assert next(e for e in elements if e.tag == "source").attrs["srcset"].endswith(poster_name("book/x", "narrow"))
    assert body[: pictures[0].start] + body[pictures[0].end :] == chart_body()  # the rest byte for byte


def test_no_poster_for_a_changed_chart_or_a_missing_picture(monkeypatch, tmp_path):
    monkeypatch.setattr("freezelines.book.previews.PREVIEWS_DIR", tmp_path)
    changed = {**FIGURE, "layout": {"height": 301}}
    assert with_poster(chart_body(changed), POSTER_ENTRY, "_static") == chart_body(changed)
    assert with_poster(chart_body(), POSTER_ENTRY, "_static") == chart_body()  # pictures not drawn
    assert with_poster(chart_body(), {**POSTER_ENTRY, "posters": {}}, "_static") == chart_body()
    with pytest.raises(ValueError, match="'huge'"):
        poster_name("book/x", "huge")


def test_every_first_chart_has_committed_posters_of_the_recorded_size():
    for pagename, entry in read_manifest().items():
        assert set(entry.get("posters", {})) == set(POSTERS), f"{pagename}: posters {entry.get('posters')}"
        for size, poster in entry["posters"].items():
            assert poster["image"] == poster_name(pagename, size)
            path = PREVIEWS_DIR / poster["image"]
            assert webp_size(path) == (poster["width"], poster["height"]), f"{path.name}: not as recorded"
            assert poster["width"] <= 2 * POSTERS[size] and poster["height"] > 100, f"{path.name}: {poster}"
            assert path.stat().st_size < 80_000, f"{path.name} weighs {path.stat().st_size} bytes"


def test_a_first_chart_opens_with_its_poster_named_by_its_headline(built_book):
    """Each page whose first chart matches its pictures shows the chart's posters in its box, with
    the chart's headline as their text, at files the build holds."""
    manifest = read_manifest()
    placed = 0
    for relative in content_pages(built_book):
        page = (built_book / relative).read_text(encoding="utf-8")
        entry = manifest.get(relative.removesuffix(".html"))
        if not entry or first_chart(page, built_book / relative) != (entry["chart"], entry["figure_sha256"]):
            continue
        elements = html_tree.parse(page)
        box = next(e for e in elements if e.tag == "div" and e.attrs.get("id") == entry["chart"])
        picture = [e for e in box.children if e.tag == "picture"]
        assert picture, f"{relative}: its first chart {entry['chart']} has no poster"
        img = next(e for e in picture[0].children if e.tag == "img")
        headline = next((e for e in elements if e.attrs.get("id") == entry["chart"] + "-headline"), None)
        assert img.attrs["alt"] == (headline.text() if headline else entry["alt"]) != ""
        sources = [img.attrs["src"]] + [e.attrs["srcset"] for e in picture[0].children if e.tag == "source"]
        for source in sources:
            assert (built_book / relative).parent.joinpath(source).resolve().is_file(), f"{relative}: no {source}"
        assert sum(e.tag == "picture" for e in elements) == 1, f"{relative}: more than one poster"
        placed += 1
    assert placed >= 10, f"only {placed} pages open with a poster"
