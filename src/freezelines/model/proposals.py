"""The proposals as data: each proposal's territorial terms, read from ``proposals.yaml`` beside
this module (or the file ``$FREEZELINES_PROPOSALS`` names), checked entry by entry, and the short
citations of their sources.

Nothing is read at import: the file is read on first use (:func:`proposals`), so the package imports
without its data, and a course's copy of the file can stand in for the book's. The sources come from
the book's bibliography in a checkout, else from the copy shipped with the package
(:data:`PACKAGED_SOURCES`, written by ``python -m freezelines.model.proposals``), so an install that
is not a checkout (the Colab path, a wheel) has them too. :mod:`freezelines.model.deals` draws and
prices what is read here.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

from ..paths import ROOT, data_path

RULES = ("whole", "line", "none", "pre2022", "dmz", "open")
"""The rules a proposal can set per oblast (see :mod:`freezelines.model.deals`)."""


@dataclass(frozen=True)
class Proposal:
    """One proposal's territorial terms, as data."""

    key: str
    name: str
    date: dt.date
    cite: str
    terms: str
    """The book's paraphrase of the territorial terms (never the source's wording)."""
    rules: dict[str, str]
    elsewhere: str = "none"
    reading: str = ""
    """Where the book had to read the terms (what it assumed, and why)."""
    by: str = ""
    sites: str = ""
    """What the terms say about the nuclear plant, Melitopol and the land corridor."""
    sites_cite: str = ""
    short: str = ""
    """A short label for charts (who, and the month): the name if empty."""
    zone: str = ""
    """What the proposal says of its zone (a ``dmz`` or ``open`` rule): who would own it, and why
    the book shows the Russian side both without and with it."""

    @property
    def label(self) -> str:
        return self.short or self.name

    def rule(self, code: str) -> str:
        return self.rules.get(code, self.elsewhere)


PROPOSALS_FILE = Path(__file__).with_name("proposals.yaml")
"""The proposals as data: an instructor adds one there (with its source in book/references.bib)."""
PROPOSALS_ENV = "FREEZELINES_PROPOSALS"
"""An environment variable naming another proposals file (a course's copy, a test's): read instead
of :data:`PROPOSALS_FILE` on first use."""
FIELDS = {f.name for f in fields(Proposal)}


def _load_yaml(path: Path):
    """YAML as data, refusing what ``yaml.safe_load`` lets through silently: a key given twice in one
    mapping (the last would win) and a file that is not YAML; errors name the file and the line."""
    import yaml

    class Strict(yaml.SafeLoader):
        pass

    def mapping(loader, node, deep=False):
        seen = {}
        for key_node, _ in node.value:
            key = loader.construct_object(key_node, deep=deep)
            if key in seen:
                raise ValueError(
                    f"{path.name}: line {key_node.start_mark.line + 1}: key {key!r} repeats "
                    f"(first on line {seen[key]}); each key may appear once"
                )
            seen[key] = key_node.start_mark.line + 1
        return loader.construct_mapping(node, deep=deep)

    Strict.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, mapping)
    # dates stay text, checked by _date (an impossible unquoted date would otherwise fail inside PyYAML)
    Strict.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=Strict)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "somewhere"
        raise ValueError(f"{path.name}: {where}: not valid YAML ({getattr(error, 'problem', error)})") from None


def _text(where: str, entry: dict, name: str, required: bool = True) -> str:
    value = entry.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValueError(f"{where}: {name!r} is empty; it must be text")
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{where}: {name!r} must be text, not {type(value).__name__} ({value!r})")
    return " ".join(value.split())


def _date(where: str, value) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(
            f"{where}: date {value!r} is not a real day written YYYY-MM-DD (quote it: '2025-04-22')"
        ) from None


def proposals_file() -> Path:
    """The proposals file in use: ``$FREEZELINES_PROPOSALS`` if set, else :data:`PROPOSALS_FILE`."""
    return Path(os.environ.get(PROPOSALS_ENV) or PROPOSALS_FILE)


def read_proposals(path: Path | None = None) -> tuple[tuple[Proposal, ...], tuple[dict, ...]]:
    """The proposals the book draws, and those too vague to draw, from ``proposals.yaml``.

    Each entry is checked: a mapping with known fields only, text where text is due, a real date,
    rules a mapping from oblast codes that exist to rules of :data:`RULES`; no key given twice.
    An error names the file, the proposal and the value at fault."""
    import json

    path = Path(path) if path is not None else proposals_file()
    data = _load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("proposals"), list) or not data["proposals"]:
        raise ValueError(f"{path.name}: expected a mapping with a non-empty list 'proposals' (and 'not_drawn')")
    oblasts = json.loads(data_path("boundaries/oblasts.geojson").read_text())["features"]
    known = {feature["properties"]["adm1_pcode"] for feature in oblasts}
    out = []
    for number, entry in enumerate(data["proposals"], start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"{path.name}: proposal {number} is {entry!r}, not a mapping of fields")
        where = f"{path.name}: proposal {number} ({entry.get('key', 'no key')})"
        unknown = set(entry) - FIELDS
        if unknown:
            raise ValueError(f"{where}: unknown fields {sorted(unknown)}; known: {sorted(FIELDS)}")
        missing = {"key", "name", "date", "cite", "terms"} - set(entry)
        if missing:
            raise ValueError(f"{where}: missing {sorted(missing)}")
        day = _date(where, entry["date"])
        raw_rules = entry.get("rules") or {}
        if not isinstance(raw_rules, dict):
            raise ValueError(f"{where}: 'rules' must map oblast codes to rules (UA14: whole), not {raw_rules!r}")
        rules = {str(code): str(rule) for code, rule in raw_rules.items()}
        for code, rule in [*rules.items(), ("elsewhere", str(entry.get("elsewhere", "none")))]:
            if rule not in RULES:
                raise ValueError(f"{where}: rule {rule!r} for {code} is not one of {RULES}")
            if code != "elsewhere" and code not in known:
                raise ValueError(f"{where}: no oblast {code!r} (codes: data/boundaries/oblasts.geojson, adm1_pcode)")
        text = {
            name: _text(where, entry, name, required=name in ("key", "name", "cite", "terms"))
            for name in FIELDS - {"date", "rules"}
            if name in entry or name in ("key", "name", "cite", "terms")
        }
        out.append(Proposal(**{**text, "date": day, "rules": rules}))
    keys = [p.key for p in out]
    if len(set(keys)) != len(keys):
        raise ValueError(f"{path.name}: proposal keys repeat: {keys}")
    not_drawn = []
    for number, entry in enumerate(data.get("not_drawn") or [], start=1):
        where = f"{path.name}: not_drawn entry {number}"
        if not isinstance(entry, dict):
            raise ValueError(f"{where} is {entry!r}, not a mapping of fields")
        missing = {"name", "date", "cite", "why"} - set(entry)
        if missing:
            raise ValueError(f"{where} ({entry.get('name', 'no name')}): missing {sorted(missing)}")
        fields_ = {k: _text(where, entry, k) for k in entry if k != "date"}
        not_drawn.append({**fields_, "date": _date(where, entry["date"])})
    return tuple(out), tuple(not_drawn)


@lru_cache(maxsize=4)
def _read(path: Path) -> tuple[tuple[Proposal, ...], tuple[dict, ...]]:
    return read_proposals(path)


def proposals() -> tuple[Proposal, ...]:
    """Every proposal whose territorial terms the book can draw, read on first use from
    :func:`proposals_file`."""
    return _read(proposals_file())[0]


def not_drawn() -> tuple[dict, ...]:
    """Later proposals too vague to draw (``not_drawn`` in the proposals file)."""
    return _read(proposals_file())[1]


BIBLIOGRAPHY = ROOT / "book" / "references.bib"
"""The book's bibliography, in a checkout of the repository."""
PACKAGED_SOURCES = Path(__file__).with_name("proposal_sources.json")
"""The short citations of every proposal's sources, shipped with the package (an install that is not
a checkout has no ``book/``): written from :data:`BIBLIOGRAPHY` by :func:`write_packaged_sources`."""


@lru_cache(maxsize=1)
def _bibliography() -> dict[str, dict]:
    """Bibliography entries by key, as the fields :func:`sources` uses: from :data:`BIBLIOGRAPHY`
    in a checkout, else from :data:`PACKAGED_SOURCES`."""
    import json

    if not BIBLIOGRAPHY.is_file():
        return json.loads(PACKAGED_SOURCES.read_text(encoding="utf-8"))
    from pybtex.database import parse_file

    return {
        key: {
            name: str(entry.fields[name]) for name in ("publisher", "title", "reprint", "url") if name in entry.fields
        }
        for key, entry in parse_file(str(BIBLIOGRAPHY)).entries.items()
    }


def cited_keys(items=None) -> list[str]:
    """Every bibliography key the proposals cite (their terms and their sites), in order, once."""
    keys = []
    for item in proposals() if items is None else items:
        for cite in (item.cite, item.sites_cite):
            keys += [k.strip() for k in cite.split(",") if k.strip() and k.strip() not in keys]
    return keys


def packaged_sources() -> dict[str, dict]:
    """The entries of :data:`BIBLIOGRAPHY` the proposals cite, as :data:`PACKAGED_SOURCES` holds them."""
    entries = _bibliography()
    missing = [key for key in cited_keys() if key not in entries]
    if missing:
        raise KeyError(f"{missing} not in {BIBLIOGRAPHY.name}")
    return {key: entries[key] for key in cited_keys()}


def write_packaged_sources() -> Path:
    """Write :data:`PACKAGED_SOURCES` from the bibliography (``python -m freezelines.model.deals``)."""
    import json

    text = json.dumps(packaged_sources(), ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    PACKAGED_SOURCES.write_text(text, encoding="utf-8")
    return PACKAGED_SOURCES


def _plain(text: str) -> str:
    """BibTeX markup as text: braces dropped, dashes and quotes typeset."""
    text = str(text).replace("{", "").replace("}", "")
    return text.replace("---", "—").replace("--", "–").replace("``", "“").replace("''", "”")


def sources(cite: str) -> list[dict]:
    """Short citations (publisher, title, address) for comma-separated bibliography keys (book/references.bib)."""
    out = []
    for key in (k.strip() for k in cite.split(",")):
        try:
            fields = _bibliography()[key]
        except KeyError:
            raise KeyError(f"{key!r} is not in {BIBLIOGRAPHY.name}") from None
        # The original publisher first; a link to someone else's copy says whose (book/bib/publishers.yaml).
        text = f"{_plain(fields.get('publisher', ''))}: “{_plain(fields.get('title', ''))}”"
        if fields.get("reprint"):
            text += f", via {_plain(fields['reprint'])}"
        url = str(fields.get("url", "")).strip()
        if url and not url.lower().startswith(("https://", "http://")):
            raise ValueError(f"{BIBLIOGRAPHY.name}: entry {key!r}: url {url[:60]!r} is not an http(s) address")
        out.append({"key": key, "text": text, "url": url})
    return out


def proposal(key: str) -> Proposal:
    for item in proposals():
        if item.key == key:
            return item
    raise KeyError(f"no proposal {key!r}: choose from {[p.key for p in proposals()]}")


def reload() -> None:
    """Forget what was read (after changing ``$FREEZELINES_PROPOSALS``, the file or the bibliography)."""
    _read.cache_clear()
    _bibliography.cache_clear()


if __name__ == "__main__":
    print(write_packaged_sources())
