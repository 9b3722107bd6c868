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


# The end of the series, with two trackers (since November 2023) ---------------------------------

UKRAINE_KM2 = 601_782.9


class _State:
    """A map state as the series needs it: a total, a pre-2022 part and the snapshot it came from."""

    def __init__(self, km2: float, snapshot: str):
        self.total_km2, self.drawn_km2, self.snapshot = km2, km2, snapshot
        self.held_before_2022_km2, self.notes = 43_662.2, []


def _two_trackers(deepstate: list[float], liveuamap: list[float], start=dt.date(2026, 8, 1)) -> pd.DataFrame:
    """The territory_daily rows of two trackers built and flagged as the pipeline does (no ISW, no reference days)."""
    from freezelines.ingest import series as T

    parts = []
    for source, values in (("deepstate", deepstate), ("liveuamap", liveuamap)):
        states = {start + dt.timedelta(days=i): _State(v, f"{source}-{i}") for i, v in enumerate(values)}
        days, _ = T.daily_states(states)
        parts.append(T.rows_for(source, days, UKRAINE_KM2))
    table = pd.concat(parts, ignore_index=True)
    table = T.flag_disagreements(T.flag_artefacts(table, {}))
    return table.set_index(["source", "date"]).sort_index()


DEEPSTATE_END = [116_300.0 + 12 * i for i in range(20)]
LIVEUAMAP_END = [116_856.7] * 20  # liveuamap's map stood still for weeks at the end of the real series


def test_a_map_of_all_ukraine_on_the_last_two_days_is_rejected_not_ok():
    broken = DEEPSTATE_END[:-2] + [600_207.0, 600_207.0]
    rejected = Q.transient_departures(_series(broken))
    last_two = [dt.date(2023, 12, 19), dt.date(2023, 12, 20)]
    assert sorted(rejected) == last_two
    assert "broken map in the last 2 states of the series: measured 600,207 km²" in rejected[last_two[0]]
    table = _two_trackers(broken, LIVEUAMAP_END)
    deepstate = table.loc["deepstate"]
    assert list(deepstate["quality"].iloc[-2:]) == ["carried_forward", "carried_forward"]
    assert deepstate["total_km2"].iloc[-1] == DEEPSTATE_END[-3]  # the last good map, carried forward
    assert set(deepstate["quality"].iloc[:-2]) == {"ok"} and set(table.loc["liveuamap", "quality"]) == {"ok"}


def test_a_drop_of_31_percent_on_the_last_two_days_is_rejected_and_the_days_before_are_not_stale():
    dropped = LIVEUAMAP_END[:-2] + [116_856.7 * 0.69] * 2
    table = _two_trackers(DEEPSTATE_END, dropped)
    liveuamap = table.loc["liveuamap"]
    assert list(liveuamap["quality"].iloc[-2:]) == ["carried_forward", "carried_forward"]
    assert "no later map confirms it" in liveuamap["note"].iloc[-1]
    # The good, unchanged days before it are not "stale": the drop that would end their run was rejected.
    assert set(liveuamap["quality"].iloc[:-2]) == {"ok"} and set(table.loc["deepstate", "quality"]) == {"ok"}


def test_two_trackers_that_agreed_flag_the_one_that_moved_at_the_end_of_the_series():
    # Three broken days: past the end-of-series rule (two states), so the two-tracker rule must catch them.
    dropped = LIVEUAMAP_END[:-3] + [116_856.7 * 0.69] * 3
    table = _two_trackers(DEEPSTATE_END, dropped)
    liveuamap = table.loc["liveuamap"]
    assert list(liveuamap["quality"].iloc[-3:]) == ["outlier"] * 3
    note = liveuamap["note"].iloc[-1]
    assert note.startswith("outlier: 36,") and "below deepstate" in note and "liveuamap is the one that moved" in note
    assert set(liveuamap["quality"].iloc[:-3]) == {"ok"}, "the good days before the broken run are not stale"
    assert set(table.loc["deepstate", "quality"]) == {"ok"}, "the tracker that did not move is not flagged"
    # The "latest" line is the last usable day, not a flagged one.
    from freezelines.ingest import pipeline

    flat = table.reset_index()
    series = {"liveuamap": [type("Day", (), {"date": d})() for d in liveuamap.index]}
    assert pipeline.named_dates(series, flat)["liveuamap"]["latest"] == liveuamap.index[-4]


def test_the_two_tracker_rule_needs_a_pair_that_had_agreed():
    days = pd.date_range("2022-02-24", periods=30).date
    # Early 2022: ISW and liveuamap drew the invasion 20,000-40,000 km² apart, never agreeing for a week.
    rows = [(d, "isw", 120_000.0) for d in days] + [
        (d, "liveuamap", 85_000.0 + (60_000 if i % 5 == 0 else 0)) for i, d in enumerate(days)
    ]
    assert Q.pair_disagreements(pd.DataFrame(rows, columns=["date", "source", "total_km2"])) == {}
    # Both moving apart: no third tracker to say which is right, so both are flagged.
    rows = [(d, "deepstate", 116_000.0 - (9_000 if i >= 25 else 0)) for i, d in enumerate(days)] + [
        (d, "liveuamap", 116_500.0 + (9_000 if i >= 25 else 0)) for i, d in enumerate(days)
    ]
    flags = Q.pair_disagreements(pd.DataFrame(rows, columns=["date", "source", "total_km2"]))
    assert sorted(flags) == sorted((d, s) for d in days[25:] for s in ("deepstate", "liveuamap"))
    assert "no third tracker says which is right" in flags[(days[25], "deepstate")]
