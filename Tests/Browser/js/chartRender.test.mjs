import { test } from "node:test";
import assert from "node:assert/strict";
import { chartRequest, parseChartConfig } from "../../../Assets/js/chartSpec.js";
import { backgroundPlugin, buildChartConfig, xScaleKind } from "../../../Assets/js/views/chartRender.js";

const THEME = { text: "#111111", muted: "#666666", grid: "#dddddd", surface: "#ffffff" };
const COLUMNS = [{ name: "day", type: "timestamp" }, { name: "kind", type: "text" }, { name: "n", type: "integer" }, { name: "ms", type: "real" }];
const build = (settings, data) => {
  const config = parseChartConfig(JSON.stringify(settings));
  const request = chartRequest(config, 0, COLUMNS);
  assert.equal(request.error, undefined, request.error);
  return { chart: buildChartConfig(config, data, request, THEME), request, config };
};
const two = (a, b) => ({
  labels: ["2026-10-01", "2026-10-02"], bins: null, size: null,
  series: [{ name: "count", value: 0, group: null, data: a }, { name: "avg(ms)", value: 1, group: null, data: b }],
});

test("combo: bars on the left axis, a line on the right, with its own format and range", () => {
  const { chart } = build({
    type: "combo", x: "day", yFormat: "si", y2Format: "percent", y2Max: 1,
    values: [{ column: null, aggregation: "count", kind: "bar" }, { column: "ms", aggregation: "avg", kind: "line", axis: "y2" }],
  }, two([3000, 4000], [0.5, 0.25]));
  assert.equal(chart.type, "bar");
  assert.deepEqual(chart.data.datasets.map((d) => [d.type, d.yAxisID, d.label]), [["bar", "y", "count"], ["line", "y2", "avg(ms)"]]);
  assert.equal(chart.options.scales.y2.position, "right");
  assert.equal(chart.options.scales.y2.max, 1);
  assert.equal(chart.options.scales.y.ticks.callback(3000), "3k");
  assert.equal(chart.options.scales.y2.ticks.callback(0.25), "25%");
  assert.deepEqual(chart.data.labels, ["2026-10-01", "2026-10-02"], "bars on categories");
});

test("stacked area on a time axis: points at UTC milliseconds, each filled to the one below", () => {
  const { chart } = build({ type: "area", x: "day", series: "kind", values: [{ column: null, aggregation: "count" }] }, {
    labels: ["2026-10-01", "2026-10-02"], bins: null,
    series: [{ name: "a", value: 0, group: "a", data: [1, 2] }, { name: "b", value: 0, group: "b", data: [3, null] }],
  });
  assert.equal(chart.type, "line");
  assert.equal(chart.options.scales.x.type, "time");
  assert.equal(chart.options.scales.y.stacked, true);
  assert.deepEqual(chart.data.datasets[0].data[0], { x: Date.UTC(2026, 9, 1), y: 1 });
  assert.deepEqual(chart.data.datasets.map((d) => d.fill), ["origin", "-1"]);
  assert.equal(chart.data.labels, undefined);
});

test("horizontal bars put the value on x; log and min/max follow the value axis", () => {
  const { chart } = build({ type: "hbar", x: "kind", yScale: "log", yMin: 1, values: [{ column: "n", aggregation: "sum" }] },
    { labels: ["a", "b"], bins: null, series: [{ name: "sum(n)", value: 0, group: null, data: [5, 50] }] });
  assert.equal(chart.options.indexAxis, "y");
  assert.equal(chart.options.scales.x.type, "logarithmic");
  assert.equal(chart.options.scales.x.min, 1);
  assert.equal(chart.options.scales.y.type, "category");
  assert.equal(chart.options.plugins.legend.display, false, "one series needs no legend");
});

test("pie: one dataset, a colour per slice, NULL group named", () => {
  const { chart } = build({ type: "pie", x: "kind", seriesColors: { b: "#00aa00" } },
    { labels: ["a", "b", null], bins: null, series: [{ name: "count", value: 0, group: null, data: [1, 2, 3] }] });
  assert.equal(chart.type, "pie");
  assert.deepEqual(chart.data.labels, ["a", "b", "(null)"]);
  assert.equal(chart.data.datasets.length, 1);
  assert.equal(chart.data.datasets[0].backgroundColor[1], "#00aa00");
  assert.deepEqual(chart.options.scales, {});
});

test("histogram: bars touching, bins as labels; scatter on a linear x skips empty points", () => {
  const { chart } = build({ type: "histogram", x: "ms", bins: 2 }, {
    labels: [0, 5], bins: [{ from: 0, to: 5 }, { from: 5, to: 10 }], series: [{ name: "count", value: 0, group: null, data: [4, 6] }],
  });
  assert.deepEqual(chart.data.labels, ["0 – 5", "5 – 10"]);
  assert.equal(chart.data.datasets[0].barPercentage, 1);
  const scatter = build({ type: "scatter", x: "ms", values: [{ column: "n", aggregation: "none" }] },
    { labels: [1.5, 2.5, 3], bins: null, series: [{ name: "n", value: 0, group: null, data: [10, null, 30] }] });
  assert.equal(xScaleKind(scatter.config, scatter.request), "linear");
  assert.deepEqual(scatter.chart.data.datasets[0].data, [{ x: 1.5, y: 10 }, { x: 3, y: 30 }]);
});

test("transpose, hidden series, data labels and the background", () => {
  const { chart } = build({ type: "bar", x: "day", transpose: true, hiddenSeries: ["2026-10-02"], dataLabels: true, values: [{ column: null, aggregation: "count" }] },
    two([1, 2], [3, 4]));
  assert.deepEqual(chart.data.labels, ["count", "avg(ms)"]);
  assert.deepEqual(chart.data.datasets.map((d) => [d.label, d.hidden]), [["2026-10-01", false], ["2026-10-02", true]]);
  assert.equal(chart.options.plugins.qbDataLabels.enabled, true);
  assert.equal(chart.options.plugins.qbBackground.color, "#ffffff");
  const calls = [];
  const ctx = new Proxy({}, { get: (_, k) => (k in ctx ? undefined : (...args) => calls.push([k, ...args])), set: (_, k, v) => calls.push([k, v]) });
  backgroundPlugin.beforeDraw({ ctx, width: 10, height: 5 }, {}, { color: "#222222" });
  assert.ok(calls.some(([k, v]) => k === "fillStyle" && v === "#222222"));
  assert.ok(calls.some(([k, x, y, w, h]) => k === "fillRect" && w === 10 && h === 5));
});
