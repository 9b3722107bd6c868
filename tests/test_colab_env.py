"""The Colab path: a fresh environment with the package alone (`pip install -e '.[book]'`, as
the Colab cell does) runs every notebook from its own folder.

Slow (a virtual environment is created and filled; every notebook is executed): marked
``slow``, it runs in CI (.ci/run) or with FREEZELINES_SLOW=1. pip uses whatever index and
cache the machine is configured with; it installs without byte-compiling every module
(``--no-compile``: Python compiles what the notebooks import as they import it), which halves
pip's CPU time and checks the same.
"""

from __future__ import annotations

import json
import subprocess
import time
import venv

import pytest

from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def fresh_env(tmp_path_factory):
    """A virtual environment with only `freezelines[book]` installed, and a Jupyter kernel spec for it."""
    home = tmp_path_factory.mktemp("colab")
    env = home / "venv"
    venv.EnvBuilder(with_pip=True, clear=True).create(env)
    python = env / "bin" / "python"
    start = time.perf_counter()
    result = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-compile", "-e", f"{ROOT}[book]"],
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    print(f"fresh environment installed in {time.perf_counter() - start:.0f} s")
    kernels = home / "jupyter" / "kernels" / "colab-like"
    kernels.mkdir(parents=True)
    (kernels / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [str(python), "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "colab-like",
                "language": "python",
            }
        )
    )
    return python, home / "jupyter"


@pytest.mark.slow
def test_the_fresh_environment_has_only_the_package_and_its_extras(fresh_env):
    python, _ = fresh_env
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=freeze"], capture_output=True, text=True
    ).stdout
    names = {line.split("==")[0].lower() for line in listed.splitlines()}
    assert "freezelines" in names and "myst-nb" in names
    assert "jupyter-book" not in names and "pytest" not in names, "the test environment leaked into the fresh one"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_runs_in_the_fresh_environment(fresh_env, notebook, monkeypatch):
    import nbformat
    from nbclient import NotebookClient

    python, jupyter_path = fresh_env
    monkeypatch.setenv("JUPYTER_PATH", str(jupyter_path))
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    nb = nbformat.read(notebook, as_version=4)
    client = NotebookClient(
        nb, kernel_name="colab-like", timeout=900, resources={"metadata": {"path": str(notebook.parent)}}
    )
    start = time.perf_counter()
    client.execute()
    print(f"{notebook.name}: {time.perf_counter() - start:.0f} s")
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, f"{notebook.name}: {errors[0]['ename']}: {errors[0]['evalue']}"
