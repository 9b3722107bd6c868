"""The book paraphrases the essay: no run of 8 words may be copied from it."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, essay_or_skip


def test_no_sentence_of_the_essay_is_copied():
    checker = essay_or_skip()  # the essay is copyrighted: it lives in ../shared, never in the repository
    result = subprocess.run(
        [sys.executable, str(checker), "book", "notebooks"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
