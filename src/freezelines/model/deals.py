"""Deals on the table: each territorial proposal drawn as a line and priced in land.

A proposal is data (:class:`Proposal`, read from ``proposals.yaml`` beside this module, where an
instructor can add one): its name, the date it was made or reported, the citation key of the
source for its terms, the book's paraphrase of those terms, and one
rule per oblast (``adm1_pcode``) for the Russian-held side of the line it would draw:

- ``"whole"``: Russia gets the whole oblast;
- ``"line"``: the tracker's line inside the oblast stays where it is;
- ``"none"``: Russian forces leave the oblast;
- ``"pre2022"``: the line of 2014–2022 inside the oblast (DeepState's pre-2022 polygons);
- ``"dmz"``: the tracker's line inside the oblast stays where it is and the rest of the
  oblast, which Ukrainian forces would leave, becomes a demilitarised zone (its own piece).

Oblasts a proposal does not name follow its ``elsewhere`` rule. The rules are applied to
DeepStateMap's line on the proposal's own date (the first day of the archive if the date is
earlier, the latest day if it is later), and every measure comes from
:func:`freezelines.model.scenarios.measure` on a :class:`~freezelines.model.scenarios.Line` built from
the rule: this module draws the lines, the scenario model measures them.

What a proposal would change is measured against that day's line: the land Ukraine would
give up beyond the line (the Russian side and any demilitarised zone, less the land Russian
forces held that day), the land Russian forces would give up, and the length of the line
Ukrainian forces would then hold. Each is set beside the essay's yardstick of "tens of
thousands of km²" and beside the line of 17 November 2022.

:func:`pieces` precomputes, for every oblast where Russian forces hold land on a day, the
measures of the three choices (keep the line, the whole oblast, leave it) as additive pieces
for a "build your own deal" panel: area, pre-war residents and cities add up over oblasts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

import pandas as pd
import shapely

from .. import constants as C
from .. import geometry as G
from ..paths import ROOT, data_path
from . import scenarios as S
from .places import MIN_POPULATION

RULES = ("whole", "line", "none", "pre2022", "dmz")
PANEL_CHOICES = ("line", "whole", "none")
"""The three choices of the "build your own deal" panel, per oblast."""
YARDSTICK_KM2 = C.YARDSTICK_KM2
MIN_HELD_KM2 = 1.0
"""An oblast counts as one where Russian forces hold land above this area (drawing seams below it)."""
SOURCE = "deepstate"
"""The tracker every proposal is drawn on (the book's reference map)."""


@dataclass(frozen=True)
class Proposal:
    """One proposal's territorial terms, as data."""

    key: str
    name: str
    date: dt.date
    cite: str
    terms: str
    """The book's paraphrase of the territorial terms (never the source's wording)."""
    rules: dict[str, str]
    elsewhere: str = "none"
    reading: str = ""
    """Where the book had to read the terms (what it assumed, and why)."""
    by: str = ""
    sites: str = ""
    """What the terms say about the nuclear plant, Melitopol and the land corridor."""
    sites_cite: str = ""

    def rule(self, code: str) -> str:
        return self.rules.get(code, self.elsewhere)


PROPOSALS_FILE = Path(__file__).with_name("proposals.yaml")
"""The proposals as data: an instructor adds one there (with its source in book/references.bib)."""
FIELDS = {f.name for f in fields(Proposal)}


def read_proposals(path: Path = PROPOSALS_FILE) -> tuple[tuple[Proposal, ...], tuple[dict, ...]]:
    """The proposals the book draws, and those too vague to draw, from ``proposals.yaml``.

    Each entry is checked: known fields only, a date, rules from :data:`RULES` for oblast codes
    that exist; an error names the file, the proposal and the value at fault."""
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    import json

    oblasts = json.loads(data_path("boundaries/oblasts.geojson").read_text())["features"]
    known = {feature["properties"]["adm1_pcode"] for feature in oblasts}
    out = []
    for number, entry in enumerate(data.get("proposals") or [], start=1):
        where = f"{path.name}: proposal {number} ({entry.get('key', 'no key')})"
        unknown = set(entry) - FIELDS
        if unknown:
            raise ValueError(f"{where}: unknown fields {sorted(unknown)}; known: {sorted(FIELDS)}")
        try:
            day = dt.date.fromisoformat(str(entry["date"]))
        except (KeyError, ValueError):
            raise ValueError(f"{where}: date {entry.get('date')!r} is not YYYY-MM-DD") from None
        rules = {str(code): str(rule) for code, rule in (entry.get("rules") or {}).items()}
        for code, rule in [*rules.items(), ("elsewhere", str(entry.get("elsewhere", "none")))]:
            if rule not in RULES:
                raise ValueError(f"{where}: rule {rule!r} for {code} is not one of {RULES}")
            if code != "elsewhere" and code not in known:
                raise ValueError(f"{where}: no oblast {code!r} (codes: data/boundaries/oblasts.geojson, adm1_pcode)")
        missing = {"key", "name", "cite", "terms"} - set(entry)
        if missing:
            raise ValueError(f"{where}: missing {sorted(missing)}")
        text = {k: " ".join(str(v).split()) for k, v in entry.items() if k not in ("date", "rules")}
        out.append(Proposal(**{**text, "date": day, "rules": rules}))
    keys = [p.key for p in out]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path.name}: proposal keys repeat: {keys}")
    not_drawn = tuple(
        {**{k: " ".join(str(v).split()) for k, v in entry.items()}, "date": dt.date.fromisoformat(str(entry["date"]))}
        for entry in data.get("not_drawn") or []
    )
    return tuple(out), not_drawn


PROPOSALS, NOT_DRAWN = read_proposals()
"""Every proposal whose territorial terms the book can draw; later proposals too vague to draw."""


BIBLIOGRAPHY = ROOT / "book" / "references.bib"


@lru_cache(maxsize=1)
def _bibliography():
    from pybtex.database import parse_file

    return parse_file(str(BIBLIOGRAPHY)).entries


def _plain(text: str) -> str:
    """BibTeX markup as text: braces dropped, dashes and quotes typeset."""
    text = str(text).replace("{", "").replace("}", "")
    return text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")


def sources(cite: str) -> list[dict]:
    """Short citations (publisher, title, address) for comma-separated bibliography keys (book/references.bib)."""
    out = []
    for key in (k.strip() for k in cite.split(",")):
        try:
            fields = _bibliography()[key].fields
        except KeyError:
            raise KeyError(f"{key!r} is not in {BIBLIOGRAPHY.name}") from None
        out.append(
            {
                "key": key,
                "text": f"{_plain(fields.get('howpublished', '')).split(',')[0]}: “{_plain(fields.get('title', ''))}”",
                "url": str(fields.get("url", "")),
            }
        )
    return out


def proposal(key: str) -> Proposal:
    for item in PROPOSALS:
        if item.key == key:
            return item
    raise KeyError(f"no proposal {key!r}: choose from {[p.key for p in PROPOSALS]}")


def day_for(date, source: str = SOURCE) -> dt.date:
    """The tracker's day for a proposal's date: clamped to the archive (first day if earlier, latest if later)."""
    first, last = S.dates_available(source)
    return min(max(S.as_date(date), first), last)


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
    return inside, G.polygonal(shapely.difference(oblast, held))  # dmz


def draw(rules: dict[str, str], held, elsewhere: str = "line") -> tuple[object, object]:
    """The Russian side and the demilitarised zone of a deal: the oblast pieces, joined."""
    russian, dmz = [], []
    for code in codes():
        side, zone = piece(code, rules.get(code, elsewhere), held)
        if not side.is_empty:
            russian.append(side)
        if not zone.is_empty:
            dmz.append(zone)
    return _union(russian), _union(dmz)


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
    front_km: float
    """Length of the line Ukrainian forces would hold (the edge of the Russian side and any zone)."""
    beyond_essay_km2: float
    """The deal's Russian side and zone, less the area Russian forces held on 17 November 2022."""
    geometries: dict = field(default_factory=dict)


def clipped(held):
    """A tracker's drawn area clipped to Ukraine's outline (its drawings overhang coasts and borders a little)."""
    inside = G.polygonal(shapely.intersection(held, S.context().mask))
    shapely.prepare(inside)
    return inside


def _line(label: str, geom, day: dt.date) -> S.Line:
    return S.Line(
        label=label, source="deal", date=day, held=geom, note=f"a proposal drawn on {C.SOURCE_LABELS[SOURCE]}'s line"
    )


@lru_cache(maxsize=16)
def price(key: str, source: str = SOURCE) -> Price:
    """Measure one proposal on the tracker's line of its day (a few hundred ms)."""
    item = proposal(key)
    day = day_for(item.date, source)
    held = clipped(S.line_on(day, source).held)
    russian, dmz = draw(item.rules, held, item.elsewhere)
    ceded_side = _union([g for g in (russian, dmz) if not g.is_empty])
    gives = G.polygonal(shapely.difference(ceded_side, held))
    returns = G.polygonal(shapely.difference(held, russian))
    essay = clipped(S.line_on(C.ESSAY_DATE, source).held)
    line = _line(item.name, russian, day)
    return Price(
        proposal=item,
        day=day,
        line=line,
        current=S.measure(_line(f"{C.SOURCE_LABELS[source]}, {day:%-d %B %Y}", held, day)),
        deal=S.measure(line),
        ukraine_gives=S.measure(_line("Ukraine would give up", gives, day)),
        russia_gives=S.measure(_line("Russian forces would give up", returns, day)),
        dmz=None if dmz.is_empty else S.measure(_line("demilitarised zone", dmz, day)),
        front_km=S.measure(_line("the line Ukraine would hold", ceded_side, day)).front_km,
        beyond_essay_km2=G.km2(shapely.difference(ceded_side, essay)),
        geometries={"russian": russian, "dmz": dmz, "ukraine_gives": gives, "russia_gives": returns, "held": held},
    )


def _held_sites(result: S.Result) -> list[str]:
    sites = result.sites
    return list(sites.loc[sites["held"] & (sites["place_id"] != "site-land-corridor"), "name"])


def table() -> pd.DataFrame:
    """One row per proposal: its date, its day on the map and its price."""
    rows = []
    for item in PROPOSALS:
        p = price(item.key)
        rows.append(
            {
                "key": item.key,
                "proposal": item.name,
                "date": item.date,
                "map_day": p.day,
                "cite": item.cite,
                "held_km2": p.current.total_km2,
                "deal_km2": p.deal.total_km2,
                "deal_share": p.deal.share_of_ukraine,
                "ukraine_gives_km2": p.ukraine_gives.total_km2,
                "ukraine_gives_residents": p.ukraine_gives.population["total"],
                "ukraine_gives_cities": len(p.ukraine_gives.cities),
                "ukraine_gives_largest": ", ".join(p.ukraine_gives.cities["name"].head(3)),
                "ukraine_gives_sites": ", ".join(_held_sites(p.ukraine_gives)),
                "dmz_km2": p.dmz.total_km2 if p.dmz else 0.0,
                "russia_gives_km2": p.russia_gives.total_km2,
                "russia_gives_residents": p.russia_gives.population["total"],
                "russia_gives_cities": len(p.russia_gives.cities),
                "front_km": p.front_km,
                "current_front_km": p.current.front_km,
                "beyond_essay_km2": p.beyond_essay_km2,
                "gives_in_yardsticks": p.ukraine_gives.total_km2 / YARDSTICK_KM2,
                "znpp_russian": bool(p.deal.sites.set_index("place_id").loc["site-znpp", "held"]),
                "melitopol_russian": bool(p.deal.sites.set_index("place_id").loc["site-melitopol-hub", "held"]),
                "corridor": bool(p.deal.corridor),
            }
        )
    return pd.DataFrame(rows)


def glue_values(frame: pd.DataFrame | None = None) -> dict:
    """The numbers the chapter pastes, by glue key (``deals-<proposal>-<measure>``)."""
    frame = table() if frame is None else frame
    out = {}
    for _, row in frame.iterrows():
        prefix = f"deals-{row['key']}"
        for column in (
            "held_km2",
            "deal_km2",
            "deal_share",
            "ukraine_gives_km2",
            "ukraine_gives_residents",
            "ukraine_gives_cities",
            "dmz_km2",
            "russia_gives_km2",
            "russia_gives_residents",
            "russia_gives_cities",
            "front_km",
            "current_front_km",
            "beyond_essay_km2",
            "gives_in_yardsticks",
        ):
            value = row[column]
            out[f"{prefix}-{column.replace('_', '-')}"] = (
                int(value) if column.endswith(("cities", "residents")) else float(value)
            )
    essay = S.measure(S.line_on(C.ESSAY_DATE, SOURCE))
    out["deals-essay-held-km2"] = float(essay.total_km2)
    out["deals-essay-front-km"] = float(essay.front_km)
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
            gives = G.polygonal(shapely.difference(G.union([side, zone]) if not zone.is_empty else side, held_here))
            returns = G.polygonal(shapely.difference(held_here, side))
            geoms = {"side": side, "zone": zone, "gives": gives, "returns": returns}
            row = {"adm1_pcode": code, "oblast": names[code], "choice": choice}
            for part in PARTS:
                row[f"{part}_geom"] = geoms[part]
                for key, value in tally(geoms[part]).items():
                    row[f"{part}_{key}"] = value
            rows.append(row)
    return pd.DataFrame(rows)


def panel_choices(key: str, source: str = SOURCE) -> dict[str, str]:
    """A proposal's rules as panel choices on its own day (every panel oblast named).

    Raises ``ValueError`` if the proposal names a rule the panel cannot express there (a rule
    other than ``none`` or ``line`` for an oblast with no Russian-held land that day)."""
    item = proposal(key)
    day = day_for(item.date, source)
    table_ = pieces(day, source)
    offered = table_.groupby("adm1_pcode")["choice"].agg(tuple).to_dict()
    choices = {}
    for code in codes():
        rule = item.rule(code)
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
    russian, _ = draw(rules, held, "none")
    return S.measure(_line("your deal", russian, day))


def panel_days(source: str = SOURCE) -> dict[str, dt.date]:
    """The days the static panel offers: the essay's, each proposal's and the latest line."""
    days = {"essay": S.as_date(C.ESSAY_DATE)}
    for item in PROPOSALS:
        days[item.key] = day_for(item.date, source)
    days["latest"] = S.dates_available(source)[1]
    return days
