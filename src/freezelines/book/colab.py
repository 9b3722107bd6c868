"""Colab support: the first cell of every notebook page, and the repository it fetches.

Colab opens a notebook alone, without the package or ``data/``. The first cell of each
notebook runs :func:`cell_source` only when it detects Colab: it clones the repository named in
``_config.yml`` (the one place the URL lives), installs its package with the ``book`` extra
(everything the notebooks import: see ``pyproject.toml``) and puts it on the path. Everywhere
else the cell does nothing, and the rest of the notebook does not care where the data came from.
"""

from __future__ import annotations

from pathlib import Path

from ..paths import ROOT


def repository_url(config: Path = ROOT / "_config.yml") -> str:
    """The repository URL of ``_config.yml`` (``repository: url:``)."""
    import yaml

    url = ((yaml.safe_load(config.read_text(encoding="utf-8")) or {}).get("repository") or {}).get("url")
    if not url:
        raise ValueError(f"{config}: no repository url")
    return str(url)


def cell_source(url: str | None = None) -> str:
    """The source of the Colab cell (identical in every notebook; the tests check it)."""
    url = url or repository_url()
    return (
        "# In Colab only: fetch the book's package and data (elsewhere this cell does nothing).\n"
        "import sys\n"
        'if "google.colab" in sys.modules:\n'
        f"    !git clone -q --depth 1 {url} /content/freeze-the-lines\n"
        '    %pip install -q -e "/content/freeze-the-lines[book]"\n'
        '    sys.path.insert(0, "/content/freeze-the-lines/src")\n'
        "    from google.colab import output\n"
        "    output.enable_custom_widget_manager()  # the live explorer's widgets\n"
        '    print("Colab: installed the freezelines package (with its [book] extra) and its data from the book\'s repository.")'
    )
