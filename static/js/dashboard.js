// Draws every chart of a page: each element with data-chart names the json_script
// that holds its ECharts option, built on the server (jiedao/core/charts.py; no inline
// scripts: Content Security Policy). The canvas is aria-hidden: the table beside it
// (templates/includes/chart.html) carries the same figures for screen readers, for
// printing and for a page read without scripts.
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var source = document.getElementById(el.getAttribute("data-chart"));
    if (!source) { return; }
    var height = parseInt(el.getAttribute("data-height"), 10);
    if (height > 0) { el.style.height = height + "px"; }
    var chart = echarts.init(el);
    chart.setOption(JSON.parse(source.textContent));
    charts.push(chart);
  });
  window.addEventListener("resize", function () {
    charts.forEach(function (chart) { chart.resize(); });
  });
})();
