"""The lines the widgets' pages carry: Python packs them (freezelines.viz.explorer.encode), the page's
one decoder (FreezeLines.decode in freezelines-common.js) reads them back in Chromium, to the model's
coordinates within the stated quantum (1/SCALE degree, rounded: half of it either way)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from freezelines.book import names
from freezelines.model import deals as D
from freezelines.model import outlines
from freezelines.model import scenarios as M
from freezelines.viz import explorer as E

SCRIPTS = [names.STATIC_DIR / names.DOM_JS, names.STATIC_DIR / names.COMMON_JS]
"""The decoder's file and the one it needs before it, in the pages' order."""
QUANTUM = 1 / E.SCALE


def model_paths(geom) -> list[np.ndarray]:
    """The rings the encoder is given (simplified for the web), in longitude and latitude, as the map draws them."""
    return [ring for ring in outlines.lonlat_rings(geom, E.WEB_TOLERANCE_M) if len(ring) >= 4]


@pytest.fixture(scope="module")
def geometries() -> dict[str, object]:
    """Lines of several shapes: a weekly line, the latest day, the pre-2022 line and a proposal's zone."""
    first, last = M.dates_available("deepstate")
    zone = next(D.price(p.key).geometries["dmz"] for p in D.PROPOSALS if D.price(p.key).dmz)
    return {
        "essay's day": M.line_on("2022-11-17").held,
        "latest day": M.line_on(last).held,
        "eve of the invasion": M.preset("eve_of_invasion").held,
        "a demilitarised zone": zone,
    }


def test_packing_round_trips_any_integers_and_refuses_what_it_did_not_write():
    rng = random.Random(21)
    values = [0, -1, 1, 15, -16, 16, -17, 511, -512, 512, -513] + [rng.randint(-40_000, 40_000) for _ in range(2_000)]
    assert E._unpack(E._pack(values)) == values
    assert len(E._pack(list(range(-16, 16)))) == 32  # a small step is one character
    assert set(E._pack(values)) <= set(E.DIGITS)
    with pytest.raises(ValueError, match="'!' at 3"):
        E._unpack("AAA!")
    with pytest.raises(ValueError, match="ends inside a number"):
        E._unpack(E._pack([1_000])[:-1])
    with pytest.raises(ValueError, match="a ring of 5 points"):
        E.decode(E._pack([5, 1, 1]))


def test_python_decodes_to_the_models_coordinates_within_the_quantum(geometries):
    for name, geom in geometries.items():
        xs, ys = E.decode(E.encode(geom))
        breaks = np.flatnonzero(np.isnan(xs))
        rings = model_paths(geom)
        assert len(breaks) == len(rings) > 0, name
        decoded = np.split(np.column_stack([xs, ys]), breaks + 1)[: len(rings)]
        for ring, got in zip(rings, decoded):
            got = got[~np.isnan(got[:, 0])]
            assert got.shape == ring.shape, name
            assert np.abs(got - ring).max() <= QUANTUM / 2 + 1e-9, name


def test_the_pages_decoder_reads_what_python_wrote(page, geometries):
    """Python encodes, Chromium decodes with the page's own script: the same points, to the model's
    coordinates within the quantum; a text that is not an encoded line is refused."""
    page.set_content("<!doctype html><title>decoder</title>")
    for script in SCRIPTS:
        page.add_script_tag(path=str(script))
    for name, geom in geometries.items():
        text = E.encode(geom)
        xs, ys = page.evaluate("([t, s]) => window.FreezeLines.decode(t, s)", [text, E.SCALE])
        py_x, py_y = E.decode(text)
        assert [None if np.isnan(v) else v for v in py_x] == xs, name
        assert [None if np.isnan(v) else v for v in py_y] == ys, name
        points = np.array([[x, y] for x, y in zip(xs, ys) if x is not None])
        model = np.vstack(model_paths(geom))
        assert points.shape == model.shape, name
        assert np.abs(points - model).max() <= QUANTUM / 2 + 1e-9, name
    assert page.evaluate("() => window.FreezeLines.decode('', 100)") == [[], []]
    refused = page.evaluate(
        "() => { try { window.FreezeLines.decode('AB,CD', 100); return ''; } catch (e) { return e.message; } }"
    )
    assert "not an encoded line" in refused
