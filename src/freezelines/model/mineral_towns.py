"""The essay's mining and mineral-processing towns: were they ever on the Russian-held side?

Read from ``data/place_control.csv`` (the periods each place lay inside a tracker's held area, on
every daily map) and ``data/places.csv``.
"""

from __future__ import annotations

from .datapackage import load
from .places import load_places

MINERAL_TOWNS = {
    "ukrstat2022-0168": "Kryvyi Rih",
    "ukrstat2022-1212": "Horishni Plavni",
}
"""The Kryvyi Rih iron-ore basin (Dnipropetrovsk oblast) and the Poltava iron-ore works (Poltava
Mining, at Horishni Plavni, Poltava oblast)."""


def never_held(place_ids=tuple(MINERAL_TOWNS)) -> dict[str, bool]:
    """Whether each place was outside the Russian-held area on every day of every tracker's maps.

    A place missing from ``places.csv`` is an error naming it."""
    places = set(load_places()["place_id"])
    missing = [p for p in place_ids if p not in places]
    if missing:
        raise KeyError(f"not in places.csv: {missing}")
    held = set(load("place_control")["place_id"])
    return {p: p not in held for p in place_ids}


def glue_values() -> dict:
    """The numbers the pages paste: how many mineral towns there are, and how many were never held."""
    never = never_held()
    return {"mineral-towns": len(never), "mineral-towns-never-held": sum(never.values())}
