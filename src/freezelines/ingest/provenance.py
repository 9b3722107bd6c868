"""Provenance of every processed file: a Frictionless Data Package (``data/datapackage.json``).

For each output: its inputs with the sha256 of each raw file, the method, the licence
and the attribution each source asks for. The pipeline writes it; the tests validate
it with ``frictionless`` and check every sha256 against the raw files.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import constants as C
from . import quality as Q
from . import sources as S

SOURCES = {
    "deepstate_history": {
        "title": "DeepStateMap history archive (DanielRose2310/deepstatemaps-history, commit df633a1)",
        "path": S.DEEPSTATE_HISTORY_FILE,
        "licence": "no licence file upstream; archival copy for educational, non-commercial use",
        "attribution": "DeepStateMap (deepstatemap.live); archive collected by DanielRose2310/deepstatemaps-history",
    },
    "deepstate_daily": {
        "title": "DeepStateMap daily occupied-area files (cyterat/deepstate-map-data, commit e904719)",
        "path": S.DEEPSTATE_DAILY_FILE,
        "licence": "GPL-3.0 (upstream repository)",
        "attribution": "DeepStateMap (deepstatemap.live); daily files by cyterat/deepstate-map-data",
    },
    "nzz_liveuamap": {
        "title": "liveuamap polygons as published by NZZ (conflict-investigations/nzz-maps, commit bc88c4e)",
        "path": S.NZZ_FILE,
        "licence": "no licence file upstream",
        "attribution": "liveuamap (liveuamap.com) via NZZ (Neue Zürcher Zeitung); collected by conflict-investigations/nzz-maps",
    },
    "liveuamap_areas": {
        "title": "liveuamap's daily occupied-area series (conflict-investigations/liveuamap-analysis, commit dc0847a)",
        "path": S.LIVEUAMAP_AREAS_FILE,
        "licence": "no licence file upstream; the README asks: \"Do whatever you like with it, but give credit to the original authors of the datasets\"",
        "attribution": "liveuamap (liveuamap.com); series by conflict-investigations/liveuamap-analysis",
    },
    "isw_economist": {
        "title": "ISW daily map layer areas computed by The Economist (the-economist-war-fire-model, commit 4c99427)",
        "path": S.ISW_FILE,
        "licence": "CC-BY-4.0",
        "attribution": "The Economist and Solstad, Sondre (2023); map layers by the Institute for the Study of War and AEI's Critical Threats Project",
    },
    "ocha_outline": {
        "title": "OCHA COD-AB Ukraine admin-0 outline (SSPE Kartographia / UN OCHA, 2017)",
        "path": S.OUTLINE_FILE,
        "licence": "CC-BY-IGO-3.0",
        "attribution": "Ukraine – Subnational Administrative Boundaries (COD-AB), SSPE Kartographia / UN OCHA, via HDX, CC BY-IGO 3.0",
    },
    "ocha_oblasts": {
        "title": "OCHA COD-AB Ukraine admin-1 oblasts (SSPE Kartographia / UN OCHA, 2017)",
        "path": S.OBLASTS_FILE,
        "licence": "CC-BY-IGO-3.0",
        "attribution": "Ukraine – Subnational Administrative Boundaries (COD-AB), SSPE Kartographia / UN OCHA, via HDX, CC BY-IGO 3.0",
    },
    "ukrstat_places": {
        "title": "Ukrstat present population 1 Jan 2022 by settlement, with GeoNames coordinates",
        "path": S.PLACES_FILE,
        "licence": "Ukrstat: official statistics, attribution required; GeoNames: CC-BY-4.0",
        "attribution": "State Statistics Service of Ukraine (2022), Number of Present Population of Ukraine as of 1 January 2022; GeoNames (www.geonames.org)",
    },
    "ukrstat_oblasts": {
        "title": "Ukrstat present population 1 Jan 2022 by oblast (urban, rural)",
        "path": S.OBLAST_POPULATION_FILE,
        "licence": "official statistics, attribution required",
        "attribution": "State Statistics Service of Ukraine (2022), Number of Present Population of Ukraine as of 1 January 2022",
    },
    "geoboundaries": {
        "title": "geoBoundaries gbOpen Ukraine ADM1 (OpenStreetMap, 2017; includes the territorial sea)",
        "path": "reference/ukr_adm1_geoboundaries_osm2017.geojson",
        "licence": "ODbL-1.0",
        "attribution": "© OpenStreetMap contributors (ODbL), via geoBoundaries (Runfola et al. 2020, PLoS ONE 15(4): e0231866)",
    },
    "gppd": {
        "title": "WRI Global Power Plant Database v1.3.0, Ukraine rows",
        "path": "conflict/gppd_ukraine_power_plants.csv",
        "licence": "CC-BY-4.0",
        "attribution": "Global Energy Observatory, Google, KTH, Enipedia, WRI, Global Power Plant Database",
    },
    "facts": {
        "title": "Sourced facts compiled for this project (conflict/facts.csv)",
        "path": "conflict/facts.csv",
        "licence": "per row (see its PROVENANCE.md)",
        "attribution": "as given per row",
    },
}

CLIPPING = (
    "Held areas are clipped to Ukraine's internationally recognised borders: the OCHA COD-AB outline with "
    "its one interior hole, the Sivash lagoon (Ukrainian internal water), filled; "
    f"{C.UKRAINE_AREA_KM2:,.1f} km² in all, Crimea and Sevastopol included. What a tracker draws over the open "
    "sea or outside Ukraine is cut off; drawn_km2 keeps the area as drawn."
)

METHOD_TERRITORY = (
    "Areas in the Lambert azimuthal equal-area projection '" + C.EQUAL_AREA_CRS + "'. "
    "DeepState: classes by fill colour as in frontlines/CHECKS.md (occupied since 2022 plus occupied before "
    "2022; foreign, liberated and grey-zone layers excluded); the history archive's last snapshot of each UTC "
    "day through its last day, then the daily file dated D+1 for day D. liveuamap: NZZ's 'nochange' and "
    "'gains' features, 'losses' dropped, keyed by the map date the features carry, completed with DeepState's "
    "pre-2022 polygons of 2022-04-03 (NZZ lacks Crimea throughout and ORDLO from 2024-03-14). ISW: the "
    "assessed-control layer's area as computed by The Economist, not clipped by us. Days without a new map "
    "carry the previous one forward. " + CLIPPING
)


def _field(name, kind, description, **constraints):
    out = {"name": name, "type": kind, "description": description}
    if constraints:
        out["constraints"] = constraints
    return out


RESOURCES = [
    {
        "name": "territory_daily",
        "path": "territory_daily.csv",
        "title": "Area held by Russian forces, per day and tracker",
        "inputs": ["deepstate_history", "deepstate_daily", "nzz_liveuamap", "isw_economist", "liveuamap_areas", "ocha_outline"],
        "method": METHOD_TERRITORY,
        "schema": {
            "fields": [
                _field("date", "date", "the day the map state describes", required=True),
                _field("source", "string", "tracker", required=True, enum=["deepstate", "isw", "liveuamap"]),
                _field("held_before_2022_km2", "number", "part held before 24 Feb 2022 (km²); empty for ISW"),
                _field("seized_since_2022_km2", "number", "part taken since 24 Feb 2022 (km²); empty for ISW"),
                _field("total_km2", "number", "area held, clipped to Ukraine's borders (km²; ISW as published)"),
                _field("share_of_ukraine", "number", f"total_km2 / {C.UKRAINE_AREA_KM2} km²", minimum=0, maximum=1),
                _field("quality", "string", "ok (a measured value); missing (no value); or a flag, by priority: "
                       + "; ".join(f"{k} ({v})" for k, v in Q.FLAGS.items())
                       + ". Flagged values are kept but never quoted as facts (freezelines.territory.usable drops them)",
                       required=True, enum=["ok", *Q.FLAGS, "missing"]),
                _field("note", "string", "what the row is and any caveat"),
                _field("drawn_km2", "number", "area as the tracker drew it, before clipping (km²)"),
                _field("map", "string", "the upstream file or snapshot used"),
            ],
            "primaryKey": ["date", "source"],
        },
    },
    {
        "name": "oblast_control",
        "path": "oblast_control.csv",
        "title": "Area held per oblast, weekly and on the named dates",
        "inputs": ["deepstate_history", "deepstate_daily", "nzz_liveuamap", "ocha_oblasts"],
        "method": "Held area of the day (as in territory_daily) intersected with each of the 27 COD-AB units "
        "(24 oblasts, Crimea, Kyiv city, Sevastopol), land only; weekly on Thursdays and on the named dates.",
        "schema": {
            "fields": [
                _field("date", "date", "day", required=True),
                _field("source", "string", "tracker", required=True, enum=["deepstate", "liveuamap"]),
                _field("labels", "string", "weekly and/or the named dates (eve_of_invasion, march_2022_peak, essay_date, year_after_essay, latest), ';'-separated"),
                _field("adm1_pcode", "string", "OCHA P-code", required=True),
                _field("iso_3166_2", "string", "ISO 3166-2 code"),
                _field("oblast", "string", "English name"),
                _field("held_km2", "number", "area held in the unit (km²)", minimum=0),
                _field("oblast_km2", "number", "the unit's land area (km²)", minimum=0),
                _field("share_of_oblast", "number", "held_km2 / oblast_km2", minimum=0, maximum=1),
            ],
            "primaryKey": ["date", "source", "adm1_pcode"],
        },
    },
    {
        "name": "places",
        "path": "places.csv",
        "title": "Cities and towns of 10,000 people or more, and the key sites the essay names",
        "inputs": ["ukrstat_places", "gppd", "facts", "ocha_oblasts"],
        "method": "Every place with a 2022 population of at least 10,000 in the Ukrstat/GeoNames list (GeoNames "
        "populations for Crimea and Sevastopol, where Ukrstat publishes none), plus the key sites; sites not in a "
        "source with coordinates are placed at their settlement's point, and say so.",
        "schema": {
            "fields": [
                _field("place_id", "string", "identifier", required=True, unique=True),
                _field("name", "string", "English name"),
                _field("name_uk", "string", "Ukrainian name"),
                _field("kind", "string", "city, urban-type settlement, or the kind of site"),
                _field("role", "string", "'key' for the places the essay names or the book measures against"),
                _field("population_2022", "integer", "population on 1 Jan 2022 (Ukrstat) or GeoNames"),
                _field("population_source", "string", "source of the population"),
                _field("adm1_pcode", "string", "oblast P-code"),
                _field("oblast", "string", "oblast"),
                _field("lat", "number", "latitude (WGS84)"),
                _field("lon", "number", "longitude (WGS84)"),
                _field("description", "string", "one line"),
                _field("source", "string", "where the row comes from"),
            ],
            "primaryKey": ["place_id"],
        },
    },
    {
        "name": "place_control",
        "path": "place_control.csv",
        "title": "Periods in which each place lay inside the Russian-held area",
        "inputs": ["deepstate_history", "deepstate_daily", "nzz_liveuamap", "ukrstat_places"],
        "method": "Point in polygon against the daily held area of each tracker; consecutive days form a period. "
        "held_at_coverage_start/end mark periods that begin on the tracker's first day or run to its last.",
        "schema": {
            "fields": [
                _field("place_id", "string", "see places", required=True),
                _field("name", "string", "place name"),
                _field("source", "string", "tracker", enum=["deepstate", "liveuamap"]),
                _field("start", "date", "first day inside"),
                _field("end", "date", "last day inside"),
                _field("days", "integer", "length of the period", minimum=1),
                _field("held_at_coverage_start", "boolean", "the period starts on the tracker's first day"),
                _field("held_at_coverage_end", "boolean", "the period runs to the tracker's last day"),
            ]
        },
    },
    {
        "name": "isw_layers",
        "path": "isw_layers.csv",
        "title": "ISW's assessed control and assessed advances layers, per published day",
        "inputs": ["isw_economist"],
        "method": "The Economist's areas of ISW's layers 'Territory assessed as Russia-controlled' and "
        "'Assessed Russian advances' (areas of ISW's own polygons, km², not clipped by us); the sum is the "
        "widest reading of ISW's maps. Days without an advances layer are empty.",
        "schema": {
            "fields": [
                _field("date", "date", "day of the layers", required=True, unique=True),
                _field("control_km2", "number", "assessed Russian control (km²)"),
                _field("advances_km2", "number", "assessed Russian advances (km²)"),
                _field("control_plus_advances_km2", "number", "the two together (km²)"),
            ],
            "primaryKey": ["date"],
        },
    },
    {
        "name": "settlements",
        "path": "settlements.csv",
        "title": "Every Ukrstat city and urban-type settlement: 2022 population and coordinates",
        "inputs": ["ukrstat_places"],
        "method": "The Ukrstat rows of the place list (Crimea and Sevastopol, which Ukrstat does not cover, left out); "
        "coordinates from GeoNames where matched, empty otherwise.",
        "schema": {
            "fields": [
                _field("place_id", "string", "identifier", required=True, unique=True),
                _field("name", "string", "Ukrstat English name"),
                _field("settlement_type", "string", "city or urban-type settlement"),
                _field("adm1_pcode", "string", "oblast P-code"),
                _field("population_2022", "integer", "present population on 1 Jan 2022", minimum=0),
                _field("lat", "number", "latitude (WGS84), empty if not matched"),
                _field("lon", "number", "longitude (WGS84), empty if not matched"),
            ],
            "primaryKey": ["place_id"],
        },
    },
    {
        "name": "population_oblast",
        "path": "population_oblast.csv",
        "title": "Present population on 1 Jan 2022 by oblast, urban and rural (Ukrstat)",
        "inputs": ["ukrstat_oblasts"],
        "method": "Table 1 of the Ukrstat bulletin as staged; Crimea and Sevastopol empty (no Ukrstat estimate).",
        "schema": {
            "fields": [
                _field("adm1_pcode", "string", "OCHA P-code", required=True, unique=True),
                _field("iso_3166_2", "string", "ISO 3166-2"),
                _field("name_en", "string", "English name"),
                _field("pop_total", "integer", "total"),
                _field("pop_urban", "integer", "urban"),
                _field("pop_rural", "integer", "rural"),
            ],
            "primaryKey": ["adm1_pcode"],
        },
    },
    {
        "name": "qa_report",
        "path": "qa_report.csv",
        "title": "What the pipeline left out, repaired or replaced, and why",
        "inputs": ["deepstate_history", "deepstate_daily", "nzz_liveuamap"],
        "method": "One row per exclusion or defect found by the readers and the defect rules (freezelines.quality).",
        "schema": {
            "fields": [
                _field("file", "string", "raw file or series"),
                _field("where", "string", "line, snapshot and feature"),
                _field("date", "date", "the day concerned"),
                _field("issue", "string", "what is wrong"),
                _field("action", "string", "what the pipeline did"),
                _field("detail", "string", "the value at fault"),
            ]
        },
    },
]

BOUNDARY_RESOURCES = [
    ("ukraine_outline", "boundaries/ukraine.geojson", "Ukraine's outline (internationally recognised borders), for maps"),
    ("oblasts", "boundaries/oblasts.geojson", "The 27 first-level units, for maps"),
]
COAST_RESOURCE = ("coast", "boundaries/coast.geojson", "Ukraine's coast, Black Sea and Sea of Azov (derived with geoBoundaries' territorial sea; ODbL)")

GEO_RESOURCES = [
    ("lines_deepstate", "lines/deepstate.geojson", "DeepState's Russian-held area, weekly (Thursdays) and on the named dates, plus the 2014-2022 line"),
    ("lines_liveuamap", "lines/liveuamap.geojson", "liveuamap's (via NZZ) Russian-held area, weekly (Thursdays) and on the named dates"),
    ("archive_deepstate", "lines/deepstate_daily.jsonl.xz", "DeepState's held area on every day a new map appeared (JSON lines, xz)"),
    ("archive_liveuamap", "lines/liveuamap_daily.jsonl.xz", "liveuamap's held area on every map date (JSON lines, xz)"),
]


def all_sources() -> dict:
    from . import conflict, costs

    return {**SOURCES, **conflict.SOURCES, **costs.SOURCES}


def all_resources() -> list[dict]:
    from . import conflict, costs

    return RESOURCES + conflict.RESOURCES + costs.RESOURCES


def write(raw: Path, out: Path, summary: dict) -> None:
    sources_all = all_sources()
    hashes = {key: S.sha256(raw / spec["path"]) for key, spec in sources_all.items()}
    sources = [
        {"name": key, "title": spec["title"], "path": f"raw/{spec['path']}", "sha256": hashes[key],
         "licence": spec["licence"], "attribution": spec["attribution"]}
        for key, spec in sources_all.items()
    ]
    resources = []
    for spec in all_resources():
        resource = {k: v for k, v in spec.items() if k not in ("inputs", "method")}
        resource.update({"format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource"})
        resource["freezelines:inputs"] = [{"name": key, "sha256": hashes[key]} for key in spec["inputs"]]
        resource["freezelines:method"] = spec["method"]
        resources.append(resource)
    for name, path, title in BOUNDARY_RESOURCES:
        resources.append(
            {
                "name": name, "path": path, "title": title, "format": "geojson", "mediatype": "application/geo+json",
                "licenses": [{"name": "CC-BY-IGO-3.0", "path": "https://creativecommons.org/licenses/by/3.0/igo/legalcode"}],
                "freezelines:inputs": [{"name": k, "sha256": hashes[k]} for k in ("ocha_outline", "ocha_oblasts")],
                "freezelines:method": "OCHA COD-AB, simplified for maps in the equal-area frame (tolerance "
                f"{summary['simplification']['boundary_tolerance_m']:.0f} m, topology preserved), coordinates rounded to "
                f"{summary['simplification']['decimals']} decimals. Areas are those of the unsimplified units.",
            }
        )
    name, path, title = COAST_RESOURCE
    resources.append(
        {
            "name": name, "path": path, "title": title, "format": "geojson", "mediatype": "application/geo+json",
            "licenses": [{"name": "ODbL-1.0", "path": "https://opendatacommons.org/licenses/odbl/1-0/"}],
            "freezelines:inputs": [{"name": k, "sha256": hashes[k]} for k in ("ocha_outline", "geoboundaries")],
            "freezelines:method": "The sea is what geoBoundaries' units (with the 12-mile territorial sea) add to the COD-AB "
            "outline, opened by 2 km; the coast is the outline within 3 km of it; the Sea of Azov is the sea north of "
            "45.28°N and east of 34.7°E. Lines simplified at 250 m.",
        }
    )
    for name, path, title in GEO_RESOURCES:
        resources.append(
            {
                "name": name,
                "path": path,
                "title": title,
                "format": "geojson" if path.endswith(".geojson") else "jsonl.xz",
                "mediatype": "application/geo+json" if path.endswith(".geojson") else "application/x-xz",
                "freezelines:inputs": [{"name": k, "sha256": hashes[k]} for k in ("deepstate_history", "deepstate_daily", "nzz_liveuamap", "ocha_outline")],
                "freezelines:method": METHOD_TERRITORY + " Simplified in the equal-area frame with topology preserved "
                f"(tolerance {summary['simplification']['line_tolerance_m' if path.endswith('.geojson') else 'archive_tolerance_m']:.0f} m), "
                f"coordinates rounded to {summary['simplification']['decimals']} decimals.",
            }
        )
    package = {
        "profile": "data-package",
        "name": "freeze-the-lines-data",
        "title": "Freeze the Lines? – processed data",
        "description": "Territory held by Russian forces in Ukraine from three trackers, lines, oblasts and places, "
        "built by `make data` (freezelines.pipeline) from the raw archives.",
        "licenses": [
            {"name": "CC-BY-4.0", "title": "ISW areas via The Economist; GeoNames; WRI GPPD", "path": "https://creativecommons.org/licenses/by/4.0/"},
            {"name": "CC-BY-IGO-3.0", "title": "OCHA COD-AB boundaries", "path": "https://creativecommons.org/licenses/by/3.0/igo/legalcode"},
            {"name": "GPL-3.0", "title": "DeepState daily files (cyterat)", "path": "https://www.gnu.org/licenses/gpl-3.0.html"},
        ],
        "sources": sources,
        "resources": resources,
        "freezelines:summary": summary,
    }
    (out / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_readme(out, package)


README = """# data/

The processed files the book reads, built from the raw archives by `make data`
(`python -m freezelines.pipeline --raw data/raw --out data`) and committed,
so that the book builds and runs without rebuilding. The raw archives are in `raw/`, each
folder with its `PROVENANCE.md` and licences; `raw/SHA256SUMS` records the sha256 of every
raw file the pipeline reads, and `make data` stops on a file that differs. Two runs on the same inputs
give byte-identical files. **This file is written by the pipeline**: edit the template in
`src/freezelines/provenance.py`.

Machine-readable provenance, with the sha256 of every raw input, the method and the
licence of each output, is in `datapackage.json` (a Frictionless Data Package; the
tests validate it and recompute every hash).

## Method in brief

{method}

Defects are found by general rules (`freezelines.quality`), not lists of dates: a short
run of map states that departs from an otherwise steady level is a broken map and is
replaced by the previous good map (`carried_forward`, with the measured value in
`note`); a tracker that departs from the mean of the other two by more than its typical
gap plus {tolerance_km2:,.0f} km² (or {tolerance_share:.0%}) is flagged `outlier`, value kept. Three rules
find drawing artefacts, also with the value kept: `stale` (a value held unchanged for days
and then left by a jump larger than the tolerance: NZZ in mid-March 2022), `off_reference`
(departs from liveuamap's own published area series, `raw/frontlines/liveuamap_territory.csv`,
by more than the tolerance once their typical gap is removed: NZZ's lags in March 2022 and
DeepStateMap's April 2022, when its drawing of the occupied area was still being completed)
and `redrawn` (a one-day step of more than 1,000 km² that liveuamap's series does not show:
NZZ's coastline trim of 23 May 2023). `freezelines.territory.usable` and the summaries built
on it use `ok` rows only, so no flagged value is quoted as a fact. Polygons wholly
outside the region (Ukraine buffered by 100 km) are left out. Every exclusion, repair
and replacement is listed in `qa_report.csv`.

**Hand-over between the DeepState archives.** {handover_rule}. Checked on the
{overlap_days} days both archives describe: the daily file of day D+1 minus the
archive's last snapshot of D is {median:+.1f} km² at the median, at most
{p95:.1f} km² in absolute value on 95% of days and {worst:.1f} km² at worst (Tuzla Island,
about 4 km², is missing from the daily files).

## Files

| file | bytes | what |
|---|---:|---|
{file_rows}

### `territory_daily.csv`: one row per date and tracker

| column | meaning |
|---|---|
{territory_rows}

Quality counts: {quality_counts}.

### Line geometries (`lines/`)

`lines/deepstate.geojson` and `lines/liveuamap.geojson` hold the Russian-held area as
one feature per date: every Thursday from 24 Feb 2022 (the invasion and the essay both
fell on a Thursday) through each tracker's last day, and the named dates
`eve_of_invasion` (the 2014–2022 line: DeepState's pre-2022 polygons as first archived),
`march_2022_peak` (the largest area in March 2022, liveuamap only: DeepState's archive
starts on 3 April 2022), `essay_date` (17 Nov 2022), `year_after_essay` (17 Nov 2023) and
`latest`. Properties: `date`, `source`, `labels`, `total_km2` (unsimplified),
`held_before_2022_km2`, `quality`. Simplified in the equal-area frame with topology
preserved, tolerance {line_tolerance:.0f} m, coordinates rounded to {decimals} decimals; the largest
change of area this causes over all {lines} lines is {max_change:.3%} (the tests require
under 0.5%).

`lines/*_daily.jsonl.xz` hold the held area on every day a new map appeared (tolerance
{archive_tolerance:.0f} m), one JSON object per line (`date`, `source`, `geometry`): the live explorer
reads them to draw any day.

### `oblast_control.csv`, `places.csv`, `place_control.csv`, `qa_report.csv`

See the schemas in `datapackage.json`. `oblast_control.csv` covers all 27 units (24
oblasts, the Autonomous Republic of Crimea, Kyiv city and Sevastopol) on the weekly and
named dates; `places.csv` lists the {n_places} cities and towns of 10,000 people or more and the
key sites; `place_control.csv` gives, per place and tracker, the periods it lay inside
the held area.

## Sources, licences and attribution

| source | licence | attribution | sha256 |
|---|---|---|---|
{source_rows}

The processed files are derived data: each keeps its sources' licences and attributions.
"""


def write_readme(out: Path, package: dict) -> None:
    from . import quality as Q

    summary = package["freezelines:summary"]
    territory = next(r for r in package["resources"] if r["name"] == "territory_daily")
    files = []
    for resource in package["resources"]:
        size = (out / resource["path"]).stat().st_size
        files.append(f"| `{resource['path']}` | {size:,} | {resource['title']} |")
    hand = summary["handover"]
    simple = summary["simplification"]
    text = README.format(
        method=territory["freezelines:method"],
        tolerance_km2=Q.TOLERANCE_KM2,
        tolerance_share=Q.TOLERANCE_SHARE,
        handover_rule=hand["rule"],
        overlap_days=hand["overlap_days"],
        median=hand["median_difference_km2"],
        p95=hand["p95_abs_difference_km2"],
        worst=hand["max_abs_difference_km2"],
        file_rows="\n".join(files),
        territory_rows="\n".join(f"| `{f['name']}` | {f['description']} |" for f in territory["schema"]["fields"]),
        quality_counts=", ".join(f"{k} {v:,}" for k, v in summary["quality_counts"].items()),
        line_tolerance=simple["line_tolerance_m"],
        archive_tolerance=simple["archive_tolerance_m"],
        decimals=simple["decimals"],
        lines=simple["lines"],
        max_change=simple["max_abs_area_change"],
        n_places=summary["places"],
        source_rows="\n".join(
            f"| {s['title']} | {s['licence']} | {s['attribution']} | `{s['sha256'][:16]}…` |" for s in package["sources"]
        ),
    )
    (out / "README.md").write_text(text, encoding="utf-8")


# The raw archives' hashes ---------------------------------------------------------------

_HEX = r"([0-9a-f]{64})"
_FILE = r"`([A-Za-z0-9_.\-]+\.(?:csv|geojson|xz|xlsx))`"


def documented_hashes(raw: Path) -> dict[str, str]:
    """The sha256 of each raw file as its folder's notes state it (``PROVENANCE.md`` and
    the other ``*.md`` notes), keyed by path relative to ``raw``.

    Two forms are read: a table row naming the file in its first cell and a 64-hex value
    in another, and a ``**sha256:**`` line under a heading that names the file.
    """
    import re

    out: dict[str, str] = {}
    for note in sorted(raw.glob("*/*.md")):
        folder = note.parent.name
        current: str | None = None
        for line in note.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or note.name != "PROVENANCE.md" and current is None:
                names = re.findall(_FILE, line)
                if line.startswith("#"):
                    current = names[0] if names else None
                elif names:
                    current = names[0]
            if line.startswith("|"):
                cells = [c.strip() for c in line.strip("|").split("|")]
                name = re.fullmatch(_FILE, cells[0]) if cells else None
                hexes = re.findall(_HEX, line)
                if name and hexes:
                    out[f"{folder}/{name.group(1)}"] = hexes[-1]
                    continue
            found = re.search(r"\*\*sha256:\*\*\s*`?" + _HEX, line)
            if found and current:
                out.setdefault(f"{folder}/{current}", found.group(1))
    return out


def read_record(path: Path) -> dict[str, str]:
    """A ``SHA256SUMS`` file (``<hex>  <path>`` per line, ``#`` comments) as {path: hex}."""
    out = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) != 64:
            raise S.RawDataError(f"{path.name} line {number}: {line!r} is not '<sha256>  <path>'")
        out[parts[1].strip().lstrip("*")] = parts[0].lower()
    return out


def read_paths() -> list[str]:
    """Every raw file the pipeline reads, relative to the raw folder."""
    return sorted({spec["path"] for spec in all_sources().values()})


def write_record(raw: Path, path: Path) -> None:
    """Write ``SHA256SUMS`` for :func:`read_paths` from the hashes the provenance notes state."""
    documented = documented_hashes(raw)
    missing = [p for p in read_paths() if p not in documented]
    if missing:
        raise S.RawDataError(f"no sha256 in the provenance notes for {missing}")
    lines = ["# sha256 of every raw file `make data` reads, as stated in each folder's PROVENANCE.md.",
             "# Written by freezelines.provenance.write_record; the pipeline checks every file against it."]
    lines += [f"{documented[p]}  {p}" for p in read_paths()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def verify_raw(raw: Path, record: Path) -> dict[str, str]:
    """Check every raw file the pipeline reads against ``record``; return {path: sha256}.

    Raises :class:`~freezelines.sources.RawDataError` naming the first file that is
    missing, or whose content differs from the record (with both hashes).
    """
    expected = read_record(S.require(record))
    hashes, missing = {}, []
    for path in read_paths():
        if path not in expected:
            raise S.RawDataError(f"{record.name}: no sha256 recorded for raw file {path}")
        file = raw / path
        if not file.is_file():
            missing.append(path)
            continue
        digest = S.sha256(file)
        if digest != expected[path]:
            raise S.RawDataError(
                f"{path}: sha256 {digest} differs from the recorded {expected[path]} ({record.name}); "
                "the raw file has changed: restore it, or check it and update PROVENANCE.md and the record"
            )
        hashes[path] = digest
    if missing:
        raise S.RawDataError(
            f"{missing[0]}: raw file not found in {raw}"
            + (f" (nor {', '.join(missing[1:])})" if missing[1:] else "")
            + "; see each folder's PROVENANCE.md for where it comes from, and set RAW=... (or FREEZELINES_RAW) "
            "to a folder that has every file"
        )
    return hashes
