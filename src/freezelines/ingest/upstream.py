"""The trackers' new days, fetched from their upstream repositories and checked before anything is written.

Two upstreams keep publishing the daily maps the book reads (``frontlines/PROVENANCE.md``):

* ``cyterat/deepstate-map-data``: ``data/deepstatemap_data_YYYYMMDD.geojson``, one FeatureCollection
  a day (DeepStateMap's occupied area, downloaded at about 03:00 UTC);
* ``conflict-investigations/nzz-maps``: ``data/YYYY-MM-DD.json``, each ``{"value": FeatureCollection}``
  whose features are typed ``nochange``, ``gains`` or ``losses`` (liveuamap's map as NZZ publishes it).
  That repository marks ``data/`` for Git LFS, so a server may hand out a pointer file instead.

:func:`fetch` downloads every day after a bundle's last day up to ``until``, each download bounded in
bytes and seconds. A day the upstream does not have (HTTP 404) between two days it has is *missing*:
it is listed and the later days still come in; missing days after the last one found are *not yet
published* (more than :data:`STALE_DAYS` of them with no file at all stop the update: a silent
upstream, or a wrong base URL, needs a person). Each file is checked as it arrives
(:func:`check_file`: an LFS pointer, JSON, the upstream's format, every geometry readable in
lon/lat), then the new days together with the bundle's last archived ones go through the
pipeline's own readers (:mod:`.lines`) and quality rules (:func:`.quality.transient_departures`)
(:func:`check_quality`). Any failure raises
:class:`UpdateError` naming the file, the day and the reason, before anything is written; an
upstream that cannot be reached at all raises :class:`NoNetworkError`, one message.

:func:`append` then adds the new days to the bundles, as the staging did (one minified JSON line
per upstream file, the NZZ wrapper removed), and updates ``SHA256SUMS`` and ``PROVENANCE.md``: its
table of bundles, its log of updates and its table of the files fetched, each with the sha256 of
the bytes the server sent.
Appending adds one xz stream at the end of the bundle: the bytes already there are kept as they
are, ``xz``, ``xzcat`` and Python's :func:`lzma.open` read the streams as one text, and the same
new days always give the same bytes (Python's ``lzma``, preset 9e, CRC64). The file keeps its
name, which the data package descriptor and the pipeline read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import json
import lzma
import os
import re
import shutil
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from . import lines as L
from . import quality as Q
from . import sources as S
from .raw_files import sha256

MAX_BYTES = 20 * 1024 * 1024
"""The largest upstream file accepted (the real ones are 0.1 to 1 MB pretty-printed)."""
MAX_SECONDS = 60.0
"""The longest one download may take, in all; each wait on the socket is bounded by :data:`TIMEOUT`."""
TIMEOUT = 20.0
TAIL = 12
STALE_DAYS = 14
"""An upstream with no file for more than this many days after a bundle's last day stops the update: it
has stopped publishing, or its base URL is wrong (every answer a 404), and either needs a person."""
"""Archived days read with the new ones, so that the quality rules see the level the new days continue."""
LFS_POINTER = b"version https://git-lfs.github.com/spec/"
GEOMETRY_FAULTS = ("unreadable geometry", "non-finite coordinates", "projected coordinates")
"""Findings of :func:`.sources.feature_polygons` that stop an update (a repaired polygon does not)."""
XZ_PRESET = 9 | lzma.PRESET_EXTREME
UPDATES_HEADING = "## 5. Updates (`make update`)"
FILES_HEADING = "## 6. Files fetched by the updates"


class UpdateError(ValueError):
    """A new upstream file that fails a check, or an upstream answer the update cannot use; nothing is written."""


class NoNetworkError(UpdateError):
    """No upstream could be reached."""


@dataclass(frozen=True)
class Upstream:
    """One tracker's upstream repository and the bundle its days go to."""

    source: str
    repository: str
    bundle: str
    env: str
    default_base: str

    def path(self, day: dt.date) -> str:
        """The file of ``day`` in the upstream repository."""
        if self.source == "deepstate":
            return f"data/deepstatemap_data_{day:%Y%m%d}.geojson"
        return f"data/{day.isoformat()}.json"

    def base(self, override: str | None = None) -> str:
        base = override or os.environ.get(self.env) or self.default_base
        return base if base.endswith("/") else base + "/"


DEEPSTATE = Upstream(
    source="deepstate",
    repository="cyterat/deepstate-map-data",
    bundle=S.DEEPSTATE_DAILY_FILE,
    env="FREEZELINES_DEEPSTATE_URL",
    default_base="https://raw.githubusercontent.com/cyterat/deepstate-map-data/main/",
)
NZZ = Upstream(
    source="liveuamap",
    repository="conflict-investigations/nzz-maps",
    bundle=S.NZZ_FILE,
    env="FREEZELINES_NZZ_URL",
    default_base="https://raw.githubusercontent.com/conflict-investigations/nzz-maps/master/",
)
UPSTREAMS = (DEEPSTATE, NZZ)


@dataclass(frozen=True)
class Downloaded:
    """One upstream file as the server sent it: its day, its path in the repository, its size and
    its sha256 (of the bytes received, before the NZZ wrapper is removed and the JSON minified)."""

    day: dt.date
    path: str
    size: int
    sha256: str


@dataclass
class Fetched:
    """What one upstream had after the bundle's last day."""

    upstream: Upstream
    base: str
    last_day: dt.date
    """The bundle's last day before the update."""
    records: list[dict] = field(default_factory=list)
    """One bundle line per new file, in date order."""
    missing: list[dt.date] = field(default_factory=list)
    """Days the upstream lacks between days it has."""
    not_yet: list[dt.date] = field(default_factory=list)
    """Days after the last file found, up to ``until`` (not yet published)."""
    repaired: list[str] = field(default_factory=list)
    """Invalid polygons the pipeline will repair (``make_valid``), as notes."""
    files: list[Downloaded] = field(default_factory=list)
    """Every file added, as downloaded (one per record, in the same order)."""

    @property
    def days(self) -> list[dt.date]:
        return [dt.date.fromisoformat(r["date"]) for r in self.records]


# Reading a bundle's end ----------------------------------------------------------------------


@dataclass(frozen=True)
class BundleSummary:
    lines: int
    uncompressed: int
    first: dt.date
    last: dt.date
    tail: list[bytes]


def summarise(path: Path, tail: int = TAIL) -> BundleSummary:
    """A bundle's line count, uncompressed size, first and last dates and last ``tail`` lines
    (streamed: a damaged bundle raises :class:`UpdateError`)."""
    path = S.require(Path(path))
    count, size, first, last_lines = 0, 0, None, []
    try:
        with lzma.open(path, "rb") as handle:
            for raw in handle:
                count += 1
                size += len(raw)
                if first is None:
                    first = raw
                last_lines.append(raw)
                if len(last_lines) > tail:
                    last_lines.pop(0)
    except (lzma.LZMAError, EOFError) as exc:
        raise UpdateError(
            f"{path.name}: the bundle is corrupt or truncated ({exc}); restore it before updating"
        ) from exc
    if not count or not last_lines[-1].endswith(b"\n"):
        raise UpdateError(f"{path.name}: the bundle is empty or does not end with a full line")

    def day(line: bytes) -> dt.date:
        found = re.search(rb'"date":"(\d{4}-\d{2}-\d{2})"', line)
        if not found:
            raise UpdateError(f"{path.name}: a line without a date: {line[:120]!r}")
        return dt.date.fromisoformat(found.group(1).decode())

    return BundleSummary(count, size, day(first), day(last_lines[-1]), last_lines)


# Downloading -----------------------------------------------------------------------------------


def download(url: str, max_bytes: int = MAX_BYTES, max_seconds: float = MAX_SECONDS, timeout: float = TIMEOUT):
    """The bytes at ``url``; ``None`` when the server says it has no such file (HTTP 404).

    Raises :class:`NoNetworkError` when the host cannot be reached, :class:`UpdateError` for any
    other HTTP error, a file larger than ``max_bytes``, a download slower than ``max_seconds`` and
    a body shorter than the length the server announced (a truncated download)."""
    start = time.monotonic()
    try:
        response = urllib.request.urlopen(url, timeout=timeout)  # noqa: S310 (http(s) base URLs only, checked by fetch)
    except urllib.error.HTTPError as exc:
        exc.close()
        if exc.code == 404:
            return None
        raise UpdateError(f"{url}: the server answered HTTP {exc.code} ({exc.reason})") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise NoNetworkError(
            f"cannot reach {url.split('/')[2]} ({reason}): no network, or the upstream is down; nothing was changed"
        ) from None
    with response:
        announced = response.headers.get("Content-Length")
        if announced is not None and int(announced) > max_bytes:
            raise UpdateError(f"{url}: {int(announced):,} bytes announced, more than the limit of {max_bytes:,}")
        chunks, size = [], 0
        try:
            while True:
                if time.monotonic() - start > max_seconds:
                    raise UpdateError(f"{url}: the download took more than {max_seconds:.0f} s; stopped")
                chunk = response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise UpdateError(f"{url}: more than the limit of {max_bytes:,} bytes; stopped")
                chunks.append(chunk)
        except http.client.IncompleteRead as exc:
            size += len(exc.partial)
            raise UpdateError(
                f"{url}: truncated download: {size:,} bytes of the {int(announced or 0):,} announced"
            ) from None
        except (TimeoutError, ConnectionError) as exc:
            raise UpdateError(f"{url}: the download broke off after {size:,} bytes ({exc})") from None
    if announced is not None and size != int(announced):
        raise UpdateError(f"{url}: truncated download: {size:,} bytes of the {int(announced):,} announced")
    return b"".join(chunks)


# Checking one file -----------------------------------------------------------------------------


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a number JSON allows")


def check_file(upstream: Upstream, day: dt.date, data: bytes) -> tuple[dict, list[str]]:
    """The bundle line (``snapshot``, ``published_utc``, ``date``, ``geojson``) of one upstream file,
    and notes on the polygons the pipeline will repair. Raises :class:`UpdateError` naming the file,
    the day and the reason: a Git LFS pointer, bytes that are not UTF-8 JSON, not the upstream's
    format, a feature the readers cannot use, a geometry that cannot be read in lon/lat, no polygon."""
    name = upstream.path(day)

    def fail(reason: str):
        raise UpdateError(f"{upstream.repository} {name} (day {day}): {reason}; nothing was changed")

    if data.lstrip().startswith(LFS_POINTER):
        fail(
            "the server sent a Git LFS pointer file, not the JSON: point the base URL at a server "
            "that resolves LFS files (for GitHub, https://media.githubusercontent.com/media/<owner>/<repo>/<branch>/)"
        )
    problem = S.utf8_problem(data)
    if problem:
        fail(f"not UTF-8: {problem}")
    try:
        parsed = json.loads(data.decode("utf-8"), parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        fail(f"not JSON, or cut short ({exc.msg} at line {exc.lineno}, column {exc.colno})")
    except ValueError as exc:
        fail(f"not JSON: {exc}")
    if upstream is NZZ:
        if not isinstance(parsed, dict) or set(parsed) != {"value"}:
            fail('not the upstream\'s wrapper {"value": FeatureCollection}')
        parsed = parsed["value"]
    if not isinstance(parsed, dict) or parsed.get("type") != "FeatureCollection":
        fail("not a GeoJSON FeatureCollection")
    if not isinstance(parsed.get("features"), list) or not parsed["features"]:
        fail("the FeatureCollection has no features")
    snapshot = name.rsplit("/", 1)[1]
    record = {"snapshot": snapshot, "published_utc": None, "date": day.isoformat(), "geojson": parsed}
    snap = S.Snapshot(upstream.bundle.rsplit("/", 1)[1], 0, snapshot, None, day, parsed)
    qa = S.QA()
    try:
        if upstream is NZZ:
            S.nzz_state_date(snap, qa)
            polygons = [p for kind in S.nzz_polygons(snap, qa).values() for p in kind]
        else:
            polygons = [p for i, f in enumerate(parsed["features"]) for p in S.feature_polygons(f, snap, qa, i)]
    except S.RawDataError as exc:
        fail(str(exc).split(": ", 1)[-1])
    faults = [row for row in qa.rows if row["issue"] in GEOMETRY_FAULTS]
    if faults:
        row = faults[0]
        fail(f"{row['issue']} in {row['where'].split(') ', 1)[-1]}: {row['detail']}")
    if not polygons:
        fail("no polygon")
    repaired = [f"{snapshot} {row['where'].split(') ', 1)[-1]}: {row['detail']}" for row in qa.rows]
    return record, repaired


# Fetching ---------------------------------------------------------------------------------------


def fetch(
    raw: Path,
    until: dt.date,
    bases: dict[str, str] | None = None,
    upstreams: tuple[Upstream, ...] = UPSTREAMS,
    max_bytes: int = MAX_BYTES,
    max_seconds: float = MAX_SECONDS,
    timeout: float = TIMEOUT,
) -> list[Fetched]:
    """Every day after each bundle's last day up to ``until``, downloaded and checked (:func:`check_file`).

    ``bases`` overrides the base URLs by source (``deepstate``, ``liveuamap``); else each
    upstream's environment variable, else its GitHub raw address."""
    out = []
    for upstream in upstreams:
        base = upstream.base((bases or {}).get(upstream.source))
        if not re.match(r"https?://", base):
            raise UpdateError(f"{upstream.source} base URL {base!r}: only http:// and https:// addresses are read")
        summary = summarise(Path(raw) / upstream.bundle, tail=1)
        fetched = Fetched(upstream, base, summary.last)
        pending: list[dt.date] = []
        day = summary.last + dt.timedelta(days=1)
        while day <= until:
            data = download(base + upstream.path(day), max_bytes, max_seconds, timeout)
            if data is None:
                pending.append(day)
            else:
                record, repaired = check_file(upstream, day, data)
                fetched.records.append(record)
                fetched.files.append(Downloaded(day, upstream.path(day), len(data), _sha256_bytes(data)))
                fetched.repaired += repaired
                fetched.missing += pending
                pending = []
            day += dt.timedelta(days=1)
        fetched.not_yet = pending
        if not fetched.records and len(pending) > STALE_DAYS:
            raise UpdateError(
                f"{upstream.repository}: no file for any of the {len(pending)} days after {summary.last} at {base}: "
                "the upstream has stopped publishing, or the base URL is wrong; nothing was changed"
            )
        out.append(fetched)
    return out


# The quality rules, on the new days with the archived ones before them ----------------------------


def _line(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def check_quality(raw: Path, fetched: list[Fetched]) -> None:
    """Read the new days with each bundle's last :data:`TAIL` lines through the pipeline's readers
    (:mod:`.lines`) and apply its quality rules (:func:`.quality.transient_departures`): a new day
    the rules reject (an empty map, a departure no later map confirms) raises :class:`UpdateError`
    naming the file, the day and what was measured. So do the readers' own stops (a date out of
    order, a map date the file cannot carry)."""
    raw = Path(raw)
    work = Path(tempfile.mkdtemp(prefix="freezelines-update-"))
    try:
        for name in (S.OUTLINE_FILE, S.DEEPSTATE_HISTORY_FILE):
            (work / name).parent.mkdir(parents=True, exist_ok=True)
            os.symlink((raw / name).resolve(), work / name)
        frame, reference = frame_and_reference(work)
        for item in fetched:
            if not item.records:
                continue
            tail = summarise(raw / item.upstream.bundle).tail
            bundle = work / item.upstream.bundle
            bundle.write_bytes(lzma.compress(b"".join(tail) + b"".join(_line(r) for r in item.records)))
            qa = S.QA()
            new_files = {r["snapshot"]: dt.date.fromisoformat(r["date"]) for r in item.records}
            try:
                if item.upstream is NZZ:
                    states = L.liveuamap(work, frame, qa, reference)
                else:
                    states = L.deepstate_daily(work, frame, qa, reference)
            except S.RawDataError as exc:
                raise UpdateError(
                    f"{item.upstream.repository}: the new files fail the pipeline's reader: {exc}"
                ) from None
            rejected = Q.transient_departures({d: s.total_km2 for d, s in states.items()})
            for day, state in sorted(states.items()):
                if state.snapshot in new_files and day in rejected:
                    raise UpdateError(
                        f"{item.upstream.repository} {item.upstream.path(new_files[state.snapshot])} "
                        f"(day {new_files[state.snapshot]}, map of {day}): the quality rules reject it: "
                        f"{rejected[day]}; nothing was changed"
                    )
    finally:
        shutil.rmtree(work, ignore_errors=True)


_READ: dict[tuple[str, str], tuple] = {}


def frame_and_reference(raw: Path) -> tuple:
    """Ukraine's frame (:func:`.lines.load_frame`) and DeepState's pre-2022 reference polygons
    (:func:`.lines.deepstate_pre2022_reference`), read once for each content of the two files."""
    key = (sha256(raw / S.OUTLINE_FILE), sha256(raw / S.DEEPSTATE_HISTORY_FILE))
    if key not in _READ:
        frame = L.load_frame(raw)
        _READ.clear()
        _READ[key] = frame, L.deepstate_pre2022_reference(raw, frame, S.QA())
    return _READ[key]


# Appending ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Written:
    """The files an append replaced, with their bytes before, to put back (:func:`restore`)."""

    before: dict[Path, bytes]


def append(raw: Path, fetched: list[Fetched], updated: dt.date, record: Path | None = None) -> Written:
    """Add the new days to the bundles in ``raw``, with ``PROVENANCE.md`` and ``SHA256SUMS`` updated.

    Each bundle is first checked against ``SHA256SUMS`` (a bundle changed since it was recorded
    stops the update). Every new file is prepared in memory and the files are replaced last, each
    at once (``os.replace``); the bytes they had are returned for :func:`restore`."""
    raw = Path(raw)
    record = Path(record or raw / "SHA256SUMS")
    notes = raw / "frontlines" / "PROVENANCE.md"
    sums = S.require(record).read_text(encoding="utf-8")
    provenance = S.require(notes).read_text(encoding="utf-8")
    replaced: dict[Path, bytes] = {}
    for item in fetched:
        if not item.records:
            continue
        path = raw / item.upstream.bundle
        before = path.read_bytes()
        digest = sha256(path)
        recorded = re.search(rf"^([0-9a-f]{{64}})  {re.escape(item.upstream.bundle)}$", sums, re.M)
        if not recorded or recorded.group(1) != digest:
            raise UpdateError(
                f"{item.upstream.bundle}: sha256 {digest} is not the one {record.name} records; the bundle changed "
                "since it was recorded: restore it before updating; nothing was changed"
            )
        after = before + lzma.compress(
            b"".join(_line(r) for r in item.records), format=lzma.FORMAT_XZ, check=lzma.CHECK_CRC64, preset=XZ_PRESET
        )
        replaced[path] = after
        new_digest = _sha256_bytes(after)
        sums = sums.replace(f"{digest}  {item.upstream.bundle}", f"{new_digest}  {item.upstream.bundle}")
        old = summarise(path, tail=1)
        added = len(item.records)
        provenance = _table_row(
            provenance,
            item.upstream.bundle.rsplit("/", 1)[1],
            size=len(after),
            digest=new_digest,
            uncompressed=old.uncompressed + sum(len(_line(r)) for r in item.records),
            snapshots=old.lines + added,
            first=old.first,
            last=item.days[-1],
        )
        provenance = _log_row(provenance, item, updated)
        provenance = _file_rows(provenance, item, updated)
    replaced[record] = sums.encode("utf-8")
    replaced[notes] = provenance.encode("utf-8")
    written = Written({path: path.read_bytes() for path in replaced})
    staged = {}
    try:
        for path, data in replaced.items():
            temporary = path.with_name(f".{path.name}.update")
            temporary.write_bytes(data)
            staged[path] = temporary
        for path, temporary in staged.items():
            os.replace(temporary, path)
    finally:
        for temporary in staged.values():
            temporary.unlink(missing_ok=True)
    return written


def restore(written: Written) -> None:
    """Put back the files an :func:`append` replaced, byte for byte."""
    for path, data in written.before.items():
        temporary = path.with_name(f".{path.name}.restore")
        temporary.write_bytes(data)
        os.replace(temporary, path)


def _sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _table_row(text: str, name: str, **values) -> str:
    """The bundle table of ``PROVENANCE.md`` with ``name``'s row rewritten."""
    row = (
        f"| `{name}` | {values['size']:,} | `{values['digest']}` | {values['uncompressed']:,} | "
        f"{values['snapshots']:,} | {values['first']} … {values['last']} |"
    )
    pattern = re.compile(rf"^\| `{re.escape(name)}` \|.*$", re.M)
    if not pattern.search(text):
        raise UpdateError(f"PROVENANCE.md: no table row for `{name}` to update")
    return pattern.sub(row, text, count=1)


def _log_row(text: str, item: Fetched, updated: dt.date) -> str:
    """``PROVENANCE.md`` with one row added to its log of updates (the section is added the first time)."""
    days = item.days
    missing = ", ".join(d.isoformat() for d in item.missing) or "none"
    row = (
        f"| {updated} | `{item.upstream.bundle.rsplit('/', 1)[1]}` | {item.upstream.repository} at {item.base} | "
        f"{len(days)} | {days[0]} … {days[-1]} | {missing} |"
    )
    return _add_rows(text, UPDATES_HEADING, UPDATES_SECTION, [row])


def _file_rows(text: str, item: Fetched, updated: dt.date) -> str:
    """``PROVENANCE.md`` with one row per file an update added to its table of fetched files: the
    upstream file, its day, its size and the sha256 of the bytes received."""
    rows = [
        f"| {updated} | {item.upstream.repository} `{f.path}` | {f.day} | {f.size:,} | `{f.sha256}` |"
        for f in item.files
    ]
    return _add_rows(text, FILES_HEADING, FILES_SECTION, rows)


def _add_rows(text: str, heading: str, section: str, rows: list[str]) -> str:
    """``text`` with ``rows`` added at the end of the table under ``heading`` (``section``, which ends
    with the table's header, is added at the end of ``text`` the first time)."""
    if heading not in text.split("\n"):
        text = text.rstrip("\n") + "\n\n" + section
    lines = text.split("\n")
    start = lines.index(heading)
    header = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("|")), None)
    following = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    if header is None or header > following:
        raise UpdateError(f"PROVENANCE.md: no table under {heading!r} to add to")
    end = header
    while end < len(lines) and lines[end].startswith("|"):
        end += 1
    return "\n".join(lines[:end] + rows + lines[end:]).rstrip("\n") + "\n"


UPDATES_SECTION = f"""{UPDATES_HEADING}

`make update` (`tools/update.py`) appends the files the two upstreams published after a bundle's
last day, fetched from the base URL in the table below (by default the repositories' raw files on
GitHub, branch `main` for DeepState's, `master` for NZZ's), in the same format as above: one
minified line per upstream file, the NZZ wrapper removed, nothing else changed. Each update adds
one xz stream (preset 9e, CRC64) at the end of the bundle and leaves the bytes before it as they
were; `xz`, `xzcat` and Python's `lzma` read the streams as one. The file keeps its name. The
table of bundles above gives the size, sha256 and range after the latest update; the counts and
quirks in sections 2 and 3 describe the files as first staged. Every file was checked before it
was written: JSON in the upstream's format, no Git LFS pointer, every geometry readable in
longitude and latitude, and the pipeline's quality rules on the new days read after the archived
ones. A missing day is a day the upstream did not have while it had a later one.

| update | bundle | fetched from | files | first … last | missing upstream days |
|---|---|---|---|---|---|
"""

FILES_SECTION = f"""{FILES_HEADING}

Every file an update added, by update: the upstream repository and the file's path in it, the day
it was fetched for, its size and the sha256 of its bytes as the server sent them (before the NZZ
wrapper was removed and the JSON minified into the bundle's line). Anyone can download the same
file again and compare (`sha256sum`); for NZZ's files, which that repository keeps in Git LFS, the
sha256 is also the `oid` of the file's LFS pointer in the repository.

| update | upstream file | day | bytes | sha256 as downloaded |
|---|---|---|---|---|
"""


def summary(fetched: list[Fetched]) -> str:
    """What the fetch found, in plain lines (for the update's report): each new file with its size
    and sha256 as downloaded, the missing days, the days not yet published, the repaired polygons."""
    lines = []
    for item in fetched:
        label = f"{item.upstream.repository} ({item.upstream.source})"
        if item.records:
            lines.append(f"{label}: {len(item.records)} new file(s), {item.days[0]} … {item.days[-1]}")
            lines += [f"  {f.path}: {f.size:,} bytes, sha256 {f.sha256}" for f in item.files]
        else:
            lines.append(f"{label}: nothing after {item.last_day}")
        if item.missing:
            lines.append(f"  missing upstream (skipped): {', '.join(d.isoformat() for d in item.missing)}")
        if item.not_yet:
            span = f"{item.not_yet[0]} … {item.not_yet[-1]}" if len(item.not_yet) > 1 else f"{item.not_yet[0]}"
            lines.append(f"  not yet published: {span}")
        for note in item.repaired:
            lines.append(f"  invalid polygon, repaired by the pipeline: {note}")
    return "\n".join(lines)


__all__ = [
    "DEEPSTATE",
    "NZZ",
    "UPSTREAMS",
    "Fetched",
    "NoNetworkError",
    "UpdateError",
    "append",
    "check_file",
    "check_quality",
    "download",
    "fetch",
    "restore",
    "summary",
]
