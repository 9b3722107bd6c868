"""The costs of the war: Russian military losses, children taken to Russia, and the people
living behind the line (chapters 4 and 10): the measures and the numbers the pages quote.

Reads the processed files of ``data/costs/`` (built by :mod:`freezelines.ingest.costs`) and
computes the population living in the Russian-held area with the freeze-the-lines model
(:func:`population_series`). The charts and their text summaries are in
:mod:`freezelines.viz.costs_figures`.
"""

from __future__ import annotations

import pandas as pd

from .. import constants as C
from ..ingest.costs import MEASURES
from . import scenarios
from . import territory as T
from .datapackage import load

# Reading the processed tables back ---------------------------------------------------------


def load_meta_estimate(measure: str | None = None) -> pd.DataFrame:
    """``data/costs/meta_estimate.csv`` (dates parsed), one measure or both."""
    table = load("costs_meta_estimate")
    if measure is not None:
        if measure not in MEASURES:
            raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
        table = table[table["measure"] == measure].reset_index(drop=True)
    return table


def load_published_estimates() -> pd.DataFrame:
    """``data/costs/published_estimates.csv`` (dates parsed; numbers as nullable integers)."""
    return load("costs_published_estimates")


def load_ukmod_monthly() -> pd.DataFrame:
    """``data/costs/ukmod_monthly.csv`` (``as_of`` parsed)."""
    return load("costs_ukmod_monthly")


def load_costs_facts() -> pd.DataFrame:
    """``data/costs/facts.csv``, indexed by key."""
    return load("costs_facts").set_index("key")


# Measures -------------------------------------------------------------------------------------


def meta_on(day, measure: str = "casualties", meta: pd.DataFrame | None = None) -> dict:
    """The meta-estimate on one day: estimate and both 95% intervals (persons, ints)."""
    table = load_meta_estimate(measure) if meta is None else meta[meta["measure"] == measure]
    hit = table[table["date"] == pd.Timestamp(day)]
    if hit.empty:
        raise KeyError(f"no {measure} meta-estimate on {day}")
    row = hit.iloc[0]
    return {k: int(row[k]) for k in ("estimate", "ci_lower", "ci_upper", "pi_low", "pi_high", "days_since_invasion")}


def first_day_at_least(
    threshold: float, column: str = "estimate", measure: str = "casualties", meta: pd.DataFrame | None = None
) -> pd.Timestamp:
    """The first day on which a column of the meta-estimate reaches ``threshold``."""
    table = load_meta_estimate(measure) if meta is None else meta[meta["measure"] == measure]
    hit = table[table[column] >= threshold]
    if hit.empty:
        raise KeyError(f"the {measure} {column} never reaches {threshold:,.0f}")
    return hit["date"].iloc[0]


def ukmod_cumulative_on(day, monthly: pd.DataFrame | None = None) -> tuple[pd.Timestamp, int]:
    """The UK MoD cumulative total at the last month start on or before ``day``."""
    monthly = load_ukmod_monthly() if monthly is None else monthly
    rows = monthly[monthly["as_of"] <= pd.Timestamp(day)]
    if rows.empty:
        raise KeyError(f"no UK MoD cumulative total on or before {day}")
    return rows["as_of"].iloc[-1], int(rows["cumulative_casualties"].iloc[-1])


ESSAY_FIGURE = 100_000
"""The essay's figure for Russian soldiers killed and wounded ("well over 100,000", the US estimate of
9 November 2022): the meta-estimate and the UK MoD's series are read against it."""
PEAK_MONTH = pd.Period("2022-03", freq="M")
"""The month of the largest area Russian forces held, on the trackers that cover it (the named date
``march_2022_peak`` of ``data/lines``)."""


def territory_lines() -> pd.DataFrame:
    """The area held on the lines chapter 4 compares: the 2014-2022 line, each tracker's largest
    area in March 2022, DeepState's first day, and each tracker on the essay's date.

    Columns: key, label, source, date, held_before_2022_km2, seized_since_2022_km2, total_km2, share_of_ukraine.
    """
    daily = T.load_territory()
    eve = scenarios.measure(scenarios.preset("eve_of_invasion"))
    rows = [
        {
            "key": "eve",
            "label": "2014–2022 line (eve of the invasion)",
            "source": "deepstate",
            "date": pd.Timestamp(C.EVE_OF_INVASION),
            "held_before_2022_km2": eve.total_km2,
            "seized_since_2022_km2": 0.0,
            "total_km2": eve.total_km2,
        }
    ]

    def row(key, label, source, day):
        hit = T.usable(daily, source).loc[pd.Timestamp(day)]
        return {
            "key": key,
            "label": label,
            "source": source,
            "date": pd.Timestamp(day),
            "held_before_2022_km2": hit["held_before_2022_km2"],
            "seized_since_2022_km2": hit["seized_since_2022_km2"],
            "total_km2": hit["total_km2"],
        }

    for source in ("liveuamap", "isw"):
        series = T.usable(daily, source)["total_km2"]
        march = series[series.index.to_period("M") == PEAK_MONTH]
        day = march.idxmax()
        rows.append(
            row(f"peak_{source}", f"{SHORT_LABELS[source]}: {PEAK_MONTH:%B %Y} peak ({day:%-d %b %Y})", source, day)
        )
    # DeepStateMap's first weeks (from 3 Apr 2022) are flagged: its drawing was still being completed.
    first = T.usable(daily, "deepstate").index[0]
    rows.append(
        row(
            "first_deepstate",
            f"{SHORT_LABELS['deepstate']}: first complete map ({first:%-d %b %Y})",
            "deepstate",
            first,
        )
    )
    for source in C.SOURCES:
        rows.append(
            row(
                f"essay_{source}",
                f"{SHORT_LABELS[source]}: essay's date ({C.ESSAY_DATE:%-d %b %Y})",
                source,
                C.ESSAY_DATE,
            )
        )
    out = pd.DataFrame(rows)
    out["share_of_ukraine"] = out["total_km2"] / C.UKRAINE_AREA_KM2
    return out


SHORT_LABELS = {"deepstate": "DeepStateMap", "liveuamap": "liveuamap", "isw": "ISW"}


def population_series(step_days: int = 7, sources: tuple[str, ...] = C.MAP_TRACKERS) -> pd.DataFrame:
    """Pre-war residents (Ukrstat, 1 Jan 2022) of the Russian-held area, outside Crimea and Sevastopol.

    Computed with the model (:func:`freezelines.model.scenarios.residents`: the residents and area of
    :func:`~freezelines.model.scenarios.measure`, 2.5 times faster) on the 2014-2022 line and on every
    ``step_days``-th day (counted from the invasion) of each tracker's series; about 15 s for both
    trackers, weekly. Columns: date, source, settlements (people of the cities and urban-type
    settlements whose point is in the area), areal (each oblast's rural and unlocated population
    times the share of its area held), total, total_km2, quality (of the tracker's day).
    """

    def record(result, source, day, quality):
        pop = result.population
        return {
            "date": pd.Timestamp(day),
            "source": source,
            "settlements": int(pop["settlements"]),
            "areal": int(pop["areal"]),
            "total": int(pop["total"]),
            "total_km2": round(float(result.total_km2), 1),
            "quality": quality,
        }

    eve = scenarios.preset("eve_of_invasion")
    rows = [record(scenarios.residents(eve), "eve_of_invasion", C.EVE_OF_INVASION, "ok")]
    for source in sources:
        first, last = scenarios.dates_available(source)
        for day in T.week_days(first, last, step_days):
            line = scenarios.line_on(day, source)
            rows.append(record(scenarios.residents(line), source, day, line.quality))
    return pd.DataFrame(rows)


def us_against_meta(meta: pd.DataFrame, estimates: pd.DataFrame) -> dict:
    """Where the US figure of Nov 2022 sits against the meta-estimate of the same day."""
    us = estimates[estimates["origin"] == "facts"].iloc[0]
    value = float(us["estimate_low"])
    same_day = meta_on(us["date"], "casualties", meta)

    def place(low, high):
        return "below" if value < same_day[low] else "above" if value > same_day[high] else "inside"

    return {
        "date": us["date"],
        "value": value,
        "meta": same_day,
        "ci": place("ci_lower", "ci_upper"),
        "pi": place("pi_low", "pi_high"),
    }


def _day(value) -> str:
    return f"{pd.Timestamp(value):%-d %B %Y}"


def chapter4_numbers(lines: pd.DataFrame, meta: pd.DataFrame, estimates: pd.DataFrame, monthly: pd.DataFrame) -> dict:
    """Every number chapter 4 quotes, by glue key (floats and ints for numbers, strings for dates)."""
    by = lines.set_index("key")
    out: dict = {
        "ch04-eve-km2": float(by.loc["eve", "total_km2"]),
        "ch04-eve-share": float(by.loc["eve", "share_of_ukraine"] * 100),
        "ch04-deepstate-first-date": _day(by.loc["first_deepstate", "date"]),
        "ch04-deepstate-first-km2": float(by.loc["first_deepstate", "total_km2"]),
    }
    for source in ("liveuamap", "isw"):
        out[f"ch04-peak-{source}-km2"] = float(by.loc[f"peak_{source}", "total_km2"])
        out[f"ch04-peak-{source}-share"] = float(by.loc[f"peak_{source}", "share_of_ukraine"] * 100)
        out[f"ch04-peak-{source}-date"] = _day(by.loc[f"peak_{source}", "date"])
        out[f"ch04-peak-{source}-ratio"] = float(by.loc[f"peak_{source}", "total_km2"] / by.loc["eve", "total_km2"])
    out["ch04-peak-liveuamap-seized-km2"] = float(by.loc["peak_liveuamap", "seized_since_2022_km2"])
    essay = by[by.index.str.startswith("essay_")]
    for source in C.SOURCES:
        out[f"ch04-essay-{source}-km2"] = float(by.loc[f"essay_{source}", "total_km2"])
    for source in C.MAP_TRACKERS:
        out[f"ch04-essay-{source}-seized-km2"] = float(by.loc[f"essay_{source}", "seized_since_2022_km2"])
        out[f"ch04-essay-{source}-before-km2"] = float(by.loc[f"essay_{source}", "held_before_2022_km2"])
    out["ch04-essay-share-min"] = float(essay["share_of_ukraine"].min() * 100)
    out["ch04-essay-share-max"] = float(essay["share_of_ukraine"].max() * 100)
    out["ch04-essay-ratio-min"] = float(essay["total_km2"].min() / by.loc["eve", "total_km2"])
    out["ch04-essay-ratio-max"] = float(essay["total_km2"].max() / by.loc["eve", "total_km2"])

    on_essay = meta_on(C.ESSAY_DATE, "casualties", meta)
    deaths = meta_on(C.ESSAY_DATE, "deaths", meta)
    us = us_against_meta(meta, estimates)
    out["ch04-days-of-war"] = int(on_essay["days_since_invasion"])
    out["ch04-us-value"] = int(us["value"])
    out["ch04-us-date"] = _day(us["date"])
    for key in ("estimate", "ci_lower", "ci_upper", "pi_low", "pi_high"):
        name = key.replace("_", "-")
        out[f"ch04-meta-us-day-{name}"] = int(us["meta"][key])
        out[f"ch04-meta-essay-{name}"] = int(on_essay[key])
    for key in ("estimate", "ci_lower", "ci_upper"):
        out[f"ch04-meta-essay-deaths-{key.replace('_', '-')}"] = int(deaths[key])
    out["ch04-essay-100k-vs-ci"] = (
        "below" if ESSAY_FIGURE < on_essay["ci_lower"] else "above" if ESSAY_FIGURE > on_essay["ci_upper"] else "inside"
    )
    out["ch04-us-vs-ci"] = us["ci"]
    out["ch04-us-vs-pi"] = us["pi"]
    cross = first_day_at_least(ESSAY_FIGURE, "estimate", "casualties", meta)
    out["ch04-meta-cross-100k-date"] = _day(cross)
    out["ch04-meta-cross-100k-days-after-essay"] = int((cross - pd.Timestamp(C.ESSAY_DATE)).days)
    out["ch04-us-days-before-essay"] = int((pd.Timestamp(C.ESSAY_DATE) - us["date"]).days)
    out["ch04-meta-ci-lower-cross-100k-date"] = _day(first_day_at_least(ESSAY_FIGURE, "ci_lower", "casualties", meta))
    last_day = meta["date"].max()
    out["ch04-meta-last-date"] = _day(last_day)
    out["ch04-meta-last-estimate"] = int(meta_on(last_day, "casualties", meta)["estimate"])
    out["ch04-meta-last-deaths"] = int(meta_on(last_day, "deaths", meta)["estimate"])
    russia = estimates[(estimates["country"] == "russia") & (estimates["origin"] == "economist_source_estimates")]
    out["ch04-sources-count"] = int((~russia["warring_party"]).sum())
    out["ch04-sources-warring-count"] = int(russia["warring_party"].sum())
    us_rows = russia[
        russia["source"].str.startswith("US")
        & (russia["measure"] == "casualties")
        & (russia["date"] < pd.Timestamp(C.ESSAY_DATE))
    ]
    prior = us_rows.iloc[-1]
    out["ch04-us-prior-date"] = _day(prior["date"])
    out["ch04-us-prior-low"] = int(prior["estimate_low"])
    out["ch04-us-prior-high"] = int(prior["estimate_high"])
    next_us = russia[russia["source"].str.contains("US|Pentagon") & (russia["date"] > pd.Timestamp(C.ESSAY_DATE))].iloc[
        0
    ]
    out["ch04-us-next-date"] = _day(next_us["date"])
    uk_day, uk_total = ukmod_cumulative_on(C.ESSAY_DATE, monthly)
    uk_next = monthly[monthly["as_of"] > pd.Timestamp(C.ESSAY_DATE)].iloc[0]
    out["ch04-ukmod-before-total"] = uk_total
    out["ch04-ukmod-before-end"] = _day(uk_day - pd.Timedelta(days=1))
    out["ch04-ukmod-after-total"] = int(uk_next["cumulative_casualties"])
    out["ch04-ukmod-after-end"] = _day(uk_next["as_of"] - pd.Timedelta(days=1))
    uk_cross = monthly[monthly["cumulative_casualties"] >= ESSAY_FIGURE].iloc[0]
    out["ch04-ukmod-cross-100k-end"] = _day(uk_cross["as_of"] - pd.Timedelta(days=1))
    out["ch04-ukmod-november-daily"] = int(monthly.set_index("month").loc[f"{C.ESSAY_DATE:%Y-%m}", "daily_average"])
    return out


def chapter10_numbers(series: pd.DataFrame, facts: pd.DataFrame) -> dict:
    """Every number chapter 10 quotes, by glue key (floats and ints for numbers, strings for dates)."""
    eve = series[series["source"] == "eve_of_invasion"].iloc[0]
    out: dict = {"ch10-pop-eve": int(eve["total"]), "ch10-pop-eve-km2": float(eve["total_km2"])}
    for source in C.MAP_TRACKERS:
        rows = series[series["source"] == source].set_index("date")
        essay = rows.loc[pd.Timestamp(C.ESSAY_DATE)]
        top = rows["total"].idxmax()
        out[f"ch10-pop-essay-{source}"] = int(essay["total"])
        out[f"ch10-pop-essay-{source}-settlements"] = int(essay["settlements"])
        out[f"ch10-pop-essay-{source}-areal"] = int(essay["areal"])
        out[f"ch10-pop-max-{source}"] = int(rows.loc[top, "total"])
        out[f"ch10-pop-max-{source}-date"] = _day(top)
        out[f"ch10-pop-first-{source}"] = int(rows["total"].iloc[0])
        out[f"ch10-pop-first-{source}-date"] = _day(rows.index[0])
        out[f"ch10-pop-last-{source}"] = int(rows["total"].iloc[-1])
        out[f"ch10-pop-last-{source}-date"] = _day(rows.index[-1])
        out[f"ch10-pop-weeks-{source}"] = int(len(rows))
        out[f"ch10-pop-flagged-{source}"] = int((rows["quality"] != "ok").sum())
    out["ch10-pop-essay-added"] = out["ch10-pop-essay-deepstate"] - out["ch10-pop-eve"]
    out["ch10-pop-essay-areal-share"] = 100 * out["ch10-pop-essay-deepstate-areal"] / out["ch10-pop-essay-deepstate"]
    population = load("population_oblast")
    ukraine = int(population["pop_total"].sum())
    out["ch10-pop-ukraine"] = ukraine
    out["ch10-pop-essay-share"] = 100 * out["ch10-pop-essay-deepstate"] / ukraine
    result = scenarios.measure(scenarios.line_on(C.ESSAY_DATE, "deepstate"))
    out["ch10-crimea-km2"] = float(result.population["crimea_held_km2"])
    out["ch10-aslund-2014"] = int(facts.loc["occupied_donbas_population_2014", "value"])
    names = {
        "ch10-children-nib": "children_deported_nib",
        "ch10-children-zelensky": "children_deported_zelensky",
        "ch10-children-lubinets": "children_in_russia_verified_lubinets",
        "ch10-children-lubinets-forced": "children_forcibly_deported_lubinets",
        "ch10-children-later": "children_deported_children_of_war",
    }
    for glue_key, fact in names.items():
        out[glue_key] = int(facts.loc[fact, "value"])
        out[f"{glue_key}-date"] = _day(facts.loc[fact, "as_of"])
    zelensky = pd.Timestamp(facts.loc["children_deported_zelensky", "as_of"])
    out["ch10-zelensky-days-before-essay"] = int((pd.Timestamp(C.ESSAY_DATE) - zelensky).days)
    return out
