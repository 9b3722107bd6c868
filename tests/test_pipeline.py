"""`make data` is reproducible: a rerun from the raw archives gives the committed files, byte for byte."""

from __future__ import annotations

import filecmp

from freezelines import pipeline
from freezelines.paths import data_dir


def test_rebuild_matches_committed_data(raw, tmp_path):
    pipeline.build(raw, tmp_path)
    written = sorted(p.name for p in tmp_path.iterdir() if p.is_file())
    assert "territory_daily.csv" in written
    match, mismatch, errors = filecmp.cmpfiles(data_dir(), tmp_path, written, shallow=False)
    assert mismatch == [] and errors == [], f"rebuilt files differ from data/: {mismatch + errors}"


def test_territory_daily_has_the_public_columns():
    import pandas as pd

    table = pd.read_csv(data_dir() / "territory_daily.csv")
    assert list(table.columns) == pipeline.TERRITORY_COLUMNS
    assert set(table["quality"]) <= {"ok", "outlier", "carried_forward", "missing"}
    assert table["share_of_ukraine"].dropna().between(0, 1).all()
