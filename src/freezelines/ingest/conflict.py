"""``data/conflict/``: the ceasefire record in Donbas, 2014-2022, from the raw files in ``conflict/``.

Three independent records of the war before the full-scale invasion, and the list of
ceasefires that were meant to stop it:

* **UCDP GED 23.1** (Uppsala Conflict Data Program, Georeferenced Event Dataset): one row per
  fatal event of *state-based* violence (a government against an organised armed group).
  The Ukraine extract used here holds no one-sided or non-state events, so for example the
  2 May 2014 fire in Odesa (a non-state event in GED 22.1) is not counted. The MH17 shoot-down
  of 17 July 2014 (298 dead) *is* in it, coded as an event of the Government of Ukraine - DPR
  dyad with 298 civilian deaths. Only the three Donbas conflicts are kept (13246 Donetsk,
  13247 Lugansk, 13306 Novorossiya); the Maidan events of early 2014 are left out.
* **OHCHR** (UN Human Rights Monitoring Mission in Ukraine): verified civilian deaths per year.
* **OSCE SMM** (Special Monitoring Mission): ceasefire violations recorded by monitors
  (explosions, bursts and shots), which are not casualties and depend on where monitors were.

Each reader raises :class:`~freezelines.ingest.sources.RawDataError` naming the file, the line
and the value at fault; :func:`build` writes ``data/conflict/``. The model reads the processed
files back (:mod:`freezelines.conflict`); the charts are in :mod:`freezelines.conflict_figures`.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from .sources import RawDataError

TOPIC = "conflict"
GED231_FILE = "conflict/ucdp_ged231_ukraine_2014-01_2022-02.csv"
GED221_FILE = "conflict/ucdp_ged221_ukraine_2014-2021.csv"
UCDP_MONTHLY_FILE = "conflict/ucdp_ged_donbas_monthly_2014-04_2022-02.csv"
OHCHR_FILE = "conflict/ohchr_donbas_casualties_2014_2021.csv"
OSCE_FILE = "conflict/osce_smm_ceasefire_violations.csv"
CEASEFIRES_FILE = "conflict/ceasefires_2014_2022.csv"

DONBAS_CONFLICTS = {"13246": "Ukraine: Donetsk", "13247": "Ukraine: Lugansk", "13306": "Ukraine: Novorossiya"}
"""UCDP conflict ids of the Donbas war (the Maidan conflict, 13219, is left out)."""
FIRST_MONTH = "2014-04"
LAST_MONTH = "2022-02"
WINDOWS = (30, 90)
"""Days before and after each ceasefire compared in ``ceasefire_windows.csv``."""

UCDP_ATTRIBUTION = (
    "Uppsala Conflict Data Program, Georeferenced Event Dataset; Davies, Pettersson & Öberg (2023), "
    "Journal of Peace Research 60(4); Sundberg & Melander (2013), Journal of Peace Research 50(4); "
    "Ukraine extract from peacerep/ukraine-map (PeaceRep, University of Edinburgh)"
)

SOURCES: dict[str, dict] = {
    "ucdp_ged231_ukraine": {
        "title": "UCDP GED 23.1, Ukraine events 2014-01-22 to 2022-02-23 (peacerep/ukraine-map, commit f0821cc)",
        "path": GED231_FILE,
        "licence": "CC-BY-4.0",
        "attribution": UCDP_ATTRIBUTION,
    },
    "ucdp_ged221_ukraine": {
        "title": "UCDP GED 22.1, Ukraine events 2014-2021 (peacerep/ukraine-map, commit ffe58b8), version cross-check",
        "path": GED221_FILE,
        "licence": "CC-BY-4.0",
        "attribution": "Uppsala Conflict Data Program; Davies, Pettersson & Öberg (2022), Journal of Peace Research 59(4); "
        "Sundberg & Melander (2013)",
    },
    "ucdp_donbas_monthly": {
        "title": "UCDP GED Donbas monthly totals 2014-04 to 2022-02 (derived for this project; used as a check only)",
        "path": UCDP_MONTHLY_FILE,
        "licence": "CC-BY-4.0",
        "attribution": "derived from UCDP GED 23.1 and 22.1 (as above)",
    },
    "ohchr_casualties": {
        "title": "OHCHR/HRMMU conflict-related deaths in Donbas, 14 Apr 2014 - 31 Dec 2021 (compiled, with per-row citations)",
        "path": OHCHR_FILE,
        "licence": "facts with citations (UN publications are not republished)",
        "attribution": "OHCHR / UN Human Rights Monitoring Mission in Ukraine, Conflict-related civilian casualties in "
        "Ukraine (as of 31 December 2021, rev. 27 January 2022)",
    },
    "osce_violations": {
        "title": "OSCE SMM ceasefire-violation counts from daily reports and summaries (compiled, with per-row URLs)",
        "path": OSCE_FILE,
        "licence": "facts with citations",
        "attribution": "OSCE Special Monitoring Mission to Ukraine, daily reports (via ReliefWeb and osce.org)",
    },
    "ceasefires": {
        "title": "Ceasefires and agreements in Donbas, 2014-2020 (compiled, with per-row citations)",
        "path": CEASEFIRES_FILE,
        "licence": "dates and short descriptions with citations",
        "attribution": "PA-X Peace Agreements Database (Bell & Badanjak 2019), OSCE, Interfax-Ukraine and the news "
        "sources named per row",
    },
}
"""Raw inputs: name -> {title, path (relative to shared/data/raw), licence, attribution}."""


def _field(name, kind, description, **constraints):
    out = {"name": name, "type": kind, "description": description}
    if constraints:
        out["constraints"] = constraints
    return out


METHOD_UCDP = (
    "UCDP GED 23.1 Ukraine extract; events of the three Donbas conflicts (13246, 13247, 13306) only, the Maidan "
    "conflict 13219 left out. All events are state-based violence (type 1): no one-sided or non-state events. "
    "MH17 (17 Jul 2014, 298 civilian deaths) is in the extract as a Government of Ukraine - DPR event and is "
    "counted. Events are assigned to the month of date_start, as in the UCDP monthly check file; "
    "deaths_best_spread instead spreads each event's best estimate evenly over the days from date_start to "
    "date_end (36 events span more than a month). Counts as published: in two events the low estimate exceeds the best."
)

RESOURCES: list[dict] = [
    {
        "name": "conflict_ucdp_events",
        "path": "conflict/ucdp_events.csv",
        "title": "UCDP GED 23.1 fatal events of the Donbas war, April 2014 - 23 February 2022",
        "inputs": ["ucdp_ged231_ukraine", "ucdp_ged221_ukraine"],
        "method": METHOD_UCDP + " Columns kept as published, text fields with runs of white space collapsed; "
        "in_ged221 says whether the event id is also in GED 22.1.",
        "schema": {
            "fields": [
                _field("id", "integer", "UCDP event id", required=True, unique=True),
                _field("date_start", "date", "first day of the event", required=True),
                _field("date_end", "date", "last day of the event", required=True),
                _field("date_prec", "integer", "UCDP date precision: 1 exact day ... 5 more than a month", minimum=1, maximum=5),
                _field("days", "integer", "days from date_start to date_end, inclusive", minimum=1),
                _field("conflict_id", "integer", "UCDP conflict id", enum=[13246, 13247, 13306]),
                _field("conflict_name", "string", "UCDP conflict name"),
                _field("dyad_name", "string", "the two sides"),
                _field("adm_1", "string", "oblast as UCDP names it"),
                _field("where_description", "string", "place, as UCDP describes it"),
                _field("where_prec", "integer", "UCDP location precision (1 exact ... 7)", minimum=1, maximum=7),
                _field("latitude", "number", "latitude (WGS84)"),
                _field("longitude", "number", "longitude (WGS84)"),
                _field("deaths_a", "integer", "deaths of side A (Government of Ukraine)", minimum=0),
                _field("deaths_b", "integer", "deaths of side B (DPR, LPR or Novorossiya forces)", minimum=0),
                _field("deaths_civilians", "integer", "civilian deaths", minimum=0),
                _field("deaths_unknown", "integer", "deaths of unknown status", minimum=0),
                _field("best", "integer", "best estimate of deaths", minimum=0),
                _field("low", "integer", "low estimate", minimum=0),
                _field("high", "integer", "high estimate", minimum=0),
                _field("in_ged221", "boolean", "the event id is also in GED 22.1"),
            ],
            "primaryKey": ["id"],
        },
    },
    {
        "name": "conflict_ucdp_monthly",
        "path": "conflict/ucdp_monthly.csv",
        "title": "Deaths per month in the Donbas war recorded by UCDP (GED 23.1, with GED 22.1 for comparison)",
        "inputs": ["ucdp_ged231_ukraine", "ucdp_ged221_ukraine"],
        "method": METHOD_UCDP + " Every month from 2014-04 to 2022-02 is present (zero if no event).",
        "schema": {
            "fields": [
                _field("month", "yearmonth", "calendar month", required=True, unique=True),
                _field("events", "integer", "events starting in the month", minimum=0),
                _field("lethal_events", "integer", "of which with a best estimate of at least one death", minimum=0),
                _field("deaths_best", "integer", "sum of best estimates", minimum=0),
                _field("deaths_low", "integer", "sum of low estimates", minimum=0),
                _field("deaths_high", "integer", "sum of high estimates", minimum=0),
                _field("deaths_civilians", "integer", "sum of civilian deaths (part of best)", minimum=0),
                _field("deaths_best_spread", "number", "best estimates spread evenly over each event's days", minimum=0),
                _field("events_ged221", "integer", "events in GED 22.1 (empty after 2021-12, the end of 22.1)"),
                _field("deaths_best_ged221", "integer", "sum of best estimates in GED 22.1 (empty after 2021-12)"),
            ],
            "primaryKey": ["month"],
        },
    },
    {
        "name": "conflict_ceasefires",
        "path": "conflict/ceasefires.csv",
        "title": "Ceasefires and agreements in Donbas, 2014-2020",
        "inputs": ["ceasefires"],
        "method": "The compiled list as staged. date_marked is the date the ceasefire took effect, or the date "
        "agreed where no start date is given (Paris summit, 9 Dec 2019). group: the Minsk agreements (PA-X 1362-1364), "
        "the Normandy summit (PA-X 2260) or a Trilateral Contact Group ceasefire. source_caveat flags rows whose source "
        "is a Russian state or pro-Russian outlet, by the domain of source_url.",
        "schema": {
            "fields": [
                _field("ceasefire_id", "string", "cf-<date_marked>", required=True, unique=True),
                _field("date_agreed", "date", "date agreed (empty if not given)"),
                _field("date_effective", "date", "date the ceasefire took effect (empty if not given)"),
                _field("date_marked", "date", "date_effective, else date_agreed", required=True),
                _field("date_basis", "string", "which date date_marked is", enum=["effective", "agreed"]),
                _field("name", "string", "name"),
                _field("short_name", "string", "short label for charts"),
                _field("group", "string", "kind of agreement",
                       enum=["Minsk agreements", "Contact Group ceasefire", "Normandy summit"]),
                _field("format", "string", "who agreed it"),
                _field("description", "string", "what was agreed"),
                _field("source_title", "string", "source"),
                _field("source_url", "string", "URL of the stored copy read"),
                _field("corroborating_url", "string", "a second source, if found"),
                _field("source_caveat", "string", "empty, or why the source needs care"),
                _field("note", "string", "note from the compiled list"),
            ],
            "primaryKey": ["ceasefire_id"],
        },
    },
    {
        "name": "conflict_ceasefire_windows",
        "path": "conflict/ceasefire_windows.csv",
        "title": "UCDP deaths in the 30 and 90 days before and after each ceasefire, and the first fatal event after it",
        "inputs": ["ucdp_ged231_ukraine", "ceasefires"],
        "method": "Daily deaths: each Donbas event's best estimate spread evenly over its days. Before: the w days "
        "ending the day before date_marked; after: the w days starting on date_marked (w = 30, 90). The first "
        "lethal event is the earliest exactly dated (date_prec 1) event with a best estimate of at least one death "
        "on or after date_marked (the same day counts: the event may precede the ceasefire's hour). Windows of "
        "nearby ceasefires overlap.",
        "schema": {
            "fields": [
                _field("ceasefire_id", "string", "see ceasefires.csv", required=True, unique=True),
                _field("short_name", "string", "short label"),
                _field("date_marked", "date", "the ceasefire's date"),
                _field("deaths_30d_before", "number", "best-estimate deaths, 30 days before", minimum=0),
                _field("deaths_30d_after", "number", "best-estimate deaths, 30 days from the date", minimum=0),
                _field("deaths_90d_before", "number", "best-estimate deaths, 90 days before", minimum=0),
                _field("deaths_90d_after", "number", "best-estimate deaths, 90 days from the date", minimum=0),
                _field("lethal_days_90d_after", "integer", "days with an exactly dated lethal event in the 90 days from the date", minimum=0),
                _field("first_lethal_event_date", "date", "first exactly dated lethal event on or after the date"),
                _field("days_to_first_lethal_event", "integer", "days from the date to that event (0: same day)", minimum=0),
                _field("first_lethal_event_deaths", "integer", "best-estimate deaths in exactly dated events that day", minimum=1),
            ],
            "primaryKey": ["ceasefire_id"],
        },
    },
    {
        "name": "conflict_ohchr_yearly",
        "path": "conflict/ohchr_yearly.csv",
        "title": "Civilians killed in the Donbas war per year, OHCHR (2014-2021)",
        "inputs": ["ohchr_casualties"],
        "method": "The civilians_killed_year rows of the compiled OHCHR file. 2014 runs from 14 April and includes the "
        "298 people killed on MH17. verification says how each figure was checked (see the raw PROVENANCE.md): only "
        "2021 was found on its own in a stored copy of the report; 2014-2018 fit every verified subtotal.",
        "schema": {
            "fields": [
                _field("year", "year", "calendar year", required=True, unique=True),
                _field("period_start", "date", "first day counted"),
                _field("period_end", "date", "last day counted"),
                _field("civilians_killed", "integer", "civilians killed", minimum=0),
                _field("includes_mh17", "boolean", "the figure includes the 298 killed on MH17"),
                _field("verification", "string", "how the figure was checked",
                       enum=["verified", "consistent", "derived", "sum_verified_only", "sum_consistent_only"]),
                _field("source_url", "string", "the OHCHR document"),
                _field("note", "string", "what was found where"),
            ],
            "primaryKey": ["year"],
        },
    },
    {
        "name": "conflict_ohchr_totals",
        "path": "conflict/ohchr_totals.csv",
        "title": "OHCHR totals for the Donbas war, 14 April 2014 - 31 December 2021, and figures reported at the time",
        "inputs": ["ohchr_casualties"],
        "method": "Every row of the compiled OHCHR file that is not a yearly civilian figure, as staged.",
        "schema": {
            "fields": [
                _field("metric", "string", "what is counted", required=True),
                _field("period_start", "date", "first day counted"),
                _field("period_end", "date", "last day counted", required=True),
                _field("value", "integer", "the figure (empty when a range is given)"),
                _field("value_low", "integer", "low end of a range"),
                _field("value_high", "integer", "high end of a range"),
                _field("unit", "string", "unit"),
                _field("verification", "string", "how the figure was checked"),
                _field("source_url", "string", "source"),
                _field("note", "string", "note"),
            ],
            "primaryKey": ["metric", "period_end"],
        },
    },
    {
        "name": "conflict_osce_daily",
        "path": "conflict/osce_daily.csv",
        "title": "Ceasefire violations recorded by the OSCE SMM in single reporting periods, 2021 and February 2022",
        "inputs": ["osce_violations"],
        "method": "The daily-report rows of the compiled OSCE file: 24-hour periods to 19:30 on `date` (kind "
        "'reported'), periods quoted as the previous period in the next report ('quoted_in_next_report'), and one "
        "48-hour weekend figure ('weekend_48h', Donetsk only). Violations are explosions, bursts and shots the "
        "monitors recorded; they are not casualties and depend on where monitors could go.",
        "schema": {
            "fields": [
                _field("date", "date", "last day of the period (reports cover 24 hours to 19:30)", required=True),
                _field("period_hours", "integer", "length of the period in hours", enum=[24, 48]),
                _field("region", "string", "oblast", required=True, enum=["Donetsk", "Luhansk"]),
                _field("ceasefire_violations", "integer", "violations recorded", minimum=0),
                _field("explosions", "integer", "of which explosions (empty if not given)", minimum=0),
                _field("report", "string", "SMM report"),
                _field("kind", "string", "how the figure was reported",
                       enum=["reported", "quoted_in_next_report", "weekend_48h"]),
                _field("source_url", "string", "stored copy read"),
            ],
            "primaryKey": ["date", "region", "period_hours"],
        },
    },
    {
        "name": "conflict_osce_periods",
        "path": "conflict/osce_periods.csv",
        "title": "Ceasefire violations recorded by the OSCE SMM over longer periods (cumulative and fortnightly figures)",
        "inputs": ["osce_violations"],
        "method": "The cumulative rows (since the measures of 27 Jul 2020) and the period totals of the compiled OSCE "
        "file. days counts both ends; per_day = violations / days. Period totals come from secondary summaries (blog "
        "or agency) and are less reliable.",
        "schema": {
            "fields": [
                _field("period_start", "date", "first day", required=True),
                _field("period_end", "date", "last day", required=True),
                _field("days", "integer", "days in the period", minimum=1),
                _field("violations", "integer", "violations recorded (a floor where the source says 'at least')", minimum=0),
                _field("explosions", "integer", "of which explosions, if given", minimum=0),
                _field("per_day", "number", "violations per day", minimum=0),
                _field("kind", "string", "cumulative since the July 2020 measures, or a period total",
                       enum=["cumulative_since_measures", "period_total"]),
                _field("confidence", "string", "how directly the figure comes from the SMM"),
                _field("source_url", "string", "source"),
                _field("note", "string", "note"),
            ],
            "primaryKey": ["period_start", "period_end"],
        },
    },
]
"""Frictionless resource specs (as in freezelines.provenance.RESOURCES), paths relative to data/."""


# Readers of the raw files ----------------------------------------------------------------

GED_COLUMNS = [
    "id", "type_of_violence", "conflict_new_id", "conflict_name", "dyad_name", "side_a", "side_b", "date_prec",
    "date_start", "date_end", "where_prec", "where_description", "adm_1", "latitude", "longitude", "deaths_a",
    "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high",
]
CEASEFIRE_COLUMNS = [
    "date_agreed", "date_effective", "name", "format", "description", "source_title", "source_url",
    "corroborating_url", "note",
]
OHCHR_COLUMNS = [
    "metric", "period_start", "period_end", "value", "value_low", "value_high", "unit", "includes_mh17",
    "verification", "source_title", "source_url", "note",
]
OSCE_COLUMNS = [
    "report", "issued", "period_end", "period_hours", "region", "ceasefire_violations", "explosions", "kind",
    "source_url", "note",
]
UCDP_MONTHLY_COLUMNS = ["month", "events_ged231", "best_ged231", "low_ged231", "high_ged231", "deaths_civilians_ged231"]

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T00:00:00)?$")
"""A day; GED 22.1 writes midnight timestamps (``2014-01-22T00:00:00``), which are read as the day."""
_MONTH = re.compile(r"^\d{4}-\d{2}$")
_INT = re.compile(r"^\d+$")
_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def read_table(path: Path, required: Sequence[str]) -> pd.DataFrame:
    """A CSV file as strings, with the line each record starts on in ``_line``.

    Quoted fields may hold line breaks (the UCDP files do), so records are read with
    :mod:`csv` and numbered by the physical line they start on. A missing file, a missing
    column or a record with the wrong number of fields raises :class:`RawDataError`.
    """
    path = Path(path)
    if not path.is_file():
        raise RawDataError(f"{path}: raw file not found")
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if not header:
                raise RawDataError(f"{path.name}: the file is empty (no header line)")
            header[0] = header[0].lstrip("\ufeff")
            missing = [column for column in required if column not in header]
            if missing:
                raise RawDataError(
                    f"{path.name} line 1: column {', '.join(repr(c) for c in missing)} missing from the header "
                    f"({len(header)} columns: {', '.join(header[:8])}{', ...' if len(header) > 8 else ''})"
                )
            start = reader.line_num + 1
            for record in reader:
                if record:
                    if len(record) != len(header):
                        raise RawDataError(
                            f"{path.name} line {start}: {len(record)} fields where the header has {len(header)}"
                        )
                    rows.append(record)
                    lines.append(start)
                start = reader.line_num + 1
    except UnicodeDecodeError as exc:
        raise RawDataError(f"{path.name}: not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except csv.Error as exc:
        raise RawDataError(f"{path.name} line {start}: unreadable CSV ({exc})") from exc
    table = pd.DataFrame(rows, columns=header, dtype=object)
    table["_line"] = lines
    return table


def _where(table: pd.DataFrame, index, name: str) -> str:
    return f"{name} line {table.at[index, '_line']}"


def _parse(table: pd.DataFrame, column: str, name: str, kind: str, *, required: bool = True) -> pd.Series:
    """Parse one column: 'date', 'month', 'int' (non-negative) or 'number'; empty cells are
    missing values unless ``required``. The first bad value raises :class:`RawDataError`."""
    pattern = {"date": _DATE, "month": _MONTH, "int": _INT, "number": _NUMBER}[kind]
    words = {"date": "a YYYY-MM-DD date", "month": "a YYYY-MM month", "int": "a whole number of 0 or more",
             "number": "a number"}[kind]
    values = table[column].astype(str).str.strip()
    for index, value in values.items():
        if value == "":
            if required:
                raise RawDataError(f"{_where(table, index, name)}, column {column!r}: empty, but a value is required")
            continue
        if not pattern.match(value):
            raise RawDataError(f"{_where(table, index, name)}, column {column!r}: {value!r} is not {words}")
        if kind in ("date", "month"):
            try:
                dt.date.fromisoformat(value[:10] if kind == "date" else value + "-01")
            except ValueError:
                raise RawDataError(f"{_where(table, index, name)}, column {column!r}: {value!r} is not a valid date") from None
    if kind == "date":
        return pd.to_datetime(values.str[:10].where(values != ""), format="%Y-%m-%d")
    if kind == "month":
        return values.where(values != "")
    if kind == "int":
        return pd.to_numeric(values.where(values != "")).astype("Int64")
    return pd.to_numeric(values.where(values != "")).astype(float)


def read_ged(path: Path) -> pd.DataFrame:
    """A UCDP GED extract: typed columns, checked (dates, counts, best = sum of the parts)."""
    path = Path(path)
    table = read_table(path, GED_COLUMNS)
    name = path.name
    if table["id"].duplicated().any():
        index = table.index[table["id"].duplicated()][0]
        raise RawDataError(f"{_where(table, index, name)}, column 'id': event {table.at[index, 'id']!r} appears twice")
    out = pd.DataFrame({"_line": table["_line"]})
    for column in ("id", "type_of_violence", "conflict_new_id", "date_prec", "where_prec"):
        out[column] = _parse(table, column, name, "int")
    for column in ("date_start", "date_end"):
        out[column] = _parse(table, column, name, "date")
    for column in ("deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown", "best", "low", "high"):
        out[column] = _parse(table, column, name, "int")
    for column in ("latitude", "longitude"):
        out[column] = _parse(table, column, name, "number", required=False)
    for column in ("conflict_name", "dyad_name", "side_a", "side_b", "where_description", "adm_1"):
        out[column] = table[column].astype(str).str.split().str.join(" ")
    backwards = out["date_end"] < out["date_start"]
    if backwards.any():
        index = out.index[backwards][0]
        raise RawDataError(
            f"{_where(table, index, name)}: date_end {out.at[index, 'date_end']:%Y-%m-%d} is before "
            f"date_start {out.at[index, 'date_start']:%Y-%m-%d} (event {out.at[index, 'id']})"
        )
    parts = out[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]].sum(axis=1)
    wrong = parts != out["best"]
    if wrong.any():
        index = out.index[wrong][0]
        raise RawDataError(
            f"{_where(table, index, name)}, column 'best': {out.at[index, 'best']} is not the sum of the deaths "
            f"by side ({parts[index]}) for event {out.at[index, 'id']}"
        )
    return out


def donbas_events(ged: pd.DataFrame) -> pd.DataFrame:
    """The events of the three Donbas conflicts, with the number of days each spans."""
    events = ged[ged["conflict_new_id"].isin([int(k) for k in DONBAS_CONFLICTS])].copy()
    events["days"] = (events["date_end"] - events["date_start"]).dt.days + 1
    return events.sort_values(["date_start", "id"], kind="stable").reset_index(drop=True)


def read_ceasefires(path: Path) -> pd.DataFrame:
    """The compiled list of ceasefires: dates parsed, each row with at least one date, in order."""
    path = Path(path)
    table = read_table(path, CEASEFIRE_COLUMNS)
    name = path.name
    out = table.drop(columns=["date_agreed", "date_effective"]).copy()
    out["date_agreed"] = _parse(table, "date_agreed", name, "date", required=False)
    out["date_effective"] = _parse(table, "date_effective", name, "date", required=False)
    for index in out.index:
        agreed, effective = out.at[index, "date_agreed"], out.at[index, "date_effective"]
        if pd.isna(agreed) and pd.isna(effective):
            raise RawDataError(f"{_where(table, index, name)}: neither date_agreed nor date_effective is given")
        if pd.notna(agreed) and pd.notna(effective) and effective < agreed:
            raise RawDataError(
                f"{_where(table, index, name)}, column 'date_effective': {effective:%Y-%m-%d} is before the date "
                f"agreed ({agreed:%Y-%m-%d})"
            )
        if not str(out.at[index, "name"]).strip():
            raise RawDataError(f"{_where(table, index, name)}, column 'name': empty")
    return out


def read_ohchr(path: Path) -> pd.DataFrame:
    """The compiled OHCHR figures, with typed dates and values (a value or a low-high range per row)."""
    path = Path(path)
    table = read_table(path, OHCHR_COLUMNS)
    name = path.name
    out = table.copy()
    out["period_start"] = _parse(table, "period_start", name, "date", required=False)
    out["period_end"] = _parse(table, "period_end", name, "date")
    for column in ("value", "value_low", "value_high"):
        out[column] = _parse(table, column, name, "int", required=False)
    for index in out.index:
        if pd.isna(out.at[index, "value"]) and (pd.isna(out.at[index, "value_low"]) or pd.isna(out.at[index, "value_high"])):
            raise RawDataError(f"{_where(table, index, name)}: neither a value nor a low-high range for {out.at[index, 'metric']!r}")
    return out


def read_osce(path: Path) -> pd.DataFrame:
    """The compiled OSCE SMM counts, typed and checked."""
    path = Path(path)
    table = read_table(path, OSCE_COLUMNS)
    name = path.name
    out = table.copy()
    out["period_end"] = _parse(table, "period_end", name, "date")
    out["issued"] = _parse(table, "issued", name, "date", required=False)
    out["period_hours"] = _parse(table, "period_hours", name, "int", required=False)
    out["ceasefire_violations"] = _parse(table, "ceasefire_violations", name, "int")
    out["explosions"] = _parse(table, "explosions", name, "int", required=False)
    regions = {"Donetsk", "Luhansk", "Donetsk+Luhansk"}
    for index, region in out["region"].items():
        if region not in regions:
            raise RawDataError(f"{_where(table, index, name)}, column 'region': {region!r} is not one of {sorted(regions)}")
    return out


def read_ucdp_monthly(path: Path) -> pd.DataFrame:
    """The derived UCDP monthly check file (GED 23.1 columns), typed."""
    path = Path(path)
    table = read_table(path, UCDP_MONTHLY_COLUMNS)
    name = path.name
    out = pd.DataFrame({"month": _parse(table, "month", name, "month")})
    for column in UCDP_MONTHLY_COLUMNS[1:]:
        out[column] = _parse(table, column, name, "int")
    return out



# Build steps ---------------------------------------------------------------------------


def months(first: str = FIRST_MONTH, last: str = LAST_MONTH) -> list[str]:
    return [p.strftime("%Y-%m") for p in pd.period_range(first, last, freq="M")]


def daily_deaths(events: pd.DataFrame, column: str = "best") -> pd.Series:
    """Deaths per day: each event's estimate spread evenly over the days it spans."""
    spans = events["days"].to_numpy()
    starts = events["date_start"].to_numpy().astype("datetime64[D]")
    offsets = np.concatenate([np.arange(n) for n in spans]) if len(spans) else np.array([], dtype=int)
    days = np.repeat(starts, spans) + offsets.astype("timedelta64[D]")
    values = np.repeat(events[column].to_numpy(dtype=float) / spans, spans)
    series = pd.Series(values, index=pd.DatetimeIndex(days)).groupby(level=0).sum()
    full = pd.date_range(series.index.min(), series.index.max(), freq="D")
    return series.reindex(full, fill_value=0.0)


def monthly_table(events: pd.DataFrame, events_221: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per month from April 2014 to February 2022 (events assigned to their start month)."""
    index = months()
    month = events["date_start"].dt.strftime("%Y-%m")
    grouped = events.groupby(month)
    table = pd.DataFrame(
        {
            "events": grouped.size(),
            "lethal_events": grouped["best"].apply(lambda s: int((s >= 1).sum())),
            "deaths_best": grouped["best"].sum(),
            "deaths_low": grouped["low"].sum(),
            "deaths_high": grouped["high"].sum(),
            "deaths_civilians": grouped["deaths_civilians"].sum(),
        }
    ).reindex(index, fill_value=0)
    spread = daily_deaths(events)
    table["deaths_best_spread"] = spread.groupby(spread.index.strftime("%Y-%m")).sum().reindex(index, fill_value=0.0).round(1)
    if events_221 is not None:
        month_221 = events_221["date_start"].dt.strftime("%Y-%m")
        last_221 = events_221["date_start"].max().strftime("%Y-%m")
        counted = [m for m in index if m <= last_221]
        table["events_ged221"] = events_221.groupby(month_221).size().reindex(counted, fill_value=0).reindex(index).astype("Int64")
        table["deaths_best_ged221"] = (
            events_221.groupby(month_221)["best"].sum().reindex(counted, fill_value=0).reindex(index).astype("Int64")
        )
    table.index.name = "month"
    for column in ("events", "lethal_events", "deaths_best", "deaths_low", "deaths_high", "deaths_civilians"):
        table[column] = table[column].astype(int)
    return table.reset_index()


RUSSIAN_SOURCES = {
    "sputnikglobe.com": "Russian state outlet (Sputnik)",
    "russiaeu.ru": "Russian government (Mission to the EU)",
    "nrt24.ru": "Russian outlet",
    "novorossiia.ru": "pro-Russian outlet",
    "freenews-en.tk": "relays TASS statements",
}
"""Domains whose rows the book flags: the date is probably right, the framing is a party's."""


SHORT_NAMES = [
    (r"Minsk Protocol", "Minsk I"),
    (r"\(Minsk II\)", "Minsk II"),
    (r"Minsk Memorandum", "Minsk Memorandum"),
    (r"School-year", "School year {year}"),
    (r"Easter", "Easter {year}"),
    (r"Harvest", "Harvest {year}"),
    (r"New Year", "New Year {year}"),
    (r"[Rr]ecommitment July", "Recommitment {year}"),
    (r"Normandy Summit", "Paris summit {year}"),
    (r"Measures to strengthen", "July {year} measures"),
]
"""Chart labels: the first pattern found in a ceasefire's name gives its label (else the name)."""


def _short_name(name: str, year: int) -> str:
    for pattern, label in SHORT_NAMES:
        if re.search(pattern, name):
            return label.format(year=year)
    return name


def _group(row) -> str:
    title = str(row["source_title"])
    if "PA-X" in title and "2260" in title:
        return "Normandy summit"
    if "PA-X" in title:
        return "Minsk agreements"
    return "Contact Group ceasefire"


def ceasefire_table(raw_ceasefires: pd.DataFrame) -> pd.DataFrame:
    """The ceasefires in date order, with the date the book marks, a short name, a group and a caveat."""
    table = raw_ceasefires.copy()
    table["date_marked"] = table["date_effective"].fillna(table["date_agreed"])
    table["date_basis"] = np.where(table["date_effective"].notna(), "effective", "agreed")
    table["short_name"] = [_short_name(n, d.year) for n, d in zip(table["name"], table["date_marked"])]
    table["group"] = table.apply(_group, axis=1)
    table["source_caveat"] = table["source_url"].map(
        lambda url: RUSSIAN_SOURCES.get(urlparse(str(url)).netloc.removeprefix("www."), "")
    )
    table["ceasefire_id"] = "cf-" + table["date_marked"].dt.strftime("%Y-%m-%d")
    if table["ceasefire_id"].duplicated().any():
        raise RawDataError(f"{CEASEFIRES_FILE}: two ceasefires on {table.loc[table['ceasefire_id'].duplicated(), 'ceasefire_id'].iloc[0]}")
    table = table.sort_values("date_marked", kind="stable").reset_index(drop=True)
    columns = [r["name"] for r in _resource("conflict_ceasefires")["schema"]["fields"]]
    return table[columns]


def ceasefire_windows(ceasefires: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """Deaths before and after each ceasefire, and the first exactly dated fatal event after it."""
    daily = daily_deaths(events)
    exact = events[(events["date_prec"] == 1) & (events["best"] >= 1)]
    exact_days = exact.groupby("date_start")["best"].sum()
    rows = []
    for _, cf in ceasefires.iterrows():
        day = cf["date_marked"]
        row = {"ceasefire_id": cf["ceasefire_id"], "short_name": cf["short_name"], "date_marked": day}
        for window in WINDOWS:
            before = daily[day - pd.Timedelta(days=window): day - pd.Timedelta(days=1)].sum()
            after = daily[day: day + pd.Timedelta(days=window - 1)].sum()
            row[f"deaths_{window}d_before"] = round(float(before), 1)
            row[f"deaths_{window}d_after"] = round(float(after), 1)
        after_days = exact_days[(exact_days.index >= day) & (exact_days.index < day + pd.Timedelta(days=90))]
        row["lethal_days_90d_after"] = int(len(after_days))
        later = exact_days[exact_days.index >= day]
        if later.empty:  # no exactly dated fatal event after this date in the extract
            row.update(first_lethal_event_date=pd.NaT, days_to_first_lethal_event=pd.NA, first_lethal_event_deaths=pd.NA)
        else:
            row["first_lethal_event_date"] = later.index[0]
            row["days_to_first_lethal_event"] = int((later.index[0] - day).days)
            row["first_lethal_event_deaths"] = int(later.iloc[0])
        rows.append(row)
    return pd.DataFrame(rows)


def ohchr_tables(ohchr: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(yearly civilian deaths, every other figure)."""
    yearly = ohchr[ohchr["metric"] == "civilians_killed_year"].copy()
    yearly["year"] = yearly["period_start"].dt.year
    if yearly["year"].duplicated().any():
        raise RawDataError(f"{OHCHR_FILE}: two civilians_killed_year rows for {yearly.loc[yearly['year'].duplicated(), 'year'].iloc[0]}")
    yearly["civilians_killed"] = yearly["value"].astype(int)
    yearly["includes_mh17"] = yearly["includes_mh17"].str.lower().str.startswith(("yes", "includes"))
    yearly = yearly.sort_values("year")[
        ["year", "period_start", "period_end", "civilians_killed", "includes_mh17", "verification", "source_url", "note"]
    ]
    others = ohchr[ohchr["metric"] != "civilians_killed_year"].sort_values(["metric", "period_end"], kind="stable")
    others = others[["metric", "period_start", "period_end", "value", "value_low", "value_high", "unit", "verification", "source_url", "note"]]
    return yearly.reset_index(drop=True), others.reset_index(drop=True)


def osce_tables(osce: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(single reporting periods by oblast, longer periods)."""
    kinds = {"daily_report": "reported", "daily_report_previous_period": "quoted_in_next_report", "weekend_report": "weekend_48h"}
    daily = osce[osce["kind"].isin(kinds)].copy()
    daily["kind"] = daily["kind"].map(kinds)
    daily["date"] = daily["period_end"]
    daily["report"] = daily["report"].str.replace(r"\s*\(previous.*\)$", "", regex=True)
    daily = daily.sort_values(["date", "region", "period_hours"], kind="stable")[
        ["date", "period_hours", "region", "ceasefire_violations", "explosions", "report", "kind", "source_url"]
    ]
    rest = osce[~osce["kind"].isin(kinds)].copy()
    starts = rest["kind"].str.extract(r"(\d{4}-\d{2}-\d{2})$")[0]
    unknown = starts.isna()
    if unknown.any():
        index = rest.index[unknown][0]
        raise RawDataError(f"{OSCE_FILE} line {rest.at[index, '_line']}, column 'kind': {rest.at[index, 'kind']!r} is not a known kind")
    rest["period_start"] = pd.to_datetime(starts, format="%Y-%m-%d")
    rest["days"] = (rest["period_end"] - rest["period_start"]).dt.days + 1
    rest["violations"] = rest["ceasefire_violations"]
    rest["per_day"] = (rest["violations"] / rest["days"]).astype(float).round(1)
    cumulative = rest["kind"].str.startswith("cumulative")
    rest["kind"] = np.where(cumulative, "cumulative_since_measures", "period_total")
    rest["confidence"] = np.where(
        cumulative, "SMM figure quoted by a news agency or NGO", "secondary summary (blog or agency); lower confidence"
    )
    rest = rest.sort_values(["period_start", "period_end"], kind="stable")[
        ["period_start", "period_end", "days", "violations", "explosions", "per_day", "kind", "confidence", "source_url", "note"]
    ]
    return daily.reset_index(drop=True), rest.reset_index(drop=True)


def _resource(name: str) -> dict:
    return next(r for r in RESOURCES if r["name"] == name)


def _write(table: pd.DataFrame, out: Path, name: str) -> None:
    """Write one resource: its schema's columns in order, dates as YYYY-MM-DD, numbers rounded
    (coordinates to 5 decimals, about a metre; everything else to 1)."""
    spec = _resource(name)
    fields = spec["schema"]["fields"]
    frame = pd.DataFrame()
    for f in fields:
        column = table[f["name"]]
        if f["type"] == "date":
            column = pd.to_datetime(column).dt.strftime("%Y-%m-%d")
        elif f["type"] == "number":
            column = column.astype(float).round(5 if f["name"] in ("latitude", "longitude") else 1)
        frame[f["name"]] = column
    frame.to_csv(out / spec["path"], index=False, lineterminator="\n")


def build(raw: Path, out: Path) -> None:
    """Write the processed files of this module into out/conflict/."""
    raw, out = Path(raw), Path(out)
    (out / TOPIC).mkdir(parents=True, exist_ok=True)
    events = donbas_events(read_ged(raw / GED231_FILE))
    events_221 = donbas_events(read_ged(raw / GED221_FILE))
    events["conflict_id"] = events["conflict_new_id"]
    events["in_ged221"] = events["id"].isin(set(events_221["id"]))
    _write(events, out, "conflict_ucdp_events")
    monthly = monthly_table(events, events_221)
    check = read_ucdp_monthly(raw / UCDP_MONTHLY_FILE).set_index("month")
    mine = monthly.set_index("month")
    for ours, theirs in (("events", "events_ged231"), ("deaths_best", "best_ged231"), ("deaths_low", "low_ged231"),
                         ("deaths_high", "high_ged231"), ("deaths_civilians", "deaths_civilians_ged231")):
        differ = mine[ours].reindex(check.index) != check[theirs]
        if differ.any():
            month = differ[differ].index[0]
            raise RawDataError(
                f"{UCDP_MONTHLY_FILE}: {theirs} for {month} is {check.at[month, theirs]}, but the GED 23.1 events "
                f"give {mine.at[month, ours]}"
            )
    _write(monthly, out, "conflict_ucdp_monthly")
    ceasefires = ceasefire_table(read_ceasefires(raw / CEASEFIRES_FILE))
    _write(ceasefires, out, "conflict_ceasefires")
    _write(ceasefire_windows(ceasefires, events), out, "conflict_ceasefire_windows")
    yearly, totals = ohchr_tables(read_ohchr(raw / OHCHR_FILE))
    _write(yearly, out, "conflict_ohchr_yearly")
    _write(totals, out, "conflict_ohchr_totals")
    daily, periods = osce_tables(read_osce(raw / OSCE_FILE))
    _write(daily, out, "conflict_osce_daily")
    _write(periods, out, "conflict_osce_periods")

