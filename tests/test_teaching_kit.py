"""The teaching kit: one section per chapter of the table of contents, reading times that follow
the pages' word counts, a seminar whose steps fill its 90 minutes, worksheets for every exercise
of the explorer with the answers kept on their own page and equal to the notebook's, and the
instructors' page listing every notebook.

Fast: the files are read as text; the few answers the web page shows (weekly lines) are checked
with the model on single lines. ``python tests/test_teaching_kit.py`` prints each chapter's words
and reading time, to paste into the kit when a chapter changes a lot.
"""

from __future__ import annotations

import ast
import json
import re
import sys
from pathlib import Path

import pandas as pd
import pytest
import yaml

from conftest import ROOT

BOOK = ROOT / "book"
KIT = BOOK / "teaching-kit.md"
SEMINAR = BOOK / "seminar-plan.md"
WORKSHEETS = BOOK / "worksheets.md"
ANSWERS = BOOK / "answer-key.md"
INSTRUCTORS = BOOK / "for-instructors.md"
NEW_PAGES = (KIT, SEMINAR, WORKSHEETS, ANSWERS)

WORDS_PER_MINUTE = 200
TOLERANCE = 0.30
"""A stated reading time may be off the word count's by this share (or half a minute, for rounding)."""
NUMBER_WORDS = {
    w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())
}


# The table of contents ---------------------------------------------------------------------------


def toc_files() -> list[tuple[str, str]]:
    """Every (part caption, file) of _toc.yml, in order (the root page has no part)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [(part["caption"], entry["file"]) for part in toc["parts"] for entry in part["chapters"]]


def source(entry: str) -> Path:
    """The file a _toc.yml entry names (it gives no suffix)."""
    for suffix in (".md", ".ipynb"):
        if (ROOT / f"{entry}{suffix}").is_file():
            return ROOT / f"{entry}{suffix}"
    raise FileNotFoundError(f"_toc.yml lists {entry!r}, which is neither a .md nor an .ipynb file")


def kit_chapters() -> list[Path]:
    """The chapters the kit covers: every page in the parts before the one that holds the kit
    (the debate, the essay's sections, the explorer and the evidence notebooks)."""
    files = toc_files()
    kit_part = next(caption for caption, entry in files if entry == "book/teaching-kit")
    return [source(entry) for caption, entry in files if caption != kit_part]


def toc_notebooks() -> list[Path]:
    return [path for path in (source(entry) for _, entry in toc_files()) if path.suffix == ".ipynb"]


# Words and reading time --------------------------------------------------------------------------

FENCE = re.compile(r"^(`{3,}|~{3,}).*?^\1[ \t]*$", re.M | re.S)
ROLE_VALUE = re.compile(r"\{(?:glue|glue:text|glue:any|glue:md)\}`[^`]*`")
ROLE_CITE = re.compile(r"\{cite(?::[a-z]+)?\}`[^`]*`")
ROLE_REF = re.compile(r"\{(?:ref|numref|doc)\}`([^`<]*?)\s*(?:<[^`]*>)?`")
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
WORD = re.compile(r"[^\W_][\w’'.,%-]*")


def prose(text: str) -> str:
    """The prose a reader reads: no front matter, code or glue blocks, comments, targets or
    fences; a glued value counts as one word, a citation as none, a link as its text."""
    text = re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.S)
    text = FENCE.sub(" ", text)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"^\(.+\)=\s*$", " ", text, flags=re.M)
    text = re.sub(r"^:{3,}.*$", " ", text, flags=re.M)
    text = ROLE_VALUE.sub(" N ", text)
    text = ROLE_CITE.sub(" ", text)
    text = ROLE_REF.sub(r" \1 ", text)
    return LINK.sub(r" \1 ", text)


def words(path: Path) -> int:
    """Words of prose on a page: a Markdown page's text, or a notebook's Markdown cells."""
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text = "\n\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    else:
        text = path.read_text(encoding="utf-8")
    return len(WORD.findall(prose(text)))


def reading_minutes(path: Path) -> int:
    """Minutes to read a page's prose at :data:`WORDS_PER_MINUTE`, whole minutes, at least one."""
    return max(1, round(words(path) / WORDS_PER_MINUTE))


# The kit's sections ------------------------------------------------------------------------------


def sections(path: Path, level: str = "###") -> dict[str, str]:
    """A page's sections at one heading level, by title, each with its text up to the next heading
    of that level or higher."""
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    parts = re.split(rf"^(#{{1,{len(level)}}} .+)$", text, flags=re.M)
    return {
        heading.lstrip("#").strip(): body
        for heading, body in zip(parts[1::2], parts[2::2])
        if heading.startswith(level + " ")
    }


def link_targets(text: str, page: Path) -> list[Path]:
    """Where the Markdown links of a text, written on ``page``, point (local files only)."""
    targets = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if "://" in target or target.startswith(("#", "mailto:")):
            continue
        targets.append((page.parent / target.split("#")[0]).resolve())
    return targets


def kit_sections() -> list[tuple[str, Path, str]]:
    """(title, chapter, text) for each chapter section of the kit, in the kit's order: the chapter is
    the page its first link points to."""
    out = []
    if not KIT.is_file():
        return out  # the test of the sections says so
    for title, body in sections(KIT).items():
        targets = link_targets(body, KIT)
        if targets:
            out.append((title, targets[0], body))
    return out


def numbered_items(text: str) -> list[str]:
    """The items of the numbered lists in a text, each joined onto one line."""
    items = re.split(r"^\d+\. ", text, flags=re.M)[1:]
    return [" ".join(item.split("\n\n")[0].split()) for item in items]


def labelled(body: str, label: str) -> str:
    """The part of a section that follows a bold label (e.g. ``**Objectives.**``), up to the next."""
    match = re.search(rf"\*\*{label}[^*]*\*\*(.*?)(?=^\*\*|\Z)", body, flags=re.S | re.M)
    assert match, f"no **{label}** block"
    return match.group(1)


def test_every_chapter_of_the_toc_has_a_section_in_the_kit_in_order():
    covered = [chapter for _, chapter, _ in kit_sections()]
    assert covered == kit_chapters(), (
        "the kit needs one ### section per chapter, in the order of _toc.yml, whose first link is the chapter"
    )


def test_the_kit_is_in_the_appendices_next_to_the_instructors_page():
    entries = [entry for _, entry in toc_files()]
    assert entries.index("book/teaching-kit") == entries.index("book/for-instructors") + 1


@pytest.mark.parametrize("title, chapter, body", kit_sections(), ids=[c.stem for _, c, _ in kit_sections()])
def test_each_section_has_objectives_questions_and_its_reading_time(title, chapter, body):
    objectives = numbered_items(labelled(body, "Objectives"))
    questions = numbered_items(labelled(body, "Discuss"))
    assert 2 <= len(objectives) <= 3, f"{title}: {len(objectives)} learning objectives"
    assert 2 <= len(questions) <= 3, f"{title}: {len(questions)} discussion questions"
    # Questions, not answers: each item asks something.
    assert all("?" in q for q in questions), f"{title}: a discussion item is not a question"
    stated = re.search(r"about (\d+) minutes? of reading", body)
    assert stated, f"{title}: no 'about N minutes of reading'"
    computed = words(chapter) / WORDS_PER_MINUTE
    assert abs(int(stated.group(1)) - computed) <= max(TOLERANCE * computed, 0.5), (
        f"{title}: says {stated.group(1)} min, {words(chapter)} words read in {computed:.1f} min: "
        "run python tests/test_teaching_kit.py and paste its time"
    )


def test_the_kit_states_the_rule_the_tests_apply():
    text = " ".join(KIT.read_text(encoding="utf-8").split())
    assert f"{WORDS_PER_MINUTE} words a minute" in text and f"more than {TOLERANCE:.0%}" in text


def test_word_counts_skip_markup():
    text = (
        "---\ntitle: x\n---\n# A title\n\nHeld {glue:text}`../n.ipynb::k:,.0f` km² {cite:p}`a,b`, see\n"
        "[the chapter](02-a.md) and {ref}`the note <note-x>`.\n\n```{glue} key\n:doc: n.ipynb\n```\n\n"
        "(label)=\n:::{dropdown} Reveal\nYes.\n:::\n"
    )
    assert WORD.findall(prose(text)) == [
        "A",
        "title",
        "Held",
        "N",
        "km²",
        "see",
        "the",
        "chapter",
        "and",
        "the",
        "note",
        "Yes.",
    ]


# The seminar ---------------------------------------------------------------------------------------


def seminar_steps() -> list[tuple[str, int, str, str]]:
    """The rows of the seminar's timetable: (start, minutes, step, what students do)."""
    rows = []
    for line in SEMINAR.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("|") and len(cells) >= 4 and re.fullmatch(r"\d+", cells[1]):
            rows.append((cells[0], int(cells[1]), cells[2], cells[3]))
    return rows


def test_the_seminar_timings_add_up_to_the_minutes_in_its_title():
    steps = seminar_steps()
    assert len(steps) >= 5
    title = SEMINAR.read_text(encoding="utf-8").splitlines()[0]
    length = int(re.search(r"(\d+)-minute", title).group(1))
    assert length == 90
    assert sum(minutes for _, minutes, _, _ in steps) == length
    elapsed = 0
    for start, minutes, step, doing in steps:
        hours, mins = map(int, start.split(":"))
        assert hours * 60 + mins == elapsed, f"{step}: starts at {start}, after {elapsed} minutes"
        assert doing, f"{step}: say what students do"
        elapsed += minutes


def test_the_seminar_uses_its_pages_bets_before_the_reveal_and_says_what_to_prepare():
    text = SEMINAR.read_text(encoding="utf-8")
    targets = set(link_targets(text, SEMINAR))
    for page in ("book/case-for-talks.md", "book/05-the-price-of-a-deal.md", "book/deals-on-the-table.md"):
        assert (ROOT / page).resolve() in targets, page
    assert (ROOT / "notebooks" / "explorer.ipynb").resolve() in targets
    steps = seminar_steps()
    bets = [i for i, s in enumerate(steps) if "place your bets" in (s[2] + s[3]).lower()]
    reveals = [i for i, s in enumerate(steps) if "reveal" in (s[2] + s[3]).lower()]
    assert bets and reveals and bets[0] < max(reveals), "a 'place your bets' step must come before a reveal"
    assert "## What to prepare" in text


# The instructors' page ---------------------------------------------------------------------------


def fork_table_notebooks() -> list[str]:
    body = sections(INSTRUCTORS, "##")["Fork a single chapter"]
    return re.findall(r"^\| `(notebooks/[^`]+\.ipynb)` \|", body, flags=re.M)


def test_the_fork_table_lists_every_notebook():
    listed = fork_table_notebooks()
    on_disk = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(listed) == on_disk
    assert len(set(listed)) == len(listed)


def test_the_instructors_page_links_the_kit_pages():
    targets = set(link_targets(INSTRUCTORS.read_text(encoding="utf-8"), INSTRUCTORS))
    for page in NEW_PAGES:
        assert page.resolve() in targets, page.name


def counted_pages(text: str) -> list[int]:
    """Numbers a text states for the notebook pages ("those six pages", "the 7 notebooks")."""
    pattern = r"\b(?:those|these|the|all|its)\s+(\w+)\s+(?:notebook\s+|evidence\s+)?(?:pages|notebooks)\b"
    found = []
    for word in re.findall(pattern, text, flags=re.I):
        word = word.lower()
        if word.isdigit() or word in NUMBER_WORDS:
            found.append(int(word) if word.isdigit() else NUMBER_WORDS[word])
    return found


def test_counted_pages_reads_numbers_in_words_and_digits():
    assert counted_pages("Those six pages can be launched; the 7 notebooks; these pages") == [6, 7]


@pytest.mark.parametrize(
    "page",
    [
        "01-introduction.md",
        "for-instructors.md",
        "teaching-kit.md",
        "seminar-plan.md",
    ],
)
def test_a_count_of_the_notebook_pages_equals_the_toc(page):
    """The pages that count the notebooks either give no number or the one _toc.yml implies."""
    stated = counted_pages((BOOK / page).read_text(encoding="utf-8"))
    assert all(n == len(toc_notebooks()) for n in stated), (
        f"{page} states {stated}; _toc.yml lists {len(toc_notebooks())}"
    )


def test_the_introduction_links_the_instructors_page():
    intro = BOOK / "01-introduction.md"
    assert INSTRUCTORS.resolve() in set(link_targets(intro.read_text(encoding="utf-8"), intro))


# Worksheets and the answer key ---------------------------------------------------------------------


def test_worksheets_and_answer_key_exist_and_are_in_the_toc():
    entries = {entry for _, entry in toc_files()}
    for page in NEW_PAGES:
        assert page.is_file(), page.name
        assert f"book/{page.stem}" in entries, f"{page.name} is not in _toc.yml"


def explorer_cells() -> list[dict]:
    return json.loads((ROOT / "notebooks" / "explorer.ipynb").read_text(encoding="utf-8"))["cells"]


def exercise_titles() -> list[str]:
    """The bold titles of the explorer's exercises (``1. **The corridor.** ...``)."""
    cell = next(c for c in explorer_cells() if "## Exercises" in "".join(c["source"]))
    return [t.rstrip(".") for t in re.findall(r"^\d+\. \*\*([^*]+)\*\*", "".join(cell["source"]), flags=re.M)]


def stored_answers() -> dict:
    """The answers as the explorer notebook stores them (nbval keeps them equal to a fresh run)."""
    cell = next(c for c in explorer_cells() if "claims.exercise_answers()" in "".join(c["source"]))
    return ast.literal_eval("".join(cell["outputs"][0]["data"]["text/plain"]))


def test_the_instructors_code_runs():
    """The example on the instructors' page runs as printed."""
    block = re.search(r"```python\n(.*?)```", INSTRUCTORS.read_text(encoding="utf-8"), flags=re.S).group(1)
    namespace: dict = {}
    exec(compile(block, str(INSTRUCTORS), "exec"), namespace)  # noqa: S102 - the page's own example
    assert namespace["result"].total_km2 > 0


def test_there_is_a_worksheet_and_an_answer_for_every_exercise():
    titles = exercise_titles()
    assert titles
    for page in (WORKSHEETS, ANSWERS):
        headings = " ".join(sections(page, "##"))
        for title in titles:
            assert title in headings, f"{page.name}: no section for the exercise {title!r}"


def answer_sections() -> tuple[str, ...]:
    """The answer key's section for each exercise, in the exercises' order."""
    found = sections(ANSWERS, "##")
    return tuple(next(body for heading, body in found.items() if title in heading) for title in exercise_titles())


def day(iso: str) -> str:
    return f"{pd.Timestamp(iso):%-d %B %Y}"


def test_the_answer_key_gives_the_notebooks_answers_with_their_day_and_tracker():
    answers = stored_answers()
    corridor, year, trackers = answer_sections()
    assert day(answers["corridor_first_day"]) in corridor and "liveuamap" in corridor
    assert "Mariupol" in corridor
    # the explorer page points to this key rather than answering in place
    assert any("answer-key.md" in "".join(c["source"]) for c in explorer_cells() if c["cell_type"] == "markdown")
    for key in ("year_gained_km2", "year_lost_km2"):
        assert f"{answers[key]:,} km²" in year, key
    net = answers["year_gained_km2"] - answers["year_lost_km2"]
    assert f"{net:+,} km²".replace("-", "−") in year
    for city in answers["year_cities_taken"] + answers["year_cities_given_up"]:
        assert city in year
    assert "DeepStateMap" in year and "17 November 2022" in year and "17 November 2023" in year
    totals = answers["april_totals_km2"]
    for value in totals.values():
        assert f"{value:,} km²" in trackers
    gap = max(totals.values()) - min(totals.values())
    assert f"{gap:,} km²" in trackers


def test_the_worksheets_hold_no_answer():
    answers = stored_answers()
    sheets = WORKSHEETS.read_text(encoding="utf-8")
    assert day(answers["corridor_first_day"]) not in sheets
    for key in ("year_gained_km2", "year_lost_km2"):
        assert f"{answers[key]:,}" not in sheets
    assert not any(f"{v:,}" in sheets for v in answers["april_totals_km2"].values())
    assert not any(city in sheets for city in answers["year_cities_taken"])
    assert "Mariupol" not in sheets


def test_the_worksheets_print_without_the_page_running_and_say_how():
    sheets = WORKSHEETS.read_text(encoding="utf-8")
    # The note on printing is for the screen: the theme's print style hides the class noprint.
    note = re.search(r"^:::\{admonition\} How to print this page\n:class: ([^\n]+)", sheets, flags=re.M)
    assert note and "noprint" in note.group(1).split()
    # Static text only: a glued value prints as text, a glued chart or a code cell would not.
    assert "{code-cell}" not in sheets and "```{glue}" not in sheets and "<script" not in sheets
    # Answer tables of two columns, the answer's as wide as the question's (wider tables turn into
    # cards on narrow pages; an empty column would shrink to its heading).
    assert not re.search(r"^\|(?:[^|\n]*\|){3,}\s*$", sheets, flags=re.M)
    tables = re.findall(r"^```\{list-table\}\n((?::[^\n]*\n)+)", sheets, flags=re.M)
    assert tables and all(":widths: 50 50\n" in options for options in tables)
    # Every worksheet has a line for names.
    assert all("Names: ..." in body for body in sections(WORKSHEETS, "##").values())


def test_the_answer_key_values_for_the_web_pages_weekly_lines():
    """What the web page's explorer shows (weekly lines, areas rounded to 10 km²) for the same
    exercises, as the answer key gives it."""
    from freezelines import constants as C
    from freezelines.model import scenarios
    from freezelines.viz import claims
    from freezelines.viz.explorer import weekly_days

    answers = stored_answers()
    corridor, year, trackers = answer_sections()
    # The corridor: the first Thursday on the slider that shows it.
    first = pd.Timestamp(answers["corridor_first_day"]).date()
    thursday = next(d for d in weekly_days("liveuamap") if d >= first)
    assert scenarios.has_corridor(scenarios.line_on(thursday, "liveuamap"))
    assert day(thursday.isoformat()) in corridor
    # Mariupol's key sites pass to the Russian-held side between the two weekly lines the key names.
    mariupol = ["site-mariupol-port", "site-azovstal", "site-illich"]
    weeks = [d for d in weekly_days("liveuamap") if d >= thursday]
    held = {
        d: scenarios.measure(scenarios.line_on(d, "liveuamap")).sites.set_index("place_id").loc[mariupol, "held"]
        for d in weeks[:4]
    }
    switch = next(d for d in weeks[:4] if held[d].all())
    previous = weeks[weeks.index(switch) - 1]
    assert not held[previous].any()
    assert f"between the lines of {day(previous.isoformat())} and {day(switch.isoformat())}" in corridor
    # A year apart: the page rounds areas to 10 km².
    for key in ("year_gained_km2", "year_lost_km2"):
        assert f"{C.rounded('km2', answers[key]):,.0f} km²" in year
    # Two trackers, one day: the worksheet's day, and the weekly lines around it.
    assert day(claims.two_trackers_day().isoformat()) in WORKSHEETS.read_text(encoding="utf-8")
    daily = pd.read_csv(ROOT / "data" / "territory_daily.csv", parse_dates=["date"]).set_index(["source", "date"])
    first_deepstate = weekly_days("deepstate")[0]
    before = max(d for d in weekly_days("liveuamap") if d <= claims.two_trackers_day())
    for source, when in (
        ("liveuamap", before),
        ("liveuamap", first_deepstate),
        ("deepstate", first_deepstate),
        ("isw", first_deepstate),
    ):
        total = daily.loc[(source, pd.Timestamp(when)), "total_km2"]
        assert f"{C.rounded('km2', total):,.0f} km²" in trackers, (source, when)
        assert day(when.isoformat()) in trackers
    # "About a third": liveuamap's lead over DeepStateMap on the first weekly line against the day's.
    totals = answers["april_totals_km2"]
    lead = (
        daily.loc[("liveuamap", pd.Timestamp(first_deepstate)), "total_km2"]
        - daily.loc[("deepstate", pd.Timestamp(first_deepstate)), "total_km2"]
    )
    assert 0.25 < lead / (totals["liveuamap"] - totals["deepstate"]) < 0.42
    assert f"{totals['liveuamap'] - totals['deepstate']:,} km²" in trackers
    # The flags the key names for that day.
    quality = daily.xs(pd.Timestamp(claims.two_trackers_day()), level="date")["quality"]
    assert quality["liveuamap"] != "ok" and quality["deepstate"] != "ok" and quality["isw"] == "ok"


if __name__ == "__main__":
    width = max(len(str(p.relative_to(ROOT))) for p in kit_chapters())
    for path in kit_chapters():
        print(f"{str(path.relative_to(ROOT)):<{width}}  {words(path):>6,} words  about {reading_minutes(path)} minutes")
    sys.exit(0)
