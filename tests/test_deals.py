"""Deals on the table: each proposal's line checked against facts its terms imply, on its date."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest

from freezelines.model import deals, scenarios

ZAPORIZHZHIA, KHERSON = "ukrstat2022-0582", "ukrstat2022-1554"
KRAMATORSK, SLOVIANSK = "ukrstat2022-0357", "ukrstat2022-0361"
KHARKIV_OBLAST, SUMY_OBLAST = "UA63", "UA59"


def test_june_2024_terms_put_zaporizhzhia_and_kherson_cities_on_the_russian_side():
    price = deals.price("russia-2024-06")
    assert price.day == dt.date(2024, 6, 14)
    assert {ZAPORIZHZHIA, KHERSON} <= set(price.deal.cities["place_id"])
    assert {ZAPORIZHZHIA, KHERSON} <= set(price.ukraine_gives.cities["place_id"])
    # the four oblasts in full
    oblasts = price.deal.oblasts.set_index("adm1_pcode")
    for code in scenarios.CLAIMED_OBLASTS:
        assert oblasts.loc[code, "share"] > 0.99


def test_november_2025_plan_puts_kramatorsk_and_sloviansk_in_the_buffer_zone():
    price = deals.price("us-2025-11")
    assert price.dmz is not None
    assert {KRAMATORSK, SLOVIANSK} <= set(price.dmz.cities["place_id"])
    assert not {KRAMATORSK, SLOVIANSK} & set(price.deal.cities["place_id"])  # the zone is not the Russian side
    assert {KRAMATORSK, SLOVIANSK} <= set(price.ukraine_gives.cities["place_id"])


def test_november_2025_plan_leaves_russia_nothing_in_kharkiv_or_sumy():
    price = deals.price("us-2025-11")
    oblasts = price.deal.oblasts.set_index("adm1_pcode")
    # below 1 km²: where the neighbouring oblasts' boundary lines overlap by a few metres
    assert oblasts.loc[KHARKIV_OBLAST, "held_km2"] < 1
    assert oblasts.loc[SUMY_OBLAST, "held_km2"] < 1
    # ... while Russian forces did hold land there that day, which the plan gives back
    held = price.current.oblasts.set_index("adm1_pcode")
    assert held.loc[KHARKIV_OBLAST, "held_km2"] + held.loc[SUMY_OBLAST, "held_km2"] > 100
    assert price.russia_gives.total_km2 > 100


def test_the_april_2025_offer_returns_kharkiv_oblast_and_the_kinburn_spit():
    price = deals.price("us-2025-04")
    oblasts = price.deal.oblasts.set_index("adm1_pcode")["held_km2"]
    assert oblasts["UA63"] < 1 and oblasts["UA48"] < 1  # Kharkiv and Mykolaiv oblasts
    held = price.current.oblasts.set_index("adm1_pcode")["held_km2"]
    assert price.russia_gives.total_km2 == pytest.approx(held["UA63"] + held["UA48"], abs=5)


def test_every_source_is_in_the_bibliography():
    for item in deals.PROPOSALS:
        for cite in (item.cite, item.sites_cite):
            for source in deals.sources(cite) if cite else []:
                assert source["url"].startswith("https://") and "{" not in source["text"]


def test_istanbul_is_the_eve_of_invasion_line():
    price = deals.price("istanbul-2022")
    eve = scenarios.measure(scenarios.preset("eve_of_invasion"))
    # DeepState's pre-2022 polygons overhang the coast by about 125 km²: the deal counts land only
    assert price.deal.total_km2 == pytest.approx(eve.total_km2, rel=0.005)
    assert price.ukraine_gives.total_km2 < 0.005 * eve.total_km2
    assert price.day == scenarios.dates_available("deepstate")[0]  # before the archive: its first day


def test_every_measure_adds_up():
    for item in deals.PROPOSALS:
        price = deals.price(item.key)
        # the deal's Russian side = the day's line + what Ukraine gives (less the zone) - what Russia gives
        zone = price.dmz.total_km2 if price.dmz else 0.0
        expected = price.current.total_km2 + price.ukraine_gives.total_km2 - zone - price.russia_gives.total_km2
        assert price.deal.total_km2 == pytest.approx(expected, abs=5)


def test_a_date_after_the_data_uses_the_latest_day():
    last = scenarios.dates_available("deepstate")[1]
    assert deals.day_for(last + dt.timedelta(days=400)) == last


CHOICES = [
    {},  # keep the line everywhere
    {"UA14": "whole", "UA23": "whole", "UA65": "whole", "UA44": "whole"},
    {"UA63": "none", "UA59": "none", "UA12": "none", "UA14": "whole"},
    {"UA23": "none", "UA65": "none", "UA01": "whole"},
]


@pytest.mark.parametrize("choices", CHOICES)
def test_pieces_add_up_to_the_full_measure(choices):
    day = scenarios.dates_available("deepstate")[1]
    summed = deals.from_pieces(choices, day)
    full = deals.measure_choices(choices, day)
    assert summed["side_km2"] == pytest.approx(full.total_km2, rel=1e-4, abs=1)
    assert summed["side_residents"] == pytest.approx(full.population["total"], rel=2e-3, abs=50)
    assert summed["side_cities"] == len(full.cities)
    assert summed["share"] == pytest.approx(full.share_of_ukraine, abs=1e-5)
    held_sites = set(full.sites.loc[full.sites["held"] & (full.sites["place_id"] != "site-land-corridor"), "place_id"])
    assert set(summed["sites"]) == held_sites


def test_pieces_cover_only_oblasts_with_russian_held_land():
    day = scenarios.dates_available("deepstate")[1]
    table = deals.pieces(day)
    offered = table.groupby("adm1_pcode")["choice"].agg(set)
    assert all(set(deals.PANEL_CHOICES) <= choices for choices in offered)
    # the 2014-2022 line only where Russian forces held land before 2022 (in Kherson oblast, about 30 km²
    # north of Crimea, on the Arabat Spit and at Chonhar)
    assert {code for code, choices in offered.items() if "pre2022" in choices} == {
        "UA01",
        "UA85",
        "UA14",
        "UA44",
        "UA65",
    }
    # a demilitarised zone only where Ukraine holds a real part of the oblast (not Crimea or Sevastopol)
    assert "dmz" in offered["UA14"] and "dmz" in offered["UA23"]
    assert "dmz" not in offered["UA01"] and "dmz" not in offered["UA85"]
    assert (table.loc[table["choice"] == "none", "side_km2"] == 0).all()
    line = table[table["choice"] == "line"].set_index("adm1_pcode")["side_km2"]
    whole = table[table["choice"] == "whole"].set_index("adm1_pcode")["side_km2"]
    assert (line > 0).all() and (whole >= line - 1).all()
    assert "UA05" not in set(table["adm1_pcode"])  # Vinnytsia: never held
    # each choice's parts agree: the Russian side and zone less the line given up, the line less the side returned
    for _, row in table.iterrows():
        here = line[row["adm1_pcode"]]
        expected = row["side_km2"] + row["zone_km2"] - row["gives_km2"] - (here - row["returns_km2"])
        assert abs(expected) < 1, (row["oblast"], row["choice"], expected)


def test_the_model_imports_no_presentation_module():
    tree = ast.parse(Path(deals.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert not imported & {"figures", "maps", "explorer", "style"}


@pytest.mark.parametrize("key", [item.key for item in deals.PROPOSALS])
def test_every_proposal_built_from_the_panel_pieces_costs_what_the_model_says(key):
    """The panel can express each proposal on its day, and its sums equal the full model's price."""
    price = deals.price(key)
    choices = deals.panel_choices(key)
    summed = deals.from_pieces(choices, price.day)
    zone = price.dmz.total_km2 if price.dmz else 0.0
    assert summed["side_km2"] == pytest.approx(price.deal.total_km2, abs=5)
    assert summed["zone_km2"] == pytest.approx(zone, abs=5)
    assert summed["gives_km2"] == pytest.approx(price.ukraine_gives.total_km2, abs=5)
    assert summed["returns_km2"] == pytest.approx(price.russia_gives.total_km2, abs=5)
    assert summed["gives_residents"] == pytest.approx(price.ukraine_gives.population["total"], abs=50)
    assert summed["returns_residents"] == pytest.approx(price.russia_gives.population["total"], abs=50)
    assert summed["gives_cities"] == len(price.ukraine_gives.cities)
    assert summed["returns_cities"] == len(price.russia_gives.cities)
    held = price.deal.sites
    assert summed["sites"] == sorted(held.loc[held["held"] & (held["place_id"] != "site-land-corridor"), "place_id"])


def test_a_rule_the_panel_cannot_express_is_an_error_naming_the_proposal(monkeypatch):
    item = deals.proposal("us-2025-11")
    odd = deals.Proposal(
        key="odd", name="An odd plan", date=item.date, cite=item.cite, terms="", rules={"UA05": "whole"}
    )
    monkeypatch.setattr(deals, "PROPOSALS", (*deals.PROPOSALS, odd))
    with pytest.raises(ValueError, match="An odd plan.*UA05"):
        deals.panel_choices("odd")


def test_the_proposals_file_is_checked_and_errors_name_the_proposal(tmp_path):
    good = deals.PROPOSALS_FILE.read_text(encoding="utf-8")
    cases = {
        "rules:\n    UA01: pre2022": ("rules:\n    UA01: partly", "istanbul-2022.*'partly' for UA01"),
        "rules:\n    UA01: pre2022\n": (
            "rules:\n    UA01: pre2022\n    UA99: whole\n",
            "istanbul-2022.*no oblast 'UA99'",
        ),
        "date: '2022-03-29'": ("date: '29 March 2022'", "istanbul-2022.*date"),
        "  elsewhere: none\n": ("  elsewhere: none\n  colour: red\n", "istanbul-2022.*unknown fields"),
    }
    for needle, (replacement, message) in cases.items():
        assert needle in good, needle
        bad = tmp_path / "proposals.yaml"
        bad.write_text(good.replace(needle, replacement, 1), encoding="utf-8")
        with pytest.raises(ValueError, match=message):
            deals.read_proposals(bad)
    proposals, not_drawn = deals.read_proposals()
    assert proposals == deals.PROPOSALS and not_drawn[0]["why"].startswith("Its territorial clause")


def test_a_pieces_tally_is_the_full_measure_of_the_same_area():
    held = deals.clipped(scenarios.line_on(scenarios.dates_available("deepstate")[1]).held)
    piece = deals.piece("UA23", "line", held)[0]  # the line inside Zaporizhzhia oblast
    full = scenarios.measure(scenarios.Line(label="piece", source="deal", date=None, held=piece))
    light = scenarios.tally(piece)
    assert light["km2"] == pytest.approx(full.total_km2)
    assert light["residents"] == full.population["total"] > 100_000
    assert light["city_ids"] == list(full.cities["place_id"]) and "ukrstat2022-0582" not in light["city_ids"]
    sites = full.sites
    assert light["sites"] == list(sites.loc[sites["held"] & (sites["kind"] != "corridor"), "place_id"])
    assert "site-znpp" in light["sites"]
