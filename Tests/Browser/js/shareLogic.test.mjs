import assert from "node:assert/strict";
import { test } from "node:test";
import {
  addGrant, canManage, pickerCandidates, removeGrant, setRole, shareChanged, sharePayload, shareState, subjectKey,
} from "../../../Assets/js/shareLogic.js";

const access = {
  public: false,
  environmentId: 1,
  owner: { id: 1, username: "ada", displayName: "Ada" },
  grants: [
    { user: { id: 7, username: "bob", displayName: "Bob B", avatarColor: "#123456" }, group: null, role: "editor" },
    { user: null, group: { id: 3, name: "analysts" }, role: "viewer" },
  ],
  requests: [],
  role: "owner",
};

test("the access answer becomes an editable list and back, unchanged", () => {
  const state = shareState(access);
  assert.deepEqual(state.grants.map(subjectKey), ["user:7", "group:3"]);
  assert.equal(state.grants[0].name, "Bob B");
  assert.deepEqual(sharePayload(state), { public: false, grants: [{ groupId: 3, role: "viewer" }, { userId: 7, role: "editor" }] });
  assert.equal(shareChanged(state, shareState(access)), false);
  assert.ok(canManage(access));
  assert.ok(!canManage({ ...access, role: "editor" }));
  assert.deepEqual(shareState(null), { public: false, grants: [] });
});

test("adding, changing and removing grants", () => {
  const start = shareState(access);
  let state = addGrant(start, { kind: "user", id: 9, name: "Cy" }, "viewer");
  assert.equal(state.grants.length, 3);
  assert.ok(shareChanged(start, state));
  state = addGrant(state, { kind: "user", id: 9, name: "Cy" }, "editor");
  assert.equal(state.grants.length, 3, "adding someone twice changes their role");
  assert.equal(state.grants[2].role, "editor");
  state = setRole(state, "group:3", "editor");
  state = removeGrant(state, "user:7");
  assert.deepEqual(sharePayload(state).grants, [{ groupId: 3, role: "editor" }, { userId: 9, role: "editor" }]);
  assert.equal(start.grants.length, 2, "the original state is not changed");
  assert.ok(shareChanged(start, { ...start, public: true }));
  // Order alone is no change.
  assert.equal(shareChanged(start, { ...start, grants: [...start.grants].reverse() }), false);
});

test("the picker leaves out the owner and those already granted", () => {
  const state = shareState(access);
  const users = [
    { id: 1, username: "ada", displayName: "Ada" },
    { id: 7, username: "bob", displayName: "Bob B" },
    { id: 8, username: "cy", displayName: "" },
  ];
  const groups = [{ id: 3, name: "analysts", members: [7] }, { id: 4, name: "Data team", members: [1, 8] }];
  const all = pickerCandidates({ users, groups, state, ownerId: 1, query: "" });
  assert.deepEqual(all.map(subjectKey), ["group:4", "user:8"]);
  assert.equal(all[1].name, "cy", "a user without a display name shows the username");
  assert.equal(all[0].detail, "group · 2 members");
  assert.deepEqual(pickerCandidates({ users: [], groups, state, query: "DATA" }).map(subjectKey), ["group:4"]);
  assert.deepEqual(pickerCandidates({ users: [], groups, state, query: "zzz" }), []);
  assert.equal(pickerCandidates({ users: Array.from({ length: 30 }, (_, i) => ({ id: 100 + i, username: `u${i}` })), groups: [], state, limit: 5 }).length, 5);
});
