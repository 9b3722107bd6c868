"""The raw archives in the repository: their record of hashes, and the check `make data` starts with."""

from __future__ import annotations

import shutil

import pytest

from freezelines.ingest import pipeline, provenance
from freezelines.ingest.raw_files import RawDataError, sha256
from freezelines.paths import RAW_DEFAULT, RAW_RECORD, raw_dir


def test_make_data_reads_the_repository_copy_by_default(monkeypatch):
    monkeypatch.delenv("FREEZELINES_RAW", raising=False)
    assert raw_dir() == RAW_DEFAULT
    monkeypatch.setenv("FREEZELINES_RAW", "/elsewhere")
    assert str(raw_dir()) == "/elsewhere"


def test_the_record_lists_every_file_the_pipeline_reads_with_the_provenance_hash():
    record = provenance.read_record(RAW_RECORD)
    documented = provenance.documented_hashes(RAW_DEFAULT)
    assert sorted(record) == provenance.read_paths()
    for path, digest in record.items():
        assert documented[path] == digest, f"{path}: SHA256SUMS and PROVENANCE.md disagree"


def test_every_raw_file_in_the_repository_matches_the_record():
    record = provenance.read_record(RAW_RECORD)
    present = [p for p in record if (RAW_DEFAULT / p).is_file()]
    assert len(present) >= len(record) - 2, "only the two unlicensed archives may be left out"
    for path in present:
        assert sha256(RAW_DEFAULT / path) == record[path], path
    for folder in ("conflict", "frontlines", "reference"):
        assert (RAW_DEFAULT / folder / "PROVENANCE.md").is_file()
    assert (RAW_DEFAULT / "frontlines" / "LICENSE-GPL-3.0.txt").is_file()


def test_no_raw_file_is_large():
    for path in RAW_DEFAULT.rglob("*"):
        assert path.stat().st_size < 4_000_000, f"{path.name} is {path.stat().st_size:,} bytes"


def _copy_raw(tmp_path):
    raw = tmp_path / "raw"
    for path in provenance.read_paths():
        source = RAW_DEFAULT / path
        if source.is_file():
            (raw / path).parent.mkdir(parents=True, exist_ok=True)
            (raw / path).symlink_to(source)
    return raw


def test_a_changed_raw_file_stops_make_data_naming_it(tmp_path):
    raw = _copy_raw(tmp_path)
    name = "reference/ukrstat_population_2022-01-01_oblast.csv"
    (raw / name).unlink()
    text = (RAW_DEFAULT / name).read_text(encoding="utf-8")
    (raw / name).write_text(text.replace("41167335", "41167336", 1), encoding="utf-8")
    record = tmp_path / "SHA256SUMS"
    shutil.copy(RAW_RECORD, record)
    with pytest.raises(RawDataError, match=rf"{name}: sha256 [0-9a-f]{{64}} differs from the recorded"):
        provenance.verify_raw(raw, record)
    with pytest.raises(RawDataError, match=name):
        pipeline.build(raw, tmp_path / "out", record=record)


def test_a_missing_raw_file_is_named(tmp_path):
    raw = _copy_raw(tmp_path)
    (raw / "conflict/facts.csv").unlink()
    for path in provenance.read_paths():  # the unlicensed archives, if absent, are named first
        if not (raw / path).exists():
            expected = path
            break
    with pytest.raises(RawDataError, match=rf"{expected}: raw file not found"):
        provenance.verify_raw(raw, RAW_RECORD)


def test_a_malformed_record_names_its_line(tmp_path):
    record = tmp_path / "SHA256SUMS"
    record.write_text("# comment\nabc  conflict/facts.csv\n")
    with pytest.raises(RawDataError, match="SHA256SUMS line 2"):
        provenance.read_record(record)
