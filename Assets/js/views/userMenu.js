// The user at the rail's foot: their avatar opens a menu with their name, profile and
// password, API tokens, and sign out (accounts mode only; local mode has no sign-in).

import { h, popupMenu } from "../dom.js";
import { avatar } from "./formKit.js";

/** `{element, update(session)}`; `actions`: `{navigate(path), signOut()}`. */
export function createUserMenu(actions) {
  const button = h("button", {
    type: "button", class: "rail-user", testid: "user-menu", "aria-haspopup": "menu", "aria-expanded": "false",
  });
  const menu = h("div", { class: "menu user-menu-list", role: "menu", testid: "user-menu-list", hidden: true });
  const element = h("div", { class: "rail-foot" }, menu, button);
  let session = null;

  function item(label, testid, run) {
    return h("button", { type: "button", class: "menu-item", role: "menuitem", testid, onClick: () => {
      close();
      run();
    } }, label);
  }

  function draw() {
    const user = session && session.user;
    button.replaceChildren(avatar(user, { testid: "user-avatar" }));
    const name = user ? user.displayName || user.username : "";
    button.title = name;
    button.setAttribute("aria-label", `${name}: account menu`);
    const local = session && session.mode === "local";
    menu.replaceChildren(
      h("div", { class: "user-menu-head" }, avatar(user, { size: "large" }),
        h("div", null, h("div", { class: "user-menu-name", testid: "user-menu-name" }, name),
          h("div", { class: "muted small" }, user ? `@${user.username}${user.isAdmin ? " · admin" : ""}` : ""))),
      item(session && session.canChangePassword ? "Profile and password" : "Profile", "menu-profile", () => actions.navigate("/settings/profile")),
      item("API tokens", "menu-tokens", () => actions.navigate("/settings/tokens")),
      local
        ? h("div", { class: "menu-note muted small", testid: "local-mode-note" }, "Local mode: this hub runs for you alone, with no sign-in.")
        : item("Sign out", "menu-sign-out", actions.signOut));
  }

  const { close } = popupMenu(button, menu, element);
  return {
    element,
    update(next) {
      session = next;
      draw();
    },
  };
}
