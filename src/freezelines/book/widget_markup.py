"""The markup of the static explorer and the "build your own deal" panel
(:file:`templates/explorer.html`, :file:`templates/deal_panel.html`): native controls, the map,
and the address of the widget's data (:mod:`freezelines.book.widget_data`: files the build writes
under ``_static/``), which ``freezelines-explorer.js`` and ``freezelines-deal.js`` fetch when the
widget starts. Addresses to the book's pages stay in the markup (``data-chapter``): the data files
are the same from every page.

``content`` is the full payload, or the notebook's marker (``{"every": 1}``): then the payload is
computed here, at build time, so that the notebook costs nothing in a kernel."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from . import names
from .chart_markup import chart_html, embed_control_html, share_html
from .embeds import WIDGET_HEIGHT_PX
from .templates import render
from .widget_data import DATA_DIR, carrier, deal_files, explorer_files


def _data_to(payload: dict) -> str:
    """ "Data to <day>: <trackers>" for each last day of the trackers' series."""
    last_days: dict[str, list[str]] = {}
    for key, entries in payload["sources"].items():
        last_days.setdefault(entries[-1]["label"], []).append(payload["source_labels"][key])
    return "Data to " + "; ".join(f"{day}: {' and '.join(labels)}" for day, labels in last_days.items())


def explorer_html(content: Any, element_id: str, drawn: list | None = None) -> str:
    """The static explorer (see the module's note on ``content``); its map's id and figure are
    added to ``drawn`` if given."""
    from ..viz.explorer import static_content

    payload = static_content(content)
    figure = payload.pop("figure")
    chapter = payload.pop("deals_chapter")
    source = payload["default"]["source"]
    default = payload["sources"][source][payload["default"]["index"]]
    presets = [(i, p["label"]) for i, p in enumerate(payload["presets"]) if p["source"] != "deal"]
    proposals = [(i, p["label"]) for i, p in enumerate(payload["presets"]) if p["source"] == "deal"]
    map_id = f"{element_id}-map"
    if drawn is not None:
        drawn.append((map_id, figure))
    return render(
        "explorer.html",
        id=element_id,
        map_id=map_id,
        explorer_class=names.EXPLORER_CLASS,
        sources=[(key, payload["source_labels"][key]) for key in payload["sources"]],
        default_source=source,
        comparators=list(payload["comparators"].items()),
        presets=presets,
        proposals=proposals,
        last=len(payload["sources"][source]) - 1,
        default_label=default["label"],
        data_to=_data_to(payload),
        sentence=default["sentence"],
        chart=Markup(chart_html(figure, map_id, embed=False)),
        share=Markup(share_html(element_id)),
        embed=Markup(embed_control_html(element_id, WIDGET_HEIGHT_PX["explorer"], "explorer")),
        chapter=chapter,
        **_data(*explorer_files(payload)),
    )


def deal_panel_html(content: Any, element_id: str, drawn: list | None = None) -> str:
    """The static deal panel (see the module's note on ``content``); its map's id and figure are
    added to ``drawn`` if given."""
    from ..viz.deal_panel import static_content

    payload = static_content(content)
    figure = payload.pop("figure")
    chapter = payload.pop("deals_chapter")
    map_id = f"{element_id}-map"
    if drawn is not None:
        drawn.append((map_id, figure))
    return render(
        "deal_panel.html",
        id=element_id,
        map_id=map_id,
        deal_class=names.DEAL_CLASS,
        days=[(d["key"], d["label"]) for d in payload["days"]],
        default_day=payload["default"],
        proposals=[(p["key"], f"{p['name']} ({p['date']})") for p in payload["proposals"]],
        chart=Markup(chart_html(figure, map_id, embed=False)),
        share=Markup(share_html(element_id)),
        embed=Markup(embed_control_html(element_id, WIDGET_HEIGHT_PX["deal"], "deal")),
        chapter=chapter,
        **_data(*deal_files(payload)),
    )


def _data(name: str, files: dict) -> dict:
    """A template's ``data_src`` (the first file the script fetches, from the page, as markup writes it
    before the page's path to ``_static`` is known) and ``files`` (the files' carrier)."""
    return {"data_src": f"{names.STATIC_TOKEN}/{DATA_DIR}/{name}", "files": Markup(carrier(files))}
