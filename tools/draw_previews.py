"""Draw the link-preview pictures (1200x630 PNG) into src/freezelines/book/_static/previews:
for each page of the built book with a chart, its first chart with its headline; for the other
pages, the book's cover. For each first chart also its posters (WebP, the chart alone as a phone
and as a desktop draw it; freezelines.book.previews places them in the chart's box). Uses Debian's
Chromium through Playwright with every request outside the local server refused; records in
manifest.json, per page, the chart drawn, the hash of its figure and the posters (size in pixels)
(tests/test_previews.py fails when a chart no longer matches its pictures).

    .venv/bin/python tools/draw_previews.py [--html _build/html]
"""

from __future__ import annotations

import argparse
import base64
import functools
import http.server
import json
import sys
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from freezelines.book.previews import (
    COVER,
    IMAGE_SIZE,
    MANIFEST,
    POSTERS,
    PREVIEWS_DIR,
    first_chart,
    image_name,
    poster_name,
)

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SKIP = {"_static", "_sources", "_images", "jupyter_execute", "embed"}
"""Not pages of the book: the charts' embed pages (freezelines.book.embeds) carry no link preview."""

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

POSTER_SCALE = {"narrow": 2, "wide": 1}
"""Device pixels per CSS pixel of each poster (a phone's screen is dense)."""
POSTER_QUALITY = 0.8
"""WebP quality (Chromium's encoder, through a canvas)."""
POSTER_HEIGHT = 900
"""The viewport's height while a poster is drawn (the chart is drawn wherever it sits)."""
UNPOSTERED = 'document.querySelectorAll("picture.freezelines-poster").forEach((p) => p.remove())'
"""Run before the page's scripts: a poster already in the page is never drawn into a new one."""

DRAW_CHART = r"""async (id) => {
  const chart = document.getElementById(id);
  chart.scrollIntoView({ block: "start" });
  await window.freezelinesDrawAll();
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  chart.querySelectorAll(".modebar-container").forEach((m) => { m.style.visibility = "hidden"; });
}"""

TO_WEBP = r"""async ([png, quality]) => {
  const img = new Image();
  await new Promise((resolve, reject) => { img.onload = resolve; img.onerror = reject; img.src = png; });
  const canvas = document.createElement("canvas");
  canvas.width = img.naturalWidth;
  canvas.height = img.naturalHeight;
  canvas.getContext("2d").drawImage(img, 0, 0);
  return [canvas.toDataURL("image/webp", quality), canvas.width, canvas.height];
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
        chart = first_chart(path.read_text(encoding="utf-8"), path)
        if chart:
            found[str(relative.with_suffix(""))] = chart
    return found


def draw_poster(browser, url: str, chart: str, size: str) -> dict:
    """The poster of ``chart`` on the page at ``url``, drawn at one of :data:`POSTERS`' widths
    (a phone's with touch, as freezelines-plotly.js draws for touch screens), written as WebP."""
    mobile = size == "narrow"
    context = browser.new_context(
        viewport={"width": POSTERS[size], "height": POSTER_HEIGHT},
        device_scale_factor=POSTER_SCALE[size],
        is_mobile=mobile,
        has_touch=mobile,
    )
    context.add_init_script(f'addEventListener("DOMContentLoaded", () => {{ {UNPOSTERED}; }}, {{ capture: true }});')
    page = context.new_page()
    site = url.split("/", 3)[:3]
    page.route(
        "**/*", lambda route: route.continue_() if route.request.url.split("/", 3)[:3] == site else route.abort()
    )
    page.goto(url, wait_until="load")
    page.evaluate(DRAW_CHART, chart)
    page.wait_for_timeout(500)  # a map's borders picture, a widget's first view
    png = page.locator(f"#{chart}").screenshot(type="png", animations="disabled")
    page.set_content("<!doctype html><title>poster</title>")
    data_url = "data:image/png;base64," + base64.b64encode(png).decode()
    webp, width, height = page.evaluate(TO_WEBP, [data_url, POSTER_QUALITY])
    context.close()
    if not webp.startswith("data:image/webp;base64,"):
        raise RuntimeError(f"Chromium did not encode {chart}'s poster as WebP")
    return {"webp": base64.b64decode(webp.split(",", 1)[1]), "width": width, "height": height}


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
                posters = {}
                for size in POSTERS:
                    poster = draw_poster(browser, f"{site}/{pagename}.html", chart, size)
                    posters[size] = {
                        "image": poster_name(pagename, size),
                        "width": poster["width"],
                        "height": poster["height"],
                    }
                    (PREVIEWS_DIR / posters[size]["image"]).write_bytes(poster["webp"])
                manifest[pagename] = {
                    "chart": chart,
                    "figure_sha256": digest,
                    "image": name,
                    "alt": alt.strip(),
                    "posters": posters,
                }
                print(f"drew {name} and its posters from {chart}")
            browser.close()
    finally:
        server.shutdown()
    drawn = {e["image"] for e in manifest.values()} | {
        p["image"] for e in manifest.values() for p in e["posters"].values()
    }
    stale = {p.name for p in [*PREVIEWS_DIR.glob("*.png"), *PREVIEWS_DIR.glob("*.webp")]} - {COVER} - drawn
    for name in stale:
        (PREVIEWS_DIR / name).unlink()
    (PREVIEWS_DIR / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(f"{len(manifest)} chart pictures and the cover in {PREVIEWS_DIR.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
