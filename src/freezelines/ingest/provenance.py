"""Provenance of every processed file: the Frictionless Data Package ``data/datapackage.json``
and ``data/README.md``, both written from the descriptor (:mod:`freezelines.ingest.descriptor`).

For each output: its inputs with the sha256 of each raw file, the method, the licence and the
attribution each source asks for. The pipeline writes them; the tests validate the package
with ``frictionless`` and check every sha256 against the raw files. The second half reads and
checks the raw archives' hashes (``data/raw/SHA256SUMS``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .. import constants as C
from . import conflict, costs, lines, quality
from . import descriptor as D
from . import sources as S
from .places import MIN_POPULATION
from .raw_files import sha256

README_TEMPLATE = Path(__file__).with_name("data_readme.md")
"""The template of ``data/README.md`` (placeholders as in the descriptor)."""

FORMATS = {
    ".csv": {"format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "profile": "tabular-data-resource"},
    ".geojson": {"format": "geojson", "mediatype": "application/geo+json"},
    ".jsonl.xz": {"format": "jsonl.xz", "mediatype": "application/x-xz"},
}
"""The format properties of a resource, by the end of its path."""


def constants() -> dict:
    """The values the code holds that the descriptor's texts and the README quote."""
    return {
        **D.values(),
        "equal_area_crs": C.EQUAL_AREA_CRS,
        "ukraine_area_km2": C.UKRAINE_AREA_KM2,
        "invasion": C.INVASION,
        "essay_date": C.ESSAY_DATE,
        "week_day": f"{C.INVASION:%A}",
        "quality_flags": "; ".join(f"{flag} ({meaning})" for flag, meaning in quality.FLAGS.items()),
        "quality_values": ["ok", *quality.FLAGS, "missing"],
        "tolerance_km2": quality.TOLERANCE_KM2,
        "tolerance_share": quality.TOLERANCE_SHARE,
        "redrawn_step_km2": quality.REDRAWN_STEP_KM2,
        "region_buffer_km": lines.REGION_BUFFER_M / 1000,
        "min_population": MIN_POPULATION,
        "first_month": conflict.FIRST_MONTH,
        "last_month": conflict.LAST_MONTH,
        "donbas_conflict_ids": [int(k) for k in conflict.DONBAS_CONFLICTS],
        "windows_text": ", ".join(str(w) for w in conflict.WINDOWS),
        "measures": list(costs.MEASURES),
        "liveuamap_areas_path": D.source("liveuamap_areas")["path"],
    }


def all_sources() -> dict[str, dict]:
    """Every raw source (title, path, licence, attribution, a table's schema), texts filled."""
    return D.fill(D.sources(), constants())


def all_resources() -> list[dict]:
    """Every processed file as the descriptor gives it (inputs and method included), texts filled
    with the code's constants (those that quote the build's summary keep their placeholders)."""
    return D.fill(D.resources(), constants(), strict=False)


def package(raw: Path, summary: dict, build_values: dict | None = None) -> dict:
    """The data package: the descriptor with its placeholders filled, the sha256 of every raw
    input, and the build's ``summary``."""
    known = {**constants(), **summary["simplification"], **summary["handover"], **(build_values or {})}
    sources_all = D.fill(D.sources(), known)
    hashes = {name: sha256(raw / spec["path"]) for name, spec in sources_all.items()}
    sources = [
        {
            "name": name,
            "title": spec["title"],
            "path": f"raw/{spec['path']}",
            "sha256": hashes[name],
            "licence": spec["licence"],
            "attribution": spec["attribution"],
        }
        for name, spec in sources_all.items()
    ]
    resources = []
    for spec in D.fill(D.resources(), known):
        resource = {key: spec[key] for key in ("name", "path", "title")}
        if "schema" in spec:
            resource["schema"] = spec["schema"]
        resource.update(next(props for end, props in FORMATS.items() if spec["path"].endswith(end)))
        if "licenses" in spec:
            resource["licenses"] = spec["licenses"]
        resource["freezelines:inputs"] = [{"name": name, "sha256": hashes[name]} for name in spec["inputs"]]
        resource["freezelines:method"] = spec["method"]
        resources.append(resource)
    return {
        **D.fill(D.descriptor()["package"], known),
        "sources": sources,
        "resources": resources,
        "freezelines:summary": summary,
    }


def write(raw: Path, out: Path, summary: dict, build_values: dict | None = None) -> None:
    """Write ``datapackage.json`` and ``README.md`` into ``out``. ``build_values`` are the
    build's own constants and findings the texts quote (tolerances, the first day of an archive)."""
    data = package(raw, summary, build_values)
    (out / "datapackage.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    write_readme(out, data, build_values)


def write_readme(out: Path, package: dict, build_values: dict | None = None) -> None:
    """``README.md`` from its template, the package and the build's summary."""
    summary = package["freezelines:summary"]
    territory = next(r for r in package["resources"] if r["name"] == "territory_daily")
    known = {
        **constants(),
        **summary["simplification"],
        **summary["handover"],
        **(build_values or {}),
        "method": territory["freezelines:method"],
        "handover_rule": summary["handover"]["rule"],
        "places": summary["places"],
        "file_rows": "\n".join(
            f"| `{r['path']}` | {(out / r['path']).stat().st_size:,} | {r['title']} |" for r in package["resources"]
        ),
        "territory_rows": "\n".join(f"| `{f['name']}` | {f['description']} |" for f in territory["schema"]["fields"]),
        "quality_counts": ", ".join(f"{k} {v:,}" for k, v in summary["quality_counts"].items()),
        "source_rows": "\n".join(
            f"| {s['title']} | {s['licence']} | {s['attribution']} | `{s['sha256'][:16]}…` |"
            for s in package["sources"]
        ),
    }
    text = D.fill(README_TEMPLATE.read_text(encoding="utf-8"), known)
    (out / "README.md").write_text(text, encoding="utf-8")


# The raw archives' hashes ---------------------------------------------------------------

_HEX = r"([0-9a-f]{64})"
_FILE = r"`([A-Za-z0-9_.\-]+\.(?:csv|geojson|xz|xlsx))`"


def documented_hashes(raw: Path) -> dict[str, str]:
    """The sha256 of each raw file as its folder's notes state it (``PROVENANCE.md`` and
    the other ``*.md`` notes), keyed by path relative to ``raw``.

    Two forms are read: a table row naming the file in its first cell and a 64-hex value
    in another, and a ``**sha256:**`` line under a heading that names the file.
    """
    out: dict[str, str] = {}
    for note in sorted(raw.glob("*/*.md")):
        folder = note.parent.name
        current: str | None = None
        for line in note.read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or note.name != "PROVENANCE.md" and current is None:
                names = re.findall(_FILE, line)
                if line.startswith("#"):
                    current = names[0] if names else None
                elif names:
                    current = names[0]
            if line.startswith("|"):
                cells = [c.strip() for c in line.strip("|").split("|")]
                name = re.fullmatch(_FILE, cells[0]) if cells else None
                hexes = re.findall(_HEX, line)
                if name and hexes:
                    out[f"{folder}/{name.group(1)}"] = hexes[-1]
                    continue
            found = re.search(r"\*\*sha256:\*\*\s*`?" + _HEX, line)
            if found and current:
                out.setdefault(f"{folder}/{current}", found.group(1))
    return out


def read_record(path: Path) -> dict[str, str]:
    """A ``SHA256SUMS`` file (``<hex>  <path>`` per line, ``#`` comments) as {path: hex}."""
    out = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split(None, 1)
        if len(parts) != 2 or len(parts[0]) != 64:
            raise S.RawDataError(f"{path.name} line {number}: {line!r} is not '<sha256>  <path>'")
        out[parts[1].strip().lstrip("*")] = parts[0].lower()
    return out


def read_paths() -> list[str]:
    """Every raw file the pipeline reads, relative to the raw folder."""
    return sorted({spec["path"] for spec in all_sources().values()})


def write_record(raw: Path, path: Path) -> None:
    """Write ``SHA256SUMS`` for :func:`read_paths` from the hashes the provenance notes state."""
    documented = documented_hashes(raw)
    missing = [p for p in read_paths() if p not in documented]
    if missing:
        raise S.RawDataError(f"no sha256 in the provenance notes for {missing}")
    lines = [
        "# sha256 of every raw file `make data` reads, as stated in each folder's PROVENANCE.md.",
        "# Written by freezelines.ingest.provenance.write_record; the pipeline checks every file against it.",
    ]
    lines += [f"{documented[p]}  {p}" for p in read_paths()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def verify_raw(raw: Path, record: Path) -> dict[str, str]:
    """Check every raw file the pipeline reads against ``record``; return {path: sha256}.

    Raises :class:`~freezelines.ingest.raw_files.RawDataError` naming the first file that is
    missing, or whose content differs from the record (with both hashes).
    """
    expected = read_record(S.require(record))
    hashes, missing = {}, []
    for path in read_paths():
        if path not in expected:
            raise S.RawDataError(f"{record.name}: no sha256 recorded for raw file {path}")
        file = raw / path
        if not file.is_file():
            missing.append(path)
            continue
        digest = sha256(file)
        if digest != expected[path]:
            raise S.RawDataError(
                f"{path}: sha256 {digest} differs from the recorded {expected[path]} ({record.name}); "
                "the raw file has changed: restore it, or check it and update PROVENANCE.md and the record"
            )
        hashes[path] = digest
    if missing:
        raise S.RawDataError(
            f"{missing[0]}: raw file not found in {raw}"
            + (f" (nor {', '.join(missing[1:])})" if missing[1:] else "")
            + "; see each folder's PROVENANCE.md for where it comes from, and set RAW=... (or FREEZELINES_RAW) "
            "to a folder that has every file"
        )
    return hashes
