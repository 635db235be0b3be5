import Core
import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// Doc roles and engine visibility through grants, groups and environments, and the doc list
/// agreeing with the role rule for every user and doc.
@Suite struct AccessStoreTests {
    struct World {
        let store: HubStore
        let url: URL
        let admin: User, owner: User, member: User, grouped: User, stranger: User
        let team: GroupID
        let lab: EnvironmentID
        let labEngine: EngineID
        let openEngine: EngineID
    }

    /// Users, a group `team` (grouped), a private environment `lab` (member) holding one
    /// engine, and an engine left in the public default environment. Groups and environments
    /// are written as rows: this suite tests the rule, not the admin routes.
    func withWorld(_ body: (World) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appending(path: "hub.sqlite")
            let store = try HubStore(url: url)
            _ = try await store.ensureLocalUser()
            let admin = try await store.createUser(username: "admin", displayName: "A", passwordHash: "x", isAdmin: true)
            var users: [User] = []
            for name in ["owner", "member", "grouped", "stranger"] {
                users.append(try await store.createUser(username: name, displayName: name, passwordHash: "x", isAdmin: false))
            }
            let open = try await store.upsertSQLiteEngine(name: "open", path: "/tmp/open.sqlite", description: "")
            let labEngine = try await store.upsertSQLiteEngine(name: "lab-db", path: "/tmp/lab.sqlite", description: "")
            let people = users
            let (team, lab) = try await DatabasePool(path: url.path).write { db in
                try db.execute(sql: "INSERT INTO userGroup (name, createdAt) VALUES ('team', ?)", arguments: [Date()])
                let team = GroupID(db.lastInsertedRowID)
                try db.execute(sql: "INSERT INTO groupMember VALUES (?, ?)", arguments: [team, people[2].id])
                try db.execute(sql: "INSERT INTO environment (name, public, createdAt) VALUES ('lab', 0, ?)", arguments: [Date()])
                let lab = EnvironmentID(db.lastInsertedRowID)
                try db.execute(sql: "INSERT INTO environmentMember VALUES (?, ?)", arguments: [lab, people[1].id])
                try db.execute(sql: "INSERT INTO environmentMember VALUES (?, ?)", arguments: [lab, people[0].id])
                try db.execute(sql: "DELETE FROM environmentEngine WHERE engineID = ?", arguments: [labEngine.id])
                try db.execute(sql: "INSERT INTO environmentEngine VALUES (?, ?)", arguments: [lab, labEngine.id])
                return (team, lab)
            }
            try await body(
                World(
                    store: store, url: url, admin: admin, owner: users[0], member: users[1], grouped: users[2], stranger: users[3],
                    team: team, lab: lab, labEngine: labEngine.id, openEngine: open.id))
        }
    }

    @Test func rolesComeFromOwnershipGrantsGroupsAndPublicEnvironments() async throws {
        try await withWorld { w in
            let store = w.store
            let (open, _) = try await store.createDoc(title: "Open", owner: w.owner.id, firstQueryEngine: nil)
            let (labPublic, _) = try await store.createDoc(title: "Lab", owner: w.owner.id, firstQueryEngine: nil, environment: w.lab)
            let (secret, _) = try await store.createDoc(
                title: "Secret", owner: w.owner.id, firstQueryEngine: nil, isPublic: false)
            _ = try await store.setSharing(
                secret.id, isPublic: false,
                grants: [DocGrant(.group(w.team), role: .editor), DocGrant(.user(w.member.id), role: .viewer)])

            func role(_ doc: Doc, _ user: User) async throws -> DocRole? { try await store.docRole(doc.id, for: user) }
            do {
                let found = try await role(open, w.stranger)
                #expect(found == .viewer, "public doc of the public environment")
            }
            do {
                let found = try await role(labPublic, w.stranger)
                #expect(found == nil, "public only inside its environment")
            }
            do {
                let found = try await role(labPublic, w.member)
                #expect(found == .viewer)
            }
            do {
                let found = try await role(secret, w.stranger)
                #expect(found == nil)
            }
            do {
                let found = try await role(secret, w.grouped)
                #expect(found == .editor, "through the group")
            }
            do {
                let found = try await role(secret, w.member)
                #expect(found == .viewer)
            }
            do {
                let found = try await role(secret, w.owner)
                #expect(found == .owner)
            }
            do {
                let found = try await role(secret, w.admin)
                #expect(found == .owner)
            }

            // The best grant wins; leaving the group takes its grant away.
            _ = try await store.setSharing(
                secret.id, isPublic: false,
                grants: [DocGrant(.group(w.team), role: .editor), DocGrant(.user(w.grouped.id), role: .viewer)])
            do {
                let found = try await role(secret, w.grouped)
                #expect(found == .editor)
            }
            try await DatabasePool(path: w.url.path).write { db in try db.execute(sql: "DELETE FROM groupMember") }
            do {
                let found = try await role(secret, w.grouped)
                #expect(found == .viewer)
            }

            // The doc list shows exactly the docs each user has a role on.
            for user in [w.admin, w.owner, w.member, w.grouped, w.stranger] {
                var query = DocQuery()
                query.limit = 500
                let listed = Set(try await store.docs(matching: query, for: user).docs.map(\.doc.id))
                var expected: Set<DocID> = []
                for doc in [open, labPublic, secret] where try await role(doc, user) != nil { expected.insert(doc.id) }
                #expect(listed == expected, "\(user.username)")
            }
        }
    }

    @Test func enginesAreSeenThroughEnvironments() async throws {
        try await withWorld { w in
            let stranger = try await w.store.visibleEngineIDs(for: w.stranger)
            let member = try await w.store.visibleEngineIDs(for: w.member)
            let admin = try await w.store.visibleEngineIDs(for: w.admin)
            let environments = try await w.store.environmentIDs(of: w.stranger)
            #expect(stranger.contains(w.openEngine))
            #expect(!stranger.contains(w.labEngine))
            #expect(member.isSuperset(of: [w.openEngine, w.labEngine]))
            #expect(admin.contains(w.labEngine))
            #expect(environments == [Environment.defaultID])
        }
    }

    @Test func theFirstPasswordAccountMustBeAnAdminAndTakesOverTheLocalUser() async throws {
        try await withTemporaryDirectory { dir in
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"))
            let local = try await store.ensureLocalUser()
            let (doc, _) = try await store.createDoc(title: "Mine", owner: local.id, firstQueryEngine: nil)
            await #expect(throws: StoreError.self) {
                _ = try await store.createUser(username: "bob", displayName: "Bob", passwordHash: "x", isAdmin: false)
            }
            let ann = try await store.createUser(username: "ann", displayName: "Ann", passwordHash: "x", isAdmin: true)
            let owner = try await store.doc(doc.id)?.ownerID
            let accounts = try await store.hasAccounts()
            let local2 = try await store.ensureLocalUser()
            #expect(ann.id == local.id)
            #expect(owner == ann.id)
            #expect(accounts)
            #expect(local2.id == ann.id, "no second local user appears")
        }
    }
}
