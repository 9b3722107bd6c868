"""The explorer and the deal panel print the same words and numbers in both front ends.

The static page (the book's scripts, in Chromium) and the live widgets (Python objects: their
controls are set directly, no kernel) are driven to the same states, and the text each prints
is compared, whitespace normalised: the headline, the line's sentence and every panel. Both print
from one table (:mod:`freezelines.viz.wording`); a wording or format typed in one front end only
makes this test fail. A few states here; every proposal and more days in the slow test.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
from html.parser import HTMLParser

import pytest

from freezelines.model import deals as D
from freezelines.model import scenarios as M
from freezelines.viz import explorer as E
from freezelines.viz import panels, wording

PAGE = "notebooks/explorer.html"

TEXT_OF = """el => {
  const out = [], walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) { out.push(walk.currentNode.nodeValue); }
  return out.join(" ");
}"""
"""Every text node of an element, in document order, joined by spaces (the page's side)."""


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def text_of_html(markup: str) -> str:
    """Every text node of a piece of HTML, joined by spaces and normalised (the live side)."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return normal(" ".join(parser.parts))


def normal(text: str) -> str:
    return " ".join(text.split())


# The two front ends, driven ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def live_explorer():
    with contextlib.redirect_stdout(io.StringIO()):
        return E.live_explorer()


def set_live_explorer(live, *, tracker="deepstate", day=None, preset="", compare="") -> dict:
    """Drive the live explorer to a view; its headline and panels' text."""
    live.preset.value = ""
    live.source.value = tracker
    if day is not None:
        live.day.value = day
    live.compare.value = compare
    if preset:
        live.preset.value = preset
    return {"headline": normal(live.headline), "panels": text_of_html(live.summary.value)}


def open_static(page, site, fragment: str):
    """The built explorer's page, opened at a view (the address says it, as a reader's link would)."""
    from browser import watch, widgets_started

    state = watch(page, site)
    state.open(f"{PAGE}#{fragment}")
    state.charts_ready()
    widgets_started(page, "explorer", "deal")
    for root in (EXPLORER, DEAL):
        page.wait_for_function("sel => !document.querySelector(sel).dataset.pending", arg=root)
    return state


def go_static(page, fragment: str, root: str) -> None:
    """Another view of the open page: the address changes, the widget redraws."""
    page.evaluate(
        """([sel, fragment]) => new Promise(done => {
             document.querySelector(sel).addEventListener("freezelines:rendered", () => done(), { once: true });
             location.hash = fragment;
           })""",
        [root, fragment],
    )
    page.wait_for_function("sel => !document.querySelector(sel).dataset.pending", arg=root)


def static_explorer_text(page) -> dict:
    root = page.locator(".freezelines-explorer")
    chart = root.get_attribute("data-chart")
    sentence = page.locator(".freezelines-explorer .fx-sentence").evaluate(TEXT_OF)
    panels = page.locator(".freezelines-explorer .fx-panels").evaluate(TEXT_OF)
    return {
        "headline": normal(page.locator(f"#{chart}-headline").inner_text()),
        "panels": normal(sentence + " " + panels),
    }


def static_deal_text(page) -> dict:
    root = page.locator(".freezelines-deal")
    chart = root.get_attribute("data-chart")
    return {
        "headline": normal(page.locator(f"#{chart}-headline").inner_text()),
        "result": normal(page.locator(".freezelines-deal .fd-result").evaluate(TEXT_OF)),
    }


def live_deal_text(panel) -> dict:
    return {"headline": normal(panel.figure.layout.title.text), "result": text_of_html(panel.summary.value)}


def assert_same(static: dict, live: dict) -> None:
    for key in static:
        assert static[key] == live[key], _first_difference(static[key], live[key])


def _first_difference(a: str, b: str) -> str:
    at = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f"the two front ends differ at {at}:\n  static: …{a[max(0, at - 80) : at + 80]}…\n  live:   …{b[max(0, at - 80) : at + 80]}…"


def weekly_day(tracker: str, near: str):
    """The tracker's weekly line nearest a day (a line the static page has in full)."""
    target = dt.date.fromisoformat(near)
    return min(E.weekly_days(tracker), key=lambda d: abs((d - target).days))


# The states -----------------------------------------------------------------------------------------


def test_the_text_normaliser_keeps_words_apart():
    assert text_of_html("<p>Total</p><td>1&nbsp;km²</td><p>a <em>b</em>c</p>") == "Total 1 km² a b c"
    assert normal("  a \n\t b ") == "a b"


def test_a_wording_change_is_one_edit(monkeypatch):
    """The live side reads the table at print time (the page reads the same table from its payload)."""
    monkeypatch.setitem(wording.WORDING["explorer"], "total", "All of it")
    names = E.page_names()
    assert names["wording"]["explorer"]["total"] == "All of it"
    entry = {
        "total": 1230,  # as the payload has it: rounded to 10 km²
        "share": 0.1234,
        "before": 10,
        "seized": 1224,
        "others": {},
        "front": 1170,
        "azov": 0.5,
        "oblasts": [0.5] * len(names["oblasts"]),
        "sites": [False] * len(names["sites"]),
        "distances": [0] * len(names["distance_cities"]),
    }
    rows = panels.explorer_rows(entry, names, "deepstate")
    assert ("Area held by Russian forces", "All of it", "1,230 km² (12.3% of Ukraine)") in rows


EXPLORER = ".freezelines-explorer"
DEAL = ".freezelines-deal"


def check_explorer_views(page, site, live, views: list[tuple[str, dict]]) -> None:
    """Open the page at the first view, step through the others by the address; compare each with the live explorer."""
    open_static(page, site, views[0][0])
    for i, (fragment, state) in enumerate(views):
        if i:
            go_static(page, fragment, EXPLORER)
        assert_same(static_explorer_text(page), set_live_explorer(live, **state))


def test_both_explorers_print_the_same(page, site, live_explorer):
    """Each tracker on a weekly day, the second compared with the essay's date."""
    tracker_day = weekly_day("liveuamap", "2023-06-01")
    views = [
        ("explorer=tracker:deepstate;day:latest", {"day": M.dates_available("deepstate")[1]}),
        (
            f"explorer=tracker:liveuamap;day:{tracker_day.isoformat()};compare:essay_date",
            {"tracker": "liveuamap", "day": tracker_day, "compare": "essay_date"},
        ),
    ]
    check_explorer_views(page, site, live_explorer, views)
    # A day with no weekly line: the page shows its nearest weekly line and says so above the panels.
    asked = tracker_day + dt.timedelta(days=2)
    go_static(page, f"explorer=tracker:liveuamap;day:{asked.isoformat()}", EXPLORER)
    said = page.locator(f"{EXPLORER} .fx-panels .fx-off-slider").inner_text()
    assert said == wording.say("explorer.off_slider_panels", day=f"{asked:%-d %B %Y}", shown=f"{tracker_day:%-d %B %Y}")
    assert page.locator(EXPLORER).get_attribute("data-date") == tracker_day.isoformat()
    go_static(page, f"explorer=tracker:liveuamap;day:{tracker_day.isoformat()}", EXPLORER)
    assert page.locator(f"{EXPLORER} .fx-off-slider").count() == 0


@pytest.mark.slow
def test_both_front_ends_print_the_same_for_every_proposal_and_more_days(page, site, live_explorer):
    """Every proposal in the explorer (against the eve of the invasion), more days and comparisons,
    and the deal panel: a reader's own deal, then each proposal it offers."""
    views = [
        (
            f"explorer=proposal:{p.key};compare:eve_of_invasion",
            {"preset": f"deal:{p.key}", "compare": "eve_of_invasion"},
        )
        for p in D.PROPOSALS
    ]
    for tracker, near, compare in (("deepstate", "2022-11-17", "latest"), ("liveuamap", "2022-03-03", "")):
        day = weekly_day(tracker, near)
        fragment = f"explorer=tracker:{tracker};day:{day.isoformat()}" + (f";compare:{compare}" if compare else "")
        views.append((fragment, {"tracker": tracker, "day": day, "compare": compare}))
    check_explorer_views(page, site, live_explorer, views)
    with contextlib.redirect_stdout(io.StringIO()):
        from freezelines.viz import deal_panel

        panel = deal_panel.live_panel()
    for code, choice in (("UA23", "whole"), ("UA65", "none")):
        next(m for m in panel.menus.children if m.code == code).value = choice
    go_static(page, "deal=day:latest;UA23:whole;UA65:none", DEAL)
    assert_same(static_deal_text(page), live_deal_text(panel))
    for proposal in D.panel_proposals():
        panel.start.value = proposal.key
        go_static(page, f"deal=start:{proposal.key}", DEAL)
        assert_same(static_deal_text(page), live_deal_text(panel))
