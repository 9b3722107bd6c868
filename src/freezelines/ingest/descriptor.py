"""The data package's descriptor, ``datapackage.yaml`` next to this module: the one place where
every raw source and every processed file is described.

For each raw source: its title, path (in ``data/raw``), licence, attribution and, for a table,
the Frictionless schema its reader checks it against. For each processed file: its title, the
sources it is built from, the method, and (for a table) its Frictionless schema, whose fields
give the columns in the order the build writes them. :mod:`freezelines.ingest.provenance` writes
it out as ``data/datapackage.json``, with the sha256 of every input and the build's summary,
and generates ``data/README.md`` from it; the model reads the schemas back from there.

Texts may hold placeholders, ``${name}`` or ``${name:spec}`` (``spec`` a Python format spec:
``${ukraine_area_km2:,.1f}`` reads 601,782.9), filled by :func:`fill` from the code's constants,
the build's summary and the descriptor's own ``values``: a value is typed once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

DESCRIPTOR = Path(__file__).with_name("datapackage.yaml")

PLACEHOLDER = re.compile(r"\$\{(\w+)(?::([^}]*))?\}")
UNFILLED = object()


@lru_cache(maxsize=1)
def descriptor() -> dict:
    """``datapackage.yaml`` as read (placeholders not filled)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(DESCRIPTOR.read_text(encoding="utf-8"), Loader=loader)


def values() -> dict:
    """The descriptor's own named values (texts shared by several entries, upstream commits)."""
    return dict(descriptor().get("values") or {})


def sources() -> dict[str, dict]:
    """Every raw source, by name, in the descriptor's order."""
    return descriptor()["sources"]


def source(name: str) -> dict:
    try:
        return sources()[name]
    except KeyError:
        raise KeyError(f"no raw source {name!r} in {DESCRIPTOR.name}") from None


def resources() -> list[dict]:
    """Every processed file, in the descriptor's order."""
    return descriptor()["resources"]


def resource(name: str) -> dict:
    for spec in resources():
        if spec["name"] == name:
            return spec
    raise KeyError(f"no resource {name!r} in {DESCRIPTOR.name}")


def fields(name: str) -> list[dict]:
    """The schema fields of a processed table, in column order."""
    return resource(name)["schema"]["fields"]


def columns(name: str) -> list[str]:
    """The column names of a processed table, in the order the build writes them."""
    return [field["name"] for field in fields(name)]


def raw_schema(name: str) -> dict:
    """The Frictionless schema of a raw source's table (only the columns the readers use are typed)."""
    spec = source(name)
    if "schema" not in spec:
        raise KeyError(f"raw source {name!r} has no table schema in {DESCRIPTOR.name}")
    return spec["schema"]


def compiled(name: str) -> dict:
    """A table compiled for this book and kept next to the descriptor (title, path, schema)."""
    try:
        return descriptor()["compiled"][name]
    except KeyError:
        raise KeyError(f"no compiled table {name!r} in {DESCRIPTOR.name}") from None


def compiled_path(name: str) -> Path:
    return DESCRIPTOR.with_name(compiled(name)["path"])


def fill(node, known: dict, strict: bool = True):
    """``node`` (a text, or lists and mappings of them) with every placeholder filled from ``known``.

    A text that is one placeholder alone becomes the value itself (a list stays a list); values
    may hold placeholders in turn. An unknown name raises :class:`KeyError`, naming it, unless
    ``strict`` is false: then its placeholder is left as it is (texts that quote the build's summary).
    """
    if isinstance(node, dict):
        return {key: fill(value, known, strict) for key, value in node.items()}
    if isinstance(node, list):
        return [fill(value, known, strict) for value in node]
    if not isinstance(node, str) or "${" not in node:
        return node

    def value(match: re.Match):
        name = match.group(1)
        if name not in known:
            if strict:
                raise KeyError(f"placeholder ${{{name}}} has no value (known: {', '.join(sorted(known))})")
            return UNFILLED
        return fill(known[name], known, strict)

    alone = PLACEHOLDER.fullmatch(node)
    if alone and not alone.group(2):
        found = value(alone)
        return node if found is UNFILLED else found

    def text(match: re.Match) -> str:
        found = value(match)
        return match.group(0) if found is UNFILLED else format(found, match.group(2) or "")

    return PLACEHOLDER.sub(text, node)
