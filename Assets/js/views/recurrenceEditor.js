// The schedule panel's "Repeat" editor: hourly at a minute, daily at a time, weekly on picked
// weekdays, monthly on picked days (with "Last day"), or a raw cron. Every change hands the
// whole recurrence to `onChange`; the cron it makes is shown under it, with its errors.

import { h } from "../dom.js";
import { KINDS, LAST_DAY, WEEKDAYS, fromCron, parseTime, timeText, toCron } from "../scheduleLogic.js";

const KIND_LABELS = { hourly: "Every hour", daily: "Every day", weekly: "Every week", monthly: "Every month", cron: "Custom (cron)" };
// Monday first on screen; the values stay cron's (0 = Sunday).
const WEEK_ORDER = [1, 2, 3, 4, 5, 6, 0];

const chip = (label, { testid, day, checked, disabled, title }) => {
  const box = h("input", { type: "checkbox", checked, disabled, dataset: { day: String(day) }, "aria-label": title || label });
  return { box, element: h("label", { class: "chip-toggle", testid, dataset: { day: String(day) }, title }, box, h("span", null, label)) };
};

/**
 * `{recurrence, disabled, onChange(recurrence)}` → `{element, errors, set(recurrence)}`:
 * `errors` maps the keys of recurrenceErrors (and "cron" for the server's) to their lines.
 */
export function createRecurrenceEditor({ recurrence, disabled = false, onChange }) {
  let r = { ...recurrence };
  let timeTyped = timeText(r.hour, r.minute); // kept as typed while it is not a time yet

  const kind = h("select", { testid: "schedule-kind", disabled, "aria-label": "Repeat" },
    KINDS.map((k) => h("option", { value: k }, KIND_LABELS[k])));
  const minute = h("input", { type: "number", min: "0", max: "59", step: "1", class: "num-input", testid: "schedule-minute", disabled, "aria-label": "Minute past the hour" });
  const time = h("input", {
    type: "text", class: "time-input", testid: "schedule-time", disabled, placeholder: "HH:MM", inputmode: "numeric",
    maxlength: "5", spellcheck: "false", autocomplete: "off", "aria-label": "Time of day (24-hour)",
  });
  const cron = h("input", {
    type: "text", class: "cron-input", testid: "schedule-cron", disabled, spellcheck: "false", autocomplete: "off",
    placeholder: "minute hour day-of-month month day-of-week", "aria-label": "Cron expression",
  });
  const weekdays = WEEK_ORDER.map((d) => chip(WEEKDAYS[d], { testid: "schedule-weekday", day: d, disabled }));
  const days = [...Array.from({ length: 31 }, (_, i) => i + 1), LAST_DAY].map((d) =>
    chip(d === LAST_DAY ? "Last day" : String(d), { testid: "schedule-day", day: d, disabled, title: d === LAST_DAY ? "The last day of each month" : `Day ${d}` }));
  const cronShown = h("code", { class: "cron-text", testid: "schedule-cron-text" });
  const editAsCron = h("button", {
    type: "button", class: "btn small ghost", testid: "schedule-edit-cron", hidden: disabled, title: "Edit this rule as a cron expression",
    onClick: () => {
      r = { ...r, kind: "cron", cron: toCron(r) };
      draw();
      changed();
      cron.focus();
    },
  }, "Edit as cron");

  const errorLine = (key) => h("div", { class: "field-error", testid: `schedule-${key}-error`, role: "alert" });
  const errors = { minute: errorLine("minute"), time: errorLine("time"), weekdays: errorLine("weekdays"), days: errorLine("days"), cron: errorLine("cron") };

  const rowMinute = h("div", { class: "rec-row" }, h("span", { class: "rec-label" }, "At minute"), minute, h("span", { class: "muted small" }, "past each hour"), errors.minute);
  const rowTime = h("div", { class: "rec-row" }, h("span", { class: "rec-label" }, "At"), time, h("span", { class: "muted small" }, "24-hour clock"), errors.time);
  const rowWeek = h("div", { class: "rec-row" }, h("span", { class: "rec-label" }, "On"),
    h("div", { class: "chip-row", role: "group", "aria-label": "Weekdays" }, weekdays.map((c) => c.element)), errors.weekdays);
  const rowMonth = h("div", { class: "rec-row" }, h("span", { class: "rec-label" }, "On days"),
    h("div", { class: "chip-grid", role: "group", "aria-label": "Days of the month" }, days.map((c) => c.element)), errors.days);
  const rowCron = h("div", { class: "rec-row" }, h("span", { class: "rec-label" }, "Cron"), cron);
  const rowCronShown = h("div", { class: "rec-row cron-line" }, h("span", { class: "rec-label muted" }, "Cron"), cronShown, editAsCron);

  const element = h("div", { class: "recurrence", testid: "schedule-recurrence" },
    h("div", { class: "rec-row" }, h("span", { class: "rec-label" }, "Repeat"), kind),
    rowMinute, rowTime, rowWeek, rowMonth, rowCron, rowCronShown, errors.cron);

  function draw() {
    kind.value = r.kind;
    rowMinute.hidden = r.kind !== "hourly";
    rowTime.hidden = !["daily", "weekly", "monthly"].includes(r.kind);
    rowWeek.hidden = r.kind !== "weekly";
    rowMonth.hidden = r.kind !== "monthly";
    rowCron.hidden = r.kind !== "cron";
    rowCronShown.hidden = r.kind === "cron";
    minute.value = Number.isInteger(r.minute) ? String(r.minute) : minute.value;
    if (document.activeElement !== time) time.value = timeTyped;
    if (document.activeElement !== cron) cron.value = r.cron || "";
    for (const c of weekdays) c.box.checked = r.weekdays.includes(Number(c.box.dataset.day));
    for (const c of days) {
      const d = c.box.dataset.day === LAST_DAY ? LAST_DAY : Number(c.box.dataset.day);
      c.box.checked = r.days.includes(d);
    }
    cronShown.textContent = toCron(r);
  }

  function changed() {
    cronShown.textContent = toCron(r);
    errors.cron.textContent = ""; // the server's verdict was about the last cron
    onChange({ ...r });
  }

  kind.addEventListener("change", () => {
    // Into "Custom": start from the rule as it was; out of it: open what the cron says, if it fits.
    if (kind.value === "cron") r = { ...r, kind: "cron", cron: toCron(r) };
    else if (r.kind === "cron") {
      const parsed = fromCron(r.cron);
      r = parsed.kind === kind.value ? parsed : { ...parsed, kind: kind.value };
      timeTyped = timeText(r.hour, r.minute);
    } else r = { ...r, kind: kind.value };
    draw();
    changed();
  });
  minute.addEventListener("input", () => {
    const v = minute.value.trim();
    r = { ...r, minute: /^\d{1,2}$/.test(v) ? Number(v) : NaN };
    changed();
  });
  time.addEventListener("input", () => {
    timeTyped = time.value;
    const t = parseTime(time.value);
    r = t ? { ...r, ...t } : { ...r, hour: NaN };
    changed();
  });
  time.addEventListener("blur", () => {
    const t = parseTime(time.value);
    if (t) timeTyped = timeText(t.hour, t.minute);
    time.value = timeTyped;
  });
  cron.addEventListener("input", () => {
    r = { ...r, cron: cron.value };
    changed();
  });
  for (const c of weekdays) {
    c.box.addEventListener("change", () => {
      const d = Number(c.box.dataset.day);
      r = { ...r, weekdays: c.box.checked ? [...r.weekdays, d].sort((a, b) => a - b) : r.weekdays.filter((x) => x !== d) };
      changed();
    });
  }
  for (const c of days) {
    c.box.addEventListener("change", () => {
      const d = c.box.dataset.day === LAST_DAY ? LAST_DAY : Number(c.box.dataset.day);
      r = { ...r, days: c.box.checked ? [...r.days, d] : r.days.filter((x) => x !== d) };
      changed();
    });
  }

  draw();
  return {
    element,
    errors,
    /** Shows `recurrence` (a saved schedule's, after a save). */
    set(next) {
      r = { ...next };
      timeTyped = timeText(r.hour, r.minute);
      draw();
    },
  };
}
