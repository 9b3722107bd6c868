"""The daily line archives, ``data/lines/<source>_daily.jsonl.xz``: the held area on every day a
new map appeared, one JSON object per line (``date``, ``source``, ``geometry``: GeoJSON in
lon/lat), xz-compressed. ``make data`` writes them (:func:`write_archive`); the model reads
them (:func:`read_archive`) to draw any day.

Reading is lazy, so that opening an archive stays fast (the two hold about 90 MB of JSON): each
line's date is found by its key, whatever the order of the keys, and a line is parsed as JSON
only when its geometry is asked for.
"""

from __future__ import annotations

import datetime as dt
import json
import lzma
import re
from dataclasses import dataclass
from pathlib import Path

import shapely
from shapely.geometry import shape

from .. import geometry as G

DATE_KEY = re.compile(r'"date"\s*:\s*"([^"]*)"')
"""A line's top-level ``date`` (no other object of a line has a ``date`` key: a GeoJSON geometry has none)."""


def write_archive(
    path: Path, source: str, states: list[tuple[dt.date, object]], tolerance_m: float, decimals: int
) -> None:
    """One JSON line per distinct map state (held area in the equal-area frame, simplified with
    ``tolerance_m`` and rounded to ``decimals`` in lon/lat), xz-compressed."""
    lines = []
    for day, held in states:
        simple = G.simplified_lonlat(held, tolerance_m, decimals)
        lines.append(f'{{"date":"{day.isoformat()}","source":"{source}","geometry":{shapely.to_geojson(simple)}}}')
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(
        lzma.compress(payload, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=9 | lzma.PRESET_EXTREME)
    )


@dataclass(frozen=True)
class Archive:
    """The lines of one archive, in order, with their dates."""

    path: Path
    dates: list[dt.date]
    lines: list[str]

    def record(self, index: int) -> dict:
        """Line ``index`` parsed as JSON (``date``, ``source``, ``geometry``)."""
        record = json.loads(self.lines[index])
        if not isinstance(record, dict) or not {"date", "source", "geometry"} <= set(record):
            raise ValueError(f"{self.path.name} line {index + 1}: not an object with date, source and geometry")
        return record

    def geometry(self, index: int):
        """The held area of line ``index`` (lon/lat)."""
        return shape(self.record(index)["geometry"])


def read_archive(path: Path) -> Archive:
    """An archive's lines and their dates, in order (dates must increase)."""
    path = Path(path)
    lines = lzma.decompress(path.read_bytes()).decode("utf-8").splitlines()
    dates = []
    for number, line in enumerate(lines, start=1):
        found = DATE_KEY.search(line)
        if not found:
            raise ValueError(f"{path.name} line {number}: no date")
        day = dt.date.fromisoformat(found.group(1))
        if dates and day <= dates[-1]:
            raise ValueError(f"{path.name} line {number}: date {day} is not after the line above ({dates[-1]})")
        dates.append(day)
    archive = Archive(path, dates, lines)
    if lines:
        archive.record(0)  # the format, checked on the first line
    return archive
