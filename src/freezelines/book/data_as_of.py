"""Every page says how current its data are: the footer names each map tracker's last day in
``territory_daily.csv`` (:func:`freezelines.model.moved.coverage_end`) and links to the updates page,
where the latest update says what moved. Read once per build, so a weekly update's new days reach
every page with no edit."""

from __future__ import annotations

from functools import cache
from html import escape

from .. import constants as C

UPDATES_PAGE = "book/updates-and-corrections"


def data_to_text(ends: dict) -> str:
    """ "Front-line data: to <day> on <trackers>", one clause per last day, the latest first."""
    by_day: dict = {}
    for source, day in ends.items():
        by_day.setdefault(day, []).append(C.SOURCE_LABELS[source])
    clauses = [f"to {day:%-d %B %Y} on {' and '.join(labels)}" for day, labels in sorted(by_day.items(), reverse=True)]
    return "Front-line data: " + "; ".join(clauses)


@cache
def _text() -> str:
    from ..model.moved import coverage_end

    return data_to_text(coverage_end())


def add_to_footer(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """Append the data's last day, and a link to the updates page, to the theme's footer text
    (``html.extra_footer`` in ``_config.yml``)."""
    link = context["pathto"](UPDATES_PAGE)
    line = f'<p class="fl-data-to">{escape(_text())}. What moved: <a href="{escape(link)}">Updates and corrections</a>.</p>'
    context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + line
