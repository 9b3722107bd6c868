"""`make data` is reproducible: a rerun from the raw archives gives the committed files, byte for byte.

The whole pipeline is rerun (three to six minutes on two shared cores), not a sample: marked
``slow``, it runs in CI (.ci/run) or with FREEZELINES_SLOW=1. The fast rebuild from a small
fixture set, in every test run, is tests/test_fixture_rebuild.py.
"""

from __future__ import annotations

import filecmp

import pytest

from freezelines.ingest import pipeline
from freezelines.paths import data_dir


@pytest.mark.slow
def test_rebuild_matches_committed_data(raw_complete, tmp_path):
    pipeline.build(raw_complete, tmp_path)
    written = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(
        str(p.relative_to(data_dir()))
        for p in data_dir().rglob("*")
        if p.is_file() and p.relative_to(data_dir()).parts[0] != "raw"
    )
    assert written == committed, "the pipeline writes a different set of files than data/ holds"
    match, mismatch, errors = filecmp.cmpfiles(data_dir(), tmp_path, written, shallow=False)
    assert mismatch == [] and errors == [], f"rebuilt files differ from data/: {mismatch + errors}"
