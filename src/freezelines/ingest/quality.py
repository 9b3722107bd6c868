"""Defect rules: general tests that find the trackers' known defects without a list of dates.

Two rules, applied to each tracker's daily totals:

* **Transient departure** (within one source). A run of at most
  :data:`MAX_TRANSIENT_DAYS` map states whose total departs from the last good state
  before the run *and* from the first state after it by more than the tolerance, while
  those two agree with each other within the tolerance, is a broken map (NZZ's
  2023-12-09...11 files, where almost everything is labelled "losses", are the case
  in point). Its states are rejected: the previous good state is carried forward and
  the row says what was measured.
* **Broken map at the end of the series** (within one source). The last one or two map
  states, when they depart from the state before them while that one agrees with its own
  predecessor, are rejected like a transient departure: no later map has confirmed them
  (a weekly update that ends on a map covering all of Ukraine, or a -31% drop). A real
  change is accepted once a third map confirms it.
* **Disagreement with the other trackers** (across sources). Each tracker differs from
  the others by a typical amount, because each draws a different thing (ISW's
  *assessed control* is narrower than DeepState's occupied area, for instance). That
  typical gap is removed first. On a day covered by all three trackers, if two agree
  within the tolerance and the third departs from them by more, the third is flagged
  ``outlier`` (NZZ's lag behind the Kyiv withdrawal in early April 2022 is the case in
  point); if no two agree, all three are. On a day covered by only two trackers (every
  day since November 2023), a pair that had agreed for :data:`AGREED_DAYS` days in a row
  and then departs by more than the tolerance is flagged: the tracker that moved away
  from its own value on the last agreeing day, or both when that cannot be told
  (:func:`pair_disagreements`). Values are kept: an outlier is a day on which a reader
  should not trust a single tracker, not necessarily a wrong value.
* **Redrawing of the pre-2022 area** (within one source). The area held before 24 Feb
  2022 is fixed by definition; a tracker whose drawing of it differs from its final
  drawing by more than :data:`REDRAW_SHARE` is still redrawing (DeepState's archive in
  2022). Such rows get a note; their totals carry the redrawing.

The tolerance is ``max(TOLERANCE_KM2, TOLERANCE_SHARE * level)``.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

TOLERANCE_KM2 = 4_000.0
TOLERANCE_SHARE = 0.04
MAX_TRANSIENT_DAYS = 7
END_DAYS = 2
"""A departure in the last this many map states of a series is a broken map until a later map confirms it."""
AGREED_DAYS = 7
"""Two trackers are judged against each other only after agreeing on this many common days in a row
(in 2022 the trackers drew the invasion too differently for a two-tracker rule; since November 2023
DeepStateMap and liveuamap agree within 1,300 km² every day)."""
REDRAW_SHARE = 0.005


def tolerance(level: float) -> float:
    return max(TOLERANCE_KM2, TOLERANCE_SHARE * abs(level))


def transient_departures(totals: dict[dt.date, float]) -> dict[dt.date, str]:
    """Map states (by date) that form a short departure from an otherwise steady level.

    ``totals`` are one source's map-state totals; the answer gives, for each rejected
    date, a note that explains why. Three cases:

    * an empty map (0 km², or a total that is not a number), wherever it is;
    * a run of at most :data:`MAX_TRANSIENT_DAYS` states between two agreeing states
      that departs from both (the general rule);
    * the first or the last state of the series, when it departs from its neighbour
      while that neighbour agrees with the next one in (a broken map at either end has
      only one side to return to);
    * the last :data:`END_DAYS` states, when each departs from the state before them while
      that one agrees with its own predecessor (two broken maps at the end of the series
      agree with each other, so the one-state rule misses them).
    """
    rejected: dict[dt.date, str] = {}
    for day, value in totals.items():
        if not value > 0:
            rejected[day] = f"broken map: empty ({value:,.0f} km²)"
    totals = {d: v for d, v in totals.items() if d not in rejected}
    dates = sorted(totals)
    if len(dates) >= 3:
        for edge, neighbour, next_in, side in ((0, 1, 2, "first"), (-1, -2, -3, "last")):
            value, near, far = totals[dates[edge]], totals[dates[neighbour]], totals[dates[next_in]]
            if abs(value - near) > tolerance(near) and abs(near - far) <= tolerance(near):
                rejected[dates[edge]] = (
                    f"broken map at the {side} day of the series: measured {value:,.0f} km² against "
                    f"{near:,.0f} km² on {dates[neighbour]} and {far:,.0f} km² on {dates[next_in]}"
                )
        dates = [d for d in dates if d not in rejected]
    index = 1
    while index < len(dates) - 1:
        before = totals[dates[index - 1]]
        if abs(totals[dates[index]] - before) <= tolerance(before):
            index += 1
            continue
        # A departure starts here: look for a return within MAX_TRANSIENT_DAYS states.
        for end in range(index, min(index + MAX_TRANSIENT_DAYS, len(dates) - 1)):
            after = totals[dates[end + 1]]
            run = [totals[d] for d in dates[index : end + 1]]
            back = abs(after - before) <= tolerance(before)
            away = all(abs(v - before) > tolerance(before) and abs(v - after) > tolerance(after) for v in run)
            if back and away:
                for d in dates[index : end + 1]:
                    rejected[d] = (
                        f"broken map: measured {totals[d]:,.0f} km² against {before:,.0f} km² on "
                        f"{dates[index - 1]} and {after:,.0f} km² on {dates[end + 1]}"
                    )
                index = end + 1
                break
        else:
            index += 1
    # The last END_DAYS states, once the departures that returned are out of the way.
    dates = [d for d in dates if d not in rejected]
    if len(dates) >= END_DAYS + 2:
        run, anchor, before = dates[-END_DAYS:], dates[-END_DAYS - 1], dates[-END_DAYS - 2]
        level = totals[anchor]
        if abs(level - totals[before]) <= tolerance(level) and all(
            abs(totals[d] - level) > tolerance(level) for d in run
        ):
            for d in run:
                rejected[d] = (
                    f"broken map in the last {END_DAYS} states of the series: measured {totals[d]:,.0f} km² against "
                    f"{level:,.0f} km² on {anchor} and {totals[before]:,.0f} km² on {before}, and no later map "
                    "confirms it"
                )
    return rejected


def disagreements(daily: pd.DataFrame) -> dict[tuple[dt.date, str], str]:
    """Days on which one tracker departs from the other two by more than usual.

    ``daily`` has columns ``date``, ``source``, ``total_km2`` (one row per day and
    source, carried-forward values included). Each tracker's typical gap to the median
    of the three is removed first. Then, on each day covered by three trackers: if two
    agree within the tolerance, the third is flagged when it departs from their mean by
    more than the tolerance; if no two agree, all three are flagged. Returns notes keyed
    by (date, source).
    """
    wide = daily.pivot(index="date", columns="source", values="total_km2").dropna()
    if wide.shape[1] != 3 or wide.empty:
        return {}
    typical = wide.sub(wide.median(axis=1), axis=0).median()
    adjusted = wide - typical
    flags: dict[tuple[dt.date, str], str] = {}
    names = list(wide.columns)
    for day, values in adjusted.iterrows():
        level = values.median()
        limit = tolerance(level)
        pairs = sorted(
            ((abs(values[a] - values[b]), a, b) for i, a in enumerate(names) for b in names[i + 1 :]),
        )
        gap, a, b = pairs[0]
        if gap <= limit:
            (odd,) = set(names) - {a, b}
            departure = values[odd] - (values[a] + values[b]) / 2
            if abs(departure) > limit:
                flags[(day, odd)] = (
                    f"{abs(departure):,.0f} km² {'above' if departure > 0 else 'below'} {a} and {b}, "
                    f"which agree (typical gaps removed: {odd} {typical[odd]:+,.0f}, {a} {typical[a]:+,.0f}, "
                    f"{b} {typical[b]:+,.0f} km²)"
                )
        else:
            spread = values.max() - values.min()
            for source in names:
                flags[(day, source)] = (
                    f"the three trackers disagree: {spread:,.0f} km² between the highest and the lowest "
                    f"(typical gaps removed), no two within {limit:,.0f} km²"
                )
    return flags


def pair_disagreements(daily: pd.DataFrame) -> dict[tuple[dt.date, str], str]:
    """Days covered by only two trackers on which they depart from each other by more than usual.

    ``daily`` as for :func:`disagreements`. For each pair of trackers, their typical gap (the
    median difference over the days both cover) is removed. Once the pair has agreed within the
    tolerance on :data:`AGREED_DAYS` common days in a row, a later common day on which it departs
    by more than the tolerance, and which no third tracker covers, is flagged: for the tracker
    that moved by more than the tolerance from its own value on the pair's last agreeing day,
    or for both when neither or both did. Returns notes keyed by (date, source).
    """
    wide = daily.pivot(index="date", columns="source", values="total_km2").sort_index()
    covered = wide.notna().sum(axis=1)
    names = sorted(wide.columns)
    flags: dict[tuple[dt.date, str], str] = {}
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            both = wide[[a, b]].dropna()
            if len(both) < AGREED_DAYS:
                continue
            typical = float((both[a] - both[b]).median())
            agreed, anchor = 0, None
            for day, value_a, value_b in zip(both.index, both[a], both[b]):
                gap = value_a - value_b - typical
                limit = tolerance((value_a + value_b - typical) / 2)
                if abs(gap) <= limit:
                    agreed += 1
                    if agreed >= AGREED_DAYS or anchor is not None:
                        anchor = (day, value_a, value_b)
                    continue
                agreed = 0
                if anchor is None or covered[day] != 2:
                    continue
                since, was_a, was_b = anchor
                moved = {a: value_a - was_a, b: value_b - was_b}
                away = [s for s, was in ((a, was_a), (b, was_b)) if abs(moved[s]) > tolerance(was)]
                changes = f"{a} {moved[a]:+,.0f} km², {b} {moved[b]:+,.0f} km² since {since}"
                if len(away) == 1:
                    (odd,) = away
                    other = b if odd == a else a
                    departure = gap if odd == a else -gap
                    flags[(day, odd)] = (
                        f"{abs(departure):,.0f} km² {'above' if departure > 0 else 'below'} {other} (typical gap "
                        f"{typical if odd == a else -typical:+,.0f} km² removed), which no third tracker covers this "
                        f"day; the two agreed until {since}, and {odd} is the one that moved ({changes})"
                    )
                else:
                    for source in (a, b):
                        flags[(day, source)] = (
                            f"the two trackers covering this day disagree: {abs(gap):,.0f} km² apart (typical gap "
                            f"removed) after agreeing until {since}, and no third tracker says which is right ({changes})"
                        )
    return flags


def redrawing(held_before: dict[dt.date, float]) -> dict[dt.date, str]:
    """Days on which a tracker's pre-2022 area differs from its final drawing by more than
    :data:`REDRAW_SHARE`."""
    if not held_before:
        return {}
    final = held_before[max(held_before)]
    if not final > 0:
        return {}
    return {
        day: f"pre-2022 area drawn as {value:,.0f} km², {value - final:+,.0f} km² from the tracker's final drawing"
        for day, value in held_before.items()
        if abs(value / final - 1) > REDRAW_SHARE
    }


# Artefacts of drawing, not of control --------------------------------------------------------

STALE_MIN_DAYS = 3
"""A value held unchanged for at least this many days and then left by a jump larger than the
tolerance is a map that was not updated (NZZ in mid-March 2022: seven days at 110,869 km², then
about +29,000 km² in one day)."""
SAME_KM2 = 0.5
"""Two days whose totals differ by less than this show the same map."""
REDRAWN_STEP_KM2 = 1_000.0
"""A one-day step larger than this (but within the tolerance) that the independent reference
series does not show is a change of drawing (NZZ's coastline trim of 23 May 2023, -1,111 km²)."""
REFERENCE_WINDOW_DAYS = 7
"""The reference series is compared over this many days either side of a step (trackers lag)."""
REFERENCE_MIN_DAYS = 30
"""The reference rule needs at least this many common days to estimate a typical gap."""

FLAGS = {
    "stale": "the map was not updated for several days and then jumped by more than the tolerance",
    "off_reference": "departs from liveuamap's own published area series by more than the tolerance (typical gap removed)",
    "outlier": "departs from the other two trackers, which agree, by more than the tolerance (typical gaps removed)",
    "redrawn": "a one-day step that the independent series does not show: a change of drawing, not of control",
    "carried_forward": "no new map (or a broken one) for this day: the previous map's value, repeated",
}
"""Every value of the ``quality`` column other than ``ok`` and ``missing``, by priority (a row
flagged by several rules takes the first; its note gives every reason)."""


def stale_runs(values: dict[dt.date, float]) -> dict[dt.date, str]:
    """Days of a run of at least :data:`STALE_MIN_DAYS` equal values that ends in a jump larger
    than the tolerance; every day of the run but its first is flagged. ``values`` is one
    source's daily series (carried-forward days included)."""
    dates = sorted(d for d, v in values.items() if v == v)
    flags: dict[dt.date, str] = {}
    start = 0
    for index in range(1, len(dates) + 1):
        if index < len(dates) and abs(values[dates[index]] - values[dates[start]]) < SAME_KM2:
            continue
        run = dates[start:index]
        if index < len(dates) and len(run) >= STALE_MIN_DAYS:
            level = values[run[0]]
            jump = values[dates[index]] - level
            if abs(jump) > tolerance(level):
                for day in run[1:]:
                    flags[day] = (
                        f"stale: the same {level:,.0f} km² from {run[0]} to {run[-1]} ({len(run)} days), then "
                        f"{jump:+,.0f} km² on {dates[index]}: the map was not updated"
                    )
        start = index
    return flags


def reference_departures(
    values: dict[dt.date, float], reference: dict[dt.date, float], name: str
) -> dict[dt.date, str]:
    """Days on which a tracker departs from an independent reference series by more than the
    tolerance, once the typical gap between the two (their median difference) is removed.

    Used with liveuamap's own published area series: it catches NZZ's days behind liveuamap
    (March 2022) and DeepStateMap's April 2022, when its drawing of the occupied area was still
    being completed (about 16,000 km² below liveuamap, closing over three weeks).
    """
    common = sorted(d for d in set(values) & set(reference) if values[d] == values[d] and reference[d] == reference[d])
    if len(common) < REFERENCE_MIN_DAYS:
        return {}
    typical = float(pd.Series([values[d] - reference[d] for d in common]).median())
    flags = {}
    for day in common:
        departure = values[day] - reference[day] - typical
        if abs(departure) > tolerance(reference[day]):
            flags[day] = (
                f"off_reference: {abs(departure):,.0f} km² {'above' if departure > 0 else 'below'} {name} "
                f"({reference[day]:,.0f} km² that day; typical gap {typical:+,.0f} km² removed)"
            )
    return flags


def redrawn_steps(values: dict[dt.date, float], reference: dict[dt.date, float], name: str) -> dict[dt.date, str]:
    """One-day steps larger than :data:`REDRAWN_STEP_KM2` (within the tolerance) while the
    reference series moves by less than a quarter of the step within
    :data:`REFERENCE_WINDOW_DAYS` days either side."""
    dates = sorted(d for d, v in values.items() if v == v)
    flags = {}
    for before, day in zip(dates, dates[1:]):
        step = values[day] - values[before]
        if not REDRAWN_STEP_KM2 < abs(step) <= tolerance(values[before]):
            continue
        window = [v for d, v in reference.items() if abs((d - day).days) <= REFERENCE_WINDOW_DAYS and v == v]
        if len(window) >= REFERENCE_WINDOW_DAYS and max(window) - min(window) < abs(step) / 4:
            flags[day] = (
                f"redrawn: {step:+,.0f} km² in one day while {name} moved {max(window) - min(window):,.0f} km² "
                f"within {REFERENCE_WINDOW_DAYS} days either side: a change of drawing (such as the coastline), not of control"
            )
    return flags
