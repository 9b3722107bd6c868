"""The markup of one chart (:file:`templates/chart.html`) and of a widget's share controls: the
chart's headline as an HTML caption, an empty div that ``freezelines-plotly.js`` draws into when it
nears the viewport, and the figure as inert JSON. No JavaScript is inlined."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from . import names
from .templates import render


def chart_id(content: Any, cell_index: int | str | None, output_index: int | str | None) -> str:
    """A deterministic element id for one chart output."""
    payload = json.dumps(content, sort_keys=True, separators=(",", ":"))
    digest = hashlib.sha1(f"{cell_index}:{output_index}:{payload}".encode()).hexdigest()
    return f"plotly-{digest[:12]}"


def as_figure(content: Any) -> dict:
    """A figure dict from a notebook output's content (a dict, or its JSON text)."""
    return json.loads(content) if isinstance(content, (str, bytes)) else content


def reserved_height(figure: dict) -> str:
    """An inline style that keeps the chart's room before plotly.js arrives (no layout shift)."""
    layout = figure.get("layout") or {}
    meta = layout.get("meta") or {}
    if meta.get("aspect"):
        return f"aspect-ratio:1/{meta['aspect']:.3f}"
    return f"height:{int(layout.get('height') or 450)}px"


def web_figure(content: Any) -> tuple[str, dict]:
    """The chart's headline and its figure as the page draws it (:func:`freezelines.viz.style.for_web`),
    every map's borders pointing to one file the browser fetches once."""
    from ..viz.maps import BASE_PICTURE_NAME
    from ..viz.style import for_web

    headline, figure = for_web(as_figure(content))
    for image in (figure.get("layout") or {}).get("images") or []:
        if image.get("name") == BASE_PICTURE_NAME:
            image["source"] = f"{names.STATIC_TOKEN}/{names.BASE_PICTURE_FILE}"
    return headline, figure


def chart_html(content: Any, element_id: str) -> str:
    """The HTML for one chart: its headline, an empty div, its figure as inert JSON, and a link to its data."""
    headline, figure = web_figure(content)
    return render(
        "chart.html",
        id=element_id,
        headline=headline,
        figure=figure,
        reserved=reserved_height(figure),
        chart_class=names.CHART_CLASS,
        static=names.STATIC_TOKEN,
        data_dir=names.CHART_DATA_DIR,
    )


def share_html(element_id: str) -> str:
    """A widget's "Copy link" and "Cite this view" controls, and where a link's adjusted view is
    noted; hidden until ``freezelines-common.js`` (which fills them with text only) starts them."""
    return render("share.html", id=element_id)
