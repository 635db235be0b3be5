// A column's statistics on demand: a popover under the header's button with count, nulls,
// distinct (an estimate), min, max and, for numbers, a histogram of plain divs. The
// statistics of a statement are fetched once (GET /api/executions/{id}/stats) and kept for
// the other columns.

import { api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { formatCount, formatValue } from "../format.js";

const loaded = new WeakMap(); // statement object → promise of its stats

function statsOf(execution, statement) {
  let promise = loaded.get(statement);
  if (!promise) {
    promise = api.stats(execution.id, statement.index);
    promise.catch(() => loaded.delete(statement));
    loaded.set(statement, promise);
  }
  return promise;
}

/**
 * Opens the popover for column `column` inside `container` (positioned), under `anchor`.
 * Closes on Esc, a click outside or `onClose`; returns a function that closes it.
 */
export function openColumnStats({ container, anchor, execution, statement, column, onClose = () => {} }) {
  const name = (statement.columns || [])[column]?.name ?? "";
  const body = h("div", { class: "stats-body" }, h("div", { class: "result-note" }, "Computing statistics…"));
  const popover = h("div", { class: "stats-popover", testid: "stats-popover", role: "dialog", "aria-label": `Statistics of ${name}` },
    h("div", { class: "stats-title" }, h("strong", null, name),
      h("button", { type: "button", class: "stats-close", "aria-label": "Close", testid: "stats-close", onClick: () => close() }, "×")),
    body);
  container.append(popover);
  place();

  let closed = false;
  function close() {
    if (closed) return;
    closed = true;
    popover.remove();
    document.removeEventListener("mousedown", outside, true);
    document.removeEventListener("keydown", escape, true);
    onClose();
  }
  function outside(event) {
    if (!popover.contains(event.target) && !anchor.contains(event.target)) close();
  }
  function escape(event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
    }
  }
  document.addEventListener("mousedown", outside, true);
  document.addEventListener("keydown", escape, true);

  function place() {
    const box = container.getBoundingClientRect();
    const at = anchor.getBoundingClientRect();
    const width = 280;
    const left = Math.max(0, Math.min(at.right - box.left - width, box.width - width));
    popover.style.left = `${Math.max(0, left)}px`;
    popover.style.top = `${at.bottom - box.top + 4}px`;
  }

  statsOf(execution, statement).then((answer) => {
    if (closed) return;
    const stats = (answer.columns || []).find((c) => c.index === column);
    if (!stats) return replaceChildren(body, h("div", { class: "result-note" }, "No statistics for this column."));
    replaceChildren(body, statsTable(stats), stats.histogram ? histogram(stats.histogram) : null);
    place();
  }, (error) => {
    if (closed) return;
    replaceChildren(body, h("div", { class: "error-box", testid: "stats-error" }, error.message));
  });

  return close;
}

function statsTable(stats) {
  const value = (v) => {
    const { text, kind } = formatValue(v);
    return h("span", { class: kind === "null" ? "null" : null }, kind === "null" ? "—" : text);
  };
  const rows = stats.count + stats.nulls; // `count` counts the non-null values
  const nullShare = rows > 0 ? ` (${((100 * stats.nulls) / rows).toFixed(stats.nulls === 0 ? 0 : 1)} %)` : "";
  const row = (label, testid, content, title) =>
    h("tr", { title }, h("th", null, label), h("td", { testid }, content));
  return h("table", { class: "stats-table" },
    h("tbody", null,
      row("Type", "stat-type", stats.type || ""),
      row("Count", "stat-count", formatCount(stats.count), "Values that are not NULL"),
      row("Nulls", "stat-nulls", `${formatCount(stats.nulls)}${nullShare}`),
      row("Distinct ≈", "stat-distinct", formatCount(stats.distinct)),
      row("Min", "stat-min", value(stats.min)),
      row("Max", "stat-max", value(stats.max))));
}

function histogram({ bins }) {
  if (!bins || bins.length === 0) return null;
  const most = Math.max(1, ...bins.map((b) => b.count));
  return h("div", { class: "histogram-box" },
    h("div", { class: "histogram", testid: "histogram", role: "img", "aria-label": "Histogram" },
      bins.map((bin) => h("div", {
        class: "histogram-bar", testid: "histogram-bar",
        title: `${formatValue(bin.from).text} – ${formatValue(bin.to).text}: ${formatCount(bin.count)}`,
        dataset: { count: String(bin.count) },
      }, h("div", { class: "histogram-fill", style: { height: `${bin.count === 0 ? 0 : Math.max(2, (100 * bin.count) / most)}%` } })))),
    h("div", { class: "histogram-axis" },
      h("span", null, formatValue(bins[0].from).text),
      h("span", null, formatValue(bins[bins.length - 1].to).text)));
}

/** The header button's icon: three bars. */
export function statsIcon() {
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", "0 0 12 12");
  svg.setAttribute("width", "12");
  svg.setAttribute("height", "12");
  svg.setAttribute("aria-hidden", "true");
  for (const [x, y] of [[1, 6], [5, 2], [9, 8]]) {
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("x", String(x));
    rect.setAttribute("y", String(y));
    rect.setAttribute("width", "2.5");
    rect.setAttribute("height", String(11 - y));
    rect.setAttribute("rx", "0.5");
    svg.append(rect);
  }
  return svg;
}
