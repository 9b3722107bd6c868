"""Whole-number arrays sent as their steps. A daily series of cumulative counts (the losses chart's
bands: 1,640 days, exact to the person, for hover) is, as Plotly's base64 typed array, a run of bytes
gzip barely shrinks; as the differences from one day to the next it is a run of short numbers gzip
shrinks about threefold, and the steps of those steps (a smooth curve's) shorter still.
:func:`as_steps` rewrites every whole-number typed array of a figure (in its traces and frames) as
``{"dtype", "shape", "steps", "order"}``: the differences taken ``order`` times (1 or 2, whichever
packs shorter) down the first axis, each column of a ``shape`` of two numbers on its own, row by
row, packed into one string (:mod:`freezelines.viz.packed_integers`, the explorer's lines' transport
too); ``freezelines-plotly.js`` unpacks them and adds them back up ``order`` times before drawing.
The transport only: the figure's values, its CSV and its drawing are unchanged."""

from __future__ import annotations

import base64
from typing import Any

import numpy as np

from ..viz.packed_integers import pack

WHOLE_NUMBER_TYPES = frozenset({"i1", "u1", "i2", "u2", "i4", "u4"})
"""Plotly's whole-number typed arrays (it has no 64-bit ones)."""


def _differences(table: np.ndarray) -> np.ndarray:
    return np.diff(table, axis=0, prepend=np.zeros((1, table.shape[1]), dtype=np.int64))


def _steps(array: dict) -> dict:
    values = np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).astype(np.int64)
    shape = [int(n) for n in str(array.get("shape") or len(values)).split(",")]
    once = _differences(values.reshape(shape[0], -1))
    twice = _differences(once)
    order, steps = min(
        ((1, pack(once.ravel())), (2, pack(twice.ravel()))), key=lambda choice: (len(choice[1]), choice[0])
    )
    encoded = {"dtype": array["dtype"], "steps": steps, "order": order}
    if array.get("shape"):
        encoded["shape"] = array["shape"]
    return encoded


def _rewrite(value: Any) -> Any:
    if isinstance(value, dict):
        if value.get("dtype") in WHOLE_NUMBER_TYPES and "bdata" in value:
            return _steps(value)
        return {key: _rewrite(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_rewrite(item) for item in value]
    return value


def as_steps(figure: dict) -> dict:
    """The figure with every whole-number typed array of its traces (and its frames' traces) as steps."""
    out = dict(figure)
    if "data" in figure:
        out["data"] = _rewrite(figure["data"])
    if "frames" in figure:
        out["frames"] = _rewrite(figure["frames"])
    return out
