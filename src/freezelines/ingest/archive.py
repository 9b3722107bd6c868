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
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import shapely
from shapely.geometry import shape

from .. import geometry as G
from .geometry_jobs import GeometryJobs

DATE_KEY = re.compile(r'"date"\s*:\s*"([^"]*)"')
"""A line's top-level ``date`` (no other object of a line has a ``date`` key: a GeoJSON geometry has none)."""


def simplified_geojson(held, tolerance_m: float, decimals: int) -> str:
    """The GeoJSON geometry of one archive line: ``held`` (equal-area frame) simplified with
    ``tolerance_m`` and rounded to ``decimals`` in lon/lat."""
    return shapely.to_geojson(G.simplified_lonlat(held, tolerance_m, decimals))


def write_archive(
    path: Path,
    source: str,
    states: list[tuple[dt.date, object]],
    tolerance_m: float,
    decimals: int,
    geojson: Callable[[object], str] | None = None,
) -> None:
    """One JSON line per distinct map state (:func:`simplified_geojson`), xz-compressed. ``geojson``
    gives each held area's line geometry (the pipeline's :class:`.geometry_jobs.GeometryJobs`, which
    may have computed it in another process); by default it is computed here, once per distinct map."""
    geojson = geojson or GeometryJobs(partial(simplified_geojson, tolerance_m=tolerance_m, decimals=decimals)).result
    lines = []
    for day, held in states:
        lines.append(f'{{"date":"{day.isoformat()}","source":"{source}","geometry":{geojson(held)}}}')
    payload = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(
        lzma.compress(payload, format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=9 | lzma.PRESET_EXTREME)
    )


class ArchiveError(ValueError):
    """A daily line archive that cannot be read; the message names the file and the line or byte at fault."""


@dataclass(frozen=True)
class Archive:
    """The lines of one archive, in order, with their dates."""

    path: Path
    dates: list[dt.date]
    lines: list[str]

    def record(self, index: int) -> dict:
        """Line ``index`` parsed as JSON (``date``, ``source``, ``geometry``)."""
        try:
            record = json.loads(self.lines[index])
        except json.JSONDecodeError as exc:
            raise ArchiveError(
                f"{self.path.name} line {index + 1}: not JSON ({exc.msg} at column {exc.colno})"
            ) from exc
        if not isinstance(record, dict) or not {"date", "source", "geometry"} <= set(record):
            raise ArchiveError(f"{self.path.name} line {index + 1}: not an object with date, source and geometry")
        return record

    def geometry(self, index: int):
        """The held area of line ``index`` (lon/lat)."""
        record = self.record(index)
        try:
            return shape(record["geometry"])
        except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.GEOSException) as exc:
            raise ArchiveError(
                f"{self.path.name} line {index + 1} ({record['date']}): the geometry cannot be read "
                f"({type(exc).__name__}: {exc})"
            ) from exc


def read_archive(path: Path) -> Archive:
    """An archive's lines and their dates, in order (dates must increase).

    A half-written or damaged file (a truncated or corrupt xz stream, a byte that is not UTF-8),
    an empty archive, a line without a date or with an impossible one raise :class:`ArchiveError`
    naming the file and the line (or the byte), and saying to run ``make data``."""
    path = Path(path)
    try:
        data = lzma.decompress(path.read_bytes())
    except (lzma.LZMAError, EOFError) as exc:
        raise ArchiveError(
            f"{path.name}: the compressed archive is truncated or corrupt ({exc}): a half-written file? "
            "Run `make data` to write it again"
        ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ArchiveError(
            f"{path.name} line {line}: byte 0x{data[exc.start]:02x} at column {column} is not UTF-8 ({exc.reason})"
        ) from exc
    lines = text.splitlines()
    if not lines:
        raise ArchiveError(f"{path.name}: the archive holds no line; run `make data` to write it again")
    dates = []
    for number, line in enumerate(lines, start=1):
        found = DATE_KEY.search(line)
        if not found:
            raise ArchiveError(f"{path.name} line {number}: no date")
        try:
            day = dt.date.fromisoformat(found.group(1))
        except ValueError:
            raise ArchiveError(f"{path.name} line {number}: date {found.group(1)!r} is not YYYY-MM-DD") from None
        if dates and day <= dates[-1]:
            raise ArchiveError(f"{path.name} line {number}: date {day} is not after the line above ({dates[-1]})")
        dates.append(day)
    archive = Archive(path, dates, lines)
    if lines:
        archive.record(0)  # the format, checked on the first line
    return archive
