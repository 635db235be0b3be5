// The share dialog (doc menu → Share): public or private, the people and groups with access
// (viewer or editor), a picker to add more, and pending access requests to approve or deny.
// Only the owner (or an admin) changes anything; others see who has access.

import { api } from "../api.js";
import { debounce, h, replaceChildren } from "../dom.js";
import { formatRelativeTime } from "../format.js";
import { initials } from "../accountLogic.js";
import { addGrant, canManage, pickerCandidates, removeGrant, setRole, shareChanged, sharePayload, shareState, subjectKey } from "../shareLogic.js";
import { avatar, errorBox, openDialog, textInput } from "./formKit.js";

const roleSelect = (value, { testid, disabled = false, label }) => {
  const select = h("select", { class: "role-select", testid, disabled, "aria-label": label },
    h("option", { value: "viewer" }, "Can view"), h("option", { value: "editor" }, "Can edit"));
  select.value = value;
  return select;
};

// A group's avatar: its initials on a square, so it never reads as a person.
const groupIcon = (name) => h("span", { class: "avatar small group-avatar", "aria-hidden": "true" }, initials(name));

/** Opens the dialog for doc `docId`; `onSaved(access)` hears of a saved change. */
export function openShareDialog({ docId, app, onSaved = () => {} }) {
  const dialog = openDialog({ title: "Share this doc", testid: "share-dialog", wide: true });
  dialog.body.append(h("div", { class: "page-loading" }, "Loading who has access…"));
  let access = null;
  let original = null; // the state as the server has it
  let state = null; // as edited here
  let groups = [];
  let manager = false;

  const publicBox = h("input", { type: "checkbox", testid: "share-public" });
  const grantList = h("ul", { class: "grant-list", testid: "share-grants" });
  const search = textInput({ placeholder: "Add people or groups…", testid: "share-search", "aria-label": "Add people or groups" });
  const newRole = roleSelect("viewer", { testid: "share-new-role", label: "Role for people you add" });
  const results = h("ul", { class: "picker-results", testid: "share-picker", role: "listbox", hidden: true });
  const requestList = h("div", { class: "share-requests", testid: "share-requests" });
  const status = h("span", { class: "form-status", role: "status", testid: "share-status" });
  const formError = h("div", { class: "form-error", testid: "share-error", role: "alert" });
  const save = h("button", { type: "button", class: "btn primary", testid: "share-save", disabled: true, onClick: saveChanges }, "Save");
  const copyLink = h("button", { type: "button", class: "btn", testid: "share-copy-link", onClick: async () => {
    try {
      await navigator.clipboard.writeText(`${location.origin}/docs/${docId}`);
      status.textContent = "Link copied.";
    } catch {
      status.textContent = `${location.origin}/docs/${docId}`;
    }
  } }, "Copy link");

  function draw() {
    publicBox.checked = state.public;
    publicBox.disabled = !manager;
    const ownerRow = h("li", { class: "grant-row", testid: "share-owner" },
      avatar(access.owner, { size: "small" }),
      h("span", { class: "grant-name" }, access.owner.displayName || access.owner.username, h("span", { class: "muted small" }, ` @${access.owner.username}`)),
      h("span", { class: "muted" }, "Owner"));
    grantList.replaceChildren(ownerRow, ...state.grants.map((g) => {
      const key = subjectKey(g);
      const select = roleSelect(g.role, { testid: "grant-role", disabled: !manager, label: `Role of ${g.name}` });
      select.addEventListener("change", () => {
        state = setRole(state, key, select.value);
        changed();
      });
      return h("li", { class: "grant-row", testid: "share-grant", dataset: { key, name: g.name } },
        g.kind === "group" ? groupIcon(g.name) : avatar({ displayName: g.name, username: g.detail, avatarColor: g.color }, { size: "small" }),
        h("span", { class: "grant-name" }, g.name, h("span", { class: "muted small" }, g.kind === "group" ? " group" : ` @${g.detail}`)),
        select,
        manager && h("button", { type: "button", class: "icon-btn", testid: "grant-remove", "aria-label": `Remove ${g.name}`, title: "Remove access", onClick: () => {
          state = removeGrant(state, key);
          changed();
          draw();
        } }, "✕"));
    }));
    drawRequests();
  }

  function drawRequests() {
    const requests = access.requests || [];
    requestList.hidden = !manager || requests.length === 0;
    requestList.replaceChildren(h("h3", null, `Asking for access (${requests.length})`), ...requests.map((r) => {
      const answer = (role) => async () => {
        formError.textContent = "";
        try {
          await api.answerAccessRequest(docId, r.id, role);
          access = { ...access, requests: access.requests.filter((x) => x.id !== r.id) };
          if (role) {
            const subject = { kind: "user", id: r.user.id, name: r.user.displayName || r.user.username, detail: r.user.username, color: r.user.avatarColor || null };
            original = addGrant(original, subject, role);
            state = addGrant(state, subject, role);
          }
          status.textContent = role ? `${r.user.displayName || r.user.username} can ${role === "editor" ? "edit" : "view"} now.` : "Request denied.";
          draw();
          changed();
        } catch (error) {
          formError.textContent = error.message;
        }
      };
      return h("div", { class: "request-row", testid: "share-request", dataset: { username: r.user.username } },
        avatar(r.user, { size: "small" }),
        h("span", { class: "grant-name" }, r.user.displayName || r.user.username, h("span", { class: "muted small" }, ` asked ${formatRelativeTime(r.createdAt)}`)),
        h("button", { type: "button", class: "btn small", testid: "approve-viewer", onClick: answer("viewer") }, "Let view"),
        h("button", { type: "button", class: "btn small", testid: "approve-editor", onClick: answer("editor") }, "Let edit"),
        h("button", { type: "button", class: "btn small ghost", testid: "deny-request", onClick: answer(null) }, "Deny"));
    }));
  }

  function changed() {
    const dirty = shareChanged(original, state);
    save.disabled = !dirty;
    if (dirty) status.textContent = "Unsaved changes.";
    else if (status.textContent === "Unsaved changes.") status.textContent = "";
  }

  // The picker: users from the server as typed, groups filtered here.
  const lookUp = debounce(async () => {
    const q = search.value.trim();
    if (!q) {
      results.hidden = true;
      results.replaceChildren();
      return;
    }
    let users = [];
    try {
      users = await api.users(q);
    } catch (error) {
      formError.textContent = error.message;
    }
    if (search.value.trim() !== q) return;
    const candidates = pickerCandidates({ users, groups, state, ownerId: access.owner.id, query: q });
    results.replaceChildren(...(candidates.length ? candidates.map((c) => h("li", null,
      h("button", { type: "button", class: "picker-option", role: "option", testid: "share-candidate", dataset: { key: subjectKey(c), name: c.name }, onClick: () => {
        state = addGrant(state, c, newRole.value);
        search.value = "";
        results.hidden = true;
        results.replaceChildren();
        changed();
        draw();
        search.focus();
      } },
      c.kind === "group" ? groupIcon(c.name) : avatar({ displayName: c.name, username: c.detail, avatarColor: c.color }, { size: "small" }),
      h("span", null, c.name), h("span", { class: "muted small" }, c.kind === "group" ? c.detail : `@${c.detail}`))))
      : [h("li", { class: "muted small picker-empty" }, `No one matches "${q}".`)]));
    results.hidden = false;
  }, 200);
  search.addEventListener("input", lookUp);
  search.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      const first = results.querySelector(".picker-option");
      if (first) first.click();
    }
  });
  publicBox.addEventListener("change", () => {
    state = { ...state, public: publicBox.checked };
    changed();
  });

  async function saveChanges() {
    formError.textContent = "";
    save.disabled = true;
    try {
      access = await api.setDocAccess(docId, sharePayload(state));
      original = shareState(access);
      state = original;
      draw();
      status.textContent = "Saved.";
      onSaved(access);
      app.notify("Sharing saved.", { testid: "share-saved" });
    } catch (error) {
      formError.textContent = error.message;
      changed();
    }
  }

  Promise.all([api.docAccess(docId), api.groups().catch(() => [])]).then(([answer, list]) => {
    access = answer;
    groups = list;
    manager = canManage(access);
    original = shareState(access);
    state = original;
    replaceChildren(dialog.body,
      h("label", { class: "share-public" }, publicBox,
        h("span", null, h("strong", null, "Public"), h("span", { class: "muted small" }, " — everyone in this doc's environment can view it"))),
      manager && h("div", { class: "share-add" }, h("div", { class: "picker" }, search, results), newRole),
      h("h3", null, "Who has access"),
      grantList,
      requestList,
      !manager && h("p", { class: "muted small", testid: "share-read-only" }, "Only the owner or an admin can change who has access."),
      formError,
      h("div", { class: "form-actions" }, manager && save, copyLink, status));
    draw();
    if (manager) search.focus();
  }, (error) => {
    dialog.body.replaceChildren(errorBox("Could not load who has access", error.message, "share-load-error"));
  });
  return dialog;
}
