"""Lighter pages after the build: the theme's ``fontawesome.js`` (1.5 MB of JavaScript that swaps
icons for SVG) dropped, as the theme's CSS draws the icons from its icon fonts, which are cut down
to the glyphs the book uses, and the theme's CSS cut of the rules of icons the book never shows
(about a third of its render-blocking stylesheet), both then at addresses named by their content
(a cache never serves a reader an older cut); Sphinx's search index loaded on the search page
only (the book leaves the theme's search-as-you-type off). Pages are read with
:mod:`freezelines.book.html_tree`."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from . import html_tree

ICON_FONTS = "vendor/fontawesome/webfonts"
FONTAWESOME_JS = "_static/scripts/fontawesome.js"
SEARCH_SCRIPTS = ("_static/searchtools.js", "_static/language_data.js", "searchindex.js")
SEARCH_OFF = "DOCUMENTATION_OPTIONS.search_as_you_type = false"
# Over the theme's CSS and JavaScript (never over HTML): its rules, the glyphs they place, icon names.
CSS_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
GLYPH = re.compile(r'(?:content|--[\w-]+):\s*"(?:\\([0-9a-f]{4,5})|([\ue000-\uf8ff]))"')
ICON_CLASS = re.compile(r"\.(fa-[a-z0-9-]+):{1,2}before")
ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
ICON_SELECTOR = re.compile(r"\s*\.(fa-[a-z0-9-]+)(?:::?(?:before|after))?\s*")
"""One selector of an icon rule: an ``fa-*`` class alone, or its ``::before`` or ``::after``."""
EMPTY_BLOCK = re.compile(r"@(?:media|supports)[^{}]*\{\s*\}")
SOURCE_MAP = re.compile(r"\n?/\*# sourceMappingURL=[^*]*\*/\s*$")
THEME_CSS = "styles/pydata-sphinx-theme.css"
"""Under ``_static``: the theme's stylesheet, which holds the icons' rules and names their fonts."""
FONT_URL = re.compile(r"url\((\.\./vendor/fontawesome/webfonts/[\w.-]+)(?:\?v=[0-9a-f]+)?\)")


def _script_source(element: html_tree.Element) -> str:
    return (element.attrs.get("src") or "").split("?", 1)[0]


def _with_leading_space(text: str, start: int) -> int:
    while start > 0 and text[start - 1] in " \t\n":
        start -= 1
    return start


def lean_page(text: str, is_search_page: bool) -> str:
    """A page without ``fontawesome.js``, and without the search index unless it is the search page."""
    elements = html_tree.parse(text)
    scripts = [e for e in elements if e.tag == "script"]
    search_off = any(SEARCH_OFF in "".join(e.texts) for e in scripts if not e.attrs.get("src"))
    edits = []
    for script in scripts:
        source = _script_source(script)
        dropped = source.endswith(FONTAWESOME_JS) or (
            search_off and not is_search_page and source.endswith(SEARCH_SCRIPTS)
        )
        if dropped and script.end is not None:
            edits.append((_with_leading_space(text, script.start), script.end, ""))
    return html_tree.apply(text, edits)


def drop_unused_scripts(html_dir: Path) -> None:
    for page in html_dir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        lean = lean_page(text, page.name == "search.html")
        if lean != text:
            page.write_text(lean, encoding="utf-8")
    for leftover in (html_dir / "_static" / "scripts").glob("fontawesome.js*"):
        leftover.unlink()


def _icon_names(page: str) -> set[str]:
    """The ``fa-*`` names a page uses: in its elements' classes and its inline scripts."""
    found = set()
    for element in html_tree.parse(page):
        found |= {name for name in element.classes() if name.startswith("fa-")}
        if element.tag == "script" and not element.attrs.get("src"):
            found |= set(ICON_NAME.findall("".join(element.texts)))
    return found


def used_icon_names(html_dir: Path) -> set[str]:
    """The ``fa-*`` names the book can show: those its pages and the scripts that can add icons to
    pages name (not vendor bundles of other pages' widgets)."""
    names = set()
    for page in html_dir.rglob("*.html"):
        names |= _icon_names(page.read_text(encoding="utf-8", errors="ignore"))
    for script in [*(html_dir / "_static").glob("*.js"), *(html_dir / "_static" / "scripts").glob("*.js")]:
        names |= set(ICON_NAME.findall(script.read_text(encoding="utf-8", errors="ignore")))
    return names


def _unused_icon_rule(selectors: str, names: set[str]) -> bool:
    """Every selector of the rule is an icon class (or its ::before or ::after) the book never shows."""
    parts = selectors.split(",")
    matches = [ICON_SELECTOR.fullmatch(part) for part in parts]
    return all(matches) and not {m.group(1) for m in matches} & names


def without_unused_icons(css: str, names: set[str]) -> str:
    """``css`` without the rules of icons not in ``names`` (``.fa-bell::before{content:...}`` and
    the like; a rule that names anything else, or a used icon, is kept whole) and without ``@media`` or
    ``@supports`` blocks left empty; its source map comment dropped, as the map no longer matches."""
    lean = CSS_RULE.sub(lambda m: "" if _unused_icon_rule(m.group(1), names) else m.group(0), css)
    lean = EMPTY_BLOCK.sub("", lean)
    return SOURCE_MAP.sub("\n", lean) if lean != css else css


def prune_icon_rules(html_dir: Path, names: set[str]) -> None:
    """Cut every stylesheet under ``_static`` (the theme's holds the icons' rules) of the rules of icons
    not in ``names`` (:func:`used_icon_names`): the theme's is render-blocking on every page."""
    for css in sorted((html_dir / "_static").rglob("*.css")):
        text = css.read_text(encoding="utf-8")
        lean = without_unused_icons(text, names)
        if lean != text:
            css.write_text(lean, encoding="utf-8")
            css.with_name(css.name + ".map").unlink(missing_ok=True)


def used_glyphs(html_dir: Path, names: set[str]) -> set[int]:
    """Code points of the icons the book can show: those of the ``fa-*`` classes in ``names``
    (:func:`used_icon_names`), and every glyph the theme's CSS places by itself (admonitions, links, ...)."""
    glyphs = set()
    for css in (html_dir / "_static").rglob("*.css"):
        for selectors, body in CSS_RULE.findall(css.read_text(encoding="utf-8", errors="ignore")):
            points = {int(code, 16) if code else ord(char) for code, char in GLYPH.findall(body)}
            if not points:
                continue
            classes = ICON_CLASS.findall(selectors)
            if not classes or set(classes) & names:
                glyphs |= points
    return glyphs


def subset_icon_fonts(html_dir: Path, names: set[str]) -> None:
    """Cut the theme's icon fonts down to the glyphs the book uses (fontTools; woff2 stays woff2)."""
    from fontTools import subset

    folder = html_dir / "_static" / ICON_FONTS
    glyphs = used_glyphs(html_dir, names)
    for font in sorted(folder.glob("*.woff2")) + sorted(folder.glob("*.ttf")):
        options = subset.Options()
        options.flavor = "woff2" if font.suffix == ".woff2" else None
        options.layout_features = ["*"]
        options.notdef_outline = True
        loaded = subset.load_font(str(font), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(glyphs))
        subsetter.subset(loaded)
        subset.save_font(loaded, str(font), options)


def content_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:20]


def versioned_css_text(css: str, folder: Path) -> str:
    """``css`` (a stylesheet in ``folder``) with each icon font's address carrying its content's hash
    (``?v=``): a cut font has an address of its own."""

    def versioned(match: re.Match) -> str:
        font = folder / match.group(1)
        return f"url({match.group(1)}?v={content_digest(font)})" if font.is_file() else match.group(0)

    return FONT_URL.sub(versioned, css)


def with_css_digest(page: str, css_name: str, digest: str) -> str:
    """``page`` with its links to the stylesheet ``css_name`` naming ``digest`` (``?digest=``)."""
    edits = []
    for element in html_tree.parse(page):
        href = element.attrs.get("href") or ""
        if element.tag == "link" and href.split("?", 1)[0].endswith("/" + css_name):
            attrs = {**element.attrs, "href": f"{href.split('?', 1)[0]}?digest={digest}"}
            if attrs != element.attrs:
                edits.append((element.start, element.start_end, html_tree.start_tag(element, attrs)))
    return html_tree.apply(page, edits)


def version_theme_css(html_dir: Path) -> None:
    """The cut theme stylesheet and icon fonts at addresses of their own content, so that a browser
    holding the theme's whole ones (or an older cut) in its cache fetches these: the fonts'
    addresses in the stylesheet carry their hash, and every page's link to the stylesheet its hash
    (in place of the theme's ``?digest=``, which names the theme's version, not this cut)."""
    css = html_dir / "_static" / THEME_CSS
    if not css.is_file():
        return
    text = css.read_text(encoding="utf-8")
    versioned = versioned_css_text(text, css.parent)
    if versioned != text:
        css.write_text(versioned, encoding="utf-8")
    digest = content_digest(css)
    for page in html_dir.rglob("*.html"):
        if "_static" in page.relative_to(html_dir).parts:
            continue
        page_text = page.read_text(encoding="utf-8")
        updated = with_css_digest(page_text, css.name, digest)
        if updated != page_text:
            page.write_text(updated, encoding="utf-8")


def lighten(app, exception) -> None:  # noqa: ANN001
    if exception is not None or app.builder.format != "html":
        return
    html_dir = Path(app.outdir)
    drop_unused_scripts(html_dir)
    names = used_icon_names(html_dir)  # one list for the fonts and the rules
    subset_icon_fonts(html_dir, names)  # before the rules go: it reads the glyphs the theme's rules place
    prune_icon_rules(html_dir, names)
    version_theme_css(html_dir)  # last: the stylesheet and fonts as they now are
