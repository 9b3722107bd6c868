"""A proposal's pieces as a reader downloads them: a GeoJSON FeatureCollection per proposal, each
piece with its measures as :mod:`freezelines.model.deals` gives them."""

from __future__ import annotations

import shapely

from .. import constants as C
from .. import geometry as G
from .deals import price

SHAPE_PARTS = {
    "russian": "the Russian side under the deal",
    "dmz": "a demilitarised zone Ukraine would leave",
    "open": "land left to later talks",
    "ukraine_gives": "land Ukraine would give up beyond the day's line (the Russian side and any demilitarised zone)",
    "russia_gives": "land Russian forces would give up",
}
"""The pieces of a proposal a reader can download, with what each is."""


def shapes(key: str, decimals: int = 5) -> dict:
    """A proposal's pieces as a GeoJSON FeatureCollection (lon/lat, WGS 84), each with its measures
    as the model gives them: km² (unrounded, measured in the equal-area frame), pre-war residents,
    every city and town of :data:`~freezelines.model.places.MIN_POPULATION` or more, and the map it is drawn on."""
    import numpy as np

    item = price(key)
    results = {
        "russian": item.deal,
        "dmz": item.dmz,
        "open": item.open_zone,
        "ukraine_gives": item.ukraine_gives,
        "russia_gives": item.russia_gives,
    }
    features = []
    for part, description in SHAPE_PARTS.items():
        geom, result = item.geometries[part], results[part]
        if result is None or geom.is_empty:
            continue
        lonlat = shapely.transform(G.to_lonlat(geom), lambda xy: np.round(xy, decimals))
        features.append(
            G.feature(
                lonlat,
                {
                    "part": part,
                    "what": description,
                    "km2": round(G.km2(geom), 1),
                    "pre_war_residents": int(result.population["total"]),
                    "cities": list(result.cities["name"]),
                },
            )
        )
    return {
        "type": "FeatureCollection",
        "name": f"freeze-the-lines-{key}",
        "proposal": item.proposal.name,
        "date": item.proposal.date.isoformat(),
        "map": {"tracker": C.SOURCE_LABELS[item.source], "day": item.day.isoformat()},
        "note": "Areas (km2) are measured in the book's equal-area projection on the unrounded geometry; "
        "coordinates are rounded to 1e-5 degrees. Pre-war residents: Ukrstat, 1 January 2022, Crimea excluded. "
        "Terms as the book reads them; see the chapter Deals on the table.",
        "features": features,
    }
