// The chart cell's side panel: the form that configures a chart — source cell, run and
// statement; type; x / series / value columns with their aggregation, bar-or-line, axis,
// colour and visibility; bucketing, bins, sorting, top-N, row limit, transpose, stacking; the
// axes' scales, number formats and ranges; legend, data labels, gaps and per-series colours.
// Every change calls `onChange(patch)` at once; the cell saves and redraws.

import { h } from "../dom.js";
import { formatCount, formatRelativeTime } from "../format.js";
import {
  AGGREGATIONS, BUCKETS, CHART_TYPES, FORMATS, LEGENDS, X_SCALES, Y_SCALES, autoColumns, fieldsFor, isStacked, normalizeValue,
} from "../chartSpec.js";
import { labelTexts, paletteColor, seriesStyle } from "../chartShape.js";

/**
 * `onChange(patch)` gets the settings that changed. Returns `{element, render(state)}`; `state`
 * is `{config, queryCells, execution, columns, data, runs}` (`columns` of the charted
 * statement or null, `data` the last chart-data answer or null, `runs` the source cell's runs
 * or null while they load).
 */
export function createChartPanel({ onChange }) {
  const element = h("aside", { class: "chart-panel", testid: "chart-panel", "aria-label": "Chart settings" });
  let state = null;
  let drawnKey = null;

  // What the form shows depends on these only; an equal state leaves the form (and what is
  // being typed into it) alone.
  function keyOf(next) {
    const ex = next.execution;
    const data = next.data;
    return JSON.stringify([
      next.config, next.queryCells, next.columns, next.runs && next.runs.map((r) => [r.id, r.status]),
      ex && [ex.id, ex.status, (ex.statements || []).map((st) => [st.status, st.rowCount])],
      data && [labelTexts(data).slice(0, 40), (data.series || []).map((sr) => sr.name)],
    ]);
  }

  function render(next) {
    const key = keyOf(next);
    if (key === drawnKey) return;
    drawnKey = key;
    state = next;
    const active = document.activeElement;
    const focused = active && element.contains(active) ? active.dataset.testid : null;
    const { config } = state;
    const show = new Set(fieldsFor(config.type));
    const sections = [
      section("Data", sourceField(), runField(), statementField()),
      section("Chart", field("Type", select("type", CHART_TYPES, config.type))),
      section("Columns",
        show.has("x") && field(config.type === "hbar" ? "Categories (y)" : "X axis", columnSelect("x", "auto")),
        show.has("series") && field("Series (one per value)", columnSelect("series", "none"), "Pivots long data to wide: one line or bar per value of this column."),
        show.has("values") && valuesField(),
        show.has("size") && field("Bubble size", columnSelect("size", "none"))),
      section("Shape",
        show.has("bucket") && field("Time bucket", select("bucket", BUCKETS, config.bucket || "none"), "Truncates a date/time x to its hour, day, week…"),
        show.has("bins") && field("Bins", numberInput("bins", config.bins, { min: 1, max: 1000 })),
        show.has("sort") && h("div", { class: "chart-pair" },
          field("Sort by", select("sort", [["x", "x"], ["value", "value"]], config.sort || "x")),
          field("Order", select("order", [["asc", "ascending"], ["desc", "descending"]], config.order || "asc"))),
        show.has("top") && field("Top N (rest as “Other”)", numberInput("top", config.top, { min: 1, placeholder: "all" })),
        show.has("limit") && field("Row limit (groups or points)", numberInput("limit", config.limit, { min: 1, max: 50000 })),
        show.has("transpose") && check("transpose", "Transpose (swap x and series)", config.transpose),
        show.has("stacked") && check("stacked", config.type === "hbar" || config.type === "bar" || config.type === "combo" ? "Stack bars" : "Stack", isStacked(config))),
      section("Axes",
        show.has("xScale") && field("X scale", select("xScale", X_SCALES, config.xScale || "auto")),
        show.has("yScale") && field(show.has("y2") ? "Y scale (left)" : "Y scale", select("yScale", Y_SCALES, config.yScale || "linear")),
        show.has("yFormat") && field(show.has("y2") ? "Y format (left)" : "Number format", select("yFormat", FORMATS, config.yFormat || "plain")),
        show.has("yRange") && range("yMin", "yMax"),
        show.has("y2") && field("Y2 scale (right)", select("y2Scale", Y_SCALES, config.y2Scale || "linear")),
        show.has("y2") && field("Y2 format (right)", select("y2Format", FORMATS, config.y2Format || "plain")),
        show.has("y2") && range("y2Min", "y2Max")),
      section("Look",
        show.has("legend") && field("Legend", select("legend", LEGENDS, config.legend || "top")),
        show.has("dataLabels") && check("dataLabels", "Data labels", config.dataLabels),
        show.has("spanGaps") && check("spanGaps", "Connect gaps (lines over missing points)", config.spanGaps),
        show.has("seriesColors") && seriesColorsField()),
    ];
    element.replaceChildren(...sections.filter(Boolean));
    if (focused) {
      const again = element.querySelector(`[data-testid="${focused}"]`);
      if (again) again.focus();
    }
  }

  const section = (title, ...children) => {
    const shown = children.filter(Boolean);
    return shown.length ? h("fieldset", { class: "chart-section" }, h("legend", null, title), shown) : null;
  };

  const field = (label, control, hint) => h("label", { class: "chart-field", title: hint || null },
    h("span", { class: "chart-field-label" }, label), control);

  function select(key, options, value, onPick = (v) => onChange({ [key]: v }), testid = `chart-${key}`) {
    const el = h("select", { testid, "aria-label": key },
      options.map(([v, label]) => h("option", { value: String(v) }, label)));
    el.value = String(value);
    el.addEventListener("change", () => onPick(el.value));
    return el;
  }

  function numberInput(key, value, { min, max, placeholder, onPick, testid } = {}) {
    const el = h("input", {
      type: "number", class: "chart-number", testid: testid || `chart-${key}`, min, max, step: "any", placeholder: placeholder || "",
      value: value === null || value === undefined ? "" : String(value), "aria-label": key,
    });
    el.addEventListener("change", () => {
      const n = el.value.trim() === "" ? null : Number(el.value);
      const v = n === null || Number.isFinite(n) ? n : null;
      (onPick || ((x) => onChange({ [key]: x })))(v);
    });
    return el;
  }

  function check(key, label, checked, onPick = (on) => onChange({ [key]: on }), testid = `chart-${key}`) {
    const box = h("input", { type: "checkbox", testid, checked: Boolean(checked) });
    box.addEventListener("change", () => onPick(box.checked));
    return h("label", { class: "chart-check" }, box, h("span", null, label));
  }

  const range = (minKey, maxKey) => h("div", { class: "chart-pair" },
    field("Min", numberInput(minKey, state.config[minKey], { placeholder: "auto" })),
    field("Max", numberInput(maxKey, state.config[maxKey], { placeholder: "auto" })));

  function sourceField() {
    const cells = state.queryCells;
    const name = (c, i) => (c.title && c.title.trim()) || `Query ${i + 1} (untitled)`;
    const options = [["", "Pick a query cell…"], ...cells.map((c, i) => [String(c.id), name(c, i)])];
    const source = state.config.source;
    if (source !== null && !cells.some((c) => c.id === source)) options.push([String(source), "A deleted cell"]);
    return field("Source query", select("source", options, source === null ? "" : String(source),
      (v) => onChange({ source: v ? Number(v) : null, run: null, statement: null })));
  }

  function runField() {
    const runs = state.runs || [];
    const options = [["", state.runs === null && state.config.source !== null ? "Latest run (loading runs…)" : "Latest run"]];
    for (const run of runs) {
      const rows = (run.statements || []).reduce((n, s) => n + (s.rowCount || 0), 0);
      const when = run.finishedAt || run.createdAt;
      options.push([String(run.id), `Run #${run.id} · ${run.status} · ${formatCount(rows)} rows · ${when ? formatRelativeTime(when) : ""}`]);
    }
    const pinned = state.config.run;
    if (pinned && !runs.some((r) => r.id === pinned)) options.push([String(pinned), `Run #${pinned}`]);
    return field("Run", select("run", options, pinned ? String(pinned) : "", (v) => onChange({ run: v ? Number(v) : null })),
      "The source cell’s latest run follows every re-run; an earlier run stays as it was.");
  }

  function statementField() {
    const statements = (state.execution && state.execution.statements) || [];
    const options = [["", "Last with columns"], ...statements.map((s) => [String(s.index),
      `Statement ${s.index + 1}${s.status === "done" ? ` · ${formatCount(s.rowCount)} rows` : ` · ${s.status}`}`])];
    const wanted = state.config.statement;
    if (Number.isInteger(wanted) && !statements.some((s) => s.index === wanted)) options.push([String(wanted), `Statement ${wanted + 1}`]);
    return field("Statement", select("statement", options, Number.isInteger(wanted) ? String(wanted) : "",
      (v) => onChange({ statement: v === "" ? null : Number(v) })));
  }

  // A column picker; `empty` is "auto" (the chart picks) or "none"; a saved name no longer in
  // the result stays listed, marked, so the setting is not silently lost.
  function columnSelect(key, empty, value = state.config[key], onPick = (v) => onChange({ [key]: v === "" ? null : v }), testid) {
    const columns = state.columns || [];
    const auto = empty === "auto" ? autoColumns(state.config.type, columns).x : null;
    const first = empty === "auto" ? `Auto${auto ? ` (${auto})` : ""}` : empty === "count" ? "Count of rows (*)" : "None";
    const options = [["", first], ...columns.map((c) => [c.name, `${c.name} · ${c.type}`])];
    if (value && !columns.some((c) => c.name === value)) options.push([value, `${value} (not in the result)`]);
    return select(key, options, value ?? "", onPick, testid);
  }

  function valuesField() {
    const { config } = state;
    const combo = config.type === "combo";
    const round = config.type === "pie" || config.type === "doughnut";
    const values = config.values.length ? config.values : autoColumns(config.type, state.columns || []).values;
    const auto = config.values.length === 0;
    const pivoted = config.series !== null && fieldsFor(config.type).includes("series");
    const set = (i, patch) => {
      const next = values.map((v) => ({ ...v }));
      next[i] = normalizeValue({ ...next[i], ...patch });
      onChange({ values: next });
    };
    const rows = values.slice(0, round ? 1 : values.length).map((value, i) => h("div", { class: "chart-value", testid: "chart-value" },
      h("div", { class: "chart-value-main" },
        select("agg", AGGREGATIONS, value.aggregation, (v) => set(i, { aggregation: v }), `chart-value-agg-${i}`),
        h("span", { class: "chart-value-of" }, "of"),
        columnSelect("column", "count", value.column, (v) => set(i, { column: v === "" ? null : v }), `chart-value-column-${i}`)),
      h("div", { class: "chart-value-extra" },
        combo && select("kind", [["bar", "bars"], ["line", "line"]], value.kind, (v) => set(i, { kind: v }), `chart-value-kind-${i}`),
        combo && select("axis", [["y", "left y"], ["y2", "right y2"]], value.axis, (v) => set(i, { axis: v }), `chart-value-axis-${i}`),
        // Pivoted values draw one series per group: their colours are picked per series below.
        !round && !pivoted && colorInput(value.color || paletteColor(i), (c) => set(i, { color: c }), `chart-value-color-${i}`),
        !round && check("hidden", "hide", value.hidden, (on) => set(i, { hidden: on }), `chart-value-hidden-${i}`),
        !auto && values.length > 1 && h("button", {
          type: "button", class: "icon-btn", testid: `chart-value-remove-${i}`, title: "Remove this value",
          onClick: () => onChange({ values: values.filter((_, j) => j !== i) }),
        }, "✕"))));
    const add = !round && h("button", {
      type: "button", class: "btn small ghost", testid: "chart-value-add",
      onClick: () => onChange({ values: [...values, normalizeValue({ column: null, aggregation: "count", kind: combo ? "line" : "bar", axis: combo ? "y2" : "y" })] }),
    }, "+ Add value");
    return h("div", { class: "chart-field" },
      h("span", { class: "chart-field-label" }, round ? "Slice size" : "Values", auto ? h("span", { class: "chart-auto" }, " (auto)") : null),
      rows, add);
  }

  function colorInput(value, onPick, testid) {
    const el = h("input", { type: "color", class: "chart-color", testid, value, title: "Colour" });
    el.addEventListener("change", () => onPick(el.value));
    return el;
  }

  // Colours and visibility of the series drawn now (slices for pie and doughnut).
  function seriesColorsField() {
    const { config, data } = state;
    if (!data) return null;
    const round = config.type === "pie" || config.type === "doughnut";
    const names = round ? labelTexts(data) : (data.series || []).map((s) => s.name);
    if (names.length === 0) return null;
    const values = config.values.length ? config.values : autoColumns(config.type, state.columns || []).values;
    const colors = config.seriesColors || {};
    const setColor = (name, color) => {
      const next = { ...colors };
      if (color) next[name] = color;
      else delete next[name];
      onChange({ seriesColors: next });
    };
    const rows = names.slice(0, 40).map((name, i) => {
      const style = round ? { color: colors[name] || paletteColor(i) } : seriesStyle(config, data, i, values);
      return h("div", { class: "chart-series-row", testid: "chart-series-row" },
        colorInput(style.color, (c) => setColor(name, c), `chart-series-color-${i}`),
        h("span", { class: "chart-series-name", title: name }, name),
        colors[name] && h("button", { type: "button", class: "icon-btn", title: "Back to the default colour", onClick: () => setColor(name, null) }, "↺"),
        !round && check("series-hidden", "hide", (config.hiddenSeries || []).includes(name), (on) => {
          const hidden = new Set(config.hiddenSeries || []);
          if (on) hidden.add(name);
          else hidden.delete(name);
          onChange({ hiddenSeries: [...hidden] });
        }, `chart-series-hidden-${i}`));
    });
    return h("div", { class: "chart-field" }, h("span", { class: "chart-field-label" }, round ? "Slice colours" : "Series"), rows);
  }

  return { element, render };
}
