// A chart cell, as a placeholder until charts are drawn: a card with the source query cell and
// the chart type, saved as the cell's JSON settings (`{"source": id|null, "type": "bar"}`).
// Keys a later release adds are kept when this card saves.

import { h } from "../dom.js";

export const CHART_TYPES = [
  ["bar", "Bar"], ["line", "Line"], ["area", "Area"], ["scatter", "Scatter"], ["pie", "Pie"], ["table", "Table"],
];

/** The settings in `content`, or the defaults when it is empty or not an object. */
export function parseChartConfig(content) {
  try {
    const value = JSON.parse(content || "{}");
    if (value && typeof value === "object" && !Array.isArray(value)) return { source: null, type: "bar", ...value };
  } catch {
    // Bad settings show as the defaults; the server refuses to save bad ones.
  }
  return { source: null, type: "bar" };
}

/**
 * `ctx`: `{saver, toolbar, queryCells()}`; `queryCells()` lists the doc's query cells in order
 * (`[{id, title}]`). Returns `{element, focus(), text(), refresh(), update(cell), setCollapsed(on), destroy()}`.
 */
export function createChartCell(cell, ctx) {
  const key = `cell:${cell.id}`;
  let config = parseChartConfig(cell.content);

  const sourceSelect = h("select", { testid: "chart-source", "aria-label": "Source query cell", title: "The query cell whose result the chart shows" });
  const typeSelect = h("select", { testid: "chart-type", "aria-label": "Chart type" },
    CHART_TYPES.map(([value, label]) => h("option", { value }, label)));
  const save = () => {
    draw();
    ctx.saver.queue(key, { content: JSON.stringify(config) }, { immediate: true })?.catch(() => {});
  };
  sourceSelect.addEventListener("change", () => {
    config = { ...config, source: sourceSelect.value ? Number(sourceSelect.value) : null };
    save();
  });
  typeSelect.addEventListener("change", () => {
    config = { ...config, type: typeSelect.value };
    save();
  });

  const summary = h("span", { class: "cell-summary", testid: "cell-summary" });
  const head = h("div", { class: "cell-head" },
    h("span", { class: "cell-kind", title: "Chart cell" }, "Chart"),
    summary,
    h("span", { class: "cell-head-spacer" }),
    ctx.toolbar);
  const body = h("div", { class: "chart-placeholder", testid: "chart-placeholder" },
    h("div", { class: "chart-form" },
      h("label", null, h("span", null, "Source"), sourceSelect),
      h("label", null, h("span", null, "Type"), typeSelect)),
    h("p", { class: "chart-note" },
      "Charts are drawn in a later release. The source and type you pick here are saved with the doc."));
  const element = h("section", {
    class: "cell cell-chart", id: `cell-${cell.id}`, testid: "cell", tabindex: "-1",
    dataset: { cellId: String(cell.id), kind: "chart" },
  }, head, body);

  function draw() {
    const cells = ctx.queryCells();
    const label = (c, i) => (c.title && c.title.trim()) || `Query ${i + 1} (untitled)`;
    const options = [h("option", { value: "" }, "Pick a query cell…"),
      ...cells.map((c, i) => h("option", { value: String(c.id) }, label(c, i)))];
    if (config.source !== null && !cells.some((c) => c.id === config.source)) {
      options.push(h("option", { value: String(config.source) }, "A deleted cell"));
    }
    sourceSelect.replaceChildren(...options);
    sourceSelect.value = config.source === null ? "" : String(config.source);
    typeSelect.value = CHART_TYPES.some(([v]) => v === config.type) ? config.type : "bar";
    const source = cells.findIndex((c) => c.id === config.source);
    const typeName = (CHART_TYPES.find(([v]) => v === config.type) || ["", "Bar"])[1];
    summary.textContent = `${typeName} chart${source >= 0 ? ` of ${label(cells[source], source)}` : ""}`;
  }
  draw();

  return {
    element,
    focus: () => sourceSelect.focus(),
    text: () => JSON.stringify(config),
    refresh: draw,
    /** Another tab changed the settings. */
    update(changed) {
      if (changed.content !== undefined) {
        config = parseChartConfig(changed.content);
        draw();
      }
    },
    setCollapsed(on) {
      body.hidden = on;
      element.classList.toggle("is-collapsed", on);
    },
    destroy() {},
  };
}
