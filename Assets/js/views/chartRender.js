// Saved chart settings plus the server's aggregated points → one Chart.js configuration:
// datasets per series with their colours and visibility, scales (category, time, linear, log;
// a second y axis for combos), number formats, the legend, and two small inline plugins — a
// background fill (so a downloaded PNG is not transparent) and data labels. No DOM here: the
// plugins draw on the canvas Chart.js gives them.

import { dateAdapter } from "../chartDateAdapter.js";
import { isNumericColumn, isPointType, isStacked, isTimeColumn } from "../chartSpec.js";
import {
  bubbleRadii, formatNumber, labelText, labelTexts, paletteColor, seriesStyle, seriesValue, timeValue, transposeData, withAlpha,
} from "../chartShape.js";

/** Fills the canvas with the theme's surface colour under everything else. */
export const backgroundPlugin = {
  id: "qbBackground",
  beforeDraw(chart, _args, options) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = (options && options.color) || "#ffffff";
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

/** Writes each visible point's value next to it (at most 200 labels per chart). */
export const dataLabelsPlugin = {
  id: "qbDataLabels",
  afterDatasetsDraw(chart, _args, options) {
    if (!options || !options.enabled) return;
    const { ctx } = chart;
    const horizontal = chart.options.indexAxis === "y";
    const round = chart.config.type === "pie" || chart.config.type === "doughnut";
    let drawn = 0;
    ctx.save();
    ctx.font = "11px system-ui, sans-serif";
    chart.data.datasets.forEach((dataset, i) => {
      if (!chart.isDatasetVisible(i)) return;
      const meta = chart.getDatasetMeta(i);
      meta.data.forEach((element, j) => {
        if (drawn >= 200 || (round && !chart.getDataVisibility(j))) return;
        const raw = dataset.data[j];
        const value = raw !== null && typeof raw === "object" ? raw.y : raw;
        if (value === null || value === undefined || Number.isNaN(value)) return;
        const { x, y } = element.tooltipPosition();
        const text = options.format(value, dataset);
        ctx.fillStyle = round ? "#ffffff" : options.color;
        ctx.textAlign = round ? "center" : horizontal ? "left" : "center";
        ctx.textBaseline = round || horizontal ? "middle" : "bottom";
        ctx.fillText(text, round ? x : horizontal ? x + 4 : x, round || horizontal ? y : y - 4);
        drawn += 1;
      });
    });
    ctx.restore();
  },
};

const BUCKET_UNITS = { hour: "hour", day: "day", week: "week", month: "month", year: "year" };

/** The x scale's kind for these settings: "category", "time", "linear" or "log". */
export function xScaleKind(config, request) {
  if (config.type === "histogram" || config.type === "pie" || config.type === "doughnut") return "category";
  if (config.xScale && config.xScale !== "auto") return config.xScale;
  if (config.transpose && !request.raw) return "category";
  const x = request.x;
  const timeX = isTimeColumn(x) || Boolean(request.bucket);
  if (isPointType(config.type)) return timeX ? "time" : isNumericColumn(x) ? "linear" : "category";
  if ((config.type === "line" || config.type === "area") && timeX) return "time";
  return "category";
}

/**
 * The Chart.js configuration (`{type, data, options, plugins}`) for `data` (a chart-data answer)
 * drawn as `config` says; `request` is chartRequest(…)'s answer, `theme` the page's colours
 * `{text, muted, grid, surface}`, `onLegend(seriesName, valueIndex)` a legend click.
 */
export function buildChartConfig(config, data, request, theme, onLegend = () => {}) {
  const type = config.type;
  const shaped = config.transpose && !request.raw && !["histogram", "pie", "doughnut", "scatter", "bubble"].includes(type)
    ? transposeData(data) : data;
  const values = request.values.length ? request.values : [{}];
  const labels = labelTexts(shaped);
  const xKind = xScaleKind(config, request);
  const stacked = isStacked(config) && ["bar", "hbar", "area", "line", "combo"].includes(type);
  const formatOf = (axis) => (axis === "y2" ? config.y2Format : config.yFormat) || "plain";
  const round = type === "pie" || type === "doughnut";

  const xOf = (label) => {
    if (xKind === "time") return timeValue(label);
    if (xKind === "linear" || xKind === "log") return typeof label === "number" ? label : Number(label);
    return null;
  };
  const radii = type === "bubble" ? bubbleRadii(shaped.size || []) : null;

  let datasets;
  if (round) {
    const first = (shaped.series || [])[0] || { name: "", data: [] };
    const colors = labels.map((label, j) => (config.seriesColors && config.seriesColors[label]) || paletteColor(j));
    datasets = [{
      label: first.name, data: first.data.map((v) => (v === null ? 0 : v)), backgroundColor: colors,
      borderColor: theme.surface, borderWidth: 2, hoverOffset: 6,
    }];
  } else {
    datasets = (shaped.series || []).map((series, i) => {
      const style = seriesStyle(config, shaped, i, values);
      const axis = type === "combo" && style.value.axis === "y2" ? "y2" : "y";
      const kind = type === "combo" ? style.value.kind : type === "area" ? "line" : type === "hbar" || type === "histogram" ? "bar" : type;
      let points;
      if (xKind === "category") points = series.data.slice();
      else {
        points = [];
        series.data.forEach((v, j) => {
          const x = xOf(shaped.labels[j]);
          if (x === null || Number.isNaN(x) || (v === null && isPointType(type))) return;
          points.push(radii ? { x, y: v, r: radii[j] } : { x, y: v });
        });
      }
      const dataset = {
        label: series.name, data: points, hidden: style.hidden, borderColor: style.color,
        backgroundColor: withAlpha(style.color, kind === "bar" ? 0.85 : type === "area" ? 0.35 : 0.7),
        qbValue: seriesValue(series), qbAxis: axis,
      };
      if (type === "combo") Object.assign(dataset, { type: kind, yAxisID: axis, order: kind === "line" ? 0 : 1 });
      if (kind === "line") {
        const many = points.length > 60;
        Object.assign(dataset, {
          borderWidth: 2, cubicInterpolationMode: "monotone", pointRadius: many ? 0 : 2.5, pointHoverRadius: 4, spanGaps: Boolean(config.spanGaps),
          fill: type === "area" ? (stacked && i > 0 ? "-1" : "origin") : false,
        });
      }
      if (kind === "bar") Object.assign(dataset, { borderWidth: 0, borderRadius: 2, maxBarThickness: 56 });
      if (type === "histogram") Object.assign(dataset, { barPercentage: 1, categoryPercentage: 1, borderWidth: 1, borderColor: theme.surface, borderRadius: 0 });
      if (type === "scatter" || type === "bubble") Object.assign(dataset, { pointRadius: type === "scatter" ? 3 : undefined, borderWidth: 1, backgroundColor: withAlpha(style.color, 0.55) });
      return dataset;
    });
  }

  const grid = { color: theme.grid };
  const ticks = { color: theme.muted };
  const valueScale = (axis) => {
    const pre = axis === "y2" ? "y2" : "y";
    const scale = {
      type: config[`${pre}Scale`] === "log" ? "logarithmic" : "linear",
      grid: axis === "y2" ? { ...grid, drawOnChartArea: false } : grid,
      ticks: { ...ticks, callback: (v) => formatNumber(v, formatOf(axis)) },
      stacked: axis === "y" && stacked,
      beginAtZero: type !== "scatter" && type !== "bubble",
    };
    if (typeof config[`${pre}Min`] === "number") scale.min = config[`${pre}Min`];
    if (typeof config[`${pre}Max`] === "number") scale.max = config[`${pre}Max`];
    if (axis === "y2") scale.position = "right";
    return scale;
  };
  const indexScale = {
    type: { time: "time", linear: "linear", log: "logarithmic" }[xKind] || "category",
    grid: xKind === "category" ? { display: false } : grid,
    ticks: { ...ticks, maxRotation: 50, autoSkip: true, autoSkipPadding: 8 },
    stacked,
  };
  const unit = BUCKET_UNITS[request.bucket];
  if (xKind === "category" && unit && !config.transpose && type !== "histogram") {
    // Bucket starts as "Nov 1", "Nov 2026"… on a category axis too (bars, combos).
    indexScale.ticks.callback = function tick(value) {
      const label = this.getLabelForValue(value);
      const t = timeValue(label);
      return t === null ? label : dateAdapter.format(t, unit === "week" ? "day" : unit);
    };
  }
  if (xKind === "time") {
    indexScale.time = { tooltipFormat: unit === "hour" ? "hour" : unit ? "day" : "datetime", ...(unit ? { unit } : {}), ...(unit === "week" ? { isoWeekday: true } : {}) };
    if (!unit) indexScale.time.minUnit = "minute";
  }
  if (request.x && !round) indexScale.title = { display: true, text: request.x.name, color: theme.muted };

  let scales = {};
  if (!round) {
    const values = valueScale("y");
    // One value, not pivoted: its name says what the value axis measures.
    if (request.values.length === 1 && !request.series && !config.transpose && (shaped.series || []).length === 1) {
      values.title = { display: true, text: shaped.series[0].name, color: theme.muted };
    }
    scales = type === "hbar" ? { y: indexScale, x: values } : { x: indexScale, y: values };
    if (type === "combo" && datasets.some((d) => d.qbAxis === "y2")) {
      scales.y2 = valueScale("y2");
      // Each side says what it measures, when that fits.
      for (const axis of ["y", "y2"]) {
        const names = datasets.filter((d) => d.qbAxis === axis).map((d) => d.label);
        if (names.length >= 1 && names.length <= 2) scales[axis].title = { display: true, text: names.join(", "), color: theme.muted };
      }
    }
  }

  const chartType = { area: "line", hbar: "bar", histogram: "bar", combo: "bar" }[type] || type;
  const format = (value, dataset) => formatNumber(value, formatOf(dataset && dataset.qbAxis));
  const legendShown = config.legend !== "none" && (datasets.length > 1 || round || Boolean(request.series));
  return {
    type: chartType,
    data: { labels: xKind === "category" ? labels : undefined, datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false, color: theme.text,
      indexAxis: type === "hbar" ? "y" : "x",
      interaction: isPointType(type) ? { mode: "nearest", intersect: true } : round ? { mode: "nearest" } : { mode: "index", intersect: false },
      scales,
      plugins: {
        legend: {
          display: legendShown, position: config.legend === "none" ? "top" : config.legend || "top",
          // In series order, though combo lines carry a lower `order` to draw over the bars.
          labels: { color: theme.text, boxWidth: 12, boxHeight: 12, sort: (a, b) => a.datasetIndex - b.datasetIndex },
          ...(round ? {} : {
            onClick: (_event, item, legend) => {
              const dataset = legend.chart.data.datasets[item.datasetIndex];
              if (dataset) onLegend(dataset.label, dataset.qbValue ?? 0);
            },
          }),
        },
        tooltip: {
          callbacks: {
            label: (item) => {
              const raw = item.raw !== null && typeof item.raw === "object" ? item.raw.y : item.raw;
              const name = round ? item.label : item.dataset.label;
              return `${name}: ${format(raw, item.dataset)}`;
            },
          },
        },
        qbBackground: { color: theme.surface },
        qbDataLabels: { enabled: Boolean(config.dataLabels), color: theme.text, format },
      },
    },
    plugins: [backgroundPlugin, dataLabelsPlugin],
  };
}

/** The label of a round chart's slice `j` (for the panel's colour list). */
export function sliceLabel(data, j) {
  return labelText(data.labels[j], data.bins ? data.bins[j] : null);
}
