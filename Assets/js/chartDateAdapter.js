// Chart.js's date adapter, our own and in UTC (Debian's libjs-chart.js ships none): parses ISO
// text and epoch numbers, steps and truncates by calendar units, and formats tick labels per
// unit. `installDateAdapter(Chart)` hands it to Chart.js; the rest is pure for `node --test`.

import { timeValue } from "./chartShape.js";

const MS = { millisecond: 1, second: 1000, minute: 60000, hour: 3600000, day: 86400000, week: 604800000 };
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad = (n, w = 2) => String(n).padStart(w, "0");

/** The adapter's methods (Chart.js 3 `DateAdapter`); times are epoch milliseconds. */
export const dateAdapter = {
  // A format is named by its unit; `format` knows each.
  formats: () => ({
    datetime: "datetime", millisecond: "millisecond", second: "second", minute: "minute", hour: "hour",
    day: "day", week: "week", month: "month", quarter: "quarter", year: "year",
  }),
  parse(value) {
    if (value === null || value === undefined) return null;
    if (value instanceof Date) return value.getTime();
    const t = timeValue(value);
    return t === null || Number.isNaN(t) ? null : t;
  },
  format(time, format) {
    const d = new Date(time);
    const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
    const hm = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const day = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
    switch (format) {
      case "millisecond": return `${hm}:${pad(d.getUTCSeconds())}.${pad(d.getUTCMilliseconds(), 3)}`;
      case "second": return `${hm}:${pad(d.getUTCSeconds())}`;
      case "minute": return hm;
      case "hour": return `${day}, ${hm}`;
      case "day": case "week": return day;
      case "month": return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
      case "quarter": return `Q${Math.floor(d.getUTCMonth() / 3) + 1} ${d.getUTCFullYear()}`;
      case "year": return String(d.getUTCFullYear());
      default: return `${date} ${hm}:${pad(d.getUTCSeconds())}`;
    }
  },
  add(time, amount, unit) {
    if (MS[unit]) return time + amount * MS[unit];
    const months = unit === "year" ? 12 * amount : unit === "quarter" ? 3 * amount : amount;
    const d = new Date(time);
    d.setUTCMonth(d.getUTCMonth() + months);
    return d.getTime();
  },
  diff(max, min, unit) {
    if (MS[unit]) return (max - min) / MS[unit];
    const a = new Date(min);
    const b = new Date(max);
    const months = (b.getUTCFullYear() - a.getUTCFullYear()) * 12 + b.getUTCMonth() - a.getUTCMonth();
    return unit === "year" ? months / 12 : unit === "quarter" ? months / 3 : months;
  },
  startOf(time, unit, weekday) {
    const d = new Date(time);
    const y = d.getUTCFullYear();
    const m = d.getUTCMonth();
    switch (unit) {
      case "second": return time - (((time % 1000) + 1000) % 1000);
      case "minute": return Date.UTC(y, m, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
      case "hour": return Date.UTC(y, m, d.getUTCDate(), d.getUTCHours());
      case "day": return Date.UTC(y, m, d.getUTCDate());
      case "isoWeek": case "week": {
        // Chart.js passes the ISO weekday (1 = Monday) for isoWeekday; weeks start on Sunday otherwise.
        const first = unit === "isoWeek" ? (typeof weekday === "number" ? weekday % 7 : 1) : 0;
        const back = (d.getUTCDay() - first + 7) % 7;
        return Date.UTC(y, m, d.getUTCDate() - back);
      }
      case "month": return Date.UTC(y, m, 1);
      case "quarter": return Date.UTC(y, m - (m % 3), 1);
      case "year": return Date.UTC(y, 0, 1);
      default: return time;
    }
  },
  endOf(time, unit) {
    return this.add(this.startOf(time, unit), 1, unit === "isoWeek" ? "week" : unit) - 1;
  },
};

/** Makes Chart.js's time scale use {@link dateAdapter}. */
export function installDateAdapter(Chart) {
  if (Chart && Chart._adapters && Chart._adapters._date) Chart._adapters._date.override(dateAdapter);
}
