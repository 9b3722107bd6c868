"""Readers of the raw archives in ``data/raw`` (``RAW``/``FREEZELINES_RAW`` to override) (used by the pipeline only).

Every reader either raises :class:`RawDataError`, whose message names the file, the
line or snapshot, and the value at fault, or records what it left out, with the
reason, in a :class:`QA` log that the pipeline writes to ``data/qa_report.csv``.
Nothing is skipped silently.

* Structural faults stop the pipeline: a missing, truncated or corrupt archive (a damaged
  xz stream is named as such, not as the garbage line it decompresses to), a byte that is
  not UTF-8 (named with its line and column in the file), a snapshot dated before the one
  above it, in the future, long after the one above it or on another day than its
  ``published_utc``, a DeepState fill colour the classification rule does not know, a
  dated table row in the future or long after the row above, an empty reference series.
* Faults confined to one snapshot or one feature are recorded and worked around: a
  line that is not JSON (the day is carried forward), a geometry that cannot be
  read or has non-finite coordinates (the feature is left out), an invalid polygon
  (repaired with ``make_valid`` and counted).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import lzma
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from shapely.geometry import shape

from . import descriptor as D
from .raw_files import QA, RawDataError, parse_date, require, utf8_problem, xz_problem
from .tables import read_table

ISW_FILE = D.source("isw_economist")["path"]
ISW_CONTROL_LAYER = "Territory assessed as Russia-controlled"
ISW_ADVANCES_LAYER = "Assessed Russian advances"
DEEPSTATE_HISTORY_FILE = D.source("deepstate_history")["path"]
DEEPSTATE_DAILY_FILE = D.source("deepstate_daily")["path"]
NZZ_FILE = D.source("nzz_liveuamap")["path"]
LIVEUAMAP_AREAS_FILE = D.source("liveuamap_areas")["path"]
"""liveuamap's own daily area series (conflict-investigations/liveuamap-analysis): an independent
check on NZZ's copies and on DeepStateMap's early archive."""
OUTLINE_FILE = D.source("ocha_outline")["path"]
OBLASTS_FILE = D.source("ocha_oblasts")["path"]
PLACES_FILE = D.source("ukrstat_places")["path"]
OBLAST_POPULATION_FILE = D.source("ukrstat_oblasts")["path"]
GPPD_FILE = D.source("gppd")["path"]
GEOBOUNDARIES_FILE = D.source("geoboundaries")["path"]

DEEPSTATE_PRE2022_SNAPSHOT = "1648989208.geojson"
"""The first DeepState archive snapshot (2022-04-03): its pre-2022 polygons (Crimea,
ORDLO, Tuzla) complete NZZ's maps, which lack Crimea throughout and ORDLO from
March 2024, as ``frontlines/CHECKS.md`` describes."""


@dataclass(frozen=True)
class Snapshot:
    """One line of a ``.jsonl.xz`` bundle: one upstream file."""

    file: str
    line: int
    snapshot: str
    published_utc: str | None
    date: dt.date
    geojson: dict
    digest: str = ""
    """A hash of the snapshot's GeoJSON text: equal digests, identical maps."""

    @property
    def where(self) -> str:
        return f"line {self.line} ({self.snapshot})"


MAX_GAP_DAYS = 31
"""Two consecutive snapshots of a bundle more than this many days apart are an error (the real
archives' longest gap is 2 days): a date typed wrongly would otherwise add months of
carried-forward days."""


def _located(text: str) -> tuple[str, dt.date | None]:
    """The snapshot name and date of a line that is not JSON, read with patterns (or blanks)."""
    snapshot = re.search(r'"snapshot"\s*:\s*"([^"]*)"', text[:2000])
    day = re.search(r'"date"\s*:\s*"(\d{4}-\d{2}-\d{2})', text[:2000])
    return (snapshot.group(1) if snapshot else ""), (_maybe_date(day.group(1)) if day else None)


def read_bundle(path: Path, qa: QA, one_per_day: bool = False, today: dt.date | None = None) -> Iterator[Snapshot]:
    """Stream a bundle line by line, in order.

    A line that is not a JSON object with ``snapshot``, ``date`` and a ``geojson``
    FeatureCollection is recorded in ``qa`` (with its snapshot name and date where they can
    be read) and skipped (the pipeline carries the day forward and says so). These raise
    :class:`RawDataError`, naming the file, the line, the snapshot and the date: a date
    after ``today`` (the day of the build), a date earlier than the line above, a gap of
    more than :data:`MAX_GAP_DAYS` days after the line above, a date equal to the line
    above's in a bundle of one file per day (``one_per_day``), a ``published_utc`` that is
    not a UTC time, falls on another UTC day than ``date`` or is earlier than the line
    above's (snapshots of one day out of time order: the last one read is taken as the
    day's map), a line that is not UTF-8 (with the byte's column), and a corrupt or
    truncated compressed stream. Garbage from a damaged stream is decompressed before its
    check sum fails: any error met on the way is checked against the whole stream first, so
    that a damaged archive is reported as such, not as a bad line.
    """
    path = require(Path(path))
    name = path.name
    today = today or dt.date.today()
    previous: dt.date | None = None
    previous_where = ""
    previous_published: tuple[dt.datetime, str] | None = None
    number = 0
    try:
        with lzma.open(path, "rb") as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise RawDataError(
                        f"{name} line {number}: byte 0x{raw[exc.start]:02x} at column {exc.start + 1} "
                        f"is not UTF-8 ({exc.reason})"
                    ) from exc
                try:
                    record = json.loads(text)
                except json.JSONDecodeError as exc:
                    snapshot, day = _located(text)
                    qa.record(
                        file=name,
                        where=f"line {number}" + (f" ({snapshot})" if snapshot else ""),
                        date=day,
                        issue="unreadable line",
                        action="snapshot left out",
                        detail=f"not JSON: {exc.msg} at column {exc.colno}",
                    )
                    continue
                problem = _bundle_record_problem(record)
                if problem:
                    day = record.get("date") if isinstance(record, dict) else None
                    snapshot = record.get("snapshot") if isinstance(record, dict) else None
                    qa.record(
                        file=name,
                        where=f"line {number}" + (f" ({snapshot})" if isinstance(snapshot, str) and snapshot else ""),
                        date=_maybe_date(day),
                        issue="unreadable line",
                        action="snapshot left out",
                        detail=problem,
                    )
                    continue
                where = f"{name} line {number} ({record['snapshot']})"
                day = parse_date(record["date"], where)
                if day > today:
                    raise RawDataError(f"{where}: date {day} is in the future (the build runs on {today})")
                if previous and day < previous:
                    raise RawDataError(
                        f"{where}: date {day} is earlier than the line above ({previous_where}, {previous}); "
                        "the bundle must be sorted by time"
                    )
                if previous and one_per_day and day == previous:
                    raise RawDataError(
                        f"{where}: date {day} repeats the line above ({previous_where}); this bundle holds one "
                        "file per day, so one of the two is misdated"
                    )
                if previous and (day - previous).days > MAX_GAP_DAYS:
                    raise RawDataError(
                        f"{where}: date {day} is {(day - previous).days} days after the line above "
                        f"({previous_where}, {previous}); more than {MAX_GAP_DAYS} days between snapshots "
                        "means a misdated snapshot"
                    )
                published = record.get("published_utc")
                if published is not None:
                    moment = _utc(published, where)
                    if moment.date() != day:
                        raise RawDataError(
                            f"{where}: date {day} disagrees with published_utc {published!r} (UTC day "
                            f"{moment.date()}); the snapshot's day is the UTC day it was published"
                        )
                    if previous_published and moment < previous_published[0]:
                        raise RawDataError(
                            f"{where}: published_utc {published!r} is earlier than the line above's "
                            f"({previous_published[1]}); snapshots must be in time order, or the day's "
                            "last map would be the wrong one"
                        )
                    previous_published = (moment, f"line {number} ({record['snapshot']}), {published!r}")
                previous, previous_where = day, f"line {number} ({record['snapshot']})"
                start = raw.find(b'"geojson":')
                digest = hashlib.sha1(raw[start:]).hexdigest() if start >= 0 else ""
                yield Snapshot(name, number, record["snapshot"], published, day, record["geojson"], digest)
    except (lzma.LZMAError, EOFError) as exc:
        raise RawDataError(
            f"{name}: the compressed stream is corrupt or truncated after line {number} ({exc})"
        ) from exc
    except RawDataError as exc:
        damage = xz_problem(path)
        if damage:
            raise RawDataError(
                f"{name}: the compressed stream is corrupt or truncated ({damage}); the damage shows at line "
                f"{number}, where the decompressed text is garbage"
            ) from exc
        raise
    if number == 0:
        raise RawDataError(f"{name}: the bundle holds no snapshot")


def _utc(value, where: str) -> dt.datetime:
    """A ``published_utc`` value (ISO 8601, ``Z`` or an offset) as an aware UTC time."""
    try:
        moment = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise RawDataError(f"{where}: published_utc {value!r} is not an ISO date and time") from None
    if moment.tzinfo is None:
        raise RawDataError(f"{where}: published_utc {value!r} has no time zone (expected UTC, with Z)")
    return moment.astimezone(dt.UTC)


def _maybe_date(value) -> dt.date | None:
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _bundle_record_problem(record) -> str:
    if not isinstance(record, dict):
        return f"a JSON {type(record).__name__}, not an object"
    for key in ("snapshot", "date", "geojson"):
        if key not in record:
            return f"no {key!r} field"
    if _maybe_date(record["date"]) is None:
        return f"date {record['date']!r} is not YYYY-MM-DD"
    geojson = record["geojson"]
    if not isinstance(geojson, dict) or not isinstance(geojson.get("features"), list):
        return "'geojson' is not a FeatureCollection with a list of features"
    return ""


# Geometry of one feature ----------------------------------------------------------------

POLYGONAL = {"Polygon", "MultiPolygon", "GeometryCollection"}


def feature_polygons(feature: dict, snap: Snapshot, qa: QA, index: int) -> list:
    """The polygons of one GeoJSON feature, 2-D, valid, in lon/lat.

    Points and lines return ``[]`` (DeepState's unit and label markers). A feature whose
    geometry cannot be read, or has non-finite coordinates, is recorded and left out.
    Invalid polygons are repaired with ``make_valid`` (counted as ``repaired polygon``).
    """

    def leave_out(issue: str, detail: str) -> list:
        qa.record(
            file=snap.file,
            where=f"{snap.where} feature {index}",
            date=snap.date,
            issue=issue,
            action="feature left out",
            detail=detail,
        )
        return []

    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") not in POLYGONAL:
        if isinstance(geometry, dict) and geometry.get("type") in {
            "Point",
            "MultiPoint",
            "LineString",
            "MultiLineString",
        }:
            return []
        kind = geometry.get("type") if isinstance(geometry, dict) else geometry
        return leave_out("unreadable geometry", f"geometry type {kind!r}")
    try:
        geom = shapely.force_2d(_polygonal_shape(geometry))
        finite = bool(np.isfinite(shapely.get_coordinates(geom)).all())
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, shapely.errors.GEOSException) as exc:
        return leave_out("unreadable geometry", f"{type(exc).__name__}: {exc}")
    if not finite:
        return leave_out("non-finite coordinates", "a coordinate is NaN or infinite")
    xmin, ymin, xmax, ymax = geom.bounds
    if not (-180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90):
        return leave_out(
            "projected coordinates",
            f"coordinates up to ({xmax:,.0f}, {ymax:,.0f}) are not longitude/latitude in degrees "
            "(a projected CRS?); GeoJSON must be WGS84 lon/lat",
        )
    if not geom.is_valid:
        reason = shapely.is_valid_reason(geom)
        geom = shapely.make_valid(geom)
        lon, lat = shapely.get_coordinates(geom.representative_point())[0] if not geom.is_empty else (np.nan, np.nan)
        qa.record(
            file=snap.file,
            where=f"{snap.where} feature {index}",
            date=snap.date,
            issue="repaired polygon",
            action="repaired with make_valid",
            detail=f"{reason}; near {lon:.2f}°E {lat:.2f}°N",
        )
    parts = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    # GeometryCollections from make_valid or from DeepState nest one level deeper.
    for g in shapely.get_parts(geom):
        if g.geom_type == "GeometryCollection":
            parts += [p for p in shapely.get_parts(g) if p.geom_type in ("Polygon", "MultiPolygon")]
    return [p for p in parts if not p.is_empty]


def _polygonal_shape(geometry: dict):
    """``shape(geometry)`` for a GeoJSON Polygon or MultiPolygon, its rings read as arrays at once.

    Only well-formed coordinates take this path: every ring a list that numpy reads as a 2-D array
    of floats, the array ``shape`` itself would build coordinate by coordinate, so the geometry is
    the same. Anything else (another type, an empty or ragged ring, a coordinate that is not a
    number) goes to ``shape``, which builds it or raises as it always has."""
    coordinates = geometry.get("coordinates")
    kind = geometry.get("type")
    polygons = [coordinates] if kind == "Polygon" else coordinates if kind == "MultiPolygon" else None
    if not isinstance(polygons, list) or not polygons:
        return shape(geometry)
    built = []
    try:
        for rings in polygons:
            if not isinstance(rings, list) or not rings:
                return shape(geometry)
            arrays = [np.asarray(ring) for ring in rings]
            if any(a.dtype != np.float64 or a.ndim != 2 for a in arrays):
                return shape(geometry)
            shell, *holes = [shapely.linearrings(a) for a in arrays]
            built.append(shapely.polygons(shell, holes=holes or None))
    except (ValueError, TypeError, shapely.errors.GEOSException):
        return shape(geometry)
    return built[0] if kind == "Polygon" else shapely.multipolygons(built)


# DeepState classification ----------------------------------------------------------------

OCCUPIED = "occupied"
PRE2022 = "pre2022"
LIBERATED = "liberated"
UNKNOWN = "unknown"
FOREIGN = "foreign"

_OCCUPIED_FILLS = {"#a52714"}
_PRE2022_FILLS = {"#000000", "#880e4f"}
_LIBERATED_FILLS = {"#0f9d58", "#0288d1", "#0097a7", "#01579b"}
_UNKNOWN_FILLS = {"#bcaaa4", "#bdbdbd", "#757575"}
_FOREIGN_FILLS = {"#ff5252", "#ce93d8", "#fbc02d"}


def name_prefix(name: str) -> str:
    """The text before the first ``///``, NBSP as space, whitespace collapsed, ends stripped."""
    head = str(name or "").split("///", 1)[0].replace("\u00a0", " ")
    return re.sub(r"\s+", " ", head).strip()


def classify_deepstate(properties: dict) -> str:
    """The class of a DeepState archive polygon, by the rule in ``frontlines/CHECKS.md``.

    Raises ``KeyError`` for a fill the rule does not know (the caller names the file).
    """
    fill = str(properties.get("fill", "")).lower()
    name = str(properties.get("name", ""))
    prefix = name_prefix(name)
    if fill in _OCCUPIED_FILLS:
        return OCCUPIED
    if fill in _PRE2022_FILLS:
        if "Придністров" in prefix or "Transnistria" in name:
            return FOREIGN
        if prefix.startswith("Під питанням"):
            return UNKNOWN
        return PRE2022
    if fill in _LIBERATED_FILLS:
        return LIBERATED
    if fill in _UNKNOWN_FILLS:
        return UNKNOWN
    if fill in _FOREIGN_FILLS:
        return FOREIGN
    raise KeyError(fill)


COUNTED = (OCCUPIED, PRE2022)
ALL_CLASSES = (OCCUPIED, PRE2022, LIBERATED, UNKNOWN, FOREIGN)


def deepstate_classes(snap: Snapshot, qa: QA, build: tuple[str, ...] = COUNTED) -> dict[str, list]:
    """The polygons of one DeepState archive snapshot, by class (lon/lat).

    Every polygonal feature is classified (an unknown fill raises, naming the file,
    snapshot and colour); the polygons of the classes in ``build`` (by default the
    counted ones, occupied and pre-2022) are read; ``build=()`` only checks.
    """
    classes: dict[str, list] = {OCCUPIED: [], PRE2022: [], LIBERATED: [], UNKNOWN: [], FOREIGN: []}
    for index, feature in enumerate(snap.geojson["features"]):
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        if isinstance(geometry, dict) and geometry.get("type") not in POLYGONAL:
            continue  # unit, arrow and label markers
        properties = (feature.get("properties") if isinstance(feature, dict) else None) or {}
        try:
            kind = classify_deepstate(properties)
        except KeyError:
            raise RawDataError(
                f"{snap.file} {snap.where} feature {index}: fill colour "
                f"{properties.get('fill')!r} (name {properties.get('name')!r}) is not in the "
                "classification rule of frontlines/CHECKS.md"
            ) from None
        qa.counts[f"deepstate features classified {kind}"] += 1
        if kind in build:
            classes[kind].extend(feature_polygons(feature, snap, qa, index))
    return classes


# NZZ / liveuamap -----------------------------------------------------------------------

NZZ_HELD_TYPES = {"nochange", "gains"}
NZZ_TYPES = NZZ_HELD_TYPES | {"losses"}


def nzz_state_date(snap: Snapshot, qa: QA) -> dt.date:
    """The day an NZZ file's map describes: its features' ``properties.date``."""
    dates = {(f.get("properties") or {}).get("date") for f in snap.geojson["features"]}
    dates.discard(None)
    if len(dates) != 1:
        raise RawDataError(
            f"{snap.file} {snap.where}: features carry {len(dates)} different map dates {sorted(dates)}; "
            "expected exactly one"
        )
    day = parse_date(dates.pop(), f"{snap.file} {snap.where}")
    if day > snap.date or (snap.date - day).days > MAX_GAP_DAYS:
        raise RawDataError(
            f"{snap.file} {snap.where}: map date {day} in the features' properties is "
            + ("after" if day > snap.date else f"more than {MAX_GAP_DAYS} days before")
            + f" the file's date {snap.date}"
        )
    return day


def nzz_polygons(snap: Snapshot, qa: QA) -> dict[str, list]:
    """The polygons of one NZZ file by feature type (lon/lat)."""
    out: dict[str, list] = {t: [] for t in NZZ_TYPES}
    for index, feature in enumerate(snap.geojson["features"]):
        kind = (feature.get("properties") or {}).get("type")
        if kind not in NZZ_TYPES:
            raise RawDataError(
                f"{snap.file} {snap.where} feature {index}: type {kind!r} is not one of {sorted(NZZ_TYPES)}"
            )
        out[kind].extend(feature_polygons(feature, snap, qa, index))
    return out


# ISW -------------------------------------------------------------------------------------


def _check_day(where: str, day: dt.date, previous: dt.date | None, today: dt.date, what: str) -> None:
    """A dated row of a daily table: not after ``today`` (the day of the build) and not more than
    :data:`MAX_GAP_DAYS` days after the ``previous`` row (``what`` names it), as in the bundles."""
    if day > today:
        raise RawDataError(f"{where}: date {day} is in the future (the build runs on {today})")
    if previous is not None and (day - previous).days > MAX_GAP_DAYS:
        raise RawDataError(
            f"{where}: date {day} is {(day - previous).days} days after {what} ({previous}); more than "
            f"{MAX_GAP_DAYS} days between rows means a misdated row"
        )


def read_isw_areas(path: Path, layer: str = ISW_CONTROL_LAYER, today: dt.date | None = None) -> pd.DataFrame:
    """One of ISW's daily layers (by default "assessed Russian control"), one row per published date.

    Returns columns ``date`` (datetime.date) and ``area_km2`` as published by The
    Economist (ISW's polygons, not clipped by us); the file's ``NA`` (a layer without an
    area) becomes NaN. The table is checked against its schema (a missing column, an
    unreadable date or area); dates out of order, two rows for one date, a date after
    ``today`` (the day of the build), more than :data:`MAX_GAP_DAYS` days between two rows
    (each unpublished day becomes a ``missing`` row) and an area outside 0-700,000 km² raise too.
    """
    path = Path(path)
    today = today or dt.date.today()
    table = read_table(path, D.raw_schema("isw_economist"))
    rows_of_layer = table[table["type"] == layer]
    if rows_of_layer.empty:
        raise RawDataError(f"{path.name}: no row of type {layer!r}")
    rows = []
    for record in rows_of_layer.to_dict("records"):
        day, area = record["date"].date(), record["area_in_square_km"]
        where = f"{path.name} line {record['_line']}"
        _check_day(where, day, rows[-1][0] if rows else None, today, f"the previous {layer!r} row")
        if rows and day <= rows[-1][0]:
            raise RawDataError(
                f"{where}: date {day} is not after the previous {layer!r} row's {rows[-1][0]}"
                + (" (two rows for one date)" if day == rows[-1][0] else "")
            )
        if area == area and not 0 < area < 700_000:
            raise RawDataError(f"{where} ({day}): area {area} km² is outside 0-700,000")
        rows.append((day, area))
    return pd.DataFrame(rows, columns=["date", "area_km2"])


def read_area_series(path: Path, today: dt.date | None = None) -> dict[dt.date, float]:
    """A ``date,area`` table (km²) as {date: area}, checked against its schema; dates must increase,
    none after ``today`` (the day of the build), none more than :data:`MAX_GAP_DAYS` days after the
    row above. A table without a row is an error: the ``off_reference`` rule needs the series."""
    path = Path(path)
    today = today or dt.date.today()
    table = read_table(path, D.raw_schema("liveuamap_areas"))
    out: dict[dt.date, float] = {}
    last: dt.date | None = None
    for record in table.to_dict("records"):
        day = record["date"].date()
        where = f"{path.name} line {record['_line']}"
        _check_day(where, day, last, today, "the previous row")
        if last is not None and day <= last:
            raise RawDataError(f"{where}: date {day} is not after the previous row's {last}")
        out[day], last = record["area"], day
    if not out:
        raise RawDataError(
            f"{path.name}: no rows (only a header); the off_reference rule compares the trackers with this series"
        )
    return out


# Reference layers -----------------------------------------------------------------------


def read_geojson(path: Path) -> dict:
    path = require(Path(path))
    raw = path.read_bytes()
    problem = utf8_problem(raw)
    if problem:
        raise RawDataError(f"{path.name}: not valid GeoJSON: {problem}")
    try:
        data = json.loads(raw.decode("utf-8"))
    except json.JSONDecodeError as exc:
        raise RawDataError(f"{path.name}: not valid GeoJSON ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("features"), list) or not data["features"]:
        raise RawDataError(f"{path.name}: not a FeatureCollection with features")
    return data
