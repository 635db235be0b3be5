// A chart cell: the chart, full width, drawn with Chart.js from points the server aggregates
// over the source query cell's stored result (GET /api/executions/{id}/chart-data), and the
// side panel that configures it (chartPanel.js). Settings are the cell's JSON content, saved
// through the doc's Saver; co-editors' changes arrive through `update(cell)`. The chart follows
// the source cell's latest run (re-runs redraw it when they finish) unless a run is pinned.

import { api } from "../api.js";
import { h, inlineInput } from "../dom.js";
import { isFinal } from "../execState.js";
import { watchExecution } from "../events.js";
import { installDateAdapter } from "../chartDateAdapter.js";
import { footnote, pngFilename, tableOf, toggleSeries, transposeData } from "../chartShape.js";
import {
  chartDataError, chartRequest, parseChartConfig, runToChart, serializeConfig, statementToChart, typeLabel,
} from "../chartSpec.js";
import { createChartPanel } from "./chartPanel.js";
import { buildChartConfig } from "./chartRender.js";

export { parseChartConfig } from "../chartSpec.js";

const ChartJS = globalThis.Chart;
installDateAdapter(ChartJS);

/** The page's colours for the chart, read from app.css's variables (light or dark). */
function theme() {
  const style = getComputedStyle(document.documentElement);
  const read = (name, fallback) => style.getPropertyValue(name).trim() || fallback;
  return { text: read("--text", "#1d2330"), muted: read("--muted", "#667085"), grid: read("--border", "#dde1e7"), surface: read("--surface", "#ffffff") };
}

/**
 * `ctx`: `{saver, toolbar, queryCells()}`; `queryCells()` lists the doc's query cells in order
 * (`[{id, title, latestExecutionId}]`). Returns `{element, focus(), text(), refresh(),
 * update(cell), followedSource(), sourceChanged(cellId), setCollapsed(on), destroy()}`.
 */
export function createChartCell(cell, ctx) {
  const key = `cell:${cell.id}`;
  let config = parseChartConfig(cell.content);
  let cellTitle = cell.title || "";
  let panelOpen = config.source === null;
  let runId = null; // the run the chart shows
  let execution = null;
  let watcher = null;
  let columns = null; // of the charted statement
  let cache = null; // {key, data, request}: the last chart-data answer
  let fetches = 0; // the newest chart-data request; older answers are dropped
  let chart = null;
  let runs = null; // the source cell's runs, for the panel
  let runsFor = null;
  let destroyed = false;

  const title = inlineInput({
    value: cellTitle, placeholder: "Untitled chart", testid: "cell-title", className: "cell-title", label: "Chart title",
    onInput: (value) => {
      cellTitle = value;
      ctx.saver.queue(key, { title: value });
    },
    onCommit: () => ctx.saver.flushKey(key).catch(() => {}),
  });
  const summary = h("span", { class: "cell-summary", testid: "cell-summary" });
  const toggle = h("button", {
    type: "button", class: "btn small ghost", testid: "chart-panel-toggle", title: "Show or hide the chart's settings",
    onClick: () => setPanel(!panelOpen),
  }, "⚙ Configure");
  const download = h("button", {
    type: "button", class: "btn small ghost", testid: "chart-download", title: "Download the chart as a PNG picture",
    onClick: () => downloadPng(),
  }, "⤓ PNG");
  const head = h("div", { class: "cell-head" },
    h("span", { class: "cell-kind", title: "Chart cell" }, "Chart"), title, summary,
    h("span", { class: "cell-head-spacer" }), toggle, download, ctx.toolbar);

  const canvas = h("canvas", { testid: "chart-canvas", role: "img", "aria-label": "Chart" });
  const stage = h("div", { class: "chart-stage", testid: "chart-stage" }, canvas);
  const message = h("div", { class: "chart-message", testid: "chart-message", role: "status" });
  const table = h("div", { class: "chart-table-wrap", testid: "chart-table" });
  const note = h("div", { class: "chart-footnote", testid: "chart-footnote" });
  const main = h("div", { class: "chart-main" }, stage, table, message, note);
  const panel = createChartPanel({ onChange: change });
  const body = h("div", { class: "chart-body" }, main, panel.element);
  const element = h("section", {
    class: "cell cell-chart", id: `cell-${cell.id}`, testid: "cell", tabindex: "-1",
    dataset: { cellId: String(cell.id), kind: "chart" },
  }, head, body);

  const dark = globalThis.matchMedia ? globalThis.matchMedia("(prefers-color-scheme: dark)") : null;
  const onScheme = () => {
    if (cache && chart) paint(cache.data, cache.request);
  };
  if (dark && dark.addEventListener) dark.addEventListener("change", onScheme);

  function sourceCell() {
    return ctx.queryCells().find((c) => c.id === config.source);
  }

  function describe() {
    const cells = ctx.queryCells();
    const i = cells.findIndex((c) => c.id === config.source);
    const name = i < 0 ? "" : (cells[i].title && cells[i].title.trim()) || `Query ${i + 1}`;
    summary.textContent = `${typeLabel(config.type)} chart${name ? ` of ${name}` : ""}`;
    element.dataset.chartType = config.type;
  }

  function setPanel(open) {
    panelOpen = open;
    panel.element.hidden = !open;
    toggle.setAttribute("aria-pressed", String(open));
    toggle.classList.toggle("is-on", open);
    if (open) loadRuns();
    renderPanel();
    if (chart) chart.resize();
  }

  // Drawn while hidden too, so its fields always say what is saved.
  function renderPanel() {
    panel.render({ config, queryCells: ctx.queryCells(), execution, columns, data: cache ? cache.data : null, runs });
  }

  function loadRuns(force = false) {
    const source = config.source;
    if (!panelOpen || source === null || (!force && runsFor === source)) return;
    runsFor = source;
    runs = null;
    api.cellExecutions(source, 20).then((answer) => {
      if (destroyed || runsFor !== source) return;
      runs = answer.executions || [];
      renderPanel();
    }, () => {
      if (runsFor === source) runs = [];
      renderPanel();
    });
  }

  // The panel changed settings: save them and draw again.
  function change(patch) {
    config = parseChartConfig(JSON.stringify({ ...config, ...patch }));
    if ("source" in patch) loadRuns(true);
    ctx.saver.queue(key, { content: serializeConfig(config) }, { immediate: true })?.catch(() => {});
    describe();
    sync(true);
  }

  /** Finds the run to chart; starts following it when it is another one. */
  function sync(redraw) {
    describe();
    const target = runToChart(config, sourceCell());
    if (target.message) {
      stopWatching();
      runId = null;
      execution = null;
      columns = null;
      show(target.message, target.tone);
      renderPanel();
      return;
    }
    if (target.runId !== runId) {
      follow(target.runId);
      return;
    }
    if (redraw) draw();
    else renderPanel();
  }

  function follow(id) {
    stopWatching();
    runId = id;
    execution = null;
    show("Loading the run…", "waiting");
    api.getExecution(id).then((loaded) => {
      if (destroyed || runId !== id) return;
      accept(loaded);
      if (!isFinal(loaded.status)) watcher = watchExecution(id, accept, loaded);
    }, (error) => {
      if (destroyed || runId !== id) return;
      show(error.status === 404 ? "This run no longer exists. Run the query again, or pick another run in ⚙ Configure." : `Could not load the run: ${error.message}`, "error");
    });
  }

  function accept(next) {
    if (destroyed || !next || next.id !== runId) return;
    const was = execution;
    execution = next;
    // Progress while running changes nothing to draw; the end of the run does.
    if (was && was.status === next.status && !isFinal(next.status)) return;
    draw();
  }

  function stopWatching() {
    if (watcher) watcher.close();
    watcher = null;
  }

  function draw() {
    const picked = statementToChart(config, execution);
    if (picked.message) {
      columns = null;
      show(picked.message, picked.tone);
      renderPanel();
      return;
    }
    columns = picked.statement.columns;
    const request = chartRequest(config, picked.statement.index, columns);
    if (request.error) {
      show(request.error, "error");
      renderPanel();
      return;
    }
    const dataKey = `${execution.id}?${request.query}`;
    if (cache && cache.key === dataKey) {
      cache.request = request;
      paint(cache.data, request);
      renderPanel();
      return;
    }
    const token = ++fetches;
    if (!chart && table.hidden) show("Aggregating the result…", "waiting");
    else note.textContent = "Updating…";
    api.chartData(execution.id, request.query).then((data) => {
      if (destroyed || token !== fetches) return;
      cache = { key: dataKey, data, request };
      paint(data, request);
      renderPanel();
    }, (error) => {
      if (destroyed || token !== fetches) return;
      const problem = chartDataError(error);
      show(problem.message, problem.tone);
    });
  }

  // Shows a message instead of the chart: nothing half-drawn stays on screen.
  function show(text, tone) {
    destroyChart();
    stage.hidden = true;
    table.hidden = true;
    table.replaceChildren();
    note.textContent = "";
    message.hidden = false;
    message.dataset.tone = tone || "empty";
    message.textContent = text;
    element.dataset.chartState = "message";
    download.disabled = true;
  }

  function destroyChart() {
    if (chart) chart.destroy();
    chart = null;
  }

  function paint(data, request) {
    if (!data.labels || data.labels.length === 0 || !(data.series || []).length) {
      show("The result has no rows to chart.", "empty");
      return;
    }
    message.hidden = true;
    note.textContent = footnote(data, request.raw);
    if (config.type === "table") {
      destroyChart();
      stage.hidden = true;
      drawTable(data, request);
      download.disabled = true;
      download.title = "A table has no picture: export the query’s result instead";
      return;
    }
    table.hidden = true;
    table.replaceChildren();
    if (!ChartJS) {
      show("Chart.js is missing from this hub (the libjs-chart.js package): charts cannot be drawn.", "error");
      return;
    }
    const settings = buildChartConfig(config, data, request, theme(), (name, valueIndex) => change(toggleSeries(config, name, valueIndex)));
    destroyChart();
    stage.hidden = false;
    chart = new ChartJS(canvas, settings);
    element.dataset.chartState = "drawn"; // animation is off: the canvas is painted now
    const points = data.labels.length;
    canvas.setAttribute("aria-label", `${summary.textContent}: ${data.series.length} series, ${points} ${points === 1 ? "point" : "points"}`);
    download.disabled = false;
    download.title = "Download the chart as a PNG picture";
  }

  function drawTable(data, request) {
    const shown = config.transpose ? transposeData(data) : data;
    const corner = config.transpose ? (request.series ? request.series.name : "") : request.x ? request.x.name : "";
    const { head: names, rows } = tableOf(shown, corner, config.yFormat);
    const grid = h("table", { class: "chart-table" },
      h("thead", null, h("tr", null, names.map((n, i) => h("th", { class: i ? "num" : null }, n)))),
      h("tbody", null, rows.map((row) => h("tr", { testid: "chart-table-row" },
        row.map((v, i) => h(i ? "td" : "th", { class: i ? "num" : null }, v))))));
    table.replaceChildren(grid);
    table.hidden = false;
    element.dataset.chartState = "drawn";
  }

  function downloadPng() {
    if (!chart) return;
    const link = h("a", { href: chart.toBase64Image("image/png", 1), download: pngFilename(cellTitle || summary.textContent) });
    document.body.append(link);
    link.click();
    link.remove();
  }

  setPanel(panelOpen);
  sync(true);

  return {
    element,
    focus: () => (panelOpen ? panel.element.querySelector("select, input") || element : element).focus(),
    text: () => serializeConfig(config),
    refresh: () => sync(false),
    /** Another tab changed the title or the settings. */
    update(changed) {
      if (changed.title !== undefined) {
        cellTitle = changed.title || "";
        title.setValue(changed.title);
      }
      if (changed.content !== undefined && changed.content !== serializeConfig(config)) {
        const next = parseChartConfig(changed.content);
        if (serializeConfig(next) === serializeConfig(config)) return;
        config = next;
        loadRuns(true);
        sync(true);
      }
    },
    /** The query cell whose latest run the chart follows, or null (none, or a pinned run). */
    followedSource: () => (config.source !== null && !config.run ? config.source : null),
    /** Query cell `cellId` was run (or its latest run changed). */
    sourceChanged(cellId) {
      if (cellId !== config.source) return;
      if (runsFor === cellId) loadRuns(true);
      sync(false);
    },
    setCollapsed(on) {
      body.hidden = on;
      element.classList.toggle("is-collapsed", on);
      if (!on && chart) chart.resize();
    },
    destroy() {
      destroyed = true;
      stopWatching();
      destroyChart();
      if (dark && dark.removeEventListener) dark.removeEventListener("change", onScheme);
    },
  };
}
