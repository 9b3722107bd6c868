"""Helpers for the browser tests: a page that records every request leaving 127.0.0.1
(and aborts it) and every console error."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
AXE_URL = "__tests__/axe.min.js"
"""Where a watched page finds axe-core (served by the test's route, not from the built book)."""


@dataclass
class Watch:
    page: Page
    site: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    not_found: list[str] = field(default_factory=list)

    def open(self, relative: str, wait_until: str = "load") -> None:
        """Go to the page (``wait_until="commit"``: return as soon as it starts loading)."""
        from conftest import HTML

        source = HTML / relative
        redirect = (
            re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', source.read_text(), re.I)
            if source.is_file()
            else None
        )
        self.page.goto(f"{self.site}/{relative}", wait_until=wait_until)
        if redirect:
            # The root index.html only redirects (meta refresh) to the first chapter: follow it.
            self.page.wait_for_url(f"**/{redirect.group(1)}")
            self.page.wait_for_load_state("load")

    def add_axe(self) -> None:
        """Inject axe-core (npm, pinned in package.json) as a script of the site's own origin: the
        pages' Content-Security-Policy refuses inline scripts, which ``add_script_tag(path=...)`` writes."""
        self.page.add_script_tag(url=f"{self.site}/{AXE_URL}")

    def charts_ready(self, timeout: float = 15_000) -> int:
        """Draw every chart of the page now (the page itself draws a chart only when it comes
        near the viewport), wait until each has its SVG, and return how many there are."""
        count = self.page.locator("div.freezelines-plotly").count()
        if count:
            self.page.evaluate("() => window.freezelinesDrawAll()")
        for index in range(count):
            self.page.locator("div.freezelines-plotly").nth(index).locator("svg.main-svg").first.wait_for(
                state="attached", timeout=timeout
            )
        return count


EXPLORER_PAGE = "notebooks/explorer.html"
"""The page of both widgets: the explorer and the deal panel."""
WIDGETS = {"explorer": (".freezelines-explorer", "total"), "deal": (".freezelines-deal", "sideKm2")}
"""Each widget's element and the data attribute its script sets once it has started and drawn its first view."""


WIDGET_SETTLED = "() => " + " && ".join(
    f"[...document.querySelectorAll('{selector}')].every(el => !('starting' in el.dataset)"
    f" || el.dataset.{marker} !== undefined || el.dataset.failed !== undefined)"
    for selector, marker in WIDGETS.values()
)
"""A widget on the page has not started, or has drawn its first view (or said its data failed)."""


def record_requests(page) -> dict[str, list]:
    """Every request the page makes from now on: {"started": [...], "finished": [...], "failed": [...]}."""
    requests = {"started": [], "finished": [], "failed": []}
    page.on("request", lambda request: requests["started"].append(request))
    page.on("requestfinished", lambda request: requests["finished"].append(request))
    page.on("requestfailed", lambda request: requests["failed"].append(request))
    return requests


def wait_quiet(page, requests: dict[str, list], seconds: float = 90) -> None:
    """Wait until every request recorded by ``record_requests`` is answered, none has started for half a
    second and every started widget has drawn its first view (a widget starts and fetches its data once
    the page is idle: counted too). The count is ours, not Chromium's "network idle", which a page on a
    busy machine sometimes never reports. Raises, naming what is still awaited, after ``seconds``."""
    quiet, seen = 0, -1
    for _ in range(int(seconds * 10)):
        settled = len(requests["finished"]) + len(requests["failed"]) >= len(requests["started"])
        quiet = quiet + 1 if settled and len(requests["started"]) == seen else 0
        seen = len(requests["started"])
        if quiet >= 5 and page.evaluate(WIDGET_SETTLED):
            return
        page.wait_for_timeout(100)
    done = {r.url for r in requests["finished"] + requests["failed"]}
    waiting = sorted({r.url.rsplit("/", 1)[-1] for r in requests["started"] if r.url not in done})
    widgets = "" if page.evaluate(WIDGET_SETTLED) else " and a started widget to draw its first view"
    raise AssertionError(f"{page.url}: still waiting for {waiting or 'no request'}{widgets} after {seconds:.0f} s")


def bytes_finished(requests: dict[str, list]) -> int:
    """Bytes over the wire of the finished requests (headers and bodies, as encoded)."""
    sizes = [request.sizes() for request in requests["finished"]]
    return sum(size["responseBodySize"] + size["responseHeadersSize"] for size in sizes)


def widgets_started(page: Page, *which: str) -> None:
    """Wait until each widget named (``"explorer"``, ``"deal"``) has started and shown its first view."""
    for name in which:
        selector, marker = WIDGETS[name]
        page.wait_for_function(f"() => document.querySelector('{selector}').dataset.{marker} !== undefined")


def open_widget(page: Page, site: str, which: str) -> tuple[Watch, object]:
    """The widgets' page opened, watched, every chart drawn and the widget ``which`` started: the
    watch and the widget's locator."""
    state = watch(page, site)
    state.open(EXPLORER_PAGE)
    state.charts_ready()
    widgets_started(page, which)
    return state, page.locator(WIDGETS[which][0])


def watch(page: Page, site: str) -> Watch:
    state = Watch(page=page, site=site)

    def route(route):
        url = route.request.url
        if url == f"{site}/{AXE_URL}":
            route.fulfill(path=str(AXE))
            return
        if url.startswith(site + "/") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            state.outside.append(url)
            route.abort()

    def on_console(message):
        if message.type == "error":
            text = message.text
            state.errors.append(f"{text} ({message.location.get('url', '')})")

    def on_response(response):
        if response.status >= 400:
            state.not_found.append(f"{response.status} {response.url}")

    page.route("**/*", route)
    # A breach of the pages' Content-Security-Policy is a console error too (tests/test_csp.py).
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + (e.blockedURI || 'inline')))"
    )
    page.on("console", on_console)
    page.on("pageerror", lambda error: state.errors.append(f"page error: {error}"))
    page.on("response", on_response)
    return state


def built_pages(html: Path) -> list[str]:
    """Every page of the built book, relative to its root (not the charts' embed pages: tests/test_embeds.py)."""
    skip = {"_static", "_sources", "_images", "jupyter_execute", "embed"}
    return sorted(str(p.relative_to(html)) for p in html.rglob("*.html") if not skip & set(p.relative_to(html).parts))
