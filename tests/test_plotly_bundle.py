"""The book's plotly.js (tools/plotly_bundle.mjs): plotly.js's core with the trace types the book draws,
rebuilt byte for byte from the pinned npm packages, carrying plotly.js's version and licence, refused
when its version is not the plotly package's, and holding every trace type and component the book's
figures use."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from freezelines.book import static_files

SCRIPT = ROOT / "tools" / "plotly_bundle.mjs"


def plotly_package_version() -> str:
    import plotly

    head = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:200]
    return re.search(r"plotly\.js v(\d+\.\d+\.\d+)", head).group(1)


def test_the_bundle_is_rebuilt_byte_for_byte(tmp_path):
    node = shutil.which("node")
    assert node, "node is missing: the README's set-up (Node.js/npm) builds the book's plotly.js"
    again = tmp_path / "plotly.min.js"
    run = subprocess.run(
        [node, str(SCRIPT), "--out", str(again)], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, (
        f"tools/plotly_bundle.mjs failed (is node_modules up to date? make setup):\n{run.stderr}"
    )
    built = static_files.plotly_js_path().read_bytes()
    assert again.read_bytes() == built, "tools/plotly_bundle.mjs no longer gives the bundle the set-up built"


def test_the_bundle_names_plotly_js_its_version_licence_and_how_it_was_made():
    head = static_files.plotly_js_path().read_text(encoding="utf-8")[:600]
    assert head.startswith(f"/**\n* plotly.js (freezelines: scatter, bar - minified) v{plotly_package_version()}\n")
    assert "* Copyright 2012-" in head and "Plotly, Inc." in head
    assert "* Licensed under the MIT license\n" in head
    assert re.search(r"tools/plotly_bundle\.mjs with esbuild \d+\.\d+\.\d+", head)
    # Lighter than plotly.js's "basic" bundle of the same version (1.19 MB): no pie, no world calendars.
    assert static_files.plotly_js_path().stat().st_size < 1_050_000


def test_a_bundle_of_another_plotly_js_version_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(static_files, "NODE_MODULES", tmp_path)
    with pytest.raises(FileNotFoundError, match="plotly_bundle.mjs"):
        static_files.plotly_js_path()
    bundle = tmp_path / static_files.PLOTLY_BUNDLE
    bundle.parent.mkdir(parents=True)
    real = f"/**\n* plotly.js (freezelines: scatter, bar - minified) v{plotly_package_version()}\n*/\nvar Plotly;\n"
    bundle.write_text(real)
    assert static_files.plotly_js_path() == bundle
    bundle.write_text(real.replace(f"v{plotly_package_version()}", "v1.0.0"))
    with pytest.raises(RuntimeError, match="not the plotly.js version of the plotly package"):
        static_files.plotly_js_path()


def test_the_bundle_holds_what_the_figures_use(page):
    """scatter and bar, and every layout component a figure of the book sets (annotations, shapes,
    images, legend, sliders, updatemenus, range slider and selector, error bars, hover); the
    components left out are not there."""
    page.set_content("<!doctype html><title>plotly.js</title><div id='chart' style='width:600px'></div>")
    page.add_script_tag(path=str(static_files.plotly_js_path()))
    schema = page.evaluate(
        """() => {
            const schema = Plotly.PlotSchema.get();
            const layout = schema.layout.layoutAttributes;
            return {traces: Object.keys(schema.traces).sort(), layout: Object.keys(layout),
                    xaxis: Object.keys(layout.xaxis), scatter: Object.keys(schema.traces.scatter.attributes)};
        }"""
    )
    assert schema["traces"] == ["bar", "scatter"]
    for key in ("annotations", "shapes", "images", "legend", "sliders", "updatemenus", "hovermode", "selections"):
        assert key in schema["layout"], key
    assert {"rangeslider", "rangeselector"} <= set(schema["xaxis"])
    assert "error_y" in schema["scatter"]
    assert "grid" not in schema["layout"]
    # What the main plot area draws (the range slider draws the traces a second time, smaller).
    drawn = page.evaluate(
        """() => { const days = ['2024-06-01', '2024-06-02', '2024-06-03']; return Plotly.newPlot('chart', [
                {type: 'scatter', x: days, y: [2, 1, 3], error_y: {array: [0.5, 0.5, 0.5]}, name: 'line'},
                {type: 'bar', x: days, y: [1, 2, 1], name: 'bars'}],
              {annotations: [{x: days[1], y: 3, text: 'note'}], shapes: [{type: 'line', x0: days[0], x1: days[2], y0: 2, y1: 2}],
               sliders: [{steps: ['a', 'b'].map(label => ({label, method: 'relayout', args: [{}]}))}],
               updatemenus: [{buttons: [{label: 'b', method: 'restyle', args: [{}]}]}],
               xaxis: {rangeslider: {visible: true}, rangeselector: {buttons: [{step: 'all'}]}}}).then(gd => {
              const count = (selector) => gd.querySelectorAll(selector).length;
              Plotly.Fx.hover(gd, [{curveNumber: 1, pointNumber: 1}]);
              return {bars: count('.cartesianlayer g.point'), errorbars: count('.cartesianlayer g.errorbar'),
                      legend: count('g.legend g.traces'), shape: count('.shapelayer path'),
                      annotation: gd.querySelector('g.annotation-text-g').textContent,
                      slider: count('g.slider-container'), menu: count('g.updatemenu-container'),
                      rangeslider: count('g.rangeslider-container'), rangeselector: count('g.rangeselector'),
                      hover: gd.querySelector('g.hoverlayer').textContent};
            }); }"""
    )
    assert drawn["bars"] == 3 and drawn["errorbars"] == 3 and drawn["legend"] == 2, drawn
    assert drawn["annotation"] == "note" and drawn["shape"] == 1, drawn
    assert drawn["slider"] == 1 and drawn["menu"] == 1, drawn
    assert drawn["rangeslider"] == 1 and drawn["rangeselector"] == 1, drawn
    assert "bars" in drawn["hover"], drawn
