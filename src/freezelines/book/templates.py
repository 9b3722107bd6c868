"""The book's markup templates (Jinja2, ``templates/`` beside this module, shipped as package data),
autoescaped, with a filter for data embedded in a page as inert JSON."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

TEMPLATE_DIR = Path(__file__).parent / "templates"

INERT_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def inert_json(value: Any) -> str:
    """JSON that is inert inside a ``<script>`` block: ``<``, ``>`` and ``&`` written as JSON escapes,
    so no text (a proposal's terms, a place name, a title) can close the block, open a comment
    that swallows the page (``<!--<script>``) or start markup; U+2028/2029 escaped too."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    for char, escape in INERT_ESCAPES:
        text = text.replace(char, escape)
    return text


@cache
def environment():
    import jinja2
    from markupsafe import Markup

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["inert_json"] = lambda value: Markup(inert_json(value))
    return env


def render(name: str, **context: Any) -> str:
    """The template ``name`` filled with ``context`` (every value escaped unless marked safe)."""
    return environment().get_template(name).render(**context)
