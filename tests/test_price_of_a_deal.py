"""freezelines.model.price_of_a_deal: "claimed, not held" measured on hand-made lines whose answer
is known, and the yardsticks' arithmetic on a hand-made series."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest
import shapely

from freezelines import constants as C
from freezelines import geometry as G
from freezelines.model import price_of_a_deal as price
from freezelines.model import scenarios
from freezelines.model.places import load_places
from freezelines.paths import data_path

ZAPORIZHZHIA_OBLAST, LVIV_OBLAST = "UA23", "UA46"
ZAPORIZHZHIA_CITY, MARIUPOL = "ukrstat2022-0582", "ukrstat2022-0394"


def hand_made(held) -> scenarios.Line:
    return scenarios.Line(label="hand-made", source="test", date=None, held=held)


def oblast_geometry(code: str):
    ctx = scenarios.context()
    return dict(zip(ctx.oblasts["adm1_pcode"], ctx.oblast_geoms))[code]


def square_in(code: str, side_km: float):
    """A square of ``side_km`` around the oblast's representative point, checked to lie inside it."""
    oblast = oblast_geometry(code)
    middle = shapely.point_on_surface(oblast)
    half = side_km * 500
    square = shapely.box(middle.x - half, middle.y - half, middle.x + half, middle.y + half)
    assert shapely.within(square, oblast), f"the {side_km} km square is not inside {code}"
    return square


def square_around(place_id: str, side_km: float):
    row = load_places().set_index("place_id").loc[place_id]
    point = G.to_equal_area(shapely.Point(row["lon"], row["lat"]))
    half = side_km * 500
    return shapely.box(point.x - half, point.y - half, point.x + half, point.y + half)


CLAIMED_NAMES = ("Donetsk Oblast", "Luhansk Oblast", "Zaporizhzhia Oblast", "Kherson Oblast")
"""The four oblasts Russia claimed to annex on 30 September 2022, by name (not through the model's codes)."""


@pytest.fixture(scope="module")
def claimed_km2() -> float:
    """The four claimed oblasts' areas as the boundary file states them, chosen by name, read without the model."""
    units = json.loads(data_path("boundaries/oblasts.geojson").read_text())["features"]
    areas = {u["properties"]["name"]: u["properties"]["area_km2"] for u in units}
    return sum(areas[name] for name in CLAIMED_NAMES)


def test_nothing_held_leaves_the_whole_claim_unheld(claimed_km2):
    reading = price.claimed_not_held(hand_made(shapely.Polygon()))
    assert reading["claimed_km2"] == pytest.approx(claimed_km2)
    assert reading["held_km2"] == 0 and reading["not_held_km2"] == pytest.approx(claimed_km2)
    assert reading["share_not_held"] == 1.0


def test_a_60_km_square_inside_one_claimed_oblast_is_3600_km2_held(claimed_km2):
    table = price.claimed_oblasts(hand_made(square_in(ZAPORIZHZHIA_OBLAST, 60)))
    assert list(table.index) == list(scenarios.CLAIMED_OBLASTS)
    assert table.loc[ZAPORIZHZHIA_OBLAST, "held_km2"] == pytest.approx(3_600, rel=1e-6)
    assert table.drop(index=ZAPORIZHZHIA_OBLAST)["held_km2"].eq(0).all()
    reading = price.claimed_not_held(hand_made(square_in(ZAPORIZHZHIA_OBLAST, 60)))
    assert reading["not_held_km2"] == pytest.approx(claimed_km2 - 3_600, rel=1e-9)
    assert reading["share_not_held"] == pytest.approx(1 - 3_600 / claimed_km2, rel=1e-9)


def test_land_held_outside_the_four_oblasts_does_not_count(claimed_km2):
    reading = price.claimed_not_held(hand_made(square_in(LVIV_OBLAST, 60)))
    assert reading["held_km2"] == 0 and reading["not_held_km2"] == pytest.approx(claimed_km2)


def test_the_cities_of_the_unheld_part_are_the_ones_outside_the_held_area():
    places = load_places()
    nothing = price.unheld_parts(hand_made(shapely.Polygon()), places)
    assert "Zaporizhzhia" in nothing.loc[ZAPORIZHZHIA_OBLAST, "cities"]
    assert "Mariupol" in nothing.loc["UA14", "cities"]
    city = price.unheld_parts(hand_made(square_around(ZAPORIZHZHIA_CITY, 40)), places)
    assert "Zaporizhzhia" not in city.loc[ZAPORIZHZHIA_OBLAST, "cities"]
    assert "Mariupol" in city.loc["UA14", "cities"]
    # The 40 km square is 1,600 km²; part of it lies across the Dnipro, outside the oblast.
    taken = nothing.loc[ZAPORIZHZHIA_OBLAST, "not_held_km2"] - city.loc[ZAPORIZHZHIA_OBLAST, "not_held_km2"]
    assert 800 < taken < 1_600
    # Largest first: Zaporizhzhia (about 710,000 people) before Melitopol (about 150,000).
    assert nothing.loc[ZAPORIZHZHIA_OBLAST, "cities"][:2] == ["Zaporizhzhia", "Melitopol"]


def test_the_yardsticks_on_a_hand_made_series(monkeypatch):
    day, later = pd.Timestamp(C.ESSAY_DATE), pd.Timestamp("2023-01-05")
    rows = [
        ("deepstate", day, 100_000.0, 60_000.0, "ok"),
        ("deepstate", day + pd.Timedelta(days=1), 999_999.0, 999_999.0, "redrawn"),  # flagged: never quoted
        ("deepstate", later, 112_000.0, 72_000.0, "ok"),
        ("liveuamap", day, 90_000.0, 50_000.0, "ok"),
        ("liveuamap", later, 85_000.0, 45_000.0, "ok"),
    ]
    table = pd.DataFrame(rows, columns=["source", "date", "total_km2", "seized_since_2022_km2", "quality"])
    monkeypatch.setattr(price.territory, "load_territory", lambda: table)
    monkeypatch.setattr(price.scenarios, "line_on", lambda when, source: hand_made(shapely.Polygon()))
    monkeypatch.setattr(price, "claimed_not_held", lambda line: {"not_held_km2": 24_000.0})
    values = price.yardsticks(dt.date(2022, 11, 17))
    assert values == pytest.approx(
        {
            "seized-held-deepstate-km2": 60_000,
            "net-after-deepstate-km2": 12_000,
            "net-after-vs-seized-deepstate": 0.2,
            "seized-held-liveuamap-km2": 50_000,
            "net-after-liveuamap-km2": -5_000,
            "net-after-vs-seized-liveuamap": -0.1,
            "net-after-vs-claimed-not-held-deepstate": 0.5,
            "seized-vs-claimed-not-held-deepstate": 2.5,
        }
    )
