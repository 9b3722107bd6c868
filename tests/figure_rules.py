"""The book's chart rules, checked on Plotly figures by the chart modules' tests."""

from __future__ import annotations

import numbers
import re

import numpy as np


def _values(fig, letter: str) -> list:
    values = []
    for trace in fig.data:
        data = getattr(trace, letter, None)
        if data is None:
            continue
        values += [v for v in np.asarray(data, dtype=object).ravel().tolist() if v is not None and v == v]
    return values


def assert_value_axes_titled(fig) -> None:
    """Every numeric axis shown has a title naming its unit in parentheses; an axis of dates or
    categories may go untitled (its tick labels say what it is)."""
    for letter in ("x", "y"):
        axis = fig.layout[f"{letter}axis"]
        values = _values(fig, letter)
        if axis.visible is False or not values:
            continue
        if all(isinstance(v, numbers.Number) and not isinstance(v, bool) for v in values) and axis.type != "date":
            title = axis.title.text or ""
            assert "(" in title and ")" in title, f"{fig.layout.title.text}: the {letter} axis has no unit: {title!r}"
        # d3's ".2s" writes zero as "0.0" and fifty thousand as "50k" beside it: "~s" writes "0" and "50k".
        assert not re.fullmatch(r"\.\d+s", axis.tickformat or ""), (
            f"{fig.layout.title.text}: the {letter} axis's ticks keep trailing zeros ({axis.tickformat!r}: '0.0'); use '~s'"
        )
