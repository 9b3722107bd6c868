/* The theme's "Print to PDF" button, wired here instead of by an inline onclick attribute, which
   the pages' Content-Security-Policy forbids (freezelines.book.csp drops the attribute). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest(".btn-download-pdf-button") : null;
    if (button) {
      // freezelines-plotly.js draws every chart first, where the page has charts.
      (window.freezelinesPrint || window.print)();
    }
  });
})();
