"""The ceasefire record in Donbas, 2014-2022: the measures behind chapters 2 and 3.

Reads the processed files of ``data/conflict/`` (built by :mod:`freezelines.ingest.conflict`,
which describes the three records and their limits) and computes the numbers the pages
quote, as plain Python values so that glue can format them. The charts and their text
summaries are in :mod:`freezelines.viz.conflict_figures`.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from .. import constants as C
from ..ingest.conflict import months
from .datapackage import load

MINSK_II_CEASEFIRE = dt.date(2015, 2, 15)
"""The Minsk II ceasefire took effect at midnight on 15 February 2015: the book's split
between the war of movement (April 2014 - February 2015) and the years of the line."""
OSCE_SURGE_FROM = dt.date(2022, 2, 15)
"""The OSCE monitors' counts of the last days before the invasion are compared from this day
(the first of the reports of 15-22 February 2022, when the counts rose tenfold)."""
OSCE_MONTH_FROM = C.INVASION.replace(day=1)
"""The OSCE reports of the month of the invasion."""


# Loaders of the processed files ----------------------------------------------------------


def load_events() -> pd.DataFrame:
    """UCDP's Donbas events (``data/conflict/ucdp_events.csv``)."""
    return load("conflict_ucdp_events")


def load_monthly() -> pd.DataFrame:
    """Deaths per month, UCDP (``data/conflict/ucdp_monthly.csv``)."""
    return load("conflict_ucdp_monthly")


def load_ceasefires() -> pd.DataFrame:
    """The ceasefires (``data/conflict/ceasefires.csv``)."""
    return load("conflict_ceasefires")


def load_windows() -> pd.DataFrame:
    """Deaths before and after each ceasefire (``data/conflict/ceasefire_windows.csv``)."""
    return load("conflict_ceasefire_windows")


def load_ohchr_yearly() -> pd.DataFrame:
    """OHCHR's civilian deaths per year (``data/conflict/ohchr_yearly.csv``)."""
    return load("conflict_ohchr_yearly")


def load_ohchr_totals() -> pd.DataFrame:
    """OHCHR's totals (``data/conflict/ohchr_totals.csv``)."""
    return load("conflict_ohchr_totals")


def load_osce_daily() -> pd.DataFrame:
    """OSCE SMM violations in single reporting periods (``data/conflict/osce_daily.csv``)."""
    return load("conflict_osce_daily")


def load_osce_periods() -> pd.DataFrame:
    """OSCE SMM violations over longer periods (``data/conflict/osce_periods.csv``)."""
    return load("conflict_osce_periods")


# Numbers the pages quote (plain Python values, so that glue can format them) -------------


def _month_label(month: str) -> str:
    return pd.Timestamp(month + "-01").strftime("%B %Y")


def _day_label(day) -> str:
    day = pd.Timestamp(day)
    return f"{day.day} {day:%B %Y}"


def record_numbers(monthly: pd.DataFrame) -> dict:
    """How many months had a fatal event, the quietest month, and deaths by period."""
    year = monthly["month"].str[:4]
    lowest = monthly.loc[monthly["deaths_best"].idxmin()]
    before = monthly[monthly["month"] < MINSK_II_CEASEFIRE.strftime("%Y-%m")]
    after = monthly[monthly["month"] > MINSK_II_CEASEFIRE.strftime("%Y-%m")]
    return {
        "months": int(len(monthly)),
        "months_with_lethal_event": int((monthly["lethal_events"] >= 1).sum()),
        "months_with_two_lethal_events": int((monthly["lethal_events"] >= 2).sum()),
        "first_month": _month_label(monthly["month"].iloc[0]),
        "last_month": _month_label(monthly["month"].iloc[-1]),
        "lowest_month": _month_label(lowest["month"]),
        "lowest_month_deaths": int(lowest["deaths_best"]),
        "deaths_total": int(monthly["deaths_best"].sum()),
        "deaths_2014": int(monthly.loc[year == "2014", "deaths_best"].sum()),
        "deaths_2015": int(monthly.loc[year == "2015", "deaths_best"].sum()),
        "deaths_2016_2021": int(monthly.loc[year.between("2016", "2021"), "deaths_best"].sum()),
        "deaths_2016_2021_low": int(monthly.loc[year.between("2016", "2021"), "deaths_low"].sum()),
        "deaths_2016_2021_high": int(monthly.loc[year.between("2016", "2021"), "deaths_high"].sum()),
        "deaths_2022_01": int(monthly.loc[monthly["month"] == "2022-01", "deaths_best"].sum()),
        "deaths_2022_02": int(monthly.loc[monthly["month"] == "2022-02", "deaths_best"].sum()),
        "median_month_before_minsk2": float(before["deaths_best"].median()),
        "median_month_after_minsk2": float(after["deaths_best"].median()),
        "median_month_2016_2021": float(monthly.loc[year.between("2016", "2021"), "deaths_best"].median()),
        "drop_after_minsk2_pct": float(
            round(100 * (1 - after["deaths_best"].median() / before["deaths_best"].median()), 1)
        ),
        "civilians_2016_2021": int(monthly.loc[year.between("2016", "2021"), "deaths_civilians"].sum()),
    }


def yearly_ucdp(monthly: pd.DataFrame) -> pd.DataFrame:
    """UCDP deaths per calendar year (best, low, high, civilians; GED 22.1 best for comparison)."""
    table = monthly.assign(year=monthly["month"].str[:4].astype(int))
    out = table.groupby("year")[["events", "deaths_best", "deaths_low", "deaths_high", "deaths_civilians"]].sum()
    out["deaths_best_ged221"] = table.groupby("year")["deaths_best_ged221"].sum(min_count=1)
    return out


def quiet_spells(events: pd.DataFrame, since: dt.date = MINSK_II_CEASEFIRE) -> dict:
    """Days with an exactly dated fatal event, and the longest run of days without one."""
    exact = events[(events["date_prec"] == 1) & (events["best"] >= 1)]
    days = pd.DatetimeIndex(sorted(exact["date_start"].unique()))
    days = days[days >= pd.Timestamp(since)]
    gaps = pd.Series(days[1:] - days[:-1]).dt.days - 1
    longest = int(gaps.idxmax())
    span = pd.Timestamp(C.EVE_OF_INVASION) - pd.Timestamp(since)
    lethal = events[events["best"] >= 1]
    exact_months = set(exact["date_start"].dt.strftime("%Y-%m"))
    return {
        "exact_date_share_pct": float(round(100 * (lethal["date_prec"] == 1).mean(), 0)),
        "months_with_exact_lethal_event": int(sum(m in exact_months for m in months())),
        "lethal_days": int(len(days)),
        "days_in_period": int(span.days + 1),
        "lethal_days_share_pct": float(round(100 * len(days) / (span.days + 1), 1)),
        "longest_gap_days": int(gaps.max()),
        "longest_gap_from": _day_label(days[longest] + pd.Timedelta(days=1)),
        "longest_gap_to": _day_label(days[longest + 1] - pd.Timedelta(days=1)),
        "gaps_over_14_days": int((gaps > 14).sum()),
    }


def window_numbers(windows: pd.DataFrame, ceasefires: pd.DataFrame, window: int = 90) -> dict:
    """How the deaths recorded before and after the ceasefires compare."""
    before, after = windows[f"deaths_{window}d_before"], windows[f"deaths_{window}d_after"]
    fell = after < before
    named = windows.set_index("ceasefire_id")
    minsk2 = named.loc[f"cf-{MINSK_II_CEASEFIRE:%Y-%m-%d}"]
    last = named.iloc[-1]
    exceptions = windows.loc[~fell, "short_name"].tolist()
    return {
        "ceasefires": int(len(ceasefires)),
        "first_ceasefire": _day_label(ceasefires["date_marked"].min()),
        "last_ceasefire": _day_label(ceasefires["date_marked"].max()),
        "fell": int(fell.sum()),
        "rose": int((~fell).sum()),
        "exceptions": " and ".join(exceptions),
        "max_days_to_first_death": int(windows["days_to_first_lethal_event"].max()),
        "median_days_to_first_death": float(windows["days_to_first_lethal_event"].median()),
        "same_day_or_next": int((windows["days_to_first_lethal_event"] <= 1).sum()),
        "slowest": str(windows.loc[windows["days_to_first_lethal_event"].idxmax(), "short_name"]),
        "minsk2_before": float(minsk2[f"deaths_{window}d_before"]),
        "minsk2_after": float(minsk2[f"deaths_{window}d_after"]),
        "minsk2_drop_pct": float(
            round(100 * (1 - minsk2[f"deaths_{window}d_after"] / minsk2[f"deaths_{window}d_before"]), 0)
        ),
        "last_name": str(last["short_name"]),
        "last_before": float(last[f"deaths_{window}d_before"]),
        "last_after": float(last[f"deaths_{window}d_after"]),
        "last_drop_pct": float(
            round(100 * (1 - last[f"deaths_{window}d_after"] / last[f"deaths_{window}d_before"]), 0)
        ),
        "zero_after": int((after == 0).sum()),
        "flagged_sources": int((ceasefires["source_caveat"] != "").sum()),
        "days_minsk2_to_invasion": int((pd.Timestamp(C.INVASION) - pd.Timestamp(MINSK_II_CEASEFIRE)).days),
    }


def ohchr_numbers(yearly: pd.DataFrame, totals: pd.DataFrame, monthly: pd.DataFrame) -> dict:
    """OHCHR's civilian deaths by period, its totals, and UCDP's civilian count beside them."""
    by_year = yearly.set_index("year")["civilians_killed"]
    metric = totals.set_index("metric")
    killed = metric.loc["conflict_related_killed_total"]
    ucdp = yearly_ucdp(monthly)["deaths_civilians"]
    first_two = int(by_year.loc[[2014, 2015]].sum())
    total = int(by_year.sum())
    return {
        "civilians_2014_2015": first_two,
        "civilians_2016_2021": int(by_year.loc[2016:2021].sum()),
        "civilians_total": total,
        "civilians_2014_2015_share_pct": float(round(100 * first_two / total, 0)),
        "civilians_2021": int(by_year.loc[2021]),
        "civilians_2014": int(by_year.loc[2014]),
        "mh17": int(metric.loc["mh17_killed", "value"]),
        "killed_low": int(killed["value_low"]),
        "killed_high": int(killed["value_high"]),
        "forces_killed": int(metric.loc["ukrainian_forces_killed_estimate", "value"]),
        "armed_groups_killed": int(metric.loc["armed_groups_killed_estimate", "value"]),
        "years_verified_alone": int((yearly["verification"] == "verified").sum()),
        "ucdp_civilians_2014_2015": int(ucdp.loc[[2014, 2015]].sum()),
        "ucdp_civilians_2016_2021": int(ucdp.loc[2016:2021].sum()),
    }


def measures_period(periods: pd.DataFrame) -> pd.Series:
    """The first cumulative count since the ceasefire measures of July 2020: the calm that the
    February 2022 counts are set against (``period_start``, ``period_end``, ``per_day`` ...)."""
    return periods[periods["kind"] == "cumulative_since_measures"].sort_values("period_end").iloc[0]


def weekend_report(daily: pd.DataFrame) -> pd.Series:
    """The one report of more than 24 hours in the daily table (``date``, ``period_hours``, ``region``, ...)."""
    longer = daily[daily["period_hours"] > 24]
    if len(longer) != 1:
        raise ValueError(f"expected one report of more than 24 hours, found {len(longer)}")
    return longer.iloc[0]


def osce_numbers(daily: pd.DataFrame, periods: pd.DataFrame) -> dict:
    """The February 2022 surge in recorded violations against the levels of 2020-2021."""
    one_day = daily[daily["period_hours"] == 24]
    totals = one_day.groupby("date")["ceasefire_violations"].agg(["sum", "count"])
    totals = totals[totals["count"] == 2]["sum"]
    feb = totals[totals.index >= pd.Timestamp(OSCE_MONTH_FROM)]
    surge = feb[feb.index >= pd.Timestamp(OSCE_SURGE_FROM)]
    calm = measures_period(periods)
    peak_day = surge.idxmax()
    return {
        "feb_first_day": _day_label(feb.index.min()),
        "feb_first_total": int(feb.iloc[0]),
        "surge_start_day": _day_label(surge.index.min()),
        "surge_start_total": int(surge.iloc[0]),
        "peak_day": _day_label(peak_day),
        "peak_total": int(surge.max()),
        "peak_ratio": float(round(surge.max() / surge.iloc[0], 1)),
        "last_day": _day_label(feb.index.max()),
        "last_total": int(feb.iloc[-1]),
        "weekend_donetsk": int(daily.loc[daily["period_hours"] == 48, "ceasefire_violations"].sum()),
        "measures_per_day": float(calm["per_day"]),
        "measures_to": _day_label(calm["period_end"]),
        "peak_vs_measures": float(round(surge.max() / calm["per_day"], 0)),
        "days_2021": int(len(totals[totals.index.year == 2021])),
        "max_2021": int(totals[totals.index.year == 2021].max()),
        "max_2021_day": _day_label(totals[totals.index.year == 2021].idxmax()),
    }


def mh17_event(events: pd.DataFrame) -> dict:
    """The MH17 shoot-down as UCDP coded it (it is a GED event, whatever the raw notes say)."""
    hit = events[events["where_description"].str.contains(r"MH ?17", regex=True)]
    if len(hit) != 1:
        raise ValueError(f"expected one MH17 event in the UCDP extract, found {len(hit)}")
    row = hit.iloc[0]
    return {
        "id": int(row["id"]),
        "date": _day_label(row["date_start"]),
        "dyad": str(row["dyad_name"]),
        "deaths": int(row["best"]),
        "civilians": int(row["deaths_civilians"]),
        "share_of_july_2014_civilians_pct": float(
            round(
                100
                * row["deaths_civilians"]
                / events.loc[events["date_start"].dt.strftime("%Y-%m") == "2014-07", "deaths_civilians"].sum(),
                0,
            )
        ),
    }


def version_numbers(monthly: pd.DataFrame) -> dict:
    """GED 22.1 against 23.1, year by year: where the newer version adds deaths."""
    yearly = yearly_ucdp(monthly)
    both = yearly.dropna(subset=["deaths_best_ged221"])
    same = both.index[both["deaths_best"] == both["deaths_best_ged221"]]
    return {
        "ged221_2014": int(yearly.at[2014, "deaths_best_ged221"]),
        "ged231_2014": int(yearly.at[2014, "deaths_best"]),
        "ged221_2015": int(yearly.at[2015, "deaths_best_ged221"]),
        "ged231_2015": int(yearly.at[2015, "deaths_best"]),
        "identical_from": int(min(y for y in same if all(z in same for z in range(y, int(both.index.max()) + 1)))),
        "identical_to": int(both.index.max()),
    }


def long_events(events: pd.DataFrame, days: int = 31) -> pd.DataFrame:
    """Events UCDP dates to a span of more than ``days`` days, largest first."""
    columns = ["id", "date_start", "date_end", "days", "where_description", "best"]
    long = events[events["days"] > days].sort_values(["best", "id"], ascending=[False, True])
    return long[columns].reset_index(drop=True)


# How constant the firing was -----------------------------------------------------------------


def osce_record() -> dict:
    """What the stored OSCE record says about how constant the firing was.

    From ``data/conflict/osce_daily.csv`` (daily reports, 2021–2022) and ``osce_periods.csv``
    (period totals, 2017–2021): how many daily reports are stored, how many of them recorded
    no violation at all in either oblast, the fewest violations on one day, how many periods are
    stored and the lowest average per day over any of them.
    """
    daily = load_osce_daily()
    per_day = daily[daily["period_hours"] == 24].groupby("date")["ceasefire_violations"].sum()
    periods = load_osce_periods()
    return {
        "days": int(len(per_day)),
        "days_without_violation": int((per_day == 0).sum()),
        "lowest_day": float(per_day.min()),
        "periods": int(len(periods)),
        "lowest_period_per_day": float(periods["per_day"].min()),
    }
