import assert from "node:assert/strict";
import { test } from "node:test";
import {
  initials, isHexColor, parseDismissed, passwordErrors, profileErrors, returnPath, signInErrorMessage, signInPath,
  textColorOn, visibleAnnouncements,
} from "../../../Assets/js/accountLogic.js";

test("initials take the first and last words, or two letters of one word", () => {
  assert.equal(initials("Ada Lovelace"), "AL");
  assert.equal(initials("Grace Brewster Murray Hopper"), "GH");
  assert.equal(initials("zoë"), "ZO");
  assert.equal(initials("", "j.smith"), "JS");
  assert.equal(initials("  "), "?");
  assert.equal(initials("Émile Zola"), "ÉZ");
  assert.equal(initials("😀 smile"), "SM", "symbols are not letters");
  assert.equal(initials("Dee <b>Bold</b>"), "DB", "markup signs are not letters");
  assert.equal(initials("𝒜da Lo"), "𝒜L", "a letter made of two UTF-16 units stays whole");
  assert.equal(initials("!!!", "x_y"), "XY", "no letters in the display name: the username's");
});

test("avatar text is white on dark colours and dark on light ones", () => {
  assert.equal(textColorOn("#1c3d7a"), "#ffffff");
  assert.equal(textColorOn("#ffe066"), "#1b1b1b");
  assert.equal(textColorOn("not a colour"), "#ffffff");
  assert.ok(isHexColor("#4C6EF5"));
  assert.ok(!isHexColor("#4c6ef"));
  assert.ok(!isHexColor("red"));
});

test("the banner hides dismissed and expired announcements, warnings first", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  const list = [
    { id: 1, message: "old info", level: "info", createdAt: "2026-11-01T00:00:00Z", expiresAt: null },
    { id: 2, message: "gone", level: "warning", createdAt: "2026-11-02T00:00:00Z", expiresAt: "2026-12-01T11:00:00Z" },
    { id: 3, message: "maintenance", level: "warning", createdAt: "2026-11-03T00:00:00Z", expiresAt: "2026-12-02T00:00:00Z" },
    { id: 4, message: "new info", level: "info", createdAt: "2026-11-04T00:00:00Z", expiresAt: null },
    { id: 5, message: "", level: "info" },
  ];
  assert.deepEqual(visibleAnnouncements(list, new Set(), now).map((a) => a.id), [3, 4, 1]);
  assert.deepEqual(visibleAnnouncements(list, new Set(["4"]), now).map((a) => a.id), [3, 1]);
  assert.deepEqual(visibleAnnouncements(null, new Set(), now), []);
});

test("dismissals survive only as a JSON list", () => {
  assert.deepEqual([...parseDismissed("[1,\"2\"]")], ["1", "2"]);
  assert.equal(parseDismissed("{").size, 0);
  assert.equal(parseDismissed(null).size, 0);
  assert.equal(parseDismissed("{\"a\":1}").size, 0);
});

test("after signing in, only paths on this site are followed", () => {
  assert.equal(returnPath("/docs/5#cell-3"), "/docs/5#cell-3");
  assert.equal(returnPath("//evil.example/x"), "/");
  assert.equal(returnPath("/\\evil.example"), "/");
  assert.equal(returnPath("https://evil.example"), "/");
  assert.equal(returnPath("javascript:alert(1)"), "/");
  assert.equal(returnPath("/sign-in?next=/docs"), "/");
  assert.equal(returnPath(null), "/");
  assert.equal(signInPath("/docs/5?x=1"), "/sign-in?next=%2Fdocs%2F5%3Fx%3D1");
  assert.equal(signInPath("/"), "/sign-in");
});

test("sign-in errors say what to do", () => {
  assert.equal(signInErrorMessage({ status: 401, code: "invalid_credentials", message: "x" }), "Wrong username or password.");
  assert.equal(signInErrorMessage({ status: 429, code: "rate_limited", message: "Too many failed sign-ins. Try again in 15 minutes." }),
    "Too many failed sign-ins. Try again in 15 minutes.");
  assert.match(signInErrorMessage({ status: 429, code: "http", message: "" }), /Wait a few minutes/);
  assert.equal(signInErrorMessage({ status: 0, code: "network", message: "Cannot reach the server." }), "Cannot reach the server.");
});

test("profile and password forms are checked before they are sent", () => {
  assert.deepEqual(profileErrors({ displayName: "Ada", avatarColor: "#123456" }), {});
  assert.deepEqual(Object.keys(profileErrors({ displayName: " ", avatarColor: "blue" })), ["displayName", "avatarColor"]);
  assert.equal(profileErrors({ displayName: "x".repeat(101), avatarColor: "#123456" }).displayName, "At most 100 characters.");
  assert.deepEqual(passwordErrors("long enough", "long enough"), {});
  assert.equal(passwordErrors("short").password, "At least 8 characters.");
  assert.equal(passwordErrors("é".repeat(40)).password, "At most 72 bytes.");
  assert.equal(passwordErrors("long enough", "long enougH").repeat, "The two passwords differ.");
});
