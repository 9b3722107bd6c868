"""A chapter printed from the browser, or saved as PDF (issue 21, item 4): Ctrl+P on a page just
opened, then Chromium's own PDF (``page.pdf()``, which fires ``beforeprint`` as the print dialog
does) of each page with charts, network blocked. When the page is printed every chart is drawn (an SVG with drawn marks, at
the paper's width), no control shows, and the PDF's text holds every chart's headline and
caption, the explorer's current view with its summary and link, and the address of every link
that leaves the book. The PDF's text is read by ``pdf_text`` (no PDF library is pinned).

Two pages run in ``make test`` (a chapter, and the explorer opened on a linked view; ~12 s); every page with charts runs
in ``make test-slow``."""

from __future__ import annotations

import re
import unicodedata

import pytest
from pdf_text import pdf_pages_text

from browser import built_pages, watch
from conftest import HTML

FAST_PAGES = ["book/06-strength-at-the-table.html"]
EXPLORER = "notebooks/explorer.html"
PAPER_WIDTH = 700
"""A4 at 96 px/inch is 794 px wide; less the print stylesheet's margins, about 690."""

CONTROLS = (
    "button, select:not(.freezelines-deal select), input, textarea, .modebar-container, .fl-share, "
    ".bd-header, .bd-sidebar-primary, .bd-sidebar-secondary, .prev-next-area, p.chart-download, "
    "g.rangeselector, .rangeslider-grabber-min, .freezelines-explorer .fx-day"
)

RECORD_AT_PRINT = """() => {
  window.freezelinesPrinted = [];
  window.addEventListener("beforeprint", () => {
    window.freezelinesPrinted = Array.from(document.querySelectorAll("div.freezelines-plotly")).map((div) => {
      const svg = div.querySelector("svg.main-svg");
      const marks = Array.from(div.querySelectorAll("g.trace path, g.trace rect, g.shapelayer path, g.layer-above image"))
        .filter((el) => (el.getAttribute("d") || el.getAttribute("href") || el.getAttribute("width") || "").length > 1);
      return { id: div.id, svg: Boolean(svg), width: svg ? Number(svg.getAttribute("width")) : 0, marks: marks.length };
    });
  });
}"""

PRINT_VIEW = """(controls) => {
  const shown = (el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== "hidden";
  const text = (el) => (el ? el.textContent.replace(/\\s+/g, " ").trim() : "");
  const charts = Array.from(document.querySelectorAll("div.freezelines-plotly")).map((div) => {
    const box = div.closest("div.plotly-chart") || div.parentElement;
    let caption = box.nextElementSibling;
    while (caption && caption.tagName !== "P" && caption.tagName !== "DIV") { caption = caption.nextElementSibling; }
    const figure = caption && /^(Figure|Map|Chart)\\b/.test(text(caption)) ? text(caption) : "";
    const headline = document.getElementById(div.id + "-headline");
    return { id: div.id, height: div.getBoundingClientRect().height, headline: text(headline), caption: figure };
  });
  const visibleControls = Array.from(document.querySelectorAll(controls)).filter(shown)
    .map((el) => el.tagName.toLowerCase() + "." + String(el.className.baseVal ?? el.className).split(" ")[0] + ": " + text(el).slice(0, 40));
  const links = Array.from(document.querySelectorAll(".bd-article a[href^='http']")).filter(shown)
    .filter((a) => !a.closest(".bibtex-citation") && !a.classList.contains("headerlink")).map((a) => a.getAttribute("href"));
  const summaries = Array.from(document.querySelectorAll(".freezelines-explorer .fx-sentence")).map(text);
  const views = Array.from(document.querySelectorAll(".freezelines-explorer, .freezelines-deal")).map((w) => w.getAttribute("data-print-url"));
  return { charts, visibleControls, links, summaries, views };
}"""


def squash(text: str) -> str:
    """Text without any whitespace, ligatures spelt out: a PDF breaks lines where the page did and
    names a ligature's glyph by the ligature ("\ufb01" for "fi")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def chart_pages() -> list[str]:
    if not HTML.is_dir():
        return [*FAST_PAGES, EXPLORER]
    return [p for p in built_pages(HTML) if 'class="freezelines-plotly"' in (HTML / p).read_text(encoding="utf-8")]


def print_page(page, site: str, relative: str, hash_: str = "") -> tuple[dict, list[dict], str]:
    """Print the page as a reader would, with Ctrl+P at once (nothing scrolled, so most charts
    not drawn yet), then save the PDF; return what the print-media page shows, what each chart
    was when printing began, and the PDF's text."""
    state = watch(page, site)
    page.set_viewport_size({"width": 1280, "height": 900})
    state.open(relative + hash_)
    page.evaluate(RECORD_AT_PRINT)
    # Ctrl+P: the page draws every chart, then opens the print dialog (headless Chromium's
    # would stay open and refuse page.pdf(), so the dialog is only recorded here); with every
    # chart already drawn the browser's own Ctrl+P goes ahead.
    page.evaluate("() => { window.print = () => { window.freezelinesDialog = true; }; }")
    page.keyboard.press("Control+p")
    page.wait_for_function(
        "() => window.freezelinesDialog === true || !document.querySelector('div.freezelines-plotly:not(.js-plotly-plot)')",
        timeout=20_000,
    )
    undrawn = page.evaluate("() => document.querySelectorAll('div.freezelines-plotly:not(.js-plotly-plot)').length")
    assert not undrawn, f"{relative}: the print dialog opened before {undrawn} chart(s) were drawn"
    pdf = page.pdf(format="A4", print_background=True)
    printed = page.evaluate("() => window.freezelinesPrinted")
    text = " ".join(pdf_pages_text(pdf))
    page.emulate_media(media="print")
    page.set_viewport_size({"width": PAPER_WIDTH, "height": 1000})
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    view = page.evaluate(PRINT_VIEW, CONTROLS)
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    assert not state.outside, f"{relative}: printing asked the network for {state.outside[:3]}"
    assert not state.errors, f"{relative}: console errors while printing: {state.errors[:3]}"
    return view, printed, text


def check_printed(relative: str, view: dict, printed: list[dict], text: str) -> None:
    assert view["charts"], f"{relative}: no chart found"
    assert len(printed) == len(view["charts"]), f"{relative}: beforeprint did not reach the page's listener"
    for chart in printed:
        assert chart["svg"] and chart["marks"] > 0, f"{relative}: chart {chart['id']} was blank when printing began"
        assert 0 < chart["width"] <= PAPER_WIDTH, (
            f"{relative}: chart {chart['id']} printed {chart['width']} px wide, wider than the paper"
        )
    for chart in view["charts"]:
        assert chart["height"] > 150, f"{relative}: chart {chart['id']} prints as a {chart['height']:.0f} px box"
    assert not view["visibleControls"], f"{relative}: controls shown in print: {view['visibleControls'][:5]}"
    body = squash(text)
    for chart in view["charts"]:
        for label in ("headline", "caption"):
            if chart[label]:
                wanted = squash(chart[label])
                found = (
                    next((n for n in range(len(wanted), 0, -1) if wanted[:n] in body), 0)
                    if wanted not in body
                    else None
                )
                assert found is None, (
                    f"{relative}: the PDF lacks chart {chart['id']}'s {label}, from {wanted[found : found + 60]!r} on"
                )
    if relative.startswith("book/"):
        assert any(chart["caption"] for chart in view["charts"]), (
            f"{relative}: no chart has a caption paragraph (Figure. ...) after it"
        )
    for href in view["links"]:
        assert squash(href) in body, f"{relative}: the PDF does not show where the link {href} leads"


@pytest.mark.parametrize("relative", FAST_PAGES)
def test_a_printed_page_has_every_chart_drawn_captioned_and_no_control(page, site, relative):
    check_printed(relative, *print_page(page, site, relative))


def test_the_explorer_prints_its_current_view_with_its_summary_and_link(page, site):
    view, printed, text = print_page(page, site, EXPLORER, "#explorer=tracker:liveuamap;day:2022-11-17")
    check_printed(EXPLORER, view, printed, text)
    assert view["summaries"] and all(view["summaries"]), "the explorer's summary is empty in print"
    assert "2022" in view["summaries"][0] and "liveuamap" in view["summaries"][0], (
        f"the printed summary is not the view the link opened: {view['summaries'][0][:120]}"
    )
    assert squash(view["summaries"][0]) in squash(text), "the PDF lacks the explorer's summary"
    assert (
        view["views"][0]
        and view["views"][0].endswith("#explorer=tracker:liveuamap;day:2022-11-17")
        or "#" in view["views"][0]
    )
    assert squash("This view: " + view["views"][0]) in squash(text), "the PDF lacks the link to the printed view"
    for control in ("Compare with nothing", "Copy link", "Cite this view"):
        assert squash(control) not in squash(text), f"the explorer's control {control!r} was printed"


@pytest.mark.slow
@pytest.mark.parametrize("relative", [p for p in chart_pages() if p not in [*FAST_PAGES, EXPLORER]])
def test_every_chart_page_prints_whole(page, site, relative):
    check_printed(relative, *print_page(page, site, relative))
