"""A chart's data as a CSV a reader can use, written from the figure itself (not from the page):
named columns with their units (from the axis titles, the hover templates and the trace names),
plain text in every cell, the values as the figure holds them (the model's, to
``freezelines.viz.style.CHART_DECIMALS``), and comment lines with the chart's headline, its source,
the precision of the values and the rounding of what the chart shows (its hover templates' format,
else :data:`freezelines.constants.ROUNDING`). A map carries a table of what it shows instead
(``layout.meta.table``: areas and places by name, not polygon vertices)."""

from __future__ import annotations

import base64
import csv
import io
import re
from typing import Any

from ..constants import ROUNDING, SOURCE_LABELS
from ..viz.style import DAY_MS
from .html_tree import html_text

UNITS = (
    # (unit as a chart writes it, as a column name writes it, the rounding kind)
    ("km²", "km2", "km2"),
    ("km2", "km2", "km2"),
    ("km", "km", "km"),
    ("%", "percent", None),
    ("persons", "persons", None),
)
ROUNDING_WORDS = {
    "km2": f"areas to {ROUNDING['km2']:,} km²",
    "km": f"lengths to {ROUNDING['km']:,} km",
    "residents": f"residents to the {ROUNDING['residents']:,}",
}
ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")
PLACEHOLDER = re.compile(r"%\{[^}]*\}")
"""A hover template's ``%{y:,.0f}``: its ``%`` is no unit."""
FIXED_FORMAT = r"%\{{{letter}:[^}}]*?\.(\d+)f\}}"
"""A hover template's fixed-point format of a trace's ``x`` or ``y`` (``%{y:,.0f}``): the decimal
places the chart shows of the values it holds."""
SHOWN_UNITS = {"km2": "km²", "km": "km", "percent": "percentage point"}
"""A column's unit as a sentence on the chart's rounding names it."""
CREDIT = "# From the book Freeze the Lines? (code MIT, text CC BY 4.0, data under each source's licence)"


def values(value: Any) -> list | None:
    """A trace's x or y as a list: plain JSON lists, or Plotly's base64 typed arrays (``bdata``)."""
    if isinstance(value, list):
        return value
    if isinstance(value, dict) and "bdata" in value:
        import numpy as np

        array = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        if value.get("shape"):
            array = array.reshape([int(n) for n in str(value["shape"]).split(",")])
        return [None if isinstance(v, float) and v != v else v for v in array.tolist()]
    return None


def _steps(start: Any, step: Any, count: int) -> list:
    """The coordinates Plotly gives a trace that has ``x0`` and ``dx`` (or ``y0``, ``dy``) instead of
    ``x``: ``count`` of them from ``start`` by ``step``; on a date axis (``start`` a day, ``step`` in
    milliseconds, whole days) as days, ``YYYY-MM-DD``."""
    import datetime as dt

    start = 0 if start is None else start
    step = 1 if step is None else step
    if isinstance(start, str):
        if not ISO_DAY.fullmatch(start) or step % DAY_MS:
            raise ValueError(f"a trace's steps from {start!r} by {step!r}: only whole days from a day are read")
        first = dt.date.fromisoformat(start)
        return [(first + dt.timedelta(days=i * step // DAY_MS)).isoformat() for i in range(count)]
    return [start + i * step for i in range(count)]


def coordinates(trace: dict, letter: str) -> list | None:
    """A trace's ``x`` or ``y`` (``letter``) as a list, whether it holds them or Plotly makes them
    from ``x0`` and ``dx`` (``y0``, ``dy``) with one for each value of the other axis."""
    own = values(trace.get(letter))
    if own is not None:
        return own
    other = values(trace.get("y" if letter == "x" else "x"))
    if other is None or not ({f"{letter}0", f"d{letter}"} & set(trace)):
        return None
    return _steps(trace.get(f"{letter}0"), trace.get(f"d{letter}"), len(other))


def _meta(trace: dict) -> dict:
    return trace["meta"] if isinstance(trace.get("meta"), dict) else {}


def held_values(trace: dict, letter: str) -> list | None:
    """A trace's values as the model holds them: its ``letter`` coordinates, or, where the chart draws
    them moved (a zero clipped to 0.5 on a log axis) and keeps the true ones for hover, the trace's
    ``customdata`` (``meta.values: "customdata"``)."""
    if _meta(trace).get("values") == "customdata":
        return values(trace.get("customdata"))
    return coordinates(trace, letter)


def series_name(trace: dict) -> str:
    """The name of a trace's series in a CSV: its ``meta.series`` where it gives one (the lower edge
    of a band whose legend entry is the band), else its name, as plain text."""
    name = _meta(trace).get("series") or trace.get("name")
    return html_text(str(name or ""))


def _title(layout: dict, axis: str) -> str:
    title = (layout.get(axis) or {}).get("title") if isinstance(layout.get(axis), dict) else None
    text = title.get("text", "") if isinstance(title, dict) else (title or "")
    return html_text(str(text))


def _unit(*texts: str) -> tuple[str, str | None]:
    """The unit a column's title or hover template names (as a column name writes it) and its rounding kind."""
    for text in texts:
        for written, name, kind in UNITS:
            if re.search(rf"(?<![\w]){re.escape(written)}(?![\w²])", text or ""):
                return name, kind
    return "", None


def column_name(title: str, unit: str, fallback: str) -> str:
    """``Area held (km²)`` -> ``area_held_km2``: lower case, words joined by ``_``, the unit last."""
    words = re.sub(r"\([^)]*\)", " ", title).lower()
    words = re.sub(r"[^a-z0-9]+", "_", words).strip("_") or fallback
    return f"{words}_{unit}" if unit and not words.endswith(unit) else words


def _axis_column(layout: dict, axis: str, traces: list[dict], letter: str) -> tuple[str, str | None]:
    title = _title(layout, axis)
    points = [v for t in traces for v in [p for p in coordinates(t, letter) or [] if p is not None][:3]]
    if points and all(isinstance(v, str) and ISO_DAY.match(v) for v in points):
        return "date", None
    templates = [PLACEHOLDER.sub(" ", str(t.get("hovertemplate") or "")) for t in traces]
    unit, kind = _unit(title, *templates)
    if "resident" in title.lower():
        kind = "residents"
    if not any(isinstance(v, (int, float)) for v in points):
        unit, kind = "", None
    return column_name(title, unit, "label" if points and isinstance(points[0], str) else letter), kind


def _numbers(points: list | None) -> bool:
    """Whether a trace's coordinates are numbers (not categories or dates)."""
    present = [v for v in points or [] if v is not None]
    return bool(present) and all(isinstance(v, (int, float)) for v in present)


def _series_column(names: list[str]) -> str:
    return "tracker" if names and all(name in SOURCE_LABELS.values() for name in names) else "series"


def _decimals(numbers: list[float]) -> int:
    places = 0
    for number in numbers:
        text = repr(float(number))
        if "e" in text:
            return 6
        places = max(places, len(text.split(".")[1].rstrip("0")))
    return places


def _shown_decimals(traces: list[dict], letter: str) -> int | None:
    """The fewest decimal places the traces' hover templates show their ``letter`` (``x`` or ``y``)
    with (``%{y:,.0f}``: 0), or None if no template formats it so."""
    pattern = re.compile(FIXED_FORMAT.format(letter=letter))
    found = [int(d) for t in traces for d in pattern.findall(str(t.get("hovertemplate") or ""))]
    return min(found) if found else None


def _rounding_words(kind: str | None, shown: int | None, unit: str) -> str:
    """How the chart rounds what it shows: as its hover templates format the values (``shown``
    decimal places), else as the book rounds their kind (:data:`ROUNDING_WORDS`)."""
    if shown is None:
        return f"; the chart's labels and text round {ROUNDING_WORDS[kind]}" if kind in ROUNDING_WORDS else ""
    words = SHOWN_UNITS.get(unit)
    if shown == 0:
        step = f"the whole {words}" if words else "whole numbers"
    else:
        step = f"{10**-shown:.{shown}f}{' ' + words if words else ''}"
    return f"; the chart's hover text rounds them to {step}"


def _precision_line(kind: str | None, numbers: list[float], unit: str, shown: int | None = None) -> str:
    if not numbers:
        return "# Values as the chart holds them (no numeric values: dates and labels)"
    places = _decimals(numbers)
    held = f"to {places} decimal place{'s' if places != 1 else ''}" if places else "as whole numbers"
    unit_words = {"km2": " km²", "km": " km", "percent": " %", "persons": "", "residents": ""}.get(unit, "")
    held = f"{held}{' (' + unit_words.strip() + ')' if unit_words else ''}"
    return f"# Values as the chart holds them, {held}{_rounding_words(kind, shown, unit)}"


def _cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html_text(value) if isinstance(value, str) else value


def _points(figure: dict) -> tuple[list[str], list[list], str | None, str, int | None]:
    """The header and rows of a chart's points, its value column's rounding kind and unit, and the
    decimal places its hover text shows of the values."""
    layout = figure.get("layout") or {}
    traces = [
        t
        for t in figure.get("data") or []
        if coordinates(t, "x") is not None and coordinates(t, "y") is not None and not _meta(t).get("drawn_only")
    ]  # a connecting line (``meta.drawn_only``) joins values other series hold: no data of its own
    horizontal = any(t.get("orientation") == "h" for t in traces) or (
        bool(traces) and _numbers(coordinates(traces[0], "x")) and not _numbers(coordinates(traces[0], "y"))
    )
    category, value = ("y", "x") if horizontal else ("x", "y")
    first = traces[0] if traces else {}
    category_axis = f"{category}axis{(first.get(f'{category}axis') or category)[1:]}"
    value_axis = f"{value}axis{(first.get(f'{value}axis') or value)[1:]}"
    category_name, _ = _axis_column(layout, category_axis, traces, category)
    value_name, kind = _axis_column(layout, value_axis, traces, value)
    if value_name == category_name:
        value_name = f"{value_name}_value"
    names = [series_name(t) for t in traces]
    named = any(names)
    if named and not all(names):
        headline = (
            html_text(str((layout.get("meta") or {}).get("headline") or ""))
            if isinstance(layout.get("meta"), dict)
            else ""
        )
        unnamed = [i for i, name in enumerate(names) if not name]
        raise ValueError(
            f"chart {headline[:80]!r}: series {unnamed} of {len(names)} have no name for the CSV's "
            "series column: give each trace a name (or meta.series, for a band's edge)"
        )
    series = _series_column(names)
    header = ([series] if named else []) + [category_name, value_name]
    rows = []
    for name, trace in zip(names, traces):
        for point in zip(coordinates(trace, category), held_values(trace, value)):
            if all(v is None for v in point):
                continue  # the gap between two pieces of a line (Plotly's None), no point
            rows.append(([name] if named else []) + [_cell(v) for v in point])
    unit = next((name for _, name, _ in UNITS if value_name.endswith(f"_{name}")), "")
    return header, rows, kind, unit, _shown_decimals(traces, value)


def chart_csv(figure: dict, page_url: str = "") -> str:
    """A chart's data as CSV after comment lines: the headline, the source, the precision and rounding, the credit."""
    layout = figure.get("layout") or {}
    meta = layout.get("meta") if isinstance(layout.get("meta"), dict) else {}
    title = (
        (layout.get("title") or {}).get("text", "") if isinstance(layout.get("title"), dict) else layout.get("title")
    )
    headline = html_text(meta.get("headline") or str(title or "")) or "Chart"
    source = html_text(meta.get("source") or "") or "see the caption under the chart"
    out = io.StringIO()
    out.write(f"# {headline}\n")
    out.write(f"# Source: {source}{f' ({page_url})' if page_url else ''}\n")
    writer = csv.writer(out, lineterminator="\n")
    table = meta.get("table")
    if table:
        from ..viz.style import TABLE_COLUMNS

        areas = [row[TABLE_COLUMNS.index("km2")] for row in table]
        numbers = [v for v in areas if isinstance(v, (int, float))]
        out.write(_precision_line("km2", numbers, "km2").replace("Values", "Areas") + "\n")
        out.write(CREDIT + "\n")
        writer.writerow(TABLE_COLUMNS)
        writer.writerows([[_cell(v) for v in row] for row in table])
        return out.getvalue()
    header, rows, kind, unit, shown = _points(figure)
    numbers = [row[-1] for row in rows if isinstance(row[-1], (int, float))]
    out.write(_precision_line(kind, numbers, unit, shown) + "\n")
    out.write(CREDIT + "\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
