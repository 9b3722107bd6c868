/* Freeze the Lines? - draw every Plotly chart of the page from its inert JSON.
 * Written for this book. The page's text comes first: plotly.js (the "basic" partial bundle,
 * served by the book itself) is fetched only when a chart comes near the viewport, and each
 * chart is drawn when it does. Frames are registered with a figure but never played.
 * Touch screens get no modebar (and its band above the buttons is given back to the chart) and
 * no range slider;
 * maps (layout.meta.aspect) are sized to the page's width, and a text label that would cover
 * an earlier one (the charts list places largest or most important first) is hidden; its
 * marker and hover text stay. */
(function () {
  "use strict";
  var script = document.currentScript;
  var PLOTLY_URL = script ? new URL("plotly-basic.min.js", script.src).href : "plotly-basic.min.js";
  var NEAR = "250px 0px";
  var TOUCH = window.matchMedia && window.matchMedia("(hover: none)").matches;
  var loading = null;

  function plotly() {
    if (window.Plotly) { return Promise.resolve(window.Plotly); }
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
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

  function draw(div) {
    var source = document.querySelector('script[data-for="' + div.id + '"]');
    if (!source || div.dataset.drawn) { return; }
    div.dataset.drawn = "1";
    var fig = JSON.parse(source.textContent);
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
    if (meta(layout).aspect) {
      var m = layout.margin || {};
      var width = div.clientWidth || 600;
      layout.height = Math.round((m.t || 0) + (m.b || 0) + 40 + (width - (m.l || 0) - (m.r || 0)) * meta(layout).aspect);
    }
    div.freezelinesReady = plotly().then(function (Plotly) {
      return Plotly.newPlot(div, { data: fig.data || [], layout: layout, frames: fig.frames || [], config: config });
    }).then(fitMap).then(function () {
      declutter(div);
      div.on("plotly_afterplot", function () { declutter(div); });
      div.style.height = "";  // the room kept before drawing: Plotly sizes the chart now
      div.style.aspectRatio = "";
      div.dispatchEvent(new CustomEvent("freezelines:plotted", { bubbles: true }));
      return div;
    });
  }

  function start() {
    var charts = document.querySelectorAll("div.freezelines-plotly");
    if (!charts.length) { return; }
    if (!("IntersectionObserver" in window)) { charts.forEach(draw); return; }
    var observer = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (entry.isIntersecting) { observer.unobserve(entry.target); draw(entry.target); }
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
  /* Tests and scripts can ask for every chart at once. */
  window.freezelinesDrawAll = function () {
    document.querySelectorAll("div.freezelines-plotly").forEach(draw);
    return Promise.all(Array.prototype.map.call(document.querySelectorAll("div.freezelines-plotly"),
      function (div) { return div.freezelinesReady; }));
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
