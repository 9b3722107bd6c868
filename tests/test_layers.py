"""The package's layers: raw archives -> processed data -> measures -> figures -> pages.

Each module of ``freezelines`` belongs to one layer; no module imports from a layer above its
own (checked on the source with ``ast``, imports inside functions included). ``make data``
(the ingest layer) runs where no chart library can be imported.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT

PACKAGE = ROOT / "src" / "freezelines"

LAYERS = ("base", "ingest", "model", "viz", "book")
"""From the bottom up: a module may import from its own layer and the layers below it."""

CLASSIFIED = {
    # Shared by every layer: where the data are, the dates of record, the equal-area frame.
    "base": {"freezelines", "freezelines.constants", "freezelines.paths", "freezelines.geometry"},
    # Raw archives -> data/ (``make data``).
    "ingest": {"freezelines.ingest"},
    # data/ -> measures, scenarios and the numbers the pages quote.
    "model": {"freezelines.model"},
    # Measures -> figures, maps, text summaries and the widgets' front ends.
    "viz": {"freezelines.viz"},
    # Figures -> pages: the Sphinx extension and the Colab cell.
    "book": {"freezelines.book"},
}
"""Every module of the package, by layer (a subpackage's name stands for all its modules)."""

PENDING: dict[tuple[str, str], str] = {}
"""Known imports against the layers, each to be removed when it is fixed (the test says when)."""

CHART_LIBRARIES = ("plotly", "matplotlib", "ipywidgets", "anywidget")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def layer_of(name: str) -> str | None:
    for layer, names in CLASSIFIED.items():
        for known in names:
            if name == known or (known != "freezelines" and name.startswith(known + ".")):
                return layer
    return None


def imports(name: str, path: Path) -> set[str]:
    """Every module of the package that ``name`` imports (at the top or inside a function)."""
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("freezelines")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("freezelines"):
                continue
            # ``from . import x`` names modules; ``from .x import y`` names attributes of x.
            for alias in node.names:
                candidate = f"{target}.{alias.name}"
                found.add(candidate if candidate in modules() else target)
    return found


def test_every_module_has_a_layer():
    unknown = sorted(name for name in modules() if layer_of(name) is None)
    assert not unknown, f"classify these modules in CLASSIFIED (tests/test_layers.py): {unknown}"


def test_no_module_imports_from_a_layer_above_its_own():
    rank = {layer: i for i, layer in enumerate(LAYERS)}
    found = {}
    for name, path in modules().items():
        if layer_of(name) is None:
            continue  # test_every_module_has_a_layer names it
        for target in imports(name, path):
            if layer_of(target) and rank[layer_of(target)] > rank[layer_of(name)]:
                found[(name, target)] = f"{name} ({layer_of(name)}) imports {target} ({layer_of(target)})"
    new = {pair: text for pair, text in found.items() if pair not in PENDING}
    assert not new, "imports against the layers:\n" + "\n".join(sorted(new.values()))
    fixed = sorted(f"{a} -> {b}" for a, b in PENDING if (a, b) not in found)
    assert not fixed, f"fixed, so remove them from PENDING in tests/test_layers.py: {fixed}"


def test_the_folders_are_the_layers():
    """Only the base modules sit at the package's top; every other module is in its layer's folder."""
    for name in modules():
        parts = name.split(".")
        assert len(parts) <= 2 or parts[1] in LAYERS, name
        if len(parts) == 2 and parts[1] not in LAYERS:
            assert layer_of(name) == "base", f"{name} belongs in one of the layer folders {LAYERS[1:]}"


def test_an_upward_import_is_found(tmp_path):
    """The check sees relative imports, inside functions too (a test that can fail)."""
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n    from ..viz import maps\n    from ..book.sphinx_ext import chart_html\n")
    found = imports("freezelines.model.fake", fake)
    assert {"freezelines.viz.maps", "freezelines.book.sphinx_ext"} <= found
    assert {layer_of(t) for t in found} == {"viz", "book"}


def test_the_ingest_and_model_layers_import_no_chart_library():
    for name, path in modules().items():
        if layer_of(name) not in ("ingest", "model"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else ([node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            )
            for imported in names:
                assert imported.split(".")[0] not in CHART_LIBRARIES, f"{name} imports {imported}"


GEOMETRY_ENGINES = ("shapely", "pyproj", "geopandas")
"""The figure layer draws: it measures nothing, so it imports no geometry engine (measures are in model/)."""


def third_party_imports(path: Path) -> set[str]:
    """The top-level names of every absolute import in a module (at the top or inside a function)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_figure_layer_imports_no_geometry_engine():
    viz = {name: path for name, path in modules().items() if layer_of(name) == "viz"}
    assert len(viz) > 5
    for name, path in viz.items():
        engines = third_party_imports(path) & set(GEOMETRY_ENGINES)
        assert not engines, f"{name} imports {sorted(engines)}: move the measure into freezelines.model"


def test_a_geometry_import_in_the_figure_layer_is_found(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("import numpy\ndef f():\n    from shapely.geometry import shape\n    import pyproj as p\n")
    assert third_party_imports(fake) & set(GEOMETRY_ENGINES) == {"shapely", "pyproj"}


BLOCKER = textwrap.dedent(
    """
    import importlib.abc, runpy, sys

    class NoCharts(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in {blocked!r}:
                raise ModuleNotFoundError(f"No module named {{name!r}} (blocked by tests/test_layers.py)")
            return None

    sys.meta_path.insert(0, NoCharts())
    try:
        import plotly  # noqa: F401
    except ModuleNotFoundError:
        pass
    else:
        raise SystemExit("the blocker let plotly through")
    """
)


def run_without_charts(code: str) -> subprocess.CompletedProcess:
    script = BLOCKER.format(blocked=set(CHART_LIBRARIES)) + textwrap.dedent(code)
    env = {**os.environ, "PYTHONPATH": str(PACKAGE.parent)}
    return subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300
    )


def test_make_data_imports_without_plotly():
    """Every ingest module, and ``python -m freezelines.ingest.pipeline --help``, with plotly
    unimportable; nothing from the model, figure or book layers is loaded on the way."""
    ingest = sorted(name for name in modules() if name.startswith("freezelines.ingest"))
    base = sorted(CLASSIFIED["base"])
    result = run_without_charts(
        f"""
        import importlib
        for name in {ingest!r}:
            importlib.import_module(name)
        loaded = sorted(n for n in sys.modules if n.startswith("freezelines"))
        stray = [n for n in loaded if not n.startswith("freezelines.ingest") and n not in {base!r}]
        if stray:
            raise SystemExit(f"the ingest layer loaded {{stray}}")
        sys.argv = ["freezelines.ingest.pipeline", "--help"]
        try:
            runpy.run_module("freezelines.ingest.pipeline", run_name="__main__")
        except SystemExit as exit:
            if exit.code:
                raise
        print("ingest ok")
        """
    )
    assert result.returncode == 0 and "ingest ok" in result.stdout, result.stderr[-3000:]
    assert "--raw" in result.stdout  # the pipeline's own help


@pytest.mark.parametrize("module", ["conflict", "costs"])
def test_the_build_steps_run_without_plotly(raw, module, tmp_path):
    """The conflict and costs tables build from the raw files with plotly unimportable."""
    result = run_without_charts(
        f"""
        from pathlib import Path
        from freezelines.ingest import {module}
        {module}.build(Path({str(raw)!r}), Path({str(tmp_path)!r}))
        print("built")
        """
    )
    assert result.returncode == 0 and "built" in result.stdout, result.stderr[-3000:]
    assert sorted(p.name for p in (tmp_path / module).glob("*.csv"))
