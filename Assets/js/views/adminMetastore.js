// Admin → Metastore (/admin/metastore): per engine, the metastore sync's state, when it last
// ran and runs next, what it found, its error; "Sync now" and the interval. While any sync
// is queued or running the page asks again every second and draws a progress bar.

import { api } from "../api.js";
import { h, replaceChildren } from "../dom.js";
import { formatDateTime, formatRelativeTime } from "../format.js";
import { countsWords, intervalWords, isActive, parseInterval, progressOf, statusWords } from "../metastoreLogic.js";
import { errorBox } from "./formKit.js";

const POLL_MS = 1000;

/** Mounts the metastore admin page. Returns `{unmount()}`. */
export function mountAdminMetastore(root, _params, app) {
  app.setTitle("Metastore · Admin");
  let unmounted = false;
  let timer = null;
  const rows = new Map(); // engineId → {element, update(sync)}
  const tbody = h("tbody");
  const table = h("table", { class: "admin-table metastore-table", testid: "metastore-table", hidden: true },
    h("thead", null, h("tr", null, ["Engine", "Status", "Last sync", "Next sync", "Interval (hours)", ""].map((t) => h("th", null, t)))), tbody);
  const status = h("div", { class: "page-loading", testid: "metastore-status" }, "Loading the metastore…");
  root.replaceChildren(h("div", { class: "page admin-page" },
    h("header", { class: "page-header" }, h("h1", null, "Metastore")),
    h("p", { class: "muted" }, "What the Tables pages, search and autocomplete know of each engine's schemas, tables and columns. Each engine is read on its interval and whenever you press Sync now; descriptions, tags and owners people wrote are kept."),
    status, table));

  function row(sync) {
    const statusCell = h("td", { testid: "sync-status" });
    const last = h("td", { class: "nowrap", testid: "sync-last" });
    const next = h("td", { class: "nowrap", testid: "sync-next" });
    const interval = h("input", { type: "text", inputmode: "numeric", class: "interval-input", testid: "sync-interval", "aria-label": `Sync interval of ${sync.engineName} in hours` });
    const intervalNote = h("div", { class: "small muted", testid: "sync-interval-note" });
    const button = h("button", { type: "button", class: "btn small primary", testid: "sync-now" }, "Sync now");
    let current = sync;
    button.addEventListener("click", async () => {
      button.disabled = true;
      try {
        update(await api.admin.syncEngine(current.engineId));
        schedule(0);
      } catch (error) {
        if (error.status === 409) schedule(0);
        else app.notify(`Could not start the sync: ${error.message}`);
        button.disabled = isActive(current);
      }
    });
    async function saveInterval() {
      const parsed = parseInterval(interval.value);
      interval.classList.toggle("invalid", Boolean(parsed.error));
      if (parsed.error) {
        intervalNote.textContent = parsed.error;
        intervalNote.className = "small field-error";
        return;
      }
      if (parsed.hours === current.intervalHours) {
        intervalNote.textContent = intervalWords(parsed.hours);
        intervalNote.className = "small muted";
        return;
      }
      try {
        update(await api.admin.setSyncInterval(current.engineId, parsed.hours));
        intervalNote.textContent = `Saved: ${intervalWords(parsed.hours)}`;
        intervalNote.className = "small ok-text";
      } catch (error) {
        intervalNote.textContent = error.message;
        intervalNote.className = "small field-error";
      }
    }
    interval.addEventListener("change", saveInterval);
    interval.addEventListener("keydown", (event) => {
      if (event.key === "Enter") interval.blur();
    });
    const element = h("tr", { testid: "metastore-row", dataset: { engine: sync.engineName, engineId: String(sync.engineId) } },
      h("td", null, h("div", { class: "engine-name" }, sync.engineName)), statusCell, last, next,
      h("td", null, interval, intervalNote), h("td", { class: "row-actions" }, button));

    function update(s) {
      current = s;
      element.dataset.status = s.status;
      const fill = progressOf(s);
      const bar = isActive(s) ? h("div", { class: `sync-bar${fill === null ? " indeterminate" : ""}`, testid: "sync-progress", role: "progressbar",
        "aria-valuemin": "0", "aria-valuemax": String(s.tablesTotal || 0), "aria-valuenow": String(s.tablesDone || 0) },
      h("div", { class: "sync-bar-fill", style: { width: fill === null ? "30%" : `${Math.round(fill * 100)}%` } })) : null;
      const badge = { done: "on", failed: "failed", running: "running", queued: "running" }[s.status] || "off";
      replaceChildren(statusCell, 
        h("span", { class: `status-badge ${badge}`, testid: "sync-badge" }, s.status === "idle" ? "never" : s.status),
        h("div", { class: "small sync-words", testid: "sync-words" }, statusWords(s)), bar,
        !isActive(s) && countsWords(s) && h("div", { class: "small muted", testid: "sync-counts" }, countsWords(s)),
        s.error && h("div", { class: "error-box small sync-error", testid: "sync-error" }, s.error));
      const lastAt = s.finishedAt || s.startedAt;
      last.replaceChildren(lastAt ? h("span", { title: formatDateTime(lastAt) }, formatRelativeTime(lastAt)) : h("span", { class: "faint" }, "never"));
      next.replaceChildren(s.nextRunAt ? h("span", { title: formatDateTime(s.nextRunAt) }, futureWords(s.nextRunAt))
        : h("span", { class: "faint" }, s.intervalHours ? "—" : "on demand"));
      if (document.activeElement !== interval) interval.value = String(s.intervalHours ?? "");
      if (!intervalNote.textContent || intervalNote.classList.contains("muted")) {
        intervalNote.textContent = intervalWords(s.intervalHours);
        intervalNote.className = "small muted";
      }
      button.disabled = isActive(s);
      button.textContent = isActive(s) ? "Syncing…" : "Sync now";
    }
    update(sync);
    return { element, update };
  }

  function schedule(ms) {
    clearTimeout(timer);
    if (!unmounted) timer = setTimeout(load, ms);
  }

  function load() {
    api.admin.metastore().then((engines) => {
      if (unmounted) return;
      status.replaceChildren();
      status.className = "";
      if (!engines.length) {
        status.className = "empty-state small";
        status.textContent = "No engines yet: add one in Admin → Engines, and its tables are read at once.";
      }
      for (const sync of engines) {
        const known = rows.get(sync.engineId);
        if (known) known.update(sync);
        else {
          const r = row(sync);
          rows.set(sync.engineId, r);
          tbody.append(r.element);
        }
      }
      table.hidden = engines.length === 0;
      if (engines.some(isActive)) schedule(POLL_MS);
    }, (error) => {
      if (unmounted) return;
      status.className = "";
      status.replaceChildren(errorBox("Could not load the metastore", error.message, "metastore-error"));
      if (rows.size) schedule(POLL_MS * 3);
    });
  }
  load();
  return { unmount: () => { unmounted = true; clearTimeout(timer); } };
}

// "in 23 h", "in 5 min", "due now".
function futureWords(iso) {
  const ms = new Date(iso).getTime() - Date.now();
  if (Number.isNaN(ms)) return "";
  if (ms <= 60000) return "due now";
  const minutes = Math.round(ms / 60000);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `in ${hours} h` : `in ${Math.round(hours / 24)} days`;
}
