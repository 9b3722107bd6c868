"""Binder, reproduced: a fresh virtual environment from requirements.txt (exactly what Binder
installs), then every notebook executed from its own folder with that environment's kernel.

Slow (minutes): marked ``slow``, it runs in CI (.ci/run) or with FREEZELINES_SLOW=1. The
Colab path (the package alone, with its [book] extra) is tests/test_colab_env.py."""

from __future__ import annotations

import subprocess
import sys
import venv

import pytest

from conftest import ROOT

RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
path = sys.argv[1]
nb = nbformat.read(path, as_version=4)
NotebookClient(nb, timeout=600, kernel_name="python3").execute()
print("ok", path)
"""


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory):
    env = tmp_path_factory.mktemp("binder") / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert install.returncode == 0, install.stderr[-2000:]
    return python


@pytest.mark.slow
@pytest.mark.parametrize("notebook", sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb")))
def test_notebook_runs_in_a_binder_environment_from_its_own_folder(binder_env, notebook):
    result = subprocess.run(
        [str(binder_env), "-c", RUNNER, notebook],
        cwd=ROOT / "notebooks", capture_output=True, text=True,
        env={"PATH": f"{binder_env.parent}:/usr/bin:/bin", "HOME": str(binder_env.parent.parent)},
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    assert f"ok {notebook}" in result.stdout
    assert sys.executable != str(binder_env)
