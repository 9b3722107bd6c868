"""Insert or refresh the Colab cell (freezelines.colab.cell_source) at the top of every notebook.
Usage: python tools/colab_cells.py [NOTEBOOK ...]   (default: every notebook in notebooks/)"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat

from freezelines.colab import cell_source

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


if __name__ == "__main__":
    paths = [Path(p) for p in sys.argv[1:]] or sorted((ROOT / "notebooks").glob("*.ipynb"))
    for path in paths:
        print(f"{path.name}: {'updated' if apply(path) else 'unchanged'}")
