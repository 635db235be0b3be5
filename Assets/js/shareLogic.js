// Pure logic of the share dialog: the doc's access as an editable list, what the picker
// offers, and the body of `PUT /api/docs/{id}/access` (sent only when something changed).

/** `"user:5"` or `"group:2"`: one subject's key. */
export function subjectKey(subject) {
  return `${subject.kind}:${subject.id}`;
}

/** The editable state from `GET /api/docs/{id}/access`: `{public, grants: [{kind, id, name, detail, color, role}]}`. */
export function shareState(access) {
  const grants = [];
  for (const g of (access && access.grants) || []) {
    if (g.user) {
      grants.push({ kind: "user", id: g.user.id, name: g.user.displayName || g.user.username, detail: g.user.username, color: g.user.avatarColor || null, role: g.role });
    } else if (g.group) {
      grants.push({ kind: "group", id: g.group.id, name: g.group.name, detail: "group", color: null, role: g.role });
    }
  }
  return { public: Boolean(access && access.public), grants };
}

/** Adds `subject` with `role`, or changes its role when it already has a grant. Returns a new state. */
export function addGrant(state, subject, role = "viewer") {
  const key = subjectKey(subject);
  if (state.grants.some((g) => subjectKey(g) === key)) return setRole(state, key, role);
  return { ...state, grants: [...state.grants, { ...subject, role }] };
}

export function setRole(state, key, role) {
  return { ...state, grants: state.grants.map((g) => (subjectKey(g) === key ? { ...g, role } : g)) };
}

export function removeGrant(state, key) {
  return { ...state, grants: state.grants.filter((g) => subjectKey(g) !== key) };
}

/** The PUT body: `{public, grants: [{userId | groupId, role}]}` in a stable order. */
export function sharePayload(state) {
  const grants = [...state.grants]
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.id - b.id)
    .map((g) => (g.kind === "user" ? { userId: g.id, role: g.role } : { groupId: g.id, role: g.role }));
  return { public: Boolean(state.public), grants };
}

/** Whether `edited` differs from `original` in anything the server stores. */
export function shareChanged(original, edited) {
  return JSON.stringify(sharePayload(original)) !== JSON.stringify(sharePayload(edited));
}

/**
 * The picker's candidates for `query`: users (from /api/users?q=, already matched by the
 * server) and groups matching by name, without the owner and those already granted; at most `limit`.
 */
export function pickerCandidates({ users = [], groups = [], state, ownerId = null, query = "", limit = 10 }) {
  const taken = new Set(state.grants.map(subjectKey));
  const q = String(query).trim().toLowerCase();
  const people = users
    .filter((u) => u.id !== ownerId && !taken.has(`user:${u.id}`))
    .map((u) => ({ kind: "user", id: u.id, name: u.displayName || u.username, detail: u.username, color: u.avatarColor || null }));
  const teams = groups
    .filter((g) => !taken.has(`group:${g.id}`) && (!q || g.name.toLowerCase().includes(q)))
    .map((g) => ({ kind: "group", id: g.id, name: g.name, detail: `group · ${(g.members || []).length} members`, color: null }));
  return [...teams, ...people].slice(0, limit);
}

/** Whether the caller may change the sharing (owner or admin). */
export function canManage(access) {
  return Boolean(access) && access.role === "owner";
}
