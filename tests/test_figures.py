"""Figures show the data they are given, state the finding, and describe themselves in words."""

from __future__ import annotations

import pandas as pd
import pytest

from freezelines.model import territory
from freezelines.viz import figures


@pytest.fixture(scope="module")
def daily():
    return territory.load_territory()


def test_area_over_time_plots_every_usable_day_of_each_source(daily):
    fig = figures.area_over_time(daily)
    for trace in fig.data:
        source = next(s for s, label in figures.C.SOURCE_LABELS.items() if label == trace.name)
        rows = territory.usable(daily, source)
        assert len(trace.x) == len(rows)
        assert list(trace.y) == list(rows["total_km2"].round(0))
    assert fig.layout.xaxis.rangeslider.visible is True
    assert [b.label for b in fig.layout.xaxis.rangeselector.buttons] == ["3 months", "1 year", "All"]


def test_title_states_the_peak_from_the_data(daily):
    fig = figures.area_over_time(daily, sources=("isw",))
    title = fig.layout.title.text.replace("<br>", " ")
    assert "132,792 km²" in title and "March 2022" in title


def test_text_summary_gives_the_numbers_a_reader_would_see(daily):
    text = figures.describe_area_over_time(daily, sources=("isw",))
    isw = territory.usable(daily, "isw")["total_km2"]
    assert f"{isw.max():,.0f} km²" in text
    assert f"{territory.on_date(daily, 'isw', pd.Timestamp('2022-11-17')):,.0f} km² on the essay's date" in text


def test_flagged_episodes_come_from_the_flags(daily):
    from freezelines.ingest import quality

    episodes = territory.flagged_episodes(daily)
    ds = episodes["deepstate_first_weeks"]
    first_deepstate = daily[daily["source"] == "deepstate"]["date"].min()
    assert ds["first"] == first_deepstate and ds["last"] < pd.Timestamp("2022-05-01")
    stuck = episodes["liveuamap_stuck"]
    series = territory.usable(daily, "liveuamap", flagged=True)["total_km2"]
    assert (
        series.loc[stuck["since"] : stuck["last"]].nunique() == 1 and series.loc[stuck["since"]] == stuck["value_km2"]
    )
    assert stuck["jump_km2"] > 10_000  # the map caught up in one day
    assert -2_000 < episodes["liveuamap_redrawn"]["step_km2"] < -500
    table = territory.flag_summary(daily)
    assert set(table.index.get_level_values("quality")) <= set(quality.FLAGS)
    assert table["days"].sum() == daily["quality"].isin(list(quality.FLAGS)).sum()
    text = figures.describe_flagged_episodes(daily)
    assert f"{stuck['value_km2']:,.0f} km²" in text and "-0" not in text
