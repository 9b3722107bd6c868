/* Freeze the Lines? - draw every Plotly chart of the page from its figure (inert JSON, in a file).
 * Written for this book. The page's text comes first: plotly.js (the book's own partial bundle: scatter and bar,
 * served by the book itself) is fetched only when a chart comes near the viewport, and each
 * chart is drawn when it does. Frames are registered with a figure but never played.
 * Touch screens get no modebar (and its band above the buttons is given back to the chart) and
 * no range slider;
 * maps (layout.meta.aspect) are sized to the page's width, and a text label that would cover
 * an earlier one (the charts list places largest or most important first) is hidden; its
 * marker and hover text stay.
 * The modebar's camera saves a PNG that carries what the page says around the chart: its
 * headline above, its source line and the book's credit (title and address) below.
 * A chart's figure is a file the page names (freezelines.book.figure_files), fetched when the chart
 * is drawn, and every figure of the page once plotly.js is first needed (ready for printing); the
 * page's HTML is its text alone.
 * A page's first chart may come with a poster (picture.freezelines-poster, drawn by
 * tools/draw_previews.py from the same figure): the page's first paint then needs no plotly.js.
 * The live chart replaces it, in the same box, as soon as the reader reaches for it (pointer,
 * touch, a key, focus inside its widget) or, once it is near the viewport, when the page is idle
 * a few seconds after it loaded (plotly.js's start, ~0.4 s of a phone's main thread, then
 * no longer competes with the page's own). */
(function () {
  "use strict";
  var script = document.currentScript;
  // plotly.js's file, beside this one: named by this script's tag (data-plotly; freezelines.book.names)
  var PLOTLY_FILE = script && script.dataset.plotly;
  var PLOTLY_URL = PLOTLY_FILE && script.src ? new URL(PLOTLY_FILE, script.src).href : PLOTLY_FILE;
  var NEAR = "250px 0px";
  var TOUCH = window.matchMedia && window.matchMedia("(hover: none)").matches;
  var POSTER = "picture.freezelines-poster";
  var IDLE_AFTER_LOAD = 3000;  // ms after "load" before an idle moment is sought: the page's start stays light
  var IDLE_TIMEOUT = 3000;  // ms: then the longest a poster waits for an idle moment
  var WIDGET = ".freezelines-explorer, .freezelines-deal";
  var loading = null;

  /* A chart's figure: the text of its JSON block, or of the file the block names (data-src, written
   * by freezelines.book.figure_files), fetched once. `figures` holds those already here: printing
   * draws from them at once (it cannot wait for the network). */
  var asked = {}, figures = {};
  function figureText(div) {
    if (asked[div.id]) { return asked[div.id]; }
    var block = document.querySelector('script[data-for="' + div.id + '"]');
    if (!block) { return null; }
    var address = block.getAttribute("data-src");
    if (!address) { figures[div.id] = block.textContent; }  // in the page: here at once
    asked[div.id] = !address ? Promise.resolve(block.textContent) : fetch(new URL(address, document.baseURI).href).then(function (response) {
      if (!response.ok) { throw new Error("the chart's figure " + address + ": HTTP " + response.status); }
      return response.text();
    });
    asked[div.id].then(function (text) { figures[div.id] = text; }, function () { delete asked[div.id]; });
    return asked[div.id];
  }
  /* Once plotly.js is needed, every figure of the page comes too (a few tens of KB), ready to print. */
  function fetchAllFigures() {
    document.querySelectorAll("div.freezelines-plotly").forEach(function (div) {
      var text = figureText(div);
      if (text) { text.catch(function () {}); }  // said on the chart when it is drawn
    });
  }
  /* A chart whose figure could not come says so in its box (text only), and how to try again. */
  function failed(div, error) {
    delete div.dataset.drawn;
    div.dataset.failed = "1";
    var note = div.querySelector("p.fl-chart-failed");
    if (!note) {  // the live region first, its words a frame later, so that screen readers announce them
      note = document.createElement("p");
      note.className = "fl-chart-failed";
      note.setAttribute("role", "status");
      div.appendChild(note);
    }
    var why = String((error && error.message) || error);
    requestAnimationFrame(function () {
      note.textContent = "This chart could not be drawn (" + why + "). " + (location.protocol === "file:"
        ? "A browser loads no chart's data into a page opened from a file: serve the book (make serve) and open it from there."
        : "Reload the page to try again.");
    });
  }

  function plotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!loading) {
      fetchAllFigures();
      loading = new Promise(function (resolve, reject) {
        if (!PLOTLY_URL) { reject(new Error("freezelines-plotly.js: its script tag names no plotly.js (data-plotly)")); return; }
        var tag = document.createElement("script");
        tag.src = PLOTLY_URL;
        tag.async = true;
        tag.onload = function () { resolve(window.Plotly); };
        tag.onerror = function () { reject(new Error("could not load " + PLOTLY_URL)); };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  function meta(layout) { return (layout && layout.meta) || {}; }

  /* A map's height from its width: the plot area keeps the map's aspect (height over width). */
  function fitMap(div) {
    var full = div._fullLayout;
    var aspect = meta(full).aspect;
    if (!full || !aspect) { return Promise.resolve(div); }
    var want = full._size.w * aspect;
    var delta = want - full._size.h;
    if (Math.abs(delta) < 2) { return Promise.resolve(div); }
    return window.Plotly.relayout(div, { height: Math.round(full.height + delta) });
  }

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }
  function declutter(div) {
    var labels = div.querySelectorAll("g.textpoint text");
    labels.forEach(function (t) { t.style.display = ""; });
    var kept = [];
    labels.forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (!r.width || !t.textContent) { return; }
      if (kept.some(function (k) { return overlaps(k, r); })) { t.style.display = "none"; } else { kept.push(r); }
    });
  }

  /* The chart's headline (the page shows it above the chart), its source and the book's credit. */
  function words(div, layout) {
    var head = document.getElementById(div.id + "-headline");
    var page = String(window.location.href).split("#")[0];
    var book = document.title.split(" \u2014 ").pop();  // "<page> — <the book's title, from _config.yml>"
    return {
      headline: head ? head.textContent.trim() : "",
      source: meta(layout).source ? "Source: " + meta(layout).source : "",
      credit: "Chart: " + book + ", " + page
    };
  }
  /* Lines no wider than `width` px in the canvas's current font. */
  function fit(ctx, text, width) {
    var lines = [];
    String(text || "").split(/\s+/).filter(Boolean).forEach(function (word) {
      var last = lines.length - 1;
      if (last >= 0 && ctx.measureText(lines[last] + " " + word).width <= width) { lines[last] += " " + word; } else { lines.push(word); }
    });
    return lines;
  }
  /* The PNG: the chart exactly as drawn (Plotly.toImage at its size), on a canvas with the headline
   * above it and the source and credit below, at twice the screen's pixels. What was written is
   * kept on the chart (div.freezelinesImage: the tests read it). */
  var HEAD = { font: "600 16px sans-serif", px: 22 }, FOOT = { font: "12px sans-serif", px: 16 }, PAD = 12, SCALE = 2;
  function saveImage(div) {
    var full = div._fullLayout, said = words(div, div.layout), width = full.width;
    var canvas = document.createElement("canvas"), ctx = canvas.getContext("2d");
    ctx.font = HEAD.font;
    var head = fit(ctx, said.headline, width - 2 * PAD);
    ctx.font = FOOT.font;
    var foot = fit(ctx, said.source, width - 2 * PAD).concat(fit(ctx, said.credit, width - 2 * PAD));
    var top = head.length * HEAD.px + 2 * PAD, bottom = foot.length * FOOT.px + 2 * PAD;
    var image = { headline: said.headline, head: head, foot: foot, width: width, height: full.height + top + bottom };
    // The chart as SVG (a data: address, which the page's content policy allows; Plotly's own PNG
    // passes through a blob: one), drawn on the canvas at twice its size.
    return window.Plotly.toImage(div, { format: "svg", width: width, height: full.height }).then(function (url) {
      return new Promise(function (resolve, reject) {
        var img = new Image();
        img.onload = function () { resolve(img); };
        img.onerror = function () { reject(new Error("could not draw the chart " + div.id)); };
        img.src = url;
      });
    }).then(function (img) {
      canvas.width = width * SCALE;
      canvas.height = image.height * SCALE;
      ctx.scale(SCALE, SCALE);
      ctx.fillStyle = "#ffffff";
      ctx.fillRect(0, 0, width, image.height);
      ctx.textBaseline = "top";
      ctx.fillStyle = "#222222";
      ctx.font = HEAD.font;
      head.forEach(function (line, i) { ctx.fillText(line, PAD, PAD + i * HEAD.px); });
      ctx.drawImage(img, 0, top, width, full.height);
      ctx.fillStyle = "#444444";
      ctx.font = FOOT.font;
      foot.forEach(function (line, i) { ctx.fillText(line, PAD, top + full.height + PAD + i * FOOT.px); });
      div.freezelinesImage = image;
      var link = document.createElement("a");
      link.href = canvas.toDataURL("image/png");
      link.download = (div.id || "chart").replace(/[^\w-]+/g, "-") + ".png";
      document.body.appendChild(link);
      link.click();
      link.remove();
      return image;
    });
  }
  function withCredit(buttons, div) {
    return buttons.map(function (group) {
      return group.map(function (name) {
        if (name !== "toImage") { return name; }
        return { name: "toImageWithCredit", title: "Download the chart as a PNG, with its headline, source and credit",
                 icon: window.Plotly.Icons.camera, click: function () { saveImage(div); } };
      });
    });
  }

  /* The page's one reader of whole numbers packed by freezelines.viz.packed_integers (the charts'
   * steps; the widgets' lines, through window.freezelinesUnpack): five bits a digit, lowest first,
   * zigzag-mapped; in arithmetic, exact to 2**53. A bad string throws, naming where. */
  var DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", DIGIT = {};
  for (var d = 0; d < 64; d++) { DIGIT[DIGITS.charCodeAt(d)] = d; }
  function unpack(text) {
    var out = [], z = 0, unit = 1;
    for (var at = 0; at < text.length; at++) {
      var digit = DIGIT[text.charCodeAt(at)];
      if (digit === undefined) { throw new Error("packed integers have " + JSON.stringify(text.charAt(at)) + " at " + at + ": not one of the 64 digits"); }
      z += (digit % 32) * unit;
      if (z > Number.MAX_SAFE_INTEGER || unit > Number.MAX_SAFE_INTEGER) { throw new Error("packed integers have a number too long to be exact at " + at); }
      if (digit < 32) {
        out.push(z % 2 ? -(z + 1) / 2 : z / 2);
        z = 0; unit = 1;
      } else {
        unit *= 32;
      }
    }
    if (unit > 1) { throw new Error("packed integers end inside a number (at " + text.length + ")"); }
    return out;
  }
  window.freezelinesUnpack = unpack;

  /* Whole-number arrays arrive as their steps down the first axis, taken once or twice (`order`),
   * packed (book/integer_steps.py): unpack them and add them back up as often, each column of a
   * table on its own. */
  function unstep(value) {
    if (Array.isArray(value)) { return value.map(unstep); }
    if (!value || typeof value !== "object") { return value; }
    if (typeof value.steps === "string" && value.dtype) {
      var dims = value.shape ? String(value.shape).split(",") : [];
      var table = dims.length > 1, columns = table ? Number(dims[1]) : 1;
      var flat = unpack(value.steps);
      for (var pass = 0; pass < (value.order || 1); pass++) {
        for (var i = columns; i < flat.length; i++) { flat[i] += flat[i - columns]; }
      }
      var rows = [];
      for (var r = 0; r < flat.length; r += columns) { rows.push(table ? flat.slice(r, r + columns) : flat[r]); }
      return rows;
    }
    var out = {};
    Object.keys(value).forEach(function (key) { out[key] = unstep(value[key]); });
    return out;
  }

  function draw(div) {
    if (div.dataset.drawn) { return; }
    var text = figureText(div);
    if (!text) { return; }
    div.dataset.drawn = "1";
    delete div.dataset.failed;
    div.freezelinesReady = Promise.all([text, plotly()]).then(function (here) {
      return plot(div, JSON.parse(here[0]));
    });
    div.freezelinesReady.catch(function (error) { failed(div, error); });
  }

  function plot(div, fig) {
    fig.data = unstep(fig.data || []);
    fig.frames = unstep(fig.frames || []);
    var layout = fig.layout || {};
    var config = Object.assign({ responsive: true, displaylogo: false }, fig.config || {});
    if (TOUCH) {
      // Phones and tablets: no modebar (there is no hover to show it) and no range slider (a
      // second drawing of every trace, too thin for a finger); the range buttons stay.
      Object.keys(layout).forEach(function (key) {
        if (/^xaxis\d*$/.test(key) && layout[key].rangeslider) { layout[key].rangeslider.visible = false; }
      });
      config.displayModeBar = false;
      if (layout.margin && meta(layout).modebar_band) {
        layout.margin.t = Math.max(0, layout.margin.t - meta(layout).modebar_band);
        if (layout.height) { layout.height -= meta(layout).modebar_band; }
      }
    }
    if (printing) { layout.width = PRINT_WIDTH; }  // drawn for the paper (see "Printing" below)
    if (meta(layout).aspect) {
      var m = layout.margin || {};
      var width = printing ? PRINT_WIDTH : div.clientWidth || 600;
      layout.height = Math.round((m.t || 0) + (m.b || 0) + 40 + (width - (m.l || 0) - (m.r || 0)) * meta(layout).aspect);
    }
    if (config.modeBarButtons) { config.modeBarButtons = withCredit(config.modeBarButtons, div); }
    return window.Plotly.newPlot(div, { data: fig.data || [], layout: layout, frames: fig.frames || [], config: config })
      .then(fitMap).then(function () {
        declutter(div);
        div.on("plotly_afterplot", function () { declutter(div); });
        var poster = div.querySelector(POSTER);
        if (poster) { poster.remove(); }  // the live chart is drawn beneath it, in the same box
        var note = div.querySelector("p.fl-chart-failed");
        if (note) { note.remove(); }  // an earlier try's
        div.style.height = "";  // the room kept before drawing: Plotly sizes the chart now
        div.style.aspectRatio = "";
        div.dispatchEvent(new CustomEvent("freezelines:plotted", { bubbles: true }));
        return div;
      });
  }

  /* Posters. A widget opened from a link that holds a view shows that view, not its poster. */
  var near = [];  // posters near the viewport: a key press anywhere draws them
  function whenIdle(callback) {
    var idle = function () {
      setTimeout(function () {
        if (window.requestIdleCallback) { window.requestIdleCallback(callback, { timeout: IDLE_TIMEOUT }); } else { callback(); }
      }, IDLE_AFTER_LOAD);
    };
    if (document.readyState === "complete") { idle(); } else { window.addEventListener("load", idle, { once: true }); }
  }
  function posterNear(div) {
    if (div.dataset.drawn) { return; }
    near.push(div);
    whenIdle(function () { draw(div); });
  }
  function withPoster(div) {
    var poster = div.querySelector(POSTER);
    if (!poster) { return false; }
    var zone = div.closest(WIDGET);
    if (zone && window.location.hash.length > 1) { poster.remove(); return false; }
    var now = function () { draw(div); };
    ["pointerover", "pointerdown", "touchstart", "focusin"].forEach(function (type) {
      (zone || div).addEventListener(type, now, { once: true, passive: true });
    });
    return true;
  }
  document.addEventListener("keydown", function () { near.forEach(function (div) { draw(div); }); });

  function start() {
    var charts = document.querySelectorAll("div.freezelines-plotly");
    if (!charts.length) { return; }
    var posters = [];
    charts.forEach(function (div) { if (withPoster(div)) { posters.push(div); } });
    if (!("IntersectionObserver" in window)) { charts.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) { return; }
        observer.unobserve(entry.target);
        if (posters.indexOf(entry.target) >= 0) { posterNear(entry.target); } else { draw(entry.target); }
      });
    }, { rootMargin: NEAR });
    charts.forEach(function (div) { observer.observe(div); });
    var resized = null;
    window.addEventListener("resize", function () {
      clearTimeout(resized);
      resized = setTimeout(function () {
        charts.forEach(function (div) { if (div._fullLayout) { fitMap(div); } });
      }, 200);
    });
  }
  window.freezelinesSaveImage = saveImage;
  /* Tests and scripts can ask for every chart at once. */
  window.freezelinesDrawAll = function () {
    document.querySelectorAll("div.freezelines-plotly").forEach(draw);
    return Promise.all(Array.prototype.map.call(document.querySelectorAll("div.freezelines-plotly"),
      function (div) { return div.freezelinesReady; }));
  };

  /* Printing (or saving as PDF): a chart never scrolled into view would print as an empty box,
   * and a chart drawn for a wide screen would be cut at the paper's edge. Ctrl+P (or Cmd+P), and
   * the theme's print button through window.freezelinesPrint, first draw every chart, then open
   * the print dialog. On "beforeprint" (however printing began) every chart is drawn or redrawn
   * at the paper's width (A4 or Letter with the margins of freezelines-print.css) synchronously,
   * as the browser does not wait for a promise; that needs plotly.js and the figures already here
   * (the pages' Content-Security-Policy forbids running plotly.js from a string; the figures all
   * come with it), and a chart that could not be drawn prints a note saying how to print it.
   * After printing the charts take the screen's width again. */
  var PRINT_WIDTH = 660;
  var printing = false;
  function printWidth(div) {
    var full = div._fullLayout;
    var update = { width: PRINT_WIDTH };
    if (meta(full).aspect) {
      update.height = Math.round(full.margin.t + full.margin.b + (PRINT_WIDTH - full.margin.l - full.margin.r) * meta(full).aspect);
    }
    return window.Plotly.relayout(div, update);
  }
  window.freezelinesPrint = function () {
    var print = function () { window.print(); };  // a chart that failed prints its note
    return window.freezelinesDrawAll().then(print, print);
  };
  document.addEventListener("keydown", function (event) {
    var undrawn = document.querySelector("div.freezelines-plotly:not(.js-plotly-plot)");
    if (!undrawn || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey || String(event.key).toLowerCase() !== "p") { return; }
    event.preventDefault();
    window.freezelinesPrint();
  });
  window.addEventListener("beforeprint", function () {
    // A printed widget says which view it shows: its link (text only, never markup).
    document.querySelectorAll(".freezelines-explorer, .freezelines-deal").forEach(function (widget) {
      widget.setAttribute("data-print-url", window.location.href);
    });
    var charts = document.querySelectorAll("div.freezelines-plotly");
    if (!charts.length) { return; }
    if (!window.Plotly) { plotly(); return; }  // too late for this print (a poster prints): ready for the next
    printing = true;
    charts.forEach(function (div) {
      if (div._fullLayout) { printWidth(div); return; }
      if (figures[div.id] === undefined) { figureText(div); return; }  // still on its way: ready for the next
      delete div.dataset.drawn;
      div.style.height = "";
      div.style.aspectRatio = "";
      draw(div);
    });
  });
  window.addEventListener("afterprint", function () {
    if (!printing) { return; }
    printing = false;
    document.querySelectorAll("div.freezelines-plotly").forEach(function (div) {
      if (!div._fullLayout) { return; }
      delete div.layout.width;  // (relayout with a null width fails in plotly.js 4)
      div.layout.autosize = true;
      window.Plotly.Plots.resize(div).then(function () { return fitMap(div); });
    });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
