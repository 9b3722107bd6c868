"""The weekly update (`make update`): bring in the trackers' new days, rebuild, say what moved.

Steps, each stopping the update with a message on failure:

1. fetch every day after the raw bundles' last day from both upstreams and check each file, then
   the new days together with the archived ones by the pipeline's quality rules
   (:mod:`freezelines.ingest.upstream`); nothing is written before every check has passed;
2. append the new days to ``data/raw/frontlines`` (the bundles, ``PROVENANCE.md``, ``SHA256SUMS``);
3. rebuild ``data/`` (:func:`freezelines.ingest.pipeline.build`, which builds in a staging folder
   and swaps the files in only on success; if it stops, the raw files are put back as they were);
4. say what moved on each tracker since the previous last day (:mod:`freezelines.model.moved`, in words
   by :mod:`freezelines.viz.moved_figures`);
5. re-execute the notebooks and run the tests that need no built book (``--no-notebooks``,
   ``--no-tests`` to skip); if either fails, the update stops with its files left in place for
   inspection (the workflow opens no pull request);
6. write the "what moved" text to ``book/what-moved.md`` (included in the updates page), a
   CHANGELOG entry, and, with ``--report``, the same text for a pull request's description.

A run with nothing new changes nothing. Exit status: 0 updated or nothing new, 1 stopped (the
message names the file, the day and the reason), 2 no network.

Usage: python tools/update.py [--until YYYY-MM-DD] [--deepstate-url URL] [--nzz-url URL] ...
The base URLs can also be set with FREEZELINES_DEEPSTATE_URL and FREEZELINES_NZZ_URL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from freezelines.ingest import pipeline, upstream
from freezelines.ingest import sources as S
from freezelines.model import moved
from freezelines.viz import moved_figures

ROOT = Path(__file__).resolve().parents[1]
WHAT_MOVED = ROOT / "book" / "what-moved.md"
CHANGELOG = ROOT / "CHANGELOG.md"


@dataclass
class Outcome:
    """What an update did."""

    fetched: list = field(default_factory=list)
    moves: list = field(default_factory=list)
    text: str = ""

    @property
    def added(self) -> int:
        return sum(len(f.records) for f in self.fetched)


@contextmanager
def reading(out: Path):
    """The model reads ``out`` within the block (``FREEZELINES_DATA``), with its caches emptied before and after."""
    previous = os.environ.get("FREEZELINES_DATA")
    os.environ["FREEZELINES_DATA"] = str(out)
    moved.refresh()
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("FREEZELINES_DATA", None)
        else:
            os.environ["FREEZELINES_DATA"] = previous
        moved.refresh()


def update(
    raw: Path,
    out: Path,
    until: dt.date,
    bases: dict[str, str] | None = None,
    record: Path | None = None,
    workers: int = 2,
    max_bytes: int = upstream.MAX_BYTES,
    max_seconds: float = upstream.MAX_SECONDS,
    rebuild: bool = True,
) -> Outcome:
    """Steps 1 to 4 (see the module's description): fetch and check, append, rebuild, measure.

    ``record`` is the ``SHA256SUMS`` the rebuild checks the raw files against (the command line
    passes ``raw/SHA256SUMS``; ``None`` checks nothing, for the small test fixtures). ``until`` is
    the last day fetched and the update's date in the provenance log."""
    raw, out = Path(raw), Path(out)
    fetched = upstream.fetch(raw, until, bases, max_bytes=max_bytes, max_seconds=max_seconds)
    outcome = Outcome(fetched=fetched)
    if not outcome.added:
        return outcome
    upstream.check_quality(raw, fetched)
    with reading(out):
        starts = moved.coverage_end() if (out / "territory_daily.csv").is_file() else {}
    written = upstream.append(raw, fetched, updated=until)
    if not rebuild:
        return outcome
    try:
        pipeline.build(raw, out, workers=workers, record=record)
    except BaseException:
        upstream.restore(written)
        raise
    with reading(out):
        outcome.moves = moved.what_moved(starts)
        outcome.text = moved_figures.markdown(outcome.moves)
    return outcome


# Writing it down -----------------------------------------------------------------------------------


def page_text(outcome: Outcome, updated: dt.date) -> str:
    """``book/what-moved.md``: the latest update's window and what moved (included in the updates page)."""
    return (
        f"The latest automated update ran on {updated:%-d %B %Y}. For each tracker, from its last day "
        "before the update to its last day now:\n\n" + outcome.text + "\n" + _fetch_notes(outcome)
    )


def _fetch_notes(outcome: Outcome) -> str:
    notes = []
    for item in outcome.fetched:
        if item.missing:
            notes.append(
                f"- {item.upstream.repository} has no file for "
                + ", ".join(f"{d:%-d %B %Y}" for d in item.missing)
                + "; those days carry the previous map forward."
            )
    return ("Upstream gaps:\n\n" + "\n".join(notes) + "\n") if notes else ""


def changelog_entry(outcome: Outcome) -> str:
    """One bullet for CHANGELOG.md."""
    days = [d for f in outcome.fetched for d in f.days]
    return (
        f"- **Data update: the trackers' files of {min(days):%-d %B} to {max(days):%-d %B %Y} "
        f"({outcome.added} files).** {moved_figures.headline(outcome.moves)} What moved, by oblast, city and "
        "key site, is on this page under *What moved in the latest update*.\n"
    )


def add_to_changelog(path: Path, entry: str, updated: dt.date) -> None:
    """Add ``entry`` under today's heading (made, newest first, when missing)."""
    text = path.read_text(encoding="utf-8")
    heading = f"## {updated.isoformat()}\n"
    if heading in text:
        at = text.index(heading) + len(heading)
        text = text[:at] + "\n" + entry + text[at:].lstrip("\n")
    else:
        at = text.index("\n## ") + 1 if "\n## " in text else len(text)
        text = text[:at] + heading + "\n" + entry + "\n" + text[at:]
    path.write_text(text, encoding="utf-8")


def run(command: list[str], what: str) -> None:
    print(f"update: {what}: {' '.join(command)}", flush=True)
    done = subprocess.run(command, cwd=ROOT)
    if done.returncode:
        raise SystemExit(f"update: {what} failed (exit {done.returncode}); the updated files are left for inspection")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=ROOT / "data" / "raw", help="raw data folder (updated in place)")
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="processed data folder (rebuilt)")
    parser.add_argument("--until", type=dt.date.fromisoformat, default=dt.datetime.now(dt.UTC).date())
    parser.add_argument(
        "--deepstate-url", help=f"base URL of {upstream.DEEPSTATE.repository} ({upstream.DEEPSTATE.env})"
    )
    parser.add_argument("--nzz-url", help=f"base URL of {upstream.NZZ.repository} ({upstream.NZZ.env})")
    parser.add_argument("--workers", type=int, default=2, help="processes for the rebuild")
    parser.add_argument("--max-bytes", type=int, default=upstream.MAX_BYTES, help="largest file accepted")
    parser.add_argument("--max-seconds", type=float, default=upstream.MAX_SECONDS, help="longest download accepted")
    parser.add_argument("--no-notebooks", action="store_true", help="do not re-execute the notebooks")
    parser.add_argument("--no-tests", action="store_true", help="do not run the tests")
    parser.add_argument("--page", type=Path, default=WHAT_MOVED, help="where to write the 'what moved' text")
    parser.add_argument("--changelog", type=Path, default=CHANGELOG)
    parser.add_argument("--report", type=Path, help="also write the text here (a pull request's description)")
    args = parser.parse_args(argv)
    bases = {"deepstate": args.deepstate_url, "liveuamap": args.nzz_url}
    try:
        outcome = update(
            args.raw,
            args.out,
            args.until,
            {k: v for k, v in bases.items() if v},
            record=args.raw / "SHA256SUMS",
            workers=args.workers,
            max_bytes=args.max_bytes,
            max_seconds=args.max_seconds,
        )
    except upstream.NoNetworkError as exc:
        print(f"update: {exc}", file=sys.stderr)
        return 2
    except (upstream.UpdateError, S.RawDataError) as exc:
        print(f"update stopped: {exc}", file=sys.stderr)
        return 1
    print(upstream.summary(outcome.fetched))
    if not outcome.added:
        print("update: nothing new; nothing was changed")
        return 0
    if not args.no_notebooks:
        run([sys.executable, "tools/run_notebooks.py"], "re-executing the notebooks")
    if not args.no_tests:
        run([sys.executable, "-m", "pytest", "-q", "-m", "not book and not slow", "tests"], "the tests")
    args.page.write_text(page_text(outcome, args.until), encoding="utf-8")
    add_to_changelog(args.changelog, changelog_entry(outcome), args.until)
    if args.report:
        args.report.write_text(
            f"Automated data update ({args.until}).\n\n{upstream.summary(outcome.fetched)}\n\n## What moved\n\n"
            + page_text(outcome, args.until),
            encoding="utf-8",
        )
    print(outcome.text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
