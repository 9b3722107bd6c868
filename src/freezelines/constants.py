"""One source of truth for the book's constants: dates of record, projection, colours."""

from __future__ import annotations

import datetime as dt

# Dates of record -----------------------------------------------------------------
INVASION = dt.date(2022, 2, 24)
"""Russia's full-scale invasion."""
EVE_OF_INVASION = dt.date(2022, 2, 23)
"""The last day of the 2014-2022 line."""
ANNEXATION_CLAIM = dt.date(2022, 9, 30)
"""Russia announces the annexation of four Ukrainian oblasts."""
KHERSON_RETAKEN = dt.date(2022, 11, 11)
"""Ukrainian forces enter Kherson city."""
ESSAY_DATE = dt.date(2022, 11, 17)
"""Publication of Kagan's essay, 'The Case Against Negotiations with Russia'."""

YEAR_AFTER_ESSAY = ESSAY_DATE.replace(year=ESSAY_DATE.year + 1)
"""A year after the essay: the explorer's preset and exercise compare the essay's line with this day's."""

ESSAY_URL = "https://www.understandingwar.org/backgrounder/case-against-negotiations-russia"

# Geometry ------------------------------------------------------------------------
EQUAL_AREA_CRS = "+proj=laea +lat_0=48.5 +lon_0=31.5 +ellps=WGS84 +units=m +no_defs"
"""Lambert azimuthal equal-area projection centred on Ukraine: every area is measured in it."""

UKRAINE_AREA_KM2 = 601_782.9
"""Ukraine inside its internationally recognised borders, Crimea and Sevastopol included: the
OCHA COD-AB 2017 outline (599,722 km² of land) with its one interior hole, the Sivash lagoon
(2,061 km² of Ukrainian internal water), filled, measured in :data:`EQUAL_AREA_CRS`. Every held
area is clipped to this outline, and it is the denominator of every ``share_of_ukraine``. The
pipeline recomputes it and fails if it drifts. (Published figures of 603,500-603,700 km² also
count other inland and coastal waters.)"""
UKRAINE_AREA_SOURCE = (
    "OCHA COD-AB Ukraine admin-0 outline (2017) with the Sivash lagoon filled, in LAEA, Crimea included"
)
YARDSTICK_KM2 = 10_000
"""The essay's unit of price: "tens of thousands of km²" starts here."""

ROUNDING = {"km2": 10, "km": 10, "residents": 1_000, "distance": 1}
"""One rounding per kind of quantity, everywhere a reader sees it (the chapters' glued values, the
tables, both explorers and the deal panel): areas to 10 km² (the oblast borders are simplified to
500 m, the trackers' lines to 250 m), front lengths to 10 km (measured along simplified lines),
pre-war residents to the thousand (an estimate from 2022 settlement counts), distances to the km."""


GLUE_KINDS = (
    (r"(km2$|-km2-)", "km2"),
    (r"^ch05-not-held-(annexation|essay)-", "km2"),
    (r"^ch11-net-since-essay-", "km2"),
    (r"(^|-)front-km$", "km"),
    (r"^ch10-pop-(?!.*(share|date))", "residents"),
    (r"^ch08-distance-(?!.*date)", "distance"),
)
"""Which glued numbers are which kind (by their glue key), so that every page shows a quantity with
the rounding of its kind (:data:`ROUNDING`): ``freezelines.viz.figures.glue`` applies it."""


def glue_kind(key: str) -> str | None:
    """The kind of quantity a glue key holds (:data:`GLUE_KINDS`), or None (counts, shares, dates)."""
    import re

    return next((kind for pattern, kind in GLUE_KINDS if re.search(pattern, key)), None)


def rounded(kind: str, value: float) -> float:
    """``value`` rounded as the book shows a quantity of that ``kind`` (:data:`ROUNDING`), half up."""
    step, value = ROUNDING[kind], float(value)
    if value != value:  # NaN: no value to round
        return value
    return float(int(value / step + 0.5) * step) if value >= 0 else -rounded(kind, -value)


# Sources -------------------------------------------------------------------------
SOURCES = ("deepstate", "liveuamap", "isw")
MAP_TRACKERS = ("deepstate", "liveuamap")
"""The trackers whose maps the book draws and measures (ISW's layers are published as areas only)."""
SOURCE_LABELS = {
    "deepstate": "DeepStateMap",
    "liveuamap": "liveuamap (via NZZ)",
    "isw": "ISW assessed control (via The Economist)",
}
ISW_LAYER_LABELS = {
    "control_km2": "ISW assessed control",
    "control_plus_advances_km2": "ISW assessed control + advances",
}
"""ISW's two published layers (the columns of ``data/isw_layers.csv``) as the readings of the share
retaken name them."""

# Colours: Okabe & Ito's colour-blind-safe palette ----------------------------------
OKABE_ITO = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}
HELD_BEFORE_2022_COLOUR = "#5b5b5b"
SEIZED_SINCE_2022_COLOUR = OKABE_ITO["vermillion"]

# Credits (the source line of every chart's downloadable data) --------------------------------
TRACKER_CREDIT = (
    "DeepStateMap (deepstatemap.live); liveuamap via NZZ; ISW and AEI's Critical Threats Project, "
    "areas by The Economist (CC BY 4.0); processed by Freeze the Lines?"
)
BORDERS_CREDIT = "boundaries: OCHA COD-AB (SSPE Kartographia / UN OCHA, CC BY-IGO 3.0)"
