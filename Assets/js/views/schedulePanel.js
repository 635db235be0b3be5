// The doc menu's Schedule panel (/docs/{id}#schedule): when the doc runs (recurrence editor,
// its words from cronstrue, the time zone and the next run in it), what happens on failure
// (retries, their delay, disabling after N failed runs), who hears of it (notifications),
// which query results are exported, Save / Pause–Resume / Run now / Delete, and the run
// history. Viewers see it all, read-only. The server's check of each field shows next to it.

import { api } from "../api.js";
import { h } from "../dom.js";
import {
  NOTIFY_ON, cellLabel, describeCron, editorState, errorField, recurrenceErrors, scheduleErrors, scheduleKey,
  schedulePayload, statusLabel, toCron,
} from "../scheduleLogic.js";
import { browserZone, formatInZone, nextFires, zoneList } from "../scheduleTime.js";
import { confirmButton } from "./formKit.js";
import { drawExportRows } from "./scheduleExports.js";
import { createRecurrenceEditor } from "./recurrenceEditor.js";
import { createRunHistory } from "./scheduleRuns.js";

const NOTIFY_LABELS = { never: "Never", failure: "When a run fails", success: "When a run succeeds", always: "After every run" };

/** `{docId, readOnly}` → `{open(), close(), isOpen(), onRun(run)}`; the panel sits on the right of the doc. */
export function createSchedulePanel({ docId, readOnly }) {
  let panel = null;
  let view = null; // the open panel's parts

  function open() {
    if (panel) return;
    panel = h("aside", { class: "schedule-panel", testid: "schedule-panel", role: "dialog", "aria-label": "Schedule" });
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !event.target.closest("select")) {
        event.stopPropagation();
        close();
      }
    });
    document.body.append(panel);
    if (location.hash !== "#schedule") history.replaceState(null, "", `${location.pathname}${location.search}#schedule`);
    view = mountPanel(panel, { docId, readOnly, close });
  }

  function close() {
    if (!panel) return;
    if (view) view.stop();
    panel.remove();
    panel = null;
    view = null;
    // Only this doc's URL: when the page is being left, the new URL is not ours to change.
    if (location.hash === "#schedule" && location.pathname.replace(/\/$/, "") === `/docs/${docId}`) {
      history.replaceState(null, "", `${location.pathname}${location.search}`);
    }
  }

  return {
    open,
    close,
    isOpen: () => Boolean(panel),
    /** A `schedule.run` event of this doc (from its stream): the open history reads it again. */
    onRun(run) {
      if (view && run && Number(run.docId) === docId) view.onRun(run);
    },
  };
}

function mountPanel(panel, { docId, readOnly, close }) {
  let saved = null; // the server's Schedule, or null
  let state = null; // the editor's state
  let baseline = ""; // the PUT body of what is saved, to tell unsaved changes
  let cells = []; // the doc's query cells
  let emailEnabled = true; // false: the hub has no SMTP server (the Emails field says so)
  let stopped = false;
  const zones = zoneList();

  const badge = h("span", { class: "schedule-badge", testid: "schedule-state" });
  const head = h("header", { class: "history-head" },
    h("h2", null, "Schedule ", badge),
    h("button", { type: "button", class: "icon-btn", title: "Close (Esc)", "aria-label": "Close schedule", testid: "schedule-close", onClick: close }, "✕"));
  const body = h("div", { class: "schedule-body" }, h("p", { class: "muted history-hint" }, "Loading the schedule…"));
  // The actions stay in view below the scrolling form.
  const footer = h("footer", { class: "schedule-footer", hidden: true });
  panel.append(head, body, footer);

  const runs = createRunHistory({
    docId, zone: () => (saved ? saved.timezone : state.timezone), cellLabel: labelOf,
    onCellLink: (cellId) => {
      const cell = document.getElementById(`cell-${cellId}`);
      history.replaceState(null, "", `${location.pathname}${location.search}#cell-${cellId}`);
      if (cell) {
        cell.scrollIntoView({ block: "start", behavior: "smooth" });
        cell.focus({ preventScroll: true });
      }
    },
    onActiveEnd: () => {
      if (/^(Run queued|Starting)/.test(status.textContent)) status.textContent = "";
      reloadSchedule();
    },
  });

  function labelOf(cellId) {
    const i = cells.findIndex((c) => c.id === cellId);
    return i >= 0 ? cellLabel(cells[i], i) : `Cell ${cellId}`;
  }

  // Controls (made once; `draw()` shows the state in them).
  const fieldErrors = {};
  const errorLine = (key) => (fieldErrors[key] = h("div", { class: "field-error", testid: `schedule-${key}-error`, role: "alert" }));
  const input = (key, attrs) => h("input", { testid: `schedule-${key}`, disabled: readOnly, spellcheck: "false", autocomplete: "off", ...attrs });
  const zoneSelect = h("select", { testid: "schedule-timezone", disabled: readOnly, "aria-label": "Time zone" });
  const description = h("p", { class: "schedule-description", testid: "schedule-description", "aria-live": "polite" });
  const nextRun = h("p", { class: "schedule-next", testid: "schedule-next-run" });
  const retries = input("retries", { type: "number", min: "0", max: "10", class: "num-input", "aria-label": "Retries" });
  const retryDelay = input("retryDelaySeconds", { type: "number", min: "10", max: "86400", class: "num-input wide", "aria-label": "Retry delay in seconds" });
  const disableAfter = input("disableAfterFailures", { type: "number", min: "0", max: "100", class: "num-input", "aria-label": "Disable after this many failed runs" });
  const notifyOn = h("select", { testid: "schedule-notifyOn", disabled: readOnly, "aria-label": "Notify" }, NOTIFY_ON.map((v) => h("option", { value: v }, NOTIFY_LABELS[v])));
  const webhook = input("webhookUrl", { type: "url", class: "wide-input", placeholder: "https://hooks.example.com/…", "aria-label": "Webhook URL" });
  const emails = h("textarea", { testid: "schedule-emails", disabled: readOnly, rows: "2", class: "wide-input", placeholder: "ana@example.com, li@example.com", "aria-label": "Emails", spellcheck: "false" });
  const exportsList = h("div", { class: "sched-export-list", testid: "schedule-exports" });
  const formError = h("div", { class: "form-error", testid: "schedule-error", role: "alert" });
  const status = h("span", { class: "form-status", role: "status", testid: "schedule-status" });
  const saveButton = h("button", { type: "button", class: "btn primary", testid: "schedule-save", onClick: save }, "Save");
  const runButton = h("button", { type: "button", class: "btn", testid: "schedule-run", onClick: runNow, title: "Run every query cell of the doc now, as the schedule would" }, "Run now");
  const pauseButton = h("button", { type: "button", class: "btn", testid: "schedule-pause", onClick: togglePause }, "Pause");
  const deleteButton = confirmButton("Delete", "Delete the schedule?", remove, { testid: "schedule-delete", className: "btn ghost" });
  const notice = h("div", { class: "banner warn schedule-notice", testid: "schedule-disabled", hidden: true });
  const ownerLine = h("p", { class: "muted small", testid: "schedule-owner" });
  let editor = null;
  const targets = h("div", { class: "notify-targets" });

  const section = (title, ...children) => h("section", { class: "schedule-section" }, h("h3", null, title), children);
  const labelled = (label, control, key, hint = null) => h("div", { class: "field" },
    h("label", null, label, " ", control), hint && h("div", { class: "field-hint" }, hint), key && errorLine(key));

  function changed() {
    clearServerErrors();
    showLocalErrors(false);
    drawDerived();
  }

  function readForm() {
    state = {
      ...state, timezone: zoneSelect.value, retries: retries.value, retryDelaySeconds: retryDelay.value,
      disableAfterFailures: disableAfter.value, notifyOn: notifyOn.value, webhookUrl: webhook.value, emails: emails.value,
    };
  }

  for (const control of [zoneSelect, retries, retryDelay, disableAfter, notifyOn, webhook, emails]) {
    control.addEventListener("input", () => { readForm(); changed(); });
    control.addEventListener("change", () => { readForm(); changed(); });
  }

  function render() {
    const { recurrence } = state;
    editor = createRecurrenceEditor({ recurrence, disabled: readOnly, onChange: (r) => { state = { ...state, recurrence: r }; changed(); } });
    const zoneOptions = zones.includes(state.timezone) ? zones : [state.timezone, ...zones];
    zoneSelect.replaceChildren(...zoneOptions.map((z) => h("option", { value: z }, z.replace(/_/g, " "))));
    body.replaceChildren(
      notice, ownerLine,
      section("When", editor.element, description,
        labelled("Time zone", zoneSelect, "timezone", zoneSelect.value === browserZone() ? null : `This browser's zone is ${browserZone()}.`),
        nextRun),
      section("If a run fails",
        h("div", { class: "field-row" },
          labelled("Retries", retries, "retries"),
          labelled("Delay", retryDelay, "retryDelaySeconds", "Seconds before the first retry; doubles each time."),
          labelled("Disable after", disableAfter, "disableAfterFailures", "Failed runs in a row (0: never)."))),
      section("Notify", labelled("Send", notifyOn, "notifyOn"), targets),
      section("Export results", h("p", { class: "field-hint" }, "After each run, write the last statement's result of the checked cells to the export folder."),
        exportsList, errorLine("exports")),
      runs.element);
    footer.replaceChildren(formError,
      readOnly
        ? h("p", { class: "muted small", testid: "schedule-read-only" }, "Only the doc's editors can change its schedule.")
        : h("div", { class: "schedule-actions" }, saveButton, runButton, pauseButton, status, h("span", { class: "cell-head-spacer" }), deleteButton));
    footer.hidden = false;
    targets.replaceChildren(
      labelled("Webhook URL", webhook, "webhookUrl", "Gets a JSON POST with the run's outcome."),
      labelled("Emails", emails, "emails", emailEnabled
        ? "Up to 20, separated by commas."
        : h("span", { testid: "schedule-email-off" },
          "This hub has no mail server set up, so emails are not sent (the run history says so). An admin sets ",
          h("code", null, "smtp-host"), " and ", h("code", null, "smtp-from"), ".")));
    draw();
  }

  function draw() {
    zoneSelect.value = state.timezone;
    retries.value = String(state.retries);
    retryDelay.value = String(state.retryDelaySeconds);
    disableAfter.value = String(state.disableAfterFailures);
    notifyOn.value = state.notifyOn;
    webhook.value = state.webhookUrl;
    emails.value = state.emails;
    if (readOnly && saved && saved.notify && saved.notify.on !== "never" && !saved.notify.webhookUrl) webhook.placeholder = "Hidden: only editors see the webhook URL";
    drawExports();
    drawDerived();
  }

  function drawExports() {
    drawExportRows(exportsList, {
      cells, exports: state.exports, readOnly,
      onChange: (exports) => {
        state = { ...state, exports };
        changed();
      },
    });
  }

  // The words, the cron's next runs and the buttons, from the state as edited.
  function drawDerived() {
    const cron = toCron(state.recurrence);
    const words = describeCron(cron, globalThis.cronstrue);
    description.textContent = words.text ? `${words.text} (${state.timezone.replace(/_/g, " ")})` : words.error || "";
    description.classList.toggle("invalid", Boolean(words.error));
    targets.hidden = state.notifyOn === "never";
    const dirty = scheduleKey(state) !== baseline;
    if (saved && !dirty) {
      if (saved.status === "active") {
        nextRun.textContent = saved.nextRunAt ? `Next run: ${formatInZone(saved.nextRunAt, saved.timezone)}` : "No next run: this cron never fires again.";
      } else {
        nextRun.textContent = saved.status === "paused" ? "Paused: no run is planned. Resume to plan the next one." : "Disabled: no run is planned. Resume to start again.";
      }
    } else {
      const fires = Object.keys(recurrenceErrors(state.recurrence)).length ? [] : nextFires(cron, state.timezone, Date.now(), 3);
      const when = fires.map((t) => formatInZone(t, state.timezone));
      nextRun.textContent = fires.length
        ? `Next run${saved ? " once saved" : ""}: ${when[0]}${when.length > 1 ? ` (then ${when.slice(1).join("; ")})` : ""}`
        : words.error ? "" : "This rule does not fire in the next five years.";
    }
    nextRun.dataset.preview = saved && !dirty ? "false" : "true";
    saveButton.disabled = Boolean(saved) && !dirty;
    saveButton.textContent = saved ? "Save changes" : "Create schedule";
    runButton.hidden = !saved;
    pauseButton.hidden = !saved;
    deleteButton.hidden = !saved;
    if (saved) pauseButton.textContent = saved.status === "active" ? "Pause" : "Resume";
    if (dirty && saved) status.textContent = "Unsaved changes.";
    else if (status.textContent === "Unsaved changes.") status.textContent = "";
    badge.textContent = saved ? statusLabel(saved.status) : "Not scheduled";
    badge.dataset.status = saved ? saved.status : "none";
    notice.hidden = !(saved && saved.status === "disabled");
    notice.textContent = saved && saved.status === "disabled" ? `Disabled: ${saved.disabledReason || "it failed too often."} Resume to run it again.` : "";
    ownerLine.textContent = saved && saved.owner
      ? `Runs as ${saved.owner.displayName || saved.owner.username}, with their access.${saved.consecutiveFailures ? ` ${saved.consecutiveFailures} failed in a row.` : ""}`
      : "A schedule runs every query cell of this doc, top to bottom, as the person who saves it.";
  }

  function clearServerErrors() {
    formError.textContent = "";
    for (const line of Object.values(fieldErrors)) line.textContent = "";
    if (editor) editor.errors.cron.textContent = "";
  }

  // The form's own checks: as you type once a save was refused, or when `focus` (at a save).
  let checked = false;
  function showLocalErrors(focus) {
    if (!checked && !focus) return true;
    checked = true;
    const errors = scheduleErrors(state, zones.includes(state.timezone) ? zones : null);
    for (const key of Object.keys(editor.errors)) if (key !== "cron" || errors.cron) editor.errors[key].textContent = errors[key] || "";
    for (const [key, line] of Object.entries(fieldErrors)) line.textContent = errors[key] || "";
    const first = Object.keys(errors)[0];
    if (first && focus) {
      const target = panel.querySelector(`[data-testid=schedule-${first === "time" ? "time" : first}]`);
      if (target && target.focus) target.focus();
    }
    return !first;
  }

  function showServerError(error) {
    const key = errorField(error);
    const line = key === "cron" ? editor.errors.cron : fieldErrors[key];
    if (line) {
      line.textContent = error.message;
      line.scrollIntoView({ block: "nearest" });
    } else formError.textContent = error.message;
  }

  // `keepForm`: the form stays as edited (after a save, a pause, a finished run).
  function useSaved(schedule, { keepForm = false } = {}) {
    saved = schedule;
    if (!keepForm || !state) state = editorState(schedule, browserZone());
    baseline = saved ? scheduleKey(editorState(saved, browserZone())) : "";
  }

  async function save() {
    readForm();
    clearServerErrors();
    if (!showLocalErrors(true)) return;
    saveButton.disabled = true;
    status.textContent = "Saving…";
    try {
      const schedule = await api.saveSchedule(docId, schedulePayload(state));
      if (stopped) return;
      useSaved(schedule, { keepForm: true });
      checked = false;
      status.textContent = "Saved.";
      drawDerived();
    } catch (error) {
      if (stopped) return;
      status.textContent = "";
      showServerError(error);
      drawDerived();
    }
  }

  async function act(label, run) {
    clearServerErrors();
    status.textContent = `${label}…`;
    try {
      await run();
    } catch (error) {
      if (stopped) return;
      status.textContent = "";
      formError.textContent = error.message;
    }
  }

  function togglePause() {
    const paused = saved.status === "active";
    return act(paused ? "Pausing" : "Resuming", async () => {
      const schedule = await api.pauseSchedule(docId, paused);
      if (stopped) return;
      useSaved(schedule, { keepForm: true });
      status.textContent = paused ? "Paused." : "Resumed.";
      drawDerived();
    });
  }

  function runNow() {
    return act("Starting a run", async () => {
      runButton.disabled = true;
      try {
        await api.runSchedule(docId);
        if (stopped) return;
        status.textContent = "Run queued.";
        runs.watch();
      } finally {
        runButton.disabled = false;
      }
    });
  }

  async function remove() {
    try {
      await api.deleteSchedule(docId);
      if (stopped) return;
      useSaved(null);
      state = editorState(null, browserZone());
      render();
      runs.clear();
      status.textContent = "Schedule deleted.";
    } catch (error) {
      formError.textContent = error.message;
      throw error;
    }
  }

  async function reloadSchedule() {
    try {
      const schedule = await api.schedule(docId);
      if (stopped || !schedule) return;
      const dirty = scheduleKey(state) !== baseline;
      useSaved(schedule, { keepForm: dirty });
      drawDerived();
    } catch {
      // The history said what it could; the next open reads it again.
    }
  }

  Promise.all([api.scheduleAndSettings(docId), api.getDoc(docId)]).then(([answer, doc]) => {
    if (stopped) return;
    const schedule = answer.schedule || null;
    emailEnabled = answer.emailEnabled !== false;
    cells = (doc.cells || []).filter((c) => c.kind === "query");
    useSaved(schedule);
    render();
    if (schedule) runs.load();
    const first = panel.querySelector("select, input");
    if (first && !readOnly) first.focus();
  }, (error) => {
    if (stopped) return;
    body.replaceChildren(h("div", { class: "error-box", testid: "schedule-load-error" },
      h("div", { class: "error-title" }, "Could not load the schedule"), h("div", { class: "error-message" }, error.message)));
  });

  return {
    onRun: () => {
      if (!stopped && saved) runs.load();
    },
    stop() {
      stopped = true;
      runs.stop();
    },
  };
}
