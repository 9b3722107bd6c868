"""Make everything that names the repository follow `_config.yml` (`repository: url:`, the one
place the URL is set): the Colab cell (freezelines.book.colab.cell_source) at the top of every
notebook, and `repository-code` in CITATION.cff. Run it after changing the URL in a fork.
Usage: python tools/colab_cells.py [NOTEBOOK ...]   (default: every notebook in notebooks/)"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import nbformat

from freezelines.book.colab import cell_source, repository_url

ROOT = Path(__file__).resolve().parents[1]
CELL_ID = "colab"


def apply(path: Path) -> bool:
    notebook = nbformat.read(path, as_version=4)
    source = cell_source()
    existing = [c for c in notebook.cells if c.get("id") == CELL_ID]
    if existing:
        changed = existing[0].source != source
        existing[0].source = source
    else:
        cell = nbformat.v4.new_code_cell(source)
        cell.id = CELL_ID
        cell.metadata["tags"] = ["remove-cell"]
        first_code = next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")
        notebook.cells.insert(first_code, cell)
        changed = True
    if changed:
        nbformat.write(notebook, path)
    return changed


def citation(path: Path = ROOT / "CITATION.cff") -> bool:
    """Set CITATION.cff's ``repository-code`` to the URL of _config.yml."""
    text = path.read_text(encoding="utf-8")
    new = re.sub(r"^repository-code: .*$", f'repository-code: "{repository_url()}"', text, flags=re.MULTILINE)
    if new != text:
        path.write_text(new, encoding="utf-8")
    return new != text


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {'updated' if apply(path) else 'unchanged'}")
    print(f"CITATION.cff: {'updated' if citation() else 'unchanged'}")
