"""Proposals fully data: a proposal added to (a copy of) the proposals file gets its row, its glued
numbers and words, its chart bar, its map and its section in the chapter with no other edit; the
model reads nothing at import; each section's key facts are the model's numbers, rounded once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from freezelines import constants as C
from freezelines.model import deals
from freezelines.viz import deal_figures, style

ROOT = Path(__file__).resolve().parents[1]
COURSE = """- key: course-2025-11
  name: A seminar's test plan
  short: Seminar, Nov 2025
  date: '2025-11-20'
  cite: axios2025plan
  terms: >-
    A made-up plan for a class: Russia gets all of Zaporizhzhia oblast, and the line stays elsewhere.
  rules:
    UA23: whole
  elsewhere: line
"""


@pytest.fixture
def course_file(tmp_path, monkeypatch):
    """A course's copy of the proposals file with one more proposal, in use through the environment."""
    text = deals.PROPOSALS_FILE.read_text(encoding="utf-8")
    assert "\nnot_drawn:" in text
    path = tmp_path / "proposals.yaml"
    path.write_text(text.replace("\nnot_drawn:", "\n" + COURSE + "not_drawn:", 1), encoding="utf-8")
    monkeypatch.setenv(deals.PROPOSALS_ENV, str(path))
    yield path
    monkeypatch.delenv(deals.PROPOSALS_ENV)
    deals.reload(measures=False)  # the book's own proposals again; their measures did not change


def test_a_proposal_added_to_the_file_is_in_the_table_the_figures_and_the_glue(course_file):
    deals.reload(measures=False)
    keys = [p.key for p in deals.proposals()]
    assert keys[-1] == "course-2025-11" and len(keys) == 9
    price = deals.price("course-2025-11")
    # Zaporizhzhia oblast whole, on the 28-point plan's map: what Russian forces did not hold there moves
    oblast_km2 = deals.G.km2(deals.extended_oblasts()["UA23"])
    held_there = deals.G.km2(deals.shapely.intersection(price.geometries["held"], deals.extended_oblasts()["UA23"]))
    assert price.ukraine_gives.total_km2 == pytest.approx(oblast_km2 - held_there, abs=150)
    assert price.russia_gives.total_km2 < 1 and "Zaporizhzhia" in list(price.ukraine_gives.cities["name"])
    table = deals.table()
    assert list(table["key"]) == keys
    values = deals.glue_values(table)
    assert values["deals-course-2025-11-ukraine-gives-km2"] == C.rounded("km2", price.ukraine_gives.total_km2)
    assert values["deals-count"] == 9
    texts = deal_figures.glue_texts(table)
    assert texts["deals-course-2025-11-gives-text"] == style.area(price.ukraine_gives.total_km2)
    chart = deal_figures.price_chart(table)
    assert "Seminar<br>Nov 2025" in list(chart.data[0].y)
    assert "A seminar's test plan" in deal_figures.describe_price_chart(table)
    assert any(t.name == "Ukraine would give up" for t in deal_figures.deal_map(price).data)
    parts = deal_figures.section_parts(price, {"authors": ["A"], "year": "2026", "title": "T", "version": "1"}, "S")
    section = "".join(part.get("html", "") for part in parts)
    assert 'id="deal-course-2025-11"' in section and 'href="S/deals/course-2025-11.geojson"' in section
    assert "Zaporizhzhia" in section
    # The map travels as its figure (the book renders it, its CSV and embed page from the figure).
    (chart,) = [part for part in parts if "figure" in part]
    assert chart["key"] == "course-2025-11"
    assert any(t["name"] == "Ukraine would give up" for t in chart["figure"]["data"])
    from freezelines.book import downloads

    assert "course-2025-11" in downloads.deals_table_csv()


def test_the_chapter_pastes_every_proposal_at_once():
    """No proposal is typed into the chapter's maps and downloads: one glued block holds them all."""
    chapter = (ROOT / "book" / "deals-on-the-table.md").read_text(encoding="utf-8")
    assert "```{glue} deals-proposals" in chapter
    for item in deals.proposals():
        assert f"deals-map-{item.key}" not in chapter and f"deals/{item.key}.geojson" not in chapter
    notebook = json.loads((ROOT / "notebooks" / "deals-on-the-table.ipynb").read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    assert "for item in deals.proposals():" in code
    assert not any(f'"{item.key}"' in code for item in deals.proposals())


def test_the_model_reads_nothing_at_import(tmp_path):
    """The package imports with no data and no proposals file (a wheel before its data arrive); the
    first use names what is missing."""
    env = {
        **os.environ,
        "FREEZELINES_DATA": str(tmp_path / "no-data"),
        deals.PROPOSALS_ENV: str(tmp_path / "none.yaml"),
    }
    run = subprocess.run(
        [sys.executable, "-c", "import freezelines.model.deals as d; d.proposals()"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode != 0 and "none.yaml" in run.stderr and "import freezelines" not in run.stderr.splitlines()[-1]
    run = subprocess.run(
        [sys.executable, "-c", "import freezelines.model.deals"], capture_output=True, text=True, env=env, cwd=tmp_path
    )
    assert run.returncode == 0, run.stderr


def test_the_packaged_sources_are_the_bibliographys(monkeypatch, tmp_path):
    from freezelines.model import proposals

    packaged = json.loads(proposals.PACKAGED_SOURCES.read_text(encoding="utf-8"))
    assert packaged == proposals.packaged_sources(), "run: python -m freezelines.model.proposals"
    expected = {item.key: proposals.sources(item.cite) for item in proposals.proposals()}
    monkeypatch.setattr(proposals, "BIBLIOGRAPHY", tmp_path / "absent.bib")  # an install without book/
    proposals.reload()
    try:
        assert {item.key: proposals.sources(item.cite) for item in proposals.proposals()} == expected
    finally:
        proposals.reload()


def test_each_sections_key_facts_are_the_models_numbers_rounded_once():
    price = deals.price("us-2025-11")
    facts = dict(deal_figures.key_facts(price))
    assert facts["Map"] == "the 20 November 2025 map of DeepStateMap"
    kept = facts["The essay's price: seized since 24 Feb 2022, left to Russia"]
    assert (
        kept
        == f"{C.rounded('km2', price.kept_km2):,.0f} km² ({C.rounded('km2', price.kept_with_zone_km2):,.0f} km² with the zone)"
    )
    assert facts["of which a demilitarised zone"] == f"{C.rounded('km2', price.dmz.total_km2):,.0f} km²"
    given_up = facts["Cities and towns of 10,000+ given up"].split(", ")
    assert given_up == list(price.ukraine_gives.cities["name"]) and len(given_up) > 3  # all, not the largest three
    assert {"Kramatorsk", "Sloviansk"} <= set(facts["… of them in the demilitarised zone"].split(", "))
    assert price.proposal.reading.split(":")[0] in facts["Caveats"]
    assert (
        "Vovchansk"
        in dict(deal_figures.key_facts(deals.price("ukraine-2025-12")))[
            "Cities and towns of 10,000+ Russian forces would give up"
        ]
    )


def test_the_deals_csv_lists_every_city_of_each_piece():
    import csv
    import io

    from freezelines.book import downloads

    rows = {row["proposal_key"]: row for row in csv.DictReader(io.StringIO(downloads.deals_table_csv()))}
    price = deals.price("us-2025-11")
    assert rows["us-2025-11"]["ukraine_gives_up_cities_10000_plus_names"].split("; ") == list(
        price.ukraine_gives.cities["name"]
    )
    assert rows["us-2025-11"]["zone_cities_10000_plus_names"].split("; ") == list(price.dmz.cities["name"])
    assert int(rows["us-2025-11"]["ukraine_gives_up_cities_10000_plus"]) == len(price.ukraine_gives.cities)


def test_the_line_archives_tolerance_is_glued_not_typed():
    summary = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["freezelines:summary"]
    assert deals.archive_tolerance_m() == summary["simplification"]["archive_tolerance_m"] == 250
    chapter = (ROOT / "book" / "deals-on-the-table.md").read_text(encoding="utf-8")
    assert "deals-archive-tolerance-m" in chapter and "250 m" not in chapter
