"""Link previews (issue 21, item 5): every built page names, in its Open Graph and Twitter card
metadata, a description of sensible length and a 1200x630 picture that exists in the build; a
page with charts shows its first chart, drawn from the figure the page holds now (the hash in
``_static/previews/manifest.json`` must match: when a chart changes, run
``tools/draw_previews.py`` and commit the pictures)."""

from __future__ import annotations

import html
import re
import struct
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from browser import built_pages
from conftest import ROOT
from freezelines.book.previews import (
    COVER,
    IMAGE_SIZE,
    PREVIEWS_DIR,
    book_site,
    first_chart,
    image_name,
    page_description,
    pages_url,
    read_manifest,
)

DESCRIPTION_LENGTH = (50, 200)
"""A description long enough to say what the page holds, short enough for a link card."""
META = re.compile(r'<meta (?:name|property)="([^"]+)" content="([^"]*)"')
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
    return {key: html.unescape(value) for key, value in META.findall(page)}


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    if head[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path} is not a PNG")
    return struct.unpack(">II", head[16:24])


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
        chart = first_chart(page)
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
