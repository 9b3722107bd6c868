"""Every page says how current its data are (issue 22): the footer gives each map tracker's last
day, read from the processed daily table, and links to the updates page."""

from __future__ import annotations

import datetime as dt
import re

from browser import built_pages
from freezelines.book import data_as_of
from freezelines.model import datapackage


def test_the_sentence_names_each_last_day_latest_first():
    ends = {"deepstate": dt.date(2026, 8, 21), "liveuamap": dt.date(2026, 8, 14)}
    assert data_as_of.data_to_text(ends) == (
        "Front-line data: to 21 August 2026 on DeepStateMap; to 14 August 2026 on liveuamap (via NZZ)"
    )
    same = {"deepstate": dt.date(2026, 8, 21), "liveuamap": dt.date(2026, 8, 21)}
    assert data_as_of.data_to_text(same) == "Front-line data: to 21 August 2026 on DeepStateMap and liveuamap (via NZZ)"


def test_every_page_footer_gives_the_data_s_last_day_and_links_to_the_updates(built_book):
    daily = datapackage.load("territory_daily")
    last = daily[daily["source"].isin(["deepstate", "liveuamap"])]["date"].max()
    said = f"Front-line data: to {last:%-d %B %Y} on "
    pages = [p for p in built_pages(built_book) if p != "index.html"]
    assert len(pages) > 20
    for relative in pages:
        text = (built_book / relative).read_text(encoding="utf-8")
        footer = re.search(r'<p class="fl-data-to">(.*?)</p>', text, re.S)
        assert footer and said in footer.group(1), f"{relative}: no data-to line with {last:%-d %B %Y}"
        link = re.search(r'href="([^"]+)"', footer.group(1)).group(1)
        if relative == "book/updates-and-corrections.html":
            assert link == "#"  # the page itself
            continue
        assert (built_book / relative).parent.joinpath(link).resolve() == (
            built_book / "book" / "updates-and-corrections.html"
        ).resolve(), f"{relative}: the footer links to {link}"
