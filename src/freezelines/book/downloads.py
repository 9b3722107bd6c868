"""Downloads the book writes beside its pages at build time: each proposal's pieces as GeoJSON and
the deals table as CSV with named columns and units (:mod:`freezelines.model.deals`)."""

from __future__ import annotations

import json
from pathlib import Path

DEALS_DIR = "deals"
"""Under the site's ``_static``: ``<proposal>.geojson`` and ``deals-table.csv``."""

TABLE_COLUMNS = {
    "key": "proposal_key",
    "proposal": "proposal",
    "date": "date",
    "map_source": "map_tracker",
    "map_day": "map_day",
    "kept_km2": "seized_since_2022_left_to_russia_km2",
    "kept_with_zone_km2": "the_same_with_any_zone_km2",
    "zone_kind": "zone_kind",
    "zone_km2": "zone_km2",
    "deal_km2": "russian_side_km2",
    "deal_share": "russian_side_share_of_ukraine",
    "share_with_zone": "russian_side_with_zone_share_of_ukraine",
    "ukraine_gives_km2": "ukraine_gives_up_beyond_the_line_km2",
    "ukraine_gives_residents": "ukraine_gives_up_pre_war_residents",
    "ukraine_gives_cities": "ukraine_gives_up_cities_10000_plus",
    "russia_gives_km2": "russian_forces_give_up_km2",
    "russia_gives_residents": "russian_forces_give_up_pre_war_residents",
    "russia_gives_cities": "russian_forces_give_up_cities_10000_plus",
    "ukraine_gives_city_names": "ukraine_gives_up_cities_10000_plus_names",
    "zone_city_names": "zone_cities_10000_plus_names",
    "russia_gives_city_names": "russian_forces_give_up_cities_10000_plus_names",
    "slivers_km2": "strips_below_drawing_resolution_not_counted_km2",
    "front_km": "line_ukraine_would_hold_km",
    "held_km2": "held_that_day_km2",
    "held_seized_km2": "held_that_day_seized_since_2022_km2",
    "isw_held_km2": "isw_assessed_control_on_the_date_km2",
    "beyond_essay_km2": "russian_side_and_zone_beyond_17_nov_2022_line_km2",
}
"""The deals table's columns as a reader's CSV names them (units in the name), at the model's precision;
the ``_names`` columns list every city and town of 10,000 or more in the piece, separated by "; "."""


def deals_table_csv() -> str:
    from ..model import deals

    frame = deals.table().assign(slivers_km2=lambda f: [deals.price(k).slivers_km2 for k in f["key"]])
    out = frame[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS)
    for column in out.columns:
        if column.endswith(("_km2", "_km")):
            out[column] = out[column].round(1)
        elif column.endswith("share_of_ukraine"):
            out[column] = out[column].round(5)
    return out.to_csv(index=False, lineterminator="\n")


def write(outdir: Path) -> list[Path]:
    """Write every download into ``outdir/_static/deals``; return the paths written."""
    from ..model import deal_shapes, deals

    folder = Path(outdir) / "_static" / DEALS_DIR
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for item in deals.proposals():
        path = folder / f"{item.key}.geojson"
        path.write_text(
            json.dumps(deal_shapes.shapes(item.key), ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
        )
        written.append(path)
    table = folder / "deals-table.csv"
    table.write_text(deals_table_csv(), encoding="utf-8")
    return [*written, table]


def on_build_finished(app, exception) -> None:  # noqa: ANN001
    if exception is None and app.builder.format == "html":
        write(Path(app.outdir))
