"""Draw the link-preview pictures (1200x630 PNG) into src/freezelines/book/_static/previews:
for each page of the built book with a chart, its first chart with its headline; for the other
pages, the book's cover. Uses Debian's Chromium through Playwright with every request outside
the local server refused; records in manifest.json, per page, the chart drawn and the hash of
its figure (tests/test_previews.py fails when a chart no longer matches its picture).

    .venv/bin/python tools/draw_previews.py [--html _build/html]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from freezelines.book.previews import COVER, IMAGE_SIZE, MANIFEST, PREVIEWS_DIR, first_chart, image_name

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SKIP = {"_static", "_sources", "_images", "jupyter_execute"}

CARD = r"""async ([id, width, height]) => {
  const chart = document.getElementById(id);
  await window.freezelinesDrawAll();
  const card = document.createElement("div");
  card.style.cssText = "position:fixed;inset:0;z-index:100000;background:#fff;padding:28px 36px 16px;" +
    "display:flex;flex-direction:column;gap:10px;font-family:system-ui,sans-serif;box-sizing:border-box";
  const headline = document.getElementById(id + "-headline");
  const title = document.createElement("p");
  title.textContent = headline ? headline.textContent : document.title;
  title.style.cssText = "flex:none;margin:0;font-size:24px;font-weight:600;line-height:1.25;color:#1a1a1a;" +
    "display:-webkit-box;-webkit-line-clamp:3;-webkit-box-orient:vertical;overflow:hidden";
  const mark = document.createElement("p");
  mark.textContent = "Freeze the Lines?";
  mark.style.cssText = "margin:0;font-size:16px;color:#4d4d4d";
  card.append(title, chart, mark);
  document.body.append(card);
  chart.querySelectorAll(".modebar-container").forEach((m) => m.remove());
  const room = height - title.getBoundingClientRect().height - mark.getBoundingClientRect().height - 64;
  // A picture has no use for range buttons, a range slider or the modebar's band.
  const update = { width: width - 72, height: Math.round(room), "margin.t": 24 };
  Object.keys(chart.layout).filter((key) => /^xaxis\d*$/.test(key)).forEach((key) => {
    update[key + ".rangeselector.visible"] = false;
    update[key + ".rangeslider.visible"] = false;
  });
  await Plotly.relayout(chart, update);
}"""

COVER_HTML = """<!doctype html><html><head><meta charset="utf-8"><style>
body{margin:0;width:1200px;height:630px;display:flex;flex-direction:column;justify-content:center;
padding:0 90px;box-sizing:border-box;font-family:system-ui,sans-serif;background:#1a1a1a;color:#fff}
h1{font-size:92px;margin:0 0 24px;letter-spacing:-1px} p{font-size:32px;line-height:1.35;margin:0;color:#e6e6e6}
.band{height:14px;width:420px;margin:0 0 40px;background:linear-gradient(90deg,#D55E00 0 50%,#56B4E9 50%)}
</style></head><body><div class="band"></div><h1>Freeze the Lines?</h1>
<p>The case against negotiating with Russia, tested against the front-line data, the costs of
the war and the peace proposals since.</p></body></html>"""


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):  # noqa: D401 - no per-request log
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def chart_pages(html: Path) -> dict[str, tuple[str, str]]:
    """Page name (no .html) -> (first chart's id, its figure's hash), for every built page with a chart."""
    found = {}
    for path in sorted(html.rglob("*.html")):
        relative = path.relative_to(html)
        if SKIP & set(relative.parts):
            continue
        chart = first_chart(path.read_text(encoding="utf-8"))
        if chart:
            found[str(relative.with_suffix(""))] = chart
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built book")
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        parser.error(f"no built book at {args.html}: run `make book` first")
    pages = chart_pages(args.html)
    PREVIEWS_DIR.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, dict] = {}
    server, site = serve(args.html)
    width, height = IMAGE_SIZE
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort())
            page.set_content(COVER_HTML)
            page.screenshot(path=str(PREVIEWS_DIR / COVER))
            for pagename, (chart, digest) in pages.items():
                page.goto(f"{site}/{pagename}.html", wait_until="load")
                page.evaluate(CARD, [chart, width, height])
                page.wait_for_timeout(300)  # a map's borders picture
                name = image_name(pagename)
                page.screenshot(path=str(PREVIEWS_DIR / name))
                alt = page.evaluate(
                    "(id) => (document.getElementById(id + '-headline') || {}).textContent || ''", chart
                )
                manifest[pagename] = {"chart": chart, "figure_sha256": digest, "image": name, "alt": alt.strip()}
                print(f"drew {name} from {chart}")
            browser.close()
    finally:
        server.shutdown()
    stale = {p.name for p in PREVIEWS_DIR.glob("*.png")} - {COVER} - {e["image"] for e in manifest.values()}
    for name in stale:
        (PREVIEWS_DIR / name).unlink()
    (PREVIEWS_DIR / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(manifest)} chart pictures and the cover in {PREVIEWS_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
