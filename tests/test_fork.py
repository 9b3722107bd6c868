"""The fork path: the repository URL is set once, in _config.yml, and everything that names the
repository follows it; the README says how to fork; the workflow passes a real linter."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from freezelines.book.colab import cell_source, repository_url

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def test_the_url_is_read_from_config(config):
    assert repository_url() == config["repository"]["url"]
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository_url())


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_the_colab_cell_follows_config(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    first = next(c for c in cells if c["cell_type"] == "code")
    assert first.get("id") == "colab" and "remove-cell" in first["metadata"].get("tags", [])
    assert "".join(first["source"]) == cell_source(), f"{notebook.name}: run python tools/colab_cells.py"
    assert "[book]" in "".join(first["source"]), "Colab must install the book extra (myst-nb and the rest)"


def test_citation_follows_config():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["repository-code"] == repository_url(), "run python tools/colab_cells.py"


def test_no_other_file_names_the_repository():
    url = repository_url()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True).stdout.split()
    allowed = {"_config.yml", "CITATION.cff"} | {str(p.relative_to(ROOT)) for p in NOTEBOOKS}
    for name in tracked:
        path = ROOT / name
        if (
            name in allowed
            or name.startswith(("data/", "node_modules/"))
            or not path.is_file()
            or path.stat().st_size > 2_000_000
        ):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        assert url not in text, f"{name} names the repository: read it from _config.yml instead"


def test_binder_and_colab_links_follow_config(config, built_book):
    """In the built book (make test builds it first): every launch link points at the configured repository."""
    pages = sorted((built_book / "notebooks").glob("*.html"))
    assert pages, "the built book has no notebook pages"
    owner_repo = repository_url().removeprefix("https://github.com/")
    branch = config["repository"]["branch"]
    binder = f"{config['launch_buttons']['binderhub_url']}/v2/gh/{owner_repo}/{branch}?urlpath="
    colab = f"{config['launch_buttons']['colab_url']}/github/{owner_repo}/blob/{branch}/notebooks/"
    for page in pages:
        html = page.read_text(encoding="utf-8")
        links = re.findall(r'https://(?:mybinder\.org|colab\.research\.google\.com)[^"\']*', html)
        assert any(link.startswith(binder) for link in links), f"{page.name}: no Binder link to {binder}"
        assert any(link.startswith(colab + page.stem + ".ipynb") for link in links), f"{page.name}: no Colab link"
        assert all(owner_repo in link for link in links), page.name


def test_the_readme_says_how_to_fork():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Fork this book", 1)[1].split("\n## ", 1)[0]
    for needle in ("_config.yml", "tools/colab_cells.py", "Pages", "GitHub Actions", ".github/workflows/book.yml"):
        assert needle in section, needle


def _zizmor() -> str:
    found = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if not found:
        message = "the workflow linter zizmor (PyPI) is not installed: add it to requirements.txt"
        if os.environ.get("FREEZELINES_REQUIRE_RAW"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def test_the_workflow_passes_the_linter():
    result = subprocess.run(
        [_zizmor(), "--offline", "--min-severity", "low", ".github/workflows/book.yml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_linter_catches_a_broken_workflow(tmp_path):
    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    shutil.copy(ROOT / ".github" / "zizmor.yml", tmp_path / ".github" / "zizmor.yml")
    text = (ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8")
    (workflows / "book.yml").write_text(
        re.sub(
            r"actions/setup-node@\S+",
            "someone/setup-node@v4",
            text.replace("persist-credentials: false", "persist-credentials: true"),
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [_zizmor(), "--offline", str(workflows / "book.yml")], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode != 0 and "unpinned-uses" in result.stdout + result.stderr
