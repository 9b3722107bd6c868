"""Each test that guards a measure must fail when that measure is broken: a reproducible check.

``tests/breaks.yaml`` lists deliberate, realistic bugs (an off-by-one day, a wrong projection, swapped
sides, a dropped row, a wrong rounding), each with the test that should catch it. This tool copies
the repository to a temporary folder (never touching the working tree), runs the listed tests on the
unbroken copy (they must pass there, or a failure would prove nothing), then, for each break, puts the
bug into the copy, runs its test against the copy's package (with the Python running this tool: the
virtualenv's, under make), and puts the code back. A break is *caught* when its test fails; a test that
still passes cannot catch the bug.

Usage: ``python tools/break_check.py [--only ID ...] [--list] [--keep]`` (``make break-check``: 6-11 minutes
on two cores, so not part of ``make test``; tests/test_break_check.py checks there that every snippet exists).
Exit status 0 when every break is caught; 1 when one is not, a snippet is missing or not unique, a
break would not compile, or a test fails on the unbroken copy.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
BREAKS = ROOT / "tests" / "breaks.yaml"
FIELDS = ("id", "test", "file", "find", "replace", "why")
"""Every entry of breaks.yaml has exactly these keys, all text."""
NOT_COPIED = {".venv", "node_modules", "_build", ".git", ".bench", ".hypothesis", ".pytest_cache", ".ruff_cache"}
"""Top-level folders the copy leaves out (environments, builds, caches): the tests read none of them."""
TEST_TIMEOUT_S = 900


@dataclass(frozen=True)
class Break:
    """One deliberate bug: replace ``find`` (exactly once in ``file``) by ``replace``; ``test`` must fail."""

    id: str
    test: str
    file: str
    find: str
    replace: str
    why: str

    @property
    def test_file(self) -> str:
        return self.test.split("::", 1)[0]


def load_breaks(path: Path = BREAKS) -> list[Break]:
    """The breaks of ``path``, checked for form: a ``breaks`` list of entries with every field, as text,
    ids unique, a test node id (``tests/...py::name``), a ``replace`` that differs from ``find``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("breaks"), list) or not data["breaks"]:
        raise ValueError(f"{path.name}: expected a non-empty list under 'breaks'")
    out, seen = [], set()
    for n, entry in enumerate(data["breaks"], start=1):
        where = f"{path.name}, break {n}" + (f" ({entry.get('id')})" if isinstance(entry, dict) else "")
        if not isinstance(entry, dict) or set(entry) != set(FIELDS):
            keys = sorted(entry) if isinstance(entry, dict) else type(entry).__name__
            raise ValueError(f"{where}: expected the keys {', '.join(FIELDS)}; found {keys}")
        empty = [k for k in FIELDS if not isinstance(entry[k], str) or not entry[k].strip()]
        if empty:
            raise ValueError(f"{where}: {', '.join(empty)} must be non-empty text")
        item = Break(**{k: entry[k] for k in FIELDS})
        if item.id in seen:
            raise ValueError(f"{where}: the id {item.id!r} is used twice")
        seen.add(item.id)
        if "::" not in item.test or not item.test.startswith("tests/") or not item.test_file.endswith(".py"):
            raise ValueError(f"{where}: test {item.test!r} is not a node id like tests/test_x.py::test_name")
        if item.find == item.replace:
            raise ValueError(f"{where}: replace is the same as find (no break)")
        out.append(item)
    return out


def snippet_problems(breaks: list[Break], root: Path = ROOT) -> list[str]:
    """Why a break cannot be applied to ``root`` (empty when all can): a missing file or test file, or
    ``find`` found other than exactly once in its file."""
    problems = []
    for item in breaks:
        source = root / item.file
        if not (root / item.test_file).is_file():
            problems.append(f"{item.id}: the test file {item.test_file} does not exist")
        if not source.is_file():
            problems.append(f"{item.id}: the source file {item.file} does not exist")
            continue
        count = source.read_text(encoding="utf-8").count(item.find)
        if count != 1:
            problems.append(
                f"{item.id}: the snippet to break is found {count} times in {item.file} (expected once); "
                "update tests/breaks.yaml to the code as it is now"
            )
    return problems


def copy_repository(dest: Path, root: Path = ROOT) -> Path:
    """A copy of the repository's files the tests read (no environments, builds or caches) in ``dest``."""

    def ignore(folder: str, names: list[str]) -> set[str]:
        skip = {n for n in names if n == "__pycache__"}
        if Path(folder).resolve() == root.resolve():
            skip |= NOT_COPIED & set(names)
        return skip

    copy = dest / "repo"
    shutil.copytree(root, copy, ignore=ignore, symlinks=True)
    return copy


def environment(copy: Path) -> dict[str, str]:
    """The environment that makes the copy's package the one imported (the virtualenv's editable
    install points at the working tree; ``PYTHONPATH`` comes before it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("FREEZELINES_")}
    env["PYTHONPATH"] = str(copy / "src")
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["FREEZELINES_HTML"] = str(copy / "_build" / "not-built")  # no test here needs the built book
    return env


def check_imported_package(copy: Path, python: str = sys.executable) -> None:
    """Fail unless ``import freezelines`` in the test environment loads the copy's package."""
    found = subprocess.run(
        [python, "-c", "import freezelines; print(freezelines.__file__)"],
        env=environment(copy),
        cwd=copy,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not Path(found).resolve().is_relative_to((copy / "src").resolve()):
        raise RuntimeError(f"the tests would import freezelines from {found}, not from the copy at {copy}")


def outcomes(copy: Path, tests: list[str], python: str = sys.executable) -> dict[str, str]:
    """Run ``tests`` on the copy; each node id's outcome: passed, failed, error, skipped, or missing
    (not run: not collected, or the session stopped before it)."""
    report = copy.parent / "report.xml"
    report.unlink(missing_ok=True)
    subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "addopts=", f"--junitxml={report}", *tests],
        env=environment(copy),
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=TEST_TIMEOUT_S,
    )
    found = {}
    if report.is_file():
        for case in ET.parse(report).getroot().iter("testcase"):
            module = case.get("classname", "").replace(".", "/") + ".py"
            node = f"{module}::{case.get('name')}"
            kinds = {child.tag for child in case}
            found[node] = (
                "failed"
                if "failure" in kinds
                else "error"
                if "error" in kinds
                else "skipped"
                if "skipped" in kinds
                else "passed"
            )
    return {test: found.get(test, "missing") for test in tests}


def apply(item: Break, copy: Path) -> str:
    """Put the bug into the copy; returns the file's original text (to restore). A break that does
    not compile is refused: a syntax error would fail any test and prove nothing."""
    path = copy / item.file
    original = path.read_text(encoding="utf-8")
    if original.count(item.find) != 1:
        raise ValueError(f"{item.id}: the snippet is not found exactly once in {item.file}")
    broken = original.replace(item.find, item.replace)
    if path.suffix == ".py":
        try:
            compile(broken, str(path), "exec")
        except SyntaxError as error:
            raise ValueError(f"{item.id}: the broken {item.file} does not compile: {error}") from None
    path.write_text(broken, encoding="utf-8")
    return original


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="+", metavar="ID", help="check only these breaks")
    parser.add_argument("--list", action="store_true", help="list the breaks and their tests, run nothing")
    parser.add_argument("--keep", action="store_true", help="keep the temporary copy (its path is printed)")
    args = parser.parse_args(argv)

    breaks = load_breaks()
    if args.only:
        unknown = sorted(set(args.only) - {b.id for b in breaks})
        if unknown:
            parser.error(f"no break with the id {', '.join(unknown)} in {BREAKS.name}")
        breaks = [b for b in breaks if b.id in args.only]
    if args.list:
        for item in breaks:
            print(f"{item.id:34} {item.test}")
        return 0
    problems = snippet_problems(breaks)
    if problems:
        print("\n".join(["break-check: cannot apply every break:", *problems]), file=sys.stderr)
        return 1

    work = Path(tempfile.mkdtemp(prefix="break-check-"))
    try:
        copy = copy_repository(work)
        check_imported_package(copy)
        tests = sorted({b.test for b in breaks})
        print(f"Copy: {copy} (freezelines imported from {copy / 'src'})")
        start = time.perf_counter()
        baseline = outcomes(copy, tests)
        not_passing = {t: o for t, o in baseline.items() if o != "passed"}
        if not_passing:
            for test, outcome in not_passing.items():
                print(f"break-check: {test} is {outcome} on the unbroken copy", file=sys.stderr)
            return 1
        print(
            f"Every listed test passes on the unbroken copy ({len(tests)} tests, {time.perf_counter() - start:.0f} s).\n"
        )
        rows = []
        for item in breaks:
            start = time.perf_counter()
            original = apply(item, copy)
            try:
                outcome = outcomes(copy, [item.test])[item.test]
            finally:
                (copy / item.file).write_text(original, encoding="utf-8")
            caught = outcome in ("failed", "error")
            rows.append((item, outcome, caught))
            verdict = "caught" if caught else "NOT CAUGHT"
            print(f"{verdict:10} {item.id:34} {item.test} ({outcome}, {time.perf_counter() - start:.0f} s)", flush=True)
        missed = [(item, outcome) for item, outcome, caught in rows if not caught]
        print(f"\n{len(rows) - len(missed)} of {len(rows)} breaks caught by their tests.")
        for item, outcome in missed:
            result = "still passes" if outcome == "passed" else f"was {outcome} (not run to a result)"
            print(f"not caught: {item.id}: {item.test} {result} with the bug in {item.file}", file=sys.stderr)
        return 1 if missed else 0
    finally:
        if args.keep:
            print(f"Kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
