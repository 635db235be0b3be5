// A tiny DOM builder. Text always goes in as text nodes, never as HTML, so anything a user
// typed is shown as typed.

/**
 * `h("button", {class: "btn", testid: "run", onClick: fn, disabled: true}, "Run")`.
 * Attributes: `class`, `testid` (→ data-testid), `dataset` (object), `style` (object),
 * `on<Event>` (function → addEventListener), booleans (set when true), everything else as an
 * attribute. Children: strings/numbers (text nodes), nodes, arrays, null/false (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") el.className = value;
      else if (key === "testid") el.dataset.testid = value;
      else if (key === "dataset") Object.assign(el.dataset, value);
      else if (key === "style") Object.assign(el.style, value);
      else if (key === "value") el.value = value;
      else if (key.startsWith("on") && typeof value === "function") {
        el.addEventListener(key.slice(2).toLowerCase(), value);
      } else if (value === true) el.setAttribute(key, "");
      else el.setAttribute(key, String(value));
    }
  }
  append(el, children);
  return el;
}

/** Appends children (text, nodes, nested arrays; null/false skipped). */
export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** Replaces all children of `el`. */
export function replaceChildren(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** Calls `fn` at most once per `ms`, after the last call; `.flush()` runs a pending call now. */
export function debounce(fn, ms) {
  let timer = null;
  let lastArgs = null;
  const run = () => {
    timer = null;
    const args = lastArgs;
    lastArgs = null;
    return fn(...args);
  };
  const debounced = (...args) => {
    lastArgs = args;
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
  debounced.flush = () => {
    if (timer === null) return undefined;
    clearTimeout(timer);
    return run();
  };
  debounced.cancel = () => {
    clearTimeout(timer);
    timer = null;
    lastArgs = null;
  };
  return debounced;
}

/**
 * An input edited in place: `onInput` on each keystroke (for debounced saves), `onCommit` on
 * Enter or blur when the text changed; Esc restores the last committed text.
 */
export function inlineInput({ value, placeholder, testid, className, label, onInput, onCommit }) {
  let saved = value || "";
  const input = h("input", {
    type: "text", class: `inline-input ${className || ""}`, value: saved, placeholder,
    testid, "aria-label": label || placeholder, spellcheck: "false",
  });
  const commit = () => {
    const next = input.value;
    if (next === saved) return;
    saved = next;
    onCommit(next);
  };
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      commit();
      input.blur();
    } else if (event.key === "Escape") {
      input.value = saved;
      input.blur();
    }
  });
  input.addEventListener("blur", commit);
  if (onInput) input.addEventListener("input", () => onInput(input.value));
  input.setValue = (v) => {
    saved = v || "";
    if (document.activeElement !== input) input.value = saved;
  };
  return input;
}

/**
 * Makes `button` open and close the popup `menu` inside `element`: a click toggles it, a click
 * outside or Escape closes it, and opening focuses its first `.menu-item`. `onOpen()` runs just
 * before it shows. Returns `{open, close}`.
 */
export function popupMenu(button, menu, element, { onOpen } = {}) {
  function open() {
    if (onOpen) onOpen();
    menu.hidden = false;
    button.setAttribute("aria-expanded", "true");
    document.addEventListener("mousedown", onOutside, true);
    document.addEventListener("keydown", onEscape, true);
    const first = menu.querySelector(".menu-item");
    if (first) first.focus();
  }
  function close() {
    menu.hidden = true;
    button.setAttribute("aria-expanded", "false");
    document.removeEventListener("mousedown", onOutside, true);
    document.removeEventListener("keydown", onEscape, true);
  }
  function onOutside(event) {
    if (!element.contains(event.target)) close();
  }
  function onEscape(event) {
    if (event.key === "Escape") {
      event.stopPropagation();
      close();
      button.focus();
    }
  }
  button.addEventListener("click", () => (menu.hidden ? open() : close()));
  return { open, close };
}
