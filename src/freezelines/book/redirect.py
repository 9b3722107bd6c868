"""The site's root page: a redirect to the first chapter (:file:`templates/index_redirect.html`)."""

from __future__ import annotations

from pathlib import Path

from .templates import render


def index_redirect(app, exception) -> None:  # noqa: ANN001
    """Write the root page as a whole HTML page (language, title, favicon and a link for readers
    whose browser does not follow it), before sphinx-external-toc would write a bare ``<meta>``
    line (whose missing icon the browser then asks for as /favicon.ico, a 404 in the console)."""
    index = Path(app.outdir) / "index.html"
    root = app.config.root_doc
    if exception is not None or "html" not in app.builder.format or root == "index" or index.exists():
        return
    page = render(
        "index_redirect.html",
        language=app.config.language or "en",
        title=app.config.html_title or app.config.project,
        target=f"{root}.html",
        favicon=Path(app.config.html_favicon or "favicon.svg").name,
    )
    index.write_text(page, encoding="utf-8")
