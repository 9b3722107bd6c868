"""The lines the widgets' pages carry: Python packs them (freezelines.viz.explorer.encode, with
freezelines.viz.packed_integers), the page's one decoder (FreezeLines.decode in freezelines-common.js,
over the page's one unpacker, freezelinesUnpack in freezelines-plotly.js) reads them back in Chromium,
to the model's coordinates within the stated quantum (1/SCALE degree, rounded: half of it either way)."""

from __future__ import annotations

import random

import numpy as np
import pytest

from freezelines.book import names
from freezelines.model import deals as D
from freezelines.model import outlines
from freezelines.model import scenarios as M
from freezelines.viz import explorer as E
from freezelines.viz import packed_integers as P

SCRIPTS = [names.STATIC_DIR / names.LOADER_JS, names.STATIC_DIR / names.DOM_JS, names.STATIC_DIR / names.COMMON_JS]
"""The decoder's file and the ones it needs before it (the unpacker's, the DOM helper's), in the pages' order."""
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


EDGES = [0, -1, 1, 15, -16, 16, -17, 511, -512, 512, -513, 2**31, -(2**31) - 1, 2**32 + 7, P.LARGEST, -P.LARGEST]
"""Where a number takes one more character, 32-bit operators would overflow, and the largest the page reads exactly."""


def some_integers() -> list[int]:
    rng = random.Random(21)
    return EDGES + [rng.randint(-40_000, 40_000) for _ in range(2_000)]


def test_packing_round_trips_any_integers_and_refuses_what_it_did_not_write():
    values = some_integers()
    assert P.unpack(P.pack(values)) == values
    assert P.unpack(P.pack(np.array([3, -7, 40_000]))) == [3, -7, 40_000]
    assert len(P.pack(list(range(-16, 16)))) == 32  # a small step is one character
    assert len(P.pack([-512, 511])) == 4 and len(P.pack([512])) == 3
    assert set(P.pack(values)) <= set(P.DIGITS)
    assert P.pack([]) == "" and P.unpack("") == []
    with pytest.raises(ValueError, match="'!' at 3"):
        P.unpack("AAA!")
    with pytest.raises(ValueError, match=r"end inside a number \(at 2, after 0 numbers\)"):
        P.unpack(P.pack([1_000])[:-1])
    with pytest.raises(ValueError, match="too large to pack"):
        P.pack([P.LARGEST + 1])
    with pytest.raises(ValueError, match="a ring of 5 points"):
        E.decode(P.pack([5, 1, 1]))


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
    assert refused == 'packed integers have "," at 2: not one of the 64 digits'
    short = page.evaluate(
        "(t) => { try { window.FreezeLines.decode(t, 100); return ''; } catch (e) { return e.message; } }",
        P.pack([5, 1, 1]),
    )
    assert short == "an encoded line has a ring of 5 points where 1 remain"


def test_the_pages_unpacker_reads_every_integer_python_packs_and_refuses_a_bad_string(page):
    """The page's one unpacker (the charts' steps and the widgets' lines): the same numbers as Python,
    exact beyond 32 bits; a character that is not a digit, a string that ends inside a number or a
    number too long to be exact is refused with its position."""
    page.set_content("<!doctype html><title>unpacker</title>")
    page.add_script_tag(path=str(names.STATIC_DIR / names.LOADER_JS))
    values = some_integers()
    assert page.evaluate("(t) => window.freezelinesUnpack(t)", P.pack(values)) == values
    refusal = "(t) => { try { window.freezelinesUnpack(t); return ''; } catch (e) { return e.message; } }"
    assert page.evaluate(refusal, "AAA!") == 'packed integers have "!" at 3: not one of the 64 digits'
    assert page.evaluate(refusal, P.pack([7, 1_000])[:-1]) == "packed integers end inside a number (at 3)"
    assert page.evaluate(refusal, "g" * 12) == "packed integers have a number too long to be exact at 11"
