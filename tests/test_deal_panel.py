"""The "build your own deal" panel: the web page's sums equal the model, in Python and in the browser."""

from __future__ import annotations

import contextlib
import html
import io
import json
import math

import pytest

from freezelines import constants as C
from freezelines.model import deals as D
from freezelines.model import scenarios as S
from freezelines.viz import deal_panel as P
from freezelines.viz import style

LATEST = S.dates_available(D.SOURCE)[1]


@pytest.fixture(scope="module")
def payload():
    return P.static_payload({"essay": S.as_date("2022-11-17"), "us-2025-11": D.day_for(D.proposal("us-2025-11").date)})


def test_the_payload_carries_every_piece_of_the_model_as_measured(payload):
    """Each choice the page offers is the model's piece: its km² (to 0.01), residents and the names of its cities."""
    for panel_day in payload["days"]:
        table = D.pieces(S.as_date(panel_day["date"]))
        assert [o["code"] for o in panel_day["oblasts"]] == list(dict.fromkeys(table["adm1_pcode"]))
        for oblast in panel_day["oblasts"]:
            rows = table[table["adm1_pcode"] == oblast["code"]].set_index("choice")
            assert [c["choice"] for c in oblast["choices"]] == list(rows.index)
            for choice in oblast["choices"]:
                row = rows.loc[choice["choice"]]
                for part in D.PARTS:
                    km2, residents, cities = choice[part]
                    assert km2 == pytest.approx(row[f"{part}_km2"], abs=0.005)
                    assert residents == row[f"{part}_residents"]
                    names = S.context().places.set_index("place_id").loc[row[f"{part}_city_ids"], "name"].tolist()
                    assert [payload["cities"][k][0] for k in cities] == names
                assert [S.KEY_SITES[k] for k in choice["sites"]] == row["side_sites"]


def test_only_proposals_whose_day_is_offered_are_offered_and_each_cites_its_source(payload):
    assert [p["key"] for p in payload["proposals"]] == ["us-2025-11"]
    plan = payload["proposals"][0]
    assert plan["choices"]["UA14"] == "dmz" and plan["choices"]["UA63"] == "none"
    assert plan["sources"][0]["url"].startswith("https://") and "28-point" in plan["sources"][0]["text"]
    assert "--" not in json.dumps(payload["proposals"], ensure_ascii=False)  # BibTeX dashes are typeset


def test_the_default_days_are_the_essay_each_proposal_and_the_latest():
    days = D.panel_days()
    assert list(days) == ["essay", *(p.key for p in D.panel_proposals()), "latest"]
    assert days["latest"] == LATEST and "istanbul-2022" not in days  # drawn on liveuamap: not the panel's tracker
    assert all(days[p.key] == D.price(p.key).day for p in D.panel_proposals())


def test_in_a_kernel_the_static_panel_is_a_marker_the_build_expands():
    bundle = P.static_panel()._repr_mimebundle_()
    assert bundle[P.DEAL_MIME] == {"days": {}}
    small = P.static_content({"days": {"latest": LATEST.isoformat()}})
    assert [d["date"] for d in small["days"]] == [LATEST.isoformat()]
    assert P.static_content(json.dumps(small)) == small


def test_the_live_panel_loads_a_proposal_and_adds_up_the_readers_choices():
    with contextlib.redirect_stdout(io.StringIO()):
        panel = P.live_panel()
        assert panel.current_day == LATEST and set(panel.current_choices().values()) == {"line"}
        panel.start.value = "russia-2025-08"
    price = D.price("russia-2025-08")
    assert panel.current_day == price.day and panel.current_choices() == D.panel_choices("russia-2025-08")
    assert panel.totals["gives_km2"] == pytest.approx(price.ukraine_gives.total_km2, abs=5)
    gives = f'<th scope="row">Ukraine would give up beyond the line</th><td>{C.rounded("km2", price.ukraine_gives.total_km2):,.0f}</td>'
    assert gives in panel.summary.value and html.escape(price.proposal.name) in panel.summary.value
    side = next(t for t in panel.figure.data if t.meta == "side")
    assert len(side.x) > 100
    menu = next(m for m in panel.menus.children if m.code == "UA23")
    menu.value = "whole"  # Zaporizhzhia oblast to Russia in full
    assert panel.start.value == ""
    expected = D.from_pieces({**D.panel_choices("russia-2025-08"), "UA23": "whole"}, price.day)
    assert panel.totals == expected and panel.totals["gives_km2"] > price.ukraine_gives.total_km2 + 5_000


# In the built page ------------------------------------------------------------------------------


def _panel(page, site):
    from browser import open_widget

    return open_widget(page, site, "deal")


def _shown(root) -> dict:
    """The panel's figures as the reader sees them (and their unrounded values), once it has redrawn."""
    root.page.wait_for_function("el => !el.dataset.pending", arg=root.element_handle())
    out = {"day": root.get_attribute("data-day"), "choices": json.loads(root.get_attribute("data-choices"))}
    for cell in root.locator("[data-key]").all():
        out[cell.get_attribute("data-key")] = (cell.inner_text(), float(cell.get_attribute("data-value")))
    out["sites"] = root.locator(".fd-sites").get_attribute("data-value")
    return out


def _check(shown: dict, day) -> dict:
    """The page's figures equal the Python model's sums of the same pieces, to the unit shown."""
    model = D.from_pieces(shown["choices"], day)
    for part in D.PARTS:
        if f"{part}-km2" not in shown:  # the zone's row appears only when there is one
            assert part == "zone" and model["zone_km2"] == 0
            continue
        text, value = shown[f"{part}-km2"]
        assert value == pytest.approx(model[f"{part}_km2"], abs=0.05)
        assert text == f"{C.rounded('km2', model[f'{part}_km2']):,.0f}"  # to 10 km², as everywhere
        assert shown[f"{part}-residents"][1] == model[f"{part}_residents"]
        residents = model[f"{part}_residents"]
        assert shown[f"{part}-residents"][0] == (
            "under 1,000" if 0 < residents < 1_000 else f"{math.floor(residents / 1000 + 0.5) * 1000:,}"
        )
        assert shown[f"{part}-cities"] == (str(model[f"{part}_cities"]), model[f"{part}_cities"])
    assert shown["side-share"][0] == f"{model['share']:.1%} of Ukraine"
    assert [S.KEY_SITES[int(i)] for i in shown["sites"].split(",") if i] == [
        s for s in S.KEY_SITES if s in model["sites"]
    ]
    return model


def test_the_panel_sums_equal_the_model_for_every_proposal(page, site):
    state, root = _panel(page, site)
    start = root.locator("select.fd-start")
    for item in D.panel_proposals():
        start.select_option(item.key)
        shown = _shown(root)
        price = D.price(item.key)
        assert shown["day"] == price.day.isoformat() and shown["choices"] == D.panel_choices(item.key)
        _check(shown, price.day)
        # and the sums equal the full model's measure of the proposal's whole line
        assert shown["side-km2"][1] == pytest.approx(price.deal.total_km2, abs=5)
        assert shown["gives-km2"][1] == pytest.approx(price.ukraine_gives.total_km2, abs=5)
        assert shown["returns-km2"][1] == pytest.approx(price.russia_gives.total_km2, abs=5)
        assert item.name in root.locator(".fd-result").inner_text()
    assert state.errors == [] and state.outside == []


def test_the_panel_works_with_the_keyboard_and_sums_any_choice(page, site):
    state, root = _panel(page, site)
    first = _shown(root)
    assert first["day"] == LATEST.isoformat() and set(first["choices"].values()) == {"line"}
    model = _check(first, LATEST)
    assert model["gives_km2"] == 0 and model["returns_km2"] == 0
    # Keyboard only: focus a menu, move through its choices with the arrow keys.
    selects = root.locator("select.fd-choice")
    codes = [selects.nth(i).get_attribute("data-code") for i in range(selects.count())]
    for i, presses in ((codes.index("UA23"), 1), (codes.index("UA65"), 2), (codes.index("UA14"), 4)):
        selects.nth(i).focus()
        for _ in range(presses):
            page.keyboard.press("ArrowDown")
        shown = _shown(root)
        _check(shown, LATEST)
    assert shown["choices"]["UA23"] == "whole" and shown["choices"]["UA65"] == "none"
    assert root.locator("select.fd-start").input_value() == "custom"
    # Another day keeps the choices where they exist; the proposal menu by keyboard loads a proposal.
    root.locator("select.fd-day").focus()
    root.locator("select.fd-day").select_option("essay")
    shown = _shown(root)
    assert shown["day"] == "2022-11-17" and shown["choices"]["UA23"] == "whole"
    _check(shown, S.as_date("2022-11-17"))
    assert state.errors == [] and state.outside == []


def test_the_explorer_shows_each_proposal_with_the_keyboard(page, site):
    from browser import open_widget

    state, root = open_widget(page, site, "explorer")
    for item in D.PROPOSALS:
        button = root.locator(".fx-deals button.fx-preset", has_text=item.name)
        button.focus()
        page.keyboard.press("Enter")
        page.wait_for_function("el => !el.dataset.pending", arg=root.element_handle())
        price = D.price(item.key)
        assert button.get_attribute("aria-pressed") == "true"
        assert int(root.get_attribute("data-total")) == C.rounded("km2", price.deal.total_km2)
        assert int(root.get_attribute("data-gives")) == C.rounded("km2", price.ukraine_gives.total_km2)
        assert root.get_attribute("data-date") == price.day.isoformat()
        panel = root.locator(".fx-deal").inner_text()
        assert item.name in panel and "The book's reading" in panel
        shown = root.locator(".fx-panels").inner_text()
        # the same forms as the chapter and the live explorer (freezelines.viz.style)
        for value in (price.ukraine_gives.total_km2, price.russia_gives.total_km2, price.kept_km2):
            assert style.area(value) in shown, (item.key, style.area(value))
        zone = page.evaluate(
            "id => { const c = document.getElementById(id); const t = c.data.find(d => d.meta === 'zone'); return t.visible && t.x.length > 0; }",
            root.get_attribute("data-chart"),
        )
        assert zone == (price.zone_km2 > 0)
    # a tracker's week again: the slider leaves the proposal
    root.locator("input.fx-week").focus()
    page.keyboard.press("End")
    page.wait_for_function("el => !el.dataset.pending", arg=root.element_handle())
    assert root.get_attribute("data-gives") is None
    assert state.errors == [] and state.outside == []


def test_residents_are_written_one_way():
    from freezelines.viz.style import people

    assert [people(n) for n in (0, 1, 999, 1_500, 2_500, 707_736)] == [
        "none",
        "under 1,000",
        "under 1,000",
        "about 2,000",
        "about 3,000",
        "about 708,000",
    ]
