"""The explorer's and the deal panel's data as files the build writes under ``_static/`` (issue 21):
the page keeps only what its first paint needs (controls, the first sentence, the map's figure),
and the widget's script fetches its data when the widget starts (``FreezeLines.data`` in
``freezelines-common.js``; same origin, as the pages' ``connect-src 'self'`` allows).

Each file is named by a hash of its content, so that a page and its data always match whatever a
cache holds. The explorer's data come in parts, so that a first view fetches only what it shows:
its *core* (the words, names, presets' labels, every weekly line's day and label, and the first
view's whole entry) and, when the reader first needs them, one file of each tracker's weekly
lines for each year (``<tracker>-<year>``: a link to one day fetches one year, not four) and one
of the presets' and proposals' lines; the core names the parts (``parts``). The deal panel's data
are one file.

The markup carries the files in one inert JSON block (``script.fl-data-files``: file name -> content)
until the page is written: :func:`write_files` then writes them and takes the block out of the page."""

from __future__ import annotations

import json
from pathlib import Path

from . import html_tree
from .figure_files import figure_blocks, figure_text, hashed_name
from .templates import inert_json

DATA_DIR = "freezelines-data"
"""Under the site's ``_static``: the widgets' data files."""
FILES_CLASS = "fl-data-files"
"""The block that carries a widget's files from its markup to :func:`write_files`."""
LIGHT_PRESET = ("key", "source", "on_slider", "label", "date")
"""What the explorer's core says of a preset (what its address and citation need before its lines)."""
LIGHT_DEAL = ("key", "source", "map")


def file_text(content) -> str:
    """A data file's text: compact JSON (served as ``application/json``, parsed, never inserted as markup)."""
    return json.dumps(content, separators=(",", ":"), ensure_ascii=False)


def file_name(widget: str, part: str, content) -> str:
    """``<widget>-<part>-<hash>.json``: a new content, a new name."""
    return hashed_name(f"{widget}-{part}", file_text(content))


def explorer_files(payload: dict) -> tuple[str, dict[str, dict | list]]:
    """The explorer's payload (without its figure) as files: the core's name, and every file by name.

    A part is a list of entries the script merges into the core's light ones, in order (see
    :func:`merge_part`): a tracker's weekly lines of one year into that year's entries of
    ``sources[tracker]``, the presets' into ``presets``."""
    default = payload["default"]
    files: dict[str, dict | list] = {}
    parts: dict[str, str] = {}

    def part(key: str, entries: list) -> None:
        name = file_name("explorer", key, entries)
        files[name] = entries
        parts[key] = name

    sources = {}
    for key, entries in payload["sources"].items():
        for year in sorted({e["date"][:4] for e in entries}):
            part(f"{key}-{year}", [e for e in entries if e["date"][:4] == year])
        sources[key] = [{"date": e["date"], "label": e["label"]} for e in entries]
    # The first view is drawn from the core alone.
    sources[default["source"]][default["index"]] = payload["sources"][default["source"]][default["index"]]
    part("presets", payload["presets"])
    presets = [
        {
            **{k: p[k] for k in LIGHT_PRESET},
            **({"deal": {k: p["deal"][k] for k in LIGHT_DEAL}} if "deal" in p else {}),
        }
        for p in payload["presets"]
    ]
    core = {**payload, "sources": sources, "presets": presets, "parts": parts}
    name = file_name("explorer", "core", core)
    files[name] = core
    return name, files


def merge_part(core: dict, key: str, entries: list) -> None:
    """Merge one part's ``entries`` into ``core``'s light entries, as ``freezelines-explorer.js``
    does: ``presets`` into every preset, ``<tracker>-<year>`` into that tracker's entries of that
    year, in order."""
    if key == "presets":
        light = core["presets"]
    else:
        tracker, _, year = key.rpartition("-")
        light = [e for e in core["sources"][tracker] if e["date"][:4] == year]
    if len(light) != len(entries):
        raise ValueError(f"the explorer's part {key!r} has {len(entries)} entries for {len(light)} in its core")
    for target, entry in zip(light, entries):
        target.update(entry)


def deal_files(payload: dict) -> tuple[str, dict[str, dict]]:
    """The deal panel's payload (without its figure) as one file: its name, and the file by name."""
    name = file_name("deal", "all", payload)
    return name, {name: payload}


def write_files(app, pagename, templatename, context, doctree) -> None:  # noqa: ANN001
    """Write the data files a page's widgets carry into ``_static/`` and take them out of the page."""
    body = context.get("body", "")
    if FILES_CLASS not in body:
        return
    folder = Path(app.outdir) / "_static" / DATA_DIR
    folder.mkdir(parents=True, exist_ok=True)
    edits = []
    for element in html_tree.parse(body):
        if element.tag == "script" and FILES_CLASS in element.classes() and element.end is not None:
            for name, content in json.loads(body[element.start_end : element.content_end]).items():
                (folder / name).write_text(file_text(content), encoding="utf-8")
            edits.append((element.start, element.end, ""))
    context["body"] = html_tree.apply(body, edits)


def carrier(files: dict) -> str:
    """The block that carries ``files`` (name -> content) in a widget's markup until the page is written."""
    return f'<script type="application/json" class="{FILES_CLASS}">{inert_json(files)}</script>'


def payload_of(html_dir: Path, page: str, root_class: str) -> dict:
    """A widget's whole payload as the built book at ``html_dir`` serves it to ``page`` (for tests and
    tools): its data file(s), merged as the script merges them, and its map's figure."""
    text = (html_dir / page).read_text(encoding="utf-8")
    elements = html_tree.parse(text)
    root = next(e for e in elements if root_class in e.classes() and e.attrs.get("data-src"))
    address = (html_dir / page).parent / root.attrs["data-src"]
    data = json.loads(address.read_text(encoding="utf-8"))
    for key, name in data.pop("parts", {}).items():
        merge_part(data, key, json.loads((address.parent / name).read_text(encoding="utf-8")))
    figure = next(e for e in figure_blocks(elements) if e.attrs["data-for"] == root.attrs["data-chart"])
    return {**data, "figure": json.loads(figure_text(text, figure, html_dir / page))}
