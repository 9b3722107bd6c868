"""Sources a reader can check at the origin: every entry of every bibliography the book reads (the
``bibtex_bibfiles`` of _config.yml) names its original publisher, and a link that does not go to
that publisher's own site is marked as a reprint that names where it goes. The publishers' sites
are data, in book/bib/publishers.yaml, which also states the convention."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from pybtex.database import parse_file, parse_string

from conftest import ROOT

BIB = ROOT / "book" / "references.bib"
SITES = ROOT / "book" / "bib" / "publishers.yaml"
CONFIG = ROOT / "_config.yml"


def book_bibliographies() -> list[Path]:
    """Every .bib file the book reads: ``bibtex_bibfiles`` in _config.yml, relative to the root."""
    listed = yaml.safe_load(CONFIG.read_text(encoding="utf-8")).get("bibtex_bibfiles") or []
    return [ROOT / name for name in listed]


BIBS = book_bibliographies()


def plain(value: object) -> str:
    """A BibTeX field as the reader sees it: braces dropped, ``\\&`` as ``&``."""
    return " ".join(str(value).replace("{", "").replace("}", "").replace("\\&", "&").split())


def known_sites() -> dict[str, list[str]]:
    return yaml.safe_load(SITES.read_text(encoding="utf-8"))["sites"]


def on_site(url: str, sites: list[str]) -> bool:
    """Whether ``url`` is on one of ``sites``: a host (its subdomains too), or a host and a path."""
    parts = urlsplit(url)
    host, path = (parts.hostname or "").lower(), parts.path.lower()
    for site in sites:
        site_host, _, prefix = site.lower().partition("/")
        if host == site_host or host.endswith("." + site_host):
            if not prefix or path == "/" + prefix or path.startswith("/" + prefix + "/"):
                return True
    return False


def problems(entries, sites: dict[str, list[str]]) -> list[str]:
    """What is wrong with each entry, one message per problem, each naming the entry's key."""
    out = []
    for key, entry in entries.items():
        fields = entry.fields
        publisher = plain(fields.get("publisher", ""))
        reprint = plain(fields.get("reprint", ""))
        url = str(fields.get("url", "")).strip()
        if not publisher:
            out.append(f"{key}: no publisher (the outlet that reported it, or the body that issued it)")
            continue
        for role, name in (("publisher", publisher), ("reprint", reprint)):
            if name and name not in sites:
                out.append(f"{key}: {role} {name!r} is not in {SITES.name}: add its sites there")
        if not url:
            if reprint:
                out.append(f"{key}: marked as a reprint ({reprint}) but has no url")
            continue
        host = urlsplit(url).hostname or url
        if on_site(url, sites.get(publisher, [])):
            if reprint:
                out.append(f"{key}: marked as a reprint ({reprint}) but {host} is a site of {publisher!r}")
            continue
        if not reprint:
            out.append(
                f"{key}: {host} is not a site of its publisher {publisher!r}, and the entry is not marked "
                "as a reprint (reprint = {...}, with howpublished naming the original and the copy)"
            )
            continue
        if reprint in sites and not on_site(url, sites[reprint]):
            out.append(f"{key}: {host} is a site neither of {publisher!r} nor of the reprint {reprint!r}")
        howpublished = plain(fields.get("howpublished", ""))
        if publisher not in howpublished or reprint not in howpublished:
            out.append(
                f"{key}: the link goes to {reprint}, so howpublished must name the original ({publisher}) "
                f"and the copy ({reprint}); it reads {howpublished!r}"
            )
    return out


def test_the_book_reads_more_than_one_bibliography_and_each_is_checked():
    assert BIB in BIBS and len(BIBS) > 1, BIBS
    assert len(set(BIBS)) == len(BIBS), BIBS
    missing = [str(bib.relative_to(ROOT)) for bib in BIBS if not bib.is_file()]
    assert not missing, f"listed in {CONFIG.name} but absent: {missing}"


@pytest.mark.parametrize("bib", BIBS, ids=lambda bib: bib.relative_to(ROOT).as_posix())
def test_every_entry_names_its_publisher_and_marks_its_reprints(bib):
    entries = parse_file(str(bib)).entries
    assert entries, bib
    found = problems(entries, known_sites())
    assert not found, f"{bib.relative_to(ROOT)}:\n" + "\n".join(found)


def test_the_sites_file_is_well_formed():
    sites = known_sites()
    for name, listed in sites.items():
        assert listed and all(isinstance(s, str) and "://" not in s and s == s.strip("/") for s in listed), name


BROKEN = r"""
@misc{good2022original,
  title = {On the publisher's own site}, publisher = {Reuters}, howpublished = {Reuters},
  url = {https://www.reuters.com/world/some-story/}
}
@misc{good2022reprint,
  title = {A named reprint}, publisher = {Reuters}, howpublished = {Reuters; link: reprint in The Jerusalem Post},
  reprint = {The Jerusalem Post}, url = {https://www.jpost.com/international/article-1}
}
@misc{bad2022mirror,
  title = {A mirror passed off as the original}, publisher = {Reuters}, howpublished = {Reuters},
  url = {https://mirror.example.org/copy-of-a-reuters-story}
}
@misc{bad2022nopublisher,
  title = {No publisher}, howpublished = {Somewhere}, url = {https://www.reuters.com/x/}
}
@misc{bad2022wrongcopy,
  title = {Reprint named, link elsewhere}, publisher = {Reuters},
  howpublished = {Reuters; link: reprint in The Jerusalem Post},
  reprint = {The Jerusalem Post}, url = {https://news.example.com/story}
}
@misc{bad2022unnamed,
  title = {Reprint not shown to the reader}, publisher = {Reuters}, howpublished = {Reuters},
  reprint = {The Jerusalem Post}, url = {https://www.jpost.com/international/article-2}
}
"""


def test_a_mismatched_host_fails_naming_the_entry_and_the_host():
    sites = {"Reuters": ["reuters.com"], "The Jerusalem Post": ["jpost.com"]}
    found = problems(parse_string(BROKEN, "bibtex").entries, sites)
    by_key = {
        key: [m for m in found if m.startswith(key + ":")]
        for key in (
            "good2022original",
            "good2022reprint",
            "bad2022mirror",
            "bad2022nopublisher",
            "bad2022wrongcopy",
            "bad2022unnamed",
        )
    }
    assert not by_key["good2022original"] and not by_key["good2022reprint"], found
    [mirror] = by_key["bad2022mirror"]
    assert "mirror.example.org" in mirror and "not marked as a reprint" in mirror
    [nopublisher] = by_key["bad2022nopublisher"]
    assert "no publisher" in nopublisher
    [wrongcopy] = by_key["bad2022wrongcopy"]
    assert "news.example.com" in wrongcopy and "The Jerusalem Post" in wrongcopy
    [unnamed] = by_key["bad2022unnamed"]
    assert "howpublished" in unnamed
    # the same check on the real file would fail the same way
    with pytest.raises(AssertionError, match="bad2022mirror: mirror.example.org"):
        assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("url", "site", "expected"),
    [
        ("https://www.reuters.com/a", "reuters.com", True),
        ("https://newsukraine.rbc.ua/news/x", "rbc.ua", True),
        ("https://notreuters.com/a", "reuters.com", False),
        ("https://github.com/TheEconomist/repo", "github.com/TheEconomist", True),
        ("https://github.com/someone-else/repo", "github.com/TheEconomist", False),
    ],
)
def test_sites_are_hosts_or_host_and_path(url, site, expected):
    assert on_site(url, [site]) is expected
