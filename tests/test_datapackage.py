"""The one reader of the processed tables (freezelines.model.datapackage.load): every table goes
through it, typed by its schema, and a table that lacks a column is an error naming file and column."""

from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

from conftest import ROOT
from freezelines.model import datapackage
from freezelines.model.places import load_places
from freezelines.model.territory import load_territory
from freezelines.paths import data_dir

DATA = data_dir()
"""The real data folder (read before a test points ``$FREEZELINES_DATA`` at a copy)."""


@pytest.fixture()
def data_copy(tmp_path, monkeypatch):
    """An empty data folder with the package's descriptor, used as ``$FREEZELINES_DATA``."""
    shutil.copy(DATA / "datapackage.json", tmp_path / "datapackage.json")
    monkeypatch.setenv("FREEZELINES_DATA", str(tmp_path))
    return tmp_path


def test_a_table_without_a_column_of_its_schema_names_the_file_and_the_column(data_copy):
    places = pd.read_csv(DATA / "places.csv", dtype=str, keep_default_na=False)
    places.drop(columns="population_2022").to_csv(data_copy / "places.csv", index=False)
    with pytest.raises(ValueError, match=r"^places\.csv: column 'population_2022' of its schema .* is missing"):
        load_places()


def test_a_nested_table_without_a_column_names_its_path(data_copy):
    (data_copy / "conflict").mkdir()
    periods = pd.read_csv(DATA / "conflict" / "osce_periods.csv", dtype=str, keep_default_na=False)
    periods.drop(columns="per_day").to_csv(data_copy / "conflict" / "osce_periods.csv", index=False)
    from freezelines.model import conflict

    with pytest.raises(ValueError, match=r"^conflict/osce_periods\.csv: column 'per_day'"):
        conflict.load_osce_periods()


def test_missing_values_are_read_one_way(data_copy):
    """An empty text cell is '', an empty integer cell a nullable integer, a date a date; the text
    'NA' (a real value in some tables) stays text."""
    table = pd.read_csv(DATA / "places.csv", dtype=str, keep_default_na=False).head(3)
    table.loc[0, "population_2022"] = ""
    table.loc[1, "description"] = ""
    table.loc[2, "description"] = "NA"
    table.to_csv(data_copy / "places.csv", index=False)
    places = load_places()
    assert str(places["population_2022"].dtype) == "Int64" and places["population_2022"].isna().tolist() == [
        True,
        False,
        False,
    ]
    assert places["description"].iloc[1] == "" and places["description"].iloc[2] == "NA"


def test_every_processed_table_loads_with_its_schema_types():
    for spec in datapackage.package()["resources"]:
        if spec.get("format") != "csv":
            continue
        table = datapackage.load(spec["name"])
        fields = spec["schema"]["fields"]
        assert list(table.columns) == [f["name"] for f in fields], spec["path"]
        for field in fields:
            column = table[field["name"]]
            if field["type"] == "date":
                assert pd.api.types.is_datetime64_any_dtype(column), (spec["path"], field["name"])
            elif field["type"] == "string":
                assert not column.isna().any(), (spec["path"], field["name"])
    assert load_territory()["date"].dt.year.min() == 2022


def test_no_processed_file_is_read_around_the_reader():
    """``read_csv`` of a processed file appears only in the reader (the raw readers in ingest/ read raw files)."""
    calls = []
    for path in [
        *sorted((ROOT / "src" / "freezelines").glob("[!i]*/*.py")),
        *sorted((ROOT / "notebooks").glob("*.ipynb")),
    ]:
        if path.name == "datapackage.py":
            continue
        calls += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in re.finditer(r"read_csv\([^)]*", path.read_text())]
    assert calls == []
