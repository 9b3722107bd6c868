"""The built pages' Content-Security-Policy (issue 20, item 10): on every page, before any script,
with the hash of each inline script the page runs; in Chromium no page breaks it, and the charts,
the explorer and the deal panel still draw under it. (Every browser test's page also reports a
violation as a console error: see tests/browser.py.)"""

from __future__ import annotations

import base64
import hashlib
import html

import pytest

from browser import built_pages, watch, widgets_started
from conftest import HTML
from freezelines.book import csp, html_tree

PAGES = built_pages(HTML) if HTML.is_dir() else ["index.html"]
WIDGET_PAGE = "notebooks/explorer.html"


def _policy(text: str) -> tuple[html_tree.Element, dict[str, set[str]]]:
    metas = [
        e
        for e in html_tree.parse(text)
        if e.tag == "meta" and (e.attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    assert len(metas) == 1, f"{len(metas)} policies"
    content = html.unescape(metas[0].attrs["content"])
    return metas[0], {d.split()[0]: set(d.split()[1:]) for d in content.split(";") if d.strip()}


def test_every_page_has_a_policy_before_its_first_script_with_its_inline_scripts_hashed(built_book):
    for relative in PAGES:
        text = (built_book / relative).read_text(encoding="utf-8")
        meta, policy = _policy(text)
        elements = html_tree.parse(text)
        scripts = [e for e in elements if e.tag == "script"]
        assert all(meta.start < s.start for s in scripts), f"{relative}: a script comes before the policy"
        inline = {
            "'sha256-"
            + base64.b64encode(hashlib.sha256(text[s.start_end : s.content_end].encode()).digest()).decode()
            + "'"
            for s in scripts
            if "src" not in s.attrs and (s.attrs.get("type") or "") in csp.SCRIPT_TYPES
        }
        assert policy["script-src"] == {"'self'"} | inline, relative
        assert policy["connect-src"] == {"'self'"} and policy["object-src"] == {"'none'"}, relative
        assert policy["base-uri"] == {"'self'"} and "'unsafe-inline'" not in policy["script-src"], relative
        handlers = [f"<{e.tag} {n}>" for e in elements for n in e.attrs if n.startswith("on")]
        assert handlers == [], f"{relative}: inline event handlers {handlers}"


VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__cspViolations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
"""


@pytest.mark.parametrize("relative", [WIDGET_PAGE, "notebooks/territory-over-time.html", "book/worksheets.html"])
def test_pages_draw_everything_under_their_policy(page, site, relative):
    page.add_init_script(VIOLATIONS)
    state = watch(page, site)
    state.open(relative)
    charts = state.charts_ready()
    assert page.locator("div.freezelines-plotly.js-plotly-plot").count() == charts
    if relative == WIDGET_PAGE:
        widgets_started(page, "explorer", "deal")
        assert page.locator(".freezelines-explorer .fx-panels section").count() > 0
        assert page.locator(".freezelines-deal .fd-result").inner_text().strip()
    assert page.evaluate("window.__cspViolations") == []
    assert not [e for e in state.errors if "Content Security Policy" in e], state.errors
    # The policy is in force: a script slipped into the page is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.append(s); }"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("window.__ran") is None


def test_the_print_button_still_prints_without_its_inline_handler(page, site):
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; };")
    state = watch(page, site)
    state.open("book/worksheets.html")
    page.evaluate("() => document.querySelector('.btn-download-pdf-button').click()")
    assert page.evaluate("window.__printed") == 1
    assert state.errors == []
