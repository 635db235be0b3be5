import Core
import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// Doc variables on a real store file: order, every type's JSON, replacement in one piece, and
/// the schema's guards.
@Suite struct DocVariableStoreTests {
    func withStore(_ body: (HubStore, Doc, URL) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appending(path: "hub.sqlite")
            let store = try HubStore(url: url)
            let user = try await store.ensureLocalUser()
            let (doc, _) = try await store.createDoc(title: "Vars", owner: user.id, firstQueryEngine: nil)
            try await body(store, doc, url)
        }
    }

    static let sample: [DocVariable] = [
        DocVariable(name: "start_date", type: .date, value: .string("{{ ds_add(end_date, -7) }}")),
        DocVariable(name: "end_date", type: .date, value: .string("2026-02-27")),
        DocVariable(name: "limit_rows", type: .number, value: .integer(100)),
        DocVariable(name: "ratio", type: .number, value: .real(0.25)),
        DocVariable(name: "verbose", type: .boolean, value: .boolean(true)),
        DocVariable(name: "kinds", type: .list, value: .list([.string("click"), .integer(3)])),
        DocVariable(name: "who", type: .string, value: .string("x'; DROP TABLE t; --")),
    ]

    @Test func variablesComeBackInTheirOrderWithTheirTypes() async throws {
        try await withStore { store, doc, _ in
            #expect(try await store.variables(of: doc.id).isEmpty)
            let saved = try await store.replaceVariables(of: doc.id, with: Self.sample)
            #expect(saved == Self.sample)
            #expect(try await store.variables(of: doc.id) == Self.sample)
        }
    }

    @Test func replacingDropsTheOldSetWhole() async throws {
        try await withStore { store, doc, _ in
            try await store.replaceVariables(of: doc.id, with: Self.sample)
            let fewer = [Self.sample[2], Self.sample[0]]
            try await store.replaceVariables(of: doc.id, with: fewer)
            #expect(try await store.variables(of: doc.id) == fewer)
            try await store.replaceVariables(of: doc.id, with: [])
            #expect(try await store.variables(of: doc.id).isEmpty)
        }
    }

    @Test func aFailedReplacementKeepsTheOldSet() async throws {
        try await withStore { store, doc, _ in
            try await store.replaceVariables(of: doc.id, with: Self.sample)
            // Two of one name break the primary key: the transaction rolls back whole.
            let duplicate = [Self.sample[0], Self.sample[0]]
            await #expect(throws: (any Error).self) { try await store.replaceVariables(of: doc.id, with: duplicate) }
            #expect(try await store.variables(of: doc.id) == Self.sample)
        }
    }

    @Test func aCloneHasTheOriginalsVariables() async throws {
        try await withStore { store, doc, _ in
            try await store.replaceVariables(of: doc.id, with: Self.sample)
            let user = try await store.ensureLocalUser()
            let (copy, _) = try await store.cloneDoc(doc.id, owner: user.id)
            #expect(try await store.variables(of: copy.id) == Self.sample)
        }
    }

    @Test func anUnknownDocIsNotFound() async throws {
        try await withStore { store, _, _ in
            await #expect(throws: StoreError.notFound(entity: "doc", id: 999)) { try await store.variables(of: DocID(999)) }
            await #expect(throws: StoreError.notFound(entity: "doc", id: 999)) {
                try await store.replaceVariables(of: DocID(999), with: Self.sample)
            }
        }
    }

    @Test func deletingTheDocDeletesItsVariables() async throws {
        try await withStore { store, doc, url in
            try await store.replaceVariables(of: doc.id, with: Self.sample)
            try await store.deleteDoc(doc.id)
            let left = try await DatabaseQueue(path: url.path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM docVariable") ?? -1
            }
            #expect(left == 0)
        }
    }
}
