"""Shared fixtures: paths, the raw archives (when present), the built book served locally,
and Playwright driving Debian's Chromium (never a downloaded browser)."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HTML = Path(os.environ.get("FREEZELINES_HTML") or ROOT / "_build" / "html")
"""The built book: ``_build/html`` (``make book``), or ``$FREEZELINES_HTML`` for a build elsewhere."""
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def raw_or_skip(complete: bool = False) -> Path:
    """The raw archives (``data/raw`` in the repository, or ``$FREEZELINES_RAW``).

    With ``complete``, every file the pipeline reads must be there; a file that is not
    redistributed with the repository is a skip (a failure under FREEZELINES_REQUIRE_RAW,
    as in CI), naming it.
    """
    from freezelines.ingest.provenance import read_paths
    from freezelines.paths import raw_dir

    raw = raw_dir()
    missing = [p for p in read_paths() if not (raw / p).is_file()] if complete else []
    if not raw.is_dir() or missing:
        what = f"missing at {raw}" if not raw.is_dir() else f"incomplete at {raw}: no {', '.join(missing)}"
        if os.environ.get("FREEZELINES_REQUIRE_RAW"):
            pytest.fail(f"FREEZELINES_REQUIRE_RAW is set but the raw archives are {what}")
        pytest.skip(f"raw archives {what} (set FREEZELINES_RAW to a complete copy)")
    return raw


@pytest.fixture(scope="session")
def raw() -> Path:
    return raw_or_skip()


@pytest.fixture(scope="session")
def raw_complete() -> Path:
    """Every raw file the pipeline reads (the full rebuild needs them all)."""
    return raw_or_skip(complete=True)


SHARED = ROOT.parent / "shared"
"""The workshop's shared folder: the essay (copyrighted, never in the repository) and its checker."""


def essay_or_skip() -> Path:
    """The verbatim checker beside the essay in ``../shared``, or a skip saying why."""
    checker = SHARED / "tools" / "verbatim_check.py"
    if not checker.is_file():
        pytest.skip(
            f"the essay and its verbatim checker are not in the repository (the essay is copyrighted); "
            f"expected {checker.relative_to(ROOT.parent)} beside it"
        )
    return checker


@pytest.fixture(scope="session")
def built_book() -> Path:
    if not (HTML / "index.html").is_file():
        pytest.fail(
            f"the built book is missing at {HTML}: run `make book` (make test does) before the browser tests, "
            "or set FREEZELINES_HTML to a built book"
        )
    return HTML


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # noqa: D401 - silence per-request logging
        pass


@pytest.fixture(scope="session")
def site(built_book: Path):
    """The built book served on 127.0.0.1 (an ephemeral port) for the whole session."""
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


BOOK_FIXTURES = {"built_book", "site", "browser", "context", "page"}
"""A test using one of these needs the built book or a browser: it is marked ``book``."""


def pytest_collection_modifyitems(config, items):
    """Tests that use the built book or a browser are marked ``book``: ``make test`` runs the
    others while the book builds, and these after it.

    Tests marked ``slow`` (minutes long: the full rebuild from the raw archives, the Colab-like
    and Binder-like fresh environments) run only when FREEZELINES_SLOW is set, as ``make test-slow``
    does (and .ci/run after ``make test``); otherwise they are skipped, saying how to run them."""
    for item in items:
        if BOOK_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.book)
    if os.environ.get("FREEZELINES_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow (minutes): `make test-slow` runs it (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)
