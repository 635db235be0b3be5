// The shape of a chart's points once the server has aggregated them (GET …/chart-data): label
// text, transposing, series colours and visibility, bubble radii, number formats, the file
// name of a downloaded picture. Pure functions, no DOM (Tests/Browser/js/chartShape.test.mjs).

/**
 * Ten colours that read on white and on the dark theme's #1b1f27 alike, and stay apart for
 * the common kinds of colour blindness (after Tableau 10, a touch more saturated).
 */
export const PALETTE = [
  "#4c8bf5", "#f28e2b", "#e15759", "#4fb3a9", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#8c9cb0",
];

/** The default colour of series `i`. */
export function paletteColor(i) {
  return PALETTE[((i % PALETTE.length) + PALETTE.length) % PALETTE.length];
}

/** `#rrggbb` at opacity `alpha` as `rgba(…)`. */
export function withAlpha(hex, alpha) {
  const m = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || "");
  if (!m) return hex;
  return `rgba(${parseInt(m[1], 16)}, ${parseInt(m[2], 16)}, ${parseInt(m[3], 16)}, ${alpha})`;
}

const plainFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });
const smallFormat = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 3 });
const currencyFormat = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", minimumFractionDigits: 2, maximumFractionDigits: 2 });
const binFormat = new Intl.NumberFormat("en-US", { maximumSignificantDigits: 4 });
const SI = [[1e15, "P"], [1e12, "T"], [1e9, "G"], [1e6, "M"], [1e3, "k"]];

/** A number as the format says: "1,234.5", "25%" (of 0.25), "$1,234.50", "1.2k"; "" for null. */
export function formatNumber(value, format = "plain") {
  if (value === null || value === undefined || value === "") return "";
  const n = Number(value);
  if (!Number.isFinite(n)) return String(value);
  switch (format) {
    case "percent":
      return `${plainFormat.format(Math.round(n * 1000) / 10)}%`;
    case "currency":
      return currencyFormat.format(n);
    case "si": {
      const unit = SI.find(([size]) => Math.abs(n) >= size);
      if (!unit) return plain(n);
      const scaled = n / unit[0];
      return `${Math.abs(scaled) >= 100 ? Math.round(scaled) : Number(scaled.toPrecision(3))}${unit[1]}`;
    }
    default:
      return plain(n);
  }
}

function plain(n) {
  return n !== 0 && Math.abs(n) < 0.01 ? smallFormat.format(n) : plainFormat.format(n);
}

/** A label for people: the x value as text, "(null)" for the NULL group, "10 – 20" for a bin. */
export function labelText(label, bin = null) {
  if (bin) return `${binFormat.format(bin.from)} – ${binFormat.format(bin.to)}`;
  if (label === null || label === undefined) return "(null)";
  if (typeof label === "number") return plain(label);
  if (typeof label === "boolean") return label ? "true" : "false";
  if (typeof label === "object") return JSON.stringify(label);
  return String(label);
}

/** The labels of chart data as text, bins spelled out. */
export function labelTexts(data) {
  return (data.labels || []).map((label, i) => labelText(label, data.bins ? data.bins[i] : null));
}

/**
 * Swaps x groups and series: one point per series, one series per x group. Each new series
 * keeps the measure of the data's first series (its colour and axis follow the first value).
 */
export function transposeData(data) {
  const labels = labelTexts(data);
  const series = data.series || [];
  return {
    ...data,
    labels: series.map((s) => s.name),
    bins: null,
    size: null,
    series: labels.map((name, i) => ({
      name, value: seriesValue(series[0]) ?? 0, group: data.labels[i] ?? null, data: series.map((s) => s.data[i] ?? null),
    })),
  };
}

/** The index of the `value` parameter a series draws (`value`, or `measure` in older answers). */
export function seriesValue(series) {
  if (!series) return null;
  return Number.isInteger(series.value) ? series.value : Number.isInteger(series.measure) ? series.measure : 0;
}

/**
 * How series `i` of the data looks: `{color, hidden, value}` where `value` is its setting in
 * `values` (`{kind, axis, color, hidden}`). A colour picked for the series wins, then the
 * value's own colour when the data is not pivoted, then the palette.
 */
export function seriesStyle(config, data, i, values) {
  const series = data.series[i];
  const value = values[seriesValue(series)] || values[0] || {};
  const pivoted = (data.series || []).some((s) => s.group !== null && s.group !== undefined);
  const picked = config.seriesColors ? config.seriesColors[series.name] : null;
  const color = picked || (!pivoted && value.color) || paletteColor(i);
  const hidden = Boolean(value.hidden) || (config.hiddenSeries || []).includes(series.name);
  return { color, hidden, value };
}

/** `hiddenSeries` and `values` after the user toggled series `name` in the legend. */
export function toggleSeries(config, name, valueIndex) {
  const hidden = new Set(config.hiddenSeries || []);
  const values = (config.values || []).map((v) => ({ ...v }));
  const value = values[valueIndex];
  const nowHidden = hidden.has(name) || Boolean(value && value.hidden);
  if (nowHidden) {
    hidden.delete(name);
    if (value) value.hidden = false;
  } else {
    hidden.add(name);
  }
  return { hiddenSeries: [...hidden], values };
}

/** Bubble radii from 4 to 24 px by the square root of size (area follows the value). */
export function bubbleRadii(sizes) {
  const numbers = (sizes || []).filter((s) => typeof s === "number" && Number.isFinite(s));
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  return (sizes || []).map((s) => {
    if (typeof s !== "number" || !Number.isFinite(s)) return 4;
    if (max === min) return 10;
    return Math.round((4 + 20 * Math.sqrt((s - min) / (max - min))) * 10) / 10;
  });
}

/** Epoch milliseconds of a time label: ISO text (UTC when it names no zone) or epoch seconds. */
export function timeValue(label) {
  if (typeof label === "number") return Math.abs(label) < 1e11 ? label * 1000 : label;
  if (typeof label !== "string") return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/.exec(label.trim());
  if (!m) return /^-?\d+(\.\d+)?$/.test(label.trim()) ? timeValue(Number(label)) : null;
  const ms = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  let t = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0), +(m[6] || 0), Math.round(ms));
  if (m[8] && m[8] !== "Z") {
    const sign = m[8][0] === "-" ? -1 : 1;
    const digits = m[8].slice(1).replace(":", "");
    t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60000;
  }
  return t;
}

/** The table type's rows: `{head: [x name, series…], rows: [[label, formatted values…]]}`. */
export function tableOf(data, xName, format = "plain") {
  const labels = labelTexts(data);
  const series = data.series || [];
  return {
    head: [xName || "", ...series.map((s) => s.name)],
    rows: labels.map((label, i) => [label, ...series.map((s) => formatNumber(s.data[i], format))]),
  };
}

/** "monthly-signups.png" from a cell title ("chart.png" when it has none worth keeping). */
export function pngFilename(title) {
  const base = String(title || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
    .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 80);
  return `${base || "chart"}.png`;
}

/** The line under a chart: rows aggregated, what a cap cut or folded. */
export function footnote(data, raw) {
  const parts = [];
  const count = (n) => new Intl.NumberFormat("en-US").format(n);
  if (typeof data.rows === "number") parts.push(`${count(data.rows)} ${data.rows === 1 ? "row" : "rows"}${raw ? "" : " aggregated"}`);
  if (data.sampled) parts.push(`${count((data.labels || []).length)} of ${count(data.groups)} points drawn (sampled evenly)`);
  else if (data.truncated) parts.push(`first ${count((data.labels || []).length)} of ${count(data.groups)} groups (row limit)`);
  if (data.other) parts.push("smaller groups summed into “Other”");
  if (data.skipped) parts.push(`${count(data.skipped)} values that are no number skipped`);
  return parts.join(" · ");
}
