// Draws the dashboard chart from the figures the page embeds with json_script
// (no inline scripts: Content Security Policy). The table under the chart
// carries the same numbers for screen readers and for printing.
(function () {
  "use strict";
  var el = document.getElementById("dashboard-chart");
  var source = document.getElementById("dashboard-data");
  if (!el || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var areas = data.people_by_area.slice().reverse(); // largest at the top
  // One bar per area: grow the chart with the number of areas so labels stay readable.
  el.style.height = Math.max(320, areas.length * 28 + 60) + "px";
  var chart = echarts.init(el);
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: { type: "category", data: areas.map(function (a) { return a.name; }) },
    series: [{
      type: "bar",
      data: areas.map(function (a) { return a.value; }),
      itemStyle: { color: "#a4161a" },
      label: { show: true, position: "right" }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
