/* Freeze the Lines? - the "Embed" control under each chart, the explorer and the deal panel.
 * Written for this book. The button opens a box with the HTML of an <iframe> showing the chart
 * alone, from the small page the build writes for it (freezelines.book.embeds: embed/<id>.html),
 * a button that copies it (or, where the clipboard is refused, selects it for the reader), and a
 * link to that page. A widget's embed opens on the view the reader sees: its part of the page's
 * address (FreezeLines.share.part, from freezelines-common.js). The page's text reaches the HTML
 * only escaped, and the box is filled with text nodes, never markup. */
(function () {
  "use strict";

  var el = window.FreezeLines.el;  // from freezelines-dom.js, loaded on every page with a chart
  function attribute(text) {
    return String(text).replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  }
  /* The embed page's full address (an <iframe> on another site needs it whole), with the widget's view. */
  function address(control) {
    var url = new URL(control.dataset.embed, window.location.href);
    var view = control.dataset.embedView;
    var share = window.FreezeLines && window.FreezeLines.share;
    url.hash = view && share && share.part ? share.part(view) : "";
    return url.href;
  }
  /* What the frame is called for a screen reader: the chart's headline (or the widget's), and the book. */
  function title(control) {
    var box = control.querySelector(".fl-embed-box");
    var chart = box.id.replace(/-embed$/, "");
    var headline = document.getElementById(chart + "-headline") || document.getElementById(chart + "-map-headline");
    var book = document.title.split(" \u2014 ").pop();
    var what = headline ? headline.textContent.trim() : "Chart";
    return control.dataset.embedView ? book + ": " + what : what + " (" + book + ")";
  }
  function snippet(control) {
    var height = parseInt(control.dataset.embedHeight, 10) || 600;
    return '<iframe src="' + attribute(address(control)) + '" title="' + attribute(title(control)) +
      '" width="100%" height="' + height + '" style="border:0; max-width:100%" loading="lazy"></iframe>';
  }
  function say(status, text) {
    status.textContent = text + (status.textContent === text ? "\u00a0" : "");  // said again if repeated
  }

  function start(control) {
    var toggle = control.querySelector(".fl-embed-toggle"), box = control.querySelector(".fl-embed-box");
    if (!toggle || !box || !control.dataset.embed) { return; }
    var id = box.id + "-code";
    var label = el("label", "HTML to show this " + (control.dataset.embedView ? "view" : "chart") +
      " in another page (an iframe served by this book)", "fl-embed-label");
    label.htmlFor = id;
    var code = el("textarea", undefined, "fl-embed-code");
    code.id = id;
    code.readOnly = true;
    code.rows = 3;
    code.spellcheck = false;
    var copy = el("button", "Copy the embed code", "fl-embed-copy");
    copy.type = "button";
    var open = el("a", "Open the embed page", "fl-embed-open");
    var status = el("span", undefined, "fl-embed-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    [label, code, copy, open, status].forEach(function (node) { box.appendChild(node); });

    function fill() {
      code.value = snippet(control);
      open.href = address(control);
    }
    toggle.addEventListener("click", function () {
      var opening = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(opening));
      box.hidden = !opening;
      if (opening) { fill(); }
    });
    code.addEventListener("focus", fill);
    copy.addEventListener("click", function () {
      fill();  // a widget's view may have changed since the box opened
      function manual() {
        code.focus();
        code.select();
        say(status, "Press Ctrl+C (\u2318C on a Mac) to copy the selected code.");
      }
      try {
        navigator.clipboard.writeText(code.value).then(function () { say(status, "Embed code copied."); }, manual);
      } catch {  // no clipboard here (an insecure page, an old browser)
        manual();
      }
    });
    control.hidden = false;
  }

  function run() { document.querySelectorAll(".fl-embed[data-embed]").forEach(start); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
