/* Freeze the Lines? - measure the parts of every drawn Plotly chart of the page and report
 * each pair that overlaps and each part that spills out of its chart's box.
 * Injected by the browser tests (tests/test_layout.py); returns a list of problems. */
(function () {
  "use strict";
  var PARTS = {
    "legend": "g.legend",
    "range buttons": "g.rangeselector",
    "buttons": "g.updatemenu-container",
    "slider": "g.slider-container",
    "range slider": "g.rangeslider-container",
    "x-axis title": "g.g-xtitle",
    "y-axis title": "g.g-ytitle",
    "title": "g.g-gtitle",
    "x tick labels": "g.xaxislayer-above",
    "modebar": "div.modebar"
  };
  var PLOT_AREA = "g.draglayer g.xy rect.nsewdrag";
  var TOLERANCE = 1;  // px

  function rect(node) {
    var r = node.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) { return null; }
    var style = window.getComputedStyle(node.closest("div") || node);
    if (style.display === "none" || style.visibility === "hidden") { return null; }
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }
  function overlap(a, b) {
    var w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    var h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    return w > TOLERANCE && h > TOLERANCE ? Math.round(w) + "x" + Math.round(h) + " px" : null;
  }
  function fmt(r) { return "[" + [r.left, r.top, r.right, r.bottom].map(Math.round).join(",") + "]"; }

  var problems = [];
  document.querySelectorAll("div.js-plotly-plot").forEach(function (chart) {
    var name = chart.id || "chart";
    var box = rect(chart);
    if (!box) { return; }
    var parts = [];
    Object.keys(PARTS).forEach(function (label) {
      chart.querySelectorAll(PARTS[label]).forEach(function (node, i) {
        var r = rect(node);
        if (r) { parts.push({ label: label + (i ? " " + (i + 1) : ""), r: r }); }
      });
    });
    var area = chart.querySelector(PLOT_AREA);
    var plot = area ? rect(area) : null;
    parts.forEach(function (p) {
      if (p.r.left < box.left - TOLERANCE || p.r.right > box.right + TOLERANCE ||
          p.r.top < box.top - TOLERANCE || p.r.bottom > box.bottom + TOLERANCE) {
        problems.push(name + ": " + p.label + " " + fmt(p.r) + " spills out of the chart " + fmt(box));
      }
      // Nothing but tick labels and axis titles may sit on the plot area (no button or legend over data).
      if (plot && ["x tick labels", "x-axis title", "y-axis title"].indexOf(p.label) < 0) {
        var o = overlap(p.r, plot);
        if (o) { problems.push(name + ": " + p.label + " covers the plot area by " + o); }
      }
    });
    // Text labels on the plot (place names): none may cover another.
    var labels = [];
    chart.querySelectorAll("g.textpoint text").forEach(function (t) {
      if (t.style.display === "none" || !t.textContent) { return; }
      var r = rect(t);
      if (r) { labels.push({ text: t.textContent, r: r }); }
    });
    for (var a = 0; a < labels.length; a++) {
      for (var b = a + 1; b < labels.length; b++) {
        var lo = overlap(labels[a].r, labels[b].r);
        if (lo) { problems.push(name + ": labels '" + labels[a].text + "' and '" + labels[b].text + "' overlap by " + lo); }
      }
    }
    for (var i = 0; i < parts.length; i++) {
      for (var j = i + 1; j < parts.length; j++) {
        var o = overlap(parts[i].r, parts[j].r);
        if (o) { problems.push(name + ": " + parts[i].label + " and " + parts[j].label + " overlap by " + o); }
      }
    }
  });
  return problems;
})
