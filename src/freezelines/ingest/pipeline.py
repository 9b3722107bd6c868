"""`make data`: build the processed files in ``data/`` from the raw archives.

Run as ``python -m freezelines.ingest.pipeline [--raw DIR] [--out DIR]``. The output is
deterministic: two runs on the same inputs give byte-identical files. A timing
summary per stage is printed at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor, wait
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .. import constants as C
from .. import geometry as G
from ..paths import RAW_RECORD, data_dir, raw_dir
from . import archive, conflict, costs, provenance
from . import lines as L
from . import places as P
from . import series as T
from . import sources as S
from .geometry_jobs import GeometryJobs
from .tables import check_raw_tables

TERRITORY_COLUMNS = T.TERRITORY_COLUMNS
LINE_TOLERANCE_M = 1000.0
"""Simplification tolerance of the published line geometries (metres, equal-area frame)."""
ARCHIVE_TOLERANCE_M = 250.0
"""Simplification tolerance of the daily line archive used by the live explorer."""
LINE_DECIMALS = 4
GEOBOUNDARIES_FILE = S.GEOBOUNDARIES_FILE
COAST_TOLERANCE_M = 250.0
"""Simplification tolerance of the published coast lines."""
SEA_OPENING_M = 2_000.0
"""The sea (what geoBoundaries' units add to the land outline) is opened by this much, to drop slivers along the land borders."""
COAST_BAND_M = 3_000.0
"""The coast is the part of the outline within this distance of the sea."""
AZOV_SOUTH, AZOV_WEST = 45.28, 34.7
"""The Sea of Azov is the sea north of this latitude and east of this longitude (north of the Kerch Strait, east of Henichesk)."""
OBLAST_UNITS = 27
"""First-level units of the COD-AB outline: 24 oblasts, Crimea, Kyiv city and Sevastopol."""
YEAR_AFTER_ESSAY = C.ESSAY_DATE.replace(year=C.ESSAY_DATE.year + 1)
"""The named date ``year_after_essay``."""
BOUNDARY_TOLERANCE_M = 500.0
"""Simplification tolerance of the published boundaries (for maps; areas come from the originals)."""


# Stages ---------------------------------------------------------------------------------


def load_oblasts(raw: Path) -> list[dict]:
    data = S.read_geojson(raw / S.OBLASTS_FILE)
    units = []
    for feat in data["features"]:
        props = feat["properties"]
        geom = G.to_equal_area(shapely.geometry.shape(feat["geometry"]))
        shapely.prepare(geom)
        units.append(
            {
                "adm1_pcode": props["ADM1_PCODE"],
                "iso_3166_2": props["iso_3166_2"],
                "name_en": props["name_en"],
                "geometry": geom,
                "area_km2": G.km2(geom),
            }
        )
    if len(units) != OBLAST_UNITS:
        raise S.RawDataError(f"{S.OBLASTS_FILE}: expected {OBLAST_UNITS} units, found {len(units)}")
    return sorted(units, key=lambda u: u["adm1_pcode"])


def _deepstate_job(raw: Path):
    qa = S.QA()
    frame = L.load_frame(raw)
    history = L.deepstate_history(raw, frame, qa)
    daily = L.deepstate_daily(raw, frame, qa, history[max(history)].pre2022)
    return history, daily, qa


def _liveuamap_job(raw: Path):
    qa = S.QA()
    frame = L.load_frame(raw)
    reference = L.deepstate_pre2022_reference(raw, frame, S.QA())
    return L.liveuamap(raw, frame, qa, reference), reference, qa


def read_trackers(
    raw: Path, workers: int = 2, pool: Executor | None = None, on_liveuamap: Callable[[dict], None] | None = None
):
    """Both trackers' map states, read in parallel (one process per archive family) in ``pool``, or in
    a pool of their own when ``workers`` > 1. ``on_liveuamap(states)`` is called with liveuamap's map
    states as soon as they are read (the pipeline starts simplifying them while DeepState's archive,
    the longer read, goes on)."""
    if pool is None and workers > 1:
        with ProcessPoolExecutor(max_workers=2) as own:
            return read_trackers(raw, workers, own, on_liveuamap)
    if pool is not None:
        ds_future = pool.submit(_deepstate_job, raw)
        lv_future = pool.submit(_liveuamap_job, raw)
        wait([lv_future])
        if on_liveuamap is not None and lv_future.exception() is None:
            on_liveuamap(lv_future.result()[0])
        (history, daily, qa_ds), (lv, reference, qa_lv) = ds_future.result(), lv_future.result()
    else:
        history, daily, qa_ds = _deepstate_job(raw)
        lv, reference, qa_lv = _liveuamap_job(raw)
    qa = S.QA(rows=qa_ds.rows + qa_lv.rows, counts=qa_ds.counts + qa_lv.counts)
    return history, daily, lv, reference, qa


def coastline(raw: Path, frame) -> dict[str, object]:
    """Ukraine's coast (equal-area lines), split into the Black Sea and the Sea of Azov.

    The sea is what geoBoundaries' units (which include the 12-mile territorial sea) add to
    the COD-AB land outline, opened by :data:`SEA_OPENING_M` to drop slivers along the land
    borders; the coast is the part of the outline within :data:`COAST_BAND_M` of it. The Sea of
    Azov is the part of that sea north of :data:`AZOV_SOUTH` and east of :data:`AZOV_WEST`.
    """
    data = S.read_geojson(raw / GEOBOUNDARIES_FILE)
    territory = G.to_equal_area(shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in data["features"]]))
    sea = shapely.difference(territory, frame.mask)
    sea = shapely.buffer(shapely.buffer(sea, -SEA_OPENING_M), SEA_OPENING_M)
    sea = shapely.union_all([p for p in shapely.get_parts(sea) if p.area > 50e6])
    azov_box = G.to_equal_area(shapely.box(AZOV_WEST, AZOV_SOUTH, 41.0, 48.5))
    seas = {"Sea of Azov": shapely.intersection(sea, azov_box), "Black Sea": shapely.difference(sea, azov_box)}
    return {
        name: shapely.line_merge(shapely.intersection(frame.outline.boundary, shapely.buffer(part, COAST_BAND_M)))
        for name, part in seas.items()
    }


HANDOVER_MAX_KM2 = 500.0
"""The two DeepState archives may differ by at most this much on a day both describe (they agree
within 90 km² on every one of the 376 common days; Tuzla Island, about 4 km², is missing from the daily files)."""
HANDOVER_MIN_DAYS = 30
"""The hand-over needs at least this many common days to be checked."""


def check_handover(overlap: list[tuple[dt.date, float]]) -> None:
    """Stop when the two DeepState archives disagree on a common day by more than :data:`HANDOVER_MAX_KM2`."""
    if len(overlap) < HANDOVER_MIN_DAYS:
        raise S.RawDataError(
            f"{S.DEEPSTATE_HISTORY_FILE} and {S.DEEPSTATE_DAILY_FILE}: only {len(overlap)} common days "
            f"(at least {HANDOVER_MIN_DAYS} are needed to check the hand-over)"
        )
    day, worst = max(overlap, key=lambda item: abs(item[1]))
    if abs(worst) > HANDOVER_MAX_KM2:
        raise S.RawDataError(
            f"{S.DEEPSTATE_DAILY_FILE} (file dated {day + dt.timedelta(days=1)}) and {S.DEEPSTATE_HISTORY_FILE} "
            f"(last snapshot of {day}) differ by {worst:+,.0f} km² on {day}, more than the {HANDOVER_MAX_KM2:,.0f} km² "
            "the hand-over allows: one of the two archives is damaged"
        )


def named_dates(series: dict[str, list[T.Day]], table: pd.DataFrame | None = None) -> dict[str, dict[str, dt.date]]:
    """The named dates of record, per source (a source gets the names its coverage allows).

    ``latest`` is the last day whose row in ``table`` (``territory_daily``) is ``ok``: a flagged
    last day (a broken map carried forward, an outlier) is never drawn as the latest line."""
    out: dict[str, dict[str, dt.date]] = {}
    for source, days in series.items():
        usable = None
        if table is not None:
            rows = table[(table["source"] == source) & (table["quality"] == "ok")]
            usable = max(rows["date"], default=None)
        covered = {d.date for d in days}
        names: dict[str, dt.date] = {}
        march = [d for d in days if d.date.year == 2022 and d.date.month == 3]
        if march:
            names["march_2022_peak"] = max(march, key=lambda d: (d.state.total_km2, d.date)).date
        for name, day in (("essay_date", C.ESSAY_DATE), ("year_after_essay", YEAR_AFTER_ESSAY)):
            if day in covered:
                names[name] = day
        names["latest"] = usable or days[-1].date
        out[source] = names
    return out


def line_features(
    source, days_by_date, wanted: dict[dt.date, list[str]], tolerance: float, simplified: Callable | None = None
) -> tuple[list, list]:
    """GeoJSON features of the held area on the wanted dates, and the simplification check.

    ``simplified(held)`` gives :func:`simplified_line` for ``tolerance`` (the pipeline's
    :class:`.geometry_jobs.GeometryJobs`); by default it is computed here, once per distinct map."""
    simplified = simplified or GeometryJobs(partial(simplified_line, tolerance=tolerance)).result
    features, checks = [], []
    for day in sorted(wanted):
        item = days_by_date[day]
        held = item.state.held
        simple, simple_km2 = simplified(held)
        checks.append({"date": day, "source": source, "km2": G.km2(held), "line_km2": simple_km2})
        features.append(
            G.feature(
                simple,
                {
                    "date": day.isoformat(),
                    "source": source,
                    "labels": wanted[day],
                    "total_km2": round(G.km2(held), 1),
                    "held_before_2022_km2": round(item.state.held_before_2022_km2, 1),
                    "quality": item.quality,
                },
            )
        )
    return features, checks


def simplified_line(held, tolerance: float) -> tuple[object, float]:
    """A held area simplified for publication (lon/lat) and the area of the simplified line (km²)."""
    simple = G.simplified_lonlat(held, tolerance, LINE_DECIMALS)
    return simple, G.km2(G.to_equal_area(simple))


def eve_of_invasion_feature(reference, frame, tolerance: float) -> tuple[dict, dict]:
    held = G.polygonal(shapely.intersection(reference, frame.mask))
    simple = G.simplified_lonlat(held, tolerance, LINE_DECIMALS)
    props = {
        "date": C.EVE_OF_INVASION.isoformat(),
        "source": "deepstate",
        "labels": ["eve_of_invasion"],
        "total_km2": round(G.km2(held), 1),
        "held_before_2022_km2": round(G.km2(held), 1),
        "quality": "ok",
        "note": "the 2014-2022 line: DeepState's pre-2022 polygons (Crimea, ORDLO, Tuzla) as first archived, 2022-04-03",
    }
    check = {
        "date": C.EVE_OF_INVASION,
        "source": "deepstate",
        "km2": G.km2(held),
        "line_km2": G.km2(G.to_equal_area(simple)),
    }
    return G.feature(simple, props), check, held


def write_json(path: Path, data) -> None:
    path.write_text(
        json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n", encoding="utf-8"
    )


def write_csv(table: pd.DataFrame, path: Path, decimals: int = 1) -> None:
    """Write a table deterministically: fixed column order, rounding and line endings."""
    out = table.copy()
    for column in out.columns:
        if column.endswith("_km2") or column.endswith("_km"):
            out[column] = out[column].astype(float).round(decimals)
        elif column.startswith("share"):
            out[column] = out[column].astype(float).round(6)
    out.to_csv(path, index=False, lineterminator="\n")


@contextmanager
def stage(timings: dict, name: str):
    start = time.perf_counter()
    yield
    timings[name] = time.perf_counter() - start


STAGING_PREFIX = ".staging-"
"""The build writes into ``<out>/.staging-<random>/`` and moves the files into ``out`` at the end."""


def build(raw: Path, out: Path, workers: int = 2, record: Path | None = RAW_RECORD) -> dict[str, float]:
    """Run every stage; write every output; return the seconds each stage took.

    First every raw file the pipeline reads is checked against ``record`` (``data/raw/SHA256SUMS``;
    ``None`` skips the check, for the small test fixtures): a missing or changed file stops the
    build, naming it. The raw tables and reference layers are read and checked next, before the
    trackers' archives. Every output is written into a staging folder inside ``out`` and moved
    into ``out`` (file by file, each replaced at once) only when every stage has passed: a build
    that stops, wherever it stops, leaves ``out`` as it was.
    """
    raw, out = Path(raw), Path(out)
    if not raw.is_dir():
        raise S.RawDataError(f"raw data folder {raw} does not exist (set --raw or FREEZELINES_RAW)")
    if record is not None:
        provenance.verify_raw(raw, record)
    out.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out))
    try:
        timings = _build(raw, staging, workers)
        swap_in(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return timings


def swap_in(staging: Path, out: Path) -> None:
    """Move every file built in ``staging`` to the same place in ``out``, ``datapackage.json`` last."""
    files = sorted((p for p in staging.rglob("*") if p.is_file()), key=lambda p: (p.name == "datapackage.json", p))
    for path in files:
        target = out / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(path, target)


@contextmanager
def _pool(workers: int):
    """A pool of ``workers`` processes (``None`` for one worker); work not yet started is dropped on the way out."""
    if workers <= 1:
        yield None
        return
    pool = ProcessPoolExecutor(max_workers=workers)
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def distinct_maps(days: list[T.Day]) -> list[tuple[dt.date, object]]:
    """The first day of each map state in a daily series, with its held area (a carried-forward day adds none)."""
    distinct, previous = [], None
    for item in days:
        if item.state is not previous:
            distinct.append((item.date, item.state.held))
            previous = item.state
    return distinct


def _build(raw: Path, out: Path, workers: int) -> dict[str, float]:
    """Every stage of :func:`build`, writing into ``out`` (the staging folder).

    With more than one worker, the trackers' archives are read in a process pool, which then
    simplifies and measures their held areas (:class:`.geometry_jobs.GeometryJobs`) while this
    process writes the tables; results do not depend on where they were computed."""
    with _pool(workers) as pool:
        return _stages(raw, out, workers, pool)


def _stages(raw: Path, out: Path, workers: int, pool: Executor | None) -> dict[str, float]:
    (out / "lines").mkdir(exist_ok=True)
    timings: dict[str, float] = {}

    with stage(timings, "reference layers"):
        check_raw_tables(raw)
        frame = L.load_frame(raw)
        oblasts = load_oblasts(raw)
        ukraine_km2 = frame.area_km2
        if abs(ukraine_km2 - C.UKRAINE_AREA_KM2) > 1:
            raise S.RawDataError(
                f"{S.OUTLINE_FILE}: Ukraine's area is {ukraine_km2:,.1f} km², the book's constant says "
                f"{C.UKRAINE_AREA_KM2:,.1f} km²: update freezelines.constants.UKRAINE_AREA_KM2"
            )
        # Every other check on a raw table, before the trackers' archives take their minutes.
        places = P.assign_oblasts(P.build_places(raw), oblasts)
        P.check_oblasts(places, oblasts)
        settlements = P.build_settlements(raw)
        population = P.oblast_population(raw)
        isw = S.read_isw_areas(raw / S.ISW_FILE)
        isw_advances = S.read_isw_areas(raw / S.ISW_FILE, S.ISW_ADVANCES_LAYER)
        liveuamap_areas = S.read_area_series(raw / S.LIVEUAMAP_AREAS_FILE)

    with stage(timings, "boundaries"):
        (out / "boundaries").mkdir(exist_ok=True)
        write_json(
            out / "boundaries" / "ukraine.geojson",
            {
                "type": "FeatureCollection",
                "features": [
                    G.feature(
                        G.simplified_lonlat(frame.outline, BOUNDARY_TOLERANCE_M, LINE_DECIMALS),
                        {
                            "name": "Ukraine",
                            "note": "internationally recognised borders, Crimea and Sevastopol included; land (the Sivash lagoon is a hole)",
                            "area_km2": round(G.km2(frame.outline), 1),
                        },
                    )
                ],
            },
        )
        coast = coastline(raw, frame)
        write_json(
            out / "boundaries" / "coast.geojson",
            {
                "type": "FeatureCollection",
                "features": [
                    G.feature(
                        G.simplified_lonlat(geom, COAST_TOLERANCE_M, LINE_DECIMALS),
                        {"sea": sea, "length_km": round(geom.length / 1000, 1)},
                    )
                    for sea, geom in coast.items()
                ],
            },
        )
        write_json(
            out / "boundaries" / "oblasts.geojson",
            {
                "type": "FeatureCollection",
                "features": [
                    G.feature(
                        G.simplified_lonlat(u["geometry"], BOUNDARY_TOLERANCE_M, LINE_DECIMALS),
                        {
                            "adm1_pcode": u["adm1_pcode"],
                            "iso_3166_2": u["iso_3166_2"],
                            "name": u["name_en"],
                            "area_km2": round(u["area_km2"], 1),
                        },
                    )
                    for u in oblasts
                ],
            },
        )

    archive_jobs = GeometryJobs(
        partial(archive.simplified_geojson, tolerance_m=ARCHIVE_TOLERANCE_M, decimals=LINE_DECIMALS), pool
    )
    line_jobs = GeometryJobs(partial(simplified_line, tolerance=LINE_TOLERANCE_M), pool)
    oblast_jobs = GeometryJobs(partial(T.oblast_areas, oblasts=oblasts), pool)

    with stage(timings, "read trackers"):
        history, daily_files, lv_states, reference, qa = read_trackers(
            raw,
            workers,
            pool,
            on_liveuamap=lambda states: archive_jobs.submit(
                held for _, held in distinct_maps(T.daily_states(states)[0])
            ),
        )
        ds_states, handover = L.merged(history, daily_files)
        overlap = L.overlap(history, daily_files)
        check_handover(overlap)

    with stage(timings, "territory_daily"):
        ds_days, ds_rejected = T.daily_states(ds_states)
        lv_days, lv_rejected = T.daily_states(lv_states)
        table = pd.concat(
            [
                T.rows_for("deepstate", ds_days, ukraine_km2),
                T.rows_for("liveuamap", lv_days, ukraine_km2),
                T.isw_rows(isw, ukraine_km2),
            ],
            ignore_index=True,
        )
        table = T.flag_artefacts(table, liveuamap_areas)
        table = T.flag_disagreements(table)
        table = table.sort_values(["date", "source"], kind="stable").reset_index(drop=True)
        write_csv(table, out / "territory_daily.csv")
        control = isw.rename(columns={"area_km2": "control_km2"})
        advances = isw_advances.rename(columns={"area_km2": "advances_km2"})
        layers = control.merge(advances, on="date", how="left")
        layers["control_plus_advances_km2"] = layers["control_km2"] + layers["advances_km2"]
        write_csv(layers, out / "isw_layers.csv")
        for source, rejected, days in (("deepstate", ds_rejected, ds_days), ("liveuamap", lv_rejected, lv_days)):
            for day, reason in sorted(rejected.items()):
                action = (
                    "carried forward" if day >= days[0].date else "left out: the series starts at the first good map"
                )
                qa.record(file=source, where="daily series", date=day, issue="broken map", action=action, detail=reason)

    series = {"deepstate": ds_days, "liveuamap": lv_days}
    by_date = {s: {d.date: d for d in days} for s, days in series.items()}

    with stage(timings, "line geometries"):
        names = named_dates(series, table)
        line_checks = []
        wanted_all: dict[str, dict[dt.date, list[str]]] = {}
        for source in C.MAP_TRACKERS:
            days = series[source]
            wanted: dict[dt.date, list[str]] = {}
            for day in T.week_days(C.INVASION, days[-1].date):
                if day in by_date[source]:
                    wanted.setdefault(day, []).append("weekly")
            for name, day in names[source].items():
                wanted.setdefault(day, []).append(name)
            wanted_all[source] = wanted
        for jobs in (line_jobs, oblast_jobs):
            jobs.submit(by_date[source][day].state.held for source in C.MAP_TRACKERS for day in wanted_all[source])
        for source in C.MAP_TRACKERS:
            archive_jobs.submit(held for _, held in distinct_maps(series[source]))
        for source in C.MAP_TRACKERS:
            wanted = wanted_all[source]
            features, checks = line_features(source, by_date[source], wanted, LINE_TOLERANCE_M, line_jobs.result)
            line_checks += checks
            if source == "deepstate":
                eve, check, eve_held = eve_of_invasion_feature(reference, frame, LINE_TOLERANCE_M)
                features.insert(0, eve)
                line_checks.insert(0, check)
            write_json(out / "lines" / f"{source}.geojson", {"type": "FeatureCollection", "features": features})
        line_check_table = pd.DataFrame(line_checks)
        line_check_table["change"] = line_check_table["line_km2"] / line_check_table["km2"] - 1

    with stage(timings, "oblast_control"):
        rows = []
        eve_rows = T.oblast_rows(C.EVE_OF_INVASION, "deepstate", eve_held, oblasts)
        for row in eve_rows:
            row["labels"] = "eve_of_invasion"
        rows += eve_rows
        for source in C.MAP_TRACKERS:
            for day, labels in sorted(wanted_all[source].items()):
                held = by_date[source][day].state.held
                for row in T.oblast_rows(day, source, held, oblasts, oblast_jobs.result(held)):
                    row["labels"] = ";".join(labels)
                    rows.append(row)
        oblast_table = pd.DataFrame(rows)
        oblast_table = oblast_table[
            [
                "date",
                "source",
                "labels",
                "adm1_pcode",
                "iso_3166_2",
                "oblast",
                "held_km2",
                "oblast_km2",
                "share_of_oblast",
            ]
        ]
        write_csv(oblast_table.sort_values(["date", "source", "adm1_pcode"], kind="stable"), out / "oblast_control.csv")

    with stage(timings, "places and place_control"):
        write_csv(places, out / "places.csv", decimals=1)
        write_csv(settlements, out / "settlements.csv")
        write_csv(population, out / "population_oblast.csv")
        located = places[places["lat"].notna()].reset_index(drop=True)
        xs, ys = P.points(located)
        control = []
        for source in C.MAP_TRACKERS:
            cache: dict[int, np.ndarray] = {}
            masks = []
            for item in series[source]:
                key = id(item.state.held)  # equal maps share one held area (lines.py)
                if key not in cache:
                    cache[key] = P.inside(item.state.held, xs, ys)
                masks.append((item.date, cache[key]))
            control += P.control_periods(located["place_id"].tolist(), source, masks)
        control_table = pd.DataFrame(
            control,
            columns=["place_id", "source", "start", "end", "days", "held_at_coverage_start", "held_at_coverage_end"],
        )
        control_table = control_table.merge(located[["place_id", "name"]], on="place_id", how="left")
        control_table = control_table[
            ["place_id", "name", "source", "start", "end", "days", "held_at_coverage_start", "held_at_coverage_end"]
        ]
        write_csv(control_table.sort_values(["place_id", "source", "start"], kind="stable"), out / "place_control.csv")

    with stage(timings, "conflict and costs"):
        conflict.build(raw, out)
        costs.build(raw, out)

    with stage(timings, "daily line archive"):
        for source in sorted(C.MAP_TRACKERS, key=lambda s: s != "liveuamap"):  # liveuamap's lines are ready first
            archive.write_archive(
                out / "lines" / f"{source}_daily.jsonl.xz",
                source,
                distinct_maps(series[source]),
                ARCHIVE_TOLERANCE_M,
                LINE_DECIMALS,
                archive_jobs.result,
            )

    with stage(timings, "qa and provenance"):
        qa_table = qa.table()
        write_csv(qa_table, out / "qa_report.csv")
        summary = {
            "ukraine_km2": round(ukraine_km2, 1),
            "handover": {
                "rule": "DeepState day D: the last history-archive snapshot published on UTC day D while D <= "
                f"{handover}; from then on the daily file dated D+1",
                "last_history_day": handover.isoformat(),
                "overlap_days": len(overlap),
                "median_difference_km2": round(float(np.median([d for _, d in overlap])), 1),
                "p95_abs_difference_km2": round(float(np.percentile([abs(d) for _, d in overlap], 95)), 1),
                "max_abs_difference_km2": round(float(max(abs(d) for _, d in overlap)), 1),
            },
            "simplification": {
                "line_tolerance_m": LINE_TOLERANCE_M,
                "archive_tolerance_m": ARCHIVE_TOLERANCE_M,
                "boundary_tolerance_m": BOUNDARY_TOLERANCE_M,
                "decimals": LINE_DECIMALS,
                "max_abs_area_change": round(float(line_check_table["change"].abs().max()), 5),
                "lines": len(line_check_table),
            },
            "bytes": {
                path.relative_to(out).as_posix(): path.stat().st_size
                for folder in ("lines", "boundaries")
                for path in sorted((out / folder).iterdir())
            },
            "places": int((places["population_2022"].fillna(0) >= P.MIN_POPULATION).sum()),
            "qa_counts": dict(sorted(qa.counts.items())),
            "quality_counts": {f"{s}/{q}": int(n) for (s, q), n in table.groupby(["source", "quality"]).size().items()},
        }
        provenance.write(
            raw,
            out,
            summary,
            build_values={
                "coast_tolerance_m": COAST_TOLERANCE_M,
                "sea_opening_km": SEA_OPENING_M / 1000,
                "coast_band_km": COAST_BAND_M / 1000,
                "azov_south": AZOV_SOUTH,
                "azov_west": AZOV_WEST,
                "oblast_units": OBLAST_UNITS,
                "year_after_essay": YEAR_AFTER_ESSAY,
                "deepstate_first_day": ds_days[0].date,
            },
        )

    return timings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=raw_dir(), help="raw data folder")
    parser.add_argument("--out", type=Path, default=data_dir(), help="output folder")
    parser.add_argument("--workers", type=int, default=2, help="processes for reading the archives")
    args = parser.parse_args(argv)
    try:
        timings = build(args.raw, args.out, args.workers)
    except S.RawDataError as exc:
        print(f"make data: {exc}", file=sys.stderr)
        return 1
    summary = json.loads((args.out / "datapackage.json").read_text())["freezelines:summary"]
    print(
        "QA:", ", ".join(f"{k} {v}" for k, v in summary["qa_counts"].items() if not k.startswith("deepstate features"))
    )
    print("Quality:", ", ".join(f"{k} {v}" for k, v in summary["quality_counts"].items()))
    print("Hand-over check:", summary["handover"])
    for name, seconds in timings.items():
        print(f"{name:>26}: {seconds:7.1f} s")
    print(f"{'total':>26}: {sum(timings.values()):7.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
