"""freezelines.viz.claims: the numbers of the lines-and-claims chapter agree with the model and the
data, the summaries state the computed values, and nothing depends on the latest data date."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from freezelines import constants as C
from freezelines.model import price_of_a_deal, scenarios, territory
from freezelines.model.places import load_places
from freezelines.viz import claims, figures


@pytest.fixture(scope="module")
def daily():
    return territory.load_territory()


@pytest.fixture(scope="module")
def oblasts():
    return territory.load_oblast_control()


@pytest.fixture(scope="module")
def price(oblasts):
    return claims.price_of_a_deal(oblasts, load_places())


def test_each_glue_key_holds_its_own_day_and_tracker(price):
    """The measure itself is checked on hand-made lines (test_price_of_a_deal); here, that each key
    carries the reading of the day and tracker it names."""
    assert price_of_a_deal.MARKS == {"annexation": dt.date(2022, 9, 30), "essay": dt.date(2022, 11, 17)}
    for tag, day in price_of_a_deal.MARKS.items():
        for source in C.MAP_TRACKERS:
            reading = price_of_a_deal.claimed_not_held(scenarios.line_on(day, source))
            assert price.numbers[f"not-held-{tag}-{source}"] == reading["not_held_km2"]
            assert price.numbers[f"share-not-held-{tag}-{source}"] == reading["share_not_held"]
    # Kherson city was retaken between the claim and the essay: the unheld part grew on both maps.
    for source in C.MAP_TRACKERS:
        assert price.numbers[f"not-held-essay-{source}"] > price.numbers[f"not-held-annexation-{source}"]


def test_the_claims_map_and_its_summary_state_the_same_numbers(price):
    row = price.table[(price.table["date"] == C.ESSAY_DATE) & (price.table["source"] == claims.MAIN)].iloc[0]
    not_held = price.numbers[f"not-held-essay-{claims.MAIN}"]
    assert row["not_held_km2"] == pytest.approx(not_held, abs=1e-3)
    assert f"{not_held:,.0f} km²" in price.figure.layout.meta["headline"]
    table = {r[1]: r[2] for r in price.figure.layout.meta["table"]}
    assert table["claimed by Russia, not held"] == pytest.approx(not_held, abs=0.005)  # the CSV: to 0.01 km²
    for text in (
        f"{C.ESSAY_DATE:%-d %B %Y}",
        f"{price.numbers['claimed-km2']:,.0f} km²",
        f"{not_held:,.0f} km²",
        f"({price.numbers[f'share-not-held-essay-{claims.MAIN}']:.0%})",
    ):
        assert text in price.summary, text
    # 10,000 km² is 1.66% of Ukraine (about 603,600 km² in published figures; 601,783 km² of land and the Sivash here).
    assert price.numbers["ten-thousand-share"] == pytest.approx(0.0166, abs=0.0001)


def test_the_unheld_parts_the_summary_names_are_read_off_the_map(price):
    places = load_places()
    line = scenarios.line_on(C.ESSAY_DATE, claims.MAIN)
    parts = price_of_a_deal.unheld_parts(line, places)
    assert list(parts.index) == list(scenarios.CLAIMED_OBLASTS)
    assert parts["not_held_km2"].sum() == pytest.approx(price.numbers[f"not-held-essay-{claims.MAIN}"])
    # Every city named lies in the oblast, on the unheld side of the line and inside the claims, and is big enough.
    held = scenarios.measure(line)
    held_names = set(held.cities["name"])
    named = places.set_index("name")
    for code, row in parts.iterrows():
        assert row["cities"] == sorted(row["cities"], key=lambda n: -named.loc[n, "population_2022"].max())
        for name in row["cities"]:
            assert name not in held_names
            assert code in set(places.loc[places["name"] == name, "adm1_pcode"])
            assert named.loc[name, "population_2022"].max() >= claims.P.MIN_POPULATION
        for name in row["cities"][: claims.NAMED_CITIES]:
            assert name in price.summary
        assert f"{row['not_held_km2']:,.0f} km² of {claims._oblast(row['oblast'])}" in price.summary
    # Mariupol was held on the essay's date; Zaporizhzhia city was not.
    assert "Mariupol" not in price.summary
    assert "Zaporizhzhia" in parts.loc[claims.SCALE_OBLAST, "cities"]


def test_oblast_shares_are_read_on_the_last_map_before_the_claim_the_essay_and_the_latest(oblasts):
    table, marks = claims.claimed_shares(oblasts)
    rows = oblasts[(oblasts["source"] == claims.MAIN) & oblasts["adm1_pcode"].isin(scenarios.CLAIMED_OBLASTS)]
    assert marks["annexation"] < pd.Timestamp(C.ANNEXATION_CLAIM)
    assert not ((rows["date"] > marks["annexation"]) & (rows["date"] < pd.Timestamp(C.ANNEXATION_CLAIM))).any()
    assert marks["latest"] == rows["date"].max()
    donetsk = rows[(rows["adm1_pcode"] == claims.DONETSK) & (rows["date"] == pd.Timestamp(C.ESSAY_DATE))]
    assert table.loc["Donetsk Oblast", "essay"] == pytest.approx(donetsk["share_of_oblast"].iloc[0])

    reading = claims.annexed_on_paper(oblasts)
    assert reading.numbers["latest-date"] == f"{marks['latest']:%-d %B %Y}"
    assert reading.numbers["latest-date"] in reading.summary
    shown = reading.numbers["shares-table"]
    assert list(shown.columns)[0].startswith(f"{marks['annexation']:%-d %b %Y}")
    assert shown.iloc[0, 0] == f"{table.iloc[0, 0]:.0%}"


def test_the_almost_whole_sentence_follows_the_shares():
    shares = pd.Series(
        {"Donetsk Oblast": 0.80, "Luhansk Oblast": 0.996, "Zaporizhzhia Oblast": 0.75, "Kherson Oblast": 0.70}
    )
    assert claims.almost_whole(shares) == "Luhansk is the only one of the four it came to hold almost entirely."
    shares["Donetsk Oblast"] = claims.ALMOST_WHOLE
    assert claims.almost_whole(shares).startswith("Donetsk and Luhansk are the ones of the four")
    assert "none of the four" in claims.almost_whole(shares * 0.5)


def test_sites_and_distances_agree_with_the_model():
    essay = scenarios.measure(scenarios.line_on(C.ESSAY_DATE))
    held = essay.sites.set_index("place_id")["held"]
    sites = claims.sites_near_the_line(load_places())
    for site in claims.ESSAY_SITES:
        assert sites.numbers[site] == ("on the Russian-held side" if held[site] else "on the Ukrainian side")
    # The sites are checked on every weekly line from the essay's date and on the latest day.
    days = claims.kept_days()
    latest = scenarios.dates_available(claims.MAIN)[1]
    assert days[0] == C.ESSAY_DATE and days[-1] == latest
    assert [d for d in days if d != latest] == [
        dt.date.fromisoformat(d) for d in claims.weekly_lines() if d >= C.ESSAY_DATE.isoformat()
    ]
    assert sites.numbers["sites-kept"].startswith("stayed there on every weekly map")
    assert f"{latest:%-d %B %Y}" in sites.numbers["sites-kept"]
    # The front the summary describes is the model's, oblast by oblast.
    front = scenarios.front_by_oblast(scenarios.line_on(C.ESSAY_DATE))
    assert front.sum() == pytest.approx(essay.front_km, rel=0.01)
    assert f"the front line ran {essay.front_km:,.0f} km" in sites.summary
    for name, km in front.items():
        assert f"{claims._oblast(name)} ({km:,.0f} km)" in sites.summary
    steps = [frame.name for frame in sites.figure.frames]
    assert steps == claims.monthly_lines() and C.ESSAY_DATE.isoformat() in steps
    assert f"from {pd.Timestamp(steps[0]):%B %Y}" in sites.summary

    distances = claims.distances_to_cities()
    model = scenarios.distances_only(scenarios.line_on(C.ESSAY_DATE))
    for city in claims.DISTANCE_CITIES:
        key = city.lower()
        assert distances.numbers[f"distance-essay-{key}"] == pytest.approx(model.loc[city, "km"])
        assert distances.numbers[f"distance-min-{key}"] <= min(
            distances.numbers[f"distance-essay-{key}"], distances.numbers[f"distance-latest-{key}"]
        )
        assert f"{city}: {distances.numbers[f'distance-essay-{key}']:,.0f} km on the essay's date" in distances.summary
    latest_week = max(claims.weekly_lines())
    assert distances.numbers["distance-latest-kharkiv"] == pytest.approx(
        scenarios.distances_only(scenarios.line_on(latest_week)).loc["Kharkiv", "km"]
    )


def test_the_donetsk_window_ends_on_the_first_map_after_bakhmut(oblasts):
    reading = claims.donetsk_offensive(oblasts)
    start, end = reading.table.index
    assert start == pd.Timestamp(C.ESSAY_DATE)
    assert end >= pd.Timestamp(claims.BAKHMUT_CLAIMED) and end - pd.Timestamp(claims.BAKHMUT_CLAIMED) < pd.Timedelta(
        days=7
    )
    rows = oblasts[(oblasts["source"] == claims.MAIN) & (oblasts["adm1_pcode"] == claims.DONETSK)].set_index("date")
    assert reading.numbers["donetsk-gain-km2"] == pytest.approx(rows.loc[end, "held_km2"] - rows.loc[start, "held_km2"])
    assert reading.numbers["donetsk-end-date"] == f"{end:%-d %B %Y}"


def test_what_happened_next_on_a_hand_made_series():
    """Three months after the essay, with numbers whose answers are known: a flagged day is never counted."""
    days = ["2022-11-17", "2022-11-30", "2022-12-15", "2022-12-31", "2023-01-10", "2023-01-20"]
    deepstate = [100_000, 100_500, 100_200, 99_000, 99_500, 101_000]
    rows = [("deepstate", d, v, "ok") for d, v in zip(days, deepstate)]
    rows += [("deepstate", "2023-01-25", 150_000, "redrawn")]  # after the last measured day
    rows += [("liveuamap", d, v - 1_000, "ok") for d, v in zip(days, deepstate)]
    table = pd.DataFrame(rows, columns=["source", "date", "total_km2", "quality"]).assign(
        date=lambda t: pd.to_datetime(t["date"])
    )
    reading = claims.what_happened_next(table)
    assert reading.numbers["net-since-essay-deepstate"] == 1_000
    assert reading.numbers["net-since-essay-liveuamap"] == 1_000
    # November +500, December -1,500, January +2,000.
    assert reading.numbers["months"] == 3 and reading.numbers["months-with-gains"] == 2
    assert reading.numbers["largest-gain-km2"] == 2_000 and reading.numbers["largest-gain-month"] == "January 2023"
    assert reading.numbers["largest-loss-km2"] == 1_500 and reading.numbers["largest-loss-month"] == "December 2022"
    assert reading.numbers["latest-date"] == "20 January 2023"
    assert list(reading.table["net change (km²)"]) == [-1_000, 2_000]
    assert "changed by +1,000 km²" in reading.summary


def test_what_happened_next_adds_up(daily):
    reading = claims.what_happened_next(daily)
    # The months and the years both add up to the net change since the essay.
    change = territory.monthly_change(daily, claims.MAIN)
    assert change["change_km2"].sum() == pytest.approx(reading.numbers[f"net-since-essay-{claims.MAIN}"])
    assert reading.table["net change (km²)"].sum() == pytest.approx(change["change_km2"].sum(), abs=len(reading.table))
    assert reading.numbers["months"] == len(change)
    assert reading.numbers["months-with-gains"] == int((change["change_km2"] > 0).sum())
    assert reading.numbers["latest-date"] == f"{territory.usable(daily, claims.MAIN).index[-1]:%-d %B %Y}"
    assert f"{reading.numbers[f'net-since-essay-{claims.MAIN}']:+,.0f} km²" in reading.summary
    assert reading.numbers["largest-gain-month"] in reading.summary


def test_the_yearly_table_signs_changes_and_not_areas_whatever_their_size():
    yearly = pd.DataFrame(
        {"net change (km²)": [60_000.4, -1_200.0], "held at year end (km²)": [40_000.0, 38_800.0]}, index=[2022, 2023]
    )
    shown = claims.yearly_table(yearly)
    assert list(shown["net change (km²)"]) == ["+60,000", "-1,200"]
    assert list(shown["held at year end (km²)"]) == ["40,000", "38,800"]


def test_glue_numbers_keys_and_kinds(monkeypatch):
    glued = {}
    monkeypatch.setattr(figures, "glue", lambda key, value, display=True: glued.__setitem__(key, value))
    values = {"a_b": 1.5, "when": "3 April 2022", "table": pd.DataFrame({"x": ["1%"]})}
    shown = figures.glue_numbers("ch99", values)
    assert list(shown.index) == ["ch99-a-b", "ch99-when", "ch99-table"]
    assert glued["ch99-a-b"] == 1.5
    assert glued["ch99-when"].data == "3 April 2022"  # text: escaped HTML for the {glue} role
    assert "<table" in glued["ch99-table"].data
    # text="plain": strings as text/plain, for {glue:text}; no prefix keeps the keys as given.
    glued.clear()
    shown = figures.glue_numbers("", {"ch98-when": "3 April 2022", "ch98-n": 2}, text="plain")
    assert list(shown.index) == ["ch98-when", "ch98-n"]
    assert glued == {"ch98-when": "3 April 2022", "ch98-n": 2}
    with pytest.raises(ValueError, match="text="):
        figures.glue_numbers("ch97", {"a": "b"}, text="markdown")


def test_glue_rounds_each_kind_of_quantity_as_the_pages_show_it(monkeypatch):
    """figures.glue hands myst-nb each quantity rounded for its kind (constants.ROUNDING), numpy
    scalars as Python numbers, and anything else (counts, shares, text, NaN) as it is."""
    import myst_nb
    import numpy as np

    glued = {}
    monkeypatch.setattr(myst_nb, "glue", lambda key, value, display=True: glued.__setitem__(key, value))
    figures.glue("ch05-not-held-essay-deepstate", np.float64(27_475.03))
    figures.glue("ch11-net-since-essay-deepstate", -8_676.3)
    figures.glue("ch08-front-km", 1_234.5)
    figures.glue("ch10-pop-essay-deepstate", 6_287_144)
    figures.glue("ch08-distance-essay-zaporizhzhia", 27.5)
    figures.glue("ch05-share-not-held-essay-deepstate", 0.257183)
    figures.glue("ch08-mineral-towns", 2)
    figures.glue("ch06-km2-missing", float("nan"))
    assert glued["ch05-not-held-essay-deepstate"] == 27_480.0 and type(glued["ch05-not-held-essay-deepstate"]) is float
    assert glued["ch11-net-since-essay-deepstate"] == -8_680.0
    assert glued["ch08-front-km"] == 1_230.0
    assert glued["ch10-pop-essay-deepstate"] == 6_287_000 and type(glued["ch10-pop-essay-deepstate"]) is int
    assert glued["ch08-distance-essay-zaporizhzhia"] == 28.0
    assert glued["ch05-share-not-held-essay-deepstate"] == 0.257183 and glued["ch08-mineral-towns"] == 2
    assert glued["ch06-km2-missing"] != glued["ch06-km2-missing"]


def test_the_explorer_page_reads_its_days_from_the_data_and_the_constants():
    # DeepStateMap's archive starts last, on 3 April 2022, after the withdrawal from the north.
    assert claims.two_trackers_day() == dt.date(2022, 4, 3)
    assert C.YEAR_AFTER_ESSAY == dt.date(2023, 11, 17)
    answers = claims.exercise_answers()
    first = dt.date.fromisoformat(answers["corridor_first_day"])
    assert scenarios.has_corridor(scenarios.line_on(first, claims.CORRIDOR_TRACKER))
    assert not scenarios.has_corridor(scenarios.line_on(first - dt.timedelta(days=1), claims.CORRIDOR_TRACKER))
    assert set(answers["april_totals_km2"]) == set(C.SOURCES)
    eve = scenarios.measure(scenarios.preset("eve_of_invasion"))
    assert f"{eve.front_km:,.0f} km" in claims.front_for_scale()


def test_the_methods_numbers_are_the_model_s():
    # The methods page's thresholds: cities and towns of 10,000 people or more; seams under 500 m closed.
    assert claims.methods_numbers() == {"min-population": 10_000, "corridor-gap-m": 500}


def test_the_week_series_is_the_data_s_weekly_lines():
    """territory.week_days gives the Thursdays the pipeline drew weekly lines for."""
    for source in C.MAP_TRACKERS:
        weekly = [dt.date.fromisoformat(d) for d in claims.weekly_lines(source)]
        first, last = scenarios.dates_available(source)
        assert weekly == territory.week_days(max(first, C.INVASION), last)
        assert all(d.weekday() == C.INVASION.weekday() for d in weekly)
    series = territory.week_days(dt.date(2022, 3, 1), dt.date(2022, 3, 20), include_last=True)
    assert series == [dt.date(2022, 3, 3), dt.date(2022, 3, 10), dt.date(2022, 3, 17), dt.date(2022, 3, 20)]
    assert territory.week_days(dt.date(2022, 3, 1), dt.date(2022, 3, 2)) == []
    assert territory.week_days(C.INVASION, C.INVASION + dt.timedelta(days=6), 3) == [
        C.INVASION,
        C.INVASION + dt.timedelta(days=3),
        C.INVASION + dt.timedelta(days=6),
    ]


def test_coverage_comes_from_the_data(daily):
    cover = territory.coverage(daily)
    for source, rows in daily[daily["total_km2"].notna()].groupby("source"):
        assert cover.loc[source, "first"] == rows["date"].min() and cover.loc[source, "last"] == rows["date"].max()
    archive_last = pd.Timestamp(territory.deepstate_archive_last_day())
    deepstate = daily[daily["source"] == "deepstate"].set_index("date")["map"]
    assert cover.loc["deepstate", "first"] < archive_last < cover.loc["deepstate", "last"]
    # The history archive's snapshots are named by time stamp, the daily files by date: the hand-over is where they change.
    assert deepstate[:archive_last].str.fullmatch(r"\d+\.geojson").all()
    assert not deepstate[archive_last + pd.Timedelta(days=1) :].str.fullmatch(r"\d+\.geojson").any()
    dates = figures.coverage_dates(daily)
    assert dates["deepstate-first"] == f"{cover.loc['deepstate', 'first']:%-d %B %Y}"
