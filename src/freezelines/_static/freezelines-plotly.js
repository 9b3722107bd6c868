/* Freeze the Lines? - draw every Plotly chart of the page from its inert JSON.
 * Written for this book; plotly.min.js is served by the book itself.
 * Frames are registered with the figure but never played automatically. */
(function () {
  "use strict";
  function draw(div) {
    var source = document.querySelector('script[data-for="' + div.id + '"]');
    if (!source || div.dataset.drawn) { return; }
    div.dataset.drawn = "1";
    var fig = JSON.parse(source.textContent);
    var config = Object.assign({ responsive: true, displaylogo: false }, fig.config || {});
    div.freezelinesReady = Plotly.newPlot(div, {
      data: fig.data || [], layout: fig.layout || {}, frames: fig.frames || [], config: config
    }).then(function (gd) {
      div.dispatchEvent(new CustomEvent("freezelines:plotted", { bubbles: true }));
      return gd;
    });
  }
  function drawAll() {
    document.querySelectorAll("div.freezelines-plotly").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
