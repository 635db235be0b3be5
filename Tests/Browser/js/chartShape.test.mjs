import { test } from "node:test";
import assert from "node:assert/strict";
import {
  PALETTE, bubbleRadii, footnote, formatNumber, labelText, paletteColor, pngFilename, seriesStyle, tableOf, timeValue, toggleSeries,
  transposeData, withAlpha,
} from "../../../Assets/js/chartShape.js";
import { parseChartConfig } from "../../../Assets/js/chartSpec.js";

const DATA = {
  labels: ["click", "save", null],
  series: [
    { name: "ios", value: 0, group: "ios", data: [10, 20, null] },
    { name: "web", value: 0, group: "web", data: [1, 2, 3] },
  ],
  bins: null, rows: 36, groups: 3, truncated: false, sampled: false, other: false, skipped: 0,
};

test("number formats: plain, percent of a fraction, dollars, SI", () => {
  assert.equal(formatNumber(1234.567), "1,234.57");
  assert.equal(formatNumber(0.004567), "0.00457");
  assert.equal(formatNumber(0.25, "percent"), "25%");
  assert.equal(formatNumber(0.1234, "percent"), "12.3%");
  assert.equal(formatNumber(1234.5, "currency"), "$1,234.50");
  assert.equal(formatNumber(-3, "currency"), "-$3.00");
  assert.equal(formatNumber(1234, "si"), "1.23k");
  assert.equal(formatNumber(3_400_000, "si"), "3.4M");
  assert.equal(formatNumber(250_000_000_000, "si"), "250G");
  assert.equal(formatNumber(12, "si"), "12");
  assert.equal(formatNumber(null), "");
});

test("labels as text: the NULL group, numbers, bins", () => {
  assert.equal(labelText(null), "(null)");
  assert.equal(labelText(1500), "1,500");
  assert.equal(labelText(true), "true");
  assert.equal(labelText(0, { from: 0, to: 12.5 }), "0 – 12.5");
});

test("transpose swaps x groups and series", () => {
  const t = transposeData(DATA);
  assert.deepEqual(t.labels, ["ios", "web"]);
  assert.deepEqual(t.series.map((s) => s.name), ["click", "save", "(null)"]);
  assert.deepEqual(t.series.map((s) => s.data), [[10, 1], [20, 2], [null, 3]]);
  assert.deepEqual(transposeData(t).series.map((s) => s.data), DATA.series.map((s) => s.data), "twice is the original");
});

test("series colours: picked, else the value's own (not pivoted), else the palette; hidden by name or value", () => {
  const values = [{ color: "#123456", hidden: false }];
  const config = parseChartConfig('{"seriesColors": {"web": "#00ff00"}, "hiddenSeries": ["ios"]}');
  assert.deepEqual(seriesStyle(config, DATA, 0, values).color, paletteColor(0), "pivoted: the palette");
  assert.equal(seriesStyle(config, DATA, 0, values).hidden, true);
  assert.equal(seriesStyle(config, DATA, 1, values).color, "#00ff00");
  const plain = { ...DATA, series: [{ name: "sum(n)", value: 0, group: null, data: [1, 2, 3] }] };
  assert.equal(seriesStyle(parseChartConfig("{}"), plain, 0, values).color, "#123456");
  assert.equal(seriesStyle(parseChartConfig("{}"), plain, 0, [{ hidden: true }]).hidden, true);
  assert.equal(new Set(PALETTE).size, 10);
  assert.equal(withAlpha("#4c8bf5", 0.5), "rgba(76, 139, 245, 0.5)");
});

test("legend clicks toggle a series; showing one hidden by its value clears that too", () => {
  const config = parseChartConfig('{"values": [{"column": "n", "aggregation": "sum", "hidden": true}]}');
  const shown = toggleSeries(config, "sum(n)", 0);
  assert.deepEqual(shown.hiddenSeries, []);
  assert.equal(shown.values[0].hidden, false);
  const hidden = toggleSeries({ ...config, ...shown }, "sum(n)", 0);
  assert.deepEqual(hidden.hiddenSeries, ["sum(n)"]);
});

test("time labels: ISO text in UTC, zones, epoch seconds and milliseconds", () => {
  assert.equal(timeValue("2026-10-01"), Date.UTC(2026, 9, 1));
  assert.equal(timeValue("2026-10-01 13:05:00"), Date.UTC(2026, 9, 1, 13, 5));
  assert.equal(timeValue("2026-10-01T13:05:00.250Z"), Date.UTC(2026, 9, 1, 13, 5, 0, 250));
  assert.equal(timeValue("2026-10-01T13:05:00+02:00"), Date.UTC(2026, 9, 1, 11, 5));
  assert.equal(timeValue(1_793_491_200), 1_793_491_200_000);
  assert.equal(timeValue(1_793_491_200_000), 1_793_491_200_000);
  assert.equal(timeValue("yesterday"), null);
});

test("bubbles: radius by the square root of size, 4 to 24 px", () => {
  assert.deepEqual(bubbleRadii([0, 25, 100, null]), [4, 14, 24, 4]);
  assert.deepEqual(bubbleRadii([5, 5]), [10, 10]);
});

test("the table type, the footnote and the PNG's name", () => {
  assert.deepEqual(tableOf(DATA, "kind"), {
    head: ["kind", "ios", "web"], rows: [["click", "10", "1"], ["save", "20", "2"], ["(null)", "", "3"]],
  });
  assert.equal(footnote(DATA, false), "36 rows aggregated");
  assert.equal(footnote({ ...DATA, truncated: true, groups: 10, other: true, skipped: 2 }, false),
    "36 rows aggregated · first 3 of 10 groups (row limit) · smaller groups summed into “Other” · 2 values that are no number skipped");
  assert.equal(footnote({ ...DATA, sampled: true, groups: 9000, rows: 9000 }, true), "9,000 rows · 3 of 9,000 points drawn (sampled evenly)");
  assert.equal(pngFilename("Sign-ups per month (2026)"), "sign-ups-per-month-2026.png");
  assert.equal(pngFilename("Überblick"), "uberblick.png");
  assert.equal(pngFilename("  "), "chart.png");
});
