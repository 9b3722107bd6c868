"""Views that travel (issue 21): the explorer's and the deal panel's views live in the page's address.

A link opened in a fresh page shows the same view and the same numbers; back and forward step
through a reader's views; links that name what the page does not have (a day past the data, an
unknown proposal, markup, junk) open the nearest valid view with a note, never an error, a blank
map or an element of the link's making; "Copy link" and "Cite this view" give the view's address and
its citation in the form of the book's "How to cite" page. One browser context and two pages serve
the whole file (one where the reader acts, one where links are opened).
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import time
from urllib.parse import quote as urlquote

import pytest
import yaml

from conftest import HTML, ROOT
from freezelines.model import deals as D
from freezelines.model import scenarios as S

PAGE = "notebooks/explorer.html"
VALUE = r"[A-Za-z0-9_.-]+"
CANONICAL = re.compile(
    rf"^(explorer=({VALUE}:{VALUE})(;{VALUE}:{VALUE})*)?&?(deal=({VALUE}:{VALUE})(;{VALUE}:{VALUE})*)?$"
)
"""A fragment as the pages write it: key:value pairs of the widgets' own keys, nothing else."""


# What the pages are given ------------------------------------------------------------------------


def test_the_books_facts_are_read_from_its_citation_file_and_config(tmp_path):
    from freezelines.book.sphinx_ext import share_html
    from freezelines.viz.citation import HOW_TO_CITE, book_facts

    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    facts = book_facts()
    assert facts["title"] == cff["title"] and facts["version"] == cff["version"]
    assert facts["authors"] == [a["name"] for a in cff["authors"]] and facts["year"] == str(cff["date-released"])[:4]
    assert facts["short_title"] == yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["title"]
    assert (ROOT / HOW_TO_CITE).with_suffix(".md").is_file()
    # A new version is one line of CITATION.cff.
    for name in ("CITATION.cff", "_config.yml"):
        text = (ROOT / name).read_text(encoding="utf-8")
        (tmp_path / name).write_text(text.replace(f'version: "{cff["version"]}"', 'version: "9.9.9"'), encoding="utf-8")
    assert book_facts(tmp_path)["version"] == "9.9.9"
    # The controls are real buttons, hidden until the script starts them; a status announces what they did.
    markup = share_html("plotly-x")
    assert markup.count('<button type="button"') == 2 and 'aria-controls="plotly-x-cite"' in markup
    assert 'role="status" aria-live="polite"' in markup and "hidden>" in markup


# A reader's page and a page to open links in ---------------------------------------------------


@pytest.fixture(scope="module")
def share_context(browser):
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1280, "height": 900}
    )
    yield context
    context.close()


@pytest.fixture(scope="module")
def reader(share_context, site):
    from browser import watch

    return watch(share_context.new_page(), site)


@pytest.fixture(scope="module")
def fresh(share_context, site):
    from browser import watch

    return watch(share_context.new_page(), site)


@pytest.fixture(autouse=True)
def _no_errors(request):
    """Every test ends with no console error and no request off the local server, on either page."""
    yield
    for name in ("reader", "fresh"):
        if name in request.fixturenames:
            state = request.getfixturevalue(name)
            errors, outside, missing = list(state.errors), list(state.outside), list(state.not_found)
            for found in (state.errors, state.outside, state.not_found):
                found.clear()
            assert errors == [] and outside == [] and missing == [], (name, errors, outside, missing)


SETTLED = """() => {
  const F = window.FreezeLines, roots = [...document.querySelectorAll('.freezelines-explorer, .freezelines-deal')];
  return F && F.share && !F.share.busy() && roots.length === 2 && roots.every(r => !r.dataset.pending);
}"""
MAPS_DRAWN = """() => ['.freezelines-explorer', '.freezelines-deal'].every(s => {
  const root = document.querySelector(s), chart = document.getElementById(root.dataset.chart);
  return chart && chart.data && chart._fullLayout && !root.dataset.pending
    && root.dataset[s === '.freezelines-deal' ? 'sideKm2' : 'total'] !== undefined;
})"""


def settle(page) -> None:
    """Wait until both widgets have redrawn and the address has been written (in the page in front:
    a page behind another draws no animation frame)."""
    page.bring_to_front()
    page.evaluate(
        "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
    )  # events queued
    page.wait_for_function(SETTLED)


def open_page(state, fragment: str = "") -> None:
    """A fresh load of the explorer's page (never a same-document navigation), both maps drawn."""
    page = state.page
    page.bring_to_front()
    page.goto("about:blank")
    page.goto(f"{state.site}/{PAGE}{fragment}", wait_until="load")
    page.evaluate("() => window.freezelinesDrawAll()")
    page.wait_for_function(MAPS_DRAWN, timeout=20_000)
    settle(page)


def fragment(page) -> str:
    return page.evaluate("() => location.hash").removeprefix("#")


VIEW = """() => {
  const x = document.querySelector('.freezelines-explorer'), d = document.querySelector('.freezelines-deal');
  const drawn = root => document.getElementById(root.dataset.chart).data.filter(t => t.meta)
    .map(t => [t.meta, t.visible, t.x ? t.x.length : 0]);
  const note = root => root.querySelector('.fl-link-note').hidden ? '' : root.querySelector('.fl-link-note').textContent;
  return {
    explorer: {
      source: x.dataset.source, date: x.dataset.date, total: x.dataset.total, label: x.dataset.label,
      gives: x.dataset.gives || null, tracker: x.querySelector('select.fx-source').value,
      compare: x.querySelector('select.fx-compare').value, week: x.querySelector('input.fx-week').value,
      weeks: x.querySelector('input.fx-week').max, shown: x.querySelector('output.fx-date').textContent,
      pressed: [...x.querySelectorAll('button.fx-preset[aria-pressed=true]')].map(b => b.textContent),
      sentence: x.querySelector('.fx-sentence').textContent, panels: x.querySelector('.fx-panels').innerText,
      headline: (document.getElementById(x.dataset.chart + '-headline') || {}).textContent || null,
      map: drawn(x), note: note(x),
    },
    deal: {
      day: d.dataset.day, choices: d.dataset.choices, daySelect: d.querySelector('select.fd-day').value,
      start: d.querySelector('select.fd-start').value,
      menus: [...d.querySelectorAll('select.fd-choice')].map(s => s.dataset.code + ':' + s.value),
      km2: ['side', 'zone', 'gives', 'returns'].map(p => d.dataset[p + 'Km2']),
      result: d.querySelector('.fd-result').innerText, status: d.querySelector('.fd-status').textContent,
      headline: (document.getElementById(d.dataset.chart + '-headline') || {}).textContent || null,
      map: drawn(d), note: note(d),
    },
  };
}"""
"""Everything both widgets show: their controls, numbers, texts and what their maps draw."""


def view(page) -> dict:
    return page.evaluate(VIEW)


def round_trip(reader, fresh, load: bool = True) -> str:
    """The reader's address, opened in a fresh page (or, without ``load``, followed as a link in the
    other page: a same-document navigation): the same view, the same numbers, no note."""
    settle(reader.page)
    url = reader.page.url
    assert CANONICAL.match(fragment(reader.page)), url
    shown = view(reader.page)
    if load or not fresh.page.url.startswith(f"{fresh.site}/{PAGE}"):  # (a link is followed in an open page)
        open_page(fresh, "#" + url.split("#", 1)[1])
        opened = view(fresh.page)
    else:
        fresh.page.bring_to_front()
        opened = fresh.page.evaluate(FOLLOW, url.split("#", 1)[1])
        opened.pop("clean")
    assert fresh.page.url == url, "a link as the page writes it needs no adjustment"
    assert opened == shown
    assert shown["explorer"]["note"] == "" and shown["deal"]["note"] == ""
    return fragment(reader.page)


def part(text: str, name: str) -> str:
    found = re.search(rf"(?:^|&){name}=([^&]*)", text)
    return found.group(1) if found else ""


def press(page, locator, key: str, times: int = 1) -> None:
    page.bring_to_front()
    locator.focus()
    for _ in range(times):
        page.keyboard.press(key)
    settle(page)


# Round trips ---------------------------------------------------------------------------------------


def test_every_control_of_the_explorer_round_trips_through_its_link(reader, fresh):
    page = reader.page
    open_page(reader)
    assert fragment(page) == "", "an untouched page keeps its address"
    root = page.locator(".freezelines-explorer")
    latest = S.dates_available("liveuamap")[1]

    press(page, root.locator("select.fx-source"), "ArrowDown")  # the tracker, by keyboard
    assert part(round_trip(reader, fresh), "explorer") == f"tracker:liveuamap;day:{latest.isoformat()}"

    press(page, root.locator("input.fx-week"), "ArrowLeft", 5)  # the week, by keyboard
    day = page.locator(".freezelines-explorer").get_attribute("data-date")
    assert day < latest.isoformat()
    assert part(round_trip(reader, fresh, load=False), "explorer") == f"tracker:liveuamap;day:{day}"

    press(page, root.locator("select.fx-compare"), "ArrowDown")  # the line compared, by keyboard
    assert (
        part(round_trip(reader, fresh, load=False), "explorer")
        == f"tracker:liveuamap;day:{day};compare:eve_of_invasion"
    )

    # Presets, by click: one off the weekly lines, one on them (it is a weekly line), the claims
    # (drawn on no tracker's line: the slider's line is kept with it).
    root.locator("button.fx-preset", has_text="a year later").click()
    assert part(round_trip(reader, fresh), "explorer") == "preset:year_after_essay;compare:eve_of_invasion"
    root.locator("button.fx-preset", has_text="the essay's date").click()
    assert (
        part(round_trip(reader, fresh, load=False), "explorer")
        == "tracker:deepstate;day:2022-11-17;compare:eve_of_invasion"
    )
    root.locator("button.fx-preset", has_text="everything Russia claimed").click()
    assert (
        part(round_trip(reader, fresh), "explorer")
        == "preset:claims;tracker:deepstate;day:2022-11-17;compare:eve_of_invasion"
    )

    # Every proposal, by keyboard: the first opened in a fresh page, the others followed as links.
    for index, item in enumerate(D.PROPOSALS):
        press(page, root.locator(".fx-deals button.fx-preset", has_text=item.name), "Enter")
        written = part(round_trip(reader, fresh, load=index == 0), "explorer")
        assert written == f"proposal:{item.key};compare:eve_of_invasion"


def test_every_control_of_the_deal_panel_round_trips_through_its_link(reader, fresh):
    page = reader.page
    open_page(reader)
    root = page.locator(".freezelines-deal")

    press(page, root.locator("select.fd-day"), "ArrowUp")  # the day, by keyboard: the last proposal's day
    days = root.locator("select.fd-day option").evaluate_all("options => options.map(o => o.value)")
    assert part(round_trip(reader, fresh, load=False), "deal") == f"day:{days[-2]}"

    press(page, root.locator("select.fd-start"), "ArrowDown")  # the first proposal, by keyboard
    first = root.locator("select.fd-start option").nth(1).get_attribute("value")  # the panel's first proposal
    assert root.locator("select.fd-start").input_value() == first
    assert part(round_trip(reader, fresh), "deal") == f"day:{first};start:{first}"

    # One oblast changed from the proposal: "your own choices", the proposal and the change in the link.
    menus = root.locator("select.fd-choice")
    code = menus.nth(0).get_attribute("data-code")
    before = menus.nth(0).input_value()
    press(page, menus.nth(0), "ArrowDown")
    after = menus.nth(0).input_value()
    assert root.locator("select.fd-start").input_value() == "custom"
    assert part(round_trip(reader, fresh), "deal") == f"day:{first};start:{first};{code}:{after}"
    # Changed back: the proposal itself again.
    press(page, menus.nth(0), "ArrowUp")
    assert menus.nth(0).input_value() == before and root.locator("select.fd-start").input_value() == first
    assert part(round_trip(reader, fresh, load=False), "deal") == f"day:{first};start:{first}"

    # From the line as it stands, every oblast's menu of the latest line, each by keyboard: the latest
    # day is written as its date, so the link keeps its line as the data grow.
    page.locator(".freezelines-deal select.fd-start").select_option("")
    page.locator(".freezelines-deal select.fd-day").select_option("latest")
    settle(page)
    menus = root.locator("select.fd-choice")
    for i in range(menus.count()):
        press(page, menus.nth(i), "ArrowDown", 1 + i % 3)
    last = S.dates_available(D.SOURCE)[1].isoformat()
    written = part(round_trip(reader, fresh), "deal")
    assert written.startswith(f"day:{last};") and written.count(":") == 1 + menus.count()
    assert root.locator("select.fd-start").input_value() == "custom"


# Back and forward ------------------------------------------------------------------------------------


def _until(page, expected: dict, timeout: float = 8.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        settle(page)
        shown = view(page)
        if shown == expected or time.monotonic() > deadline:
            assert shown == expected
            return
        page.wait_for_timeout(50)


def test_back_and_forward_step_through_the_readers_views(reader):
    page = reader.page
    open_page(reader)
    explorer, deal = page.locator(".freezelines-explorer"), page.locator(".freezelines-deal")
    start_length = page.evaluate("() => history.length")
    steps = [(page.url, view(page))]

    def step(action):
        action()
        settle(page)
        steps.append((page.url, view(page)))

    step(lambda: explorer.locator("button.fx-preset", has_text="the essay's date").click())
    step(lambda: press(page, explorer.locator("select.fx-compare"), "ArrowDown", 2))  # one run: one entry
    step(lambda: press(page, deal.locator("select.fd-start"), "ArrowDown"))
    step(lambda: press(page, explorer.locator("input.fx-week"), "ArrowRight", 4))  # a run of steps: one entry
    step(lambda: press(page, deal.locator("select.fd-choice").nth(1), "ArrowDown"))
    assert page.evaluate("() => history.length") == start_length + len(steps) - 1
    assert len({url for url, _ in steps}) == len(steps)

    for url, expected in reversed(steps[:-1]):
        page.go_back()
        _until(page, expected)
        assert page.url == url
    for url, expected in steps[1:]:
        page.go_forward()
        _until(page, expected)
        assert page.url == url


def test_an_anchor_in_the_page_leaves_the_views_as_they_are(reader):
    page = reader.page
    open_page(reader, "#explorer=tracker:liveuamap;day:2023-06-01")
    shown = view(page)
    page.evaluate("() => { location.hash = 'build-your-own-deal'; }")
    page.wait_for_timeout(100)
    settle(page)
    assert view(page) == shown
    page.go_back()
    _until(page, shown)


# Links that name what the page does not have -----------------------------------------------------------

MARKUP = [
    "<img src=x onerror=window.__pwned=1>",
    '"><svg onload=window.__pwned=1>',
    "<script>window.__pwned=1</script>",
    "javascript:window.__pwned=1",
    "<iframe src=javascript:window.__pwned=1>",
    "';window.__pwned=1;//",
]
JUNK = [
    "%E0%A4%A",
    "%ZZ%",
    "%00%01",
    "%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E",
    "%25253C",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "\u202eevil",
    "\U0001f600",
    "NaN",
    "-1",
    "1e309",
    "x" * 5_000,
    "9" * 3_000,
    ";" * 500,
    ":" * 200,
]
BAD_DAYS = [
    "2099-01-01",
    "2030-06-13",
    "2021-01-01",
    "1900-02-29",
    "2024-02-30",
    "2024-13-01",
    "2024-06-15",
    "2023-01-02",
    "24-06-13",
    "2024/06/13",
    "yesterday",
    "0000-00-00",
    "2024-06-13T00:00",
]


def hostile_fragments(count: int = 54) -> list[str]:
    """Links that each hold at least one thing the page must not show as asked: reproducible."""
    chance = random.Random(21)
    explorer_keys = ["tracker", "day", "compare", "preset", "proposal"]
    deal_keys = ["day", "start", "UA23", "UA14", "UA99", "ua65"]
    values = MARKUP + JUNK + BAD_DAYS + ["deepstate", "nope", "us-2025-99", "essay_date", "whole", "dmz", "line", ""]
    out = []
    for i in range(count):
        widget = ("explorer", "deal")[i % 2]
        keys = explorer_keys if widget == "explorer" else deal_keys
        bad = chance.choice(MARKUP + JUNK + BAD_DAYS)
        settings = [f"{chance.choice(keys + [bad])}:{bad}"]  # the one thing surely wrong
        for _ in range(chance.randrange(0, 4)):
            settings.append(f"{chance.choice(keys + ['x', bad])}:{chance.choice(values)}")
        chance.shuffle(settings)
        text = f"{widget}=" + ";".join(settings)
        if i % 5 == 0:  # both widgets, or an unknown widget and a section's name beside one
            text += chance.choice(["&deal=day:2099-01-01;start:<b>", "&junk=<img src=x>", "&explorer=tracker:x"])
        out.append(urlquote(text, safe="=&;:%") if i % 3 else text)
    return out


CLEAN = """() => ({
  pwned: window.__pwned === undefined ? null : window.__pwned,
  handlers: document.querySelectorAll('[onerror],[onload],[onclick],[onmouseover],[onfocus],[onanimationstart]').length,
  elements: [...document.querySelectorAll('img, iframe, object, embed, script, form, base, meta[http-equiv]')]
    .map(e => e.tagName + (e.src || e.getAttribute('http-equiv') || '')).sort().join('|'),
})"""


FOLLOW = f"""async text => {{
  location.hash = text;
  const settled = {SETTLED}, drawn = {MAPS_DRAWN};
  for (let i = 0; i < 2 || (i < 600 && !(settled() && drawn())); i++) {{  // at most 10 s of frames
    await new Promise(done => requestAnimationFrame(done));
  }}
  return Object.assign(({VIEW})(), {{clean: ({CLEAN})()}});
}}"""
"""A link followed within the page: the views once both widgets have redrawn, and what the page holds."""


def _valid(page, bundle: dict, shown: dict) -> None:
    """Both widgets show one of the views their pages carry, with a line drawn on each map."""
    x, d = shown["explorer"], shown["deal"]
    dates = {e["date"] for lines in bundle["explorer"]["sources"].values() for e in lines} | {
        p["date"] for p in bundle["explorer"]["presets"]
    }
    assert x["date"] in dates and int(x["total"]) > 0 and x["label"] and x["panels"].count("\n") > 10
    assert x["tracker"] in bundle["explorer"]["sources"] and x["compare"] in ("", *bundle["explorer"]["comparators"])
    assert dict((m[0], m[2]) for m in x["map"])["held"] > 10, "a blank map"
    days = {day["key"]: day for day in bundle["deal"]["days"]}
    assert d["daySelect"] in days and d["day"] == days[d["daySelect"]]["date"]
    offered = {o["code"]: {c["choice"] for c in o["choices"]} for o in days[d["daySelect"]]["oblasts"]}
    assert all(value in offered[code] for code, value in json.loads(d["choices"]).items())
    assert d["start"] in ("", "custom", *(p["key"] for p in bundle["deal"]["proposals"]))
    assert float(d["km2"][0]) > 0 and dict((m[0], m[2]) for m in d["map"])["day"] > 10, "a blank map"
    assert "Russian side" in d["status"]


def test_hostile_and_stale_links_open_a_valid_view_with_a_note(reader):
    page = reader.page
    open_page(reader)
    bundle = page.evaluate(  # the data each widget fetches (the explorer's core holds every line's day)
        """async () => ({
          explorer: await (await fetch(document.querySelector('.freezelines-explorer').dataset.src)).json(),
          deal: await (await fetch(document.querySelector('.freezelines-deal').dataset.src)).json()})"""
    )
    clean = page.evaluate(CLEAN)
    fragments = hostile_fragments()
    assert len(fragments) >= 50
    for i, text in enumerate(fragments):
        if i < 2:  # a few as whole page loads (the page starts from the link) ...
            open_page(reader, "#" + text)
            shown = view(page)
            assert page.evaluate(CLEAN) == clean, text
        else:  # ... the rest followed within the page (a same-document navigation), in one call each
            shown = page.evaluate(FOLLOW, text)
            assert shown.pop("clean") == clean, text
        named = [w for w in ("explorer", "deal") if re.search(rf"(^|&){w}=", urlquote(text, safe="=&;:%"))]
        assert named, text
        notes = [shown[w]["note"] for w in named]
        assert any(n.startswith("This link's view was adjusted.") for n in notes), (text, notes)
        assert all(len(n) < 1_200 for n in notes), "a note quotes at most a little of the link"
        assert CANONICAL.match(fragment(page)), ("the address keeps the link's junk", text, fragment(page))
        _valid(page, bundle, shown)
    assert reader.errors == []


def test_what_a_note_says(reader):
    page = reader.page
    last = S.dates_available("deepstate")[1]
    open_page(reader, "#explorer=tracker:deepstate;day:2099-01-01&deal=day:essay;start:nope;UA23:sideways")
    shown = view(page)
    assert f"DeepStateMap's lines end on {last:%-d %B %Y}, before 1 January 2099." in shown["explorer"]["note"]
    assert shown["explorer"]["date"] == last.isoformat()
    assert "no proposal “nope”" in shown["deal"]["note"] and "Zaporizhzhia Oblast “sideways”" in shown["deal"]["note"]
    assert shown["deal"]["day"] == "2022-11-17" and json.loads(shown["deal"]["choices"])["UA23"] == "line"
    assert fragment(page) == f"explorer=tracker:deepstate;day:{last.isoformat()}&deal=day:essay"
    # A day between two weekly lines: the nearest; a reader's step clears the note.
    open_page(reader, "#explorer=tracker:deepstate;day:2024-06-14")
    shown = view(page)
    assert "no weekly line on 14 June 2024; the nearest is 13 June 2024" in shown["explorer"]["note"]
    press(page, page.locator(".freezelines-explorer input.fx-week"), "ArrowLeft")
    assert view(page)["explorer"]["note"] == ""


# Copy link and Cite this view ------------------------------------------------------------------------


def test_copy_link_by_keyboard_copies_the_address_and_says_so(reader):
    page = reader.page
    open_page(reader)
    deal = page.locator(".freezelines-deal")
    press(page, deal.locator("select.fd-start"), "ArrowDown", 2)
    button = deal.locator("button.fl-copy-link")
    assert button.evaluate("b => b.tagName") == "BUTTON"
    press(page, button, "Enter")
    status = deal.locator(".fl-share-status")
    page.wait_for_function("el => el.textContent.includes('copied')", arg=status.element_handle())
    assert status.get_attribute("role") == "status"
    assert page.evaluate("() => navigator.clipboard.readText()") == page.evaluate("() => location.href")
    assert "deal=" in page.url
    # Where the clipboard is refused: the link selected in a read-only field, and a word on how to copy it.
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); }")
    explorer = page.locator(".freezelines-explorer")
    press(page, explorer.locator("button.fl-copy-link"), "Enter")
    field = explorer.locator("input.fl-link-field")
    field.wait_for(state="visible")
    assert field.get_attribute("readonly") is not None and field.input_value() == page.url
    assert "explorer=" in page.url and "deal=" in page.url  # both views, in one address
    assert field.evaluate(
        "f => document.activeElement === f && f.selectionStart === 0 && f.selectionEnd === f.value.length"
    )
    assert "Ctrl+C" in explorer.locator(".fl-share-status").inner_text()
    # The field follows the view.
    press(page, explorer.locator("select.fx-compare"), "ArrowDown")
    page.wait_for_function("f => f.value === location.href", arg=field.element_handle())


def test_cite_this_view_gives_the_book_its_version_the_data_the_link_and_today(reader):
    page = reader.page
    version = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))["version"]
    open_page(reader, "#explorer=proposal:us-2025-11")
    explorer = page.locator(".freezelines-explorer")
    toggle = explorer.locator("button.fl-cite-toggle")
    press(page, toggle, "Enter")
    assert toggle.get_attribute("aria-expanded") == "true"
    box = explorer.locator(".fl-citation")
    assert box.is_visible()
    today = dt.date.fromisoformat(
        page.evaluate(
            "() => { const d = new Date(); return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'), String(d.getDate()).padStart(2, '0')].join('-'); }"
        )
    )
    text, bibtex = (
        box.locator("textarea.fl-cite-text").input_value(),
        box.locator("textarea.fl-cite-bibtex").input_value(),
    )
    for source in ("deepstate", "liveuamap"):
        last = S.dates_available(source)[1]
        assert f"{last:%-d %B %Y}" in text and f"{last:%-d %B %Y}" in bibtex
    assert f"Version {version}." in text and f"version   = {{{version}}}" in bibtex
    assert page.url in text and f"url       = {{{page.url}}}" in bibtex
    assert f"(accessed {today:%-d %B %Y})." in text and f"urldate   = {{{today.isoformat()}}}" in bibtex
    assert "The US 28-point plan" in text
    assert text.startswith("The Freeze the Lines? contributors (2026). Freeze the Lines? An explorable")
    assert bibtex.startswith("@book{freezethelines2026explorer,") and bibtex.count("{") == bibtex.count("}")
    how = box.locator("a", has_text="How to cite")  # the data's own sources: the book's page on citing
    path = how.evaluate("a => new URL(a.href).pathname")
    assert path.endswith("/book/how-to-cite.html") and (HTML / "book" / "how-to-cite.html").is_file()
    # Another view: the citation follows it; its BibTeX copied with its own button.
    press(page, explorer.locator("select.fx-compare"), "ArrowDown")
    page.wait_for_function(
        "t => t.value.includes(location.href)", arg=box.locator("textarea.fl-cite-text").element_handle()
    )
    press(page, box.locator("button.fl-copy-bibtex"), "Enter")
    page.wait_for_function(
        "() => document.querySelector('.freezelines-explorer .fl-share-status').textContent.includes('BibTeX copied')"
    )
    assert page.evaluate("() => navigator.clipboard.readText()") == box.locator("textarea.fl-cite-bibtex").input_value()
    # The deal panel's own citation: its data's last day, its view.
    deal = page.locator(".freezelines-deal")
    press(page, deal.locator("button.fl-cite-toggle"), "Enter")
    deal_text = deal.locator("textarea.fl-cite-text").input_value()
    last = S.dates_available(D.SOURCE)[1]
    assert f"Data: DeepStateMap to {last:%-d %B %Y}." in deal_text and page.url in deal_text and "deal=" in page.url
    assert f"Version {version}." in deal_text
    # Closed again, by keyboard.
    press(page, toggle, "Enter")
    assert toggle.get_attribute("aria-expanded") == "false" and not box.is_visible()


def test_the_share_controls_pass_axe_open(reader):
    page = reader.page
    open_page(reader, "#explorer=day:2099-01-01&deal=start:nope")
    for root in (".freezelines-explorer", ".freezelines-deal"):
        page.locator(f"{root} button.fl-cite-toggle").click()
    page.evaluate("() => { navigator.clipboard.writeText = () => Promise.reject(new Error('refused')); }")
    page.locator(".freezelines-deal button.fl-copy-link").click()
    page.locator(".freezelines-deal input.fl-link-field").wait_for(state="visible")
    reader.add_axe()
    violations = page.evaluate(
        """async () => (await axe.run(['.freezelines-explorer', '.freezelines-deal'].map(s => document.querySelector(s)),
                                      {resultTypes: ['violations']})).violations
              .filter(v => v.impact === 'serious' || v.impact === 'critical')
              .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', '))"""
    )
    assert violations == []
