"""One colour, one meaning: every map the book draws fills each kind of land as the one legend
(``freezelines.viz.style.MAP_LEGEND``) says, and the pages' scripts get the same legend."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from freezelines import constants as C
from freezelines.model import deals
from freezelines.model import scenarios as S
from freezelines.viz import deal_figures, deal_panel, explorer, maps, style

ROOT = Path(__file__).resolve().parents[1]
TRACKER_AREAS = re.compile(r"^held on (.+)'s map only$")
"""The trackers-compared map's areas seen by one tracker only: drawn in that tracker's own colour and
hatching (``style.TRACKERS``, its colour on every chart of the trackers too), not a kind of land."""


def _filled(fig):
    return [t for t in fig.data if getattr(t, "fill", None) == "toself"]


def _check(fig, where: str) -> set[str]:
    """Every filled trace of a map names its category (``legendgroup``) and is filled exactly as the
    legend says; return the categories drawn."""
    drawn = set()
    for trace in _filled(fig):
        tracker = TRACKER_AREAS.match(trace.name or "")
        if tracker:
            source = next(s for s, label in C.SOURCE_LABELS.items() if label == tracker.group(1))
            assert trace.line.color == style.TRACKERS[source].colour, (where, trace.name)
            assert trace.fillpattern.shape == style.TRACKERS[source].pattern, (where, trace.name)
            drawn.add(f"tracker:{source}")
            continue
        category = trace.legendgroup
        assert category in style.MAP_LEGEND, f"{where}: area {trace.name!r} has no legend category"
        expected = style.area_style(category)
        assert trace.fillcolor == expected["fillcolor"], (where, trace.name)
        assert trace.line.color == expected["line"]["color"], (where, trace.name)
        pattern = trace.fillpattern.shape if trace.fillpattern else None
        assert (pattern or "") == style.MAP_LEGEND[category].pattern, (where, trace.name, pattern)
        drawn.add(category)
    return drawn


def test_the_legend_gives_each_meaning_its_own_colour_and_pattern():
    looks = [(c.colour, c.pattern) for c in style.MAP_LEGEND.values()]
    assert len(set(looks)) == len(looks)
    palette = {*C.OKABE_ITO.values(), C.HELD_BEFORE_2022_COLOUR}
    assert all(c.colour in palette for c in style.MAP_LEGEND.values())  # colour-blind safe
    assert style.LINE_COLOUR not in {c.colour for c in style.MAP_LEGEND.values()}
    with pytest.raises(KeyError, match="no map category 'zone'"):
        style.area_style("zone")


def test_no_tracker_looks_like_a_kind_of_land_or_another_tracker():
    """One colour, one meaning: DeepStateMap's blue was the blue of land Russian forces would leave,
    liveuamap's orange a demilitarised zone's. A tracker's colour is no legend category's, no map
    line's, and no other tracker's; each is colour-blind safe (Okabe and Ito's palette); the trackers
    drawn on maps also hatch in patterns no category uses."""
    legend = {c.colour.upper() for c in style.MAP_LEGEND.values()} | {style.LINE_COLOUR.upper()}
    colours = [t.colour.upper() for t in style.TRACKERS.values()]
    assert len(set(colours)) == len(colours) == len(C.SOURCES)
    assert set(colours) <= {c.upper() for c in C.OKABE_ITO.values()}
    on_maps = {source: style.TRACKERS[source] for source in C.MAP_TRACKERS}
    assert not {t.colour.upper() for t in on_maps.values()} & legend, "a tracker on a map in a legend colour"
    assert not {t.pattern for t in on_maps.values()} & {c.pattern for c in style.MAP_LEGEND.values()}
    assert style.TRACKER_COLOURS == {s: t.colour for s, t in style.TRACKERS.items()}
    with pytest.raises(KeyError, match="no tracker 'nzz'"):
        style.tracker_area_style("nzz")


def test_every_deal_map_uses_the_legend():
    drawn = set()
    for item in deals.proposals():
        drawn |= _check(deal_figures.deal_map(deals.price(item.key)), item.key)
    assert {"held", "gives", "dmz", "open", "returns"} <= drawn


def test_the_explorer_the_panel_and_the_claims_map_use_the_legend():
    latest = S.dates_available("deepstate")[1]
    held = deals.clipped(S.line_on(latest).held)
    assert _check(explorer.map_figure(held, "test"), "explorer") == {"dmz", "held"}
    oblasts = deals.extended_oblasts()
    panel = deal_panel.map_figure(side=oblasts["UA14"], zone=oblasts["UA23"], day_line=held)
    assert _check(panel, "deal panel") == {"dmz", "held"}
    assert deal_panel.static_payload({"latest": latest})["legend"] == style.legend_payload()
    figure, _ = maps.compare_lines(C.ESSAY_DATE.isoformat())
    assert _check(figure, "trackers compared") == {"held", "tracker:deepstate", "tracker:liveuamap"}


def test_the_claims_maps_use_the_legend():
    from freezelines.model import territory
    from freezelines.model.places import load_places
    from freezelines.model.territory import load_oblast_control
    from freezelines.viz import claims

    places = load_places()
    assert _check(claims.price_of_a_deal(load_oblast_control(), places).figure, "claimed map") == {"held", "claimed"}
    days = sorted(territory.published_lines("deepstate"))[-2:]
    slider = maps.line_slider_map("deepstate", days, places[places["kind"] == "nuclear plant"])
    assert _check(slider, "line slider") == {"held"}  # the slider of chapter 8 (claims.sites_near_the_line)


def test_a_map_area_outside_the_legend_is_refused():
    fig = maps.base_map("test")
    with pytest.raises(ValueError, match="a legend category or a colour"):
        maps.add_area(fig, deals.extended_oblasts()["UA14"], "somewhere")
    with pytest.raises(KeyError, match="no map category"):
        maps.add_area(fig, deals.extended_oblasts()["UA14"], "somewhere", category="orange")


def test_the_pages_scripts_fill_zones_from_the_payloads_legend():
    static = ROOT / "src" / "freezelines" / "book" / "_static"
    for name in ("freezelines-deal.js", "freezelines-explorer.js"):
        script = (static / name).read_text(encoding="utf-8")
        assert "data.legend" in script, name
        assert not re.search(r"#[0-9a-fA-F]{6}\b|rgba?\(", script), f"{name} types a colour"


CAPTIONS = [
    ("05-the-price-of-a-deal.md", r"held on 17 November 2022 \(([a-z -]+)[,)]", "held"),
    ("05-the-price-of-a-deal.md", r"the part they did not \(([a-z -]+)\)", "claimed"),
    ("06-strength-at-the-table.md", r"held before 24 February 2022 \(([a-z -]+)\)", "held_before_2022"),
    ("06-strength-at-the-table.md", r"seized since \(([a-z -]+)\)", "held"),
    ("deals-on-the-table.md", r"\(([a-z -]+): the land seized since February 2022 it\s+would leave", "held"),
    ("deals-on-the-table.md", r"\(([a-z -]+): land Ukraine would give up", "gives"),
    ("deals-on-the-table.md", r"; ([a-z -]+): land Russian forces would\s+give up", "returns"),
    ("deals-on-the-table.md", r"an? ([a-z]+) diamond: the same with the zone", "dmz"),
]
"""Captions that name a map's or a chart's colours: the page, where, and the legend's category."""


def test_captions_name_the_colours_the_maps_draw():
    for page, pattern, category in CAPTIONS:
        text = (ROOT / "book" / page).read_text(encoding="utf-8")
        found = re.search(pattern, text)
        assert found, (page, pattern)
        assert style.MAP_LEGEND[category].words.startswith(found.group(1)), (page, found.group(0), category)
    key = deal_figures.map_key()  # the deal maps' key, glued into the chapter
    assert all(style.MAP_LEGEND[category].words in key for category in deal_figures.LEGEND.values())
    assert "deals-map-key-text" in (ROOT / "book" / "deals-on-the-table.md").read_text(encoding="utf-8")
