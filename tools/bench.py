"""`make bench`: the book's speed, measured and printed (never asserted).

Prints, in one run:
* the time of `make data` (into a temporary folder; skipped without the raw archives),
  of nbval over every notebook, and of a clean book build;
* for every built page, its bytes (HTML plus everything it loads, plotly.js counted once)
  and its load time in headless Chromium (until every chart is drawn), side by side with a
  reference page holding one Plotly line chart, built with the same theme and extension;
* the explorer's time per step.

Goals (from the project's issues): heaviest page at most 2x the reference's load time and 3x
its bytes; explorer step at most 50 ms; nbval at most 3 minutes; `make test` at most 15.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import built_pages  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

PY = sys.executable
REFERENCE_NOTEBOOK = """
import json, nbformat
nb = nbformat.v4.new_notebook(cells=[
    nbformat.v4.new_markdown_cell("# Reference: one line chart"),
    nbformat.v4.new_code_cell("from freezelines import figures, territory\\n"
                              "figures.area_over_time(territory.load_territory(), sources=('isw',))"),
], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
for i, c in enumerate(nb.cells):
    c.id = f"r{i}"
nbformat.write(nb, "reference.ipynb")
"""


def timed(command: list[str], cwd: Path = ROOT) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def build_reference(folder: Path) -> Path:
    """A one-page book, same configuration, holding one Plotly line chart."""
    shutil.copy(ROOT / "_config.yml", folder / "_config.yml")
    shutil.copytree(ROOT / "book", folder / "book")
    shutil.copytree(ROOT / "_templates", folder / "_templates")
    (folder / "_toc.yml").write_text("format: jb-book\nroot: reference\n")
    subprocess.run([PY, "-c", REFERENCE_NOTEBOOK], cwd=folder, check=True)
    subprocess.run([str(Path(PY).parent / "jupyter-book"), "build", "--all", "."], cwd=folder, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return folder / "_build" / "html"


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def measure_page(browser, site: str, relative: str, repeats: int = 3) -> dict:
    """Bytes (all responses, plotly.js once) and median load time until every chart is drawn."""
    times, sizes, plotly_bytes = [], {}, 0
    for _ in range(repeats):
        context = browser.new_context()
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
        responses = []
        page.on("response", lambda r: responses.append(r))
        start = time.perf_counter()
        page.goto(f"{site}/{relative}", wait_until="load")
        page.wait_for_function(
            "[...document.querySelectorAll('div.freezelines-plotly')].every(d => d.querySelector('svg.main-svg'))",
            timeout=30_000,
        )
        times.append((time.perf_counter() - start) * 1000)
        for response in responses:
            try:
                body = response.body()
            except Exception:  # noqa: BLE001 - redirects and aborted requests have no body
                continue
            sizes[response.url.split("?")[0]] = len(body)
        context.close()
    plotly_bytes = sum(v for k, v in sizes.items() if k.endswith("plotly.min.js"))
    total = sum(sizes.values())
    return {"ms": statistics.median(times), "bytes": total, "bytes_without_plotly": total - plotly_bytes}


def explorer_step(browser, site: str) -> float:
    page = browser.new_page()
    page.goto(f"{site}/notebooks/explorer.html", wait_until="load")
    page.wait_for_function("document.querySelector('.freezelines-explorer').dataset.total !== undefined", timeout=30_000)
    page.locator("input.fx-week").focus()
    steps = []
    for _ in range(25):
        page.keyboard.press("ArrowLeft")
        steps.append(float(page.locator(".freezelines-explorer").get_attribute("data-step-ms")))
    page.close()
    return statistics.median(steps)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-data", action="store_true", help="do not time make data")
    parser.add_argument("--skip-build", action="store_true", help="do not rebuild the book (use _build/html)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from freezelines.paths import raw_dir

    timings = {}
    if not args.skip_data and raw_dir().is_dir():
        with tempfile.TemporaryDirectory() as out:
            timings["make data"] = timed([PY, "-m", "freezelines.pipeline", "--out", out])
    timings["nbval (all notebooks)"] = timed([PY, "-m", "pytest", "-q", "--nbval", "notebooks"])
    if not args.skip_build:
        shutil.rmtree(ROOT / "_build", ignore_errors=True)
        timings["clean book build"] = timed([str(Path(PY).parent / "jupyter-book"), "build", "--all", "."])
    for name, seconds in timings.items():
        print(f"{name:>24}: {seconds:7.1f} s")

    with tempfile.TemporaryDirectory() as folder:
        reference_site = build_reference(Path(folder))
        book, book_server = serve(ROOT / "_build" / "html")
        ref, ref_server = serve(reference_site)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
            reference = measure_page(browser, ref, "reference.html")
            print(f"\nreference page (one line chart): {reference['bytes'] / 1e6:.2f} MB "
                  f"({reference['bytes_without_plotly'] / 1e6:.2f} MB without plotly.js), {reference['ms']:.0f} ms")
            print(f"\n{'page':<48} {'MB':>6} {'x ref':>6} {'MB-pl':>6} {'x ref':>6} {'ms':>6} {'x ref':>6}")
            rows = []
            for relative in built_pages(ROOT / "_build" / "html"):
                m = measure_page(browser, book, relative)
                rows.append((relative, m))
                print(f"{relative:<48} {m['bytes'] / 1e6:6.2f} {m['bytes'] / reference['bytes']:6.2f} "
                      f"{m['bytes_without_plotly'] / 1e6:6.2f} {m['bytes_without_plotly'] / reference['bytes_without_plotly']:6.2f} "
                      f"{m['ms']:6.0f} {m['ms'] / reference['ms']:6.2f}")
            heaviest = max(rows, key=lambda r: r[1]["bytes"])
            slowest = max(rows, key=lambda r: r[1]["ms"])
            step = explorer_step(browser, book)
            browser.close()
        book_server.shutdown()
        ref_server.shutdown()
    print(f"\nheaviest page: {heaviest[0]}, {heaviest[1]['bytes'] / reference['bytes']:.2f}x the reference's bytes "
          f"({heaviest[1]['bytes_without_plotly'] / reference['bytes_without_plotly']:.2f}x without plotly.js; goal 3x)")
    print(f"slowest page: {slowest[0]}, {slowest[1]['ms'] / reference['ms']:.2f}x the reference's load time (goal 2x)")
    print(f"explorer step: {step:.1f} ms (median of 25 keyboard steps; goal 50 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
