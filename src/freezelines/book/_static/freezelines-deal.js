/* Freeze the Lines? - the static "build your own deal" panel.
 * Written for this book. The pieces of every choice in every oblast were measured in Python
 * when the book was built (freezelines.model.deals.pieces); this script only adds up the pieces
 * the reader picks (area, pre-war residents, cities and key sites add up over oblasts) and
 * draws them on the Plotly map: one restyle per animation frame. Every control is a native
 * <select>, so the panel works with the keyboard; one short status line is announced to screen
 * readers after each change. The download link under the map saves the reader's deal.
 * The deal lives in the page's address ("#deal=day:us-2025-11;start:us-2025-11;UA23:whole"): a link
 * opens it, back and forward step through the reader's deals (freezelines-common.js, F.share).
 * The panel starts when first needed or when it comes within a screen of the viewport (F.startWhenNeeded),
 * and then fetches its data (a JSON file the build writes, freezelines.book.widget_data); data that cannot
 * be loaded are named in a message in the panel (F.dataFailed). */
(function () {
  "use strict";

  var F = window.FreezeLines, fmt = F.fmt, el = F.el, rounded = F.rounded;
  var has = F.share.has, quote = F.share.quote;
  var PARTS = ["side", "zone", "gives", "returns"];

  function init(root) {
    return F.fetchJson(root.dataset.src).then(function (data) { run(root, data); }, function (error) {
      F.dataFailed(root, "the panel's data", error, "The map shows the latest line; the menus cannot change it.");
    });
  }

  function run(root, data) {
    /* Every word and format the result prints: the book's one table (freezelines.viz.wording), as the
     * live panel prints them (tests/test_front_ends.py compares the two). */
    var W = F.words(data), say = W.say, words = data.wording.deal;
    var chart = document.getElementById(root.dataset.chart);
    var headline = document.getElementById(root.dataset.chart + "-headline");
    var download = root.querySelector(".chart-download a");
    var daySelect = root.querySelector("select.fd-day");
    var start = root.querySelector("select.fd-start");
    var fieldset = root.querySelector("fieldset.fd-oblasts");
    var status = root.querySelector(".fd-status");
    var result = root.querySelector(".fd-result");
    var days = {};
    data.days.forEach(function (d) { days[d.key] = d; });
    var custom = el("option", "your own choices");
    custom.value = "custom";
    custom.disabled = true;
    start.appendChild(custom);
    var state = { day: data["default"], choices: {}, base: null };  // base: the proposal the reader started from
    var frame = null, traces = null;

    function day() { return days[state.day]; }
    function decode(text) { return F.decode(text, data.scale); }
    /* The choice a wish gives in an oblast: the wish where the panel offers it, else keeping the line. */
    function choiceOf(oblast, want) {
      for (var i = 0; i < oblast.choices.length; i++) {
        if (oblast.choices[i].choice === want) { return oblast.choices[i]; }
      }
      return oblast.choices[0];  // "line"
    }
    function picked(oblast) { return choiceOf(oblast, has(state.choices, oblast.code) ? state.choices[oblast.code] : "line"); }
    /* The oblasts where the reader's deal differs from the proposal started from (or from the line). */
    function overrides() {
      var base = state.base ? state.base.choices : {};
      return day().oblasts.filter(function (o) {
        return picked(o).choice !== choiceOf(o, has(base, o.code) ? base[o.code] : "line").choice;
      });
    }
    /* What the "Start from" menu says: the proposal while the deal is exactly it, else "your own choices". */
    function startValue() {
      if (state.base && !overrides().length && state.day === state.base.day) { return state.base.key; }
      return day().oblasts.some(function (o) { return picked(o).choice !== "line"; }) ? "custom" : "";
    }
    function proposal() {
      return data.proposals.filter(function (p) { return p.key === start.value; })[0] || null;
    }
    function percent(share) { return share > 0 && share < 0.005 ? "<1%" : Math.round(share * 100) + "%"; }
    function sorted(keys) { return Object.keys(keys).map(Number).sort(function (a, b) { return a - b; }); }

    /* The totals of the reader's deal: the same sums as freezelines.model.deals.from_pieces. */
    function totals() {
      var out = { sites: {}, zone_sites: {} };
      PARTS.forEach(function (p) { out[p] = [0, 0, []]; });
      day().oblasts.forEach(function (oblast) {
        var c = picked(oblast);
        PARTS.forEach(function (p) {
          out[p][0] += c[p][0]; out[p][1] += c[p][1]; out[p][2] = out[p][2].concat(c[p][2]);
        });
        c.sites.forEach(function (s) { out.sites[s] = true; });
        c.zone_sites.forEach(function (s) { out.zone_sites[s] = true; });
      });
      PARTS.forEach(function (p) { out[p][2].sort(function (a, b) { return a - b; }); });
      out.share = out.side[0] / data.ukraine_km2;
      return out;
    }

    function writeOblasts() {
      fieldset.querySelectorAll(".fd-oblast").forEach(function (n) { n.remove(); });
      day().oblasts.forEach(function (oblast) {
        var id = root.id + "-" + oblast.code;
        var row = el("p", undefined, "fd-oblast fx-row");
        var label = el("label");
        label.htmlFor = id;
        label.appendChild(document.createTextNode(oblast.name + " "));
        label.appendChild(el("span", "(Russian-held: " + fmt(oblast.held) + " km², " + percent(oblast.share) + ")", "fd-held"));
        var select = el("select", undefined, "fd-choice");
        select.id = id;
        select.dataset.code = oblast.code;
        oblast.choices.forEach(function (c) {
          var option = el("option", c.label);
          option.value = c.choice;
          select.appendChild(option);
        });
        select.value = picked(oblast).choice;
        select.addEventListener("change", function () {
          state.choices[oblast.code] = select.value;
          start.value = startValue();
          schedule();
          view.record(oblast.code);
        });
        row.appendChild(label);
        row.appendChild(select);
        fieldset.appendChild(row);
      });
    }

    function cell(tr, text, key, value) {
      var td = el("td", text);
      if (key) { td.dataset.key = key; td.dataset.value = String(value); }
      tr.appendChild(td);
    }
    function km2(n) { return fmt(rounded(n, data.rounding.km2)); }  // to 10 km², as everywhere in the book
    function sourceLinks(sources) {
      var span = el("span");
      sources.forEach(function (s, i) {
        if (i) { span.appendChild(document.createTextNode(data.wording.formats.sources)); }
        span.appendChild(F.sourceLink(s));
      });
      return span;
    }
    /* The result, as the live panel writes it (freezelines.viz.panels.deal_result). */
    function writeResult(t) {
      var p = proposal(), short = day().short, list = data.wording.formats.list;
      result.textContent = "";
      result.appendChild(p
        ? W.put(el("p"), words.intro_proposal, { name: p.name, date: p.date, tracker: data.source_label, day: short,
                                                sources: sourceLinks(p.sources) })
        : el("p", say("deal.intro_own", false, { tracker: data.source_label, day: short })));
      var shareValue = el("strong", say("deal.share_value", false, { share: W.percent(t.share) }));
      shareValue.dataset.key = "side-share";
      shareValue.dataset.value = t.share.toFixed(5);
      result.appendChild(W.put(el("p", undefined, "fd-share"), words.share,
        { share: shareValue, side: km2(t.side[0]), ukraine: km2(data.ukraine_km2) }));
      var table = el("table", undefined, "fd-totals");
      var head = el("tr");
      words.columns.forEach(function (h, i) {
        var th = el("th", W.fill(h, { min_population: fmt(data.min_population) }), i === 0 ? "fd-hidden" : undefined);
        th.setAttribute("scope", "col");
        head.appendChild(th);
      });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      PARTS.forEach(function (part) {
        if (part === "zone" && !t.zone[0]) { return; }
        var tr = el("tr"), th = el("th", words.rows[part]);
        th.setAttribute("scope", "row");
        tr.appendChild(th);
        cell(tr, km2(t[part][0]), part + "-km2", t[part][0].toFixed(2));
        cell(tr, W.residentsCell(t[part][1]), part + "-residents", t[part][1]);
        cell(tr, String(t[part][2].length), part + "-cities", t[part][2].length);
        body.appendChild(tr);
      });
      table.appendChild(body);
      result.appendChild(table);
      var sites = sorted(t.sites), zoneSites = sorted(t.zone_sites);
      var names = function (list_) { return list_.map(function (s) { return data.sites[s]; }).join(list); };
      var sitesLine = el("p", say("deal.sites", false, { sites: sites.length ? names(sites) : words.no_sites }) +
        (zoneSites.length ? say("deal.zone_sites", false, { sites: names(zoneSites) }) : ""), "fd-sites");
      sitesLine.dataset.value = sites.join(",");
      result.appendChild(sitesLine);
      if (t.gives[2].length) {
        var given = t.gives[2].slice().sort(function (a, b) { return a - b; });  // city indices run largest first
        result.appendChild(el("p", say("deal.cities_given", false, { n: given.length, cities: given.map(function (k) {
          return say("deal.city", false, { name: data.cities[k][0], population: fmt(data.cities[k][1]) });
        }).join(list) })));
      }
      var link = el("a", words.chapter_link);
      link.href = root.dataset.chapter;
      result.appendChild(W.put(el("p", undefined, "fd-note"), words.note, { chapter: link }));
      status.textContent = say("deal.status", false, { side: km2(t.side[0]), share: W.percent(t.share),
        gives: km2(t.gives[0]), returns: km2(t.returns[0]) });
    }

    /* The CSV of the reader's deal: each oblast's choice and pieces, then the totals. */
    function csv() {
      var t = totals(), p = proposal();
      var lines = [["# Freeze the Lines? build your own deal, on " + data.source_label + "'s line of " + day().short +
                    (p ? " (starting from " + p.name + ")" : "")],
                   ["oblast", "choice", "Russian side km2", "zone km2", "Ukraine gives up km2", "Russia gives up km2",
                    "Russian side pre-war residents", "Russian side cities"]];
      day().oblasts.forEach(function (oblast) {
        var c = picked(oblast);
        lines.push([oblast.name, c.label, c.side[0].toFixed(1), c.zone[0].toFixed(1), c.gives[0].toFixed(1),
                    c.returns[0].toFixed(1), c.side[1], c.side[2].length]);
      });
      lines.push(["total", "", t.side[0].toFixed(1), t.zone[0].toFixed(1), t.gives[0].toFixed(1), t.returns[0].toFixed(1),
                  t.side[1], t.side[2].length]);
      return lines;
    }

    function drawMap() {
      var side = [[], []], zone = [[], []];
      function add(target, text) {
        var xy = decode(text);
        target[0] = target[0].concat(xy[0]); target[1] = target[1].concat(xy[1]);
      }
      day().oblasts.forEach(function (oblast) {
        var c = picked(oblast);
        if (c.choice === "whole" || c.choice === "pre2022") { add(side, data.shapes[c.choice][oblast.code]); }
        if (c.shape) { add(side, c.shape); }
        if (c.zone_shape) { add(zone, c.zone_shape); }
      });
      var line = decode(day().line);
      Plotly.restyle(chart, { x: [side[0], zone[0], line[0]], y: [side[1], zone[1], line[1]],
                              visible: [true, zone[0].length > 0, true],
                              name: [words.rows.side, data.legend.dmz.label, say("deal.trace_day", false, { day: day().short })],
                              /* the book's one map legend (freezelines.viz.style.MAP_LEGEND), from the payload */
                              fillcolor: [data.legend.held.fillcolor, data.legend.dmz.fillcolor, null],
                              "line.color": [data.legend.held.line.color, data.legend.dmz.line.color,
                                             data.legend_line] },
                     [traces.side, traces.zone, traces.day]);
    }

    function schedule() {
      if (frame !== null) { return; }
      var begin = performance.now();
      root.dataset.pending = "1";
      frame = requestAnimationFrame(function () {
        var t = totals();
        if (traces) { drawMap(); }
        if (headline) { headline.textContent = say("deal.headline", false, { day: day().short }); }
        writeResult(t);
        PARTS.forEach(function (p) { root.dataset[p + "Km2"] = t[p][0].toFixed(2); });
        root.dataset.day = day().date;
        root.dataset.choices = JSON.stringify(day().oblasts.reduce(function (o, ob) { o[ob.code] = picked(ob).choice; return o; }, {}));
        frame = null;
        root.dataset.stepMs = (performance.now() - begin).toFixed(1);
        F.live(status, "status");  // after its first line: it speaks of the reader's changes
        delete root.dataset.pending;
        root.dispatchEvent(new CustomEvent("freezelines:rendered"));
      });
    }

    /* The view in the page's address (F.share): the day, the proposal started from and each oblast
     * where the deal differs from it, for example "day:us-2025-11;start:us-2025-11;UA23:whole". A day
     * is named by its key (the essay's, a proposal's), the latest by its date, so a link keeps its line. */
    function viewText() {
      var out = ["day:" + (state.day === "latest" ? day().date : state.day)];
      if (state.base) { out.push("start:" + state.base.key); }
      overrides().forEach(function (o) { out.push(o.code + ":" + picked(o).choice); });
      return out.join(";");
    }
    function findDay(text, notes) {
      if (has(days, text)) { return text; }
      var iso = F.share.isoDay(text);
      if (iso === null) {
        notes.push("Could not read the day " + quote(text) + " (a day is written 2024-06-13, or essay, latest or a proposal's key).");
        return data["default"];
      }
      if (has(days, "latest") && days.latest.date === iso) { return "latest"; }
      var best = data.days[0], end = data.days[0].date;
      data.days.forEach(function (d) {
        if (F.share.days(d.date, iso) < F.share.days(best.date, iso)) { best = d; }
        if (d.date > end) { end = d.date; }
      });
      if (best.date === iso) { return best.key; }
      notes.push(iso > end
        ? "The panel's lines end on " + F.longDate(end) + ", before " + F.longDate(iso) + "."
        : "The panel has no line of " + F.longDate(iso) + "; the nearest it has is " + F.longDate(best.date) + ".");
      return best.key;
    }
    /* Show the deal a link names, or the nearest the panel has, and say what was changed. */
    function restore(text) {
      var notes = [], want = {}, unknown = [], picks = [];
      F.share.pairs(text).forEach(function (kv) {
        var key = kv[0].trim(), lower = key.toLowerCase();
        if (lower === "day" || lower === "start") {
          if (!has(want, lower)) { want[lower] = kv[1].trim(); }
        } else if (/^ua\d\d$/i.test(key)) {
          picks.push([key.toUpperCase(), kv[1].trim()]);
        } else {
          unknown.push(quote(kv[0] + (kv[1] ? ":" + kv[1] : "")));
        }
      });
      if (unknown.length) { notes.push("Ignored what the panel does not know: " + F.share.listed(unknown) + "."); }
      var base = null;
      if (has(want, "start") && ["", "none", "line"].indexOf(want.start.toLowerCase()) < 0) {
        base = data.proposals.filter(function (p) { return p.key === want.start; })[0] || null;
        if (!base) { notes.push("The panel has no proposal " + quote(want.start) + " to start from."); }
      }
      state.day = has(want, "day") ? findDay(want.day, notes) : base ? base.day : data["default"];
      state.base = base;
      state.choices = base ? Object.assign({}, base.choices) : {};
      var byCode = {}, noOblast = [], noChoice = [];
      day().oblasts.forEach(function (o) { byCode[o.code] = o; });
      picks.forEach(function (pick) {
        var o = has(byCode, pick[0]) ? byCode[pick[0]] : null;
        if (!o) { noOblast.push(pick[0]); return; }
        if (!o.choices.some(function (c) { return c.choice === pick[1]; })) { noChoice.push(o.name + " " + quote(pick[1])); return; }
        state.choices[o.code] = pick[1];
      });
      if (noOblast.length) {
        notes.push("On the line of " + day().short + " there is no choice to make in " + F.share.listed(noOblast) + ".");
      }
      if (noChoice.length) {
        notes.push("Not a choice the panel offers: " + F.share.listed(noChoice) + "; " + (base ? "the proposal's choice" : "the line") + " is kept there.");
      }
      daySelect.value = state.day;
      writeOblasts();
      start.value = startValue();
      if (notes.length) { notes.push("Shown instead: " + describe().shown + "."); }
      schedule();
      return notes;
    }
    /* The view in words (for a note and the citation), and how far the data go. */
    function describe() {
      var p = proposal(), end = data.days.reduce(function (a, d) { return d.date > a ? d.date : a; }, "");
      var what = p ? p.name + " (" + p.date + ")"
        : start.value === "custom" ? "a reader's own deal" + (state.base ? ", starting from " + state.base.name : "")
        : "the line as it stands";
      var shown = what + ", on " + data.source_label + "'s line of " + day().short;
      return { shown: shown, view: "Build-your-own-deal view, " + shown, data: data.source_label + " to " + F.longDate(end) };
    }

    var view = null;  // the view in the address, once registered below
    daySelect.addEventListener("change", function () {
      state.day = daySelect.value;
      writeOblasts();
      start.value = startValue();
      schedule();
      view.record("day");
    });
    start.addEventListener("change", function () {
      var p = proposal();
      state.base = p;
      state.choices = p ? Object.assign({}, p.choices) : {};
      if (p) { state.day = p.day; daySelect.value = p.day; }
      writeOblasts();
      schedule();
      view.record("start");
    });
    F.downloadOnClick(download, function () { return "freeze-the-lines-deal-" + day().date; }, csv);
    writeOblasts();
    schedule();
    view = F.share.register({ name: "deal", root: root, book: data.book, get: viewText, restore: restore, describe: describe });
    F.whenDrawn(chart, function () { traces = F.traces(chart); schedule(); });
    root.classList.add("fd-ready");
  }

  F.startWhenNeeded(".freezelines-deal", init, "100% 0px");
})();
