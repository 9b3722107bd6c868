"""The book paraphrases the essay: no run of 8 words may be copied from it."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, raw_or_skip


def test_no_sentence_of_the_essay_is_copied():
    raw = raw_or_skip()  # the essay lives beside the raw data, in ../shared
    checker = raw.parents[1] / "tools" / "verbatim_check.py"
    result = subprocess.run(
        [sys.executable, str(checker), "book", "notebooks"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
