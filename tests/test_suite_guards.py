"""The test suite does not hang on a notebook: a cell that never returns fails, naming its notebook, and
the next notebook runs in a kernel of its own. (CI once stopped at 90 minutes on a notebook's first cell.)"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from conftest import ROOT


def _notebook(path: Path, source: str, output: str | None = None) -> None:
    cell = nbformat.v4.new_code_cell(source, execution_count=1)
    if output is not None:
        cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": output}, execution_count=1)]
    nb = nbformat.v4.new_notebook(cells=[cell])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_a_cell_that_never_returns_fails_and_the_next_notebook_runs(tmp_path):
    _notebook(tmp_path / "a_hangs.ipynb", "import time\ntime.sleep(3600)")
    _notebook(tmp_path / "b_runs.ipynb", "6 * 7", "42")
    start = time.monotonic()
    # The suite's own configuration (pyproject.toml), with a 5 s cell timeout for the test's sake.
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
         "--nbval-cell-timeout=5", "-q", "-rA", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    elapsed = time.monotonic() - start
    assert run.returncode == 1, run.stdout + run.stderr
    assert "1 failed, 1 passed" in run.stdout, run.stdout
    assert "FAILED a_hangs.ipynb::Cell 0" in run.stdout
    assert "Timeout of 5 seconds exceeded" in run.stdout
    assert "PASSED b_runs.ipynb::Cell 0" in run.stdout
    assert elapsed < 120, f"the suite took {elapsed:.0f} s over a 5 s cell timeout"


def test_the_suites_cell_timeout_is_the_builds(pytestconfig):
    if not pytestconfig.getoption("nbval", default=False):
        pytest.skip("run without --nbval (the slow tests' own options)")
    build = yaml.safe_load((ROOT / "_config.yml").read_text())["execute"]["timeout"]
    assert float(pytestconfig.getoption("nbval_cell_timeout")) == build == 600
