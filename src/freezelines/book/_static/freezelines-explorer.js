/* Freeze the Lines? - the static "freeze the lines" explorer.
 * Written for this book. It reads the model's precomputed results (inert JSON in the
 * page), and on every move of the native range input, preset button or menu it redraws
 * the held area on the Plotly map (served by the book itself) and rewrites the panels:
 * one restyle of the map per animation frame, the panels in the frame after.
 * The range input works with the keyboard (arrow keys, Home, End, Page Up/Down).
 * A preset moves the slider and the tracker to its line, or says that its line is not
 * one of the weekly ones. A proposal is a preset drawn on DeepStateMap's line of its day:
 * its Russian side, any demilitarised zone, its terms and what it would change. The download link under the map saves the current selection. */
(function () {
  "use strict";

  var F = window.FreezeLines, fmt = F.fmt, el = F.el, people = F.people;
  function pct(x, digits) { return (x * 100).toFixed(digits === undefined ? 1 : digits) + "%"; }
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
    var headline = document.getElementById(root.dataset.chart + "-headline");
    var download = root.querySelector(".chart-download a");
    var range = root.querySelector("input.fx-week");
    var output = root.querySelector("output.fx-date");
    var source = root.querySelector("select.fx-source");
    var compare = root.querySelector("select.fx-compare");
    var buttons = root.querySelectorAll("button.fx-preset");
    var sentence = root.querySelector(".fx-sentence");
    var panels = root.querySelector(".fx-panels");
    var state = { source: data["default"].source, index: data["default"].index, preset: null, compare: "" };
    var frame = null, traces = null;  // the map's traces by meta, once it is drawn
    function decode(text) { return F.decode(text, data.scale); }

    function entry() {
      return state.preset !== null ? data.presets[state.preset] : data.sources[state.source][state.index];
    }
    function trackerLabel(e) {
      if (e.deal) { return "drawn on " + data.source_labels[data.deal_source] + "'s line of " + e.deal.day; }
      return data.source_labels[state.preset === null ? state.source : e.source] || "";
    }

    /* A proposal's Russian side is hypothetical: it is "the Russian side", not "held" or "seized". */
    function sideName(e) { return e.deal ? "Russian side" : "Russian-held side"; }

    /* The rows of the panels and of the CSV: [section, measure, value]. */
    function rows(e) {
      var out = [];
      function add(section, measure, value) { out.push([section, measure, value]); }
      if (e.deal) {
        var d = e.deal, what = "What it would change, on the line of " + d.day;
        add(what, "Ukraine would give up beyond the line", fmt(d.gives[0]) + " km²" +
          (d.zone ? " (of which a demilitarised zone: " + fmt(d.zone) + " km²)" : ""));
        add(what, "… its pre-war residents", people(d.gives[1]));
        add(what, "… its cities of " + fmt(data.min_population) + " or more", String(d.gives[2]));
        add(what, "Russian forces would give up", fmt(d.returns[0]) + " km²");
        add(what, "… its pre-war residents", people(d.returns[1]));
        add(what, "… its cities of " + fmt(data.min_population) + " or more", String(d.returns[2]));
        add(what, "The line Ukrainian forces would hold", fmt(d.front) + " km");
      }
      var side = sideName(e);
      var area = e.deal ? "The Russian side under the proposal" : "Area held by Russian forces";
      add(area, "Total", fmt(e.total) + " km² (" + pct(e.share) + " of Ukraine)");
      add(area, e.deal ? "Inside the 2014–2022 line" : "Held before 24 Feb 2022", fmt(e.before) + " km²");
      add(area, e.deal ? "Beyond the 2014–2022 line" : "Seized since", fmt(Math.max(e.seized, 0)) + " km²");
      Object.keys(e.others).forEach(function (s) {
        if (s !== state.source || e.deal) { add(area, (e.deal ? "Held that day, " : "Same day, ") + data.source_labels[s], fmt(e.others[s]) + " km²"); }
      });
      add(area, e.deal ? "Its edge (the line Ukrainian forces would hold)" : "Front line", fmt(e.front) + " km");
      add(area, e.deal ? "Sea of Azov coast on the Russian side" : "Sea of Azov coast held", pct(e.azov, 0));
      var shares = "The claimed oblasts and Crimea: share " + (e.deal ? "on the Russian side" : "held");
      data.oblasts.forEach(function (name, i) { add(shares, name, pct(e.oblasts[i], 0)); });
      data.sites.forEach(function (name, i) { add("Key sites", name, e.sites[i] ? side : "Ukrainian side"); });
      data.distance_cities.forEach(function (name, i) {
        add("Distance from the line", name, e.distances[i] === 0 ? "on the " + side : fmt(e.distances[i]) + " km");
      });
      return out;
    }

    function drawDeal(d) {
      var s = section(panels, d.name + ", " + d.date);
      s.classList.add("fx-deal");
      s.appendChild(el("p", "By " + d.by + ". " + d.terms));
      var reading = el("p");
      reading.appendChild(el("em", "The book's reading: "));
      reading.appendChild(document.createTextNode(d.reading));
      s.appendChild(reading);
      var cited = el("p", "Source: ");
      d.sources.forEach(function (source, i) {
        var a = el("a", source.text);
        a.href = source.url;
        if (i) { cited.appendChild(document.createTextNode("; ")); }
        cited.appendChild(a);
      });
      cited.appendChild(document.createTextNode(". What each proposal said of the plant, Melitopol and the corridor: "));
      var link = el("a", "Deals on the table");
      link.href = data.deals_chapter;
      cited.appendChild(link);
      cited.appendChild(document.createTextNode("."));
      s.appendChild(cited);
    }

    function drawPanels(e) {
      panels.textContent = "";
      if (e.deal) { drawDeal(e.deal); }
      var sections = {}, order = [];
      rows(e).forEach(function (r) {
        if (!sections[r[0]]) { sections[r[0]] = el("table"); order.push(r[0]); }
        row(sections[r[0]], [r[1], r[2]]);
      });
      order.forEach(function (title, i) {
        var s = section(panels, title);
        s.appendChild(sections[title]);
        if (i === 0 && state.compare && e.changes[state.compare]) {
          var c = e.changes[state.compare];
          var net = " (net " + (c[0] - c[1] >= 0 ? "+" : "−") + fmt(Math.abs(c[0] - c[1])) + " km²).";
          s.appendChild(el("p", "Against " + data.comparators[state.compare] + (e.deal
            ? ": the proposal's Russian side takes in " + fmt(c[0]) + " km² Russia did not hold then and leaves out " +
              fmt(c[1]) + " km² it held then" + net
            : ": Russia holds " + fmt(c[0]) + " km² it did not hold then and no longer holds " + fmt(c[1]) +
              " km² it held then" + net), "fx-change"));
        }
        if (i === 0) {
          var residents = section(panels, "People and cities on the " + sideName(e));
          var cities = e.cities ? e.cities.split(",").map(Number) : [];
          residents.appendChild(el("p", "About " + fmt(e.population) + " pre-war residents (Ukrstat, 1 Jan 2022; Crimea and Sevastopol not included)."));
          residents.appendChild(el("p", cities.length + " cities and towns of " + fmt(data.min_population) + " people or more, largest first:"));
          var list = el("ol", undefined, "fx-cities");
          cities.slice(0, 15).forEach(function (k) {
            var c = data.cities[k];
            list.appendChild(el("li", c[0] + " (" + fmt(c[1]) + ", " + c[2] + ")"));
          });
          residents.appendChild(list);
          if (cities.length > 15) { residents.appendChild(el("p", "… and " + (cities.length - 15) + " more.")); }
        }
      });
    }

    function csv() {
      var e = entry();
      var lines = [["# Freeze the Lines? explorer: " + (e.deal ? "" : "a ceasefire on ") + e.label + (trackerLabel(e) ? " (" + trackerLabel(e) + ")" : "")],
                   ["# " + e.sentence], ["section", "measure", "value"]];
      rows(e).forEach(function (r) { lines.push(r); });
      (e.cities ? e.cities.split(",").map(Number) : []).forEach(function (k) {
        var c = data.cities[k];
        lines.push(["Cities and towns on the " + (e.deal ? "Russian side" : "Russian-held side"), c[0] + " (" + c[2] + ")", String(c[1])]);
      });
      return lines;
    }

    function drawMap() {
      var e = entry();
      var held = decode(e.line);
      var other = state.compare ? decode(data.comparator_lines[state.compare]) : [[], []];
      var zone = e.zone ? decode(e.zone) : [[], []];
      var update = {
        x: [held[0], other[0], zone[0]], y: [held[1], other[1], zone[1]],
        visible: [true, Boolean(state.compare), Boolean(e.zone)],
        name: [e.deal ? "Russian side under the proposal" : "held by Russian forces",
               state.compare ? "compared with " + data.comparators[state.compare] : "comparison line", "demilitarised zone"]
      };
      if (traces) { Plotly.restyle(chart, update, [traces.held, traces.compare, traces.zone]); }
      if (headline) {
        headline.textContent = (e.deal ? "The Russian side under " : "Russian-held area: ") + e.label +
          (trackerLabel(e) ? " (" + trackerLabel(e) + ")" : "");
      }
      var off = state.preset !== null && !data.presets[state.preset].on_slider;
      output.textContent = e.label + (e.deal ? " (a proposal, on the line of " + e.deal.day + ")" : off ? " (not a weekly line)" : "");
      range.setAttribute("aria-valuetext", output.textContent);
      sentence.textContent = e.sentence + (e.quality !== "ok" ? " (Tracker data quality on this day: " + e.quality.replace("_", " ") + ".)" : "");
      buttons.forEach(function (b) {
        var p = data.presets[Number(b.dataset.preset)];
        var pressed = Number(b.dataset.preset) === state.preset ||
          (state.preset === null && p.source === state.source && p.date === e.date && p.on_slider);
        b.setAttribute("aria-pressed", String(pressed));
      });
      root.dataset.total = String(e.total);
      root.dataset.label = e.label;
      root.dataset.date = e.date;
      root.dataset.source = state.preset === null ? state.source : e.source;
      if (e.deal) { root.dataset.gives = String(e.deal.gives[0]); } else { delete root.dataset.gives; }
    }

    /* One redraw per animation frame, whatever the number of input events; panels after the map. */
    function schedule() {
      if (frame !== null) { return; }
      var start = performance.now();
      root.dataset.pending = "1";
      frame = requestAnimationFrame(function () {
        var map = performance.now();
        drawMap();
        root.dataset.mapMs = (performance.now() - map).toFixed(1);
        requestAnimationFrame(function () {
          frame = null;
          var panel = performance.now();
          drawPanels(entry());
          root.dataset.panelMs = (performance.now() - panel).toFixed(1);
          root.dataset.stepMs = (performance.now() - start).toFixed(1);
          delete root.dataset.pending;
          root.dispatchEvent(new CustomEvent("freezelines:rendered"));
        });
      });
    }

    function setSource(key, day) {
      var lines = data.sources[key];
      state.source = key;
      source.value = key;
      var index = 0;
      for (var i = 0; i < lines.length; i++) { if (lines[i].date <= day) { index = i; } }
      state.index = index;
      range.max = String(lines.length - 1);
      range.value = String(index);
    }

    range.addEventListener("input", function () {
      state.preset = null;
      state.index = Number(range.value);
      schedule();
    });
    source.addEventListener("change", function () {
      var day = entry().date;
      state.preset = null;
      setSource(source.value, day);
      schedule();
    });
    compare.addEventListener("change", function () { state.compare = compare.value; schedule(); });
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var i = Number(b.dataset.preset), p = data.presets[i];
        var tracker = p.deal ? data.deal_source : p.source;  // a proposal is drawn on one tracker's line of its day
        if (data.sources[tracker]) { setSource(tracker, p.date || entry().date); }
        state.preset = p.on_slider ? null : i;
        schedule();
      });
    });
    F.downloadOnClick(download, function () {
      var e = entry();
      return "freeze-the-lines-" + (e.deal ? e.key.replace("deal:", "") : e.date || e.label);
    }, csv);
    F.whenDrawn(chart, function () { traces = F.traces(chart); schedule(); });
    root.classList.add("fx-ready");
  }

  F.start(".freezelines-explorer", init);
})();
