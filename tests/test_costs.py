"""The costs of the war (chapters 4 and 10): raw readers, the build, the measures, the figures
and the numbers glued into the essay pages."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import plotly.graph_objects as go
import pytest

from figure_rules import assert_value_axes_titled
from freezelines import constants as C
from freezelines.ingest import costs as build
from freezelines.ingest import provenance
from freezelines.ingest.raw_files import RawDataError
from freezelines.model import costs, scenarios, territory
from freezelines.paths import data_dir
from freezelines.viz import costs_figures as figures
from freezelines.viz import style

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "costs-of-war.ipynb"
FILES = ("meta_estimate.csv", "published_estimates.csv", "ukmod_monthly.csv", "facts.csv")
RESOURCES = [r for r in provenance.all_resources() if r["path"].startswith("costs/")]


@pytest.fixture(scope="module")
def built(raw, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("costs")
    build.build(raw, out)
    return out / "costs"


def raw_copy(raw: Path, tmp_path: Path, name: str) -> Path:
    """A writable copy of one raw file, placed as the readers expect."""
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(raw / name, target)
    return target


def replace_line(path: Path, number: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[number - 1], (number, lines[number - 1])
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    path.write_text("\n".join(lines), encoding="utf-8")


# The build ------------------------------------------------------------------------------------


def test_build_is_deterministic_and_matches_the_committed_data(raw, built, tmp_path):
    again = tmp_path / "again"
    build.build(raw, again)
    for name in FILES:
        first = (built / name).read_bytes()
        assert first == (again / "costs" / name).read_bytes(), name
        assert first == (data_dir() / "costs" / name).read_bytes(), f"data/costs/{name} is stale: rerun costs.build"
        assert b"\r" not in first


def test_resources_describe_the_files_and_validate(built):
    from frictionless import Package

    resources = []
    for spec in RESOURCES:
        path = built.parent / spec["path"]
        assert path.is_file(), spec["path"]
        header = pd.read_csv(path, nrows=0).columns.tolist()
        assert header == [f["name"] for f in spec["schema"]["fields"]], spec["name"]
        resource = {k: v for k, v in spec.items() if k not in ("inputs", "method")}
        resource.update(format="csv", mediatype="text/csv", encoding="utf-8", profile="tabular-data-resource")
        resources.append(resource)
    descriptor = built.parent / "datapackage.json"
    descriptor.write_text(json.dumps({"profile": "data-package", "name": "costs-test", "resources": resources}))
    report = Package(str(descriptor)).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]


def test_every_input_is_a_known_raw_source(raw):
    sources = provenance.all_sources()
    for spec in RESOURCES:
        for name in spec["inputs"]:
            assert name in sources, name
            assert (raw / sources[name]["path"]).is_file(), sources[name]["path"]
    names = [r["name"] for r in provenance.all_resources()]
    assert len(names) == len(set(names))


# Real numbers (PROVENANCE.md of conflict/) -----------------------------------------------------


def test_meta_estimate_values_from_provenance(built):
    meta = pd.read_csv(built / "meta_estimate.csv", parse_dates=["date"])
    assert meta.groupby("measure").size().to_dict() == {"casualties": 1640, "deaths": 1640}  # 1,641 rows, last NA
    nov10 = costs.meta_on("2022-11-10", "casualties", meta)
    assert (nov10["estimate"], nov10["ci_lower"], nov10["ci_upper"]) == (82_707, 74_236, 92_145)
    assert costs.meta_on("2022-11-10", "deaths", meta)["estimate"] == 15_053
    assert costs.meta_on("2022-11-17", "casualties", meta)["estimate"] == 89_475
    assert costs.meta_on("2022-11-17", "deaths", meta)["estimate"] == 16_301
    assert costs.meta_on(C.ESSAY_DATE, "casualties", meta)["days_since_invasion"] == 266
    assert meta["date"].min() == pd.Timestamp("2022-02-24") and meta["date"].max() == pd.Timestamp("2026-08-21")


def test_meta_estimate_agrees_with_facts(built):
    meta = pd.read_csv(built / "meta_estimate.csv", parse_dates=["date"])
    facts = pd.read_csv(built / "facts.csv").set_index("key")
    assert (
        costs.meta_on("2022-11-10", "casualties", meta)["estimate"]
        == facts.loc["economist_meta_russian_casualties_2022-11-10", "value"]
    )
    assert (
        costs.meta_on("2022-11-10", "deaths", meta)["estimate"]
        == facts.loc["economist_meta_russian_deaths_2022-11-10", "value"]
    )


def test_published_estimates(built):
    table = pd.read_csv(
        built / "published_estimates.csv",
        parse_dates=["date"],
        dtype={"estimate": "Int64", "estimate_low": "Int64", "estimate_high": "Int64"},
    )
    assert len(table) == 124 + 1
    us = table[table["origin"] == "facts"].iloc[0]
    assert us["date"] == pd.Timestamp("2022-11-09") and us["estimate_low"] == 100_000 and us["bound"] == "at least"
    assert pd.isna(us["estimate"])
    # thousands separators and one-digit days and months are read
    csis = table[
        (table["date"] == "2025-12-01")
        & (table["source"] == "CSIS")
        & (table["country"] == "russia")
        & (table["measure"] == "casualties")
    ]
    assert csis["estimate"].tolist() == [1_200_000]
    wsj = table[(table["date"] == "2024-09-17") & (table["measure"] == "casualties")]
    assert wsj["estimate"].tolist() == [480_000]
    assert table["warring_party"].sum() == 4
    nato = table[table["source"] == "NATO officials (via WP)"]
    assert nato["note"].str.contains("dated after its source URL").all()


def test_ukmod_monthly(built):
    monthly = pd.read_csv(built / "ukmod_monthly.csv", parse_dates=["as_of"])
    assert len(monthly) == 47
    assert monthly.iloc[0]["month"] == "2022-03" and monthly.iloc[-1]["month"] == "2026-01"
    by = monthly.set_index("month")
    assert by.loc["2022-10", "cumulative_casualties"] == 66_241
    assert by.loc["2022-11", "cumulative_casualties"] == 83_011
    assert (monthly["cumulative_casualties"].diff().dropna() == monthly["casualties_in_month"].iloc[1:]).all()


def test_facts_on_children_and_population(built):
    facts = pd.read_csv(built / "facts.csv").set_index("key")
    expected = {
        "children_deported_zelensky": (11_000, "2022-11-14"),
        "children_deported_nib": (8_140, "2022-11-01"),
        "children_in_russia_verified_lubinets": (12_000, "2022-12-14"),
        "children_forcibly_deported_lubinets": (8_600, "2022-12-14"),
        "children_deported_children_of_war": (19_546, "2024-09-12"),
        "us_estimate_russian_killed_wounded": (100_000, "2022-11-09"),
        "occupied_donbas_population_2014": (3_300_000, "2014-11"),
    }
    for key, (value, as_of) in expected.items():
        assert (facts.loc[key, "value"], facts.loc[key, "as_of"]) == (value, as_of), key
    assert facts["counts"].str.len().gt(0).all() and facts["counted_by"].str.len().gt(0).all()


# Bad input -------------------------------------------------------------------------------------


def test_a_bad_meta_value_names_file_line_and_value(raw, tmp_path):
    path = raw_copy(raw, tmp_path, build.META_FILES["casualties"])
    line = path.read_text().split("\n")[5]
    value = line.split(",")[2]
    replace_line(path, 6, value, "lots")
    with pytest.raises(
        RawDataError,
        match=r"economist_meta_estimate_casualties_russia\.csv line 6, column 'estimate': 'lots' is not a number",
    ):
        build.read_meta_estimate(path, "casualties")


def test_a_missing_meta_value_before_the_last_day_is_an_error(raw, tmp_path):
    path = raw_copy(raw, tmp_path, build.META_FILES["deaths"])
    line = path.read_text().split("\n")[9]
    replace_line(path, 10, line.split(",")[4], "NA")
    with pytest.raises(RawDataError, match=r"line 10 \(.*\): column ci_upper is NA, a missing value"):
        build.read_meta_estimate(path, "deaths")


def test_a_wrong_measure_is_refused(raw, tmp_path):
    path = raw_copy(raw, tmp_path, build.META_FILES["deaths"])
    with pytest.raises(RawDataError, match=r"line 2, column 'type': 'deaths' is not one of \['casualties'\]"):
        build.read_meta_estimate(path, "casualties")


def test_a_bad_date_in_the_source_estimates(raw, tmp_path):
    path = raw_copy(raw, tmp_path, build.SOURCE_ESTIMATES_FILE)
    replace_line(path, 4, "01/04/2022", "31/02/2022")
    with pytest.raises(
        RawDataError,
        match=r"economist_source_estimates\.csv line 4, column 'date': '31/02/2022' is not a date in the form %d/%m/%Y",
    ):
        build.read_source_estimates(path)


def test_a_bad_number_in_the_source_estimates(raw, tmp_path):
    path = raw_copy(raw, tmp_path, build.SOURCE_ESTIMATES_FILE)
    replace_line(path, 4, "11966", "12k")
    with pytest.raises(RawDataError, match=r"line 4, column 'estimate': '12k' is not a number"):
        build.read_source_estimates(path)


def test_ukmod_totals_that_do_not_add_up(raw, tmp_path):
    path = raw_copy(raw, tmp_path, build.UKMOD_FILE)
    replace_line(path, 3, "17756", "17757")
    with pytest.raises(RawDataError, match=r"line 3 \(2022-04\): cumulative casualties 17757 is not 11966 \+ 5790"):
        build.read_ukmod_monthly(path)


def test_a_missing_fact(raw, tmp_path):
    path = raw_copy(raw, tmp_path, build.FACTS_FILE)
    text = path.read_text().replace("children_deported_nib,", "children_deported_nib_renamed,")
    path.write_text(text)
    with pytest.raises(RawDataError, match=r"facts\.csv: no row with key 'children_deported_nib'"):
        build.read_facts(path)


def test_a_fact_whose_text_no_longer_states_the_number(raw, tmp_path):
    path = raw_copy(raw, tmp_path, build.FACTS_FILE)
    path.write_text(path.read_text().replace("~8,600 forcibly deported", "some forcibly deported"))
    with pytest.raises(
        RawDataError, match=r"facts\.csv line \d+ \(children_in_russia_verified_lubinets\): column unit"
    ):
        build.read_facts(path)


# Measures ------------------------------------------------------------------------------------


def test_the_population_series_is_weekly_on_the_invasion_weekday_and_includes_the_essay_date():
    series = costs.population_series(
        step_days=7 * 19, sources=("deepstate",)
    )  # 133 days: the essay's date is one of them
    days = series.loc[series["source"] == "deepstate", "date"]
    assert all(d.weekday() == C.INVASION.weekday() for d in days)
    assert pd.Timestamp(C.ESSAY_DATE) in set(days)
    assert (days.diff().dropna() == pd.Timedelta(days=133)).all()


def test_population_series_records_each_day_s_own_measure(monkeypatch):
    """Each row carries the measure of its own line: a stand-in for the residents' measure whose residents encode
    the line's day (and quality) must come back row by row."""
    from types import SimpleNamespace

    def stand_in(line):
        day = line.date or C.EVE_OF_INVASION
        return SimpleNamespace(
            population={"settlements": day.toordinal(), "areal": day.day, "total": day.toordinal() + day.day},
            total_km2=1_000.46 + day.month,  # to 0.1 km²: 1,000.5 + month (to the km², 1,000 + month)
        )

    monkeypatch.setattr(costs.scenarios, "residents", stand_in)
    series = costs.population_series(step_days=266, sources=("deepstate",))
    assert series["source"].tolist() == ["eve_of_invasion"] + ["deepstate"] * 6
    for row in series.itertuples():
        day = row.date.date()
        assert (row.settlements, row.areal, row.total) == (day.toordinal(), day.day, day.toordinal() + day.day)
        assert row.total_km2 == pytest.approx(1_000.5 + day.month, abs=1e-9)
    assert series["date"].iloc[0] == pd.Timestamp(C.EVE_OF_INVASION)
    assert pd.Timestamp(C.ESSAY_DATE) in set(series["date"])


def test_territory_lines():
    lines = costs.territory_lines().set_index("key")
    assert lines.loc["peak_liveuamap", "date"].month == 3 and lines.loc["peak_isw", "date"].month == 3
    # The first day whose map is not flagged (DeepStateMap's archive starts on 3 Apr 2022, still being drawn).
    daily = territory.load_territory()
    first_ok = daily[(daily["source"] == "deepstate") & (daily["quality"] == "ok")]["date"].min()
    assert lines.loc["first_deepstate", "date"] == first_ok > pd.Timestamp("2022-04-03")
    assert "first complete map" in lines.loc["first_deepstate", "label"]
    assert lines.loc["eve", "total_km2"] == pytest.approx(43_293, abs=1)
    for source in C.SOURCES:
        assert lines.loc[f"essay_{source}", "date"] == pd.Timestamp(C.ESSAY_DATE)
        assert 2 < lines.loc[f"essay_{source}", "total_km2"] / lines.loc["eve", "total_km2"] < 3


def test_us_figure_against_the_meta_estimate():
    place = costs.us_against_meta(costs.load_meta_estimate(), costs.load_published_estimates())
    assert place["date"] == pd.Timestamp("2022-11-09") and place["value"] == 100_000
    assert (place["ci"], place["pi"]) == ("above", "inside")


# Figures ----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def charts():
    series = costs.population_series(step_days=133)  # 266 days = the essay date
    return [
        figures.territory_figure(costs.territory_lines()),
        figures.losses_figure(costs.load_meta_estimate(), costs.load_published_estimates(), costs.load_ukmod_monthly()),
        figures.population_figure(series),
    ]


def test_figures_follow_the_book_rules(charts):
    palette = {c.lower() for c in C.OKABE_ITO.values()} | {C.HELD_BEFORE_2022_COLOUR.lower()}
    for fig in charts:
        assert isinstance(fig, go.Figure)
        layout = fig.layout
        assert layout.template == style.TEMPLATE
        assert fig.layout.title.text and any(ch.isdigit() for ch in fig.layout.title.text)
        assert_value_axes_titled(fig)
        for trace in fig.data:
            assert trace.type in ("bar", "scatter"), trace.type  # no geo or mapbox
            colour = (getattr(trace.marker, "color", None) if trace.type == "bar" else None) or getattr(
                trace.line, "color", None
            )
            if isinstance(colour, str) and colour.startswith("#"):
                assert colour.lower() in palette, colour
    assert charts[1].layout.updatemenus and charts[2].layout.updatemenus
    assert charts[2].layout.xaxis.rangeslider.visible


def test_text_summaries_are_markdown_glued_as_html(monkeypatch):
    """The chapter's summaries go through the book's one summary helper: bold prefix, escaped HTML."""
    from freezelines.viz import figures as glue_helpers

    glued = {}
    monkeypatch.setattr(glue_helpers, "glue", lambda key, value, display=True: glued.__setitem__(key, value))
    monkeypatch.setattr("IPython.display.display", lambda *args, **kwargs: None)
    summary = figures.describe_territory(costs.territory_lines())
    assert summary.startswith(figures.SUMMARY_PREFIX)
    glue_helpers.glue_summary("ch99-summary", summary + " a < b")
    html = glued["ch99-summary"].data
    assert html.startswith("<p><strong>Text summary of the chart.</strong> Area held")
    assert "a &lt; b" in html


# The glued numbers -------------------------------------------------------------------------------


def glued() -> dict:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    out = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                data = output["data"]
                text = data.get("application/papermill.record/text/plain", data.get("text/plain"))
                try:
                    out[name] = ast.literal_eval(text)
                except (ValueError, SyntaxError):
                    out[name] = text
    return out


def test_glued_numbers_equal_a_recomputation_from_data():
    values = glued()
    meta = costs.load_meta_estimate()
    ch04 = costs.chapter4_numbers(
        costs.territory_lines(), meta, costs.load_published_estimates(), costs.load_ukmod_monthly()
    )
    for key, value in ch04.items():
        kind = C.glue_kind(key)  # the pages show one rounding per kind (constants.ROUNDING)
        shown = C.rounded(kind, value) if kind and isinstance(value, (int, float)) else value
        assert values[key] == (pytest.approx(shown) if isinstance(value, float) else shown), key
    assert values["ch04-meta-essay-estimate"] == 89_475 and values["ch04-us-value"] == 100_000
    eve_km2 = scenarios.measure(scenarios.preset("eve_of_invasion")).total_km2
    assert values["ch04-eve-km2"] == C.rounded("km2", eve_km2) and abs(values["ch04-eve-km2"] - eve_km2) <= 5
    facts = costs.load_costs_facts()
    for key, fact in (
        ("ch10-children-zelensky", "children_deported_zelensky"),
        ("ch10-children-nib", "children_deported_nib"),
        ("ch10-children-lubinets", "children_in_russia_verified_lubinets"),
    ):
        assert values[key] == facts.loc[fact, "value"]
    essay = scenarios.measure(scenarios.line_on(C.ESSAY_DATE, "deepstate")).population
    assert values["ch10-pop-essay-deepstate"] == C.rounded("residents", essay["total"])
    assert values["ch10-pop-essay-deepstate-settlements"] == C.rounded("residents", essay["settlements"])
    eve = scenarios.measure(scenarios.preset("eve_of_invasion")).population["total"]
    assert values["ch10-pop-eve"] == C.rounded("residents", eve)


def test_every_glue_key_on_the_pages_is_glued():
    import re

    values = glued()
    for page in ("04-no-off-ramp.md", "10-the-human-cost-of-a-freeze.md"):
        text = (ROOT / "book" / page).read_text(encoding="utf-8")
        keys = set(re.findall(r"costs-of-war\.ipynb::([\w-]+):", text)) | set(re.findall(r"```\{glue\} ([\w-]+)", text))
        assert keys, page
        assert keys <= set(values), (page, sorted(keys - set(values)))
        assert not re.search(r"\{glue:text\}`[^`]*::[\w-]+`", text), "a glue role without a format spec"
