// API tokens: Settings → API tokens (/settings/tokens: your own; create with a name, the
// secret shown once with a copy button, revoke) and Admin → API tokens (every user's, revoke).

import { api } from "../api.js";
import { h } from "../dom.js";
import { formatDateTime, formatRelativeTime } from "../format.js";
import { avatar, confirmButton, errorBox, field, showErrors, textInput } from "./formKit.js";

const when = (iso, never) => (iso ? h("span", { title: formatDateTime(iso) }, formatRelativeTime(iso)) : h("span", { class: "muted" }, never));

function tokenTable(tokens, { showUser, onRevoke }) {
  const columns = [...(showUser ? ["User"] : []), "Name", "Prefix", "Created", "Last used", ""];
  return h("table", { class: "admin-table", testid: "token-table" },
    h("thead", null, h("tr", null, columns.map((c) => h("th", null, c)))),
    h("tbody", null, tokens.map((t) => {
      const revoke = confirmButton("Revoke", "Revoke: sure?", () => onRevoke(t), { testid: "revoke-token" });
      return h("tr", { testid: "token-row", dataset: { name: t.name, id: String(t.id) } },
        showUser && h("td", null, t.user ? h("span", { class: "user-chip" }, avatar(t.user, { size: "small" }), t.user.displayName || t.user.username) : `#${t.userId}`),
        h("td", { class: "engine-name", testid: "token-name" }, t.name),
        h("td", { class: "mono" }, `${t.prefix}…`),
        h("td", null, when(t.createdAt, "")),
        h("td", null, when(t.lastUsedAt, "never")),
        h("td", { class: "row-actions" }, revoke));
    })));
}

/** Settings → API tokens: the signed-in user's own tokens. */
export function mountTokens(root, _params, app) {
  app.setTitle("API tokens");
  let unmounted = false;
  const name = field("Token name", textInput({ placeholder: "say, nightly export script", maxlength: "100" }), { prefix: "token", key: "name", required: true });
  const create = h("button", { type: "submit", class: "btn primary", testid: "create-token" }, "Create token");
  const formError = h("div", { class: "form-error", testid: "token-error", role: "alert" });
  const secretSlot = h("div", { class: "secret-slot" });
  const list = h("div", null, h("div", { class: "page-loading" }, "Loading tokens…"));
  const form = h("form", { class: "settings-form inline-form", testid: "token-form", novalidate: true },
    name.element, h("div", { class: "form-actions" }, create), formError);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    formError.textContent = "";
    const value = name.input.value.trim();
    if (!showErrors({ name }, value ? {} : { name: "Name the token after what will use it." })) return;
    create.disabled = true;
    try {
      const made = await api.createToken(value);
      name.input.value = "";
      showSecret(made);
      load();
    } catch (error) {
      formError.textContent = error.message;
    } finally {
      create.disabled = false;
    }
  });

  function showSecret({ token, secret }) {
    const code = h("code", { class: "secret", testid: "token-secret" }, secret);
    const copied = h("span", { class: "muted small", role: "status" });
    const copy = h("button", { type: "button", class: "btn small", testid: "copy-secret", onClick: async () => {
      try {
        await navigator.clipboard.writeText(secret);
        copied.textContent = "Copied.";
      } catch {
        // No clipboard access (an http page or a refusal): select it for Ctrl-C.
        const range = document.createRange();
        range.selectNodeContents(code);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
        copied.textContent = "Selected: press Ctrl-C to copy.";
      }
    } }, "Copy");
    secretSlot.replaceChildren(h("div", { class: "banner secret-banner", testid: "new-token", role: "status" },
      h("div", null,
        h("strong", null, `Token "${token.name}" created.`),
        h("div", null, "Copy it now: you will not see it again. Send it as ", h("code", null, "Authorization: Bearer …"), "."),
        h("div", { class: "secret-row" }, code, copy, copied)),
      h("button", { type: "button", class: "icon-btn", "aria-label": "Hide the token", testid: "hide-secret", onClick: () => secretSlot.replaceChildren() }, "✕")));
  }

  function load() {
    api.tokens().then((tokens) => {
      if (unmounted) return;
      list.replaceChildren(tokens.length
        ? tokenTable(tokens, { showUser: false, onRevoke: (t) => api.revokeToken(t.id).then(load, (e) => { app.notify(`Could not revoke: ${e.message}`); throw e; }) })
        : h("div", { class: "empty-state small", testid: "tokens-empty" }, h("p", null, "No tokens yet. Create one for a script or a notebook that calls the API.")));
    }, (error) => {
      if (!unmounted) list.replaceChildren(errorBox("Could not load your tokens", error.message));
    });
  }

  root.replaceChildren(h("div", { class: "page settings-page" },
    h("header", { class: "page-header" }, h("h1", null, "API tokens")),
    h("p", { class: "muted" }, "A token lets a script call this hub's API as you. Keep it secret; revoke it when it is no longer used."),
    form, secretSlot, list));
  load();
  return { unmount: () => { unmounted = true; } };
}

/** Admin → API tokens: every user's live tokens (never their secrets). */
export function mountAdminTokens(root, _params, app) {
  app.setTitle("API tokens · Admin");
  let unmounted = false;
  const list = h("div", null, h("div", { class: "page-loading" }, "Loading tokens…"));
  function load() {
    api.admin.tokens().then((tokens) => {
      if (unmounted) return;
      list.replaceChildren(tokens.length
        ? tokenTable(tokens, { showUser: true, onRevoke: (t) => api.admin.revokeToken(t.id).then(load, (e) => { app.notify(`Could not revoke: ${e.message}`); throw e; }) })
        : h("div", { class: "empty-state small", testid: "tokens-empty" }, h("p", null, "Nobody has an API token. Users create their own under their avatar → API tokens.")));
    }, (error) => {
      if (!unmounted) list.replaceChildren(errorBox("Could not load the tokens", error.message));
    });
  }
  root.replaceChildren(h("div", { class: "page admin-page" },
    h("header", { class: "page-header" }, h("h1", null, "API tokens")),
    h("p", { class: "muted" }, "Every user's live tokens. Revoking one stops it at once."), list));
  load();
  return { unmount: () => { unmounted = true; } };
}
