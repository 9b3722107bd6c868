"""`make data` is reproducible: a rerun from the raw archives gives the committed files, byte for byte.

The whole pipeline is rerun (about three minutes on two cores), not a sample.
"""

from __future__ import annotations

import filecmp

from freezelines import pipeline
from freezelines.paths import data_dir


def test_rebuild_matches_committed_data(raw_complete, tmp_path):
    pipeline.build(raw_complete, tmp_path)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(
        str(p.relative_to(data_dir())) for p in data_dir().rglob("*") if p.is_file() and p.relative_to(data_dir()).parts[0] != "raw"
    )
    assert written == committed, "the pipeline writes a different set of files than data/ holds"
    match, mismatch, errors = filecmp.cmpfiles(data_dir(), tmp_path, written, shallow=False)
    assert mismatch == [] and errors == [], f"rebuilt files differ from data/: {mismatch + errors}"
