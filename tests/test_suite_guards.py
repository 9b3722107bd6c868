"""The test suite does not hang on a notebook: a cell that never returns fails, naming its notebook, and
the next notebook runs in a kernel of its own. (CI once stopped at 90 minutes at the start of a notebook.)"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from conftest import ROOT


def _notebook(path: Path, *cells: tuple[str, str | None]) -> None:
    """A notebook of code cells, each ``(source, stored text output or None)``."""
    nb = nbformat.v4.new_notebook()
    for source, output in cells:
        cell = nbformat.v4.new_code_cell(source, execution_count=1)
        if output is not None:
            cell.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": output}, execution_count=1)]
        nb.cells.append(cell)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


def test_a_cell_that_never_returns_fails_and_the_next_notebook_runs(tmp_path):
    """Two hangs: a cell that an interrupt ends (its notebook's next cell still runs in that kernel),
    and a frozen kernel that does not answer the interrupt (it is stopped, its other cells fail at
    once); the notebook after them runs in a kernel of its own."""
    _notebook(tmp_path / "a_sleeps.ipynb", ("import time\ntime.sleep(3600)", None), ("6 * 7", "42"))
    frozen = "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\ntime.sleep(3600)"
    _notebook(tmp_path / "b_frozen.ipynb", (frozen, None), ("6 * 7", "42"))
    _notebook(tmp_path / "c_runs.ipynb", ("6 * 7", "42"))
    start = time.monotonic()
    # The suite's own configuration (pyproject.toml), with a 5 s cell timeout for the test's sake.
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(tmp_path),
         "--nbval-cell-timeout=5", "-q", "-rA", str(tmp_path)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
    )  # fmt: skip
    elapsed = time.monotonic() - start
    out = run.stdout
    assert run.returncode == 1, out + run.stderr
    assert "FAILED a_sleeps.ipynb::Cell 0" in out and "Timeout of 5 seconds exceeded executing cell" in out
    assert "XPASS a_sleeps.ipynb::Cell 1" in out, out  # the interrupted kernel goes on (nbval expected a failure)
    assert "FAILED b_frozen.ipynb::Cell 0" in out and "Failed to interrupt kernel" in out
    assert "XFAIL b_frozen.ipynb::Cell 1" in out, out  # its kernel is stopped
    assert "PASSED c_runs.ipynb::Cell 0" in out
    assert "2 failed, 1 passed, 1 xfailed, 1 xpassed" in out
    assert elapsed < 150, f"the suite took {elapsed:.0f} s over two 5 s cell timeouts"


def test_the_suites_cell_timeout_is_the_builds(pytestconfig):
    if not pytestconfig.getoption("nbval", default=False):
        pytest.skip("run without --nbval (the slow tests' own options)")
    build = yaml.safe_load((ROOT / "_config.yml").read_text())["execute"]["timeout"]
    assert float(pytestconfig.getoption("nbval_cell_timeout")) == build == 600
