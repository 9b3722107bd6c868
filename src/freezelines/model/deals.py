"""Deals on the table: each territorial proposal drawn as a line and priced in land.

A proposal is data (:class:`~freezelines.model.proposals.Proposal`, read by
:mod:`freezelines.model.proposals` from ``proposals.yaml``, where an instructor can add one):
its name, the date it was made or reported, the citation key of the source for its terms, the
book's paraphrase of those terms, and one rule per oblast (``adm1_pcode``) for the Russian-held side of the line it would draw:

- ``"whole"``: Russia gets the whole oblast;
- ``"line"``: the tracker's line inside the oblast stays where it is;
- ``"none"``: Russian forces leave the oblast;
- ``"pre2022"``: the line of 2014–2022 inside the oblast (DeepState's pre-2022 polygons);
- ``"dmz"``: the tracker's line inside the oblast stays where it is and the rest of the
  oblast, which Ukrainian forces would leave, becomes a demilitarised zone (its own piece);
- ``"open"``: the tracker's line inside the oblast stays where it is and the rest of the oblast
  is left to later talks: an open question, drawn as its own piece and not counted as given up.

Oblasts a proposal does not name follow its ``elsewhere`` rule. The rules are applied to the
map of the proposal's day (:func:`map_for`): the last usable map (quality ``ok``) at most
:data:`MAP_WINDOW_DAYS` days before its date, on DeepStateMap if it has one, else on liveuamap;
a proposal later than the data is drawn on the latest usable line. Every measure comes from
:func:`freezelines.model.scenarios.measure` on a :class:`~freezelines.model.scenarios.Line` built from
the rule: this module draws the lines, the scenario model measures them.

Each proposal gets two figures. **The essay's price**: the land seized since 24 February 2022
that the deal would leave on the Russian side (with, where there is one, a zone the proposal
would leave to Russia or to later talks, shown both without and with it), graded against the
essay's yardstick of "tens of thousands of km²". **The extra concession**: what it would move
beyond its day's line, the land Ukraine would give up (the Russian side and any demilitarised
zone, less the land Russian forces held that day) and the land Russian forces would give up.
Strips narrower than the drawing's resolution (:func:`resolution_m`) along borders and coasts
are not counted as land moved: they are where the simplified oblast borders and the tracker's
drawing disagree, and are reported apart (``slivers_km2``).

:func:`pieces` precomputes, for every oblast where Russian forces hold land on a day, the
measures of the three choices (keep the line, the whole oblast, leave it) as additive pieces
for a "build your own deal" panel: area, pre-war residents and cities add up over oblasts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd
import shapely

from .. import constants as C
from .. import geometry as G
from ..paths import data_path
from . import scenarios as S
from . import territory as T
from .places import MIN_POPULATION
from .proposals import (  # noqa: F401 - the proposals' reader, re-exported for the model's users
    BIBLIOGRAPHY,
    PACKAGED_SOURCES,
    PROPOSALS_ENV,
    PROPOSALS_FILE,
    RULES,
    Proposal,
    not_drawn,
    proposal,
    proposals,
    proposals_file,
    read_proposals,
    sources,
)
from .proposals import reload as _reload_proposals

PANEL_CHOICES = ("line", "whole", "none")
"""The three choices of the "build your own deal" panel, per oblast."""
YARDSTICK_KM2 = C.YARDSTICK_KM2
MIN_HELD_KM2 = 1.0
"""An oblast counts as one where Russian forces hold land above this area (drawing seams below it)."""
SOURCE = "deepstate"
"""The book's reference map: proposals are drawn on it when it has a usable map of their day, and
the "build your own deal" panel works on its lines."""
MAP_SOURCES = (SOURCE, "liveuamap")
"""The trackers a proposal can be drawn on, in order of preference (both publish daily maps)."""
MAP_WINDOW_DAYS = 7
"""A proposal is drawn on the last usable map at most this many days before its date."""


def __getattr__(name: str):
    """``PROPOSALS`` and ``NOT_DRAWN``, read on first use (nothing is read at import: the package
    imports without its data, and a course's file named by ``$FREEZELINES_PROPOSALS`` is honoured)."""
    if name == "PROPOSALS":
        return proposals()
    if name == "NOT_DRAWN":
        return not_drawn()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def reload(measures: bool = True) -> None:
    """Forget what was read (after changing ``$FREEZELINES_PROPOSALS`` or the file) and, unless
    ``measures`` is false (the proposals already measured did not change), what was measured."""
    _reload_proposals()
    if measures:
        price.cache_clear()


def day_for(date, source: str = SOURCE) -> dt.date:
    """The tracker's day for a date: clamped to the archive (first day if earlier, latest if later)."""
    first, last = S.dates_available(source)
    return min(max(S.as_date(date), first), last)


def _usable_days(source: str) -> pd.DatetimeIndex:
    return T.usable(S.context().territory, source).index


def map_for(date) -> tuple[str, dt.date]:
    """The map a proposal of ``date`` is drawn on: ``(tracker, day)``.

    The last usable map (quality ``ok``: never a flagged, stale or carried-forward day) at most
    :data:`MAP_WINDOW_DAYS` days before the date, on the first of :data:`MAP_SOURCES` that has
    one; for a date after every tracker's data, the reference tracker's latest usable day.
    Raises ``ValueError`` if no tracker has a usable map of the day (such a proposal cannot be
    priced)."""
    day = S.as_date(date)
    for source in MAP_SOURCES:
        days = _usable_days(source)
        before = days[days <= pd.Timestamp(day)]
        if len(before) and (day - before[-1].date()).days <= MAP_WINDOW_DAYS:
            return source, before[-1].date()
    latest = _usable_days(SOURCE)[-1].date()
    if day > latest:
        return SOURCE, latest
    raise ValueError(
        f"no usable map within {MAP_WINDOW_DAYS} days before {day} on {', '.join(MAP_SOURCES)}: "
        "a proposal of that day cannot be priced"
    )


@lru_cache(maxsize=2)
def _tolerance_m(name: str) -> float:
    """A tolerance the processed data were simplified with (``data/datapackage.json``), in metres."""
    import json

    path = data_path("datapackage.json")
    simplification = json.loads(path.read_text(encoding="utf-8"))["freezelines:summary"]["simplification"]
    if name not in simplification:
        raise KeyError(f"{path}: freezelines:summary.simplification has no {name!r}")
    return float(simplification[name])


def resolution_m() -> float:
    """Half the width under which a strip between an oblast border and a tracker's line is drawing
    noise: the tolerance the oblast borders were simplified with (``data/datapackage.json``)."""
    return _tolerance_m("boundary_tolerance_m")


def archive_tolerance_m() -> float:
    """The tolerance the daily line archive (the maps proposals are drawn on) was simplified with (``data/datapackage.json``)."""
    return _tolerance_m("archive_tolerance_m")


def moved(geom) -> tuple[object, object]:
    """Land moved by a deal, without the slivers below the drawing's resolution: ``(moved, slivers)``."""
    return G.without_slivers(geom, resolution_m())


# Drawing ----------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def extended_oblasts() -> dict[str, object]:
    """The oblasts, extended to cover all of Ukraine's outline (equal-area frame).

    The tracker's areas are clipped to Ukraine's outline with the Sivash lagoon filled; the
    oblast boundaries leave out the Sivash (2,053 km², which goes with Crimea) and a few
    hundred seams of a few km². Each such gap joins the oblast it touches most, so that the
    oblast pieces of a deal cover every km² a tracker counts.
    """
    ctx = S.context()
    geoms = list(ctx.oblast_geoms)
    gaps = G.polygonal(shapely.difference(ctx.mask, shapely.union_all(geoms)))
    extra = [[] for _ in geoms]
    for part in shapely.get_parts(gaps):
        touch = shapely.buffer(part, 50)
        overlap = [shapely.intersection(touch, g).area if shapely.intersects(touch, g) else 0.0 for g in geoms]
        best = max(range(len(geoms)), key=overlap.__getitem__)
        if overlap[best] == 0.0:
            best = min(range(len(geoms)), key=lambda i: shapely.distance(part, geoms[i]))
        extra[best].append(part)
    out = {}
    for code, geom, more in zip(ctx.oblasts["adm1_pcode"], geoms, extra):
        joined = G.union([geom, *more]) if more else geom
        shapely.prepare(joined)
        out[code] = joined
    return out


def _oblast(code: str):
    try:
        return extended_oblasts()[code]
    except KeyError:
        raise KeyError(f"no oblast {code!r}") from None


def codes() -> list[str]:
    return list(S.context().oblasts["adm1_pcode"])


def piece(code: str, rule: str, held) -> tuple[object, object]:
    """The Russian side and the demilitarised zone of one oblast under one rule (equal-area geometries)."""
    if rule not in RULES:
        raise ValueError(f"unknown rule {rule!r}: choose from {RULES}")
    oblast = _oblast(code)
    empty = shapely.Polygon()
    if rule == "whole":
        return oblast, empty
    if rule == "none":
        return empty, empty
    if rule == "pre2022":
        return G.polygonal(shapely.intersection(S.context().pre2022, oblast)), empty
    inside = G.polygonal(shapely.intersection(held, oblast)) if shapely.intersects(held, oblast) else empty
    if rule == "line":
        return inside, empty
    return inside, moved(G.polygonal(shapely.difference(oblast, held)))[0]  # dmz or open: the rest of the oblast


def draw(rules: dict[str, str], held, elsewhere: str = "line") -> tuple[object, object, object]:
    """The Russian side, the demilitarised zone and the open zone of a deal: the oblast pieces, joined."""
    russian, dmz, open_ = [], [], []
    for code in codes():
        rule = rules.get(code, elsewhere)
        side, zone = piece(code, rule, held)
        if not side.is_empty:
            russian.append(side)
        if not zone.is_empty:
            (open_ if rule == "open" else dmz).append(zone)
    return _union(russian), _union(dmz), _union(open_)


def _union(parts):
    if not parts:
        return shapely.Polygon()
    joined = G.polygonal(shapely.union_all(parts))
    shapely.prepare(joined)
    return joined


# Measures ---------------------------------------------------------------------------------


@dataclass
class Price:
    """What one proposal would change, measured on the tracker's line of its day."""

    proposal: Proposal
    source: str
    """The tracker whose map of the day the proposal is drawn on (:func:`map_for`)."""
    day: dt.date
    line: S.Line
    """The Russian side under the deal."""
    current: S.Result
    """The tracker's line on ``day``, measured (from its geometry)."""
    deal: S.Result
    ukraine_gives: S.Result
    """Land beyond the day's line that Ukraine would give up (Russian side and demilitarised zone)."""
    russia_gives: S.Result
    dmz: S.Result | None
    open_zone: S.Result | None
    """Land the proposal leaves to later talks (an ``open`` rule): neither side's, not given up."""
    front_km: float
    """Length of the line Ukrainian forces would hold (the edge of the Russian side and any
    demilitarised zone; an open zone is not crossed)."""
    beyond_essay_km2: float
    """The deal's Russian side and zone, less the area Russian forces held on 17 November 2022."""
    kept_km2: float
    """The essay's price: land seized since 24 February 2022 on the Russian side of the deal."""
    zone_km2: float
    """Any zone the deal would leave to Russia or to later talks (demilitarised or open)."""
    gives_slivers_km2: float
    """Strips below the drawing's resolution (:func:`moved`) left out of ``ukraine_gives``."""
    returns_slivers_km2: float
    """The same, left out of ``russia_gives``."""
    geometries: dict = field(default_factory=dict)

    @property
    def slivers_km2(self) -> float:
        """Strips below the drawing's resolution that the rules would move, not counted as land moved."""
        return self.gives_slivers_km2 + self.returns_slivers_km2

    @property
    def kept_with_zone_km2(self) -> float:
        """The essay's price if the zone went to Russia too (the 28-point plan says it would be
        recognised as Russian; Russia asks for the rest of Donetsk oblast)."""
        return self.kept_km2 + self.zone_km2

    @property
    def share(self) -> float:
        return self.deal.share_of_ukraine

    @property
    def share_with_zone(self) -> float:
        return (self.deal.total_km2 + self.zone_km2) / C.UKRAINE_AREA_KM2

    @property
    def front_quotable(self) -> bool:
        """Whether the front length of the day's map is quoted: only on the reference tracker,
        whose lines are continuous (liveuamap's early maps are patches, whose edges are no front)."""
        return self.source == SOURCE

    @property
    def source_caveat(self) -> str:
        return "" if self.front_quotable else f"{C.SOURCE_LABELS[self.source]} drew the early war as separate patches"

    @property
    def quality(self) -> str:
        """The quality of the map the proposal is drawn on (always ``ok``: see :func:`map_for`)."""
        return S.line_on(self.day, self.source).quality


def clipped(held):
    """A tracker's drawn area clipped to Ukraine's outline (its drawings overhang coasts and borders a little)."""
    inside = G.polygonal(shapely.intersection(held, S.context().mask))
    shapely.prepare(inside)
    return inside


def _line(label: str, geom, day: dt.date, source: str = SOURCE) -> S.Line:
    return S.Line(
        label=label, source="deal", date=day, held=geom, note=f"a proposal drawn on {C.SOURCE_LABELS[source]}'s line"
    )


@lru_cache(maxsize=16)
def price(key: str) -> Price:
    """Measure one proposal on the map of its day (:func:`map_for`; a few hundred ms)."""
    item = proposal(key)
    source, day = map_for(item.date)
    held = clipped(S.line_on(day, source).held)
    russian, dmz, open_zone = draw(item.rules, held, item.elsewhere)
    ceded_side = _union([g for g in (russian, dmz) if not g.is_empty])
    gives, gives_slivers = moved(G.polygonal(shapely.difference(ceded_side, held)))
    returns, returns_slivers = moved(G.polygonal(shapely.difference(held, russian)))
    essay = clipped(S.line_on(C.ESSAY_DATE, SOURCE).held)
    line = _line(item.name, russian, day, source)
    deal = S.measure(line)
    zone = _union([g for g in (dmz, open_zone) if not g.is_empty])
    return Price(
        proposal=item,
        source=source,
        day=day,
        line=line,
        current=S.measure(_line(f"{C.SOURCE_LABELS[source]}, {day:%-d %B %Y}", held, day, source)),
        deal=deal,
        ukraine_gives=S.measure(_line("Ukraine would give up", gives, day, source)),
        russia_gives=S.measure(_line("Russian forces would give up", returns, day, source)),
        dmz=None if dmz.is_empty else S.measure(_line("demilitarised zone", dmz, day, source)),
        open_zone=None if open_zone.is_empty else S.measure(_line("left to later talks", open_zone, day, source)),
        front_km=S.measure(_line("the line Ukraine would hold", ceded_side, day, source)).front_km,
        beyond_essay_km2=G.km2(shapely.difference(ceded_side, essay)),
        kept_km2=max(deal.seized_since_2022_km2, 0.0),
        zone_km2=G.km2(zone),
        gives_slivers_km2=G.km2(gives_slivers),
        returns_slivers_km2=G.km2(returns_slivers),
        geometries={
            "russian": russian,
            "dmz": dmz,
            "open": open_zone,
            "ukraine_gives": gives,
            "russia_gives": returns,
            "held": held,
        },
    )


def _held_sites(result: S.Result) -> list[str]:
    sites = result.sites
    return list(sites.loc[sites["held"] & (sites["place_id"] != "site-land-corridor"), "name"])


def city_names(result: S.Result | None) -> str:
    """Every city and town of :data:`MIN_POPULATION` or more in a piece, largest first, joined by "; "."""
    return "" if result is None else "; ".join(result.cities["name"])


def passes_yardstick(km2: float) -> bool:
    """Whether a price reaches the essay's "tens of thousands of km²" (as rounded for the page)."""
    return C.rounded("km2", km2) >= YARDSTICK_KM2


def isw_on(date) -> float:
    """ISW's assessed-control area on a proposal's own date (a check on the map it is drawn on,
    from another tracker: areas only, wider or narrower by layer), NaN where ISW's series has no
    usable value that day."""
    rows = T.usable(S.context().territory, "isw")["total_km2"]
    return float(rows.get(pd.Timestamp(S.as_date(date)), float("nan")))


def table() -> pd.DataFrame:
    """One row per proposal: its date, the map it is drawn on, the essay's price (land seized since
    24 February 2022 left on the Russian side) and what it moves beyond its day's line."""
    rows = []
    for item in proposals():
        p = price(item.key)
        rows.append(
            {
                "key": item.key,
                "proposal": item.name,
                "date": item.date,
                "map_source": p.source,
                "map_day": p.day,
                "cite": item.cite,
                "held_km2": p.current.total_km2,
                "held_seized_km2": p.current.seized_since_2022_km2,
                "isw_held_km2": isw_on(item.date),
                "kept_km2": p.kept_km2,
                "kept_with_zone_km2": p.kept_with_zone_km2,
                "kept_in_yardsticks": p.kept_km2 / YARDSTICK_KM2,
                "kept_passes": passes_yardstick(p.kept_km2),
                "zone_kind": "demilitarised" if p.dmz else ("open" if p.open_zone else ""),
                "zone_km2": p.zone_km2,
                "open_km2": p.open_zone.total_km2 if p.open_zone else 0.0,
                "share_with_zone": p.share_with_zone,
                "slivers_km2": p.slivers_km2,
                "deal_km2": p.deal.total_km2,
                "deal_share": p.deal.share_of_ukraine,
                "ukraine_gives_km2": p.ukraine_gives.total_km2,
                "ukraine_gives_residents": p.ukraine_gives.population["total"],
                "ukraine_gives_cities": len(p.ukraine_gives.cities),
                "ukraine_gives_largest": ", ".join(p.ukraine_gives.cities["name"].head(3)),
                "ukraine_gives_city_names": city_names(p.ukraine_gives),
                "zone_city_names": city_names(p.dmz or p.open_zone),
                "russia_gives_city_names": city_names(p.russia_gives),
                "ukraine_gives_sites": ", ".join(_held_sites(p.ukraine_gives)),
                "dmz_km2": p.dmz.total_km2 if p.dmz else 0.0,
                "russia_gives_km2": p.russia_gives.total_km2,
                "russia_gives_residents": p.russia_gives.population["total"],
                "russia_gives_cities": len(p.russia_gives.cities),
                "front_km": p.front_km,
                "current_front_km": p.current.front_km,
                "beyond_essay_km2": p.beyond_essay_km2,
                "gives_in_yardsticks": p.ukraine_gives.total_km2 / YARDSTICK_KM2,
                "gives_passes": passes_yardstick(p.ukraine_gives.total_km2),
                "znpp_russian": bool(p.deal.sites.set_index("place_id").loc["site-znpp", "held"]),
                "melitopol_russian": bool(p.deal.sites.set_index("place_id").loc["site-melitopol-hub", "held"]),
                "corridor": bool(p.deal.corridor),
            }
        )
    return pd.DataFrame(rows)


GLUED = {
    "held_km2": "km2",
    "held_seized_km2": "km2",
    "isw_held_km2": "km2",
    "kept_km2": "km2",
    "kept_with_zone_km2": "km2",
    "zone_km2": "km2",
    "open_km2": "km2",
    "slivers_km2": "km2",
    "deal_km2": "km2",
    "deal_share": None,
    "share_with_zone": None,
    "ukraine_gives_km2": "km2",
    "ukraine_gives_residents": "residents",
    "ukraine_gives_cities": None,
    "dmz_km2": "km2",
    "russia_gives_km2": "km2",
    "russia_gives_residents": "residents",
    "russia_gives_cities": None,
    "front_km": "km",
    "current_front_km": "km",
    "beyond_essay_km2": "km2",
    "gives_in_yardsticks": None,
    "kept_in_yardsticks": None,
}
"""The columns of :func:`table` the chapter pastes, with the kind of rounding each is shown with."""


def glue_values(frame: pd.DataFrame | None = None) -> dict:
    """The numbers the chapter pastes, by glue key (``deals-<proposal>-<measure>``), each rounded
    as the book shows its kind (:func:`rounded`), so the chapter, the table and the pages agree."""
    frame = table() if frame is None else frame
    out = {}
    for _, row in frame.iterrows():
        prefix = f"deals-{row['key']}"
        for column, kind in GLUED.items():
            value = row[column]
            if column.endswith("cities"):
                value = int(value)
            elif kind == "residents":
                value = int(C.rounded(kind, value))
            else:
                value = C.rounded(kind, value) if kind else float(value)
            out[f"{prefix}-{column.replace('_', '-')}"] = value
    essay = S.measure(S.line_on(C.ESSAY_DATE, SOURCE))
    out["deals-essay-held-km2"] = C.rounded("km2", essay.total_km2)
    out["deals-essay-seized-km2"] = C.rounded("km2", essay.seized_since_2022_km2)
    out["deals-essay-front-km"] = C.rounded("km", essay.front_km)
    out["deals-resolution-m"] = resolution_m()
    out["deals-archive-tolerance-m"] = archive_tolerance_m()
    out["deals-map-window-days"] = int(MAP_WINDOW_DAYS)
    out["deals-passing-count"] = int(frame["kept_passes"].sum())
    out["deals-yardstick-km2"] = float(YARDSTICK_KM2)
    out["deals-min-population"] = int(MIN_POPULATION)
    out["deals-count"] = int(len(frame))
    return out


# The "build your own deal" pieces --------------------------------------------------------------

PANEL_LABELS = {
    "line": "keep the line",
    "whole": "Russia gets the whole oblast",
    "none": "Russian forces leave it",
    "pre2022": "back to the 2014–2022 line",
    "dmz": "keep the line, the rest demilitarised",
}
"""How the panel names each choice (the three the issue asks for, then the two some proposals use)."""
DMZ_MIN_SHARE = 0.01
"""The panel offers a demilitarised zone in an oblast only if Ukraine holds more than this share of it."""
PARTS = ("side", "zone", "gives", "returns")
"""What each piece measures: the Russian side, the demilitarised zone, the land beyond the day's
line that Ukraine would give up (side and zone), and the land Russian forces would give up."""


def panel_oblasts(day, source: str = SOURCE) -> list[str]:
    """Oblasts where Russian forces hold more than :data:`MIN_HELD_KM2` on ``day``."""
    result = S.measure(S.line_on(day, source))
    rows = result.oblasts
    return list(rows.loc[rows["held_km2"] > MIN_HELD_KM2, "adm1_pcode"])


EMPTY_TALLY = {"km2": 0.0, "residents": 0, "city_ids": [], "sites": []}


def tally(geom) -> dict:
    """The additive measures of one piece (:func:`freezelines.model.scenarios.tally`): km², pre-war
    residents (Crimea excluded), its cities and its key sites (the land corridor, which depends on
    how pieces join, is not one of them)."""
    if geom.is_empty or G.km2(geom) < MIN_HELD_KM2 / 1000:
        return dict(EMPTY_TALLY)
    return S.tally(geom)


def _choices_for(code: str, held_here, oblast) -> tuple[str, ...]:
    """The panel's choices in one oblast: always the three; the 2014–2022 line where Russian forces
    held land in the oblast before 2022; the demilitarised zone where Ukraine holds more than
    :data:`DMZ_MIN_SHARE` of it (less is drawing seams along coasts and borders)."""
    out = list(PANEL_CHOICES)
    if G.km2(shapely.intersection(S.context().pre2022, oblast)) > MIN_HELD_KM2:
        out.append("pre2022")
    if G.km2(oblast) - G.km2(held_here) > DMZ_MIN_SHARE * G.km2(oblast):
        out.append("dmz")
    return tuple(out)


@lru_cache(maxsize=16)
def pieces(day, source: str = SOURCE) -> pd.DataFrame:
    """Per oblast where Russian forces hold land on ``day``, the measures of each panel choice.

    One row per (oblast, choice), with the geometries (equal-area) and the tally
    (:func:`tally`) of each of :data:`PARTS`. Everything but the land corridor adds up over
    oblasts, so a page can add the pieces a reader picks. Oblasts without Russian-held land
    count as ``none`` whatever the choice.
    """
    day = S.as_date(day)
    held = clipped(S.line_on(day, source).held)
    names = S.context().oblasts.set_index("adm1_pcode")["name"]
    rows = []
    for code in panel_oblasts(day, source):
        oblast = _oblast(code)
        held_here = G.polygonal(shapely.intersection(held, oblast))
        for choice in _choices_for(code, held_here, oblast):
            side, zone = piece(code, choice, held)
            ceded = G.union([side, zone]) if choice == "dmz" and not zone.is_empty else side
            gives, gives_slivers = moved(G.polygonal(shapely.difference(ceded, held_here)))
            returns, returns_slivers = moved(G.polygonal(shapely.difference(held_here, side)))
            geoms = {"side": side, "zone": zone, "gives": gives, "returns": returns}
            row = {
                "adm1_pcode": code,
                "oblast": names[code],
                "choice": choice,
                "gives_slivers_km2": G.km2(gives_slivers),
                "returns_slivers_km2": G.km2(returns_slivers),
            }
            for part in PARTS:
                row[f"{part}_geom"] = geoms[part]
                for key, value in tally(geoms[part]).items():
                    row[f"{part}_{key}"] = value
            rows.append(row)
    return pd.DataFrame(rows)


def panel_proposals() -> tuple[Proposal, ...]:
    """The proposals the panel can start from: those drawn on the reference tracker's map (the
    panel works on its lines; a proposal drawn on another tracker is in the explorer only)."""
    return tuple(item for item in proposals() if price(item.key).source == SOURCE)


def panel_choices(key: str, source: str = SOURCE) -> dict[str, str]:
    """A proposal's rules as panel choices on its own day (every panel oblast named). An ``open``
    zone is not the panel's to settle: the panel keeps the line there.

    Raises ``ValueError`` if the proposal is not drawn on ``source`` or names a rule the panel
    cannot express there (a rule other than ``none`` or ``line`` for an oblast with no
    Russian-held land that day)."""
    item = proposal(key)
    drawn_on, day = map_for(item.date)
    if drawn_on != source:
        raise ValueError(f"{item.name} is drawn on {drawn_on}'s map of {day}, not on {source}'s")
    table_ = pieces(day, source)
    offered = table_.groupby("adm1_pcode")["choice"].agg(tuple).to_dict()
    choices = {}
    for code in codes():
        rule = "line" if item.rule(code) == "open" else item.rule(code)
        if code in offered:
            if rule not in offered[code]:
                raise ValueError(f"{item.name}: rule {rule!r} for {code} is not a panel choice on {day}")
            choices[code] = rule
        elif rule not in ("none", "line"):
            raise ValueError(f"{item.name}: rule {rule!r} for {code}, where Russian forces held no land on {day}")
    return choices


def from_pieces(choices: dict[str, str], day, source: str = SOURCE) -> dict:
    """The totals of a deal built from :func:`pieces` (oblasts not chosen keep the line): per part
    (:data:`PARTS`) its km², pre-war residents and number of cities; the Russian side's share of
    Ukraine and key sites. The page's panel adds the same numbers."""
    table_ = pieces(S.as_date(day), source)
    offered = table_.groupby("adm1_pcode")["choice"].agg(tuple).to_dict()
    for code, choice in choices.items():
        if code in offered and choice not in offered[code]:
            raise ValueError(
                f"{code} on {S.as_date(day)}: choice {choice!r} is not offered there; choose from {offered[code]}"
            )
        if code not in offered and choice not in ("line", "none"):
            raise ValueError(
                f"{code} on {S.as_date(day)}: Russian forces hold no land there; {choice!r} is not a choice"
            )
    picked = table_[
        [choices.get(code, "line") == choice for code, choice in zip(table_["adm1_pcode"], table_["choice"])]
    ]
    out = {}
    for part in PARTS:
        out[f"{part}_km2"] = float(picked[f"{part}_km2"].sum())
        out[f"{part}_residents"] = int(picked[f"{part}_residents"].sum())
        out[f"{part}_cities"] = int(sum(len(ids) for ids in picked[f"{part}_city_ids"]))
    out["share"] = out["side_km2"] / C.UKRAINE_AREA_KM2
    out["sites"] = sorted({s for sites in picked["side_sites"] for s in sites})
    return out


def measure_choices(choices: dict[str, str], day, source: str = SOURCE) -> S.Result:
    """The full model's measure of the Russian side of the same deal (the check on :func:`from_pieces`)."""
    day = S.as_date(day)
    held = clipped(S.line_on(day, source).held)
    present = set(panel_oblasts(day, source))
    rules = {code: (choices.get(code, "line") if code in present else "none") for code in codes()}
    russian, _, _ = draw(rules, held, "none")
    return S.measure(_line("your deal", russian, day))


def panel_days(source: str = SOURCE) -> dict[str, dt.date]:
    """The days the static panel offers: the essay's, each proposal's and the latest line."""
    days = {"essay": S.as_date(C.ESSAY_DATE)}
    for item in panel_proposals():
        days[item.key] = price(item.key).day
    days["latest"] = S.dates_available(source)[1]
    return days
