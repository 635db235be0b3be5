// The sign-in page (accounts mode, nobody signed in): username and password; a wrong
// password or too many attempts say so in words. On success the shell takes over.

import { api } from "../api.js";
import { h } from "../dom.js";
import { signInErrorMessage } from "../accountLogic.js";
import { field, textInput } from "./formKit.js";

/** Draws the sign-in page into `root`; `onSignedIn(session)` is called with the login answer. */
export function mountSignIn(root, { onSignedIn, reason = null }) {
  const username = field("Username", textInput({ name: "username", autocomplete: "username", autocapitalize: "none" }), { prefix: "signin", key: "username" });
  const password = field("Password", h("input", { type: "password", name: "password", autocomplete: "current-password" }), { prefix: "signin", key: "password" });
  const error = h("div", { class: "form-error", testid: "signin-error", role: "alert", "aria-live": "assertive" });
  const submit = h("button", { type: "submit", class: "btn primary wide", testid: "signin-submit" }, "Sign in");
  const form = h("form", { class: "signin-form", testid: "signin-form", novalidate: true },
    h("div", { class: "signin-brand", "aria-hidden": "true" }, "Q"),
    h("h1", null, "Sign in to Querybook"),
    reason && h("p", { class: "muted", testid: "signin-reason" }, reason),
    username.element, password.element, error, submit,
    h("p", { class: "muted small" }, "No account? Ask an admin of this hub to create one."));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = username.input.value.trim();
    if (!name || !password.input.value) {
      error.textContent = "Enter your username and password.";
      (name ? password.input : username.input).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = "Signing in…";
    error.textContent = "";
    try {
      const session = await api.login(name, password.input.value);
      onSignedIn(session);
    } catch (failure) {
      error.textContent = signInErrorMessage(failure);
      error.dataset.code = failure.code || "";
      password.input.value = "";
      password.input.focus();
      submit.disabled = false;
      submit.textContent = "Sign in";
    }
  });
  root.replaceChildren(h("div", { class: "signin-page", testid: "signin-page" }, form));
  document.title = "Sign in · Querybook";
  username.input.focus();
}
