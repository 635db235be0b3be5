import Core
import Foundation
import GRDB
@testable import Store
import Testing
import TestSupport

/// The people directory, groups, environments, announcements and the audit log in the store.
@Suite struct DirectoryStoreTests {
    func withStore(_ body: (HubStore, ManualClock) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let clock = ManualClock()
            try await body(try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock), clock)
        }
    }

    @Test func userSearchTakesWildcardsLiterallyAndSkipsDeactivatedUsers() async throws {
        try await withStore { store, _ in
            _ = try await store.createUser(username: "ann_lee", displayName: "Ann Lee", passwordHash: nil, isAdmin: false)
            let annX = try await store.createUser(username: "annXlee", displayName: "Ann X", passwordHash: nil, isAdmin: false)
            let gone = try await store.createUser(username: "anna", displayName: "Anna", passwordHash: nil, isAdmin: false)
            try await store.updateUser(gone.id, UserChanges(active: false))
            #expect(try await store.searchUsers("n_l").map(\.username) == ["ann_lee"])
            #expect(try await store.searchUsers("ANN").map(\.username) == ["annXlee", "ann_lee"], "by username, bytewise")
            #expect(try await store.searchUsers("x").map(\.username) == ["annXlee"])
            #expect(try await store.searchUsers("", limit: 1).map(\.id) == [annX.id])
            #expect(try await store.searchUsers("%").isEmpty)
        }
    }

    @Test func environmentsWithDocsOrTheDefaultAreKept() async throws {
        try await withStore { store, _ in
            let owner = try await store.createUser(username: "o", displayName: "O", passwordHash: nil, isAdmin: false)
            let lab = try await store.createEnvironment(name: "Lab", description: "", isPublic: false, engines: [], members: [owner.id])
            let (doc, _) = try await store.createDoc(title: "In the lab", owner: owner.id, firstQueryEngine: nil)
            try await store.write { db in
                try db.execute(sql: "UPDATE doc SET environmentID = ? WHERE id = ?", arguments: [lab.environment.id, doc.id])
            }
            await #expect(throws: StoreError.self) { try await store.deleteEnvironment(lab.environment.id) }
            await #expect(throws: StoreError.conflict("The default environment cannot be deleted.")) {
                try await store.deleteEnvironment(Environment.defaultID)
            }
            try await store.write { db in try db.execute(sql: "UPDATE doc SET environmentID = 1") }
            #expect(try await store.deleteEnvironment(lab.environment.id).name == "Lab")
            #expect(try await store.environments().map(\.environment.name) == ["default"])
            await #expect(throws: StoreError.notFound(entity: "environment", id: lab.environment.id.rawValue)) {
                try await store.deleteEnvironment(lab.environment.id)
            }
        }
    }

    @Test func groupsReplaceTheirMembersWholeAndGoWithTheirUsers() async throws {
        try await withStore { store, _ in
            let a = try await store.createUser(username: "a", displayName: "A", passwordHash: nil, isAdmin: false)
            let b = try await store.createUser(username: "b", displayName: "B", passwordHash: nil, isAdmin: false)
            let group = try await store.createGroup(name: "Team", description: "d", members: [b.id, a.id, b.id])
            #expect(group.members == [a.id, b.id])
            await #expect(throws: StoreError.conflict("A group named “team” already exists.")) {
                try await store.createGroup(name: "team", description: "", members: [])
            }
            await #expect(throws: StoreError.invalid("`members`: no user with id 99.")) {
                try await store.updateGroup(group.group.id, DirectoryChanges(members: [UserID(99)]))
            }
            #expect(try await store.groups().first?.members == [a.id, b.id], "a refused change leaves the group as it was")
            let renamed = try await store.updateGroup(group.group.id, DirectoryChanges(name: "TEAM", members: [b.id]))
            #expect(renamed.group.name == "TEAM")
            #expect(renamed.members == [b.id])
            #expect(renamed.group.description == "d")
        }
    }

    @Test func activeAnnouncementsAreTheUnexpiredOnesNewestFirst() async throws {
        try await withStore { store, clock in
            let soon = try await store.createAnnouncement(
                message: "Soon", level: .warning, expiresAt: clock.now().addingTimeInterval(60))
            clock.advance(by: 1)
            let forever = try await store.createAnnouncement(message: "Forever", level: .info, expiresAt: nil)
            _ = try await store.createAnnouncement(message: "Past", level: .info, expiresAt: clock.now().addingTimeInterval(-1))
            #expect(try await store.activeAnnouncements().map(\.id) == [forever.id, soon.id])
            #expect(try await store.announcements().count == 3)
            clock.advance(by: 120)
            #expect(try await store.activeAnnouncements().map(\.id) == [forever.id])
            let extended = try await store.updateAnnouncement(soon.id, AnnouncementChanges(expiresAt: .some(nil)))
            #expect(extended.expiresAt == nil)
            #expect(extended.level == .warning)
            #expect(try await store.activeAnnouncements().map(\.id) == [forever.id, soon.id])
        }
    }

    @Test func auditEntriesPageNewestFirst() async throws {
        try await withStore { store, _ in
            for n in 1...5 { try await store.audit(actor: nil, action: "group.create", target: "group:\(n)", detail: ["n": "\(n)"]) }
            let first = try await store.auditEntries(limit: 2)
            #expect(first.map(\.target) == ["group:5", "group:4"])
            let next = try await store.auditEntries(limit: 10, before: first.last?.id)
            #expect(next.map(\.target) == ["group:3", "group:2", "group:1"])
            #expect(next.first?.detail == #"{"n":"3"}"#)
        }
    }
}
