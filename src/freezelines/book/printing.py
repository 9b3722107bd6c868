"""Sphinx extension: the book's print stylesheet (``freezelines-print.css``, ``media="print"``).

A chapter printed from the browser, or saved as PDF, hides the theme's chrome and the controls,
keeps every chart with its headline and caption and writes out where links lead; the charts
themselves are drawn for the paper by ``freezelines-plotly.js`` before the page is printed."""

from __future__ import annotations

import shutil
from pathlib import Path

PRINT_CSS = "freezelines-print.css"
STATIC_DIR = Path(__file__).parent / "_static"


def _copy_print_css(app, exception) -> None:  # noqa: ANN001
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(STATIC_DIR / PRINT_CSS, static / PRINT_CSS)


def setup(app):  # noqa: ANN001
    app.add_css_file(PRINT_CSS, media="print", priority=900)
    app.connect("build-finished", _copy_print_css)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
