"""The markup of one chart (:file:`templates/chart.html`) and of a widget's share controls: the
chart's headline as an HTML caption, an empty div that ``freezelines-plotly.js`` draws into when it
nears the viewport, the figure as inert JSON, and the "Embed" control of its embed page
(:mod:`freezelines.book.embeds`). No JavaScript is inlined."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from markupsafe import Markup

from . import names
from .integer_steps import as_steps
from .templates import render

EMBED_EXTRA_PX = 170
"""An embed page's headline (two lines), source and links around the chart."""
EMBED_WIDTH_PX = 680
"""The width of an article's column, which an embedded map's height follows."""


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


def chart_html(content: Any, element_id: str, embed: bool = True) -> str:
    """The HTML for one chart: its headline, an empty div, its figure as inert JSON, a link to its data
    and (``embed``) its "Embed" control; a widget's map has none (the widget has its own)."""
    headline, figure = web_figure(content)
    return figure_html(headline, figure, element_id, embed)


def figure_html(headline: str, figure: dict, element_id: str, embed: bool = True) -> str:
    """:func:`chart_html` of a figure already made for the web (an embed page draws the book's own)."""
    return render(
        "chart.html",
        id=element_id,
        headline=headline,
        figure=as_steps(figure),
        reserved=reserved_height(figure),
        chart_class=names.CHART_CLASS,
        static=names.STATIC_TOKEN,
        data_dir=names.CHART_DATA_DIR,
        embed=Markup(embed_control_html(element_id, embed_height(figure))) if embed else "",
    )


def embed_height(figure: dict) -> int:
    """The height (px) an embedding page gives a chart's iframe: the chart, its headline and its links;
    a map (``meta.aspect``) as ``freezelines-plotly.js`` sizes it in a frame :data:`EMBED_WIDTH_PX` wide."""
    layout = figure.get("layout") or {}
    meta = layout.get("meta") or {}
    if meta.get("aspect"):
        m = {side: (layout.get("margin") or {}).get(side) or 0 for side in "tblr"}
        return round(m["t"] + m["b"] + 40 + (EMBED_WIDTH_PX - m["l"] - m["r"]) * meta["aspect"]) + EMBED_EXTRA_PX
    return int(layout.get("height") or 450) + EMBED_EXTRA_PX


def embed_control_html(element_id: str, height: int, view: str = "") -> str:
    """The "Embed" control of a chart or (``view``: its name in the address) a widget: a button that
    shows the ``<iframe>`` HTML of its embed page (:mod:`freezelines.book.embeds`); hidden until
    ``freezelines-embed.js`` starts it."""
    from .embeds import embed_url

    return render("embed_control.html", id=element_id, src=embed_url(element_id), height=height, view=view)


def share_html(element_id: str) -> str:
    """A widget's "Copy link" and "Cite this view" controls, and where a link's adjusted view is
    noted; hidden until ``freezelines-common.js`` (which fills them with text only) starts them."""
    return render("share.html", id=element_id)
