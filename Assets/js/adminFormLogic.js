// Pure logic of the admin screens: checks of each form before it saves (the server checks
// again and its message is shown too), members toggled in a list, and the audit log's words.

import { isHexColor, passwordErrors } from "./accountLogic.js";

const USERNAME = /^[\p{L}\p{N}._@-]{1,64}$/u;

/** Errors by field of the user form; `creating` asks for a username (and a password when `needsPassword`). */
export function userFormErrors({ username = "", displayName = "", password = "", avatarColor = null }, { creating = false, needsPassword = false } = {}) {
  const errors = {};
  if (creating) {
    const name = username.trim();
    if (!name) errors.username = "Give a username.";
    else if (!USERNAME.test(name)) errors.username = "1 to 64 letters, digits or . _ - @ (no spaces).";
  }
  const display = displayName.trim();
  if (!display && !creating) errors.displayName = "Give a display name.";
  else if (display.length > 100) errors.displayName = "At most 100 characters.";
  if (password || needsPassword) {
    const p = passwordErrors(password).password;
    if (p) errors.password = p;
  }
  if (avatarColor !== null && !isHexColor(avatarColor)) errors.avatarColor = "A colour like #4c6ef5.";
  return errors;
}

/** Errors of the group and environment forms (a name of 1 to 100 characters). */
export function namedFormErrors({ name = "", description = "" }) {
  const errors = {};
  const n = name.trim();
  if (!n) errors.name = "Give it a name.";
  else if (n.length > 100) errors.name = "At most 100 characters.";
  if (description.length > 1000) errors.description = "At most 1000 characters.";
  return errors;
}

/** Errors of the announcement form; `expiresAt` is a `datetime-local` value ("" for none). */
export function announcementErrors({ message = "", level = "info", expiresAt = "" }, now = Date.now()) {
  const errors = {};
  const text = message.trim();
  if (!text) errors.message = "Write the message.";
  else if (text.length > 1000) errors.message = "At most 1000 characters.";
  if (level !== "info" && level !== "warning") errors.level = "Info or warning.";
  if (expiresAt) {
    const at = new Date(expiresAt).getTime();
    if (Number.isNaN(at)) errors.expiresAt = "Not a date and time.";
    else if (at <= now) errors.expiresAt = "Pick a time in the future, or leave it empty.";
  }
  return errors;
}

/** A `datetime-local` input's value → ISO 8601 (UTC), or null when empty. */
export function localToISO(value) {
  if (!value) return null;
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

/** An ISO date → a `datetime-local` value in this browser's zone ("" for none). */
export function isoToLocal(iso) {
  if (!iso) return "";
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** `ids` with `id` added (`on`) or removed, sorted, without duplicates. */
export function toggleId(ids, id, on) {
  const set = new Set(ids);
  if (on) set.add(id);
  else set.delete(id);
  return [...set].sort((a, b) => a - b);
}

/** Only the keys of `next` whose values differ from `before` (arrays compared by content). */
export function changedFields(before, next) {
  const out = {};
  for (const [key, value] of Object.entries(next)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(value)) out[key] = value;
  }
  return out;
}

const ACTIONS = {
  "user.create": "created user", "user.update": "changed user", "user.password": "changed the password of",
  "group.create": "created group", "group.update": "changed group", "group.delete": "deleted group",
  "environment.create": "created environment", "environment.update": "changed environment", "environment.delete": "deleted environment",
  "engine.create": "added engine", "engine.update": "changed engine",
  "announcement.create": "posted announcement", "announcement.update": "changed announcement", "announcement.delete": "deleted announcement",
  "token.create": "created API token", "token.revoke": "revoked API token",
  "doc.share": "changed the sharing of", "doc.access_request": "asked for access to", "doc.access_grant": "answered an access request to",
};

/** An audit entry in words: `{who, what, target, detail}` (detail as compact `key: value` text). */
export function auditWords(entry) {
  const who = entry.actor ? (entry.actor.displayName || entry.actor.username) : "system";
  const what = ACTIONS[entry.action] || entry.action;
  const detail = entry.detail && typeof entry.detail === "object"
    ? Object.entries(entry.detail).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join(", ")
    : "";
  return { who, what, target: entry.target || "", detail };
}
