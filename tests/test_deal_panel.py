"""The "build your own deal" panel: the web page's sums equal the model, in Python and in the browser."""

from __future__ import annotations

import contextlib
import io
import json

import pytest

from freezelines import deal_panel as P
from freezelines import deals as D
from freezelines import scenarios as S

LATEST = S.dates_available(D.SOURCE)[1]


def _totals(panel_day: dict, choices: dict) -> dict:
    """The page's arithmetic, in Python: add the chosen pieces of the payload."""
    out = {part: [0.0, 0, 0] for part in D.PARTS}
    for oblast in panel_day["oblasts"]:
        want = choices.get(oblast["code"], "line")
        entry = next(c for c in oblast["choices"] if c["choice"] == want)
        for part in D.PARTS:
            out[part][0] += entry[part][0]
            out[part][1] += entry[part][1]
            out[part][2] += len(entry[part][2])
    return out


@pytest.fixture(scope="module")
def payload():
    return P.static_payload({"essay": S.as_date("2022-11-17"), "us-2025-11": D.day_for(D.proposal("us-2025-11").date)})


def test_the_payload_adds_up_to_the_model(payload):
    days = {d["key"]: d for d in payload["days"]}
    for key, day in (("essay", S.as_date("2022-11-17")), ("us-2025-11", D.price("us-2025-11").day)):
        for choices in ({}, {"UA23": "whole", "UA65": "none", "UA14": "pre2022"}):
            page = _totals(days[key], choices)
            model = D.from_pieces(choices, day)
            for part in D.PARTS:
                assert page[part][0] == pytest.approx(model[f"{part}_km2"], abs=0.05)
                assert page[part][1] == model[f"{part}_residents"]
                assert page[part][2] == model[f"{part}_cities"]


def test_only_proposals_whose_day_is_offered_are_offered_and_each_cites_its_source(payload):
    assert [p["key"] for p in payload["proposals"]] == ["us-2025-11"]
    plan = payload["proposals"][0]
    assert plan["choices"]["UA14"] == "dmz" and plan["choices"]["UA63"] == "none"
    assert plan["sources"][0]["url"].startswith("https://") and "28-point" in plan["sources"][0]["text"]


def test_the_default_days_are_the_essay_each_proposal_and_the_latest():
    days = D.panel_days()
    assert list(days) == ["essay", *(p.key for p in D.PROPOSALS), "latest"]
    assert days["latest"] == LATEST and days["istanbul-2022"] == S.dates_available(D.SOURCE)[0]


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
    assert f"{price.ukraine_gives.total_km2:,.0f} km²" in panel.summary.value
    side = next(t for t in panel.figure.data if t.meta == "side")
    assert len(side.x) > 100
    menu = next(m for m in panel.menus.children if m.code == "UA23")
    menu.value = "whole"  # Zaporizhzhia oblast to Russia in full
    assert panel.start.value == ""
    expected = D.from_pieces({**D.panel_choices("russia-2025-08"), "UA23": "whole"}, price.day)
    assert panel.totals == expected and panel.totals["gives_km2"] > price.ukraine_gives.total_km2 + 5_000
