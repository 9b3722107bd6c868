"""Where the book's files are, independent of the current working directory.

Binder and Colab start a notebook in its own folder; tests start at the root.
Every reader of ``data/`` goes through :func:`data_path`, so none depends on
where Python was started.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
"""The repository root (the package is installed in editable mode from ``src/``)."""


def data_dir() -> Path:
    """The folder of processed data: ``$FREEZELINES_DATA`` if set, else ``<root>/data``."""
    return Path(os.environ.get("FREEZELINES_DATA", ROOT / "data"))


def data_path(name: str) -> Path:
    """The path of one processed data file, with a clear error when it is missing."""
    path = data_dir() / name
    if not path.exists():
        raise FileNotFoundError(
            f"data file {name!r} not found in {data_dir()}: run `make data` to build it "
            "from the raw archives, or check out the repository's data/ folder"
        )
    return path


RAW_DEFAULT = ROOT / "data" / "raw"
"""The raw archives kept in the repository (``data/raw``), with their provenance and licences."""

RAW_RECORD = RAW_DEFAULT / "SHA256SUMS"
"""The sha256 of every raw file the pipeline reads (``sha256sum`` format, paths relative to the raw folder).

It lives in the repository, so a raw folder given with ``RAW=...`` is checked against it too."""


def raw_dir() -> Path:
    """The raw archives: ``$FREEZELINES_RAW`` if set, else ``data/raw`` in the repository."""
    return Path(os.environ.get("FREEZELINES_RAW", RAW_DEFAULT))
