"""The Russian-held area ("the line") of each tracker, one map state per day.

A *map state* is the area one tracker showed as held by Russian forces on one day,
in the equal-area frame, clipped to Ukraine's internationally recognised borders.
This module reads the archives (through :mod:`freezelines.ingest.sources`) and returns
map states keyed by the day they describe:

* DeepState history archive: for UTC day D, the last snapshot published on D.
* DeepState daily files: the file dated D was downloaded at about 03:00 UTC on D, so
  it describes the evening of D-1.
* NZZ / liveuamap: the file's features carry the map date (``properties.date``),
  usually the day before the file's date; several files can carry one map date,
  the last one read wins. NZZ lacks Crimea throughout and the pre-2022 Donetsk and
  Luhansk areas from March 2024: every NZZ state is completed with DeepState's
  pre-2022 polygons of 2022-04-03 (Crimea, ORDLO, Tuzla).

Clipping. The held area is intersected with Ukraine's outline (OCHA COD-AB) with its
one interior hole, the Sivash lagoon, filled: land plus the Sivash, which is
Ukrainian internal water. What the trackers draw over the open sea, over Russia
or beyond is cut off; ``drawn_km2`` keeps the area as drawn, for comparison with the
trackers' own published totals.

Polygons of a counted class that lie wholly outside the region (Ukraine's outline
buffered by 100 km) are left out and recorded in the QA log; so are polygons
outside the region in classes that do not count (such as NZZ's "losses"), which
change no number but mark the file as defective.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import shapely

from .. import geometry as G
from . import sources as S
from .memo import Memo, fingerprint

ORDLO_PRESENT = 0.2
"""Share of the pre-2022 reference an NZZ map must cover to count as including ORDLO."""
REGION_BUFFER_M = 100_000
"""Polygons wholly farther than this from Ukraine's outline are outside the region."""


@dataclass(frozen=True)
class Frame:
    """Ukraine's borders in the equal-area frame, and the region around them."""

    outline: object
    """The OCHA COD-AB outline (land; the Sivash is a hole)."""
    mask: object
    """The outline with its interior hole filled: the clip mask for every held area."""
    region: object
    """The mask buffered by :data:`REGION_BUFFER_M`."""

    @property
    def area_km2(self) -> float:
        return G.km2(self.mask)


def load_frame(raw: Path) -> Frame:
    data = S.read_geojson(raw / S.OUTLINE_FILE)
    outline = G.to_equal_area(shapely.union_all([shapely.geometry.shape(f["geometry"]) for f in data["features"]]))
    mask = G.fill_holes(outline)
    region = shapely.buffer(mask, REGION_BUFFER_M, quad_segs=4)
    for geom in (outline, mask, region):
        shapely.prepare(geom)
    return Frame(outline=outline, mask=mask, region=region)


@dataclass
class MapState:
    """One tracker's held area on one day."""

    source: str
    date: dt.date
    file: str
    snapshot: str
    held: object
    """Held area, equal-area frame, clipped to :attr:`Frame.mask`."""
    drawn_km2: float
    """The held area as the tracker drew it (foreign layers and out-of-region polygons excluded), unclipped."""
    pre2022: object
    """The part of :attr:`held` held before 24 Feb 2022 (clipped)."""
    notes: list[str] = field(default_factory=list)

    @property
    def total_km2(self) -> float:
        return G.km2(self.held)

    @property
    def held_before_2022_km2(self) -> float:
        return G.km2(self.pre2022)


def _swap(geom):
    """The geometry with x and y exchanged."""
    return shapely.transform(geom, lambda xy: xy[:, ::-1])


def _in_region(
    polygons: list, frame: Frame, snap: S.Snapshot, qa: S.QA, label: str, counted: bool, notes: list
) -> list:
    """Project polygons; leave out those wholly outside the region, with one QA row per snapshot
    and a note for the day."""
    if not polygons:
        return []
    projected = [G.to_equal_area(p) for p in polygons]
    inside = shapely.intersects(frame.region, projected)
    outside = [(G.km2(p), q) for p, q, ok in zip(projected, polygons, inside) if not ok]
    # Swapped: the polygon lies outside the region but, with its two coordinates exchanged, inside
    # Ukraine itself (not merely near it: stray slivers east of the Caspian would otherwise qualify).
    swapped = [
        q
        for p, q, ok in zip(projected, polygons, inside)
        if not ok and frame.mask.intersects(G.to_equal_area(_swap(q)))
    ]
    fate = "left out" if counted else "not counted anyway"

    def leave_out(issue: str, detail: str, note: str) -> None:
        qa.record(
            file=snap.file,
            where=snap.where,
            date=snap.date,
            issue=issue,
            action="left out" if counted else f"not counted anyway ({label})",
            detail=f"{label}: {detail}",
        )
        notes.append(f"map has {note}")

    if swapped:
        lon, lat = shapely.get_coordinates(swapped[0].representative_point())[0]
        leave_out(
            "latitude and longitude swapped",
            f"{len(swapped)} polygon(s) near {lon:.1f}°E {lat:.1f}°N, which lie in Ukraine's region "
            "with the two coordinates exchanged (GeoJSON is [longitude, latitude])",
            f"{len(swapped)} '{label}' polygon(s) with latitude and longitude swapped ({fate})",
        )
        outside = [(a, q) for a, q in outside if not any(q is w for w in swapped)]
    if outside:
        area, largest = max(outside, key=lambda item: item[0])
        lon, lat = shapely.get_coordinates(largest.representative_point())[0]
        total = sum(a for a, _ in outside)
        leave_out(
            "polygon outside the region",
            f"{len(outside)} polygon(s), {total:,.1f} km² in all; the largest, {area:,.1f} km², near {lon:.1f}°E {lat:.1f}°N",
            f"{len(outside)} '{label}' polygon(s) outside the region ({total:,.0f} km², {fate})",
        )
    return [p for p, ok in zip(projected, inside) if ok]


class _Clipper:
    """Clips the polygons of map states to a frame's mask, once per distinct input (maps repeat from
    day to day, the pre-2022 polygons far more often than the rest). One per reader."""

    def __init__(self, frame: Frame) -> None:
        self.frame = frame
        self._pre, self._held = Memo(), Memo()

    def clip(self, held_parts: list, pre_parts: list) -> tuple[object, float, object]:
        """The union of all parts clipped to the mask, its area as drawn (km²), and the pre-2022 parts' union clipped."""
        mask = self.frame.mask
        pre_key = fingerprint(pre_parts)
        pre_clipped = self._pre.get(pre_key, lambda: G.polygonal(shapely.intersection(G.union(pre_parts), mask)))

        def held_and_drawn() -> tuple[object, float]:
            drawn = G.union(held_parts + pre_parts)
            return G.polygonal(shapely.intersection(drawn, mask)), G.km2(drawn)

        held, drawn_km2 = self._held.get(fingerprint(held_parts) + pre_key, held_and_drawn)
        return held, drawn_km2, pre_clipped


def _state(source, snap, held_parts, pre_parts, clipper: _Clipper, day=None, notes=None) -> MapState:
    held, drawn_km2, pre_clipped = clipper.clip(held_parts, pre_parts)
    return MapState(
        source=source,
        date=day or snap.date,
        file=snap.file,
        snapshot=snap.snapshot,
        held=held,
        drawn_km2=drawn_km2,
        pre2022=pre_clipped,
        notes=list(notes or []),
    )


# DeepState --------------------------------------------------------------------------


def deepstate_history(raw: Path, frame: Frame, qa: S.QA) -> dict[dt.date, MapState]:
    """DeepState's history archive: the last snapshot of each UTC day.

    Every snapshot is classified (an unknown fill stops the pipeline); only the last one
    of each day is turned into geometry.
    """
    states: dict[dt.date, MapState] = {}
    clipper = _Clipper(frame)
    stream = S.read_bundle(raw / S.DEEPSTATE_HISTORY_FILE, qa)
    for day, group in itertools.groupby(stream, key=lambda s: s.date):
        snaps = list(group)
        for snap in snaps[:-1]:
            S.deepstate_classes(snap, qa, build=())
        qa.counts["deepstate snapshots superseded later the same day"] += len(snaps) - 1
        last = snaps[-1]
        classes = S.deepstate_classes(last, qa)
        notes: list[str] = []
        occupied = _in_region(classes[S.OCCUPIED], frame, last, qa, "occupied", True, notes)
        pre = _in_region(classes[S.PRE2022], frame, last, qa, "pre-2022", True, notes)
        states[day] = _state("deepstate", last, occupied, pre, clipper, notes=notes)
    return states


def deepstate_pre2022_reference(raw: Path, frame: Frame, qa: S.QA):
    """The pre-2022 polygons (Crimea, ORDLO, Tuzla) of DeepState's first archived snapshot.

    Equal-area frame, unclipped. They complete NZZ's maps.
    """
    for snap in S.read_bundle(raw / S.DEEPSTATE_HISTORY_FILE, qa):
        if snap.snapshot == S.DEEPSTATE_PRE2022_SNAPSHOT:
            classes = S.deepstate_classes(snap, qa)
            return G.union(_in_region(classes[S.PRE2022], frame, snap, qa, "pre-2022", True, []))
    raise S.RawDataError(
        f"{S.DEEPSTATE_HISTORY_FILE}: snapshot {S.DEEPSTATE_PRE2022_SNAPSHOT} (the pre-2022 reference) not found"
    )


def deepstate_daily(raw: Path, frame: Frame, qa: S.QA, pre2022_reference) -> dict[dt.date, MapState]:
    """DeepState's daily files: the file dated D describes the evening of D-1.

    The files hold one unclassified union (occupied, Crimea, ORDLO; Tuzla left out), so
    the pre-2022 part is the intersection with the reference pre-2022 polygons.
    """
    states: dict[dt.date, MapState] = {}
    merges, clipper = Memo(), _Clipper(frame)
    for snap in S.read_bundle(raw / S.DEEPSTATE_DAILY_FILE, qa, one_per_day=True):
        polygons = []
        for index, feat in enumerate(snap.geojson["features"]):
            polygons += S.feature_polygons(feat, snap, qa, index)
        notes: list[str] = []
        held = _in_region(polygons, frame, snap, qa, "occupied", True, notes)
        day = snap.date - dt.timedelta(days=1)
        merged, pre_part = merges.get(fingerprint(held), lambda: _with_pre2022(held, pre2022_reference))  # noqa: B023 (used at once)
        notes.append(
            "daily file (downloaded the next morning); pre-2022 part from the archive's last pre-2022 polygons"
        )
        state = _state(
            "deepstate", snap, [merged], [pre_part] if not pre_part.is_empty else [], clipper, day=day, notes=notes
        )
        states[day] = state
    return states


def _with_pre2022(polygons: list, pre2022_reference) -> tuple[object, object]:
    """The union of a daily file's polygons and its part within the pre-2022 reference."""
    merged = G.union(polygons)
    return merged, G.polygonal(shapely.intersection(merged, pre2022_reference))


# NZZ / liveuamap -----------------------------------------------------------------------


def liveuamap(raw: Path, frame: Frame, qa: S.QA, pre2022_reference) -> dict[dt.date, MapState]:
    """NZZ's liveuamap maps by map date, completed with the pre-2022 reference polygons."""
    states: dict[dt.date, MapState] = {}
    reference_km2 = G.km2(pre2022_reference)
    latest: dt.date | None = None
    previous: tuple[str, MapState, list[dict]] | None = None
    owns, clipper = Memo(), _Clipper(frame)
    for snap in S.read_bundle(raw / S.NZZ_FILE, qa, one_per_day=True):
        day = S.nzz_state_date(snap, qa)
        if previous and snap.digest and snap.digest == previous[0] and previous[1].date == day:
            # An identical file: same map, same findings; record them again for this file.
            qa.counts["nzz files identical to the previous file"] += 1
            for row in previous[2]:
                qa.record(**{**row, "where": snap.where, "date": snap.date})
            continue
        first_row = len(qa.rows)
        if latest and day < latest:
            qa.record(
                file=snap.file,
                where=snap.where,
                date=day,
                issue="map date out of order",
                action="used as a revision of that date",
                detail=f"file {snap.date} maps {day}, after a file that mapped {latest}",
            )
        latest = max(latest or day, day)
        types = S.nzz_polygons(snap, qa)
        notes: list[str] = []
        held = _in_region(types["nochange"] + types["gains"], frame, snap, qa, "nochange/gains", True, notes)
        _in_region(types["losses"], frame, snap, qa, "losses", False, notes)
        # Crimea is about 60% of the reference and always absent; ORDLO is the rest.
        own, covered = owns.get(fingerprint(held), lambda: _own_and_covered(held, pre2022_reference, reference_km2))  # noqa: B023 (used at once)
        notes.insert(
            0,
            "NZZ map lacks Crimea"
            + ("" if covered > ORDLO_PRESENT else " and the pre-2022 Donetsk/Luhansk areas")
            + "; completed with DeepState's pre-2022 polygons of 2022-04-03",
        )
        states[day] = _state("liveuamap", snap, [own], [pre2022_reference], clipper, day=day, notes=notes)
        findings = [{**row, "date": None} for row in qa.rows[first_row:]]
        previous = (snap.digest, states[day], findings)
    return states


def _own_and_covered(polygons: list, pre2022_reference, reference_km2: float) -> tuple[object, float]:
    """The union of an NZZ map's held polygons, and the share of the pre-2022 reference it covers."""
    own = G.union(polygons)
    return own, G.km2(shapely.intersection(own, pre2022_reference)) / reference_km2


def merged(history: dict, daily: dict) -> tuple[dict[dt.date, MapState], dt.date]:
    """DeepState without a gap: the history archive through its last day, then the daily files.

    Hand-over rule: day D comes from the history archive while D <= its last day, and from
    the daily file dated D+1 after that.
    """
    handover = max(history)
    states = dict(history)
    for day, state in daily.items():
        if day > handover:
            states[day] = state
    return states, handover


def overlap(history: dict, daily: dict) -> list[tuple[dt.date, float]]:
    """Days both DeepState archives describe, with daily-file total minus history total (km²)."""
    return sorted((d, daily[d].total_km2 - history[d].total_km2) for d in set(history) & set(daily))


def days(start: dt.date, end: dt.date) -> Iterable[dt.date]:
    for offset in range((end - start).days + 1):
        yield start + dt.timedelta(days=offset)
