"""The built site and the repository's publishing files: isolation, secrets, downloads, launch."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import nbformat
import pytest
import yaml

from browser import built_pages
from conftest import HTML, ROOT
from freezelines.book import colab, names
from freezelines.viz.style import TABLE_COLUMNS

PAGES = built_pages(HTML) if HTML.is_dir() else []


class _Loads(HTMLParser):
    """Every URL a page would load by itself (scripts, stylesheets, images, frames, media)."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "audio", "video", "source", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if (
            tag == "link"
            and attrs.get("href")
            and set((attrs.get("rel") or "").split())
            & {"stylesheet", "preload", "icon", "modulepreload", "prefetch", "manifest"}
        ):
            self.urls.append(attrs["href"])
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])


def page_loads(relative: str) -> list[str]:
    parser = _Loads()
    parser.feed((HTML / relative).read_text(encoding="utf-8"))
    base = f"http://book.local/{relative}"
    urls = [urljoin(base, u) for u in parser.urls]
    # Stylesheets load fonts and images in their turn.
    for url in list(urls):
        path = urlparse(url).path
        if path.endswith(".css") and (HTML / path.lstrip("/")).is_file():
            css = (HTML / path.lstrip("/")).read_text(encoding="utf-8", errors="ignore")
            for ref in re.findall(r"url\((?!['\"]?data:)['\"]?([^'\")]+)", css):
                urls.append(urljoin(url, ref))
    return urls


@pytest.mark.parametrize("relative", PAGES)
def test_every_resource_a_page_would_load_is_the_books_own(built_book, relative):
    foreign = [u for u in page_loads(relative) if urlparse(u).hostname != "book.local"]
    assert foreign == [], f"{relative} would load from other hosts: {foreign}"
    missing = [u for u in page_loads(relative) if not (HTML / urlparse(u).path.lstrip("/")).exists()]
    assert missing == [], f"{relative} refers to files the build did not produce: {missing[:5]}"


SECRET_PATTERNS = [
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    r"\bghp_[A-Za-z0-9]{30,}",
    r"\bgithub_pat_[A-Za-z0-9_]{30,}",
    r"\bAKIA[0-9A-Z]{16}\b",
    r"\bxox[bpa]-[A-Za-z0-9-]{10,}",
]


def test_the_site_holds_no_machine_path_and_no_secret(built_book):
    needles = {str(ROOT), str(Path.home()) + "/"}
    hits = []
    for path in HTML.rglob("*"):
        if not path.is_file() or path.suffix in (".woff", ".woff2", ".ttf", ".eot", ".png", ".ico", ".gif", ".jpg"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        hits += [f"{path.relative_to(HTML)}: {n}" for n in needles if n != "/" and n in text]
        hits += [f"{path.relative_to(HTML)}: {p}" for p in SECRET_PATTERNS if re.search(p, text)]
    assert hits == []


def test_every_chart_links_to_its_data_as_csv(built_book):
    checked = 0
    for relative in PAGES:
        text = (HTML / relative).read_text(encoding="utf-8")
        ids = re.findall(r'<div id="(plotly-[0-9a-f]+(?:-map)?)" class="freezelines-plotly"', text)
        links = re.findall(r'<a href="([^"]+/chart-data/[^"]+\.csv)" download>', text)
        assert len(links) == len(ids), relative
        for link in links:
            path = HTML / urlparse(urljoin(f"http://book.local/{relative}", link)).path.lstrip("/")
            content = path.read_text(encoding="utf-8")
            lines = content.splitlines()
            assert lines[0].startswith("# ") and lines[1].startswith("# Source: ")
            assert "see the caption" not in lines[1], f"{link} does not name its source"
            rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
            # A chart's points under named columns, or a map's table of what it shows (areas and places by name).
            assert rows[0] == list(TABLE_COLUMNS) or not {"x", "y"} & set(rows[0]), link
            assert len(rows) > 2, link
            checked += 1
    assert checked >= 10


def test_every_chart_csv_holds_data_and_belongs_to_a_chart(built_book):
    """Every file in chart-data is linked from a chart and holds a table of data rows, not only
    its header: a CSV left behind by an old chart, or an empty one, fails."""
    written = sorted((HTML / "_static" / "chart-data").glob("*.csv"))
    linked = set()
    for relative in PAGES:
        text = (HTML / relative).read_text(encoding="utf-8")
        for link in re.findall(r'<a href="([^"]+/chart-data/[^"]+\.csv)" download>', text):
            linked.add(HTML / urlparse(urljoin(f"http://book.local/{relative}", link)).path.lstrip("/"))
    assert len(written) >= 10
    assert sorted(linked) == written, "chart-data holds files no chart links to, or a link has no file"
    for path in written:
        lines = path.read_text(encoding="utf-8").splitlines()
        rows = list(csv.reader(io.StringIO("\n".join(line for line in lines if not line.startswith("#")))))
        values = [row for row in rows[1:] if any(cell.strip() for cell in row)]
        assert len(values) >= 2 and all(len(row) == len(rows[0]) for row in values), path.name


def test_every_notebook_starts_with_the_colab_cell():
    expected = colab.cell_source()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        code = [c for c in notebook.cells if c.cell_type == "code"]
        assert code and code[0].source == expected, f"{path.name}: run tools/colab_cells.py"
        assert "remove-cell" in code[0].metadata.get("tags", [])
    assert expected.count(colab.repository_url()) == 1


def test_binder_and_colab_launch_buttons_are_configured():
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["launch_buttons"]["binderhub_url"] == "https://mybinder.org"
    assert config["launch_buttons"]["colab_url"] == "https://colab.research.google.com"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert "-e ." in (ROOT / "requirements.txt").read_text().splitlines()
    assert not (ROOT / "binder").exists(), "Binder files live in one place: requirements.txt and runtime.txt"


def test_workflow_runs_the_readme_command_and_deploys_pages():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text())
    steps = workflow["jobs"]["test"]["steps"]
    runs = [s.get("run", "") for s in steps]
    assert "make test" in runs
    assert "make test" in (ROOT / "README.md").read_text() and "make book" in (ROOT / "README.md").read_text()
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact") for s in steps)
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")


def test_citation_file_is_valid_and_names_the_essay():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["license"] == "MIT"
    assert citation["references"][0]["title"] == "The Case Against Negotiations with Russia"
    assert citation["repository-code"] == colab.repository_url()


def test_every_figure_and_data_file_is_named_by_a_page_and_every_named_one_is_there(built_book):
    """The charts' figures and CSVs and the widgets' data are files beside the pages (figure_files,
    widget_data). Each one the build writes is named by a page, an embed page or a widget's core (the
    build removes the others: stale_files); and every page and embed page reads back every figure and
    widget payload it names, through the readers the tools use, so nothing it needs was removed."""
    from freezelines.book import figure_files, html_tree, stale_files, widget_data

    named = stale_files.named_files(built_book)
    written = {
        path.resolve()
        for folder in stale_files.folders(built_book)
        for path in folder.iterdir()
        if stale_files.CONTENT_NAMED.search(path.name)
    }
    assert len(written) >= 60
    assert written <= named, sorted(p.name for p in written - named)
    figures = widgets = 0
    for page in html_tree.site_pages(built_book):
        figures += len(figure_files.figures_of(page))  # a figure file that is not there raises
        text = page.read_text(encoding="utf-8")
        for root in (names.EXPLORER_CLASS, names.DEAL_CLASS):
            if f'class="{root}' in text and "data-src" in text:
                payload = widget_data.payload_of(built_book, str(page.relative_to(built_book)), root)
                assert payload["figure"]["data"], (page, root)
                widgets += 1
    assert figures >= 90 and widgets >= 4, (figures, widgets)


def test_corrections_page_and_execution_table_are_built(built_book):
    assert "Updates and corrections" in (HTML / "book" / "updates-and-corrections.html").read_text()
    status = (HTML / "book" / "execution-status.html").read_text()
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        assert path.stem in status, path.stem


def test_every_page_has_a_favicon_and_its_own_meta_description(built_book):
    from browser import built_pages

    descriptions = {}
    for relative in built_pages(built_book):
        text = (built_book / relative).read_text(encoding="utf-8")
        if re.search(r'http-equiv="refresh"', text, re.I):
            continue  # the root page only redirects to the first chapter
        icon = re.search(r'<link rel="icon" href="([^"]+)"', text)
        assert icon, f"{relative} has no favicon"
        assert (built_book / relative).parent.joinpath(icon.group(1)).resolve().is_file()
        description = re.search(r'<meta name="description" content="([^"]+)"', text)
        assert description, f"{relative} has no meta description"
        assert 40 <= len(description.group(1)) <= 200
        descriptions[relative] = description.group(1)
    assert len(set(descriptions.values())) == len(descriptions), "two pages share a description"


def test_the_theme_icon_fonts_are_cut_to_the_glyphs_used(built_book):
    fonts = list((built_book / "_static" / "vendor" / "fontawesome" / "webfonts").glob("*.woff2"))
    assert fonts and all(f.stat().st_size < 20_000 for f in fonts), {f.name: f.stat().st_size for f in fonts}
    assert not (built_book / "_static" / "scripts" / "fontawesome.js").exists()


@pytest.mark.parametrize("relative", PAGES)
def test_a_page_links_an_extension_stylesheet_or_script_only_if_it_uses_it(built_book, relative):
    """Render-blocking stylesheets only where their styles apply (freezelines.book.page_styles), and an
    extension's script only where there is something for it to do (freezelines.book.page_scripts)."""
    from freezelines.book import html_tree, page_scripts, page_styles

    elements = html_tree.parse((built_book / relative).read_text(encoding="utf-8"))
    linked = {
        page_styles.static_name(e.attrs["href"])
        for e in elements
        if e.tag == "link" and "stylesheet" in (e.attrs.get("rel") or "")
    }
    loaded = {page_styles.static_name(e.attrs["src"]) for e in elements if e.tag == "script" and e.attrs.get("src")}
    if relative == "index.html":  # the root: a redirect page, no stylesheet (freezelines.book.redirect)
        assert linked == set()
        return
    assert {"pydata-sphinx-theme.css", "freezelines.css"} <= linked
    assert {"pydata-sphinx-theme.js", "doctools.js"} <= loaded
    classes = [set(e.classes()) for e in elements]
    for files, used_by in ((linked, page_styles.USED_BY), (loaded, page_scripts.USED_BY)):
        for name, uses in used_by.items():
            assert (name in files) == any(uses(c) for c in classes), (name, name in files)


def test_the_theme_css_keeps_every_icon_the_book_shows_and_drops_the_others(built_book):
    """The render-blocking theme stylesheet is cut of the icons no page shows: about 300 KB, not 397 KB."""
    from freezelines.book import lighten

    css_file = built_book / "_static" / "styles" / "pydata-sphinx-theme.css"
    css = css_file.read_text(encoding="utf-8")
    names = lighten.used_icon_names(built_book)
    assert {"fa-bars", "fa-magnifying-glass", "fa-github"} <= names
    placed = {
        name
        for selectors, body in lighten.CSS_RULE.findall(css)
        if "content" in body or "--fa" in body
        for name in lighten.ICON_CLASS.findall(selectors)
    }
    glyph_icons = {name for name in names if name not in {"fa-lg", "fa-solid", "fa-brands", "fa-regular"}}
    assert glyph_icons <= placed, sorted(glyph_icons - placed)  # every icon shown keeps its glyph
    assert "fa-bell" not in placed and "fa-bell" not in names  # an icon never shown has no rule left
    assert len(css) < 320_000 and "sourceMappingURL" not in css
    assert not css_file.with_name(css_file.name + ".map").exists()


def test_every_page_links_the_theme_css_by_the_hash_of_the_cut_it_gets(built_book):
    """The cut theme stylesheet and icon fonts are named by their content (lighten.version_theme_css)."""
    from freezelines.book import html_tree, lighten

    css = built_book / "_static" / lighten.THEME_CSS
    digest = lighten.content_digest(css)
    fonts = lighten.FONT_URL.findall(css.read_text(encoding="utf-8"))
    assert len(fonts) >= 3
    for address in lighten.FONT_URL.finditer(css.read_text(encoding="utf-8")):
        font = css.parent / address.group(1)
        assert address.group(0).endswith(f"?v={lighten.content_digest(font)})"), address.group(0)
    linked = 0
    for relative in PAGES:
        for element in html_tree.parse((built_book / relative).read_text(encoding="utf-8")):
            href = element.attrs.get("href") or ""
            if element.tag == "link" and "/pydata-sphinx-theme.css" in href:
                assert href.endswith(f"?digest={digest}"), (relative, href)
                linked += 1
    assert linked >= len(PAGES) - 1  # all but the root's redirect page


def test_essay_charts_link_to_the_notebook_that_launches(built_book):
    """Essay pages have no launch button: each of their charts names the notebook page that has one."""
    linked = 0
    for page in sorted((built_book / "book").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        charts = len(re.findall(r'class="freezelines-plotly"', text))
        links = re.findall(r'<p class="chart-notebook">Computed in <a href="([^"]+)">', text)
        assert len(links) == charts, page.name
        for link in links:
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file() and target.parent.name == "notebooks", link
            assert (
                "launch-buttons" in target.read_text(encoding="utf-8")
                or "colab" in target.read_text(encoding="utf-8").lower()
            )
        linked += len(links)
    assert linked >= 10


def test_maps_share_one_borders_picture(built_book):
    """Every map draws Ukraine's borders from one file of the book's own, fetched once."""
    from freezelines.book.sphinx_ext import BASE_PICTURE_FILE

    picture = built_book / "_static" / BASE_PICTURE_FILE
    assert picture.is_file() and picture.read_text(encoding="utf-8").startswith("<svg")
    from freezelines.book.figure_files import figures_of

    pages = [p for p in built_book.rglob("*.html") if "_static" not in p.parts]
    texts = [p.read_text(encoding="utf-8") + "".join(figures_of(p).values()) for p in pages]  # each with its figures
    assert not any("data:image/svg+xml" in text for text in texts)
    assert sum(BASE_PICTURE_FILE in text for text in texts) >= 4
