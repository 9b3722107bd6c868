"""The definitions of the share retaken (freezelines.model.retaken), and the mineral towns."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from freezelines import constants as C
from freezelines import geometry as G
from freezelines.model import mineral_towns, retaken, scenarios, territory


def test_deepstate_cannot_measure_the_claim():
    first = territory.coverage(territory.load_territory()).loc["deepstate", "first"]
    assert first > pd.Timestamp(C.INVASION)
    with pytest.raises(ValueError, match=f"its first day: {first:%-d %B %Y}"):
        retaken.union_seized("deepstate")
    assert "deepstate" not in set(retaken.readings()["tracker"])


def test_union_baseline_contains_every_daily_map_and_the_peak_day():
    union = retaken.union_seized("liveuamap")
    pre2022 = scenarios.context().pre2022
    daily = territory.load_territory()
    peak = territory.usable(daily, "liveuamap").loc[: str(C.ESSAY_DATE), "seized_since_2022_km2"].idxmax()
    seized_on_peak = shapely.difference(scenarios.line_on(peak, "liveuamap").held, pre2022)
    assert G.km2(shapely.difference(seized_on_peak, union)) < 1
    table = retaken.readings().set_index(["tracker", "baseline"])
    assert table.loc[("liveuamap", "union"), "baseline_km2"] >= table.loc[("liveuamap", "peak_day"), "baseline_km2"]
    # The essay's map lies inside the union, so what the union reading counts as still held is the land
    # seized since February on that map: territory_daily.csv's figure, within 0.5% (the table measures
    # the unsimplified map less liveuamap's own pre-2022 drawing; the union, lines simplified to 250 m
    # less DeepStateMap's pre-2022 polygons: 116 km² apart).
    seized_on_essay = territory.usable(daily, "liveuamap").loc[str(C.ESSAY_DATE), "seized_since_2022_km2"]
    assert table.loc[("liveuamap", "union"), "held_km2"] == pytest.approx(seized_on_essay, rel=5e-3)
    # The peak-day readings: ISW's own figure of 17 Nov 2022 less DeepStateMap's pre-2022 area is what is still held.
    layers = territory.load_isw_layers().set_index("date")
    before = territory.usable(daily, "deepstate").loc[str(C.ESSAY_DATE), "held_before_2022_km2"]
    isw = table.loc[("isw_control", "peak_day")]
    assert isw["held_km2"] == pytest.approx(layers.loc[: str(C.ESSAY_DATE), "control_km2"].dropna().iloc[-1] - before)
    assert f"{isw['baseline_date']:%Y-%m}" == "2022-03"  # the largest extent, before the withdrawal from the north


def test_published_figures_are_the_sources_numbers():
    table = retaken.published().set_index("key")
    # Newsweek: 43,500 km² of 90,873 km²; Statista: 75,000 km² of 119,000 km² (the sources' own numbers).
    assert table.loc["newsweek-isw-control", "share_retaken"] == pytest.approx(43_500 / 90_873)
    assert table.loc["statista-isw-advances", "share_retaken"] == pytest.approx(75_000 / 119_000)
    assert dict(table["cite"]) == {
        "newsweek-isw-control": "newsweek2022half",
        "statista-isw-advances": "statista2022territory",
    }
    glued = retaken.glue_values()
    assert glued["retaken-published-newsweek-isw-control"] == pytest.approx(43_500 / 90_873)
    shown = retaken.table_for_display().iloc[-2:]
    assert list(shown["baseline (km²)"]) == [90_873, 119_000] and list(shown["share retaken"]) == ["48%", "63%"]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (",43500,", ",43.5k,", r"line 2, column 'retaken_km2': '43.5k' is not a whole number"),
        (",119000,", ",,", r"line 3, column 'baseline_km2': empty, but a value is required"),
        (
            ",43500,90873,",
            ",95000,90873,",
            r"line 2, column 'retaken_km2': 95,000 km² retaken is more than the baseline",
        ),
        ("newsweek2022half", "newsweek2022whole", r"line 2, column 'cite': 'newsweek2022whole' is not a key of"),
        (
            "statista-isw-advances",
            "newsweek-isw-control",
            r"line 3, column 'key': 'newsweek-isw-control' repeats line 2",
        ),
        (",cite\n", ",source\n", r"line 1: column 'cite' missing from the header"),
    ],
)
def test_a_broken_copy_of_the_published_figures_names_the_file_line_and_column(tmp_path, old, new, message):
    text = retaken.PUBLISHED_FILE.read_text(encoding="utf-8")
    assert old in text, old
    broken = tmp_path / "retaken_published.csv"
    broken.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(ValueError, match=f"^retaken_published.csv {message}"):
        retaken.published(broken)


def test_mineral_towns_were_never_held():
    assert mineral_towns.never_held() == {"ukrstat2022-0168": True, "ukrstat2022-1212": True}
    assert mineral_towns.glue_values() == {"mineral-towns": 2, "mineral-towns-never-held": 2}
    # Kherson city (held from March to 11 November 2022) was held: the check can say no.
    assert mineral_towns.never_held(("ukrstat2022-1554",)) == {"ukrstat2022-1554": False}
    with pytest.raises(KeyError, match="no-such-place"):
        mineral_towns.never_held(("no-such-place",))


def test_chapter_6_quotes_the_published_figures_as_the_data_file_holds_them():
    """Chapter 6's prose quotes each published figure (a source's own number, not glued, since the
    book's km² rounding would change it): the quote and ``retaken_published.csv`` say the same."""
    from pathlib import Path

    prose = (Path(__file__).resolve().parents[1] / "book" / "06-strength-at-the-table.md").read_text(encoding="utf-8")
    for row in retaken.published().itertuples():
        for number in (row.retaken_km2, row.baseline_km2):
            assert f"{number:,} km²" in prose, f"chapter 6 does not quote {row.key}'s {number:,} km²"
