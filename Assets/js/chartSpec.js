// A chart cell's saved settings (its `content`, see "The chart API" in Docs/API.md) and what
// they ask of the server: which run and statement, which column indices, and the query string
// of GET /api/executions/{id}/chart-data — or a message saying, in plain words, why the chart
// cannot be drawn. Pure functions, no DOM (Tests/Browser/js/chartSpec.test.mjs).

/** `[value, label]` of every chart type, in the order the panel lists them. */
export const CHART_TYPES = [
  ["line", "Line"], ["area", "Stacked area"], ["bar", "Bar"], ["hbar", "Horizontal bar"],
  ["pie", "Pie"], ["doughnut", "Doughnut"], ["scatter", "Scatter"], ["bubble", "Bubble"],
  ["histogram", "Histogram"], ["table", "Table"], ["combo", "Combo (bars + lines)"],
];

export const AGGREGATIONS = [
  ["count", "count"], ["sum", "sum"], ["avg", "average"], ["min", "min"], ["max", "max"],
  ["median", "median"], ["distinct", "distinct count"], ["none", "none (every row)"],
];

export const BUCKETS = [["none", "None"], ["hour", "Hour"], ["day", "Day"], ["week", "Week"], ["month", "Month"], ["year", "Year"]];
export const X_SCALES = [["auto", "Auto"], ["category", "Category"], ["time", "Time"], ["linear", "Linear"], ["log", "Log"]];
export const Y_SCALES = [["linear", "Linear"], ["log", "Log"]];
export const FORMATS = [["plain", "1,234.5"], ["percent", "Percent (0.25 → 25%)"], ["currency", "Dollars ($1,234.50)"], ["si", "SI (1.2k, 3.4M)"]];
export const LEGENDS = [["top", "Top"], ["bottom", "Bottom"], ["left", "Left"], ["right", "Right"], ["none", "Hidden"]];

/** What a setting left out means. */
export const DEFAULTS = Object.freeze({
  source: null, run: null, statement: null, type: "bar", x: null, series: null, values: [],
  size: null, bucket: "none", bins: 20, sort: "x", order: "asc", top: null, limit: 1000,
  transpose: false, stacked: null, xScale: "auto", yScale: "linear", yFormat: "plain",
  yMin: null, yMax: null, y2Scale: "linear", y2Format: "plain", y2Min: null, y2Max: null,
  legend: "top", dataLabels: false, spanGaps: false, seriesColors: {}, hiddenSeries: [],
});

/** A value to draw, with every key present. */
export function normalizeValue(value) {
  const v = value && typeof value === "object" ? value : {};
  return {
    column: typeof v.column === "string" ? v.column : null,
    aggregation: AGGREGATIONS.some(([a]) => a === v.aggregation) ? v.aggregation : "count",
    kind: v.kind === "line" ? "line" : "bar",
    axis: v.axis === "y2" ? "y2" : "y",
    color: typeof v.color === "string" && /^#[0-9a-f]{6}$/i.test(v.color) ? v.color : null,
    hidden: Boolean(v.hidden),
  };
}

/** The settings in `content` with defaults for what is missing; bad JSON reads as the defaults. */
export function parseChartConfig(content) {
  let value = null;
  try {
    value = JSON.parse(content || "{}");
  } catch {
    // Bad settings show as the defaults; the server refuses to save content that is no object.
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) value = {};
  const config = { ...DEFAULTS, ...value };
  config.type = CHART_TYPES.some(([t]) => t === config.type) ? config.type : "bar";
  config.values = Array.isArray(config.values) ? config.values.map(normalizeValue) : [];
  if (!config.seriesColors || typeof config.seriesColors !== "object") config.seriesColors = {};
  if (!Array.isArray(config.hiddenSeries)) config.hiddenSeries = [];
  return config;
}

/** The type's name for people: "Line", "Stacked area"… */
export function typeLabel(type) {
  return (CHART_TYPES.find(([t]) => t === type) || [null, "Bar"])[1];
}

/** Whether the type draws rows as they are by default (scatter, bubble). */
export const isPointType = (type) => type === "scatter" || type === "bubble";

/** Whether bars or areas are stacked: the saved choice, else stacked for "area" only. */
export function isStacked(config) {
  return typeof config.stacked === "boolean" ? config.stacked : config.type === "area";
}

/** Which settings the panel shows for a type. */
export function fieldsFor(type) {
  const all = ["x", "values"];
  if (type === "histogram") return ["x", "bins", "xScale", "yScale", "yFormat", "yRange", "legend", "dataLabels"];
  if (type === "pie" || type === "doughnut") return [...all, "sort", "top", "limit", "yFormat", "legend", "dataLabels", "seriesColors"];
  if (type === "table") return [...all, "series", "bucket", "sort", "top", "limit", "transpose", "yFormat"];
  if (isPointType(type)) {
    return [...all, ...(type === "bubble" ? ["size"] : []), "limit", "xScale", "yScale", "yFormat", "yRange", "legend", "dataLabels"];
  }
  const base = [...all, "series", "bucket", "sort", "top", "limit", "transpose", "xScale", "yScale", "yFormat", "yRange", "legend", "dataLabels", "seriesColors"];
  if (type === "bar" || type === "hbar" || type === "area" || type === "line" || type === "combo") base.push("stacked");
  if (type === "line" || type === "area" || type === "combo") base.push("spanGaps");
  if (type === "combo") base.push("y2");
  return base;
}

const NUMERIC = new Set(["integer", "real", "decimal"]);
const TIME = new Set(["date", "timestamp"]);
/** Whether a result column's type holds numbers / dates. */
export const isNumericColumn = (column) => Boolean(column) && NUMERIC.has(column.type);
export const isTimeColumn = (column) => Boolean(column) && TIME.has(column.type);

/**
 * The columns the chart uses when the settings leave them out: x is the first date column for
 * lines and areas, else the first text column (the first number for histograms and point charts); the value a sum of the first other
 * number (none for point charts), else a count of rows. Returns `{x, values}` of names.
 */
export function autoColumns(type, columns) {
  const names = columns.map((c) => c.name);
  const firstNumber = (skip) => columns.find((c) => isNumericColumn(c) && c.name !== skip);
  let x;
  if (type === "histogram" || isPointType(type)) x = firstNumber()?.name ?? names[0] ?? null;
  else {
    // Lines follow time; bars, slices and tables compare categories.
    const time = columns.find((c) => isTimeColumn(c));
    const text = columns.find((c) => !isNumericColumn(c) && !isTimeColumn(c));
    const overTime = type === "line" || type === "area" || type === "combo";
    x = ((overTime ? time || text : text || time) || columns[0])?.name ?? null;
  }
  const number = firstNumber(x);
  let values;
  if (isPointType(type)) values = [normalizeValue({ column: number ? number.name : x, aggregation: "none" })];
  else values = [normalizeValue(number ? { column: number.name, aggregation: "sum" } : { column: null, aggregation: "count" })];
  return { x, values };
}

/**
 * The run to chart: the pinned one, else the source cell's latest. `sourceCell` is
 * `{id, title, latestExecutionId}` or undefined. Returns `{runId}` or `{message}`.
 */
export function runToChart(config, sourceCell) {
  if (config.source === null || config.source === undefined) {
    return { message: "Pick the query cell to chart: open ⚙ Configure and choose a source.", tone: "empty" };
  }
  if (!sourceCell) return { message: "The source query cell was deleted. Pick another source in ⚙ Configure.", tone: "empty" };
  if (config.run) return { runId: config.run };
  if (!sourceCell.latestExecutionId) {
    const name = sourceCell.title && sourceCell.title.trim() ? `“${sourceCell.title.trim()}”` : "The source query";
    return { message: `${name} has not been run yet. Run it (Shift-Enter) and the chart draws.`, tone: "empty" };
  }
  return { runId: sourceCell.latestExecutionId };
}

/**
 * The statement to chart of a run: `config.statement`, else the last one with columns.
 * Returns `{statement}` (the statement object) or `{message, tone}`; tone "waiting" while the
 * run is not done yet.
 */
export function statementToChart(config, execution) {
  if (!execution) return { message: "Loading the run…", tone: "waiting" };
  if (execution.resultExpiredAt) {
    return { message: "The run’s stored result expired. Run the query again to draw the chart.", tone: "error" };
  }
  const statements = execution.statements || [];
  if (execution.status === "queued" || execution.status === "running") {
    return { message: "Waiting for the query…", tone: "waiting" };
  }
  const wanted = Number.isInteger(config.statement) ? config.statement : null;
  if (wanted !== null) {
    const st = statements.find((s) => s.index === wanted);
    if (!st) return { message: `The run has no statement ${wanted + 1}. Pick another statement in ⚙ Configure.`, tone: "error" };
    if (st.status !== "done") return { message: failure(execution, st), tone: "error" };
    if (!(st.columns || []).length) return { message: `Statement ${wanted + 1} returned no columns to chart.`, tone: "error" };
    return { statement: st };
  }
  const usable = statements.filter((s) => s.status === "done" && (s.columns || []).length > 0);
  if (usable.length) return { statement: usable[usable.length - 1] };
  if (execution.status !== "done") return { message: failure(execution, null), tone: "error" };
  return { message: "The query returned no columns to chart (it only changed data).", tone: "error" };
}

function failure(execution, statement) {
  if (execution.status === "cancelled" || (statement && statement.status === "cancelled")) {
    return "The run was cancelled. Run the query again to draw the chart.";
  }
  const error = (statement && statement.error) || (execution.statements || []).find((s) => s.error)?.error || execution.error;
  const text = error && error.message ? error.message : "the query failed";
  return `The query failed: ${text}. Fix it and run it again.`;
}

/**
 * The chart-data request for the settings over a statement's `columns` ([{name, type}]):
 * `{query, x, series, values, size, bucket, raw}` with column objects (`{index, name, type}`) resolved,
 * or `{error}` with a message for people.
 */
export function chartRequest(config, statementIndex, columns) {
  if (!columns || columns.length === 0) return { error: "The statement returned no columns to chart." };
  const auto = autoColumns(config.type, columns);
  const find = (name) => {
    const index = columns.findIndex((c) => c.name === name);
    return index < 0 ? null : { index, name, type: columns[index].type };
  };
  const missing = (name, role) => ({
    error: `Column “${name}” is not in the result. Pick another ${role} column in ⚙ Configure, or run a query that returns it.`,
  });
  const xName = config.x ?? auto.x;
  const x = xName === null ? null : find(xName);
  if (xName !== null && !x) return missing(xName, "x");

  const type = config.type;
  const params = [["statement", String(statementIndex)]];
  if (x) params.push(["x", String(x.index)]);

  if (type === "histogram") {
    if (!x || !isNumericColumn(x)) {
      return { error: `A histogram needs a numeric x column; “${x ? x.name : "?"}” holds ${x ? x.type : "nothing"}. Pick one in ⚙ Configure.` };
    }
    const bins = clampInt(config.bins, 1, 1000, 20);
    params.push(["value", "*:count"], ["bins", String(bins)]);
    return { query: encode(params), x, series: null, values: [{ column: null, aggregation: "count", index: null }], size: null, bucket: null, raw: false };
  }

  let wanted = config.values.length ? config.values : auto.values;
  if (type === "pie" || type === "doughnut") wanted = wanted.slice(0, 1);
  const values = [];
  for (const value of wanted) {
    if (value.column === null) {
      values.push({ ...value, aggregation: "count", index: null });
      continue;
    }
    const column = find(value.column);
    if (!column) return missing(value.column, "value");
    values.push({ ...value, index: column.index, type: column.type });
  }
  const raw = values.filter((v) => v.aggregation === "none").length;
  if (raw > 0 && raw < values.length) {
    return { error: "Values drawn row by row (aggregation “none”) cannot be mixed with aggregated ones: set every value to “none”, or none of them." };
  }
  if (raw > 0 && !x) return { error: "Drawing every row needs an x column. Pick one in ⚙ Configure." };
  for (const v of values) params.push(["value", `${v.index === null ? "*" : v.index}:${v.aggregation}`]);

  // Settings the panel hides for this type do not apply (they stay saved for a switch back).
  const fields = new Set(fieldsFor(type));
  let series = null;
  if (config.series !== null && !raw && fields.has("series")) {
    series = find(config.series);
    if (!series) return missing(config.series, "series");
    params.push(["series", String(series.index)]);
  }
  let size = null;
  if (type === "bubble" && config.size !== null) {
    size = find(config.size);
    if (!size) return missing(config.size, "size");
    if (!raw) return { error: "Bubble sizes need values drawn row by row: set the value’s aggregation to “none”." };
    params.push(["size", String(size.index)]);
  }
  const bucket = !raw && x && fields.has("bucket") && config.bucket && config.bucket !== "none" ? config.bucket : null;
  if (bucket) params.push(["bucket", bucket]);
  params.push(["sort", config.sort === "value" ? "value" : "x"], ["order", config.order === "desc" ? "desc" : "asc"]);
  const top = config.top === null || config.top === undefined || config.top === "" ? null : clampInt(config.top, 1, 50000, null);
  if (!raw && top !== null && fields.has("top")) params.push(["top", String(top)]);
  params.push(["limit", String(clampInt(config.limit, 1, 50000, raw ? 2000 : 1000))]);
  return { query: encode(params), x, series, values, size, bucket, raw: raw > 0 };
}

function clampInt(value, min, max, fallback) {
  const n = Number(value);
  if (!Number.isFinite(n) || value === null || value === "") return fallback;
  return Math.min(max, Math.max(min, Math.round(n)));
}

function encode(params) {
  return params.map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join("&");
}

/** The message of a failed chart-data request, by status (`error` an ApiError). */
export function chartDataError(error) {
  switch (error && error.status) {
    case 422: return { message: error.message, tone: "error" };
    case 410: return { message: "The run’s stored result expired. Run the query again to draw the chart.", tone: "error" };
    case 409: return { message: "Waiting for the query…", tone: "waiting" };
    case 404: return { message: "This run no longer exists. Run the query again, or pick another run in ⚙ Configure.", tone: "error" };
    case 400: return { message: `The chart’s settings do not fit the result: ${error.message}`, tone: "error" };
    default: return { message: `Could not load the chart’s data: ${error ? error.message : "unknown error"}`, tone: "error" };
  }
}

/**
 * The settings as saved: `source` and `type` always, every other key only when it differs from
 * its default, so a cell's content stays short and readable.
 */
export function serializeConfig(config) {
  const out = { source: config.source ?? null, type: config.type };
  for (const [key, value] of Object.entries(config)) {
    if (key === "source" || key === "type" || value === undefined) continue;
    if (key in DEFAULTS && JSON.stringify(value) === JSON.stringify(DEFAULTS[key])) continue;
    out[key] = value;
  }
  return JSON.stringify(out);
}
