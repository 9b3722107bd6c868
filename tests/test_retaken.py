"""The definitions of the share retaken, and the other readings of freezelines.model.retaken."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely

from conftest import ROOT
from freezelines import constants as C
from freezelines import geometry as G
from freezelines.model import retaken, scenarios, territory


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
    # retaken + still held = baseline, and the share is their ratio
    for _, row in table.iterrows():
        assert row["retaken_km2"] + row["held_km2"] == pytest.approx(row["baseline_km2"])
        assert row["share_retaken"] == pytest.approx(row["retaken_km2"] / row["baseline_km2"])


def test_published_figures_are_the_sources_numbers():
    table = retaken.published().set_index("key")
    assert table.loc["newsweek-isw-control", "share_retaken"] == pytest.approx(43_500 / 90_873)
    assert table.loc["statista-isw-advances", "share_retaken"] == pytest.approx(75_000 / 119_000)
    bib = (ROOT / "book" / "references.bib").read_text()
    for key in table["cite"]:
        assert f"{{{key}," in bib


def test_mineral_towns_were_never_held():
    assert retaken.never_held() == {"ukrstat2022-0168": True, "ukrstat2022-1212": True}
    with pytest.raises(KeyError):
        retaken.never_held(("no-such-place",))


def test_price_yardsticks():
    values = retaken.price_yardsticks()
    daily = territory.load_territory()
    assert values["seized-held-deepstate-km2"] == pytest.approx(
        territory.usable(daily, "deepstate").loc[str(C.ESSAY_DATE), "seized_since_2022_km2"]
    )
    assert values["seized-held-deepstate-km2"] > 10_000  # "tens of thousands of km²"
    assert values["net-after-vs-seized-deepstate"] == pytest.approx(
        values["net-after-deepstate-km2"] / values["seized-held-deepstate-km2"]
    )
