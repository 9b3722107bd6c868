"""Built HTML read with the standard library's HTML parser, never with regular expressions: the
elements of a page with where each sits in the text, so that a change (an attribute added or
dropped, an element removed, a tag inserted) touches those characters and leaves the rest of the
page byte for byte as the theme wrote it."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str | None]
    start: int
    """Where the start tag begins."""
    start_end: int
    """Just after the start tag."""
    end: int | None = None
    """Just after the end tag (None for a void element or one never closed)."""
    parent: Element | None = None
    children: list[Element] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    """Text directly inside, in order (see :meth:`text` for all of it)."""
    content_end: int | None = None
    """Where the end tag begins."""

    def text(self) -> str:
        """All the text inside, children's included, whitespace collapsed."""
        return " ".join(" ".join(self._pieces()).split())

    def _pieces(self) -> list[str]:
        pieces = list(self.texts)
        for child in self.children:
            pieces += child._pieces()
        return pieces

    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _TreeBuilder(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.source = text
        self.line_starts = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self.line_starts.append(index + 1)
        self.elements: list[Element] = []
        self.stack: list[Element] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):  # noqa: ANN001
        start = self._offset()
        raw = self.get_starttag_text() or ""
        element = Element(tag, dict(attrs), start, start + len(raw), parent=self.stack[-1] if self.stack else None)
        if element.parent is not None:
            element.parent.children.append(element)
        self.elements.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):  # noqa: ANN001
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):  # noqa: ANN001
        start = self._offset()
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth].tag == tag:
                element = self.stack[depth]
                element.content_end = start
                element.end = self.source.index(">", start) + 1
                del self.stack[depth:]
                return

    def handle_data(self, data):  # noqa: ANN001
        if self.stack:
            self.stack[-1].texts.append(data)


def parse(text: str) -> list[Element]:
    """Every element of ``text`` in document order."""
    builder = _TreeBuilder(text)
    builder.feed(text)
    builder.close()
    return builder.elements


def site_pages(html_dir: Path) -> list[Path]:
    """The built site's pages (book pages and embed pages): every HTML file outside ``_static``, in order."""
    return [page for page in sorted(html_dir.rglob("*.html")) if "_static" not in page.relative_to(html_dir).parts]


def html_text(fragment: str) -> str:
    """The text a reader sees in an HTML fragment (tags dropped, entities decoded, whitespace collapsed)."""
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())
    pieces: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = pieces.append
    parser.handle_starttag = lambda tag, attrs: pieces.append(" ") if tag == "br" else None
    parser.feed(fragment)
    parser.close()
    return " ".join("".join(pieces).split())


def start_tag(element: Element, attrs: dict[str, str | None]) -> str:
    """``element``'s start tag written with ``attrs`` (a valueless attribute stays valueless)."""
    parts = [element.tag]
    for name, value in attrs.items():
        parts.append(name if value is None else f'{name}="{html.escape(value, quote=True)}"')
    return f"<{' '.join(parts)}>"


def apply(text: str, edits: list[tuple[int, int, str]]) -> str:
    """``text`` with each ``(start, end, replacement)`` applied; the spans must not overlap."""
    out, position = [], 0
    for start, end, replacement in sorted(edits):
        if start < position:
            raise ValueError(f"overlapping HTML edits at character {start}")
        out += [text[position:start], replacement]
        position = end
    out.append(text[position:])
    return "".join(out)
