/* Freeze the Lines? - a chart by its id and the start of its headline (the caption above it),
 * for the browser tests' reports. Injected before tests/chart_layout.js and tests/chart_marks.js. */
window.freezelinesChartName = function (chart) {
  "use strict";
  var headline = chart.id && document.getElementById(chart.id + "-headline");
  var words = headline ? headline.textContent.trim() : "";
  return (chart.id || "chart") + (words ? " ('" + words.slice(0, 60) + (words.length > 60 ? "…" : "") + "')" : "");
};
