/* Freeze the Lines? - the static "freeze the lines" explorer.
 * Written for this book. It reads the model's precomputed results (inert JSON in the
 * page), and on every move of the native range input, preset button or menu it redraws
 * the held area on the Plotly map (served by the book itself) and rewrites the panels.
 * The range input works with the keyboard (arrow keys, Home, End, Page Up/Down). */
(function () {
  "use strict";
  var HELD = 2, COMPARE = 3;  // trace indices: oblast borders, Ukraine's outline, held, comparison, cities

  function decode(text) {
    var code = text ? text.split(",").map(Number) : [];
    var xs = [], ys = [], i = 0, x = 0, y = 0;
    while (i < code.length) {
      var n = code[i++];
      for (var k = 0; k < n; k++) {
        x += code[i]; y += code[i + 1]; i += 2;
        xs.push(x / 100); ys.push(y / 100);
      }
      xs.push(null); ys.push(null);
    }
    return [xs, ys];
  }
  function fmt(n) { return Math.round(n).toLocaleString("en-GB"); }
  function pct(x, digits) { return (x * 100).toFixed(digits === undefined ? 1 : digits) + "%"; }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }
  function row(table, cells) {
    var tr = el("tr");
    cells.forEach(function (c, i) { tr.appendChild(el(i === 0 ? "th" : "td", c)); });
    if (tr.firstChild) { tr.firstChild.setAttribute("scope", "row"); }
    table.appendChild(tr);
  }
  function section(parent, title) {
    var s = el("section", undefined, "fx-panel");
    s.appendChild(el("h3", title));
    parent.appendChild(s);
    return s;
  }

  function init(root) {
    var data = JSON.parse(root.querySelector("script.fx-data").textContent);
    var chart = document.getElementById(root.dataset.chart);
    var range = root.querySelector("input.fx-week");
    var output = root.querySelector("output.fx-date");
    var source = root.querySelector("select.fx-source");
    var compare = root.querySelector("select.fx-compare");
    var buttons = root.querySelectorAll("button.fx-preset");
    var sentence = root.querySelector(".fx-sentence");
    var panels = root.querySelector(".fx-panels");
    var state = { source: data["default"].source, index: data["default"].index, preset: null, compare: "" };

    function entry() {
      return state.preset !== null ? data.presets[state.preset] : data.sources[state.source][state.index];
    }

    function drawPanels(e) {
      panels.textContent = "";
      var area = section(panels, "Area held by Russian forces");
      var t = el("table");
      row(t, ["Total", fmt(e.total) + " km² (" + pct(e.share) + " of Ukraine)"]);
      row(t, ["Held before 24 Feb 2022", fmt(e.before) + " km²"]);
      row(t, ["Seized since", fmt(e.seized) + " km²"]);
      Object.keys(e.others).forEach(function (s) {
        if (s !== state.source) { row(t, ["Same day, " + data.source_labels[s], fmt(e.others[s]) + " km²"]); }
      });
      row(t, ["Front line", fmt(e.front) + " km"]);
      row(t, ["Sea of Azov coast held", pct(e.azov, 0)]);
      area.appendChild(t);
      if (state.compare && e.changes[state.compare]) {
        var c = e.changes[state.compare];
        area.appendChild(el("p", "Against " + data.comparators[state.compare] + ": Russia holds " + fmt(c[0]) +
          " km² it did not hold then and no longer holds " + fmt(c[1]) + " km² it held then (net " +
          (c[0] - c[1] >= 0 ? "+" : "−") + fmt(Math.abs(c[0] - c[1])) + " km²).", "fx-change"));
      }
      var ob = section(panels, "The claimed oblasts and Crimea: share held");
      var to = el("table");
      data.oblasts.forEach(function (name, i) { row(to, [name, pct(e.oblasts[i], 0)]); });
      ob.appendChild(to);
      var people = section(panels, "People and cities on the Russian-held side");
      var cities = e.cities ? e.cities.split(",").map(Number) : [];
      people.appendChild(el("p", "About " + fmt(e.population) + " pre-war residents (Ukrstat, 1 Jan 2022; Crimea and Sevastopol not included)."));
      people.appendChild(el("p", cities.length + " cities and towns of 10,000 people or more, largest first:"));
      var list = el("ol", undefined, "fx-cities");
      cities.slice(0, 15).forEach(function (i) {
        var c = data.cities[i];
        list.appendChild(el("li", c[0] + " (" + fmt(c[1]) + ", " + c[2] + ")"));
      });
      people.appendChild(list);
      if (cities.length > 15) { people.appendChild(el("p", "… and " + (cities.length - 15) + " more.")); }
      var sites = section(panels, "Key sites");
      var ts = el("table");
      data.sites.forEach(function (name, i) { row(ts, [name, e.sites[i] ? "Russian-held side" : "Ukrainian side"]); });
      sites.appendChild(ts);
      var dist = section(panels, "Distance from the line");
      var td = el("table");
      data.distance_cities.forEach(function (name, i) {
        row(td, [name, e.distances[i] === 0 ? "on the Russian-held side" : fmt(e.distances[i]) + " km"]);
      });
      dist.appendChild(td);
    }

    function render() {
      var start = performance.now();
      var e = entry();
      var held = decode(e.line);
      Plotly.restyle(chart, { x: [held[0]], y: [held[1]] }, [HELD]);
      if (state.compare) {
        var other = decode(data.comparator_lines[state.compare]);
        Plotly.restyle(chart, { x: [other[0]], y: [other[1]], visible: true,
          name: "compared with " + data.comparators[state.compare] }, [COMPARE]);
      } else {
        Plotly.restyle(chart, { visible: "legendonly" }, [COMPARE]);
      }
      Plotly.relayout(chart, { "title.text": "Russian-held area: " + e.label +
        (state.preset === null ? " (" + data.source_labels[state.source] + ")" : "") });
      output.textContent = e.label;
      range.setAttribute("aria-valuetext", e.label);
      sentence.textContent = e.sentence + (e.quality !== "ok" ? " (Tracker data quality on this day: " + e.quality.replace("_", " ") + ".)" : "");
      drawPanels(e);
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(Number(b.dataset.preset) === state.preset)); });
      root.dataset.total = String(e.total);
      root.dataset.label = e.label;
      root.dataset.date = e.date;
      root.dataset.source = state.preset === null ? state.source : e.source;
      root.dataset.stepMs = (performance.now() - start).toFixed(1);
    }

    range.addEventListener("input", function () {
      state.preset = null;
      state.index = Number(range.value);
      render();
    });
    source.addEventListener("change", function () {
      var lines = data.sources[source.value];
      var day = entry().date;
      state.source = source.value;
      state.preset = null;
      var index = lines.length - 1;
      for (var i = 0; i < lines.length; i++) { if (lines[i].date <= day) { index = i; } }
      state.index = index;
      range.max = String(lines.length - 1);
      range.value = String(index);
      render();
    });
    compare.addEventListener("change", function () { state.compare = compare.value; render(); });
    buttons.forEach(function (b) {
      b.addEventListener("click", function () { state.preset = Number(b.dataset.preset); render(); });
    });

    if (chart.dataset.drawn && chart._fullLayout) {
      (chart.freezelinesReady || Promise.resolve()).then(render);
    } else {
      chart.addEventListener("freezelines:plotted", render, { once: true });
    }
    root.classList.add("fx-ready");
  }

  function start() { document.querySelectorAll(".freezelines-explorer").forEach(init); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
