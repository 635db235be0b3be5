// Settings → Profile (/settings/profile): the display name and avatar colour, and the
// password (when the account has one: not in local mode or behind a sign-in proxy).

import { api } from "../api.js";
import { h } from "../dom.js";
import { passwordErrors, profileErrors } from "../accountLogic.js";
import { avatar, field, showErrors, textInput } from "./formKit.js";

/** Mounts the profile page; `app.session()` and `app.setUser(user)` keep the shell in step. */
export function mountProfile(root, _params, app) {
  app.setTitle("Profile");
  const session = app.session();
  const user = session.user;
  const preview = h("span", { class: "avatar-preview" });
  const name = field("Display name", textInput({ value: user.displayName, maxlength: "100" }), { prefix: "profile", key: "displayName", required: true });
  const picker = h("input", { type: "color", value: user.avatarColor, testid: "profile-color-picker", "aria-label": "Pick a colour" });
  const hex = field("Avatar colour", textInput({ value: user.avatarColor, maxlength: "7", class: "hex-input" }), { prefix: "profile", key: "avatarColor", hint: "Your colour marks your cursor and cells when you edit with others." });
  const colorRow = h("div", { class: "color-row" });
  hex.input.replaceWith(colorRow);
  colorRow.append(picker, hex.input);
  const drawPreview = () => preview.replaceChildren(avatar({ ...user, displayName: name.input.value || user.username, avatarColor: /^#[0-9a-f]{6}$/i.test(hex.input.value) ? hex.input.value : user.avatarColor }, { size: "large" }));
  picker.addEventListener("input", () => {
    hex.input.value = picker.value;
    drawPreview();
  });
  hex.input.addEventListener("input", () => {
    if (/^#[0-9a-f]{6}$/i.test(hex.input.value)) picker.value = hex.input.value.toLowerCase();
    drawPreview();
  });
  name.input.addEventListener("input", drawPreview);
  drawPreview();
  const status = h("div", { class: "form-status", testid: "profile-status", role: "status" });
  const formError = h("div", { class: "form-error", testid: "profile-error", role: "alert" });
  const save = h("button", { type: "submit", class: "btn primary", testid: "profile-save" }, "Save profile");
  const profileForm = h("form", { class: "settings-form", testid: "profile-form", novalidate: true },
    h("h2", null, "Profile"),
    h("div", { class: "profile-row" }, preview, h("div", { class: "muted" }, `Signed in as @${user.username}${user.isAdmin ? " (admin)" : ""}.`)),
    name.element, hex.element, formError, h("div", { class: "form-actions" }, save, status));
  profileForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    formError.textContent = "";
    const values = { displayName: name.input.value.trim(), avatarColor: hex.input.value.trim().toLowerCase() };
    if (!showErrors({ displayName: name, avatarColor: hex }, profileErrors(values))) return;
    save.disabled = true;
    try {
      const updated = await api.updateMe(values);
      app.setUser(updated);
      status.textContent = "Saved.";
    } catch (error) {
      formError.textContent = error.message;
    } finally {
      save.disabled = false;
    }
  });

  root.replaceChildren(h("div", { class: "page settings-page" },
    h("header", { class: "page-header" }, h("h1", null, "Your account")),
    profileForm,
    session.canChangePassword ? passwordForm() : h("p", { class: "muted", testid: "no-password-note" },
      session.mode === "local"
        ? "Local mode: this hub has no sign-in, so there is no password to change. An admin turns accounts on by creating a user with a password (Admin → Users)."
        : "This account signs in without a password here (through a sign-in proxy).")));
  name.input.focus();
  return { unmount() {} };
}

function passwordForm() {
  const current = field("Current password", h("input", { type: "password", autocomplete: "current-password" }), { prefix: "password", key: "current", required: true });
  const next = field("New password", h("input", { type: "password", autocomplete: "new-password" }), { prefix: "password", key: "password", hint: "At least 8 characters.", required: true });
  const repeat = field("New password again", h("input", { type: "password", autocomplete: "new-password" }), { prefix: "password", key: "repeat", required: true });
  const status = h("div", { class: "form-status", testid: "password-status", role: "status" });
  const formError = h("div", { class: "form-error", testid: "password-error", role: "alert" });
  const save = h("button", { type: "submit", class: "btn primary", testid: "password-save" }, "Change password");
  const form = h("form", { class: "settings-form", testid: "password-form", novalidate: true },
    h("h2", null, "Password"),
    h("p", { class: "muted small" }, "Changing it signs you out everywhere else."),
    current.element, next.element, repeat.element, formError, h("div", { class: "form-actions" }, save, status));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    formError.textContent = "";
    const errors = passwordErrors(next.input.value, repeat.input.value);
    if (!current.input.value) errors.current = "Enter your current password.";
    if (!showErrors({ current, password: next, repeat }, errors)) return;
    save.disabled = true;
    try {
      await api.changePassword(current.input.value, next.input.value);
      for (const f of [current, next, repeat]) f.input.value = "";
      status.textContent = "Password changed.";
    } catch (error) {
      if (error.code === "wrong_password") showErrors({ current }, { current: error.message });
      else formError.textContent = error.message;
    } finally {
      save.disabled = false;
    }
  });
  return form;
}
