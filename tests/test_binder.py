"""Binder, reproduced: a fresh virtual environment from requirements.txt (exactly what Binder
installs). Its pins are consistent (`pip check`), every module of the package and everything
the notebooks import at their top level imports there, and the explorer (the page Binder is
launched for) runs from its own folder with that environment's kernel.

Every notebook is already executed twice in ``make test`` (the book build and nbval, both in
the project's environment); here one runs, to prove the kernel and the working folder Binder
gives it. Slow (minutes: the environment is created and filled): marked ``slow``, it runs in
``make test-slow`` (CI runs it after ``make test``). The Colab path (the package alone, with
its [book] extra) is tests/test_colab_env.py.
"""

from __future__ import annotations

import json
import subprocess
import venv
from pathlib import Path

import pytest

from conftest import ROOT

NOTEBOOK = "explorer.ipynb"

IMPORTS = """
import ast, importlib, json, pkgutil, sys
from pathlib import Path
from IPython.core.inputtransformer2 import TransformerManager

import freezelines

modules = {m.name for m in pkgutil.walk_packages(freezelines.__path__, "freezelines.")}
for path in sorted(Path("notebooks").glob("*.ipynb")):
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        if cell["cell_type"] != "code":
            continue
        tree = ast.parse(TransformerManager().transform_cell("".join(cell["source"])))
        for node in tree.body:  # top-level imports only: the Colab cell's are guarded by an `if`
            if isinstance(node, ast.Import):
                modules.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                modules.add(node.module)
for name in sorted(modules):
    importlib.import_module(name)
print(json.dumps(sorted(modules)))
"""

RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
nb.cells.append(nbformat.v4.new_code_cell("import sys; print('kernel-prefix', sys.prefix)"))
NotebookClient(nb, timeout=600, kernel_name="python3").execute()
errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
assert not errors, errors
print(nb.cells[-1].outputs[0]["text"].strip())
"""


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    env = tmp_path_factory.mktemp("binder") / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    install = subprocess.run(
        # Without byte-compiling every module (Binder does): the same packages, half pip's CPU time.
        [str(python), "-m", "pip", "install", *"--quiet --disable-pip-version-check --no-compile".split()]
        + ["-r", "requirements.txt"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    return python


def _run(python, *args, cwd=ROOT):
    # Only the fresh environment on PATH: nothing of the project's .venv can leak in.
    return subprocess.run(
        [str(python), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={
            "PATH": f"{python.parent}:/usr/bin:/bin",
            "HOME": str(python.parent.parent.parent),
            "PYDEVD_DISABLE_FILE_VALIDATION": "1",
        },
    )


@pytest.mark.slow
def test_the_pins_are_consistent(binder_env):
    check = _run(binder_env, "-m", "pip", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    listed = _run(binder_env, "-m", "pip", "list", "--format=json")
    installed = {p["name"].lower(): p["version"] for p in json.loads(listed.stdout)}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            assert installed.get(name.strip().lower()) == version.strip(), line


@pytest.mark.slow
def test_the_package_and_every_notebook_import_resolve(binder_env):
    result = _run(binder_env, "-c", IMPORTS)
    assert result.returncode == 0, result.stderr[-3000:]
    imported = json.loads(result.stdout.splitlines()[-1])
    assert "IPython.display" in imported and sum(name.startswith("freezelines.") for name in imported) >= 10


@pytest.mark.slow
def test_the_explorer_runs_from_its_folder_with_the_environments_kernel(binder_env):
    result = _run(binder_env, "-c", RUNNER, NOTEBOOK, cwd=ROOT / "notebooks")
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    prefix = result.stdout.strip().splitlines()[-1].removeprefix("kernel-prefix ")
    assert Path(prefix).resolve() == binder_env.parent.parent.resolve(), f"the kernel ran in {prefix}"
