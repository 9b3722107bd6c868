"""Lines and claims: the evidence for chapters 5, 7, 8, 9 and 11, read off the trackers' lines.

One function per section of the notebook ``lines-and-claims``; each returns a :class:`Reading`:
the figure the essay page shows, the numbers it quotes (by glue key, without the chapter's
prefix), a text summary of the figure, and a table to show in the notebook.

* :func:`price_of_a_deal` (chapter 5): the four oblasts Russia claimed against the ground it held;
* :func:`annexed_on_paper` (chapter 7): the share of each claimed oblast held over time;
* :func:`sites_near_the_line` and :func:`distances_to_cities` (chapter 8): what lay on each side
  of the line, and how close it ran to the cities;
* :func:`donetsk_offensive` (chapter 9): the ground gained in Donetsk oblast after the essay;
* :func:`what_happened_next` (chapter 11): how the line moved after the essay, month by month.

Every date in a summary comes from the data or from :mod:`freezelines.constants`; every place
is named here, by its id in ``data/places.csv``, not in the notebook.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pandas as pd
import plotly.graph_objects as go

from .. import constants as C
from .. import geometry
from ..model import places as P
from ..model import price_of_a_deal as price
from ..model import scenarios, territory
from . import figures, maps

MAIN = "deepstate"
"""The tracker whose map the figures draw."""
SCALE_OBLAST = "UA23"
"""Zaporizhzhia oblast: the size of one claimed oblast, for scale."""

CLAIMED_MAP_PLACES = ("ukrstat2022-0301", "ukrstat2022-0582", "ukrstat2022-0593", "ukrstat2022-1554")
"""The cities marked on the map of the claims: Donetsk, Zaporizhzhia, Melitopol and Kherson."""
CLAIMED_MAP_WINDOW = dict(lon=(31.0, 40.4), lat=(44.3, 50.4))
"""Longitude and latitude frame of the map of the claims: the four oblasts."""
NAMED_CITIES = 2
"""How many of the largest cities in the unheld part of each claimed oblast the summary names."""

ALMOST_WHOLE = 0.95
"""A claimed oblast held to at least this share counts as held "almost entirely"."""

LINE_MAP_PLACES = (
    "site-znpp",
    "site-kakhovka-dam",
    "ukrstat2022-0135",
    "ukrstat2022-0301",
    "ukrstat2022-0394",
    "ukrstat2022-0564",
    "ukrstat2022-0582",
    "ukrstat2022-0593",
    "ukrstat2022-1461",
    "ukrstat2022-1554",
)
"""The sites and cities on the map of the line: the nuclear plant, the Kakhovka dam, Dnipro, Donetsk,
Mariupol, Berdiansk, Zaporizhzhia, Melitopol, Kharkiv and Kherson."""
SHORT_LABELS = {"site-znpp": "Nuclear plant", "site-kakhovka-dam": "Kakhovka dam"}
"""Map labels of the sites whose names are too long for a map (the cities keep their names)."""
LINE_MAP_WINDOW = dict(lon=(30.5, 40.4), lat=(44.3, 51.0))
"""Longitude and latitude frame of the map of the line: the south and east."""
ESSAY_SITES = (
    "site-znpp",
    "site-melitopol-hub",
    "site-mariupol-port",
    "site-berdiansk-port",
    "site-kakhovka-dam",
    "site-north-crimean-canal-head",
    "site-land-corridor",
)
"""The sites chapter 8 places on one side of the line on the essay's date."""
KEPT_SITES = ("site-znpp", "site-melitopol-hub", "site-mariupol-port", "site-berdiansk-port", "site-land-corridor")
"""The sites checked to stay on the Russian-held side after the essay, on every weekly map and the latest."""
DISTANCE_CITIES = ("Zaporizhzhia", "Dnipro", "Kherson", "Kharkiv")
"""The cities whose distance to the line chapter 8 follows (names of :data:`scenarios.DISTANCE_CITIES`)."""

DONETSK = "UA14"
BAKHMUT_CLAIMED = dt.date(2023, 5, 20)
"""Russia claims the capture of Bakhmut: the end of the winter offensive in Donetsk oblast. Chapter 9
measures the offensive from the essay's date to the first map after this day."""


@dataclass
class Reading:
    """What one section of the chapter shows: the figure, the numbers the essay pages quote (by
    glue key, without the chapter's prefix), a text summary (Markdown) and a table for the notebook."""

    numbers: dict
    figure: go.Figure | None = None
    summary: str = ""
    table: pd.DataFrame = field(default_factory=pd.DataFrame)


def _day(value) -> str:
    return f"{pd.Timestamp(value):%-d %B %Y}"


def _short_day(value) -> str:
    return f"{pd.Timestamp(value):%-d %b %Y}"


def _and(items: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _count(n: int) -> str:
    """A small count in words ("four"), larger ones in figures."""
    words = ("none", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
    return words[n] if 0 <= n < len(words) else f"{n:,}"


def _oblast(name: str) -> str:
    """An oblast's short name: "Donetsk Oblast" -> "Donetsk"."""
    return name.replace(" Oblast", "")


# Chapter 5: the price of a deal ---------------------------------------------------------------


def _unheld_in_words(parts: pd.DataFrame) -> str:
    """:func:`freezelines.model.price_of_a_deal.unheld_parts` in words: each oblast's unheld km², then
    its count of cities and towns and the largest (:data:`NAMED_CITIES`)."""
    areas = _and([f"{row.not_held_km2:,.0f} km² of {_oblast(row.oblast)}" for row in parts.itertuples()])
    counts = []
    for i, row in enumerate(parts.itertuples()):
        named = row.cities[:NAMED_CITIES]
        largest = f" ({_and(named)}{' the largest' if len(row.cities) > len(named) else ''})" if named else ""
        counts.append(
            _count(len(row.cities))
            + (f" cities and towns of {P.MIN_POPULATION:,} people or more" if i == 0 else "")
            + f" in {_oblast(row.oblast)}{largest}"
        )
    return f"{areas}. The part not held included {_and(counts)}"


def price_of_a_deal(oblasts: pd.DataFrame, places: pd.DataFrame) -> Reading:
    """Chapter 5: the part of the four claimed oblasts Russian forces did not hold, on the day of
    the annexation claim and on the essay's date, with the map of the essay's date."""
    table = price.unheld_claims()
    numbers = {}
    for row in table.itertuples():
        tag = next(name for name, day in price.MARKS.items() if day == row.date)
        numbers[f"not-held-{tag}-{row.source}"] = row.not_held_km2
        numbers[f"share-not-held-{tag}-{row.source}"] = row.share_not_held
    numbers["claimed-km2"] = table["claimed_km2"].iloc[0]
    numbers["zaporizhzhia-oblast-km2"] = oblasts[oblasts["adm1_pcode"] == SCALE_OBLAST]["oblast_km2"].iloc[0]
    numbers["ten-thousand-share"] = C.YARDSTICK_KM2 / C.UKRAINE_AREA_KM2

    essay_line = scenarios.line_on(C.ESSAY_DATE, MAIN)
    row = table[(table["date"] == C.ESSAY_DATE) & (table["source"] == MAIN)].iloc[0]
    fig = maps.base_map(
        f"Claimed but not held on {_day(C.ESSAY_DATE)}: {row['not_held_km2']:,.0f} km² of the four "
        f"oblasts ({C.SOURCE_LABELS[MAIN]})",
        **CLAIMED_MAP_WINDOW,
    )
    maps.add_area(fig, geometry.to_lonlat(essay_line.held), "held by Russian forces", category="held")
    maps.add_area(
        fig,
        geometry.to_lonlat(price.unheld_area(essay_line)),
        "claimed by Russia, not held",
        km2=row["not_held_km2"],
        category="claimed",
    )
    maps.add_places(fig, places[places["place_id"].isin(CLAIMED_MAP_PLACES)], name="regional centres")

    names = oblasts.drop_duplicates("adm1_pcode").set_index("adm1_pcode").loc[list(scenarios.CLAIMED_OBLASTS), "oblast"]
    summary = (
        f"**Text summary.** On {_day(C.ESSAY_DATE)}, of the {row['claimed_km2']:,.0f} km² of "
        f"{_and([_oblast(n) for n in names])} oblasts that Russia claimed to annex, Russian forces did not hold "
        f"{row['not_held_km2']:,.0f} km² ({row['share_not_held']:.0%}) on {C.SOURCE_LABELS[MAIN]}'s map: "
        f"{_unheld_in_words(price.unheld_parts(essay_line, places))}."
    )
    return Reading(numbers=numbers, figure=fig, summary=summary, table=table.round(3))


# Chapter 7: annexed on paper ------------------------------------------------------------------


def claimed_shares(oblasts: pd.DataFrame, source: str = MAIN) -> tuple[pd.DataFrame, dict[str, pd.Timestamp]]:
    """The share of each claimed oblast held (rows, by oblast name) on the last map before the
    annexation claim, on the essay's date and on the latest map (columns), and those dates."""
    rows = oblasts[(oblasts["source"] == source) & oblasts["adm1_pcode"].isin(scenarios.CLAIMED_OBLASTS)]
    dates = rows["date"]
    marks = {
        "annexation": dates[dates < pd.Timestamp(C.ANNEXATION_CLAIM)].max(),
        "essay": pd.Timestamp(C.ESSAY_DATE),
        "latest": dates.max(),
    }

    def shares_on(day):
        return (
            rows[rows["date"] == day]
            .set_index("adm1_pcode")["share_of_oblast"]
            .reindex(list(scenarios.CLAIMED_OBLASTS))
        )

    table = pd.DataFrame({name: shares_on(day) for name, day in marks.items()})
    names = oblasts.drop_duplicates("adm1_pcode").set_index("adm1_pcode")["oblast"]
    table.index = [names[code] for code in table.index]
    return table, marks


def almost_whole(shares: pd.Series, threshold: float = ALMOST_WHOLE) -> str:
    """Which claimed oblasts were held almost entirely (``shares`` by oblast name), in a sentence."""
    whole = [_oblast(name) for name, share in shares.items() if share >= threshold]
    of = f"of the {_count(len(shares))}"
    if not whole:
        return f"It came to hold none {of} almost entirely."
    if len(whole) == 1:
        return f"{whole[0]} is the only one {of} it came to hold almost entirely."
    return f"{_and(whole)} are the ones {of} it came to hold almost entirely."


def annexed_on_paper(oblasts: pd.DataFrame) -> Reading:
    """Chapter 7: the claimed oblasts held over time, and on the three days the page quotes."""
    table, marks = claimed_shares(oblasts)
    numbers = {
        f"share-{name}-{oblast.split()[0].lower()}": value for name in marks for oblast, value in table[name].items()
    }
    numbers["latest-date"] = _day(marks["latest"])
    labels = {
        "annexation": f"{_short_day(marks['annexation'])} (eve of the claim)",
        "essay": f"{_short_day(marks['essay'])} (the essay)",
        "latest": "latest day",
    }
    numbers["shares-table"] = table.map(lambda v: f"{v:.0%}").rename(columns=labels)
    summary = (
        f"**Text summary.** Russia claimed all {_count(len(table))} oblasts in full. "
        f"On {C.SOURCE_LABELS[MAIN]}'s weekly maps it held "
        + ", ".join(f"{t:.0%} of {_oblast(o)}" for o, t in table["essay"].items())
        + " oblast on the essay's date, and "
        + ", ".join(f"{t:.0%} of {_oblast(o)}" for o, t in table["latest"].items())
        + f" on {_day(marks['latest'])}. "
        + almost_whole(table["latest"])
    )
    figure = figures.oblast_shares(oblasts, scenarios.CLAIMED_OBLASTS)
    return Reading(numbers=numbers, figure=figure, summary=summary, table=table.round(3))


# Chapter 8: why these lines matter ------------------------------------------------------------


def weekly_lines(source: str = MAIN) -> list[str]:
    """The ISO dates of a tracker's weekly published lines (``data/lines/<source>.geojson``)."""
    return sorted(day for day, line in territory.published_lines(source).items() if "weekly" in line["labels"])


def monthly_lines(source: str = MAIN) -> list[str]:
    """The first weekly line of each month, and the essay's date: the slider's steps."""
    weekly = weekly_lines(source)
    firsts = {min(d for d in weekly if d[:7] == month) for month in {d[:7] for d in weekly}}
    return sorted(firsts | {C.ESSAY_DATE.isoformat()})


def _side(held: bool) -> str:
    return "on the Russian-held side" if held else "on the Ukrainian side"


def kept_days(source: str = MAIN) -> list[dt.date]:
    """The days the watched sites are checked on after the essay: every weekly line (Thursdays)
    from the essay's date, and the tracker's latest day."""
    return territory.week_days(C.ESSAY_DATE, scenarios.dates_available(source)[1], include_last=True)


def sites_near_the_line(places: pd.DataFrame) -> Reading:
    """Chapter 8: the line month by month with the sites the essay names, the side of the line each
    site lay on at the essay's date, and whether the watched sites stayed there afterwards."""
    monthly = monthly_lines()
    sites = places[places["place_id"].isin(LINE_MAP_PLACES)].copy()
    sites["label"] = sites["place_id"].map(SHORT_LABELS).fillna(sites["name"])
    figure = maps.line_slider_map(MAIN, monthly, sites, start=C.ESSAY_DATE.isoformat(), **LINE_MAP_WINDOW)

    essay_line = scenarios.line_on(C.ESSAY_DATE, MAIN)
    essay = scenarios.measure(essay_line)
    held = essay.sites.set_index("place_id")["held"]
    numbers = {site: _side(held[site]) for site in ESSAY_SITES}
    days = kept_days()
    kept = all(scenarios.sites_held(scenarios.line_on(day, MAIN), KEPT_SITES).all() for day in days)
    numbers["sites-kept"] = (
        f"stayed there on every weekly map from then to the latest data ({_day(days[-1])})"
        if kept
        else "did not all stay there: see the slider"
    )
    front = scenarios.front_by_oblast(essay_line)
    summary = (
        f"**Text summary.** On {_day(C.ESSAY_DATE)} the front line ran {essay.front_km:,.0f} km, from south-west "
        f"to north-east through "
        + _and([f"{_oblast(name)} ({km:,.0f} km)" for name, km in front.items()])
        + " oblasts. "
        + "; ".join(
            f"{n}: {_side(h).removeprefix('on the ')}" for n, h in zip(essay.sites["name"], essay.sites["held"])
        )
        + f". Moving the slider shows the line at the start of each month from {pd.Timestamp(monthly[0]):%B %Y} "
        "to the latest data."
    )
    return Reading(numbers=numbers, figure=figure, summary=summary)


def city_distances(cities=DISTANCE_CITIES, source: str = MAIN) -> pd.DataFrame:
    """Distance (km) from each weekly line to each city (columns), by date; 0 while a city was held."""
    return pd.DataFrame(
        {
            pd.Timestamp(d): scenarios.distances_only(scenarios.line_on(d, source)).loc[list(cities), "km"]
            for d in weekly_lines(source)
        }
    ).T


def distances_to_cities() -> Reading:
    """Chapter 8: how close the line ran to the cities, week by week."""
    distances = city_distances()
    essay = distances.loc[pd.Timestamp(C.ESSAY_DATE)]
    latest = distances.iloc[-1]
    numbers = {}
    for city in distances.columns:
        numbers[f"distance-essay-{city.lower()}"] = essay[city]
        numbers[f"distance-latest-{city.lower()}"] = latest[city]
        numbers[f"distance-min-{city.lower()}"] = distances[city].min()
    numbers["distance-latest-date"] = _day(distances.index[-1])
    summary = (
        f"**Text summary.** Distance from the Russian-held area to each city, week by week from "
        f"{distances.index[0]:%B %Y}: "
        + "; ".join(
            f"{c}: {essay[c]:,.0f} km on the essay's date, {latest[c]:,.0f} km on the latest day "
            f"({_day(distances.index[-1])}), "
            f"{distances[c].min():,.0f} km at the closest (0: the city was on the held side)"
            for c in distances.columns
        )
        + "."
    )
    return Reading(numbers=numbers, figure=figures.distances_chart(distances), summary=summary)


# Chapter 9: the offensive in Donetsk oblast ---------------------------------------------------


def donetsk_offensive(oblasts: pd.DataFrame, source: str = MAIN) -> Reading:
    """Chapter 9: the ground Russian forces gained in Donetsk oblast from the essay's date to the
    first map after the capture of Bakhmut was claimed (:data:`BAKHMUT_CLAIMED`)."""
    rows = oblasts[(oblasts["source"] == source) & (oblasts["adm1_pcode"] == DONETSK)].set_index("date").sort_index()
    start = pd.Timestamp(C.ESSAY_DATE)
    end = rows.index[rows.index >= pd.Timestamp(BAKHMUT_CLAIMED)][0]
    numbers = {
        "donetsk-gain-km2": rows.loc[end, "held_km2"] - rows.loc[start, "held_km2"],
        "donetsk-share-start": rows.loc[start, "share_of_oblast"],
        "donetsk-share-end": rows.loc[end, "share_of_oblast"],
        "donetsk-end-date": _day(end),
    }
    return Reading(numbers=numbers, table=rows.loc[[start, end], ["held_km2", "share_of_oblast"]])


# Chapter 11: what happened next ---------------------------------------------------------------


def yearly_changes(change: pd.DataFrame) -> pd.DataFrame:
    """Net change over each year and the area held at its end (km²), from :func:`territory.monthly_change`."""
    by_year = change.groupby(change.index.year)
    yearly = by_year["change_km2"].sum().rename("net change (km²)").to_frame()
    yearly["held at year end (km²)"] = by_year["held_km2"].last()
    return yearly


def yearly_table(yearly: pd.DataFrame) -> pd.DataFrame:
    """:func:`yearly_changes` as the page shows it: whole km², changes signed, areas not."""
    whole = yearly.round(0).astype(int)
    return pd.DataFrame(
        {
            "net change (km²)": whole["net change (km²)"].map(lambda v: f"{v:+,}"),
            "held at year end (km²)": whole["held at year end (km²)"].map(lambda v: f"{v:,}"),
        }
    )


def what_happened_next(daily: pd.DataFrame) -> Reading:
    """Chapter 11: the net change of the area held each month after the essay, by tracker."""
    changes = {s: territory.monthly_change(daily, s) for s in C.MAP_TRACKERS}
    main = changes[MAIN]["change_km2"]
    latest = territory.usable(daily, MAIN).iloc[-1]
    net = {
        s: territory.usable(daily, s)["total_km2"].iloc[-1] - territory.on_date(daily, s, C.ESSAY_DATE)
        for s in C.MAP_TRACKERS
    }
    yearly = yearly_changes(changes[MAIN])
    numbers = {
        **{f"net-since-essay-{s}": net[s] for s in C.MAP_TRACKERS},
        "largest-gain-km2": main.max(),
        "largest-gain-month": f"{main.idxmax():%B %Y}",
        "largest-loss-km2": -main.min(),
        "largest-loss-month": f"{main.idxmin():%B %Y}",
        "months-with-gains": int((main > 0).sum()),
        "months": len(main),
        "latest-date": _day(latest.name),
        "yearly-table": yearly_table(yearly),
    }
    summary = (
        f"**Text summary.** From the essay's date to {_day(latest.name)}, {C.SOURCE_LABELS[MAIN]}'s area held by "
        f"Russian forces changed by {net[MAIN]:+,.0f} km². Russia gained ground in {int((main > 0).sum())} of "
        f"{len(main)} months; the largest monthly gain was {main.max():,.0f} km² ({main.idxmax():%B %Y}), the "
        f"largest loss {-main.min():,.0f} km² ({main.idxmin():%B %Y}). "
        + " ".join(f"{year}: {row['net change (km²)']:+,.0f} km²." for year, row in yearly.iterrows())
    )
    return Reading(
        numbers=numbers, figure=figures.monthly_change_chart(changes), summary=summary, table=yearly.round(0)
    )


# The explorer's page ----------------------------------------------------------------------------

CORRIDOR_TRACKER = "liveuamap"
"""The first exercise looks for the land corridor on liveuamap's maps, which start on the day of the invasion."""


def front_for_scale() -> str:
    """The length of the 2014–2022 contact line and of the line of the essay's date, measured as the
    model measures any front (:func:`scenarios.measure`), in a sentence."""
    eve = scenarios.measure(scenarios.preset("eve_of_invasion"))
    essay = scenarios.measure(scenarios.line_on(C.ESSAY_DATE, MAIN))
    return (
        f"For scale: the {figures.DEBALTSEVE_WITHDRAWAL:%Y}–{C.EVE_OF_INVASION:%Y} contact line measures "
        f"{eve.front_km:,.0f} km by this method; the line of the essay's date measured {essay.front_km:,.0f} km."
    )


def two_trackers_day() -> dt.date:
    """The third exercise's day: the first day all three trackers cover (DeepStateMap's archive starts last)."""
    return max(territory.coverage(scenarios.context().territory)["first"]).date()


def exercise_answers() -> dict:
    """The answers to the explorer page's three exercises, from the model: the first day liveuamap's
    maps show the land corridor, what changed between the essay's line and the line a year later
    (:data:`freezelines.constants.YEAR_AFTER_ESSAY`), and the three trackers' totals on :func:`two_trackers_day`."""
    corridor_day = scenarios.first_day(CORRIDOR_TRACKER, scenarios.has_corridor, C.INVASION)
    change = scenarios.compare(
        scenarios.measure(scenarios.line_on(C.ESSAY_DATE)), scenarios.measure(scenarios.line_on(C.YEAR_AFTER_ESSAY))
    )
    daily = scenarios.context().territory
    day = daily[daily["date"] == pd.Timestamp(two_trackers_day())].set_index("source")["total_km2"]
    return {
        "corridor_first_day": corridor_day.isoformat(),
        "year_gained_km2": round(change["gained_km2"]),
        "year_lost_km2": round(change["lost_km2"]),
        "year_cities_taken": change["cities_taken"],
        "year_cities_given_up": change["cities_given_up"],
        "april_totals_km2": {s: round(v) for s, v in day.items()},
    }


# Numbers the methods page quotes ----------------------------------------------------------------


def methods_numbers() -> dict:
    """The model's thresholds the methods page states, by glue key: the smallest place counted as a
    city or town (people) and the widest seam between a tracker's polygons closed before the land
    corridor is looked for (metres)."""
    return {"min-population": P.MIN_POPULATION, "corridor-gap-m": scenarios.CORRIDOR_GAP_M}
