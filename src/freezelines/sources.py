"""Readers of the raw archives in ``shared/data/raw`` (used by the pipeline only).

Every reader fails with :class:`RawDataError`, whose message names the file, the
line or snapshot, and the value at fault. Nothing is skipped silently: a reader
either raises or returns what it excluded, with the reason, for the QA report.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd

ISW_FILE = "frontlines/isw_areas_of_control_daily_summary.csv"
ISW_CONTROL_LAYER = "Territory assessed as Russia-controlled"


class RawDataError(ValueError):
    """A raw input that cannot be read as documented; the message says where and why."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_date(value: str, where: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise RawDataError(f"{where}: {value!r} is not a YYYY-MM-DD date") from None


def read_isw_areas(path: Path) -> pd.DataFrame:
    """ISW's "assessed Russian control" layer, one row per published date.

    Returns columns ``date`` (datetime.date) and ``area_km2`` as published by The
    Economist (ISW's polygons, not clipped by us). Raises on a missing column, an
    unreadable date or area, dates out of order, or two rows for one date.
    """
    path = Path(path)
    try:
        table = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise RawDataError(f"{path.name}: cannot be read as CSV ({exc})") from exc
    needed = {"date", "type", "area_in_square_km"}
    if missing := needed - set(table.columns):
        raise RawDataError(f"{path.name}: missing column(s) {sorted(missing)}")
    layer = table[table["type"] == ISW_CONTROL_LAYER]
    if layer.empty:
        raise RawDataError(f"{path.name}: no row of type {ISW_CONTROL_LAYER!r}")
    rows = []
    for line, record in layer.iterrows():
        where = f"{path.name} line {line + 2}"
        day = parse_date(record["date"], where)
        try:
            area = float(record["area_in_square_km"])
        except ValueError:
            raise RawDataError(
                f"{where} ({day}): area {record['area_in_square_km']!r} is not a number"
            ) from None
        if not 0 < area < 700_000:
            raise RawDataError(f"{where} ({day}): area {area} km² is outside 0-700,000")
        if rows and day <= rows[-1][0]:
            raise RawDataError(
                f"{where}: date {day} is not after the previous row's {rows[-1][0]}"
            )
        rows.append((day, area))
    return pd.DataFrame(rows, columns=["date", "area_km2"])
