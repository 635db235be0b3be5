import { test } from "node:test";
import assert from "node:assert/strict";
import {
  autoColumns, chartDataError, chartRequest, fieldsFor, parseChartConfig, runToChart, serializeConfig, statementToChart,
} from "../../../Assets/js/chartSpec.js";

const COLUMNS = [
  { name: "day", type: "timestamp" }, { name: "kind", type: "text" }, { name: "device", type: "text" },
  { name: "duration_ms", type: "integer" }, { name: "ratio", type: "real" },
];
const params = (query) => [...new URLSearchParams(query)];

test("settings: defaults fill what is missing; bad content reads as the defaults", () => {
  const config = parseChartConfig('{"source": 3, "type": "line", "values": [{"column": "n", "aggregation": "avg"}], "extra": 1}');
  assert.equal(config.source, 3);
  assert.equal(config.type, "line");
  assert.equal(config.bins, 20);
  assert.equal(config.extra, 1, "unknown keys are kept");
  assert.deepEqual(config.values, [{ column: "n", aggregation: "avg", kind: "bar", axis: "y", color: null, hidden: false }]);
  assert.equal(parseChartConfig("not json").type, "bar");
  assert.equal(parseChartConfig("[1]").source, null);
  assert.equal(parseChartConfig('{"type": "radar"}').type, "bar", "an unknown type reads as bar");
});

test("settings are saved short: source, type and what differs from the defaults", () => {
  const config = parseChartConfig('{"source": 3, "type": "pie", "legend": "top", "top": 5}');
  assert.equal(serializeConfig(config), '{"source":3,"type":"pie","top":5}');
  assert.deepEqual(parseChartConfig(serializeConfig(config)), config, "round trip");
});

test("a fresh chart picks its columns: x a date for lines, text for bars, the value a sum of the first number", () => {
  assert.deepEqual(autoColumns("line", COLUMNS).x, "day");
  assert.deepEqual(autoColumns("bar", COLUMNS).x, "kind");
  assert.deepEqual(autoColumns("bar", COLUMNS).values.map((v) => [v.column, v.aggregation]), [["duration_ms", "sum"]]);
  assert.equal(autoColumns("histogram", COLUMNS).x, "duration_ms");
  assert.deepEqual(autoColumns("scatter", COLUMNS).values.map((v) => [v.column, v.aggregation]), [["ratio", "none"]]);
  assert.deepEqual(autoColumns("pie", [{ name: "kind", type: "text" }]).values.map((v) => [v.column, v.aggregation]), [[null, "count"]]);
});

test("names map to column indices in the chart-data query", () => {
  const config = parseChartConfig(JSON.stringify({
    type: "bar", x: "kind", series: "device", values: [{ column: "duration_ms", aggregation: "sum" }, { column: null, aggregation: "count" }],
    sort: "value", order: "desc", top: 5, limit: 50,
  }));
  const request = chartRequest(config, 1, COLUMNS);
  assert.equal(request.error, undefined);
  assert.deepEqual(params(request.query), [
    ["statement", "1"], ["x", "1"], ["value", "3:sum"], ["value", "*:count"], ["series", "2"],
    ["sort", "value"], ["order", "desc"], ["top", "5"], ["limit", "50"],
  ]);
  assert.equal(request.x.name, "kind");
  assert.equal(request.series.index, 2);
  assert.equal(request.raw, false);
});

test("a time x with a bucket; a histogram bins its x and counts", () => {
  const line = chartRequest(parseChartConfig('{"type":"line","x":"day","bucket":"week","values":[{"column":null,"aggregation":"count"}]}'), 0, COLUMNS);
  assert.deepEqual(params(line.query).slice(0, 4), [["statement", "0"], ["x", "0"], ["value", "*:count"], ["bucket", "week"]]);
  const histogram = chartRequest(parseChartConfig('{"type":"histogram","x":"duration_ms","bins":12}'), 0, COLUMNS);
  assert.deepEqual(params(histogram.query), [["statement", "0"], ["x", "3"], ["value", "*:count"], ["bins", "12"]]);
  const text = chartRequest(parseChartConfig('{"type":"histogram","x":"kind"}'), 0, COLUMNS);
  assert.match(text.error, /histogram needs a numeric x column; “kind” holds text/);
});

test("scatter and bubble draw rows as they are; series, bucket and top do not apply", () => {
  const bubble = chartRequest(parseChartConfig(JSON.stringify({
    type: "bubble", x: "ratio", series: "kind", bucket: "day", top: 3, size: "duration_ms",
    values: [{ column: "duration_ms", aggregation: "none" }],
  })), 0, COLUMNS);
  assert.deepEqual(params(bubble.query), [
    ["statement", "0"], ["x", "4"], ["value", "3:none"], ["size", "3"], ["sort", "x"], ["order", "asc"], ["limit", "1000"],
  ]);
  assert.equal(bubble.raw, true);
  const mixed = chartRequest(parseChartConfig(JSON.stringify({
    type: "scatter", x: "ratio", values: [{ column: "duration_ms", aggregation: "none" }, { column: "ratio", aggregation: "sum" }],
  })), 0, COLUMNS);
  assert.match(mixed.error, /cannot be mixed/);
  // Settings a type does not use (hidden in its panel) do not apply, aggregated or not.
  const aggregated = chartRequest(parseChartConfig(JSON.stringify({
    type: "scatter", x: "ratio", series: "kind", top: 3, values: [{ column: "duration_ms", aggregation: "sum" }],
  })), 0, COLUMNS);
  assert.deepEqual(params(aggregated.query).map(([k]) => k), ["statement", "x", "value", "sort", "order", "limit"]);
});

test("pie and doughnut draw one value and no series", () => {
  const pie = chartRequest(parseChartConfig(JSON.stringify({
    type: "pie", x: "device", series: "kind", values: [{ column: null, aggregation: "count" }, { column: "ratio", aggregation: "avg" }],
  })), 0, COLUMNS);
  assert.deepEqual(params(pie.query).filter(([k]) => ["value", "series"].includes(k)), [["value", "*:count"]]);
});

test("a saved column the result no longer has is a message, not a request", () => {
  const missingX = chartRequest(parseChartConfig('{"type":"bar","x":"amount"}'), 0, COLUMNS);
  assert.match(missingX.error, /^Column “amount” is not in the result/);
  const missingValue = chartRequest(parseChartConfig('{"type":"bar","x":"kind","values":[{"column":"price","aggregation":"sum"}]}'), 0, COLUMNS);
  assert.match(missingValue.error, /^Column “price” is not in the result\. Pick another value column/);
  const missingSeries = chartRequest(parseChartConfig('{"type":"line","x":"kind","series":"country"}'), 0, COLUMNS);
  assert.match(missingSeries.error, /^Column “country”/);
  assert.match(chartRequest(parseChartConfig("{}"), 0, []).error, /no columns/);
});

test("which run: none picked, deleted source, never run, pinned, latest", () => {
  assert.match(runToChart(parseChartConfig("{}"), undefined).message, /Pick the query cell/);
  assert.match(runToChart(parseChartConfig('{"source": 4}'), undefined).message, /was deleted/);
  assert.match(runToChart(parseChartConfig('{"source": 4}'), { id: 4, title: "Signups", latestExecutionId: null }).message,
    /^“Signups” has not been run yet/);
  assert.deepEqual(runToChart(parseChartConfig('{"source": 4}'), { id: 4, latestExecutionId: 9 }), { runId: 9 });
  assert.deepEqual(runToChart(parseChartConfig('{"source": 4, "run": 7}'), { id: 4, latestExecutionId: 9 }), { runId: 7 });
});

test("which statement: waiting while it runs, failed, cancelled, expired, last with columns", () => {
  const st = (index, status, columns = [{ name: "a", type: "integer" }], extra = {}) => ({ index, status, columns, rowCount: 1, ...extra });
  const config = parseChartConfig("{}");
  assert.equal(statementToChart(config, { status: "running", statements: [st(0, "running")] }).message, "Waiting for the query…");
  assert.equal(statementToChart(config, { status: "queued", statements: [] }).tone, "waiting");
  const failed = { status: "failed", statements: [st(0, "failed", [], { error: { message: "no such table: evnts" } })] };
  assert.equal(statementToChart(config, failed).message, "The query failed: no such table: evnts. Fix it and run it again.");
  assert.match(statementToChart(config, { status: "cancelled", statements: [st(0, "cancelled", [])] }).message, /cancelled/);
  assert.match(statementToChart(config, { status: "done", resultExpiredAt: "2026-01-01T00:00:00Z", statements: [st(0, "done")] }).message, /expired/);
  const two = { status: "done", statements: [st(0, "done"), st(1, "done", [{ name: "b", type: "text" }]), st(2, "done", [])] };
  assert.equal(statementToChart(config, two).statement.index, 1, "the last statement with columns");
  assert.equal(statementToChart(parseChartConfig('{"statement": 0}'), two).statement.index, 0);
  assert.match(statementToChart(parseChartConfig('{"statement": 5}'), two).message, /no statement 6/);
  assert.match(statementToChart(config, { status: "done", statements: [st(0, "done", [])] }).message, /no columns/);
});

test("server answers become messages: 422 as sent, 410 expired, 404 gone", () => {
  const err = (status, message = "m") => Object.assign(new Error(message), { status });
  assert.equal(chartDataError(err(422, "Column “country” holds text, not numbers: sum needs a numeric column.")).message,
    "Column “country” holds text, not numbers: sum needs a numeric column.");
  assert.match(chartDataError(err(410)).message, /expired/);
  assert.match(chartDataError(err(404)).message, /no longer exists/);
  assert.equal(chartDataError(err(409)).tone, "waiting");
});

test("the panel shows what a type uses", () => {
  assert.ok(fieldsFor("combo").includes("y2"));
  assert.ok(!fieldsFor("bar").includes("y2"));
  assert.ok(fieldsFor("histogram").includes("bins") && !fieldsFor("histogram").includes("series"));
  assert.ok(fieldsFor("bubble").includes("size") && !fieldsFor("scatter").includes("size"));
  assert.ok(fieldsFor("line").includes("spanGaps") && !fieldsFor("pie").includes("spanGaps"));
});
