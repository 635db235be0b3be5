// Pure logic of accounts in the shell: avatar initials and text colour, which announcements
// the banner shows, where to go after signing in, and checks of the profile and password forms.

/**
 * Up to two letters for an avatar: the first letters of the first and last words ("Ada
 * Lovelace" → "AL"), counting only letters and digits (so "<b>Bold</b>" gives "B").
 */
export function initials(displayName, username = "") {
  const wordsOf = (text) => String(text || "").trim().split(/[\s._@-]+/u)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, "")).filter(Boolean);
  let words = wordsOf(displayName);
  if (words.length === 0) words = wordsOf(username);
  if (words.length === 0) return "?";
  const first = [...words[0]][0] || "";
  const last = words.length > 1 ? [...words[words.length - 1]][0] || "" : [...words[0]][1] || "";
  return (first + last).toUpperCase();
}

/** Whether `text` is a colour the server takes: `#rrggbb`. */
export function isHexColor(text) {
  return /^#[0-9a-fA-F]{6}$/.test(String(text || ""));
}

/** Dark or white text, whichever reads better on the `background` colour (`#rrggbb`). */
export function textColorOn(background) {
  if (!isHexColor(background)) return "#ffffff";
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(background.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  const luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b;
  // Contrast with white vs. with #1b1b1b (luminance ≈ 0.011).
  return (1.05 / (luminance + 0.05)) >= ((luminance + 0.05) / 0.061) ? "#ffffff" : "#1b1b1b";
}

/**
 * The announcements the banner shows: not dismissed (ids in `dismissed`, a Set), not expired
 * at `now` (ms), warnings first, then newest first.
 */
export function visibleAnnouncements(list, dismissed, now = Date.now()) {
  return (Array.isArray(list) ? list : [])
    .filter((a) => a && a.message && !dismissed.has(String(a.id)))
    .filter((a) => !a.expiresAt || new Date(a.expiresAt).getTime() > now)
    .sort((a, b) => (a.level === "warning" ? 0 : 1) - (b.level === "warning" ? 0 : 1)
      || String(b.createdAt || "").localeCompare(String(a.createdAt || "")));
}

/** The ids in a stored dismissal list (JSON array text; anything else is empty). */
export function parseDismissed(text) {
  try {
    const list = JSON.parse(text || "[]");
    return new Set(Array.isArray(list) ? list.map(String) : []);
  } catch {
    return new Set();
  }
}

/**
 * Where to go after signing in: `next` when it is a path on this site (not `//host`, not
 * another scheme, not the sign-in page itself), else Home.
 */
export function returnPath(next) {
  const text = String(next || "");
  if (!text.startsWith("/") || text.startsWith("//") || text.startsWith("/\\")) return "/";
  if (/^\/sign-in(\/|\?|#|$)/.test(text)) return "/";
  return text;
}

/** `/sign-in?next=…` for the page the user was on. */
export function signInPath(current) {
  const next = returnPath(current);
  return next === "/" ? "/sign-in" : `/sign-in?next=${encodeURIComponent(next)}`;
}

/** What the sign-in page says for a failed attempt (an ApiError-like `{status, code, message}`). */
export function signInErrorMessage(error) {
  if (!error) return "";
  if (error.status === 401 || error.code === "invalid_credentials") return "Wrong username or password.";
  if (error.status === 429 || error.code === "rate_limited") {
    return error.message && error.code === "rate_limited" ? error.message : "Too many failed sign-ins. Wait a few minutes, then try again.";
  }
  return error.message || "Could not sign in. Try again.";
}

/** Errors of the profile form `{displayName, avatarColor}` by field; empty when it can be saved. */
export function profileErrors({ displayName, avatarColor }) {
  const errors = {};
  const name = String(displayName || "").trim();
  if (!name) errors.displayName = "Give a display name.";
  else if (name.length > 100) errors.displayName = "At most 100 characters.";
  if (!isHexColor(avatarColor)) errors.avatarColor = "A colour like #4c6ef5.";
  return errors;
}

/** Errors of a new password (and its repetition); empty when it can be sent. */
export function passwordErrors(password, repeat = password) {
  const errors = {};
  const text = String(password || "");
  if (text.length < 8) errors.password = "At least 8 characters.";
  else if (new TextEncoder().encode(text).length > 72) errors.password = "At most 72 bytes.";
  if (repeat !== password) errors.repeat = "The two passwords differ.";
  return errors;
}
