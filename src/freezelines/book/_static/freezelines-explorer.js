/* Freeze the Lines? - the static "freeze the lines" explorer.
 * Written for this book. It reads the model's precomputed results (JSON files the build writes,
 * freezelines.book.widget_data, fetched when it starts: first the core, with the first view's whole
 * entry; each tracker's weekly lines and the presets' lines when the reader first needs them), and
 * on every move of the native range input, preset button or menu it redraws the held area on the
 * Plotly map (served by the book itself) and rewrites the panels: one restyle of the map per
 * animation frame, the panels in the frame after.
 * The range input works with the keyboard (arrow keys, Home, End, Page Up/Down). Beside it, a date
 * field takes any day the tracker covers: a weekly line's day moves the slider there; another day
 * shows the nearest weekly line, says so, and gives that day's own areas from every tracker
 * (the payload's "daily" table, about 6 KB gzipped, instead of a full result for every day).
 * A preset moves the slider and the tracker to its line, or says that its line is not
 * one of the weekly ones. A proposal is a preset drawn on DeepStateMap's line of its day:
 * its Russian side, any demilitarised zone, its terms and what it would change. The download link under the map saves the current selection.
 * The view lives in the page's address ("#explorer=tracker:deepstate;day:2024-06-13;compare:essay_date",
 * "#explorer=proposal:us-2025-11"): a link opens it, back and forward step through the reader's views,
 * and "Copy link" and "Cite this view" give it (freezelines-common.js, F.share).
 * The explorer starts (fetches its data, wires its controls) only when first needed (F.startWhenNeeded:
 * a link's view, its map drawn, or the reader's first touch, key or click in it), not as the page loads.
 * Data that cannot be loaded are named in a message in the explorer (F.dataFailed); the map keeps its view. */
(function () {
  "use strict";

  var F = window.FreezeLines, el = F.el, has = F.share.has, quote = F.share.quote;
  var KEYS = ["tracker", "day", "compare", "preset", "proposal"];  // what the address may say of the explorer's view
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

  /* The parts of the data the core names (data.parts), as the reader of a message would call them. */
  function partName(data, key) {
    if (key === "presets") { return "the presets' and proposals' lines"; }
    var cut = key.lastIndexOf("-");
    return "the weekly lines of " + data.source_labels[key.slice(0, cut)] + " in " + key.slice(cut + 1);
  }

  function init(root) {
    return F.fetchJson(root.dataset.src).then(function (data) { run(root, data); }, function (error) {
      F.dataFailed(root, "the explorer's data", error, "The map shows the latest line; the controls cannot change it.");
    });
  }

  function run(root, data) {
    /* Every word and format the panels print: the book's one table (freezelines.viz.wording), as the
     * live explorer prints them (tests/test_front_ends.py compares the two). */
    var W = F.words(data), say = W.say, area = W.area, km2 = W.km2, pct = W.percent;
    var minPop = W.number(data.min_population);
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
    /* asked: a day typed in the date field (or read from a link) that has no weekly line: the address keeps it. */
    var state = { source: data["default"].source, index: data["default"].index, preset: null, compare: "", asked: null };
    var frame = null, traces = null;  // the map's traces by meta, once it is drawn
    var field = dayField(), outside = "";  // outside: the note on a day typed beyond the tracker's maps
    F.live(sentence);
    F.live(field.note);
    function decode(text) { return F.decode(text, data.scale); }

    /* The parts of the data the view needs and the core does not hold yet, fetched and merged into
     * the core's light entries (their day and label) in order: "presets", or a tracker's weekly lines
     * of one year ("<tracker>-<year>"; freezelines.book.widget_data.merge_part does the same). */
    var base = new URL(root.dataset.src, document.baseURI).href;
    function needed() {
      var out = [];
      if (!has(entry(), "total")) {
        out.push(state.preset !== null ? "presets" : state.source + "-" + entry().date.slice(0, 4));
      }
      if (state.compare && !has(data.presets[presetIndex(state.compare)], "cities") && out.indexOf("presets") < 0) {
        out.push("presets");
      }
      return out;
    }
    function load(keys) {
      return Promise.all(keys.map(function (key) {
        return F.fetchJson(new URL(data.parts[key], base).href).then(function (entries) {
          var cut = key.lastIndexOf("-"), year = key.slice(cut + 1);
          var light = key === "presets" ? data.presets : data.sources[key.slice(0, cut)].filter(function (e) {
            return e.date.slice(0, 4) === year;
          });
          if (light.length !== entries.length) { throw new Error(key + " holds " + entries.length + " lines for " + light.length); }
          entries.forEach(function (full, i) { Object.assign(light[i], full); });
        }).catch(function (error) {
          error.part = key;
          throw error;
        });
      }));
    }

    /* The date field beside the slider, and its note (in the page's markup: no shift when the explorer starts). */
    function dayField() {
      return { input: root.querySelector("input.fx-day-input"), note: root.querySelector(".fx-day-note") };
    }
    /* Each tracker's own area on one day (data.daily), "" where none has a map that day. */
    function dayAreas(day) {
      var said = [];
      Object.keys(data.daily).forEach(function (key) {
        var d = data.daily[key], i = Math.round((Date.parse(day) - Date.parse(d.first)) / 864e5);
        var km2 = i >= 0 && i < d.km2.length ? d.km2[i] : null;
        if (km2 === null || km2 === undefined) { return; }
        var flag = has(d.flags, day) ? say("explorer.off_slider_flag", false, { flag: d.flags[day].replace("_", " ") }) : "";
        said.push(data.source_labels[key] + " " + area(km2) + flag);
      });
      return said.length ? say("explorer.off_slider_areas", false, { areas: said.join(data.wording.formats.sources) }) : "";
    }
    /* The days a tracker covers: from its first map (before its first weekly line) to its last. */
    function span(key) {
      var lines = data.sources[key], d = data.daily[key];
      return [d.first < lines[0].date ? d.first : lines[0].date, lines[lines.length - 1].date];
    }
    function setDay(day) {
      var lines = data.sources[state.source], name = data.source_labels[state.source];
      var first = span(state.source)[0], last = span(state.source)[1];
      if (day < first || day > last) {
        outside = name + " covers " + F.longDate(first) + " to " + F.longDate(last) + "; " + F.longDate(day) + " is outside.";
        field.input.value = lines[state.index].date;
        field.note.textContent = outside;
        return;
      }
      outside = "";
      state.preset = null;
      state.index = nearest(lines, day);
      range.value = String(state.index);
      state.asked = lines[state.index].date === day ? null : day;
      schedule();
      view.record("day");
    }

    /* What the date field says of the view: the day asked, if it has no weekly line (a view, so it
     * stays through every redraw until another control moves the slider). */
    function dayNote() {
      if (state.asked === null || state.preset !== null) { return outside; }
      return say("explorer.off_slider", false, { day: F.longDate(state.asked), areas: dayAreas(state.asked),
        shown: F.longDate(data.sources[state.source][state.index].date) });
    }

    function entry() {
      return state.preset !== null ? data.presets[state.preset] : data.sources[state.source][state.index];
    }
    function trackerLabel(e) {
      if (e.deal) { return say("explorer.drawn_on", true, { map: e.deal.map }); }
      return data.source_labels[state.preset === null ? state.source : e.source] || "";
    }

    /* A proposal's Russian side is hypothetical: it is "the Russian side", not "held" or "seized". */
    function sideName(e) { return say("explorer.side", Boolean(e.deal)); }

    /* The rows of the panels and of the CSV: [section, measure, value] (the live explorer's panel_rows). */
    function rows(e) {
      var out = [], deal = Boolean(e.deal);
      function add(section, measure, value) { out.push([section, measure, value]); }
      function w(key, values) { return say("explorer." + key, deal, values); }
      if (e.deal) {
        var d = e.deal, price = w("price_section");
        add(price, w("price_kept"), w("price_kept_value", { area: area(d.kept[0]), verdict: w("verdict." + (d.passes ? "above" : "below")) }));
        if (d.zone) { add(price, w("price_with_zone", { zone_kind: d.zone_kind }), area(d.kept[1])); }
        var what = w("change_section", { day: d.day });
        add(what, w("gives"), area(d.gives[0]) +
          (d.zone && d.zone_kind === "demilitarised zone" ? w("gives_zone", { area: area(d.zone) }) : ""));
        add(what, w("part_residents"), W.people(d.gives[1]));
        add(what, w("part_cities", { min_population: minPop }), String(d.gives[2]));
        add(what, w("returns"), area(d.returns[0]));
        add(what, w("part_residents"), W.people(d.returns[1]));
        add(what, w("part_cities", { min_population: minPop }), String(d.returns[2]));
        add(what, w("deal_front"), W.length(d.front));
      }
      var side = sideName(e), held = w("held_section");
      add(held, w("total"), w("total_value", { km2: km2(e.total), share: pct(e.share) }));
      add(held, w("before"), km2(e.before));
      add(held, w("seized"), km2(Math.max(e.seized, 0)));
      Object.keys(e.others).forEach(function (s) {
        if (s !== state.source || e.deal) { add(held, w("other_tracker", { tracker: data.source_labels[s] }), km2(e.others[s])); }
      });
      add(held, w("front"), W.length(e.front));
      add(held, w("azov"), pct(e.azov, 0));
      var shares = w("oblast_section");
      data.oblasts.forEach(function (name, i) { add(shares, name, pct(e.oblasts[i], 0)); });
      data.sites.forEach(function (name, i) { add(w("sites_section"), name, e.sites[i] ? side : w("ukrainian_side")); });
      data.distance_cities.forEach(function (name, i) {
        add(w("distance_section"), name, e.distances[i] === 0 ? w("on_side", { side: side }) : W.distance(e.distances[i]));
      });
      return out;
    }

    function drawDeal(d) {
      var s = section(panels, say("explorer.deal_title", true, { name: d.name, date: d.date }));
      s.classList.add("fx-deal");
      s.appendChild(el("p", say("explorer.deal_by", true, { by: d.by, terms: d.terms })));
      var reading = el("p");
      reading.appendChild(el("em", say("explorer.deal_reading", true)));
      reading.appendChild(document.createTextNode(d.reading));
      s.appendChild(reading);
      var cited = el("span");
      d.sources.forEach(function (source, i) {
        if (i) { cited.appendChild(document.createTextNode(data.wording.formats.sources)); }
        cited.appendChild(F.sourceLink(source));
      });
      var link = el("a", say("explorer.chapter_link", true));
      link.href = root.dataset.chapter;
      s.appendChild(W.put(el("p"), W.entry("explorer.deal_source", true), { sources: cited, chapter: link }));
    }

    /* The cities and towns that changed side against the line compared (its preset's city list),
     * largest first: [taken, given up], with their names for a proposal. */
    function changed(e) {
      var then = data.presets[presetIndex(state.compare)], before = {}, now = {};
      var cities = e.cities ? e.cities.split(",").map(Number) : [];
      (then.cities ? then.cities.split(",").map(Number) : []).forEach(function (k) { before[k] = true; });
      cities.forEach(function (k) { now[k] = true; });
      var taken = cities.filter(function (k) { return !before[k]; });
      var left = Object.keys(before).map(Number).filter(function (k) { return !now[k]; }).sort(function (a, b) { return a - b; });
      return [[say("explorer.taken", Boolean(e.deal)), taken, "fx-taken"],
              [say("explorer.given_up", Boolean(e.deal)), left, "fx-given-up"]];
    }
    /* Every one of them, in full, under the panel of people and cities. */
    function changedCities(e, cityList) {
      var box = el("div", undefined, "fx-changed");
      box.appendChild(el("h4", say("explorer.changed_title", false, { line: data.comparators[state.compare] })));
      changed(e).forEach(function (g) {
        var n = g[1].length, count = n ? say(n === 1 ? "explorer.changed_one" : "explorer.changed_many", false,
          { n: n, min_population: minPop }) : say("explorer.changed_none");
        box.appendChild(el("p", say("explorer.changed_count", false, { title: g[0], count: count })));
        if (g[1].length) { var list = cityList(g[1]); list.classList.add(g[2]); box.appendChild(list); }
      });
      return box;
    }

    function drawPanels(e) {
      panels.textContent = "";
      /* A day with no weekly line: say plainly whose measures the panels give (the day's own areas are
       * in the date field's note; the build measures everything else for the weekly lines only). */
      if (state.asked !== null && state.preset === null) {
        panels.appendChild(el("p", say("explorer.off_slider_panels", false, { day: F.longDate(state.asked),
          shown: F.longDate(data.sources[state.source][state.index].date) }), "fx-off-slider"));
      }
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
          s.appendChild(el("p", say("explorer.change", Boolean(e.deal), { line: data.comparators[state.compare],
            gained: km2(c[0]), lost: km2(c[1]), net: W.signedKm2(c[2]) }), "fx-change"));
        }
        if (i === 0) {
          var residents = section(panels, say("explorer.people_section", false, { side: sideName(e) }));
          var cities = e.cities ? e.cities.split(",").map(Number) : [], inView = data.wording.explorer.cities_in_view;
          residents.appendChild(el("p", say("explorer.residents", false, { people: W.people(e.population) })));
          residents.appendChild(el("p", say("explorer.cities_count", false, { n: cities.length, min_population: minPop })));
          /* Every city and town, largest first: the first 15 in view, the rest one click away. */
          function cityList(keys) {
            var list = el("ol", undefined, "fx-cities");
            keys.forEach(function (k) {
              var c = data.cities[k];
              list.appendChild(el("li", say("explorer.city", false, { name: c[0], population: W.number(c[1]), oblast: c[2] })));
            });
            return list;
          }
          residents.appendChild(cityList(cities.slice(0, inView)));
          if (cities.length > inView) {
            var more = el("details", undefined, "fx-more-cities");
            more.appendChild(el("summary", say("explorer.more_cities", false, { n: cities.length - inView })));
            var rest = cityList(cities.slice(inView));
            rest.className = "fx-cities-more";
            rest.setAttribute("start", String(inView + 1));
            more.appendChild(rest);
            residents.appendChild(more);
          }
          if (state.compare) { residents.appendChild(changedCities(e, cityList)); }
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
        lines.push([say("explorer.people_section", false, { side: sideName(e) }), c[0] + " (" + c[2] + ")", String(c[1])]);
      });
      if (state.compare) {
        changed(e).forEach(function (g) {
          g[1].forEach(function (k) {
            var c = data.cities[k];
            lines.push([g[0] + " since " + data.comparators[state.compare], c[0] + " (" + c[2] + ")", String(c[1])]);
          });
        });
      }
      return lines;
    }

    function drawMap() {
      var e = entry();
      var held = decode(e.line);
      var other = state.compare ? decode(data.comparator_lines[state.compare]) : [[], []];
      var zone = e.zone ? decode(e.zone) : [[], []];
      /* the zone's colour and name from the book's one map legend (freezelines.viz.style.MAP_LEGEND) */
      var kind = data.legend[e.deal && e.deal.zone_kind === "land left to later talks" ? "open" : "dmz"];
      var update = {
        x: [held[0], other[0], zone[0]], y: [held[1], other[1], zone[1]],
        visible: [true, Boolean(state.compare), Boolean(e.zone)],
        name: [say("explorer.trace_held", Boolean(e.deal)),
               state.compare ? say("explorer.trace_compare", false, { line: data.comparators[state.compare] })
                 : say("explorer.trace_no_compare"), kind.label],
        fillcolor: [data.legend.held.fillcolor, null, kind.fillcolor],
        "line.color": [data.legend.held.line.color, data.legend_line, kind.line.color],
        "fillpattern.shape": [null, null, kind.fillpattern.shape],
        "fillpattern.fgcolor": [null, null, kind.fillpattern.fgcolor]
      };
      if (traces) { Plotly.restyle(chart, update, [traces.held, traces.compare, traces.zone]); }
      if (headline) { headline.textContent = headlineText(e); }
      var off = state.preset !== null && !data.presets[state.preset].on_slider;
      output.textContent = e.label + (e.deal ? " (a proposal, on the line of " + e.deal.day + ")" : off ? " (not a weekly line)" : "");
      range.setAttribute("aria-valuetext", output.textContent);
      var lines = data.sources[state.source];
      field.input.min = span(state.source)[0];
      field.input.max = span(state.source)[1];
      field.input.value = lines[state.index].date;
      field.note.textContent = dayNote();
      sentence.textContent = e.sentence + (e.quality !== "ok" ? say("explorer.quality", false, { quality: e.quality.replace("_", " ") }) : "");
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

    function headlineText(e) {
      var tracker = trackerLabel(e);
      return say("explorer.headline", Boolean(e.deal), { label: e.label }) + (tracker ? say("explorer.headline_tracker", false, { tracker: tracker }) : "");
    }

    /* The view in the page's address (F.share): a tracker's weekly line (tracker, day), a preset or a
     * proposal, and the line compared; for example "tracker:deepstate;day:2024-06-13;compare:essay_date"
     * or "proposal:us-2025-11". A preset drawn on no tracker's line (the claims) keeps the slider's too. */
    function presetTracker(p) { return p.deal ? p.deal.source : p.source; }
    function viewText() {
      var out = [], p = state.preset === null ? null : data.presets[state.preset];
      if (p) { out.push(p.deal ? "proposal:" + p.deal.key : "preset:" + p.key); }
      if (!p || !has(data.sources, presetTracker(p))) {
        out.push("tracker:" + state.source, "day:" + (state.asked || data.sources[state.source][state.index].date));
      }
      if (state.compare) { out.push("compare:" + state.compare); }
      return out.join(";");
    }
    function presetIndex(key) {
      for (var i = 0; i < data.presets.length; i++) { if (data.presets[i].key === key) { return i; } }
      return null;
    }
    function lastOnOrBefore(lines, day) {
      var index = 0;
      for (var i = 0; i < lines.length; i++) { if (lines[i].date <= day) { index = i; } }
      return index;
    }
    function nearest(lines, day) {
      var best = 0;
      for (var i = 1; i < lines.length; i++) { if (F.share.days(lines[i].date, day) < F.share.days(lines[best].date, day)) { best = i; } }
      return best;
    }
    /* Show the view a link names, or the nearest the explorer has, and say what was changed. */
    function restore(text) {
      var notes = [], want = {}, unknown = [];
      F.share.pairs(text).forEach(function (kv) {
        var key = kv[0].trim().toLowerCase();
        if (KEYS.indexOf(key) < 0) { unknown.push(quote(kv[0] + (kv[1] ? ":" + kv[1] : ""))); }
        else if (!has(want, key)) { want[key] = kv[1].trim(); }
      });
      if (unknown.length) { notes.push("Ignored what the explorer does not know: " + F.share.listed(unknown) + "."); }
      var preset = null;
      if (has(want, "proposal")) {
        preset = presetIndex("deal:" + want.proposal);
        if (preset === null) { notes.push("The book has no proposal " + quote(want.proposal) + "."); }
      }
      if (has(want, "preset")) {
        if (preset !== null) {
          notes.push("Ignored the preset " + quote(want.preset) + ": the link names a proposal.");
        } else {
          preset = presetIndex(want.preset);
          if (preset === null) { notes.push("The explorer has no preset " + quote(want.preset) + "."); }
        }
      }
      var p = preset === null ? null : data.presets[preset];
      var fixed = p !== null && has(data.sources, presetTracker(p));  // the preset's line sets the slider
      if (fixed && (has(want, "tracker") || has(want, "day"))) {
        notes.push("Ignored the tracker and day: the link's " + (p.deal ? "proposal" : "preset") + " sets them.");
      }
      var tracker = fixed ? presetTracker(p) : data["default"].source;
      if (!fixed && has(want, "tracker")) {
        if (has(data.sources, want.tracker)) {
          tracker = want.tracker;
        } else {
          notes.push("The explorer has no tracker " + quote(want.tracker) + "; it shows " + data.source_labels[tracker] + "'s lines.");
        }
      }
      var lines = data.sources[tracker], index = lines.length - 1, asked = null;
      if (fixed) {
        index = lastOnOrBefore(lines, p.date);
      } else if (has(want, "day")) {
        var day = want.day.toLowerCase() === "latest" ? lines[index].date : F.share.isoDay(want.day);
        var first = span(tracker)[0], last = span(tracker)[1], name = data.source_labels[tracker];
        if (day === null) {
          notes.push("Could not read the day " + quote(want.day) + " (a day is written 2024-06-13).");
        } else {
          index = nearest(lines, day);
          if (day > last) {
            notes.push(name + "'s lines end on " + F.longDate(last) + ", before " + F.longDate(day) + ".");
          } else if (day < first) {
            notes.push(name + "'s lines start on " + F.longDate(first) + ", after " + F.longDate(day) + ".");
          } else if (lines[index].date !== day) {
            notes.push("There is no weekly line on " + F.longDate(day) + "; the nearest is " + F.longDate(lines[index].date) + "." + dayAreas(day));
            asked = day;
          }
        }
      }
      var compared = "";
      if (has(want, "compare") && ["", "nothing", "none"].indexOf(want.compare.toLowerCase()) < 0) {
        if (has(data.comparators, want.compare)) {
          compared = want.compare;
        } else {
          notes.push("The explorer has no line " + quote(want.compare) + " to compare with.");
        }
      }
      state.source = tracker;
      source.value = tracker;
      range.max = String(lines.length - 1);
      state.index = index;
      state.asked = asked;
      outside = "";
      range.value = String(index);
      state.preset = p !== null && !p.on_slider ? preset : null;
      state.compare = compared;
      compare.value = compared;
      if (notes.length) { notes.push("Shown instead: " + describe().shown + "."); }
      schedule();
      return notes;
    }
    /* The view in words (for a note and the citation), and how far the data go: "DeepStateMap and
     * liveuamap (via NZZ) to 21 August 2026", trackers grouped by their last day. */
    function describe() {
      var e = entry(), shown = headlineText(e) + (state.compare ? ", compared with " + data.comparators[state.compare] : "");
      var ends = {}, order = [];
      Object.keys(data.sources).forEach(function (key) {
        var last = data.sources[key][data.sources[key].length - 1].date;
        if (!has(ends, last)) { ends[last] = []; order.push(last); }
        ends[last].push(data.source_labels[key]);
      });
      return {
        shown: shown,
        view: "Explorer view, " + shown,
        data: order.map(function (day) { return F.share.listed(ends[day]) + " to " + F.longDate(day); }).join("; ")
      };
    }

    /* One redraw per animation frame, whatever the number of input events; panels after the map. */
    /* A change that comes after the map's frame has drawn (between the two frames) is drawn again. */
    var again = false, mapDone = false;
    function schedule() {
      var missing = needed();
      if (missing.length) {  // drawn once they are here
        root.dataset.pending = "1";
        load(missing).then(schedule, function (error) {
          if (frame === null) { delete root.dataset.pending; }
          F.dataFailed(root, partName(data, error.part), error,
            "The map still shows " + (headline ? headline.textContent : "the view before") + ".");
        });
        return;
      }
      F.dataFailed(root, null, null);  // what the view needs is here: no message of data missing
      if (frame !== null) { again = again || mapDone; return; }
      var start = performance.now();
      mapDone = false;
      root.dataset.pending = "1";
      frame = requestAnimationFrame(function () {
        var map = performance.now();
        drawMap();
        mapDone = true;
        root.dataset.mapMs = (performance.now() - map).toFixed(1);
        requestAnimationFrame(function () {
          frame = null;
          var panel = performance.now();
          drawPanels(entry());
          root.dataset.panelMs = (performance.now() - panel).toFixed(1);
          root.dataset.stepMs = (performance.now() - start).toFixed(1);
          if (again) { again = false; schedule(); return; }
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

    var view = null;  // the view in the address, once registered below
    range.addEventListener("input", function () {
      state.preset = null;
      state.asked = null;
      outside = "";
      state.index = Number(range.value);
      schedule();
      view.record("week");
    });
    source.addEventListener("change", function () {
      var day = entry().date;
      state.preset = null;
      state.asked = null;
      outside = "";
      setSource(source.value, day);
      schedule();
      view.record("tracker");
    });
    field.input.addEventListener("change", function () {
      var day = F.share.isoDay(field.input.value);
      if (day) { setDay(day); }
    });
    compare.addEventListener("change", function () { state.compare = compare.value; schedule(); view.record("compare"); });
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        var i = Number(b.dataset.preset), p = data.presets[i];
        var tracker = p.deal ? p.deal.source : p.source;  // a proposal is drawn on one tracker's line of its day
        if (data.sources[tracker]) { setSource(tracker, p.date || entry().date); }
        state.asked = null;
        outside = "";
        state.preset = p.on_slider ? null : i;
        schedule();
        view.record("preset-" + i);
      });
    });
    F.downloadOnClick(download, function () {
      var e = entry();
      return "freeze-the-lines-" + (e.deal ? e.key.replace("deal:", "") : e.date || e.label);
    }, csv);
    view = F.share.register({ name: "explorer", root: root, book: data.book, get: viewText, restore: restore, describe: describe });
    F.whenDrawn(chart, function () { traces = F.traces(chart); schedule(); });
    root.classList.add("fx-ready");
  }

  F.startWhenNeeded(".freezelines-explorer", init);
})();
