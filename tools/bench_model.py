"""`make bench` (first part): the freeze-the-lines model's update time, printed next to a fixed budget.

One update is what the live explorer does when a reader picks a day: the tracker's line on that
day (`scenarios.line_on`) and every measure of it (`scenarios.measure`). The caches are warmed
first (the explorer loads the data once); then lines spread over each tracker's whole coverage
are measured, in an order that never repeats a day. Prints the median and the slowest update per
tracker against the budget; never asserts (a timing on a shared machine is a figure, not a test:
what the model computes is tested in tests/test_scenarios.py). Exit status 0 either way.
"""

from __future__ import annotations

import argparse
import statistics
import time

import pandas as pd

from freezelines.paths import ROOT

BUDGET_MS = {"median": 300, "slowest": 1_000}
"""The live explorer redraws within 300 ms of a change (tests/test_jupyterlab.py drives it in a real JupyterLab)."""
RUN_ALL_S = {"explorer": 15.0}
"""A reader's Run All of the explorer's page in Binder or Colab (the live explorer and the live deal panel)."""
NOTEBOOKS = ROOT / "notebooks"


def run_all(name: str) -> float:
    """Seconds to execute one notebook from a fresh kernel, as a reader's Run All does."""
    import nbformat
    from nbclient import NotebookClient

    path = NOTEBOOKS / f"{name}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    start = time.perf_counter()
    NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    ).execute()
    return time.perf_counter() - start


def updates(source: str, count: int) -> list[float]:
    from freezelines.model import scenarios as M

    first, last = M.dates_available(source)
    M.measure(M.line_on(last, source))  # warm the caches: data, not results
    days = pd.date_range(first, last, periods=count).date
    times = []
    for day in days:
        start = time.perf_counter()
        M.measure(M.line_on(day, source))
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=12, help="lines measured per tracker (default 12)")
    args = parser.parse_args()
    print(
        f"Model update (line_on + measure), {args.lines} lines per tracker. Budgets: median <= "
        f"{BUDGET_MS['median']} ms, slowest <= {BUDGET_MS['slowest']} ms."
    )
    print(f"{'tracker':<10} {'median ms':>10} {'slowest ms':>11}  verdict")
    for source in ("deepstate", "liveuamap"):
        times = updates(source, args.lines)
        median, slowest = statistics.median(times), max(times)
        ok = median <= BUDGET_MS["median"] and slowest <= BUDGET_MS["slowest"]
        print(f"{source:<10} {median:>10.0f} {slowest:>11.0f}  {'within budget' if ok else 'OVER BUDGET'}")
    for name, budget in RUN_ALL_S.items():
        seconds = run_all(name)
        verdict = "within budget" if seconds <= budget else "OVER BUDGET"
        print(f"Run All of notebooks/{name}.ipynb: {seconds:.1f} s (budget {budget:.0f} s)  {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
