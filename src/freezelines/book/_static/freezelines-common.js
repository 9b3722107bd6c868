/* Freeze the Lines? - what the explorer and the "build your own deal" panel share.
 * Written for this book: decoding the lines the build encodes (freezelines.viz.explorer.encode),
 * number formats, small DOM helpers, a CSV download of what the reader sees, and starting a
 * widget once its map is drawn. Exposed as window.FreezeLines. */
(function () {
  "use strict";

  /* A held area, as "n,dx,dy,...": rings of delta-encoded integer coordinates (1/scale degree). */
  function decode(text, scale) {
    var code = text ? text.split(",").map(Number) : [];
    var xs = [], ys = [], i = 0, x = 0, y = 0;
    while (i < code.length) {
      var n = code[i++];
      for (var k = 0; k < n; k++) {
        x += code[i]; y += code[i + 1]; i += 2;
        xs.push(x / scale); ys.push(y / scale);
      }
      xs.push(null); ys.push(null);
    }
    return [xs, ys];
  }
  function fmt(n) { return (Math.round(n) || 0).toLocaleString("en-GB"); }  // never "-0"
  /* Pre-war residents, as the book writes them everywhere (freezelines.viz.style.people). */
  function people(n) {
    if (!(n > 0)) { return "none"; }
    return n < 1000 ? "under 1,000" : "about " + fmt(Math.floor(n / 1000 + 0.5) * 1000);
  }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function csvCell(value) {
    var text = String(value);
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }
  /* The chart's download link saves what the reader sees: rows() gives [[cell, ...], ...]. */
  function downloadOnClick(link, name, rows) {
    if (!link) { return; }
    link.addEventListener("click", function () {
      var text = rows().map(function (l) { return l.map(csvCell).join(","); }).join("\n") + "\n";
      var url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
      link.href = url;
      link.setAttribute("download", name().replace(/[^0-9A-Za-z-]+/g, "-") + ".csv");
      setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    });
  }
  /* Call ready() once the widget's map is drawn (the loader draws it as it nears the viewport). */
  function whenDrawn(chart, ready) {
    if (chart.dataset.drawn && chart._fullLayout) {
      (chart.freezelinesReady || Promise.resolve()).then(ready);
    } else {
      chart.addEventListener("freezelines:plotted", ready, { once: true });
    }
  }
  /* The map's traces by their meta name: {held: 1, ...}. */
  function traces(chart) {
    var out = {};
    chart.data.forEach(function (trace, i) { if (trace.meta) { out[trace.meta] = i; } });
    return out;
  }
  function start(selector, init) {
    function run() { document.querySelectorAll(selector).forEach(init); }
    if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
  }

  window.FreezeLines = { decode: decode, fmt: fmt, people: people, el: el, downloadOnClick: downloadOnClick,
                         whenDrawn: whenDrawn, traces: traces, start: start };
})();
