"""Every word and number format the explorer and the deal panel print, in one table.

Both front ends print from :data:`WORDING`: the live widgets (``viz/explorer.py``,
``viz/deal_panel.py``) through :func:`say` and the formats below, the static pages'
scripts (``freezelines-explorer.js``, ``freezelines-deal.js``) from the same table sent in
their payload (:func:`payload`, read by ``FreezeLines.words`` in ``freezelines-common.js``).
A wording change is one edit here; ``tests/test_front_ends.py`` checks that both print the same.

Templates name their values in braces: ``"{km2} ({share} of Ukraine)"``. An entry that differs
for a proposal's hypothetical Russian side is a pair ``{"held": ..., "deal": ...}`` (:func:`side`).
Numbers: thousands with a comma; halves rounded up, as :func:`freezelines.constants.rounded` and
JavaScript's ``toFixed`` do (:func:`percent` rounds the exact binary value, like ``toFixed``).
"""

from __future__ import annotations

import copy
import re
from decimal import ROUND_HALF_UP, Decimal

from .. import constants as C

WORDING: dict = {
    "formats": {
        # A quantity with a rounding kind (freezelines.constants.ROUNDING): none, under one step, or the value.
        # "under" applies when the value rounds to zero (area) or is below one step (residents).
        "area": {"none": "none", "under": "under {step} km²", "value": "{n} km²", "under_if": "rounds_to_zero"},
        "people": {"none": "none", "under": "under {step}", "value": "about {n}", "under_if": "below_step"},
        "residents_cell": {"none": "0", "under": "under {step}", "value": "{n}", "under_if": "below_step"},
        "km2": "{n} km²",
        "length": "{n} km",
        "distance": "{n} km",
        "percent": "{n}%",
        "net": {"plus": "+", "minus": "−"},
        "list": ", ",
        "sources": "; ",
    },
    "explorer": {
        "side": {"held": "Russian-held side", "deal": "Russian side"},
        "headline": {"held": "Russian-held area: {label}", "deal": "The Russian side under {label}"},
        "headline_tracker": " ({tracker})",
        "quality": " (Tracker data quality on this day: {quality}.)",
        "drawn_on": "drawn on {map}",
        "deal_title": "{name}, {date}",
        "deal_by": "By {by}. {terms}",
        "deal_reading": "The book's reading: ",
        "deal_source": "Source: {sources}. What each proposal said of the plant, Melitopol and the corridor: {chapter}.",
        "chapter_link": "Deals on the table",
        "price_section": "The essay's price: land seized since February 2022 left to Russia",
        "price_kept": "On the Russian side",
        "price_kept_value": "{area} ({verdict} the essay's 10,000 km²)",
        "verdict": {"above": "above", "below": "below"},
        "price_with_zone": "… with the {zone_kind}",
        "change_section": "What it would change, on the line of {day}",
        "gives": "Ukraine would give up beyond the line",
        "gives_zone": " (of which a demilitarised zone: {area})",
        "part_residents": "… its pre-war residents",
        "part_cities": "… its cities of {min_population} or more",
        "returns": "Russian forces would give up",
        "deal_front": "The line Ukrainian forces would hold",
        "held_section": {"held": "Area held by Russian forces", "deal": "The Russian side under the proposal"},
        "total": "Total",
        "total_value": "{km2} ({share} of Ukraine)",
        "before": {"held": "Held before 24 Feb 2022", "deal": "Inside the 2014–2022 line"},
        "seized": {"held": "Seized since", "deal": "Beyond the 2014–2022 line"},
        "other_tracker": {"held": "Same day, {tracker}", "deal": "Held that day, {tracker}"},
        "front": {"held": "Front line", "deal": "Its edge (the line Ukrainian forces would hold)"},
        "azov": {"held": "Sea of Azov coast held", "deal": "Sea of Azov coast on the Russian side"},
        "oblast_section": {
            "held": "The claimed oblasts and Crimea: share held",
            "deal": "The claimed oblasts and Crimea: share on the Russian side",
        },
        "sites_section": "Key sites",
        "ukrainian_side": "Ukrainian side",
        "distance_section": "Distance from the line",
        "on_side": "on the {side}",
        "change": {
            "held": "Against {line}: Russia holds {gained} it did not hold then and no longer holds {lost} it "
            "held then (net {net}).",
            "deal": "Against {line}: the proposal's Russian side takes in {gained} Russia did not hold then and "
            "leaves out {lost} it held then (net {net}).",
        },
        "people_section": "People and cities on the {side}",
        "residents": "Pre-war residents: {people} (Ukrstat, 1 Jan 2022; Crimea and Sevastopol not included).",
        "cities_count": "{n} cities and towns of {min_population} people or more, largest first:",
        "city": "{name} ({population}, {oblast})",
        "more_cities": "The other {n}, in order",
        "cities_in_view": 15,
        "changed_title": "Changed side since {line}",
        "taken": {"held": "Taken by Russian forces", "deal": "Now on the Russian side"},
        "given_up": {"held": "Given up by Russian forces", "deal": "Now on the Ukrainian side"},
        "changed_count": "{title}: {count}.",
        "changed_none": "none",
        "changed_one": "{n} city or town of {min_population} or more, largest first",
        "changed_many": "{n} cities and towns of {min_population} or more, largest first",
        "off_slider": "There is no weekly line on {day}; the map and panels show the nearest, {shown}.{areas}",
        "off_slider_areas": " Area held that day, by each tracker's own map: {areas}.",
        "off_slider_flag": " (flagged: {flag})",
        "off_slider_panels": "{day} has no weekly line: every figure below is for the weekly line of {shown}, the "
        "nearest. The page holds the full measures for weekly lines only; for {day} itself it gives each tracker's "
        "total area (beside the date field). The live explorer (Jupyter, Binder, Colab) measures any day in full.",
        "trace_held": {"held": "held by Russian forces", "deal": "Russian side under the proposal"},
        "trace_compare": "compared with {line}",
        "trace_no_compare": "comparison line",
    },
    "deal": {
        "intro_proposal": "{name} ({date}), as the book draws it on {tracker}'s line of {day}. Source: {sources}.",
        "intro_own": "Your deal on {tracker}'s line of {day}.",
        "share": "The Russian side would be {share} ({side} of {ukraine} km²).",
        "share_value": "{share} of Ukraine",
        "columns": ["What", "km²", "pre-war residents (about)", "cities of {min_population}+"],
        "rows": {
            "side": "Russian side under the deal",
            "zone": "Demilitarised zone",
            "gives": "Ukraine would give up beyond the line",
            "returns": "Russian forces would give up",
        },
        "sites": "Key sites on the Russian side: {sites}.",
        "zone_sites": " In the demilitarised zone: {sites}.",
        "no_sites": "none",
        "cities_given": "Cities and towns Ukraine would give up, all {n}, largest first: {cities}.",
        "city": "{name} ({population})",
        "note": "Pre-war residents: Ukrstat's estimate for 1 January 2022, rounded to the thousand; Crimea and "
        "Sevastopol not included. The land corridor to Crimea is not added up here: it depends on how the pieces "
        "join. A sum of oblast pieces can differ by a few km² from the measure of the whole line (the seams between "
        "oblasts). Measures of the proposals' own lines: {chapter}.",
        "chapter_link": "Deals on the table",
        "headline": "The Russian side under the deal, on the line of {day}",
        "trace_day": "the line of {day}",
        "status": "Russian side {side} km² ({share} of Ukraine); Ukraine would give up {gives} km², "
        "Russian forces {returns} km².",
    },
}
"""The table (see the module's note). Keys are the front ends' names for what they print."""

_FIELD = re.compile(r"\{(\w+)\}")


def fill(template: str, **values) -> str:
    """A template with its named values put in; a missing value is an error naming it and the template."""

    def put(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise KeyError(f"the wording template {template!r} needs a value for {name!r}")
        return str(values[name])

    return _FIELD.sub(put, template)


def entry(path: str, deal: bool | None = None):
    """The table's entry at ``path`` ("explorer.total"); for a held/deal pair, the side's one."""
    value = WORDING
    for part in path.split("."):
        if not isinstance(value, dict) or part not in value:
            raise KeyError(f"no wording {path!r} (stops at {part!r})")
        value = value[part]
    if isinstance(value, dict) and set(value) == {"held", "deal"}:
        if deal is None:
            raise KeyError(f"the wording {path!r} differs for a proposal: say which side (deal=True/False)")
        return value["deal" if deal else "held"]
    return value


def say(path: str, deal: bool | None = None, **values) -> str:
    """The table's template at ``path``, filled (``deal`` picks a held/deal pair's side)."""
    return fill(entry(path, deal), **values)


def number(value: float) -> str:
    """A whole number with thousands separators, halves rounded up ("1,234"; never "-0")."""
    whole = int(Decimal(float(value)).quantize(Decimal(1), ROUND_HALF_UP))
    return f"{whole:,}" if whole else "0"


def percent(share: float, digits: int = 1) -> str:
    """A share as a percentage: "18.4%" (``digits`` decimals, as JavaScript's ``toFixed``)."""
    exact = Decimal(float(share) * 100).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP)
    return fill(WORDING["formats"]["percent"], n=f"{exact:.{digits}f}")


def quantity(form: str, kind: str, value: float) -> str:
    """A quantity in one of the step formats (area, people, residents_cell): none, under a step, or rounded."""
    template, step = WORDING["formats"][form], C.ROUNDING[kind]
    counted = template["under_if"] == "below_step"  # people: a whole count first
    value = float(round(value)) if counted and value == value else float(value)
    if not value > 0:  # none (or NaN)
        return template["none"]
    rounded = C.rounded(kind, value)
    if (value < step) if counted else (rounded == 0):
        return fill(template["under"], step=number(step))
    return fill(template["value"], n=number(rounded))


def area(km2: float) -> str:
    """An area: "26,750 km²" (to 10 km²), "under 10 km²", "none"."""
    return quantity("area", "km2", km2)


def people(count: float) -> str:
    """Pre-war residents: "about 708,000", "under 1,000", "none"."""
    return quantity("people", "residents", count)


def residents_cell(count: float) -> str:
    """Pre-war residents in a table's number column: "708,000", "under 1,000", "0"."""
    return quantity("residents_cell", "residents", count)


def km2(value: float) -> str:
    """A number of km² already rounded as the pages round areas: "26,750 km²"."""
    return fill(WORDING["formats"]["km2"], n=number(value))


def length(km: float) -> str:
    """A front line's length: "1,170 km" (to 10 km)."""
    return fill(WORDING["formats"]["length"], n=number(C.rounded("km", km)))


def distance(km: float) -> str:
    """A distance to a city: "102 km" (to the km)."""
    return fill(WORDING["formats"]["distance"], n=number(C.rounded("distance", km)))


def signed_km2(value: float) -> str:
    """A net change of area: "+1,230 km²", "−40 km²" (a true minus sign)."""
    signs = WORDING["formats"]["net"]
    return (signs["plus"] if value >= 0 else signs["minus"]) + km2(abs(value))


def signed_area(value: float) -> str:
    """A change of area as the pages write it, rounded here (to 10 km², :data:`freezelines.constants.ROUNDING`)
    and signed as :func:`signed_km2`: "+40 km²", "−1,110 km²", or "a change under 10 km²"."""
    rounded = C.rounded("km2", value)
    return f"a change under {km2(C.ROUNDING['km2'])}" if rounded == 0 else signed_km2(rounded)


def payload() -> dict:
    """The table for a static page's payload (a copy: the page's JSON cannot change the table)."""
    return copy.deepcopy(WORDING)
