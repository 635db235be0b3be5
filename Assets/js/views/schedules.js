// Schedules (/schedules): the schedules of every doc I may read, next run first, fifty a page:
// the doc (opening its Schedule panel), what the cron means, its status, the next run in the
// schedule's own zone and how the last run went.

import { api } from "../api.js";
import { h } from "../dom.js";
import { docTitle, formatRelativeTime } from "../format.js";
import { describeCron, statusLabel } from "../scheduleLogic.js";
import { formatInZone } from "../scheduleTime.js";
import { errorBox } from "./formKit.js";

const LIMIT = 50;

/** Mounts the Schedules page into `root`. Returns `{unmount()}`. */
export function mountSchedules(root, _params, app) {
  let unmounted = false;
  let offset = 0;
  app.setTitle("Schedules");
  const count = h("span", { class: "muted", testid: "schedules-count" });
  const body = h("div", null, h("div", { class: "page-loading" }, "Loading schedules…"));
  const pager = h("div", { class: "pager", testid: "schedules-pager" });
  root.replaceChildren(h("div", { class: "page schedules-page" },
    h("header", { class: "page-header" }, h("h1", null, "Schedules"), h("span", { class: "cell-head-spacer" }), count),
    h("p", { class: "muted page-intro" }, "Docs that run on a timetable. Open a doc's ⋯ menu → Schedule… to add one or change it."),
    body, pager));

  function row(s) {
    const words = describeCron(s.cron, globalThis.cronstrue);
    const last = s.lastRun;
    return h("tr", { testid: "schedule-row", dataset: { docId: String(s.docId), status: s.status } },
      h("td", { class: "schedule-doc-cell" },
        h("a", { href: `/docs/${s.docId}#schedule`, testid: "schedule-doc-link" }, docTitle({ title: s.docTitle })),
        s.owner && h("div", { class: "small muted" }, `Runs as ${s.owner.displayName || s.owner.username}`)),
      h("td", null,
        h("div", { testid: "schedule-row-description" }, words.text || s.cron),
        h("div", { class: "small muted mono" }, `${s.cron} · ${s.timezone.replace(/_/g, " ")}`)),
      h("td", null, h("span", { class: "schedule-badge", dataset: { status: s.status }, testid: "schedule-row-status", title: s.disabledReason || "" }, statusLabel(s.status)),
        s.status === "disabled" && s.disabledReason && h("div", { class: "small muted" }, s.disabledReason)),
      h("td", { class: "nowrap", testid: "schedule-row-next" }, s.status === "active" && s.nextRunAt ? formatInZone(s.nextRunAt, s.timezone) : h("span", { class: "faint" }, "—")),
      h("td", { class: "nowrap", testid: "schedule-row-last" }, last
        ? [h("span", { class: `run-status status-${last.status}` }, statusLabel(last.status)),
          h("span", { class: "small muted", title: last.finishedAt || last.startedAt || "" }, ` ${formatRelativeTime(last.finishedAt || last.startedAt || last.scheduledFor)}`)]
        : h("span", { class: "faint" }, "Never run")));
  }

  function load() {
    api.schedules(LIMIT, offset).then(({ schedules, total }) => {
      if (unmounted) return;
      count.textContent = total ? `${total} ${total === 1 ? "schedule" : "schedules"}` : "";
      pager.replaceChildren();
      if (!schedules.length) {
        body.replaceChildren(h("div", { class: "empty-state", testid: "schedules-empty" },
          h("h2", null, "No schedules yet"),
          h("p", null, "A schedule runs every query cell of a doc on a timetable — hourly, daily, weekly, monthly or by cron — and can export the results and notify you."),
          h("p", null, "Open a doc, then ⋯ → Schedule… to add one."),
          h("p", null, h("a", { href: "/docs", class: "btn small" }, "Open the docs"))));
        return;
      }
      body.replaceChildren(h("table", { class: "admin-table schedules-table", testid: "schedules-table" },
        h("thead", null, h("tr", null, ["Doc", "When", "Status", "Next run", "Last run"].map((t) => h("th", null, t)))),
        h("tbody", null, schedules.map(row))));
      if (total > LIMIT) {
        const go = (next) => {
          offset = next;
          load();
          window.scrollTo(0, 0);
        };
        pager.append(
          h("button", { type: "button", class: "btn small", testid: "schedules-prev", disabled: offset === 0, onClick: () => go(Math.max(0, offset - LIMIT)) }, "← Previous"),
          h("span", { class: "muted" }, `${offset + 1}–${offset + schedules.length} of ${total}`),
          h("button", { type: "button", class: "btn small", testid: "schedules-next", disabled: offset + LIMIT >= total, onClick: () => go(offset + LIMIT) }, "Next →"));
      }
    }, (error) => {
      if (unmounted) return;
      body.replaceChildren(errorBox("Could not load the schedules", error.message, "schedules-error"));
    });
  }
  load();
  return { unmount: () => { unmounted = true; } };
}
