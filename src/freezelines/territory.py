"""Territory measures: the processed daily series and the numbers read off it."""

from __future__ import annotations

import pandas as pd

from .paths import data_path


def load_territory() -> pd.DataFrame:
    """``data/territory_daily.csv`` with ``date`` parsed; one row per date and source."""
    table = pd.read_csv(data_path("territory_daily.csv"), parse_dates=["date"])
    return table.sort_values(["source", "date"], kind="stable").reset_index(drop=True)


def usable(territory: pd.DataFrame, source: str) -> pd.DataFrame:
    """One source's rows that carry a value (``missing`` days dropped), by date."""
    rows = territory[(territory["source"] == source) & territory["total_km2"].notna()]
    return rows.set_index("date").sort_index()


def peak(territory: pd.DataFrame, source: str) -> tuple[pd.Timestamp, float]:
    """The date and area (km²) of a source's largest total."""
    series = usable(territory, source)["total_km2"]
    return series.idxmax(), float(series.max())


def on_date(territory: pd.DataFrame, source: str, day) -> float:
    """A source's total (km²) on ``day``, or on its last earlier day with a value."""
    series = usable(territory, source)["total_km2"]
    earlier = series[: pd.Timestamp(day)]
    if earlier.empty:
        raise KeyError(f"{source} has no value on or before {day}")
    return float(earlier.iloc[-1])
