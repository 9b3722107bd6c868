/* Freeze the Lines? - what the explorer and the "build your own deal" panel share.
 * Written for this book: decoding the lines the build encodes (freezelines.viz.explorer.encode),
 * number formats, small DOM helpers, a CSV download of what the reader sees, and starting a
 * widget once its map is drawn. Exposed as window.FreezeLines. */
(function () {
  "use strict";

  /* A held area as the build encodes it (freezelines.viz.explorer.encode): whole numbers packed
   * (unpacked by window.freezelinesUnpack, freezelines-plotly.js, loaded first on every widget's
   * page), read as n, dx, dy, ...: rings of n points, each point relative to the one before, in
   * 1/scale degree. Returns [xs, ys], rings separated by null. */
  function decode(text, scale) {
    var code = window.freezelinesUnpack(text || ""), xs = [], ys = [], at = 0, x = 0, y = 0;
    while (at < code.length) {
      var n = code[at++];
      if (n < 1 || at + 2 * n > code.length) {
        throw new Error("an encoded line has a ring of " + n + " points where " + Math.floor((code.length - at) / 2) + " remain");
      }
      for (var k = 0; k < n; k++) {
        x += code[at++]; y += code[at++];
        xs.push(x / scale); ys.push(y / scale);
      }
      xs.push(null); ys.push(null);
    }
    return [xs, ys];
  }
  function fmt(n) { return (Math.round(n) || 0).toLocaleString("en-GB"); }  // never "-0"
  /* One rounding per kind (freezelines.constants.ROUNDING, sent in each page's data as "rounding"). */
  function rounded(n, step) { return (n < 0 ? -1 : 1) * Math.floor(Math.abs(n) / step + 0.5) * step; }
  /* A cited source: a link where the bibliography gives an http(s) address, else its name alone. */
  function sourceLink(source) {
    if (!/^https?:\/\//i.test(source.url || "")) { return el("span", source.text); }
    var a = el("a", source.text);
    a.href = source.url;
    return a;
  }
  var el = window.FreezeLines.el;  // from freezelines-dom.js, loaded before this file
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
  /* A live region (aria-live polite, or a role such as "status"), made live when its widget starts, not
   * in the page's markup: a live region in a loading page held back its first paint by a second or more
   * in Lighthouse's runs. Made once, before the widget ever changes its text. */
  function live(node, role) {
    if (!node || node.hasAttribute("aria-live")) { return; }
    if (role) { node.setAttribute("role", role); }
    node.setAttribute("aria-live", "polite");
  }
  /* A widget's data: JSON files the build writes under _static (freezelines.book.widget_data), fetched
   * from the book's own origin, each once a page. fetchJson(address) gives a promise of the parsed file;
   * a failed fetch is tried again the next time it is asked for. */
  var fetched = {};
  function fetchJson(address) {
    var url = new URL(address, document.baseURI).href;
    if (!has(fetched, url)) {
      fetched[url] = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) { throw new Error(response.status + " " + (response.statusText || "error")); }
        return response.json();
      }).catch(function (error) {
        delete fetched[url];
        error.address = url;
        throw error;
      });
    }
    return fetched[url];
  }
  /* Say in the widget, where the reader sees it, which of its data could not be loaded and what it
   * shows meanwhile (an alert: a screen reader hears it at once); null takes the message away. */
  function dataFailed(root, what, error, shown) {
    var p = root.querySelector(".fl-data-error");
    if (error === null) { if (p) { p.remove(); } delete root.dataset.failed; return; }
    if (!p) {
      p = el("p", undefined, "fl-data-error");
      p.setAttribute("role", "alert");
      root.insertBefore(p, root.firstChild);
    }
    var file = String(error.address || "").split("/").pop();
    p.textContent = "Could not load " + what + (file ? " (" + file + ": " : " (") + (error.message || "error") + "). " +
      shown + (location.protocol === "file:" ? " A browser loads no data into a page opened from a file: serve the " +
      "book (make serve) and open it from there." : " Reload the page to try again.");
    root.dataset.failed = "1";
  }

  /* As start(), but a widget's data are fetched and its controls wired only when they are first needed,
   * not while the page loads: at once if the address names a view; else when its map is drawn
   * (freezelines-plotly.js: as it nears the viewport, or for a poster, when the reader reaches for it
   * or the page is idle), or at the reader's first touch, key or click inside it, or (with `near`, a
   * margin) as it nears the viewport. init(root) returns a promise that settles once the widget is
   * wired (its data fetched); what the reader did in it meanwhile (a button pressed, a menu or the
   * slider moved: the controls hold their new values) is done again then, in order, so no first
   * step is lost. */
  var NEEDED = ["pointerover", "pointerdown", "touchstart", "focusin", "keydown", "input", "change", "click",
                "freezelines:plotted"];
  var HELD = ["click", "input", "change"];
  function startWhenNeeded(selector, init, near) {
    function arm(root) {
      var started = false, held = [];
      function hold(event) {
        if (HELD.indexOf(event.type) < 0 || !event.isTrusted) { return; }
        var button = event.type === "click" ? event.target.closest && event.target.closest("button") : null;
        if (event.type !== "click" || (button && root.contains(button))) { held.push([event.type, button || event.target]); }
      }
      function replay() {
        HELD.forEach(function (type) { root.removeEventListener(type, hold, true); });
        held.forEach(function (h) {
          if (h[0] === "click") { h[1].click(); } else { h[1].dispatchEvent(new Event(h[0], { bubbles: true })); }
        });
        held = [];
      }
      function now(event) {
        if (started) { return; }
        started = true;
        root.dataset.starting = "";  // for the benchmark's count of what a first visit fetches
        NEEDED.forEach(function (type) { root.removeEventListener(type, now, true); });
        HELD.forEach(function (type) { root.addEventListener(type, hold, true); });
        if (event) { hold(event); }  // the event that starts the widget, if it is a step
        Promise.resolve(init(root)).then(replay, replay);
      }
      NEEDED.forEach(function (type) { root.addEventListener(type, now, { capture: true, passive: true }); });
      return now;
    }
    start(selector, function (root) {
      var now = arm(root);
      if (window.location.hash.length > 1) { now(); return; }  // a link that may hold a view: shown from the start
      if (near && "IntersectionObserver" in window) {  // near: also as it comes within this margin of the viewport
        var observer = new IntersectionObserver(function (entries) {
          if (entries.some(function (e) { return e.isIntersecting; })) { observer.disconnect(); now(); }
        }, { rootMargin: near });
        observer.observe(root);
      }
    });
  }

  /* The one table of words and formats (freezelines.viz.wording, sent in each widget's payload as
   * "wording", with "rounding"): words(data).say("explorer.total_value", deal, {km2: ..}) fills a
   * template ({name} fields; a {held, deal} pair picks the side); put(node, template, values) fills
   * it into a node, where a value may be a node (a link, a <strong>); the formats are the Python ones. */
  function words(data) {
    var table = data.wording, steps = data.rounding;
    function entry(path, deal) {
      var value = table;
      path.split(".").forEach(function (part) { value = value[part]; });
      if (value && typeof value === "object" && "held" in value && "deal" in value) { value = value[deal ? "deal" : "held"]; }
      return value;
    }
    function fill(template, values) {
      return template.replace(/\{(\w+)\}/g, function (all, name) { return String(values[name]); });
    }
    function put(node, template, values) {
      var text = "";  // runs of text become one text node, as the live panels write them
      function flush() { if (text) { node.appendChild(document.createTextNode(text)); text = ""; } }
      template.split(/(\{\w+\})/).forEach(function (piece) {
        var name = /^\{(\w+)\}$/.exec(piece), value = name ? values[name[1]] : piece;
        if (value instanceof Node) { flush(); node.appendChild(value); } else { text += String(value); }
      });
      flush();
      return node;
    }
    var f = table.formats;
    function quantity(form, kind, n) {
      var t = f[form], step = steps[kind], counted = t.under_if === "below_step";
      if (counted) { n = Math.round(n); }
      if (!(n > 0)) { return t.none; }
      var v = rounded(n, step);
      return (counted ? n < step : v === 0) ? fill(t.under, { step: fmt(step) }) : fill(t.value, { n: fmt(v) });
    }
    function percent(x, digits) { return fill(f.percent, { n: (x * 100).toFixed(digits === undefined ? 1 : digits) }); }
    function km2(n) { return fill(f.km2, { n: fmt(n) }); }
    return {
      entry: entry, fill: fill, put: put, percent: percent, km2: km2, number: fmt,
      say: function (path, deal, values) { return fill(entry(path, deal), values || {}); },
      area: function (n) { return quantity("area", "km2", n); },
      people: function (n) { return quantity("people", "residents", n); },
      residentsCell: function (n) { return quantity("residents_cell", "residents", n); },
      length: function (n) { return fill(f.length, { n: fmt(rounded(n, steps.km)) }); },
      distance: function (n) { return fill(f.distance, { n: fmt(rounded(n, steps.distance)) }); },
      signedKm2: function (n) { return (n >= 0 ? f.net.plus : f.net.minus) + km2(Math.abs(n)); }
    };
  }

  /* Calendar days, written the way the book writes them ("13 June 2024"), from "2024-06-13". */
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                "October", "November", "December"];
  function longDate(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    return m ? Number(m[3]) + " " + MONTHS[Number(m[2]) - 1] + " " + m[1] : String(iso);
  }
  function has(object, key) { return Object.prototype.hasOwnProperty.call(object, key); }

  /* Views that travel: each widget's view lives in the page's address, one part per widget in its
   * fragment, joined by "&"; a part is "name=" and key:value pairs joined by ";":
   *   #explorer=tracker:deepstate;day:2024-06-13;compare:essay_date&deal=day:essay;start:us-2025-11;UA23:whole
   * A widget registers {name, root, book, get, restore, describe}: get() writes its view as pairs;
   * restore(text) shows the view a part names, or the nearest valid one, and returns notes saying
   * what it changed (a part of "" is the widget's first view); describe() gives {view, shown, data}:
   * the view in words and how far its data go, for its citation (book: the book's facts, from
   * freezelines.viz.citation). "Copy link" and "Cite this view" (sphinx_ext.share_html) are wired
   * here, with an aria-live status and, where the clipboard is refused, a read-only field.
   * What the address holds is only compared with the widget's own keys and reaches the page as
   * text, never as markup; the address is then rewritten as the view shown. A reader's step pushes
   * a history entry (a run of steps on one control, such as a slider being dragged, shares one);
   * back and forward restore the views; the first entry remembers the views the page opened with. */
  var share = (function () {
    var NAMES = ["explorer", "deal"];  // the widgets that can hold a view, in the fragment's order
    var RUN_MS = 700;                   // steps on one control closer than this share a history entry
    var GAP_MS = 80;                    // at most one history write per GAP_MS (browsers throttle more)
    var views = [], last = 0, timer = null, pending = null, run = null;

    function piece(text) { try { return decodeURIComponent(text); } catch { return text; } }
    /* The fragment's parts: {name: text} of the widgets it names (raw text), or null if it names none. */
    function parts(hash) {
      var out = null;
      String(hash || "").replace(/^#/, "").split("&").forEach(function (part) {
        var at = part.indexOf("=");
        var name = at > 0 ? piece(part.slice(0, at)).toLowerCase() : "";
        if (NAMES.indexOf(name) >= 0 && !(out && has(out, name))) {
          out = out || {};
          out[name] = part.slice(at + 1);
        }
      });
      return out;
    }
    /* A part's settings, in order: [[key, value], ...], each decoded; at most 200. */
    function pairs(text) {
      return String(text || "").split(";").filter(Boolean).slice(0, 200).map(function (item) {
        var at = item.indexOf(":");
        return at < 0 ? [piece(item), ""] : [piece(item.slice(0, at)), piece(item.slice(at + 1))];
      });
    }
    /* A value from the address, as a note may quote it: no control characters, at most 40 of them. */
    function quote(value) {
      // Control characters are the point here: they are what a note must not print.
      // eslint-disable-next-line no-control-regex
      var text = String(value).replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ").trim();
      return "\u201c" + (text.length > 40 ? text.slice(0, 39) + "\u2026" : text) + "\u201d";
    }
    /* "a", "a and b", "a, b and c", "a, b, c and 4 more". */
    function listed(items) {
      var shown = items.slice(0, 3), more = items.length - shown.length;
      if (more > 0) { return shown.join(", ") + " and " + more + " more"; }
      return shown.length < 2 ? shown.join("") : shown.slice(0, -1).join(", ") + " and " + shown[shown.length - 1];
    }
    /* A day as the address may give it: "2024-06-13", a real calendar day, or null. */
    function isoDay(text) {
      var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(text).trim());
      if (!m) { return null; }
      var t = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
      return t.getUTCFullYear() === Number(m[1]) && t.getUTCMonth() === Number(m[2]) - 1 ? m[0] : null;
    }
    function days(a, b) { return Math.abs(Date.parse(a + "T00:00:00Z") - Date.parse(b + "T00:00:00Z")) / 864e5; }

    function named(name) { return views.filter(function (v) { return v.name === name; })[0]; }
    /* The fragment's parts as the views stand: a widget the reader has touched (or the address named)
     * writes its view; `also` is written even if untouched; a widget not started yet keeps its text. */
    function current(also) {
      var raw = parts(location.hash) || {}, out = [];
      NAMES.forEach(function (name) {
        var view = named(name);
        if (view && (view.touched || view === also)) { out.push([name, view.get()]); }
        if (!view && has(raw, name)) { out.push([name, raw[name]]); }
      });
      return out;
    }
    function viewUrl(also) {
      var now = current(also);
      var base = location.href.split("#")[0];
      if (!now.length) { return location.href; }  // no view to hold: a section's anchor stays
      return base + "#" + now.map(function (p) { return p[0] + "=" + p[1]; }).join("&");
    }
    function entry(also) {
      var saved = {};
      current(also).forEach(function (p) { saved[p[0]] = p[1]; });
      var state = history.state && typeof history.state === "object" ? Object.assign({}, history.state) : {};
      state.freezelines = saved;
      return state;
    }
    function write(mode, also) {
      var url = viewUrl(also);
      if (mode === "push" && url === location.href) { mode = "replace"; }  // no entry for no change
      history[mode + "State"](entry(also), "", url);
      last = Date.now();
      views.forEach(refresh);
    }
    function flush() {
      timer = null;
      var mode = pending;
      pending = null;
      if (mode) { write(mode); }
    }
    /* A reader's step on one control of a view: a new history entry, or the run's entry updated. */
    function record(view, control) {
      view.touched = true;
      note(view, []);
      var now = Date.now(), key = view.name + ":" + control;
      var inRun = run !== null && run.key === key && now < run.until;
      run = { key: key, until: now + RUN_MS };
      if (pending !== "push") { pending = inRun ? "replace" : "push"; }
      if (timer === null) { timer = setTimeout(flush, Math.max(0, last + GAP_MS - now)); }
    }

    function note(view, notes) {
      var p = view.root.querySelector(".fl-link-note");
      if (!p) { return; }
      p.textContent = notes.length ? "This link's view was adjusted. " + notes.join(" ") : "";
      p.hidden = !notes.length;
    }
    function say(view, text) {
      var status = view.root.querySelector(".fl-share-status");
      if (status) { status.textContent = text + (status.textContent === text ? "\u00a0" : ""); }
    }
    /* Copy a text: to the clipboard where the browser allows it, else selected in a read-only field
     * (show() makes the field visible) for the reader to copy. */
    function copy(view, text, done, field, show) {
      function manual() {
        if (show) { show(); }
        field.value = text;
        field.focus();
        field.select();
        say(view, "Press Ctrl+C (\u2318C on a Mac) to copy the selected text.");
      }
      try {
        navigator.clipboard.writeText(text).then(function () { say(view, done); }, manual);
      } catch {  // no clipboard here (an insecure page, an old browser)
        manual();
      }
    }

    /* The citation of a view, in the form of the book's "How to cite" page. */
    function today() {
      var d = new Date();
      function two(n) { return (n < 10 ? "0" : "") + n; }
      return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate());
    }
    function bib(text) {
      var map = { "\\": "\\textbackslash{}", "{": "\\{", "}": "\\}", "%": "\\%", "&": "\\&", "#": "\\#",
                  "$": "\\$", "_": "\\_", "^": "\\^{}", "~": "\\~{}" };
      return String(text).replace(/[\\{}%&#$_^~]/g, function (c) { return map[c]; });
    }
    function citation(view) {
      var book = view.book, about = view.describe(), url = viewUrl(view), accessed = today();
      var authors = book.authors.join(", ");
      var text = authors + " (" + book.year + "). " + book.title + ". Version " + book.version + ". " + about.view +
        ". Data: " + about.data + ". " + url + " (accessed " + longDate(accessed) + ").";
      var key = book.short_title.toLowerCase().replace(/[^a-z0-9]+/g, "") + book.year + view.name;
      var bibtex = "@book{" + key + ",\n" +
        "  author    = {" + book.authors.map(function (a) { return "{" + bib(a) + "}"; }).join(" and ") + "},\n" +
        "  title     = {" + bib(book.title) + "},\n" +
        "  year      = {" + bib(book.year) + "},\n" +
        "  version   = {" + bib(book.version) + "},\n" +
        "  note      = {" + bib(about.view + ". Data: " + about.data) + "},\n" +
        "  url       = {" + url.replace(/[{}\\]/g, encodeURIComponent) + "},\n" +
        "  urldate   = {" + accessed + "}\n}";
      return { text: text, bibtex: bibtex };
    }
    function refresh(view) {
      var parts = view.cite;
      if (parts && !parts.box.hidden) {
        var c = citation(view);
        [[parts.text, c.text], [parts.bibtex, c.bibtex]].forEach(function (a) {
          a[0].value = a[1];
          a[0].style.height = "auto";  // as tall as its text, at any width
          a[0].style.height = a[0].scrollHeight + 2 + "px";
        });
      }
      if (view.linkField && !view.linkField.parentNode.hidden) { view.linkField.value = viewUrl(view); }
    }
    function citeBox(view, box) {
      var id = box.id, parts = { box: box };
      [["text", "The citation, as text", "Copy the citation", 4], ["bibtex", "BibTeX", "Copy the BibTeX", 9]].forEach(function (k) {
        var label = el("label", k[1], "fl-cite-label");
        label.htmlFor = id + "-" + k[0];
        var area = el("textarea", undefined, "fl-cite-" + k[0]);
        area.id = id + "-" + k[0];
        area.readOnly = true;
        area.rows = k[3];
        area.spellcheck = false;
        var button = el("button", k[2], "fl-copy-" + k[0]);
        button.type = "button";
        button.addEventListener("click", function () {
          copy(view, area.value, (k[0] === "text" ? "Citation" : "BibTeX") + " copied.", area, null);
        });
        box.appendChild(label);
        box.appendChild(area);
        box.appendChild(button);
        parts[k[0]] = area;
      });
      var also = el("p", "The data are other people's work: cite the sources of the data you use too (", "fl-cite-also");
      var root = document.documentElement.dataset.content_root;
      if (root !== undefined && view.book.how_to_cite) {
        var a = el("a", "How to cite");
        a.href = root + view.book.how_to_cite;
        also.appendChild(a);
      } else {
        also.appendChild(document.createTextNode("How to cite"));
      }
      also.appendChild(document.createTextNode(")."));
      box.appendChild(also);
      return parts;
    }

    /* The view's address, written now (the address bar shows what "Copy link" or the citation gives). */
    function hold(view) {
      if (timer !== null) { clearTimeout(timer); flush(); }  // a reader's step still to be written keeps its entry
      view.touched = true;
      if (viewUrl() !== location.href) { write("replace"); }
    }
    function wire(view) {
      var bar = view.root.querySelector(".fl-share");
      if (!bar) { return; }
      var copyLink = bar.querySelector(".fl-copy-link"), toggle = bar.querySelector(".fl-cite-toggle");
      var box = bar.querySelector(".fl-citation");
      var label = el("label", "Link to this view", "fl-link-label");
      var field = el("input", undefined, "fl-link-field");
      field.type = "text";
      field.readOnly = true;
      field.id = view.root.id + "-link";
      label.htmlFor = field.id;
      var wrap = el("span", undefined, "fl-link");
      wrap.hidden = true;
      wrap.appendChild(label);
      wrap.appendChild(field);
      bar.insertBefore(wrap, box);
      view.linkField = field;
      copyLink.addEventListener("click", function () {
        hold(view);
        copy(view, viewUrl(view), "Link to this view copied.", field, function () { wrap.hidden = false; });
      });
      if (toggle && box && view.book) {
        view.cite = citeBox(view, box);
        toggle.addEventListener("click", function () {
          var open = toggle.getAttribute("aria-expanded") !== "true";
          toggle.setAttribute("aria-expanded", String(open));
          box.hidden = !open;
          if (open) { hold(view); }
          refresh(view);
        });
      } else if (toggle) {
        toggle.hidden = true;
      }
      bar.hidden = false;
    }

    /* A widget starts: the view the address names (or its first view), the address made exact. */
    function register(view) {
      view.touched = false;
      views.push(view);
      wire(view);
      var found = parts(location.hash), notes = [];
      if (found && has(found, view.name)) {
        view.touched = true;
        notes = view.restore(found[view.name]);
        if (Object.keys(found)[0] === view.name && view.root.scrollIntoView) { view.root.scrollIntoView(); }
      }
      note(view, notes);
      history.replaceState(entry(), "", found ? viewUrl() : location.href);
      return { record: function (control) { record(view, control); } };
    }

    /* Back and forward: the views of the entry; an address typed or followed: the views it names.
     * An entry of the page's own anchors (a section's link) leaves the views as they are. */
    window.addEventListener("popstate", function (event) {
      var saved = event.state && typeof event.state === "object" && event.state.freezelines;
      var found = saved && typeof saved === "object" ? saved : parts(location.hash);
      if (!found) { return; }
      if (timer !== null) { clearTimeout(timer); timer = null; }
      pending = null;
      run = null;
      views.forEach(function (view) {
        var text = has(found, view.name) ? String(found[view.name]) : null;
        // a view that stays as it is is not drawn again (an untouched view shows its first view)
        if (text === null ? !view.touched : view.touched && text === view.get()) { note(view, []); return; }
        view.touched = text !== null;
        note(view, view.restore(text || ""));
      });
      if (!saved || viewUrl() !== location.href) { history.replaceState(entry(), "", viewUrl()); }
      views.forEach(refresh);
    });

    /* Sphinx's sphinx_highlight.js replaces the first entry's state ({}) when the page is ready: the
     * views it opened with are written back then, so that back to it restores them. */
    function stamp() {
      if (!(history.state && typeof history.state === "object" && history.state.freezelines)) {
        history.replaceState(entry(), "", location.href);
      }
    }
    document.addEventListener("DOMContentLoaded", stamp);
    window.addEventListener("load", stamp);

    /* A widget's own part of the address ("explorer=..."), its view as it stands: the view an embed
     * of it opens on (freezelines-embed.js); "" for a widget not started. */
    function part(name) {
      var view = named(name);
      return view ? name + "=" + view.get() : "";
    }

    return { register: register, pairs: pairs, quote: quote, listed: listed, isoDay: isoDay, days: days,
             has: has, url: viewUrl, part: part, busy: function () { return timer !== null; } };
  })();

  window.FreezeLines = { decode: decode, fmt: fmt, rounded: rounded, words: words, el: el, sourceLink: sourceLink, downloadOnClick: downloadOnClick,
                         whenDrawn: whenDrawn, traces: traces, start: start, startWhenNeeded: startWhenNeeded, live: live, share: share, longDate: longDate,
                         fetchJson: fetchJson, dataFailed: dataFailed };
})();
