"""How much had Ukraine retaken by 17 November 2022? Every definition, side by side.

The essay says Ukraine had freed "nearly half" of the land Russia had seized since
24 February 2022. The share depends on two choices:

- the **baseline**, the land counted as "seized": either the area seized since the
  invasion on the *peak day* (the day that area was largest), or the *union* of every daily
  map from 24 February to the essay's date (everything held at any time since the invasion,
  even if never all on the same day);
- the **tracker**: liveuamap (via NZZ), whose maps start on 24 February 2022, and ISW's two
  published layers (assessed control, and control plus assessed advances), for which only
  daily areas exist, so only the peak-day baseline can be computed.

DeepStateMap's archive starts only weeks after the invasion (its first day:
:func:`freezelines.model.territory.coverage`), after Russian forces had left the north of
Ukraine, so its "peak" misses the largest extent of the invasion: it cannot measure this
claim and is left out of the range (:data:`EXCLUDED`).

Beside them, the figures others published at the time, with their sources: data, in
``retaken_published.csv`` (:data:`PUBLISHED_FILE`), checked and read on first use (:func:`published`).

Everything is read from ``data/`` through the book's own readers.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
import shapely

from .. import constants as C
from .. import geometry as G
from . import scenarios, territory

EXCLUDED = {
    "deepstate": "DeepStateMap's archive starts after the withdrawal from the north (see territory.coverage): "
    "it cannot see the largest extent of the invasion, so it cannot measure this claim",
}
TRACKER_LABELS = {
    "liveuamap": C.SOURCE_LABELS["liveuamap"],
    **{f"isw_{column.removesuffix('_km2')}": label for column, label in C.ISW_LAYER_LABELS.items()},
}
"""The readings' trackers, by key, as :func:`freezelines.model.territory.share_retaken` labels them."""
BASELINE_LABELS = {
    "peak_day": "peak day",
    "union": f"everything held at any time since {C.INVASION:%-d %b} (union of daily maps)",
}

PUBLISHED_FILE = Path(__file__).with_name("retaken_published.csv")
"""Figures others published at the time, one row each, as the cited sources report them (km²), each
with its source's key in ``book/references.bib`` (``cite``); the share is computed (:func:`published`)."""
PUBLISHED_SCHEMA = {
    "fields": [
        {"name": "key", "type": "string", "constraints": {"required": True, "unique": True, "pattern": "[a-z0-9-]+"}},
        {"name": "as_of", "type": "string", "constraints": {"required": True}},
        {"name": "who", "type": "string", "constraints": {"required": True}},
        {"name": "what", "type": "string", "constraints": {"required": True}},
        {"name": "retaken_km2", "type": "integer", "constraints": {"required": True, "minimum": 0}},
        {"name": "baseline_km2", "type": "integer", "constraints": {"required": True, "minimum": 1}},
        {"name": "cite", "type": "string", "constraints": {"required": True, "pattern": "[A-Za-z0-9_:-]+"}},
    ],
}
"""The Frictionless schema :data:`PUBLISHED_FILE` is checked against (every column, typed)."""

# The retaken share ------------------------------------------------------------------------


@lru_cache(maxsize=4)
def union_seized(source: str = "liveuamap", start=C.INVASION, end=C.ESSAY_DATE):
    """Everything a tracker showed as seized since 24 Feb 2022 on any day from ``start`` to ``end``.

    The union of the daily maps (every map that appeared in the window, and the one in force on
    ``start``), less the area held before the invasion (DeepState's pre-2022 polygons, the same
    reference that splits every tracker's totals).
    """
    if source in EXCLUDED:
        raise ValueError(f"{EXCLUDED[source]} (its first day: {scenarios.dates_available(source)[0]:%-d %B %Y})")
    start, end = scenarios.as_date(start), scenarios.as_date(end)
    dates = scenarios.archive(source).dates
    indices = [i for i, d in enumerate(dates) if start <= d <= end]
    earlier = [i for i, d in enumerate(dates) if d < start]
    if earlier:
        indices = [earlier[-1], *indices]
    pre2022 = scenarios.context().pre2022
    parts = [shapely.difference(scenarios._geometry(source, i), pre2022) for i in indices]
    return shapely.union_all(parts)


def union_reading(source: str = "liveuamap", day=C.ESSAY_DATE) -> dict:
    """The union baseline for one tracker: seized at any time, still held on ``day``, retaken."""
    seized = union_seized(source, C.INVASION, day)
    held = scenarios.line_on(day, source).held
    baseline = G.km2(seized)
    retaken = G.km2(shapely.difference(seized, held))
    return {
        "tracker": source,
        "baseline": "union",
        "baseline_date": None,
        "baseline_km2": baseline,
        "held_km2": baseline - retaken,
        "retaken_km2": retaken,
        "share_retaken": retaken / baseline,
    }


def readings(day=C.ESSAY_DATE) -> pd.DataFrame:
    """Every computable definition of the share retaken by ``day`` (DeepStateMap left out).

    Peak-day readings come from :func:`freezelines.model.territory.share_retaken`; the union reading
    is computed here from liveuamap's daily maps (ISW publishes areas, not maps).
    """
    table = territory.share_retaken(territory.load_territory(), territory.load_isw_layers(), day)
    names = {label: tracker for tracker, label in TRACKER_LABELS.items()}
    rows = []
    for _, row in table.iterrows():
        if row["reading"] not in names:
            continue  # DeepStateMap: see EXCLUDED
        rows.append(
            {
                "tracker": names[row["reading"]],
                "baseline": "peak_day",
                "baseline_date": row["peak_date"],
                "baseline_km2": row["peak_seized_km2"],
                "held_km2": row["held_seized_km2"],
                "retaken_km2": row["retaken_km2"],
                "share_retaken": row["share_retaken"],
            }
        )
    rows.append(union_reading("liveuamap", day))
    out = pd.DataFrame(rows)
    out["label"] = out["tracker"].map(TRACKER_LABELS) + ", " + out["baseline"].map(BASELINE_LABELS)
    return out


@lru_cache(maxsize=4)
def _read_published(path: Path) -> pd.DataFrame:
    from ..ingest.tables import read_table
    from .proposals import BIBLIOGRAPHY, sources

    table = read_table(path, PUBLISHED_SCHEMA)
    for _, row in table.iterrows():
        where = f"{path.name} line {row['_line']}"
        if row["retaken_km2"] > row["baseline_km2"]:
            raise ValueError(
                f"{where}, column 'retaken_km2': {row['retaken_km2']:,} km² retaken is more than the baseline "
                f"({row['baseline_km2']:,} km²)"
            )
        if BIBLIOGRAPHY.is_file():  # a checkout: the source must be in the book's bibliography
            try:
                sources(row["cite"])
            except KeyError:
                raise ValueError(
                    f"{where}, column 'cite': {row['cite']!r} is not a key of book/{BIBLIOGRAPHY.name}"
                ) from None
    table = table.drop(columns="_line").astype({"retaken_km2": int, "baseline_km2": int})
    table["share_retaken"] = table["retaken_km2"] / table["baseline_km2"]
    return table


def published(path: Path | None = None) -> pd.DataFrame:
    """The figures published at the time (:data:`PUBLISHED_FILE`, or ``path``), read and checked on first
    use, with the share each implies (retaken / baseline). A bad row is an error naming the file, the line
    and the column: a value of the wrong type, missing or out of range, a key given twice, more retaken than
    the baseline, a source not in the book's bibliography."""
    return _read_published(Path(path) if path is not None else PUBLISHED_FILE).copy()


def glue_values(day=C.ESSAY_DATE) -> dict:
    """The numbers the pages paste, by glue key (``retaken-...``)."""
    table = readings(day)
    out = {}
    for _, row in table.iterrows():
        key = f"retaken-{row['tracker'].replace('_', '-')}-{row['baseline'].replace('_', '-')}"
        out[key] = float(row["share_retaken"])
        out[key + "-baseline-km2"] = float(row["baseline_km2"])
        out[key + "-retaken-km2"] = float(row["retaken_km2"])
    out["retaken-range-min"] = float(table["share_retaken"].min())
    out["retaken-range-max"] = float(table["share_retaken"].max())
    out["retaken-definitions"] = int(len(table))
    out["retaken-definitions-below-half"] = int((table["share_retaken"] < 0.5).sum())
    for _, row in published().iterrows():
        out[f"retaken-published-{row['key']}"] = float(row["share_retaken"])
    return out


def table_for_display(day=C.ESSAY_DATE) -> pd.DataFrame:
    """A readable table of :func:`readings` and :func:`published`."""
    ours = readings(day)
    retaken_by = f"retaken by {scenarios.as_date(day):%-d %b %Y} (km²)"
    shown = pd.DataFrame(
        {
            "definition": ours["label"],
            "baseline (km²)": ours["baseline_km2"].round(0),
            retaken_by: ours["retaken_km2"].round(0),
            "share retaken": ours["share_retaken"].map("{:.0%}".format),
        }
    )
    theirs = published()
    shown = pd.concat(
        [
            shown,
            pd.DataFrame(
                {
                    "definition": theirs["who"] + " (" + theirs["as_of"] + "): " + theirs["what"],
                    "baseline (km²)": theirs["baseline_km2"],
                    retaken_by: theirs["retaken_km2"],
                    "share retaken": theirs["share_retaken"].map("{:.0%}".format),
                }
            ),
        ],
        ignore_index=True,
    )
    return shown
