"""The browser files the book serves itself, copied into the site's ``_static`` after the build:
the book's own (``_static/`` beside this module), plotly.js (served as ``names.PLOTLY_JS``), the maps'
borders, and require.js and ``@jupyter-widgets/html-manager`` for pages that embed widget state
(myst-nb would otherwise load them from CDNs; ``nb_ipywidgets_js`` in ``_config.yml`` points here).

plotly.js is the book's own partial bundle: plotly.js's core with only the trace types the book
draws (scatter and bar), built by ``tools/plotly_bundle.mjs`` with esbuild from the npm package
``plotly.js`` (its source), the same plotly.js version as the plotly package. It weighs about 344 KB
gzip against 395 KB for plotly.js's "basic" bundle (which adds pie and world calendars).
All from the npm packages pinned in ``package.json`` (installed, and the bundle built, by the
Makefile's set-up, which ``make book`` runs)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from . import names

NODE_MODULES = Path(__file__).resolve().parents[3] / "node_modules"
PLOTLY_BUNDLE = ".freezelines/plotly.min.js"  # written by tools/plotly_bundle.mjs
HTML_MANAGER_DIST = "@jupyter-widgets/html-manager/dist"
VENDOR_FILES = {
    "vendor/require.js": "requirejs/require.js",
    f"vendor/npm/{HTML_MANAGER_DIST}/embed-amd.js": f"{HTML_MANAGER_DIST}/embed-amd.js",
}
VENDOR_GLOBS = {
    # The widget manager's fonts.
    f"vendor/npm/{HTML_MANAGER_DIST}": (HTML_MANAGER_DIST, ("*.woff", "*.woff2", "*.ttf", "*.eot", "*.svg")),
}


def plotly_js_path() -> Path:
    """The book's plotly.js bundle (tools/plotly_bundle.mjs), checked to be the plotly package's version."""
    import plotly

    path = NODE_MODULES / PLOTLY_BUNDLE
    if not path.is_file():
        raise FileNotFoundError(
            f"{path} is missing: run `npm ci` then `node tools/plotly_bundle.mjs` (make book's set-up does both)"
        )
    bundled = (Path(plotly.__file__).parent / "package_data" / "plotly.min.js").read_text()[:200]
    version = re.search(r"plotly\.js[^\n]*? v([0-9.]+)", path.read_text()[:200])
    if version is None or f"v{version.group(1)}" not in bundled:
        raise RuntimeError(
            f"{path} is not the plotly.js version of the plotly package: pin the matching plotly.js in package.json"
        )
    return path


def _vendor_file(source: str) -> Path:
    origin = NODE_MODULES / source
    if not origin.is_file():
        raise FileNotFoundError(
            f"{origin} is missing: run `npm ci` (make book does) to install the browser packages pinned in package.json"
        )
    return origin


def copy_static(app, exception) -> None:  # noqa: ANN001
    if exception is not None or app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(plotly_js_path(), static / names.PLOTLY_JS)
    from urllib.parse import unquote

    from ..viz.maps import base_picture

    (static / names.BASE_PICTURE_FILE).write_text(unquote(base_picture().split(",", 1)[1]), encoding="utf-8")
    for name in names.BOOK_FILES:
        shutil.copyfile(names.STATIC_DIR / name, static / name)
    for target, source in VENDOR_FILES.items():
        (static / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(_vendor_file(source), static / target)
    for target, (folder, patterns) in VENDOR_GLOBS.items():
        (static / target).mkdir(parents=True, exist_ok=True)
        for pattern in patterns:
            for origin in sorted((NODE_MODULES / folder).glob(pattern)):
                shutil.copyfile(origin, static / target / origin.name)
