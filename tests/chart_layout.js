/* Freeze the Lines? - measure the parts of every drawn Plotly chart of the page and report
 * each pair that overlaps, each part that spills out of its chart's box, and each piece of
 * text (title, axis titles, tick labels, bar and point labels, annotations, legend entries,
 * buttons) that runs past the chart's SVG or is cut by the clip of the group it is drawn in.
 * Injected by the browser tests (tests/test_layout.py); returns a list of problems. */
(function () {
  "use strict";
  var chartName = window.freezelinesChartName;  // tests/chart_name.js
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

  // What a piece of chart text is, from the group Plotly draws it in.
  var TEXT_KINDS = [
    ["g.g-gtitle", "title"], ["g.g-xtitle", "x-axis title"], ["g.g-ytitle", "y-axis title"],
    ["g.xtick", "x tick label"], ["g.ytick", "y tick label"], ["g.legend", "legend entry"],
    ["g.annotation", "annotation"], ["g.rangeselector", "range button"], ["g.updatemenu-container", "button"],
    ["g.slider-container", "slider label"], ["g.textpoint", "point label"], ["g.points", "bar label"]
  ];
  function textKind(node) {
    for (var i = 0; i < TEXT_KINDS.length; i++) {
      if (node.closest(TEXT_KINDS[i][0])) { return TEXT_KINDS[i][1]; }
    }
    return "text";
  }
  function shown(node) {
    for (var n = node; n && n.tagName && n.tagName.toLowerCase() !== "svg"; n = n.parentNode) {
      var s = window.getComputedStyle(n);
      if (s.display === "none" || s.visibility === "hidden" || parseFloat(s.opacity) === 0) { return false; }
    }
    return true;
  }
  // The screen boxes a node is clipped to: the clip-path of the node and of each group it sits in.
  function clipBoxes(node) {
    var boxes = [];
    for (var n = node; n && n.tagName && n.tagName.toLowerCase() !== "svg"; n = n.parentNode) {
      var ref = n.getAttribute("clip-path");
      var m = ref && /url\(["']?#([^"')]+)["']?\)/.exec(ref);
      var shape = m && document.getElementById(m[1]) && document.getElementById(m[1]).querySelector("rect");
      var ctm = shape && n.getScreenCTM();
      if (!ctm) { continue; }
      var x = parseFloat(shape.getAttribute("x")) || 0, y = parseFloat(shape.getAttribute("y")) || 0;
      var w = parseFloat(shape.getAttribute("width")) || 0, h = parseFloat(shape.getAttribute("height")) || 0;
      var a = new DOMPoint(x, y).matrixTransform(ctm), b = new DOMPoint(x + w, y + h).matrixTransform(ctm);
      boxes.push({ left: Math.min(a.x, b.x), right: Math.max(a.x, b.x), top: Math.min(a.y, b.y), bottom: Math.max(a.y, b.y) });
    }
    return boxes;
  }
  function outside(r, box) {
    return r.left < box.left - TOLERANCE || r.right > box.right + TOLERANCE ||
      r.top < box.top - TOLERANCE || r.bottom > box.bottom + TOLERANCE;
  }
  // Every piece of text the chart shows lies whole inside its SVG and inside every clip it is drawn under.
  function cutText(chart, name) {
    var svg = chart.querySelector("svg.main-svg");
    if (!svg) { return; }
    var edge = svg.getBoundingClientRect();
    chart.querySelectorAll("svg.main-svg text").forEach(function (t) {
      var text = (t.textContent || "").trim();
      if (!text || t.closest("g.hoverlayer") || !shown(t)) { return; }
      var r = t.getBoundingClientRect();
      if (r.width < 1 || r.height < 1) { return; }
      var what = name + ": " + textKind(t) + " '" + text.slice(0, 80) + "' " + fmt(r);
      if (outside(r, edge)) {
        problems.push(what + " runs past the chart's edge " + fmt(edge));
        return;
      }
      clipBoxes(t).some(function (box) {
        if (outside(r, box)) { problems.push(what + " is cut by its clip " + fmt(box)); return true; }
        return false;
      });
    });
  }

  var problems = [];
  document.querySelectorAll("div.js-plotly-plot").forEach(function (chart) {
    var name = chartName(chart);
    var box = rect(chart);
    if (!box) { return; }
    cutText(chart, name);
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
