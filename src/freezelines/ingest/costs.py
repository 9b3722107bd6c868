"""``data/costs/``: the costs of the war (chapters 4 and 10) from the raw files in ``conflict/``.

``build(raw, out)`` writes four tables into ``out/costs/``:

* ``meta_estimate.csv``: The Economist's daily meta-estimate of Russian military
  casualties (killed and wounded) and deaths, with its 95% confidence and prediction intervals;
* ``published_estimates.csv``: the published estimates of military losses behind it (The
  Economist's source list), plus the US figure of 9 November 2022 the essay's number matches;
* ``ukmod_monthly.csv``: the UK Ministry of Defence's month-by-month casualty estimates;
* ``facts.csv``: the dated, sourced figures the two chapters quote (children taken to Russia,
  the US estimate, The Economist's values as quoted), each with what it counts.

The model reads them back (:mod:`freezelines.model.costs`); the charts are in
:mod:`freezelines.viz.costs_figures`. The population living in the Russian-held area is computed
from ``data/`` with the freeze-the-lines model (:func:`freezelines.model.costs.population_series`),
not here.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import constants as C
from . import descriptor as D
from .raw_files import RawDataError
from .tables import read_table

META_SOURCES = {"casualties": "economist_meta_casualties", "deaths": "economist_meta_deaths"}
"""The raw source of each measure of the meta-estimate (names in the descriptor)."""
META_FILES = {measure: D.source(name)["path"] for measure, name in META_SOURCES.items()}
SOURCE_ESTIMATES_FILE = D.source("economist_source_estimates")["path"]
UKMOD_FILE = D.source("economist_ukmod_monthly")["path"]
FACTS_FILE = D.source("facts")["path"]
QUOTED_FACTS = D.compiled("costs_facts")
"""The facts the chapters quote: what each counts, and the two numbers given inside another row's text."""

MEASURES = ("casualties", "deaths")
META_COLUMNS = D.columns("costs_meta_estimate")
ESTIMATE_COLUMNS = D.columns("costs_published_estimates")
UKMOD_COLUMNS = D.columns("costs_ukmod_monthly")
FACT_COLUMNS = D.columns("costs_facts")
META_VALUES = ["estimate", "ci_lower", "ci_upper", "pi_low", "pi_high"]
WARRING_PARTIES = "ignore for chart, data from warring parties"
"""The column of The Economist's source list that flags estimates by a warring party about the other side."""


# Readers of the raw files -----------------------------------------------------------------


def read_meta_estimate(path: Path, measure: str) -> pd.DataFrame:
    """One of The Economist's meta-estimate files (``meta-estimate-casualties.csv`` or ``-deaths.csv``).

    Returns one row per day, oldest first, with the columns of :data:`META_COLUMNS`. The file is
    checked against its schema (a value that is not a number, a ``type`` other than ``measure``,
    a ``country`` other than Russia, a repeated day). The last row of an upstream file is the day
    of the commit, with every value NA: it is left out. Any other missing value, a day count that
    does not match the date, an interval that does not contain the estimate, or a missing day
    raises :class:`RawDataError`, naming the file, the line and the value.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {MEASURES}, not {measure!r}")
    path = Path(path)
    table = read_table(path, D.raw_schema(META_SOURCES[measure]))
    latest = table["date"].max()
    rows = []
    for record in table.sort_values("date", kind="stable").to_dict("records"):
        day = record["date"].date()
        where = f"{path.name} line {record['_line']} ({day})"
        numbers = {c: record[c] for c in META_VALUES}
        if all(np.isnan(v) for v in numbers.values()) and record["date"] == latest:
            continue  # the commit's own day: not estimated yet
        for column, value in numbers.items():
            if not np.isfinite(value):
                raise RawDataError(f"{where}: column {column} is {'NA' if np.isnan(value) else value}, a missing value")
        days = int(record["days_since_invasion"])
        if days != (day - C.INVASION).days:
            raise RawDataError(
                f"{where}: days_since_invasion {days} does not match the date ({(day - C.INVASION).days})"
            )
        if not numbers["ci_lower"] <= numbers["estimate"] <= numbers["ci_upper"]:
            raise RawDataError(f"{where}: estimate {numbers['estimate']!r} lies outside its confidence interval")
        if not numbers["pi_low"] <= numbers["estimate"] <= numbers["pi_high"]:
            raise RawDataError(f"{where}: estimate {numbers['estimate']!r} lies outside its prediction interval")
        rows.append({"date": day, "days_since_invasion": days, "measure": measure, **numbers})
    out = pd.DataFrame(rows, columns=META_COLUMNS)
    if out.empty:
        raise RawDataError(f"{path.name}: no estimate")
    expected = (out["date"].iloc[-1] - out["date"].iloc[0]).days + 1
    if len(out) != expected:
        raise RawDataError(
            f"{path.name}: {expected - len(out)} day(s) missing between {out['date'].iloc[0]} and {out['date'].iloc[-1]}"
        )
    return out


def _bound(estimate, low, high) -> str:
    if estimate is not None:
        return "point with range" if (low is not None or high is not None) else "point"
    if low is not None and high is not None:
        return "range"
    return "at least" if low is not None else "at most"


def read_source_estimates(path: Path) -> pd.DataFrame:
    """The Economist's list of published estimates, checked against its schema (dates as D/M/YYYY,
    numbers with thousands separators) and cleaned (columns of :data:`ESTIMATE_COLUMNS`)."""
    path = Path(path)
    table = read_table(path, D.raw_schema("economist_source_estimates"))
    rows = []
    for record in table.to_dict("records"):
        day = record["date"].date()
        where = f"{path.name} line {record['_line']} ({day})"
        estimate, low, high = (
            None if np.isnan(record[c]) else record[c] for c in ("estimate", "estimate_low", "estimate_high")
        )
        if estimate is None and low is None and high is None:
            raise RawDataError(f"{where}: no estimate, estimate_low or estimate_high")
        if low is not None and high is not None and low > high:
            raise RawDataError(f"{where}: estimate_low {low:,.0f} exceeds estimate_high {high:,.0f}")
        rows.append(
            {
                "date": day,
                "country": record["country"],
                "measure": record["type"],
                "estimate": estimate,
                "estimate_low": low,
                "estimate_high": high,
                "bound": _bound(estimate, low, high),
                "source": re.sub(r"\s+", " ", record["source"]).strip(),
                "warring_party": record[WARRING_PARTIES] == "yes",
                "origin": "economist_source_estimates",
                "source_url": record["source_url"].strip(),
                "note": _url_date_note(day, record["source_url"]),
            }
        )
    return pd.DataFrame(rows, columns=ESTIMATE_COLUMNS)


def _url_date_note(day: dt.date, url: str) -> str:
    """A caveat when a row is dated more than a week after the date in its source URL (/YYYY/MM/DD/)."""
    found = re.search(r"/(20\d\d)/(\d\d)/(\d\d)/", str(url))
    if not found:
        return ""
    try:
        published = dt.date(*(int(g) for g in found.groups()))
    except ValueError:
        return ""
    if (day - published).days > 7:
        return f"dated after its source URL ({published.isoformat()}): the date may be wrong upstream"
    return ""


MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
UKMOD_NUMBERS = ["casualties (average daily losses)", "days in month", "casualties in month", "cumulative casualties"]
UKMOD_AS_OF = "date (at beginning of next month)"


def read_ukmod_monthly(path: Path) -> pd.DataFrame:
    """The UK MoD month-by-month table, checked against its schema and for consistency: each
    month follows the one above, has the calendar's days, its casualties are its daily average
    times its days, and the cumulative total adds up (columns of :data:`UKMOD_COLUMNS`)."""
    path = Path(path)
    table = read_table(path, D.raw_schema("economist_ukmod_monthly"))
    rows, previous = [], 0
    for record in table.to_dict("records"):
        first = dt.date(int(record["year"]), MONTH_NAMES.index(record["month"]) + 1, 1)
        nxt = (first + dt.timedelta(days=32)).replace(day=1)
        label = f"{first:%Y-%m}"
        where = f"{path.name} line {record['_line']} ({label})"
        average, days, month_total, cumulative = (int(record[c]) for c in UKMOD_NUMBERS)
        if days != (nxt - first).days:
            raise RawDataError(f"{where}: {days} days in month, the calendar has {(nxt - first).days}")
        if month_total != average * days:
            raise RawDataError(f"{where}: casualties in month {month_total} is not {average} x {days}")
        if cumulative != previous + month_total:
            raise RawDataError(f"{where}: cumulative casualties {cumulative} is not {previous} + {month_total}")
        if record[UKMOD_AS_OF].date() != nxt:
            raise RawDataError(f"{where}: date {record[UKMOD_AS_OF]:%d/%m/%Y} is not the first of the next month")
        if rows and first != rows[-1]["as_of"]:
            raise RawDataError(f"{where}: does not follow the month above ({rows[-1]['month']})")
        previous = cumulative
        rows.append(
            {
                "month": label,
                "as_of": nxt,
                "daily_average": average,
                "days": days,
                "casualties_in_month": month_total,
                "cumulative_casualties": cumulative,
                "source_url": record["source_url"].strip(),
            }
        )
    return pd.DataFrame(rows, columns=UKMOD_COLUMNS)


def _number(text: str, where: str) -> float:
    """A number as written in ``facts.csv`` (its values are text: the file holds facts of every kind)."""
    try:
        return float(str(text).replace(",", ""))
    except ValueError:
        raise RawDataError(f"{where}: {text!r} is not a number") from None


def read_facts(path: Path) -> pd.DataFrame:
    """The rows of ``facts.csv`` the chapters quote, with who counted, what and on what basis
    (from :data:`QUOTED_FACTS`), in its order (columns of :data:`FACT_COLUMNS`).

    Two numbers ``facts.csv`` gives inside another row's text are stated in :data:`QUOTED_FACTS`
    (its ``value`` and ``unit``) with the words they are read from (``quote``): the build checks
    that the row named in ``read_from`` still says them, in its column ``read_column``.
    """
    path = Path(path)
    table = read_table(path, D.raw_schema("facts"))
    by_key = {record["key"]: record for record in table.to_dict("records")}
    quoted = read_table(D.compiled_path("costs_facts"), QUOTED_FACTS["schema"])
    rows = []
    for meta in quoted.to_dict("records"):
        key, parent = meta["key"], meta["read_from"] or meta["key"]
        if parent not in by_key:
            needed = f" (needed for {key!r})" if parent != key else ""
            raise RawDataError(f"{path.name}: no row with key {parent!r}{needed}")
        record = by_key[parent]
        where = f"{path.name} line {record['_line']} ({parent})"
        if meta["read_from"]:
            column = meta["read_column"]
            if meta["quote"] not in record[column]:
                raise RawDataError(
                    f"{where}: column {column} {record[column]!r} no longer says {meta['quote']!r}, "
                    f"the number {key!r} is read from"
                )
            value, unit = int(meta["value"]), meta["unit"]
            note = f"read from the {column} of row {parent}: {record[column]}"
        else:
            if not record["value"]:
                raise RawDataError(f"{where}: value is missing")
            value, unit, note = _number(record["value"], f"{where} column value"), record["unit"], record["note"]
        as_of = record["as_of"].strip()
        if not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", as_of):
            raise RawDataError(f"{where}: as_of {as_of!r} is not a date")
        rows.append(
            {
                "key": key,
                "topic": meta["topic"],
                "value": int(round(value)),
                "unit": unit,
                "as_of": as_of,
                "counted_by": meta["counted_by"],
                "counts": meta["counts"],
                "basis": meta["basis"],
                "source_title": record["source_title"],
                "source_url": record["source_url"],
                "note": note,
            }
        )
    return pd.DataFrame(rows, columns=FACT_COLUMNS)


def us_estimate_row(facts: pd.DataFrame) -> dict:
    """The US estimate of 9 Nov 2022 as a row of the published-estimates table ('at least')."""
    fact = facts.set_index("key").loc["us_estimate_russian_killed_wounded"]
    return {
        "date": dt.date.fromisoformat(fact["as_of"]),
        "country": "russia",
        "measure": "casualties",
        "estimate": None,
        "estimate_low": float(fact["value"]),
        "estimate_high": None,
        "bound": "at least",
        "source": "US government (Gen. Mark Milley)",
        "warring_party": False,
        "origin": "facts",
        "source_url": fact["source_url"],
        "note": "'well over' this number; not in The Economist's list",
    }


# Build -------------------------------------------------------------------------------------


def _integers(table: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    out = table.copy()
    for column in columns:
        out[column] = pd.array(np.round(out[column].astype(float)), dtype="Int64")
    return out


def _write(table: pd.DataFrame, path: Path) -> None:
    table.to_csv(path, index=False, lineterminator="\n")


def build(raw: Path, out: Path) -> None:
    """Write the processed files of this module into out/costs/."""
    raw, out = Path(raw), Path(out)
    folder = out / "costs"
    folder.mkdir(parents=True, exist_ok=True)

    meta = pd.concat([read_meta_estimate(raw / META_FILES[m], m) for m in MEASURES], ignore_index=True)
    meta = _integers(meta, ["estimate", "ci_lower", "ci_upper", "pi_low", "pi_high"])
    meta = meta.sort_values(["measure", "date"], kind="stable")
    _write(meta[META_COLUMNS], folder / "meta_estimate.csv")

    facts = read_facts(raw / FACTS_FILE)
    estimates = read_source_estimates(raw / SOURCE_ESTIMATES_FILE)
    estimates = pd.concat(
        [estimates, pd.DataFrame([us_estimate_row(facts)], columns=ESTIMATE_COLUMNS)], ignore_index=True
    )
    estimates = _integers(estimates, ["estimate", "estimate_low", "estimate_high"])
    estimates = estimates.sort_values(["date", "country", "measure", "source", "origin"], kind="stable")
    _write(estimates[ESTIMATE_COLUMNS], folder / "published_estimates.csv")

    _write(read_ukmod_monthly(raw / UKMOD_FILE), folder / "ukmod_monthly.csv")
    _write(facts, folder / "facts.csv")
