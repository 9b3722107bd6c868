"""The widgets start when first needed (FreezeLines.startWhenNeeded), not while their page loads:
the explorer's data (files under _static/freezelines-data/, freezelines.book.widget_data) are fetched
and parsed and its controls wired at the reader's first
touch, key or click in it, when its map is drawn, or at once for a link that holds a view; the very
event that starts it reaches its control. Issue 21, item 6 (the first paint without waiting)."""

from __future__ import annotations

from browser import watch

PAGE = "notebooks/explorer.html"
HOLD_IDLE = (
    "window.freezelinesIdle = []; window.requestIdleCallback = (callback) => window.freezelinesIdle.push(callback);"
)
"""Run before the page's scripts: idle callbacks are kept, not run, so only the reader's act starts a widget."""
STARTED = "() => [document.querySelector('.freezelines-explorer'), document.querySelector('.freezelines-deal')].map(r => r.className)"


def test_the_explorer_starts_at_the_readers_first_key_and_that_key_moves_the_line(page, site):
    state = watch(page, site)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.add_init_script(HOLD_IDLE)
    state.open(PAGE)
    page.wait_for_timeout(300)
    explorer, deal = page.evaluate(STARTED)
    assert "fx-ready" not in explorer and "fd-ready" not in deal, "a widget started while its page loaded"
    root = page.locator(".freezelines-explorer")
    sentence = root.locator(".fx-sentence")
    assert sentence.get_attribute("aria-live") is None  # made live when the explorer starts
    first = root.locator("output.fx-date").inner_text()
    slider = root.locator("input.fx-week")
    last = int(slider.get_attribute("max"))
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("el => el.classList.contains('fx-ready')", arg=root.element_handle())
    page.wait_for_function("el => el.dataset.total !== undefined && !el.dataset.pending", arg=root.element_handle())
    assert slider.input_value() == str(last - 1)
    shown = root.locator("output.fx-date").inner_text()
    assert shown != first and shown == root.get_attribute("data-label"), (first, shown)
    assert sentence.get_attribute("aria-live") == "polite"
    assert sentence.inner_text().startswith(f"A ceasefire on the line of {shown}")
    assert state.errors == [] and state.outside == [] and state.not_found == []


def test_a_link_that_holds_a_view_starts_both_widgets_at_once(page, site):
    state = watch(page, site)
    page.add_init_script(HOLD_IDLE)
    state.open(f"{PAGE}#explorer=tracker:liveuamap;day:2023-06-01")
    page.wait_for_function(f"() => ({STARTED})().every(c => /f[xd]-ready/.test(c))")
    assert page.locator(".freezelines-explorer select.fx-source").input_value() == "liveuamap"
    assert state.errors == [] and state.outside == [] and state.not_found == []
