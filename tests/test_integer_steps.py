"""Whole-number arrays travel as their steps, packed (book/integer_steps.py, viz/packed_integers.py),
and are unpacked and added back up by freezelines-plotly.js before drawing: a hand-made figure with
known steps, the losses chart's steps lighter packed than as JSON numbers, and the losses chart drawn
in Chromium with the same values, to the person, as the notebook computed."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from freezelines.book.chart_csv import values
from freezelines.book.integer_steps import as_steps
from freezelines.viz.packed_integers import pack, unpack

ROOT = Path(__file__).resolve().parents[1]


def typed(array: np.ndarray) -> dict:
    """Plotly.py's base64 typed array of ``array``."""
    out = {"dtype": array.dtype.str[1:], "bdata": base64.b64encode(array.tobytes()).decode()}
    if array.ndim > 1:
        out["shape"] = ", ".join(str(n) for n in array.shape)
    return out


def test_a_series_and_a_table_become_their_steps_down_the_first_axis():
    figure = {
        "data": [
            {"y": typed(np.array([10, 15, 15, 30], dtype="<i4"))},
            {"customdata": typed(np.array([[1, 2], [4, 6], [9, 9]], dtype="<i4"))},
            {"y": typed(np.array([0.5, 1.5], dtype="<f8"))},
        ],
        "frames": [{"data": [{"y": typed(np.array([3, 1], dtype="<u1"))}]}],
    }
    sent = as_steps(figure)
    assert sent["data"][0]["y"] == {"dtype": "i4", "steps": pack([10, 5, 0, 15]), "order": 1}
    assert sent["data"][1]["customdata"] == {
        "dtype": "i4",
        "shape": "3, 2",
        "steps": pack([1, 2, 3, 4, 5, 3]),
        "order": 1,
    }
    assert unpack(sent["data"][1]["customdata"]["steps"]) == [1, 2, 3, 4, 5, 3], "row by row, each column on its own"
    assert sent["data"][2] == figure["data"][2], "a float array is not whole numbers: sent as it was"
    assert sent["frames"][0]["data"][0]["y"] == {"dtype": "u1", "steps": pack([3, -2]), "order": 1}
    assert as_steps(sent) == sent, "a figure already sent as steps is left as it is"
    smooth = as_steps({"data": [{"y": typed(np.array([1000, 1100, 1210, 1330, 1460], dtype="<i4"))}]})
    assert smooth["data"][0]["y"] == {"dtype": "i4", "steps": pack([1000, -900, 10, 10, 10]), "order": 2}, (
        "a smooth curve goes as the steps of its steps, which pack shorter (9 characters against 11)"
    )
    large = as_steps({"data": [{"y": typed(np.array([4_000_000_000, 4_000_000_001], dtype="<u4"))}]})
    assert unpack(large["data"][0]["y"]["steps"]) == [4_000_000_000, 1], "beyond 32 bits, exact"
    assert "bdata" in figure["data"][0]["y"], "the figure itself is not changed"


def losses_figure() -> dict:
    """The losses chart as the notebook stored it (its daily bands are whole numbers)."""
    notebook = json.loads((ROOT / "notebooks" / "costs-of-war.ipynb").read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            figure = output.get("data", {}).get("application/vnd.plotly.v1+json")
            if figure and any("meta-estimate" in str(trace.get("name")) for trace in figure["data"]):
                return figure
    raise AssertionError("costs-of-war.ipynb has no losses chart (a trace named '…meta-estimate')")


def test_the_losses_chart_s_steps_weigh_less_packed_than_as_json_numbers():
    """The reason for packing: the losses chart's whole numbers (its ten daily series and two hover
    tables) as packed steps gzip to under 90% of the same steps written as a JSON list of numbers."""
    figure = losses_figure()
    sent = as_steps(figure)
    packed = [v for trace in sent["data"] for v in trace.values() if isinstance(v, dict) and "steps" in v]
    assert len(packed) >= 12 and all(isinstance(v["steps"], str) for v in packed)
    as_numbers = [{**v, "steps": unpack(v["steps"])} for v in packed]
    weight = {
        name: len(gzip.compress(json.dumps(arrays).encode(), 9))
        for name, arrays in (("packed", packed), ("numbers", as_numbers))
    }
    assert weight["packed"] < 0.9 * weight["numbers"], weight


@pytest.mark.book
def test_the_losses_chart_draws_the_notebook_s_numbers_to_the_person(page, site):  # noqa: ANN001
    from browser import watch

    figure = losses_figure()
    estimate = next(t for t in figure["data"] if "customdata" in t)
    band = figure["data"][0]
    state = watch(page, site)
    state.open("notebooks/costs-of-war.html")
    state.charts_ready()
    drawn = page.evaluate(
        """async (name) => {
          const div = [...document.querySelectorAll('div.freezelines-plotly')]
            .find((d) => (d.data || []).some((t) => t.name && t.name.replace(/<br>/g, ' ') === name));
          const trace = div.data.find((t) => (t.name || '').replace(/<br>/g, ' ') === name);
          const block = document.querySelector('script[data-for="' + div.id + '"]');  // its figure's file (data-src)
          return {y: Array.from(trace.y), customdata: trace.customdata.map((row) => Array.from(row)),
                  band: Array.from(div.data[0].y), sent: await (await fetch(block.dataset.src)).text()};
        }""",
        estimate["name"].replace("<br>", " "),
    )
    assert drawn["sent"].count('"steps"') >= 12, "the ten daily series and the two hover tables go as steps"
    assert drawn["y"] == values(estimate["y"])
    assert drawn["customdata"] == values(estimate["customdata"])
    assert drawn["band"] == values(band["y"])
    assert len(drawn["y"]) >= 1_600 and drawn["y"] == sorted(drawn["y"]), "a cumulative count, day by day"
    assert not state.errors, state.errors
