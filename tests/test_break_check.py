"""tests/breaks.yaml, the deliberate bugs `make break-check` puts into a copy of the repository: the list
is well formed and every snippet it breaks is still in its file exactly once, so a refactor that moves
the code shows up here (in make test) rather than as a break that silently no longer applies. The
breaks themselves are run by tools/break_check.py (minutes; not part of make test)."""

from __future__ import annotations

import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "tools"))
import break_check as B  # noqa: E402


def write(tmp_path, text: str):
    path = tmp_path / "breaks.yaml"
    path.write_text(text, encoding="utf-8")
    return path


ENTRY = """\
  - id: {id}
    test: tests/test_x.py::test_y
    file: src/x.py
    find: "a = 1"
    replace: "a = 2"
    why: an off-by-one
"""


def test_every_break_is_well_formed_and_applies_to_the_code_as_it_is():
    breaks = B.load_breaks()
    assert len(breaks) >= 20
    assert B.snippet_problems(breaks) == []
    for item in breaks:
        assert (ROOT / item.file).is_relative_to(ROOT / "src"), f"{item.id}: a break is of the package's code"


def test_the_replaced_tests_each_have_a_break():
    """Issue 19, item 7: the tests that re-ran the code they check, and the wide tolerances, now replaced."""
    tests = {item.test for item in B.load_breaks()}
    for test in (
        "tests/test_claims.py::test_each_glue_key_holds_its_own_day_and_tracker",
        "tests/test_claims.py::test_glue_rounds_each_kind_of_quantity_as_the_pages_show_it",
        "tests/test_costs.py::test_population_series_records_each_day_s_own_measure",
        "tests/test_retaken.py::test_union_baseline_contains_every_daily_map_and_the_peak_day",
        "tests/test_scenarios.py::test_areas_match_territory_daily[deepstate-2022-11-17]",
        "tests/test_scenarios.py::test_population_estimate_is_plausible_and_excludes_crimea",
    ):
        assert test in tests, test


def test_a_missing_or_repeated_snippet_names_the_break_and_the_file(tmp_path):
    (tmp_path / "src").mkdir()
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text("", encoding="utf-8")
    path = write(tmp_path, "breaks:\n" + ENTRY.format(id="gone") + ENTRY.format(id="twice").replace("a = 1", "b"))
    breaks = B.load_breaks(path)
    (tmp_path / "src" / "x.py").write_text("a = 3\nb\nb\n", encoding="utf-8")
    assert B.snippet_problems(breaks, tmp_path) == [
        "gone: the snippet to break is found 0 times in src/x.py (expected once); "
        "update tests/breaks.yaml to the code as it is now",
        "twice: the snippet to break is found 2 times in src/x.py (expected once); "
        "update tests/breaks.yaml to the code as it is now",
    ]


@pytest.mark.parametrize(
    "text, message",
    [
        ("breaks: []\n", "expected a non-empty list under 'breaks'"),
        (
            "breaks:\n" + ENTRY.format(id="a").replace("    why: an off-by-one\n", ""),
            r"break 1 \(a\): expected the keys",
        ),
        ("breaks:\n" + ENTRY.format(id="a") + ENTRY.format(id="a"), r"break 2 \(a\): the id 'a' is used twice"),
        ("breaks:\n" + ENTRY.format(id="a").replace("a = 2", "a = 1"), "replace is the same as find"),
        ("breaks:\n" + ENTRY.format(id="a").replace("::test_y", ""), "is not a node id"),
        ("breaks:\n" + ENTRY.format(id="a").replace("an off-by-one", "''"), "why must be non-empty text"),
    ],
)
def test_a_malformed_list_is_refused_naming_the_break(tmp_path, text, message):
    with pytest.raises(ValueError, match=message):
        B.load_breaks(write(tmp_path, text))


def test_a_break_applies_to_the_copy_and_one_that_does_not_compile_is_refused(tmp_path):
    (tmp_path / "src").mkdir()
    source = tmp_path / "src" / "x.py"
    source.write_text("a = 1\n", encoding="utf-8")
    path = write(tmp_path, "breaks:\n" + ENTRY.format(id="ok") + ENTRY.format(id="bad").replace("a = 2", "a = ("))
    good, bad = B.load_breaks(path)
    assert B.apply(good, tmp_path) == "a = 1\n" and source.read_text() == "a = 2\n"
    source.write_text("a = 1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad: the broken src/x.py does not compile"):
        B.apply(bad, tmp_path)
    assert source.read_text() == "a = 1\n"


def test_the_copy_leaves_out_environments_and_builds(tmp_path):
    root = tmp_path / "root"
    for folder in ("src/pkg", ".venv/lib", "_build/html", "node_modules/x", "tests"):
        (root / folder).mkdir(parents=True)
    (root / "src" / "pkg" / "__init__.py").write_text("", encoding="utf-8")
    (root / ".venv" / "lib" / "big").write_text("", encoding="utf-8")
    copy = B.copy_repository(tmp_path / "work", root)
    assert sorted(p.name for p in copy.iterdir()) == ["src", "tests"]
    assert (copy / "src" / "pkg" / "__init__.py").is_file()


def test_the_readme_tables_every_break():
    """The maintainers' table of breaks and results (README, "Tests that can fail") names every break."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Tests that can fail", 1)[1].split("\n## ", 1)[0]
    assert [item.id for item in B.load_breaks() if f"`{item.id}`" not in section] == []
