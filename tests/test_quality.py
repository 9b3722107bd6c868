"""The defect rules find the trackers' known defects, and only them."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from freezelines.ingest import quality as Q


def _series(values, start=dt.date(2023, 12, 1)):
    return {start + dt.timedelta(days=i): v for i, v in enumerate(values)}


def test_a_short_collapse_and_recovery_is_a_broken_map():
    totals = _series([106_900, 106_890, 43_389, 43_400, 106_886, 106_900])
    rejected = Q.transient_departures(totals)
    assert sorted(rejected) == [dt.date(2023, 12, 3), dt.date(2023, 12, 4)]
    assert "measured 43,389 km²" in rejected[dt.date(2023, 12, 3)]


def test_a_permanent_step_is_not_a_broken_map():
    # NZZ's ORDLO vanishing in March 2024 is a step down that never comes back.
    assert Q.transient_departures(_series([107_300] * 5 + [90_700] * 20)) == {}


def test_steady_real_change_is_not_a_broken_map():
    # Kharkiv, September 2022: about 12,000 km² retaken over a week.
    assert Q.transient_departures(_series([125_000 - 1_700 * i for i in range(8)] + [111_000] * 10)) == {}


def test_a_departure_longer_than_a_week_is_left_alone():
    totals = _series([100_000] * 3 + [60_000] * (Q.MAX_TRANSIENT_DAYS + 1) + [100_000] * 3)
    assert Q.transient_departures(totals) == {}


def test_disagreement_uses_each_trackers_typical_gap():
    days = pd.date_range("2022-05-01", periods=30).date
    rows = []
    for i, day in enumerate(days):
        rows += [
            (day, "deepstate", 121_000.0),
            (day, "isw", 114_000.0),
            (day, "liveuamap", 123_000.0 + (30_000 if i == 10 else 0)),
        ]
    table = pd.DataFrame(rows, columns=["date", "source", "total_km2"])
    flags = Q.disagreements(table)
    # ISW is always 8,000 km² below the others: that is its definition, not an outlier.
    assert list(flags) == [(days[10], "liveuamap")]
    assert "30,000 km² above deepstate and isw, which agree" in flags[(days[10], "liveuamap")]


def test_redrawing_of_the_pre2022_area_is_noted():
    notes = Q.redrawing(
        {dt.date(2022, 4, 3): 43_219.0, dt.date(2022, 11, 17): 43_657.0, dt.date(2026, 8, 21): 43_662.0}
    )
    assert list(notes) == [dt.date(2022, 4, 3)]
    assert "-443 km² from the tracker's final drawing" in notes[dt.date(2022, 4, 3)]


# Drawing artefacts -------------------------------------------------------------------------


def test_a_stuck_map_before_a_jump_is_stale():
    values = _series([100_000, 102_000, 110_869, 110_869, 110_869, 110_869, 140_203, 140_210])
    flags = Q.stale_runs(values)
    assert sorted(flags) == [dt.date(2023, 12, 4), dt.date(2023, 12, 5), dt.date(2023, 12, 6)]
    assert "then +29,334 km² on 2023-12-07" in flags[dt.date(2023, 12, 4)]


def test_a_quiet_front_is_not_stale():
    # Weeks without change, then a small move: a quiet front, not a stale map.
    assert Q.stale_runs(_series([108_000] * 20 + [108_900])) == {}


def test_departures_from_the_reference_series_are_flagged():
    reference = _series([123_000.0] * 40)
    values = _series([107_000.0 + 400 * i if i < 20 else 123_100.0 for i in range(40)])
    flags = Q.reference_departures(values, reference, "ref")
    assert min(flags) == dt.date(2023, 12, 1) and "below ref" in flags[dt.date(2023, 12, 1)]
    assert all(day < dt.date(2023, 12, 21) for day in flags)


def test_a_one_day_step_the_reference_does_not_show_is_redrawn():
    reference = _series([107_858.0] * 30)
    values = _series([107_966.0] * 15 + [106_856.0] * 15)
    flags = Q.redrawn_steps(values, reference, "ref")
    assert list(flags) == [dt.date(2023, 12, 16)] and "-1,110 km² in one day" in flags[dt.date(2023, 12, 16)]
    moving = _series([107_858.0 - 100 * i for i in range(30)])
    assert Q.redrawn_steps(values, moving, "ref") == {}
