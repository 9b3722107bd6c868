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

Each reader raises :class:`~freezelines.ingest.raw_files.RawDataError` naming the file, the line
and the value at fault; :func:`build` writes ``data/conflict/``. The model reads the processed
files back (:mod:`freezelines.model.conflict`); the charts are in :mod:`freezelines.viz.conflict_figures`.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import pandas as pd

from . import descriptor as D
from .raw_files import RawDataError
from .tables import read_table

TOPIC = "conflict"
GED231_FILE = D.source("ucdp_ged231_ukraine")["path"]
GED221_FILE = D.source("ucdp_ged221_ukraine")["path"]
UCDP_MONTHLY_FILE = D.source("ucdp_donbas_monthly")["path"]
OHCHR_FILE = D.source("ohchr_casualties")["path"]
OSCE_FILE = D.source("osce_violations")["path"]
CEASEFIRES_FILE = D.source("ceasefires")["path"]

DONBAS_CONFLICTS = {"13246": "Ukraine: Donetsk", "13247": "Ukraine: Lugansk", "13306": "Ukraine: Novorossiya"}
"""UCDP conflict ids of the Donbas war (the Maidan conflict, 13219, is left out)."""
FIRST_MONTH = "2014-04"
LAST_MONTH = "2022-02"
WINDOWS = (30, 90)
"""Days before and after each ceasefire compared in ``ceasefire_windows.csv``."""

# Readers of the raw files ----------------------------------------------------------------

GED_TEXT = ["conflict_name", "dyad_name", "side_a", "side_b", "where_description", "adm_1"]
"""Text columns of the UCDP files whose runs of white space (line breaks included) are collapsed."""


def _where(table: pd.DataFrame, index, name: str) -> str:
    return f"{name} line {table.at[index, '_line']}"


def read_ged(path: Path, source: str = "ucdp_ged231_ukraine") -> pd.DataFrame:
    """A UCDP GED extract (``source``: its name in the descriptor, whose schema it is checked
    against), typed, with ``_line``; dates in order and best = the sum of the deaths by side."""
    path = Path(path)
    out = read_table(path, D.raw_schema(source))
    name = path.name
    for column in GED_TEXT:
        out[column] = out[column].str.split().str.join(" ")
    backwards = out["date_end"] < out["date_start"]
    if backwards.any():
        index = out.index[backwards][0]
        raise RawDataError(
            f"{_where(out, index, name)}: date_end {out.at[index, 'date_end']:%Y-%m-%d} is before "
            f"date_start {out.at[index, 'date_start']:%Y-%m-%d} (event {out.at[index, 'id']})"
        )
    parts = out[["deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown"]].sum(axis=1)
    wrong = parts != out["best"]
    if wrong.any():
        index = out.index[wrong][0]
        raise RawDataError(
            f"{_where(out, index, name)}, column 'best': {out.at[index, 'best']} is not the sum of the deaths "
            f"by side ({parts[index]}) for event {out.at[index, 'id']}"
        )
    return out


def donbas_events(ged: pd.DataFrame) -> pd.DataFrame:
    """The events of the three Donbas conflicts, with the number of days each spans."""
    events = ged[ged["conflict_new_id"].isin([int(k) for k in DONBAS_CONFLICTS])].copy()
    events["days"] = (events["date_end"] - events["date_start"]).dt.days + 1
    return events.sort_values(["date_start", "id"], kind="stable").reset_index(drop=True)


def read_ceasefires(path: Path) -> pd.DataFrame:
    """The compiled list of ceasefires, checked against its schema: each row with at least one
    date, and not in force before it was agreed."""
    path = Path(path)
    out = read_table(path, D.raw_schema("ceasefires"))
    name = path.name
    for index in out.index:
        agreed, effective = out.at[index, "date_agreed"], out.at[index, "date_effective"]
        if pd.isna(agreed) and pd.isna(effective):
            raise RawDataError(f"{_where(out, index, name)}: neither date_agreed nor date_effective is given")
        if pd.notna(agreed) and pd.notna(effective) and effective < agreed:
            raise RawDataError(
                f"{_where(out, index, name)}, column 'date_effective': {effective:%Y-%m-%d} is before the date "
                f"agreed ({agreed:%Y-%m-%d})"
            )
    return out


def read_ohchr(path: Path) -> pd.DataFrame:
    """The compiled OHCHR figures, checked against their schema: a value or a low-high range per row."""
    path = Path(path)
    out = read_table(path, D.raw_schema("ohchr_casualties"))
    for index in out.index:
        if pd.isna(out.at[index, "value"]) and (
            pd.isna(out.at[index, "value_low"]) or pd.isna(out.at[index, "value_high"])
        ):
            raise RawDataError(
                f"{_where(out, index, path.name)}: neither a value nor a low-high range for {out.at[index, 'metric']!r}"
            )
    return out


def read_osce(path: Path) -> pd.DataFrame:
    """The compiled OSCE SMM counts, checked against their schema."""
    return read_table(Path(path), D.raw_schema("osce_violations"))


def read_ucdp_monthly(path: Path) -> pd.DataFrame:
    """The derived UCDP monthly check file (GED 23.1 columns), checked against its schema."""
    return read_table(Path(path), D.raw_schema("ucdp_donbas_monthly")).drop(columns="_line")


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
    table["deaths_best_spread"] = (
        spread.groupby(spread.index.strftime("%Y-%m")).sum().reindex(index, fill_value=0.0).round(1)
    )
    if events_221 is not None:
        month_221 = events_221["date_start"].dt.strftime("%Y-%m")
        last_221 = events_221["date_start"].max().strftime("%Y-%m")
        counted = [m for m in index if m <= last_221]
        table["events_ged221"] = (
            events_221.groupby(month_221).size().reindex(counted, fill_value=0).reindex(index).astype("Int64")
        )
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
        raise RawDataError(
            f"{CEASEFIRES_FILE}: two ceasefires on {table.loc[table['ceasefire_id'].duplicated(), 'ceasefire_id'].iloc[0]}"
        )
    table = table.sort_values("date_marked", kind="stable").reset_index(drop=True)
    return table[D.columns("conflict_ceasefires")]


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
            before = daily[day - pd.Timedelta(days=window) : day - pd.Timedelta(days=1)].sum()
            after = daily[day : day + pd.Timedelta(days=window - 1)].sum()
            row[f"deaths_{window}d_before"] = round(float(before), 1)
            row[f"deaths_{window}d_after"] = round(float(after), 1)
        after_days = exact_days[(exact_days.index >= day) & (exact_days.index < day + pd.Timedelta(days=90))]
        row["lethal_days_90d_after"] = int(len(after_days))
        later = exact_days[exact_days.index >= day]
        if later.empty:  # no exactly dated fatal event after this date in the extract
            row.update(
                first_lethal_event_date=pd.NaT, days_to_first_lethal_event=pd.NA, first_lethal_event_deaths=pd.NA
            )
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
        raise RawDataError(
            f"{OHCHR_FILE}: two civilians_killed_year rows for {yearly.loc[yearly['year'].duplicated(), 'year'].iloc[0]}"
        )
    yearly["civilians_killed"] = yearly["value"].astype(int)
    yearly["includes_mh17"] = yearly["includes_mh17"].str.lower().str.startswith(("yes", "includes"))
    yearly = yearly.sort_values("year")[
        [
            "year",
            "period_start",
            "period_end",
            "civilians_killed",
            "includes_mh17",
            "verification",
            "source_url",
            "note",
        ]
    ]
    others = ohchr[ohchr["metric"] != "civilians_killed_year"].sort_values(["metric", "period_end"], kind="stable")
    others = others[
        [
            "metric",
            "period_start",
            "period_end",
            "value",
            "value_low",
            "value_high",
            "unit",
            "verification",
            "source_url",
            "note",
        ]
    ]
    return yearly.reset_index(drop=True), others.reset_index(drop=True)


def osce_tables(osce: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(single reporting periods by oblast, longer periods)."""
    kinds = {
        "daily_report": "reported",
        "daily_report_previous_period": "quoted_in_next_report",
        "weekend_report": "weekend_48h",
    }
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
        raise RawDataError(
            f"{OSCE_FILE} line {rest.at[index, '_line']}, column 'kind': {rest.at[index, 'kind']!r} is not a known kind"
        )
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
        [
            "period_start",
            "period_end",
            "days",
            "violations",
            "explosions",
            "per_day",
            "kind",
            "confidence",
            "source_url",
            "note",
        ]
    ]
    return daily.reset_index(drop=True), rest.reset_index(drop=True)


def _write(table: pd.DataFrame, out: Path, name: str) -> None:
    """Write one resource: its schema's columns in order, dates as YYYY-MM-DD, numbers rounded
    (coordinates to 5 decimals, about a metre; everything else to 1)."""
    spec = D.resource(name)
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
    events_221 = donbas_events(read_ged(raw / GED221_FILE, "ucdp_ged221_ukraine"))
    events["conflict_id"] = events["conflict_new_id"]
    events["in_ged221"] = events["id"].isin(set(events_221["id"]))
    _write(events, out, "conflict_ucdp_events")
    monthly = monthly_table(events, events_221)
    check = read_ucdp_monthly(raw / UCDP_MONTHLY_FILE).set_index("month")
    mine = monthly.set_index("month")
    for ours, theirs in (
        ("events", "events_ged231"),
        ("deaths_best", "best_ged231"),
        ("deaths_low", "low_ged231"),
        ("deaths_high", "high_ged231"),
        ("deaths_civilians", "deaths_civilians_ged231"),
    ):
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
