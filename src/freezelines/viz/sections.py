"""Page sections a notebook glues as one block: HTML with charts between them.

A chapter that pastes a varying number of sections (one per proposal, say) glues a
:class:`Sections`. Its output carries the HTML parts as text and each chart as its Plotly
figure (mime type :data:`SECTIONS_MIME`), so the book renders every chart the way it renders
any other (its markup, its CSV from the figure, its embed page) and never reads a chart back
out of HTML.
"""

from __future__ import annotations

import json

import plotly.graph_objects as go

SECTIONS_MIME = "application/vnd.freezelines.sections+json"


def html_part(html: str) -> dict:
    """A part of the sections that is HTML, pasted as it is."""
    return {"html": html}


def chart_part(figure: go.Figure, key: str) -> dict:
    """A part that is a chart: the figure as Plotly's JSON, and a key naming it among the charts
    of the block (the chart's element id is made from both)."""
    return {"figure": json.loads(figure.to_json()), "key": key}


class Sections:
    """The parts (:func:`html_part`, :func:`chart_part`) of one glued block, in order."""

    def __init__(self, parts: list[dict]):
        for index, part in enumerate(parts):
            if set(part) not in ({"html"}, {"figure", "key"}):
                raise ValueError(f"part {index} of the sections is neither HTML nor a chart: keys {sorted(part)}")
        self.parts = list(parts)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:  # noqa: ANN001 - IPython's protocol
        charts = sum(1 for part in self.parts if "figure" in part)
        return {
            SECTIONS_MIME: {"parts": self.parts},
            "text/plain": f"<{len(self.parts)} parts, {charts} charts: rendered by the book>",
        }
