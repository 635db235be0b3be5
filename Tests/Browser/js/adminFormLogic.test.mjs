import assert from "node:assert/strict";
import { test } from "node:test";
import {
  announcementErrors, auditWords, changedFields, isoToLocal, localToISO, namedFormErrors, toggleId, userFormErrors,
} from "../../../Assets/js/adminFormLogic.js";

test("the user form is checked as the server would", () => {
  assert.deepEqual(userFormErrors({ username: "ada", displayName: "Ada", password: "secret-pw" }, { creating: true }), {});
  assert.deepEqual(userFormErrors({ username: "ada", displayName: "" }, { creating: true }), {}, "a new user may take the username as display name");
  assert.equal(userFormErrors({ username: "" }, { creating: true }).username, "Give a username.");
  assert.match(userFormErrors({ username: "ada lovelace" }, { creating: true }).username, /no spaces/);
  assert.equal(userFormErrors({ username: "x".repeat(65) }, { creating: true }).username !== undefined, true);
  assert.equal(userFormErrors({ username: "ada", password: "short" }, { creating: true }).password, "At least 8 characters.");
  assert.equal(userFormErrors({ username: "ada" }, { creating: true, needsPassword: true }).password, "At least 8 characters.");
  assert.equal(userFormErrors({ displayName: "" }).displayName, "Give a display name.", "an edit keeps a display name");
  assert.equal(userFormErrors({ displayName: "Ada", avatarColor: "#12" }).avatarColor, "A colour like #4c6ef5.");
  assert.deepEqual(userFormErrors({ username: "jürgen.o-b@x" , displayName: "J" }, { creating: true }), {});
});

test("groups and environments need a name", () => {
  assert.deepEqual(namedFormErrors({ name: "analysts" }), {});
  assert.equal(namedFormErrors({ name: "  " }).name, "Give it a name.");
  assert.equal(namedFormErrors({ name: "a", description: "d".repeat(1001) }).description, "At most 1000 characters.");
});

test("announcements need a message and a future expiry, if any", () => {
  const now = Date.parse("2026-12-01T12:00:00Z");
  assert.deepEqual(announcementErrors({ message: "Maintenance at 6", level: "warning" }, now), {});
  assert.equal(announcementErrors({ message: " " }, now).message, "Write the message.");
  assert.equal(announcementErrors({ message: "x", level: "danger" }, now).level, "Info or warning.");
  assert.match(announcementErrors({ message: "x", expiresAt: "2020-01-01T00:00" }, now).expiresAt, /future/);
  assert.equal(announcementErrors({ message: "x", expiresAt: "soon" }, now).expiresAt, "Not a date and time.");
  assert.deepEqual(announcementErrors({ message: "x", expiresAt: "2030-01-01T00:00" }, now), {});
});

test("datetime-local values and ISO dates convert both ways", () => {
  assert.equal(localToISO(""), null);
  assert.equal(localToISO("nonsense"), null);
  const iso = localToISO("2030-05-06T07:08");
  assert.equal(isoToLocal(iso), "2030-05-06T07:08");
  assert.equal(isoToLocal(null), "");
});

test("members toggle in a sorted list and only changed fields are sent", () => {
  assert.deepEqual(toggleId([3, 1], 2, true), [1, 2, 3]);
  assert.deepEqual(toggleId([1, 2], 2, true), [1, 2]);
  assert.deepEqual(toggleId([1, 2], 2, false), [1]);
  assert.deepEqual(changedFields({ name: "a", members: [1, 2], public: false }, { name: "a", members: [1, 3], public: false }), { members: [1, 3] });
  assert.deepEqual(changedFields({ name: "a" }, { name: "a" }), {});
});

test("audit entries read as sentences", () => {
  const words = auditWords({ actor: { id: 1, username: "ada", displayName: "Ada" }, action: "user.create", target: "user:5", detail: { username: "bob", isAdmin: false } });
  assert.deepEqual(words, { who: "Ada", what: "created user", target: "user:5", detail: "username: bob, isAdmin: false" });
  assert.equal(auditWords({ actor: null, action: "something.new", target: "", detail: null }).who, "system");
  assert.equal(auditWords({ actor: null, action: "something.new" }).what, "something.new");
  assert.equal(auditWords({ actor: null, action: "doc.share", detail: { grants: [1] } }).detail, "grants: [1]");
});
