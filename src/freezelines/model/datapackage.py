"""The processed data package, ``data/datapackage.json``: the schemas of the files in ``data/``,
and the tables read with the types their schemas give.

The package is written by ``make data`` from the descriptor :mod:`freezelines.ingest.descriptor`;
the model reads it from ``data/`` (or ``$FREEZELINES_DATA``), wherever the data are.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pandas as pd

from ..paths import data_path


@lru_cache(maxsize=4)
def _package(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def package() -> dict:
    """``data/datapackage.json``."""
    return _package(data_path("datapackage.json"))


def resource(name: str) -> dict:
    """One resource of the package, by name."""
    for spec in package()["resources"]:
        if spec["name"] == name:
            return spec
    raise KeyError(f"no resource {name!r} in datapackage.json")


def load(name: str) -> pd.DataFrame:
    """A processed table, typed by its schema: dates parsed, integers with a missing value as
    nullable integers, text with '' for an empty cell."""
    spec = resource(name)
    fields = spec["schema"]["fields"]
    dates = [f["name"] for f in fields if f["type"] == "date"]
    path = data_path(spec["path"])
    header = pd.read_csv(path, nrows=0).columns
    absent = [f["name"] for f in fields if f["name"] not in header]
    if absent:
        raise ValueError(
            f"{spec['path']}: column {absent[0]!r} of its schema in datapackage.json is missing from the header "
            f"({', '.join(header)}): run `make data`"
        )
    table = pd.read_csv(path, keep_default_na=False, na_values=[""], parse_dates=dates)
    for field in fields:
        column = field["name"]
        if field["type"] == "integer" and table[column].isna().any():
            table[column] = table[column].astype("Int64")
        elif field["type"] == "string":
            table[column] = table[column].fillna("").astype(str)
    return table
