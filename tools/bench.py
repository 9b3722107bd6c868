"""`make bench`: the book measured as a reader meets it, printed next to fixed budgets (never asserted).

The built book is served with gzip, as GitHub Pages serves it. Prints:
* for every page, the bytes transferred on a first visit (every file, every chart drawn) against
  the budgets: at most 1.0 MB for any page, 400 KB for a page without charts;
* Lighthouse's mobile preset (npm ``lighthouse``, installed into ``.bench/`` on first use, run
  against Debian's Chromium): performance, accessibility and best practices for every page,
  against the budgets (issue 21): performance >= 95 on every page; accessibility and best
  practices 100 (``--pages`` measures only the pages named, ``--html`` another build);
* each chart's and widget's embed page (``embed/``), bytes on a first visit against 450 KB;
* the explorer's slider step, from the key press to the repaint of the map and panels: median of
  25 steps, on this machine and with the CPU slowed 4x (a mid-range phone), against 50 and 200 ms;
* optionally (``--times``) the time of `make data`, nbval and a clean book build.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser import WIDGETS, built_pages, bytes_finished, record_requests, wait_quiet  # noqa: E402
from conftest import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402

PY = sys.executable
HTML = ROOT / "_build" / "html"
LIGHTHOUSE_VERSION = "12.8.2"
"""Lighthouse 13 needs Node 22; Debian's Node is 20."""
LIGHTHOUSE_DIR = ROOT / ".bench" / "lighthouse"
BUDGET = {
    "chart page bytes": 1_000_000,
    "text page bytes": 400_000,
    "performance, text page": 95,
    "performance, chart page": 95,
    "embed page bytes": 450_000,
    "accessibility": 100,
    "best practices": 100,
    "explorer step ms": 50,
    "explorer step ms, CPU 4x slower": 200,
}
COMPRESSIBLE = (".html", ".js", ".css", ".json", ".svg", ".txt", ".csv", ".map", ".ttf")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzipped when the client accepts it (as GitHub Pages does)."""

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not (path.is_file() and path.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(directory: Path) -> tuple[str, http.server.ThreadingHTTPServer]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}", server


def has_charts(relative: str) -> bool:
    return "freezelines-plotly" in (HTML / relative.partition("#")[0]).read_text(encoding="utf-8")


WIDGET_ROOTS = ", ".join(selector for selector, _ in WIDGETS.values())


def transferred(browser, site: str, relative: str) -> int:
    """Bytes over the wire on a first visit, every chart drawn and every widget that starts on a first
    visit (in view, or opened by a link holding a view) with its data (headers and bodies, as encoded).
    A widget that waits for the reader fetches nothing yet."""
    context = browser.new_context()
    page = context.new_page()
    requests = record_requests(page)
    try:
        page.goto(f"{site}/{relative}", wait_until="load")
        if has_charts(relative):
            page.evaluate("() => window.freezelinesDrawAll()")
        wait_quiet(page, requests)
        # A file that did not come, or a widget that said its data failed, would make the page look lighter;
        # a page that sends the reader on (the root's redirect) cancels what it had asked for, which is no loss.
        moved_on = page.url.split("#", 1)[0].split("?", 1)[0] != f"{site}/{relative}"  # a widget's view is no move
        missing = [r.url for r in requests["failed"] if not (moved_on and "ERR_ABORTED" in (r.failure or ""))] + [
            r.url for r in requests["finished"] if (response := r.response()) is not None and response.status >= 400
        ]
        failed = page.evaluate(
            f"() => [...document.querySelectorAll('{WIDGET_ROOTS}')].some(el => 'failed' in el.dataset)"
        )
        if missing or failed:
            raise RuntimeError(f"{relative}: not weighed: {missing or 'a widget could not load its data'}")
        return bytes_finished(requests)
    finally:
        context.close()


STEPPERS = {
    # widget: (its root, the control stepped with the keyboard, the keys pressed in turn)
    "explorer": (".freezelines-explorer", "input.fx-week", ("ArrowLeft",)),
    "deal panel": (".freezelines-deal", "select.fd-choice", ("ArrowDown", "ArrowUp")),
}


def explorer_steps(browser, site: str, slowdown: int, widget: str = "explorer") -> float:
    """Median time of 25 keyboard steps of a widget's control, key press to repaint (the page's own stamp)."""
    root_selector, control, keys = STEPPERS[widget]
    context = browser.new_context()
    page = context.new_page()
    if slowdown > 1:
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
    page.goto(f"{site}/notebooks/explorer.html", wait_until="load")
    page.evaluate("() => window.freezelinesDrawAll()")  # the map is drawn when it nears the viewport
    root = page.locator(root_selector)
    page.wait_for_function(
        "el => el.dataset.stepMs !== undefined && !el.dataset.pending", arg=root.element_handle(), timeout=60_000
    )
    root.locator(control).first.focus()
    steps = []
    for i in range(25):
        page.keyboard.press(keys[i % len(keys)])
        page.wait_for_function("el => !el.dataset.pending", arg=root.element_handle(), timeout=30_000)
        steps.append(float(root.get_attribute("data-step-ms")))
    context.close()
    return statistics.median(steps)


def embed_weights(browser, site: str) -> int:
    """Print each embed page's bytes on a first visit (``embed/``: one per chart and widget, issue 21)
    against its budget; return how many are over it."""
    from freezelines.book.embeds import EMBED_DIR

    budget, over = BUDGET["embed page bytes"], 0
    pages = sorted(f"{EMBED_DIR}/{path.name}" for path in (HTML / EMBED_DIR).glob("*.html"))
    print(f"\nEmbed pages ({len(pages)}), budget {budget / 1e3:.0f} KB each:")
    for relative in pages:
        size = transferred(browser, site, relative)
        over += size > budget
        print(f"{relative:<46} {'embed':<6} {size / 1e3:6.0f} {budget / 1e3:7.0f}  {mark(size <= budget)}", flush=True)
    return over


def lighthouse_bin() -> Path:
    binary = LIGHTHOUSE_DIR / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        LIGHTHOUSE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(LIGHTHOUSE_DIR),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return binary


def lighthouse(binary: Path, url: str) -> dict[str, float]:
    """Lighthouse's mobile preset (its default) on one page: category scores out of 100."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        flags = " ".join(["--headless=new", *CHROMIUM_FLAGS])
        subprocess.run(
            [
                str(binary),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                "--only-categories=performance,accessibility,best-practices",
                f"--chrome-flags={flags}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": CHROMIUM},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=180,
        )
        categories = json.loads(report.read_text())["categories"]
    return {key: round((value["score"] or 0) * 100) for key, value in categories.items()}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def mark(ok: bool) -> str:
    return "ok  " if ok else "OVER"


def main() -> int:
    global HTML
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", action="store_true", help="also time make data, nbval and a clean build")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse (a few minutes)")
    parser.add_argument("--html", type=Path, default=HTML, help="the built book (default: _build/html)")
    parser.add_argument(
        "--pages",
        nargs="+",
        metavar="PAGE",
        help="only these pages (e.g. book/06-strength-at-the-table.html); no step times",
    )
    args = parser.parse_args()
    HTML = args.html
    from playwright.sync_api import sync_playwright

    if args.times:
        for name, command in (
            ("make data", [PY, "-m", "freezelines.ingest.pipeline", "--out", tempfile.mkdtemp()]),
            ("nbval", [PY, "-m", "pytest", "-q", "--nbval", "notebooks"]),
            ("clean book build", ["make", "book"]),
        ):
            print(f"{name:>24}: {timed(command):7.1f} s", flush=True)
    if not (HTML / "index.html").is_file():
        print("no built book: run `make book` first", file=sys.stderr)
        return 1
    pages = built_pages(HTML)
    if args.pages:
        unknown = sorted(set(args.pages) - set(pages))
        if unknown:
            print(f"no such built page(s) in {HTML}: {', '.join(unknown)}", file=sys.stderr)
            return 1
        pages = [p for p in pages if p in args.pages]
    site, server = serve(HTML)
    binary = None if args.no_lighthouse else lighthouse_bin()
    print(
        f"\nServed with gzip. Budgets: {BUDGET['chart page bytes'] / 1e6:.1f} MB a chart page, "
        f"{BUDGET['text page bytes'] / 1e3:.0f} KB a text page; Lighthouse (mobile) performance >= "
        f"{BUDGET['performance, text page']} text / >= {BUDGET['performance, chart page']} charts, accessibility and best practices 100.\n"
    )
    print(f"{'page':<46} {'kind':<6} {'KB':>6} {'budget':>7}  {'perf':>4} {'a11y':>4} {'b.p.':>4}")
    over = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        for relative in pages:
            charts = has_charts(relative)
            size = transferred(browser, site, relative)
            budget = BUDGET["chart page bytes" if charts else "text page bytes"]
            scores = lighthouse(binary, f"{site}/{relative}") if binary else {}
            perf_budget = BUDGET["performance, chart page" if charts else "performance, text page"]
            ok = size <= budget and (
                not scores
                or (
                    scores["performance"] >= perf_budget
                    and scores["accessibility"] >= 100
                    and scores["best-practices"] >= 100
                )
            )
            over += not ok
            print(
                f"{relative:<46} {'charts' if charts else 'text':<6} {size / 1e3:6.0f} {budget / 1e3:7.0f}  "
                + (
                    f"{scores['performance']:4d} {scores['accessibility']:4d} {scores['best-practices']:4d}"
                    if scores
                    else "   -    -    -"
                )
                + f"  {mark(ok)}",
                flush=True,
            )
        over += embed_weights(browser, site) if not args.pages else 0
        steps = {
            widget: (explorer_steps(browser, site, 1, widget), explorer_steps(browser, site, 4, widget))
            for widget in STEPPERS
            if not args.pages
        }
        browser.close()
    server.shutdown()
    print()
    for widget, (fast, slow) in steps.items():
        print(
            f"{widget} step (key press to repaint, median of 25): {fast:.1f} ms (budget {BUDGET['explorer step ms']}) "
            f"{mark(fast <= BUDGET['explorer step ms'])}; CPU 4x slower: {slow:.1f} ms "
            f"(budget {BUDGET['explorer step ms, CPU 4x slower']}) {mark(slow <= BUDGET['explorer step ms, CPU 4x slower'])}"
        )
        over += fast > BUDGET["explorer step ms"] or slow > BUDGET["explorer step ms, CPU 4x slower"]
    print(f"{over} budget(s) missed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
