"""Chapters 2 and 3: the ceasefire record, 2014-2022 (freezelines.ingest.conflict builds it,
freezelines.model.conflict measures it, freezelines.viz.conflict_figures draws it).

Real numbers from the raw files' PROVENANCE.md, readers that fail loudly on bad input,
a deterministic build that matches the committed data/conflict/, and glued numbers that
equal a recomputation from data/.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from conftest import ROOT
from figure_rules import assert_value_axes_titled
from freezelines import constants as C
from freezelines.ingest import conflict as build
from freezelines.ingest import descriptor, provenance
from freezelines.ingest.raw_files import RawDataError
from freezelines.model import conflict
from freezelines.paths import data_dir
from freezelines.viz import conflict_figures as figures
from freezelines.viz import style

DATA = data_dir() / "conflict"
RESOURCES = [r for r in provenance.all_resources() if r["path"].startswith("conflict/")]
NOTEBOOK = ROOT / "notebooks" / "ceasefire-record.ipynb"
PAGES = [ROOT / "book" / "02-a-pause-not-a-peace.md", ROOT / "book" / "03-the-ceasefire-that-never-ceased.md"]


# The build ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built(raw, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("conflict-build")
    build.build(raw, out)
    return out / "conflict"


def test_build_is_deterministic_and_matches_the_committed_files(raw, built, tmp_path):
    build.build(raw, tmp_path)
    names = sorted(p.name for p in built.glob("*.csv"))
    assert names == sorted(Path(r["path"]).name for r in RESOURCES)
    for name in names:
        assert (tmp_path / "conflict" / name).read_bytes() == (built / name).read_bytes(), name
        assert (DATA / name).read_bytes() == (built / name).read_bytes(), f"data/conflict/{name} is stale: rebuild it"


def test_monthly_totals_match_the_ucdp_check_file(raw, built):
    ours = pd.read_csv(built / "ucdp_monthly.csv")
    check = pd.read_csv(raw / build.UCDP_MONTHLY_FILE)
    assert list(ours["month"]) == list(check["month"])
    for mine, theirs in (
        ("events", "events_ged231"),
        ("deaths_best", "best_ged231"),
        ("deaths_low", "low_ged231"),
        ("deaths_high", "high_ged231"),
        ("deaths_civilians", "deaths_civilians_ged231"),
    ):
        assert list(ours[mine]) == list(check[theirs]), mine
    # GED 22.1 columns agree too, where 22.1 has data
    both = check["events_ged221"].notna()
    assert list(ours.loc[both, "deaths_best_ged221"]) == list(check.loc[both, "best_ged221"].astype(int))
    assert ours.loc[~both, "deaths_best_ged221"].isna().all()


def test_key_results_of_the_provenance_notes(built):
    monthly = pd.read_csv(built / "ucdp_monthly.csv")
    numbers = conflict.record_numbers(monthly)
    assert numbers["months"] == 95
    assert numbers["months_with_lethal_event"] == 95
    assert numbers["months_with_two_lethal_events"] == 95
    assert (numbers["lowest_month"], numbers["lowest_month_deaths"]) == ("December 2015", 5)
    assert numbers["deaths_2016_2021"] == 1627
    assert numbers["deaths_2022_01"] == 10
    assert numbers["deaths_2022_02"] == 25
    assert numbers["deaths_2014"] == 4805 and numbers["deaths_2015"] == 1787


def test_versions_agree_from_2016(built):
    monthly = pd.read_csv(built / "ucdp_monthly.csv")
    yearly = conflict.yearly_ucdp(monthly)
    assert list(yearly.loc[2016:2021, "deaths_best"]) == [254, 415, 243, 311, 196, 208]
    assert list(yearly.loc[2016:2021, "deaths_best_ged221"]) == [254, 415, 243, 311, 196, 208]
    assert conflict.version_numbers(monthly)["identical_from"] == 2016


def test_event_ids_across_versions(raw):
    new = build.read_ged(raw / build.GED231_FILE)
    old = build.read_ged(raw / build.GED221_FILE, "ucdp_ged221_ukraine")
    assert (len(new), len(old)) == (3077, 3000)
    assert len(set(new["id"]) & set(old["id"])) == 2998
    assert len(set(new["id"]) - set(old["id"])) == 79
    assert len(set(old["id"]) - set(new["id"])) == 2
    assert set(new["type_of_violence"]) == {1}
    odesa = old[(old["date_start"] == "2014-05-02") & (old["type_of_violence"] == 2)]
    assert list(odesa["best"]) == [45]
    assert new[(new["date_start"] == "2014-05-02") & (new["best"] == 45)].empty


def test_mh17_is_a_state_based_event_in_both_versions(raw, built):
    events = pd.read_csv(built / "ucdp_events.csv", parse_dates=["date_start"], keep_default_na=False)
    mh17 = conflict.mh17_event(events)
    assert mh17 == {
        **mh17,
        "id": 154679,
        "date": "17 July 2014",
        "deaths": 298,
        "civilians": 298,
        "dyad": "Government of Ukraine - DPR",
    }
    old = build.read_ged(raw / build.GED221_FILE, "ucdp_ged221_ukraine")
    assert int(old.loc[old["id"] == 154679, "best"].iloc[0]) == 298


def test_only_donbas_conflicts_and_the_maidan_left_out(built):
    events = pd.read_csv(built / "ucdp_events.csv")
    assert set(events["conflict_id"]) == {13246, 13247, 13306}
    assert events["id"].is_unique
    assert len(events) == 3077 - 6  # the six Maidan events
    assert (events["days"] >= 1).all()


def test_spread_deaths_add_up(built):
    events = pd.read_csv(built / "ucdp_events.csv", parse_dates=["date_start", "date_end"])
    daily = build.daily_deaths(events)
    assert daily.sum() == pytest.approx(events["best"].sum())
    monthly = pd.read_csv(built / "ucdp_monthly.csv")
    assert monthly["deaths_best_spread"].sum() == pytest.approx(monthly["deaths_best"].sum(), abs=1)


def test_ceasefires_and_windows(built):
    ceasefires = pd.read_csv(built / "ceasefires.csv", parse_dates=["date_marked"], keep_default_na=False)
    assert len(ceasefires) == 14
    minsk2 = ceasefires[ceasefires["short_name"] == "Minsk II"].iloc[0]
    assert minsk2["date_marked"] == pd.Timestamp("2015-02-15") and minsk2["group"] == "Minsk agreements"
    paris = ceasefires[ceasefires["group"] == "Normandy summit"].iloc[0]
    assert (paris["date_basis"], paris["date_marked"]) == ("agreed", pd.Timestamp("2019-12-09"))
    assert (ceasefires["source_caveat"] != "").sum() == 6
    windows = pd.read_csv(built / "ceasefire_windows.csv", parse_dates=["date_marked", "first_lethal_event_date"])
    assert (
        windows["days_to_first_lethal_event"] == (windows["first_lethal_event_date"] - windows["date_marked"]).dt.days
    ).all()
    assert windows["days_to_first_lethal_event"].max() == 17  # after the July 2020 measures
    assert (windows["deaths_90d_after"] > 0).all()
    row = windows.set_index("short_name").loc["Minsk II"]
    assert row["deaths_90d_before"] == pytest.approx(1510.1) and row["deaths_90d_after"] == pytest.approx(251.2)


def test_ohchr_yearly_figures_fit_the_verified_totals(built):
    yearly = pd.read_csv(built / "ohchr_yearly.csv")
    by_year = yearly.set_index("year")["civilians_killed"]
    assert by_year.sum() == 3404
    assert by_year.loc[[2014, 2015]].sum() == 3039
    assert by_year.loc[2016:2021].sum() == 365
    assert by_year.loc[2021] == 25
    assert yearly.set_index("year").loc[2014, "includes_mh17"]
    assert not yearly.set_index("year").loc[2015:, "includes_mh17"].any()


def test_osce_february_2022_counts(built):
    daily = pd.read_csv(built / "osce_daily.csv")
    one_day = daily[daily["period_hours"] == 24].groupby("date")["ceasefire_violations"].sum()
    expected = {
        "2022-02-15": 153,
        "2022-02-16": 591,
        "2022-02-17": 870,
        "2022-02-18": 1566,
        "2022-02-20": 912,
        "2022-02-21": 1927,
        "2022-02-22": 1710,
    }
    assert {d: int(one_day[d]) for d in expected} == expected
    weekend = daily[daily["period_hours"] == 48]
    assert list(weekend["region"]) == ["Donetsk"] and list(weekend["ceasefire_violations"]) == [2158]
    periods = pd.read_csv(built / "osce_periods.csv")
    first = periods[periods["kind"] == "cumulative_since_measures"].iloc[0]
    assert (first["violations"], first["days"], first["per_day"]) == (2492, 127, 19.6)


def test_the_resources_validate_as_frictionless_tables():
    from frictionless import Package

    resources = []
    for spec in RESOURCES:
        resource = {k: v for k, v in spec.items() if k not in ("inputs", "method")}
        resource.update({"format": "csv", "encoding": "utf-8", "profile": "tabular-data-resource"})
        resources.append(resource)
    package = Package({"name": "conflict", "resources": resources}, basepath=str(data_dir()))
    report = package.validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    for spec in RESOURCES:
        assert set(spec["inputs"]) <= set(provenance.all_sources()), spec["name"]


# Readers: bad input fails with the file, the line and the value ------------------------


def _copy(raw: Path, name: str, tmp_path: Path) -> Path:
    target = tmp_path / Path(name).name
    shutil.copyfile(raw / name, target)
    target.chmod(0o644)
    return target


def test_a_malformed_date_names_file_line_and_value(raw, tmp_path):
    path = _copy(raw, build.CEASEFIRES_FILE, tmp_path)
    text = path.read_text(encoding="utf-8").replace("2017-06-24,", "24/06/2017,", 1)
    path.write_text(text, encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), start=1) if "24/06/2017" in row)
    with pytest.raises(
        RawDataError, match=rf"ceasefires_2014_2022\.csv line {line}, column 'date_effective': '24/06/2017'"
    ):
        build.read_ceasefires(path)


def test_an_impossible_date_is_refused(raw, tmp_path):
    path = _copy(raw, build.CEASEFIRES_FILE, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("2015-02-15,", "2015-02-30,", 1), encoding="utf-8")
    with pytest.raises(RawDataError, match=r"line 4, column 'date_effective': '2015-02-30' is not a YYYY-MM-DD date"):
        build.read_ceasefires(path)


def test_a_missing_column_names_the_column_and_the_file(raw, tmp_path):
    path = tmp_path / "ucdp_ged231_ukraine_2014-01_2022-02.csv"
    table = pd.read_csv(raw / build.GED231_FILE, dtype=str, keep_default_na=False).drop(columns=["best"])
    table.to_csv(path, index=False)
    with pytest.raises(RawDataError, match=r"ucdp_ged231_ukraine_2014-01_2022-02\.csv line 1: column 'best' missing"):
        build.read_ged(path)


def test_line_numbers_count_the_line_breaks_inside_quoted_fields(tmp_path):
    columns = [f["name"] for f in descriptor.raw_schema("ucdp_ged231_ukraine")["fields"]]
    header = ",".join(columns)

    def row(event_id, start, where):
        values = {c: "0" for c in columns}
        values.update(
            id=str(event_id),
            type_of_violence="1",
            conflict_new_id="13306",
            date_prec="1",
            where_prec="1",
            date_start=start,
            date_end=start,
            best="1",
            low="1",
            high="1",
            deaths_a="1",
            where_description=where,
            latitude="48.0",
            longitude="37.8",
        )
        for key in ("conflict_name", "dyad_name", "side_a", "side_b", "adm_1"):
            values[key] = "x"
        return ",".join(values[c] for c in columns)

    path = tmp_path / "ged.csv"
    path.write_text(
        "\n".join([header, row(1, "2015-01-01", '"two\nlines"'), row(2, "2015-13-01", "here")]) + "\n", encoding="utf-8"
    )
    with pytest.raises(
        RawDataError, match=r"ged\.csv line 4, column 'date_start': '2015-13-01' is not a YYYY-MM-DD date"
    ):
        build.read_ged(path)


def test_counts_must_be_whole_numbers_and_add_up(raw, tmp_path):
    path = _copy(raw, build.OSCE_FILE, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace("Donetsk,189,", "Donetsk,-189,", 1), encoding="utf-8")
    with pytest.raises(
        RawDataError,
        match=r"osce_smm_ceasefire_violations\.csv line 4, column 'ceasefire_violations': '-189' is below the minimum 0",
    ):
        build.read_osce(path)
    ged = tmp_path / "ucdp_ged231_ukraine_2014-01_2022-02.csv"
    table = pd.read_csv(raw / build.GED231_FILE, dtype=str, keep_default_na=False)
    table.loc[10, "best"] = str(int(table.loc[10, "best"]) + 1)
    table.to_csv(ged, index=False)
    with pytest.raises(
        RawDataError, match=rf"column 'best': .* not the sum of the deaths by side .* event {table.loc[10, 'id']}"
    ):
        build.read_ged(ged)


def test_unknown_region_and_missing_values_are_refused(raw, tmp_path):
    path = _copy(raw, build.OSCE_FILE, tmp_path)
    path.write_text(path.read_text(encoding="utf-8").replace(",Luhansk,31,", ",Lugansk,31,", 1), encoding="utf-8")
    with pytest.raises(RawDataError, match=r"line 3, column 'region': 'Lugansk' is not one of"):
        build.read_osce(path)
    ohchr = _copy(raw, build.OHCHR_FILE, tmp_path)
    ohchr.write_text(ohchr.read_text(encoding="utf-8").replace("2021-12-31,25,", "2021-12-31,,", 1), encoding="utf-8")
    with pytest.raises(RawDataError, match=r"line 9: neither a value nor a low-high range for 'civilians_killed_year'"):
        build.read_ohchr(ohchr)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(RawDataError, match="raw file not found"):
        build.read_ceasefires(tmp_path / "nope.csv")


def test_the_build_refuses_a_monthly_check_that_disagrees(raw, tmp_path):
    staged = tmp_path / "raw"
    for name in (
        build.GED231_FILE,
        build.GED221_FILE,
        build.UCDP_MONTHLY_FILE,
        build.OHCHR_FILE,
        build.OSCE_FILE,
        build.CEASEFIRES_FILE,
    ):
        (staged / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(raw / name, staged / name)
    check = staged / build.UCDP_MONTHLY_FILE
    check.chmod(0o644)
    check.write_text(check.read_text(encoding="utf-8").replace("2015-12,", "2015-12,99", 1), encoding="utf-8")
    with pytest.raises(RawDataError, match=r"events_ged231 for 2015-12"):
        build.build(staged, tmp_path / "out")


# Figures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tables():
    return {
        "monthly": conflict.load_monthly(),
        "events": conflict.load_events(),
        "ceasefires": conflict.load_ceasefires(),
        "windows": conflict.load_windows(),
        "yearly": conflict.load_ohchr_yearly(),
        "totals": conflict.load_ohchr_totals(),
        "daily": conflict.load_osce_daily(),
        "periods": conflict.load_osce_periods(),
    }


def _figures(t):
    return [
        figures.ceasefire_timeline(t["ceasefires"], t["windows"]),
        figures.monthly_deaths(t["monthly"], t["ceasefires"]),
        figures.ceasefire_effects(t["windows"], t["ceasefires"]),
        figures.ohchr_civilians(t["yearly"], t["monthly"], t["totals"]),
        figures.osce_february(t["daily"], t["periods"]),
    ]


def test_figures_follow_the_conventions(tables):
    palette = {v.lower() for v in C.OKABE_ITO.values()} | {"#9a9a9a"}
    for fig in _figures(tables):
        spec = json.loads(fig.to_json())
        title = spec["layout"]["title"]["text"]
        assert re.search(r"\d", title), title
        assert fig.layout.template == style.TEMPLATE, title
        assert all(t["type"] in ("scatter", "bar") for t in spec["data"])
        assert_value_axes_titled(fig)
        colours = json.dumps(spec["data"]).lower()
        for colour in re.findall(r"#[0-9a-f]{6}", colours):
            assert colour in palette, (title, colour)
        controls = bool(fig.layout.updatemenus) or bool(fig.layout.xaxis.rangeslider.visible)
        assert controls, title


def test_figure_titles_state_the_findings(tables):
    timeline, monthly, effects, ohchr, osce = (f.layout.title.text.replace("<br>", " ") for f in _figures(tables))
    assert "14 ceasefires" in timeline and "within 17 days" in timeline
    assert "all 95 of 95 months" in monthly and "from 490 to 22 deaths" in monthly
    assert "after 12 of the 14 ceasefires" in effects
    assert "3,039 civilians killed in 2014-2015 and 365" in ohchr
    assert "from 153 on 15 February to 1,927 on 21 February 2022" in osce


def test_text_summaries_are_generated_from_the_data(tables):
    t = tables
    text = figures.describe_monthly_deaths(t["monthly"], t["ceasefires"])
    assert "95 of the 95 months" in text and "2016: 254 deaths" in text
    assert "19.6 a day" in figures.describe_osce_february(t["daily"], t["periods"])
    assert "more after 2" in figures.describe_ceasefire_effects(t["windows"], t["ceasefires"])


# The notebook's glued numbers, and the pages that quote them -------------------------------


def _glued() -> dict:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    values = {}
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                values[name] = output["data"]
    return values


def _value(data: dict):
    import ast

    text = next(v for k, v in data.items() if k.endswith("text/plain"))
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        return text


def test_glued_numbers_equal_a_recomputation_from_data():
    glued = {k: _value(v) for k, v in _glued().items() if list(v) == ["application/papermill.record/text/plain"]}
    monthly = pd.read_csv(DATA / "ucdp_monthly.csv")
    year = monthly["month"].str[:4]
    assert glued["ch03-months"] == len(monthly)
    assert glued["ch03-months-with-lethal-event"] == int((monthly["lethal_events"] > 0).sum())
    assert glued["ch03-deaths-2016-2021"] == monthly.loc[year.between("2016", "2021"), "deaths_best"].sum() == 1627
    assert glued["ch03-deaths-2014"] == monthly.loc[year == "2014", "deaths_best"].sum()
    assert glued["ch03-deaths-2022-02"] == monthly.loc[monthly["month"] == "2022-02", "deaths_best"].item()
    before = monthly[monthly["month"] <= "2015-01"]["deaths_best"].median()
    after = monthly[monthly["month"] >= "2015-03"]["deaths_best"].median()
    assert (glued["ch03-median-month-before-minsk2"], glued["ch03-median-month-after-minsk2"]) == (before, after)
    ceasefires = pd.read_csv(DATA / "ceasefires.csv")
    windows = pd.read_csv(DATA / "ceasefire_windows.csv")
    assert glued["ch02-ceasefires"] == len(ceasefires)
    assert glued["ch02-max-days-to-first-death"] == windows["days_to_first_lethal_event"].max()
    assert glued["ch03-w90-fell"] == int((windows["deaths_90d_after"] < windows["deaths_90d_before"]).sum())
    assert glued["ch03-w30-fell"] == int((windows["deaths_30d_after"] < windows["deaths_30d_before"]).sum())
    yearly = pd.read_csv(DATA / "ohchr_yearly.csv").set_index("year")["civilians_killed"]
    assert glued["ch03-ohchr-civilians-2016-2021"] == yearly.loc[2016:2021].sum()
    assert glued["ch03-ohchr-civilians-total"] == yearly.sum()
    osce = pd.read_csv(DATA / "osce_daily.csv")
    feb = (
        osce[(osce["period_hours"] == 24) & (osce["date"] >= "2022-02-01")]
        .groupby("date")["ceasefire_violations"]
        .sum()
    )
    assert glued["ch03-osce-peak-total"] == feb.max() == 1927
    assert glued["ch03-mh17-deaths"] == 298
    events = pd.read_csv(DATA / "ucdp_events.csv", parse_dates=["date_start"])
    exact = sorted(
        events.loc[
            (events["date_prec"] == 1) & (events["best"] >= 1) & (events["date_start"] >= "2015-02-15"), "date_start"
        ].unique()
    )
    gaps = pd.Series(pd.DatetimeIndex(exact)).diff().dt.days.dropna() - 1
    assert glued["ch03-days-longest-gap-days"] == gaps.max()


def test_pages_quote_only_keys_the_notebook_glues():
    glued = _glued()
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        inline = re.findall(r"ceasefire-record\.ipynb::([\w-]+):[^`]*`", text)
        blocks = re.findall(r"```\{glue\} ([\w-]+)\n:doc: \.\./notebooks/ceasefire-record\.ipynb", text)
        assert inline and blocks, page.name
        for key in inline + blocks:
            assert key in glued, (page.name, key)
        for key in blocks:
            if not key.endswith("summary"):
                after = text.split(f"```{{glue}} {key}", 1)[1].split("```", 1)[1].lstrip()
                assert after.startswith("**Figure.**"), (page.name, key)
        assert "{cite:p}`kagan2022case`" in text
        assert "## What the data say" in text


def test_bibliography_keys_are_cited_and_do_not_clash():
    ours = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "book" / "bib" / "conflict.bib").read_text(encoding="utf-8")))
    others = set(re.findall(r"@\w+\{([^,]+),", (ROOT / "book" / "references.bib").read_text(encoding="utf-8")))
    costs = ROOT / "book" / "bib" / "costs.bib"
    if costs.exists():
        others |= set(re.findall(r"@\w+\{([^,]+),", costs.read_text(encoding="utf-8")))
    assert not ours & others
    cited = " ".join(p.read_text(encoding="utf-8") for p in PAGES) + NOTEBOOK.read_text(encoding="utf-8")
    for key in ours:
        assert key in cited, key
