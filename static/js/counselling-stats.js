// Draws the 畅心屋 statistics chart from the figures the page embeds with
// json_script (no inline scripts: Content Security Policy). A suppressed month
// (fewer than 5 people) is labelled "<5" at the axis rather than drawn, so that it
// never reads as a zero; the table under the chart carries the same figures.
(function () {
  "use strict";
  var el = document.getElementById("counselling-stats-chart");
  var source = document.getElementById("counselling-stats-data");
  if (!el || !source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var hidden = "<" + data.min_people;
  var chart = echarts.init(el);
  chart.setOption({
    aria: { enabled: true },
    animation: false,
    grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
    tooltip: {
      trigger: "axis",
      axisPointer: { type: "shadow" },
      formatter: function (params) {
        var month = data.months[params[0].dataIndex];
        return month.name + ": " + (month.value === null ? hidden : month.value);
      }
    },
    xAxis: { type: "category", data: data.months.map(function (m) { return m.name; }), axisLabel: { interval: 0 } },
    yAxis: { type: "value", minInterval: 1 },
    series: [{
      type: "bar",
      data: data.months.map(function (m) {
        if (m.value !== null) { return m.value; }
        return { value: 0, label: { show: true, position: "top", formatter: hidden, color: "#495057" } };
      }),
      itemStyle: { color: "#a4161a" },
      label: { show: true, position: "top" }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
})();
