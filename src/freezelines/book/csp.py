"""A Content-Security-Policy for every built page, as a ``<meta http-equiv>`` (the host serves
static files, so no header): scripts only from the book itself (``'self'`` and the SHA-256 hash
of each inline script the theme and Sphinx write on that page), no inline event handlers (the
theme's one, the print button's ``onclick``, is replaced by ``freezelines-print.js``; any other
stops the build), no connections elsewhere, no plugins, no ``<base>`` elsewhere; styles inline
too, as plotly.js draws with them. Written last, after every other change to the pages."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from markupsafe import Markup

from . import html_tree
from .templates import render

PRINT_BUTTON = ("btn-download-pdf-button", "window.print()")
"""The theme's print button: its class and the inline handler ``freezelines-print.js`` replaces."""
SCRIPT_TYPES = {"", "text/javascript", "application/javascript", "module"}
"""Types of script elements the browser runs (a JSON data block is not one)."""

POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


class InlineHandlerError(ValueError):
    """A built page carries an inline event handler (``on...=``), which the policy forbids."""


def _sha256(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def policy(inline_scripts: list[str]) -> str:
    """The policy of a page whose inline scripts are ``inline_scripts``."""
    directives = dict(POLICY)
    directives["script-src"] = [*POLICY["script-src"], *sorted({_sha256(s) for s in inline_scripts})]
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


def _with_leading_newline(text: str, start: int) -> int:
    return start - 1 if start and text[start - 1] == "\n" else start


def secure_page(text: str, where: str) -> str:
    """``text`` with its Content-Security-Policy and without the print button's inline handler."""
    elements = html_tree.parse(text)
    edits = []
    inline = []
    for element in elements:
        handlers = {name for name in element.attrs if name.startswith("on")}
        if handlers:
            if (
                element.classes()
                and PRINT_BUTTON[0] in element.classes()
                and element.attrs.get("onclick") == PRINT_BUTTON[1]
            ):
                attrs = {k: v for k, v in element.attrs.items() if k != "onclick"}
                edits.append((element.start, element.start_end, html_tree.start_tag(element, attrs)))
            else:
                raise InlineHandlerError(
                    f"{where}: <{element.tag}> has the inline event handler(s) {sorted(handlers)}, "
                    "which the pages' Content-Security-Policy forbids: attach it from a script the book serves"
                )
        if element.tag == "script" and "src" not in element.attrs and element.content_end is not None:
            if (element.attrs.get("type") or "").lower() in SCRIPT_TYPES:
                inline.append(text[element.start_end : element.content_end])
        if element.tag == "meta" and (element.attrs.get("http-equiv") or "").lower() == "content-security-policy":
            # A page kept from an earlier build into the same folder: its policy is written anew.
            edits.append((_with_leading_newline(text, element.start), element.start_end, ""))
    charset = next((e for e in elements if e.tag == "meta" and "charset" in e.attrs), None)
    head = next((e for e in elements if e.tag == "head"), None)
    anchor = charset or head
    if anchor is None:
        raise ValueError(f"{where}: no <head> to hold the Content-Security-Policy")
    # The policy holds only its keywords, quotes and base64 hashes: nothing to escape in the attribute.
    meta = "\n" + render("csp.html", policy=Markup(policy(inline))).rstrip("\n")
    edits.append((anchor.start_end, anchor.start_end, meta))
    return html_tree.apply(text, edits)


NOT_PAGES = {"_static", "_sources", "_images", "jupyter_execute"}
"""Folders of the site whose HTML files are not pages (a theme's template fragments)."""


def secure_site(html_dir: Path) -> None:
    for page in sorted(html_dir.rglob("*.html")):
        if NOT_PAGES & set(page.relative_to(html_dir).parts):
            continue
        text = page.read_text(encoding="utf-8")
        page.write_text(secure_page(text, str(page.relative_to(html_dir))), encoding="utf-8")


def on_build_finished(app, exception) -> None:  # noqa: ANN001
    if exception is None and app.builder.format == "html":
        secure_site(Path(app.outdir))
