"""`make data`: build the processed files in ``data/`` from the raw archives.

Run as ``python -m freezelines.pipeline [--raw DIR] [--out DIR]``. The output is
deterministic: two runs on the same inputs give byte-identical files.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import pandas as pd

from . import constants as C
from .paths import data_dir, raw_dir
from .sources import ISW_FILE, RawDataError, read_isw_areas

TERRITORY_COLUMNS = [
    "date",
    "source",
    "held_before_2022_km2",
    "seized_since_2022_km2",
    "total_km2",
    "share_of_ukraine",
    "quality",
    "note",
]


def isw_territory(raw: Path) -> pd.DataFrame:
    """ISW's assessed-control layer as published, with unpublished days marked ``missing``."""
    areas = read_isw_areas(raw / ISW_FILE)
    days = pd.date_range(areas["date"].iloc[0], areas["date"].iloc[-1], freq="D").date
    table = pd.DataFrame({"date": days}).merge(areas, on="date", how="left")
    published = table["area_km2"].notna()
    return pd.DataFrame(
        {
            "date": table["date"],
            "source": "isw",
            "held_before_2022_km2": float("nan"),
            "seized_since_2022_km2": float("nan"),
            "total_km2": table["area_km2"],
            "share_of_ukraine": table["area_km2"] / C.UKRAINE_AREA_KM2,
            "quality": published.map({True: "ok", False: "missing"}),
            "note": published.map(
                {
                    True: "ISW layer 'Territory assessed as Russia-controlled'; area as computed "
                    "by The Economist, not clipped by us; no split before/since 2022",
                    False: "no ISW layer published for this day",
                }
            ),
        },
        columns=TERRITORY_COLUMNS,
    )


def write_csv(table: pd.DataFrame, path: Path, decimals: int = 1) -> None:
    """Write a table deterministically: fixed column order, rounding and line endings."""
    out = table.copy()
    for column in out.columns:
        if column.endswith("_km2"):
            out[column] = out[column].round(decimals)
        elif column.startswith("share"):
            out[column] = out[column].round(6)
    out.to_csv(path, index=False, lineterminator="\n")


def build(raw: Path, out: Path) -> dict[str, float]:
    """Run every stage; return the seconds each took."""
    if not raw.is_dir():
        raise RawDataError(f"raw data folder {raw} does not exist (set --raw or FREEZELINES_RAW)")
    out.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float] = {}
    start = time.perf_counter()
    territory = isw_territory(raw)
    write_csv(territory, out / "territory_daily.csv")
    timings["territory"] = time.perf_counter() - start
    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=raw_dir(), help="raw data folder")
    parser.add_argument("--out", type=Path, default=data_dir(), help="output folder")
    args = parser.parse_args(argv)
    try:
        timings = build(args.raw, args.out)
    except RawDataError as exc:
        print(f"make data: {exc}", file=sys.stderr)
        return 1
    for stage, seconds in timings.items():
        print(f"{stage:>20}: {seconds:7.1f} s")
    print(f"{'total':>20}: {sum(timings.values()):7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
