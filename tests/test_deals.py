"""Deals on the table: each proposal's line checked against facts its terms imply, on its date."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
import shapely
import shapely.geometry

from freezelines import constants as C
from freezelines import geometry as G
from freezelines.model import deal_shapes, deals, scenarios

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
                assert source["url"] == "" or source["url"].startswith("https://"), source
                assert "{" not in source["text"]


def test_istanbul_is_the_eve_of_invasion_line():
    price = deals.price("istanbul-2022")
    eve = scenarios.measure(scenarios.preset("eve_of_invasion"))
    # DeepState's pre-2022 polygons overhang the coast by about 125 km²: the deal counts land only
    assert price.deal.total_km2 == pytest.approx(eve.total_km2, rel=0.005)
    assert price.ukraine_gives.total_km2 < 0.005 * eve.total_km2
    # DeepState's archive starts on 3 April 2022, after the talks: the last usable map before 29 March is
    # liveuamap's of 26 March (27-29 March repeat it, flagged carried_forward; 3 April is off_reference)
    assert (price.source, price.day) == ("liveuamap", dt.date(2022, 3, 26))
    daily = scenarios.context().territory.set_index(["source", "date"])["quality"]
    assert daily[("liveuamap", pd.Timestamp("2022-03-26"))] == "ok"
    assert daily[("liveuamap", pd.Timestamp("2022-03-29"))] == "carried_forward"
    assert daily[("deepstate", pd.Timestamp("2022-04-03"))] != "ok"
    # the essay's price of a return to the 2014-2022 line is nil; what Russian forces would give up is
    # everything they held beyond it on that map (liveuamap's series: 107,098 km² seized since 24 Feb)
    assert price.kept_km2 < 50
    assert price.russia_gives.total_km2 + price.returns_slivers_km2 == pytest.approx(107_098, rel=0.01)


def test_no_proposal_is_priced_on_a_flagged_map():
    daily = scenarios.context().territory.set_index(["source", "date"])["quality"]
    for item in deals.PROPOSALS:
        price = deals.price(item.key)
        assert daily[(price.source, pd.Timestamp(price.day))] == "ok", item.key
        assert (
            0 <= (item.date - price.day).days <= deals.MAP_WINDOW_DAYS
            or price.day == scenarios.dates_available(deals.SOURCE)[1]
        )


def test_a_day_with_no_usable_map_cannot_be_priced():
    with pytest.raises(ValueError, match="no usable map within 7 days before 2022-02-20"):
        deals.map_for(dt.date(2022, 2, 20))


def test_every_measure_adds_up():
    for item in deals.PROPOSALS:
        price = deals.price(item.key)
        # the deal's Russian side = the day's line + what Ukraine gives (less the zone) - what Russia gives
        zone = price.dmz.total_km2 if price.dmz else 0.0
        gives = price.ukraine_gives.total_km2 + price.gives_slivers_km2
        returns = price.russia_gives.total_km2 + price.returns_slivers_km2
        expected = price.current.total_km2 + gives - zone - returns
        assert price.deal.total_km2 == pytest.approx(expected, abs=5), item.key


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
        gives = row["gives_km2"] + row["gives_slivers_km2"]
        returns = row["returns_km2"] + row["returns_slivers_km2"]
        expected = row["side_km2"] + row["zone_km2"] - gives - (here - returns)
        assert abs(expected) < 1, (row["oblast"], row["choice"], expected)


def test_the_model_imports_no_presentation_module():
    tree = ast.parse(Path(deals.__file__).read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert not imported & {"figures", "maps", "explorer", "style"}


@pytest.mark.parametrize("key", [item.key for item in deals.panel_proposals()])
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
    from freezelines.model import proposals

    monkeypatch.setattr(proposals, "proposals", lambda: (*proposals._read(proposals.proposals_file())[0], odd))
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
    assert proposals == deals.PROPOSALS and not_drawn == ()


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


def test_the_panel_starts_only_from_proposals_drawn_on_its_tracker():
    assert [p.key for p in deals.PROPOSALS if p not in deals.panel_proposals()] == ["istanbul-2022"]
    with pytest.raises(ValueError, match="Istanbul communiqué is drawn on liveuamap"):
        deals.panel_choices("istanbul-2022")


def test_every_proposal_since_2024_passes_the_essays_yardstick():
    """The chapter and the ledger say so: each leaves Russia tens of thousands of km² seized since
    February 2022 (the price of chapter 5), however little it moves beyond its own day's line."""
    table = deals.table().set_index("key")
    since = table[pd.to_datetime(table["date"]) >= pd.Timestamp("2024-01-01")]
    assert since["kept_passes"].all() and (since["kept_km2"] > 60_000).all()
    assert not table.loc["istanbul-2022", "kept_passes"]
    # the price is the deal's Russian side less the pre-2022 area, measured independently here
    price = deals.price("russia-2024-06")
    eve = scenarios.context().pre2022
    independent = G.km2(shapely.difference(price.geometries["russian"], eve))
    assert price.kept_km2 == pytest.approx(independent, abs=10)


def test_the_28_point_zone_is_shown_both_ways():
    price = deals.price("us-2025-11")
    assert round(price.share, 3) == 0.188 and round(price.share_with_zone, 3) == 0.199
    assert price.kept_with_zone_km2 == pytest.approx(price.kept_km2 + price.dmz.total_km2, abs=1)


def test_an_open_zone_is_neither_given_up_nor_kept():
    """The 20-point framework leaves the rest of Donetsk oblast open: not given up, not on the Russian side."""
    price = deals.price("ukraine-2025-12")
    assert price.open_zone is not None and price.dmz is None
    assert {KRAMATORSK, SLOVIANSK} <= set(price.open_zone.cities["place_id"])
    assert not {KRAMATORSK, SLOVIANSK} & set(price.deal.cities["place_id"])
    assert price.ukraine_gives.total_km2 < 10  # nothing beyond the line of contact
    held = scenarios.measure(scenarios.line_on(price.day)).oblasts.set_index("adm1_pcode")["held_km2"]
    oblasts = price.deal.oblasts.set_index("adm1_pcode")["held_km2"]
    for code in ("UA12", "UA48", "UA59", "UA63"):  # Russian forces leave all four
        assert oblasts[code] < 1
    assert price.russia_gives.total_km2 + price.returns_slivers_km2 == pytest.approx(
        sum(held[c] for c in ("UA12", "UA48", "UA59", "UA63")), abs=5
    )
    donetsk = scenarios.context().oblasts.set_index("adm1_pcode").loc["UA14", "area_km2"]
    assert oblasts["UA14"] + price.open_zone.total_km2 == pytest.approx(donetsk, rel=0.01)


def test_drawing_noise_is_not_a_concession():
    """Strips narrower than the drawing's resolution do not count as land moved; a real piece keeps its area."""
    assert deals.resolution_m() == 500.0
    strip = shapely.box(0, 0, 50_000, 800)  # 50 km long, 800 m wide: noise
    block = shapely.box(100_000, 0, 110_000, 10_000)  # 10 x 10 km: land
    kept, slivers = G.without_slivers(shapely.union_all([strip, block]), deals.resolution_m())
    assert G.km2(kept) == pytest.approx(100.0) and G.km2(slivers) == pytest.approx(40.0)
    # the April 2025 offer keeps the line everywhere it does not return land: Ukraine gives up nothing
    price = deals.price("us-2025-04")
    assert price.ukraine_gives.total_km2 == 0 and price.gives_slivers_km2 > 10
    assert C.rounded("km2", price.russia_gives.total_km2) == 1270


def test_the_ledger_verdicts_follow_the_yardstick():
    """Each proposal row of the claims ledger calls the price "supported" only if the model's price passes."""
    ledger = (Path(__file__).resolve().parents[1] / "book" / "12-claims-ledger.md").read_text(encoding="utf-8")
    table = deals.table().set_index("key")
    for key in table.index:
        rows = [r for r in ledger.splitlines() if f"deals-{key}-kept-text" in r]
        assert len(rows) == 1, key
        verdict = rows[0].rstrip(" |").rsplit("|", 1)[-1]
        favourable = ("supported" in verdict and "not supported" not in verdict) or "consistent with" in verdict
        if favourable:
            assert table.loc[key, "kept_passes"], key
        if not table.loc[key, "kept_passes"]:
            assert not favourable, key


@pytest.mark.book
def test_each_quantity_reads_the_same_in_the_chapter_the_ledger_and_the_explorer(built_book):
    """One rounding per kind: the chapter's map summaries, the ledger and the explorer's data block give
    each proposal's price and concessions in the forms of freezelines.viz.style (the browser test of the
    explorer checks the same strings on screen)."""
    import html as html_module
    import re

    from freezelines.book import names, widget_data
    from freezelines.viz import explorer, style

    def text(relative: str) -> str:
        page = (built_book / relative).read_text(encoding="utf-8")
        page = re.sub(r"<script.*?</script>", " ", page, flags=re.S)
        return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", page)).split())

    chapter = text("book/deals-on-the-table.html")
    ledger = text("book/12-claims-ledger.html")
    payload = widget_data.payload_of(built_book, "notebooks/explorer.html", names.EXPLORER_CLASS)  # its data files
    facts = {p["key"].removeprefix("deal:"): p["deal"] for p in payload["presets"] if p.get("deal")}
    for item in deals.PROPOSALS:
        price = deals.price(item.key)
        for value in (price.kept_km2, price.ukraine_gives.total_km2, price.russia_gives.total_km2):
            assert style.area(value) in chapter, (item.key, style.area(value))
            assert style.area(value) in ledger, (item.key, style.area(value))
        assert style.length(price.front_km) in chapter, item.key
        assert facts[item.key] == explorer.deal_facts(item.key)
        assert facts[item.key]["kept"][0] == C.rounded("km2", price.kept_km2)
    assert not re.search(r"\d,\d{3},\d{3} (?:pre-war )?residents", chapter)  # never to the single person


@pytest.mark.parametrize(
    "needle, replacement, message",
    [
        (
            "    UA14: pre2022\n",
            "    UA14: pre2022\n    UA14: none\n",
            r"line \d+: key 'UA14' repeats \(first on line \d+\)",
        ),
        ("date: '2022-03-29'", "date: 2022-02-30", r"istanbul-2022.*date '2022-02-30' is not a real day"),
        (
            "proposals:\n- key: istanbul-2022",
            "proposals:\n- key: [istanbul-2022",
            r"proposals.yaml: line \d+: not valid YAML",
        ),
        (
            "  rules:\n    UA01: pre2022",
            "  rules:\n    - UA01\n  old_rules:\n    UA01: pre2022",
            r"unknown fields|'rules' must map",
        ),
        (
            "  rules:\n    UA01: pre2022\n    UA85: pre2022\n    UA14: pre2022\n    UA44: pre2022\n",
            "  rules:\n    - UA01\n",
            r"istanbul-2022.*'rules' must map oblast codes",
        ),
        (
            "proposals:\n- key: istanbul-2022",
            "proposals:\n- just a string\n- key: istanbul-2022",
            r"proposal 1 is 'just a string', not a mapping",
        ),
        (
            "not_drawn: []",
            "not_drawn:\n- name: A plan\n  cite: afp2025twenty\n  why: vague",
            r"not_drawn entry 1 \(A plan\): missing \['date'\]",
        ),
    ],
)
def test_a_damaged_proposals_file_is_refused_naming_the_place(tmp_path, needle, replacement, message):
    good = deals.PROPOSALS_FILE.read_text(encoding="utf-8")
    assert needle in good, needle
    bad = tmp_path / "proposals.yaml"
    bad.write_text(good.replace(needle, replacement, 1), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        deals.read_proposals(bad)


def test_empty_terms_and_an_empty_file_are_refused(tmp_path):
    good = deals.PROPOSALS_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "proposals.yaml"
    start = good.index("  terms: >-\n", good.index("- key: us-2025-04"))
    end = good.index("  rules:", start)
    bad.write_text(good[:start] + "  terms:\n" + good[end:], encoding="utf-8")
    with pytest.raises(ValueError, match=r"us-2025-04\): 'terms' is empty"):
        deals.read_proposals(bad)
    bad.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match=r"proposals.yaml: expected a mapping with a non-empty list 'proposals'"):
        deals.read_proposals(bad)


def test_a_bibliography_link_that_is_not_http_is_refused(monkeypatch, tmp_path):
    bad = tmp_path / "references.bib"
    bad.write_text("@misc{evil, publisher={X}, title={T}, url={javascript:alert(1)}}", encoding="utf-8")
    from freezelines.model import proposals

    monkeypatch.setattr(proposals, "BIBLIOGRAPHY", bad)
    proposals.reload()
    try:
        with pytest.raises(ValueError, match=r"entry 'evil': url 'javascript:alert\(1\)' is not an http\(s\) address"):
            deals.sources("evil")
    finally:
        proposals.reload()


def test_an_unknown_choice_in_the_panel_is_an_error_not_a_dropped_oblast():
    day = scenarios.dates_available("deepstate")[1]
    with pytest.raises(ValueError, match=r"UA14 on .*: choice 'whol' is not offered there"):
        deals.from_pieces({"UA14": "whol"}, day)
    with pytest.raises(ValueError, match=r"UA05 on .*: Russian forces hold no land there"):
        deals.from_pieces({"UA05": "whole"}, day)


def test_each_proposals_shapes_download_has_the_models_areas_and_every_city():
    for item in deals.PROPOSALS:
        collection = deal_shapes.shapes(item.key)
        price = deals.price(item.key)
        parts = {f["properties"]["part"]: f for f in collection["features"]}
        assert "russian" in parts and collection["map"]["day"] == price.day.isoformat()
        for part, feature in parts.items():
            drawn = G.km2(G.to_equal_area(shapely.geometry.shape(feature["geometry"])))
            assert drawn == pytest.approx(feature["properties"]["km2"], rel=2e-3, abs=0.5), (item.key, part)
        assert parts["russian"]["properties"]["km2"] == pytest.approx(price.deal.total_km2, abs=0.1)
        if price.ukraine_gives.total_km2 > 0:
            gives = parts["ukraine_gives"]["properties"]
            assert gives["cities"] == list(price.ukraine_gives.cities["name"])  # complete, not the largest few
    assert "dmz" in {f["properties"]["part"] for f in deal_shapes.shapes("us-2025-11")["features"]}
    assert "open" in {f["properties"]["part"] for f in deal_shapes.shapes("ukraine-2025-12")["features"]}


def test_the_deals_table_download_names_its_columns_and_units():
    from freezelines.book import downloads

    lines = downloads.deals_table_csv().splitlines()
    header = lines[0].split(",")
    assert header[0] == "proposal_key" and "seized_since_2022_left_to_russia_km2" in header
    assert all(not name.startswith(("x", "y")) for name in header) and len(lines) == len(deals.PROPOSALS) + 1
    assert "<" not in downloads.deals_table_csv()


@pytest.mark.book
def test_the_built_book_serves_every_download_the_chapter_links(built_book):
    import re

    chapter = (built_book / "book" / "deals-on-the-table.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'href="\.\./_static/deals/([^"]+)"', chapter))
    assert linked == {f"{p.key}.geojson" for p in deals.PROPOSALS} | {"deals-table.csv"}
    for name in linked:
        assert (built_book / "_static" / "deals" / name).stat().st_size > 1000, name
