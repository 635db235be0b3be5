// Doc variables between the form and the API: a row's typed text to `{name, type, value}`
// and back. Pure functions (tested with node --test).

export const VARIABLE_TYPES = ["string", "number", "boolean", "date", "list"];

/** The text a value shows in the form. */
export function valueText(type, value) {
  if (value === null || value === undefined) return "";
  if (type === "list") return Array.isArray(value) ? value.map(String).join(", ") : String(value);
  return String(value);
}

/**
 * A form row `{name, type, text}` as the API's variable. A number that does not parse stays
 * text, so the server names the bad variable; a list is comma-separated (or JSON `[…]`), its
 * numeric items numbers.
 */
export function toVariable({ name, type, text }) {
  const trimmed = (text ?? "").trim();
  let value = text ?? "";
  if (type === "number") value = trimmed !== "" && Number.isFinite(Number(trimmed)) ? Number(trimmed) : text;
  else if (type === "boolean") value = trimmed === "true";
  else if (type === "date") value = trimmed;
  else if (type === "list") value = parseList(trimmed);
  return { name: (name ?? "").trim(), type, value };
}

function parseList(text) {
  if (text.startsWith("[")) {
    try {
      const parsed = JSON.parse(text);
      if (Array.isArray(parsed)) return parsed;
    } catch {
      // Not JSON after all: split on commas below.
    }
  }
  if (text === "") return [];
  return text.split(",").map((part) => part.trim()).filter((part) => part !== "")
    .map((part) => (/^-?\d+(\.\d+)?$/.test(part) ? Number(part) : part));
}

/** The variable a server message is about (`Variable 'x': …`, `'x' is not…`), if any. */
export function variableNamed(message, names) {
  const quoted = [...String(message).matchAll(/'([A-Za-z_][A-Za-z0-9_]*)'/g)].map((m) => m[1]);
  return quoted.find((name) => names.includes(name)) ?? null;
}
