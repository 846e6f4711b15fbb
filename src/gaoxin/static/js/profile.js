// Draws the enterprise profile chart from the JSON the page embeds (json_script): no inline data, no HTML.
(function () {
  var holder = document.getElementById("figures-chart");
  var source = document.getElementById("chart-data");
  if (!holder || !source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(holder, null, { renderer: "canvas" });
  var money = ["revenue", "rd_expense", "net_profit"];
  var series = money.map(function (code) {
    return { name: data.labels[code] + "（万元）", type: "bar", data: data.series[code] };
  });
  series.push({ name: data.labels.employees + "（人）", type: "line", yAxisIndex: 1, data: data.series.employees });
  chart.setOption({
    animation: false,
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 60, right: 50, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.years.map(String) },
    yAxis: [{ type: "value", name: "万元" }, { type: "value", name: "人" }],
    series: series
  });
  holder.dataset.rendered = "true";
  window.addEventListener("resize", function () { chart.resize(); });
})();
