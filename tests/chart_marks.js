/* Freeze the Lines? - check that every mark of every drawn Plotly chart of the page can be
 * seen: each shape (reference line, band) and each trace drawn with lines or markers has a
 * stroke (or, for a band, a fill) of non-zero width, a colour that is not transparent and
 * stands out from the chart's background, and a non-zero length inside the plot it is
 * clipped to. Then each reference line, band, marker or hatching the words around a chart
 * name (its caption, "Figure." and "Text summary" paragraphs, the notebook's text beside
 * it) must be among the marks drawn visibly in that chart or in the chart next to the words.
 * Injected by the browser tests (tests/test_layout.py); returns a list of problems. */
(function () {
  "use strict";
  var chartName = window.freezelinesChartName;  // tests/chart_name.js
  var MIN_WIDTH = 0.5;      // px of stroke, as drawn
  var MIN_ALPHA = 0.2;      // opacity of a stroke or fill, all layers multiplied
  var MIN_CONTRAST = 1.1;   // contrast ratio of the mark's colour, as composited, with the background
  var MIN_SIDE = 1;         // px of each side of a fill inside the plot

  function parseColour(text) {
    var m = /rgba?\(([^)]+)\)/.exec(text || "");
    if (!m) { return null; }
    var v = m[1].split(",").map(function (s) { return parseFloat(s); });
    return { r: v[0], g: v[1], b: v[2], a: v.length > 3 ? v[3] : 1 };
  }
  function luminance(c) {
    function lin(x) { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
  }
  function contrast(c, alpha, background) {
    var mixed = {
      r: c.r * alpha + background.r * (1 - alpha),
      g: c.g * alpha + background.g * (1 - alpha),
      b: c.b * alpha + background.b * (1 - alpha)
    };
    var a = luminance(mixed), b = luminance(background);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  }
  // Opacity of the node and every group it sits in, up to its SVG.
  function opacity(node) {
    var o = 1;
    for (var n = node; n && n.tagName && n.tagName.toLowerCase() !== "svg"; n = n.parentNode) {
      var s = window.getComputedStyle(n);
      if (s.display === "none" || s.visibility === "hidden") { return 0; }
      o *= parseFloat(s.opacity);
    }
    return o;
  }
  // The screen box a node is clipped to (its own or an ancestor's clip-path), or null.
  function clipBox(node) {
    for (var n = node; n && n.tagName && n.tagName.toLowerCase() !== "svg"; n = n.parentNode) {
      var ref = n.getAttribute && n.getAttribute("clip-path");
      var m = ref && /url\(["']?#([^"')]+)["']?\)/.exec(ref);
      var clip = m && document.getElementById(m[1]);
      var shape = clip && clip.querySelector("rect");
      var ctm = n.getScreenCTM && n.getScreenCTM();
      if (!shape || !ctm) { continue; }
      var x = parseFloat(shape.getAttribute("x")) || 0, y = parseFloat(shape.getAttribute("y")) || 0;
      var w = parseFloat(shape.getAttribute("width")) || 0, h = parseFloat(shape.getAttribute("height")) || 0;
      var a = new DOMPoint(x, y).matrixTransform(ctm), b = new DOMPoint(x + w, y + h).matrixTransform(ctm);
      return {
        left: Math.min(a.x, b.x), right: Math.max(a.x, b.x), top: Math.min(a.y, b.y), bottom: Math.max(a.y, b.y)
      };
    }
    return null;
  }
  // Width and height (px) of the node's drawing inside its clip and its chart's SVG.
  function extent(node, svgBox) {
    var r = node.getBoundingClientRect();
    var box = { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    [clipBox(node), svgBox].forEach(function (c) {
      if (!c) { return; }
      box = {
        left: Math.max(box.left, c.left), right: Math.min(box.right, c.right),
        top: Math.max(box.top, c.top), bottom: Math.min(box.bottom, c.bottom)
      };
    });
    return { w: box.right - box.left, h: box.bottom - box.top };
  }
  function scale(node) {
    var m = node.getScreenCTM && node.getScreenCTM();
    return m ? Math.sqrt(Math.abs(m.a * m.d - m.b * m.c)) || 1 : 1;
  }
  // Why the node's stroke cannot be seen, or "" if it can.
  function strokeProblem(node, background, svgBox) {
    var s = window.getComputedStyle(node);
    var colour = parseColour(s.stroke);
    var width = (parseFloat(s.strokeWidth) || 0) * scale(node);
    if (s.stroke === "none" || !colour) { return "no stroke"; }
    if (width < MIN_WIDTH) { return "stroke " + width.toFixed(2) + " px wide"; }
    var alpha = colour.a * parseFloat(s.strokeOpacity) * opacity(node);
    if (alpha < MIN_ALPHA) { return "stroke opacity " + alpha.toFixed(2); }
    var c = contrast(colour, alpha, background);
    if (c < MIN_CONTRAST) { return "stroke contrast " + c.toFixed(2) + " with the background"; }
    var e = extent(node, svgBox);
    // (A segment of data may be shorter than a pixel at the first zoom: it only must not be of zero length.)
    if (e.w < 0 || e.h < 0 || Math.max(e.w, e.h) <= 0) { return NO_LENGTH; }
    return "";
  }
  function fillProblem(node, background, svgBox) {
    var s = window.getComputedStyle(node);
    if (s.fill === "none") { return "no fill"; }
    var e = extent(node, svgBox);
    if (e.w < MIN_SIDE || e.h < MIN_SIDE) { return "fill of no area inside the plot"; }
    if (/^url\(/.test(s.fill)) { return opacity(node) * parseFloat(s.fillOpacity) < MIN_ALPHA ? "pattern opacity" : ""; }
    var colour = parseColour(s.fill);
    if (!colour) { return "no fill colour"; }
    var alpha = colour.a * parseFloat(s.fillOpacity) * opacity(node);
    if (alpha <= 0.02) { return "fill opacity " + alpha.toFixed(2); }
    var c = contrast(colour, alpha, background);
    return c < MIN_CONTRAST ? "fill contrast " + c.toFixed(2) + " with the background" : "";
  }
  var NO_LENGTH = "stroke of no length inside the plot";
  // Px between the trace's farthest points as its axes place them now.
  function span(gd, trace, cd) {
    var xa = gd._fullLayout[trace.xaxis.replace("x", "xaxis")], ya = gd._fullLayout[trace.yaxis.replace("y", "yaxis")];
    var xs = [], ys = [];
    cd.forEach(function (d) {
      if (d.x !== undefined && isFinite(d.x)) { xs.push(xa.c2p(d.x)); }
      if (d.y !== undefined && isFinite(d.y)) { ys.push(ya.c2p(d.y)); }
    });
    if (!xs.length || !ys.length) { return 0; }
    return Math.max(Math.max.apply(null, xs) - Math.min.apply(null, xs), Math.max.apply(null, ys) - Math.min.apply(null, ys));
  }
  function dashOf(line) {
    var dash = (line && line.dash) || "solid";
    return /dot/.test(dash) && !/dash/.test(dash) ? "dotted" : dash === "solid" ? "solid" : "dashed";
  }
  function nodes(root, selector) { return root ? Array.prototype.slice.call(root.querySelectorAll(selector)) : []; }
  // "" if one of the nodes passes the test, else why the first one fails.
  function noneVisible(list, test) {
    if (!list.length) { return "nothing drawn"; }
    var first = test(list[0]);
    return first && list.every(function (n) { return test(n); }) ? first : "";
  }

  var problems = [];
  var charts = [];
  document.querySelectorAll("div.js-plotly-plot").forEach(function (gd) {
    if (!gd._fullLayout || !gd.getBoundingClientRect().width) { return; }
    var name = chartName(gd);
    var svg = gd.querySelector("svg.main-svg");
    var svgBox = svg.getBoundingClientRect();
    var background = parseColour(window.getComputedStyle(svg).backgroundColor) || { r: 255, g: 255, b: 255, a: 1 };
    if (background.a === 0) { background = parseColour(gd._fullLayout.plot_bgcolor) || { r: 255, g: 255, b: 255 }; }
    var marks = [];   // what is visibly drawn: {kind, dash, shape}
    function stroke(n) { return strokeProblem(n, background, svgBox); }
    function fill(n) { return fillProblem(n, background, svgBox); }

    // Shapes: a line needs a visible stroke; a rect or path a visible fill or stroke.
    nodes(gd, "g.shapelayer path[data-index]").forEach(function (path) {
      var index = Number(path.getAttribute("data-index"));
      var shape = gd._fullLayout.shapes[index];
      if (!shape || shape.visible === false) { return; }
      // Plotly keeps no dash for a line of no width: the figure's own says what was meant.
      var dash = dashOf(((gd.layout.shapes || [])[index] || {}).line || shape.line);
      var what = "shape " + index + " (" + shape.type + ", " + dash + ")";
      var lined = stroke(path);
      var filled = shape.type === "line" ? "a line has no fill" : fill(path);
      if (lined && filled) {
        problems.push(name + ": " + what + " is not visible: " + lined + (shape.type === "line" ? "" : "; " + filled));
        return;
      }
      if (!lined) { marks.push({ kind: shape.type === "line" ? "reference line" : "line", dash: dash }); }
      if (!filled) { marks.push({ kind: "band" }); }
    });

    // Traces of the plot (not the range slider's copies).
    var data = gd._fullData;
    nodes(gd, "g.cartesianlayer g.trace").forEach(function (g) {
      var cd = g.__data__;
      var trace = cd && cd[0] && cd[0].trace;
      if (!trace || trace.visible !== true) { return; }
      var label = "trace '" + String(trace.name || trace.index).replace(/<br>/g, " ") + "'";
      if (trace.type === "bar") {
        var bars = nodes(g, "g.point path");
        if (!noneVisible(bars, fill)) {
          marks.push({ kind: "bars" });
          if (bars.some(function (b) { return /^url\(/.test(window.getComputedStyle(b).fill); })) {
            marks.push({ kind: "hatched" });
          }
        }
        return;
      }
      if (trace.type !== "scatter") { return; }
      var mode = trace.mode || "";
      var input = gd.data[trace.index] || {};
      var next = data[trace.index + 1];
      // The upper edge of a band drawn by the next trace (explicitly of no width): nothing of its own to see.
      var edge = input.line && input.line.width === 0 && trace.fill === "none" &&
        next && /^tonext/.test(next.fill || "");
      var lineProblem = /lines/.test(mode) && !edge ? noneVisible(nodes(g, "path.js-line"), stroke) : "";
      // Data shorter than a pixel at the first zoom (a 3-day span over ten years): zoom in to see it.
      var tiny = lineProblem === NO_LENGTH && span(gd, trace, cd) < 1;
      if (/lines/.test(mode) && !edge && !tiny) {
        var fillOf = trace.fill !== "none" ? noneVisible(nodes(g, "path.js-fill"), fill) : "no fill";
        if (trace.fill !== "none" && fillOf && !nodes(g, "path.js-fill").length) {
          // "tonext" fills are drawn in the trace before.
          fillOf = noneVisible(nodes(g.previousElementSibling, "path.js-fill"), fill);
        }
        if (lineProblem && (trace.fill === "none" || fillOf)) {
          problems.push(name + ": " + label + " (lines) is not visible: " + lineProblem +
            (trace.fill === "none" ? "" : "; " + fillOf));
        }
        if (!lineProblem) { marks.push({ kind: "line", dash: dashOf(trace.line) }); }
        if (trace.fill !== "none" && !fillOf) {
          marks.push({ kind: "band" });
          if (!lineProblem && dashOf(trace.line) !== "solid") { marks.push({ kind: "band", dash: dashOf(trace.line) }); }
        }
      }
      if (/markers/.test(mode)) {
        var points = nodes(g, "path.point");
        var shown = points.filter(function (p) { return !stroke(p) || !fill(p); });
        if (points.length && !shown.length) {
          problems.push(name + ": " + label + " (markers) is not visible: " + fill(points[0]) + "; " + stroke(points[0]));
        } else if (shown.length) {
          marks.push({ kind: "markers", symbol: String(trace.marker && trace.marker.symbol || "circle") });
        }
      }
    });
    charts.push({ node: gd, name: name, marks: marks });
  });

  // The words beside each chart: what lies between it and the chart or heading before or after it.
  var MENTIONS = [
    { re: /\b(dotted|dashed) (?:reference |vertical |horizontal )?lines?\b/i, need: "line" },
    { re: /\((dotted|dashed)\)/i, need: "line" },
    { re: /\b(dotted|dashed) band\b/i, need: "band" },
    { re: /\bbands?\b/i, need: "band" },
    { re: /\b(triangles?|diamonds?|markers?)\b/i, need: "markers" },
    { re: /\bhatched\b/i, need: "hatched" }
  ];
  function satisfies(mark, need, dash) {
    if (need === "line") { return (mark.kind === "line" || mark.kind === "reference line") && mark.dash === dash; }
    if (need === "band") { return mark.kind === "band" && (!dash || mark.dash === dash); }
    if (need === "markers") { return mark.kind === "markers"; }
    return mark.kind === need;
  }
  var article = document.querySelector(".bd-article") || document.body;
  var walker = document.createTreeWalker(article, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: function (n) {
      if (n.nodeType === 1) {
        if (n.matches("div.freezelines-plotly, h1, h2, h3, h4")) { return NodeFilter.FILTER_ACCEPT; }
        return n.matches("script, style, .cell_input, .chart-download, .chart-notebook, .headerlink")
          ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP;
      }
      // Not the chart's own text (its tick labels, legend).
      return n.parentNode.closest(".js-plotly-plot") ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_ACCEPT;
    }
  });
  var before = null, words = "";
  function settle(after) {
    words.split(/(?<=[.;:])\s+/).forEach(function (sentence) {
      MENTIONS.forEach(function (m) {
        var found = m.re.exec(sentence);
        if (!found) { return; }
        var dash = found[1] && /^(dotted|dashed)$/i.test(found[1]) ? found[1].toLowerCase() : null;
        var near = [before, after].filter(Boolean);
        if (!near.length) { return; }
        var ok = near.some(function (c) { return c.marks.some(function (k) { return satisfies(k, m.need, dash); }); });
        if (!ok) {
          problems.push(near.map(function (c) { return c.name; }).join(" or ") + ": the words '" +
            sentence.trim().slice(0, 160) + "' name " + (dash ? dash + " " : "") + m.need +
            " that no chart beside them draws visibly");
        }
      });
    });
    words = "";
  }
  for (var n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === 3) { words += n.textContent; continue; }
    if (n.matches("div.freezelines-plotly")) {
      // A chart driven by controls (the explorer's, the deal panel's) is described in all the states
      // a reader can choose, not only its first: the words beside it are not checked against it.
      var driven = n.id && document.querySelector('[data-chart="' + n.id + '"]');
      var chart = driven ? null : charts.filter(function (c) { return c.node === n; })[0] || null;
      settle(chart);
      before = chart;
    } else {
      settle(null);
      before = null;
    }
  }
  settle(null);
  return problems;
})
