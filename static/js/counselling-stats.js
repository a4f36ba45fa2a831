// Draws the 畅心屋 statistics chart from the figures the page embeds with
// json_script (no inline scripts: Content Security Policy). Suppressed months
// (fewer than 5 people) are gaps in the bars; the table under the chart says "<5".
(function () {
  "use strict";
  var el = document.getElementById("counselling-stats-chart");
  var source = document.getElementById("counselling-stats-data");
  if (!el || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el);
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    xAxis: { type: "category", data: data.months.map(function (m) { return m.name; }) },
    yAxis: { type: "value", minInterval: 1 },
    series: [{
      type: "bar",
      data: data.months.map(function (m) { return m.value === null ? "-" : m.value; }),
      itemStyle: { color: "#a4161a" },
      label: { show: true, position: "top" }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
