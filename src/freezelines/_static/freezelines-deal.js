/* Freeze the Lines? - the static "build your own deal" panel.
 * Written for this book. The pieces of every choice in every oblast were measured in Python
 * when the book was built (freezelines.deals.pieces); this script only adds up the pieces the
 * reader picks (area, pre-war residents, cities and key sites add up over oblasts) and draws
 * them on the Plotly map: one restyle per animation frame. Every control is a native <select>,
 * so the panel works with the keyboard. */
(function () {
  "use strict";

  var PARTS = ["side", "zone", "gives", "returns"];

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
  function fmt(n) { return (Math.round(n) || 0).toLocaleString("en-GB"); }
  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined) { node.textContent = text; }
    if (cls) { node.className = cls; }
    return node;
  }

  function init(root) {
    var data = JSON.parse(root.querySelector("script.fd-data").textContent);
    var chart = document.getElementById(root.dataset.chart);
    var headline = document.getElementById(root.dataset.chart + "-headline");
    var daySelect = root.querySelector("select.fd-day");
    var start = root.querySelector("select.fd-start");
    var fieldset = root.querySelector("fieldset.fd-oblasts");
    var result = root.querySelector(".fd-result");
    var days = {};
    data.days.forEach(function (d) { days[d.key] = d; });
    var custom = el("option", "your own choices");
    custom.value = "custom";
    custom.disabled = true;
    start.appendChild(custom);
    var state = { day: data["default"], choices: {} };
    var frame = null, traces = null;

    function day() { return days[state.day]; }
    function picked(oblast) {
      var want = state.choices[oblast.code] || "line";
      for (var i = 0; i < oblast.choices.length; i++) {
        if (oblast.choices[i].choice === want) { return oblast.choices[i]; }
      }
      return oblast.choices[0];  // "line"
    }

    /* The totals of the reader's deal: the same sums as freezelines.deals.from_pieces. */
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
        label.appendChild(el("span", "(Russian-held: " + fmt(oblast.held) + " km², " + Math.round(oblast.share * 100) + "%)", "fd-held"));
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
          start.value = "custom";
          schedule();
        });
        row.appendChild(label);
        row.appendChild(select);
        fieldset.appendChild(row);
      });
    }

    var HEADERS = ["", "km²", "pre-war residents", "cities of " + fmt(data.min_population) + "+"];
    function cell(tr, text, key, value) {
      var td = el("td", text);
      if (key) { td.dataset.key = key; td.dataset.value = String(value); }
      tr.appendChild(td);
    }
    function writeResult(t) {
      result.textContent = "";
      var proposal = start.value && start.value !== "custom" ? data.proposals.filter(function (p) { return p.key === start.value; })[0] : null;
      var intro = el("p");
      intro.appendChild(document.createTextNode(proposal
        ? proposal.name + " (" + proposal.date + "), as the book draws it on the line of " + day().short + ". Source: "
        : "Your deal on the line of " + day().short + ". "));
      if (proposal) {
        proposal.sources.forEach(function (s, i) {
          var a = el("a", s.text);
          a.href = s.url;
          if (i) { intro.appendChild(document.createTextNode("; ")); }
          intro.appendChild(a);
        });
        intro.appendChild(document.createTextNode(". "));
      }
      result.appendChild(intro);
      var share = el("p", undefined, "fd-share");
      share.appendChild(document.createTextNode("The Russian side would be "));
      var shareValue = el("strong", (t.share * 100).toFixed(1) + "% of Ukraine");
      shareValue.dataset.key = "side-share";
      shareValue.dataset.value = t.share.toFixed(5);
      share.appendChild(shareValue);
      share.appendChild(document.createTextNode(" (" + fmt(t.side[0]) + " of " + fmt(data.ukraine_km2) + " km²)."));
      result.appendChild(share);
      var table = el("table", undefined, "fd-totals");
      var head = el("tr");
      HEADERS.forEach(function (h) {
        var th = el("th", h); th.setAttribute("scope", "col"); head.appendChild(th);
      });
      var thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
      var body = el("tbody");
      [["side", "Russian side under the deal"], ["zone", "Demilitarised zone"],
       ["gives", "Ukraine would give up beyond the line"], ["returns", "Russian forces would give up"]].forEach(function (r) {
        var p = r[0];
        if (p === "zone" && !t.zone[0]) { return; }
        var tr = el("tr"), th = el("th", r[1]);
        th.setAttribute("scope", "row");
        tr.appendChild(th);
        cell(tr, fmt(t[p][0]), p + "-km2", t[p][0].toFixed(2));
        cell(tr, t[p][1] > 0 && t[p][1] < 1000 ? "under 1,000" : fmt(Math.round(t[p][1] / 1000) * 1000), p + "-residents", t[p][1]);
        cell(tr, String(t[p][2].length), p + "-cities", t[p][2].length);
        body.appendChild(tr);
      });
      table.appendChild(body);
      result.appendChild(table);
      var sites = Object.keys(t.sites).map(Number).sort(function (a, b) { return a - b; });
      var sitesLine = el("p", "Key sites on the Russian side: " + (sites.length ? sites.map(function (s) { return data.sites[s]; }).join(", ") : "none") + ".", "fd-sites");
      sitesLine.dataset.value = sites.join(",");
      result.appendChild(sitesLine);
      if (t.gives[2].length) {
        result.appendChild(el("p", "Cities Ukraine would give up, largest first: " + t.gives[2].slice(0, 10).map(function (k) {
          return data.cities[k][0] + " (" + fmt(data.cities[k][1]) + ")";
        }).join(", ") + (t.gives[2].length > 10 ? ", and " + (t.gives[2].length - 10) + " more." : ".")));
      }
      result.appendChild(el("p", "Pre-war residents: Ukrstat's estimate for 1 January 2022, rounded to the thousand; Crimea and Sevastopol not included. " +
        "The land corridor to Crimea is not added up here: it depends on how the pieces join. A sum of oblast pieces can differ by a few km² " +
        "from the measure of the whole line (the seams between oblasts). Measures of the proposals' own lines: ", "fd-note"));
      var link = el("a", "Deals on the table");
      link.href = data.chapter_url;
      result.lastChild.appendChild(link);
      result.lastChild.appendChild(document.createTextNode("."));
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
                              name: ["Russian side under the deal", "demilitarised zone", "the line of " + day().short] },
                     [traces.side, traces.zone, traces.day]);
      if (headline) { headline.textContent = "The Russian side under the deal, on the line of " + day().short; }
    }

    function schedule() {
      if (frame !== null) { return; }
      var begin = performance.now();
      root.dataset.pending = "1";
      frame = requestAnimationFrame(function () {
        var t = totals();
        if (traces) { drawMap(); }
        writeResult(t);
        PARTS.forEach(function (p) { root.dataset[p + "Km2"] = t[p][0].toFixed(2); });
        root.dataset.day = day().date;
        root.dataset.choices = JSON.stringify(day().oblasts.reduce(function (o, ob) { o[ob.code] = picked(ob).choice; return o; }, {}));
        frame = null;
        root.dataset.stepMs = (performance.now() - begin).toFixed(1);
        delete root.dataset.pending;
        root.dispatchEvent(new CustomEvent("freezelines:rendered"));
      });
    }

    daySelect.addEventListener("change", function () {
      state.day = daySelect.value;
      writeOblasts();
      var any = day().oblasts.some(function (o) { return picked(o).choice !== "line"; });
      start.value = any ? "custom" : "";
      schedule();
    });
    start.addEventListener("change", function () {
      var p = data.proposals.filter(function (q) { return q.key === start.value; })[0];
      state.choices = p ? Object.assign({}, p.choices) : {};
      if (p) { state.day = p.day; daySelect.value = p.day; }
      writeOblasts();
      schedule();
    });

    function ready() {
      traces = {};
      chart.data.forEach(function (trace, i) { if (trace.meta) { traces[trace.meta] = i; } });
      schedule();
    }
    writeOblasts();
    schedule();
    if (chart.dataset.drawn && chart._fullLayout) {
      (chart.freezelinesReady || Promise.resolve()).then(ready);
    } else {
      chart.addEventListener("freezelines:plotted", ready, { once: true });
    }
    root.classList.add("fd-ready");
  }

  function start() { document.querySelectorAll(".freezelines-deal").forEach(init); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
