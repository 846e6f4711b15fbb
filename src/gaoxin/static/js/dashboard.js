// Draws the dashboard charts from the JSON the page embeds (json_script) and opens the enterprise list behind a
// point when it is clicked. Tables under each chart carry the same numbers and links for keyboards and exports.
(function () {
  var source = document.getElementById("dashboard-data");
  if (!source || !window.echarts) return;
  var data = JSON.parse(source.textContent);
  var charts = [];

  function draw(id, option) {
    var holder = document.getElementById(id);
    if (!holder) return;
    var chart = echarts.init(holder, null, { renderer: "canvas" });
    option.animation = false;
    chart.setOption(option);
    chart.on("click", function (params) {
      var url = params.data && params.data.url;
      if (url) window.location.href = url;
    });
    holder.dataset.rendered = "true";
    charts.push(chart);
  }

  draw("chart-titles", {
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.years }, yAxis: { type: "value", name: "家" },
    series: data.titles.map(function (t) { return { name: t.name, type: "bar", data: t.total }; })
  });
  draw("chart-funnel", {
    tooltip: { trigger: "item", formatter: "{b}：{c} 家" },
    series: [{ type: "funnel", sort: "none", left: "10%", width: "80%", minSize: "8%", gap: 2,
               label: { formatter: "{b} {c}" }, data: data.funnel }]
  });
  draw("chart-moves", {
    tooltip: { formatter: function (p) { return data.moves.rungs[p.value[1]] + " → " + data.moves.rungs[p.value[0]] + "：" + p.value[2] + " 家"; } },
    grid: { left: 90, right: 20, top: 10, bottom: 60 },
    xAxis: { type: "category", data: data.moves.rungs, name: "本年末", axisLabel: { rotate: 30 } },
    yAxis: { type: "category", data: data.moves.rungs, name: "上年末" },
    visualMap: { min: 0, max: Math.max.apply(null, data.moves.cells.map(function (c) { return c.value[2]; }).concat([1])),
                 calculable: false, orient: "horizontal", left: "center", bottom: 0, show: false },
    series: [{ type: "heatmap", data: data.moves.cells, label: { show: true } }]
  });
  ["parks", "industries"].forEach(function (key) {
    var d = data[key];
    draw("chart-" + key, {
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 80 },
      xAxis: { type: "category", data: d.groups, axisLabel: { rotate: 30, interval: 0 } },
      yAxis: { type: "value", name: "家" },
      series: d.series.map(function (s) { return { name: s.name, type: "bar", stack: "held", data: s.data }; })
    });
  });
  draw("chart-plan", {
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: "category", data: data.plan.names }, yAxis: { type: "value", name: "家" },
    series: [{ name: "目标", type: "bar", data: data.plan.target }, { name: "实际新增", type: "bar", data: data.plan.actual }]
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
