import Core
import Foundation
import GRDB
@testable import Store
import Testing
import TestSupport

/// Doc history: versions as windows of time, their snapshots, and restores.
@Suite struct DocHistoryTests {
    func withStore(_ body: (HubStore, ManualClock, User) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let clock = ManualClock()
            let store = try HubStore(url: dir.appending(path: "hub.sqlite"), clock: clock)
            try await body(store, clock, try await store.ensureLocalUser())
        }
    }

    /// What a user sees of a doc: title and cells in order, without ids (a re-created cell has a new one).
    struct Shape: Equatable, CustomStringConvertible {
        var title: String
        var cells: [String]

        init(_ snapshot: DocSnapshot) {
            title = snapshot.title
            cells = snapshot.cells.map {
                "\($0.kind.rawValue)|\($0.title)|\($0.content)|\($0.engineID?.description ?? "-")|"
                    + "\($0.rowLimit?.description ?? "-")|\($0.collapsed)|\($0.position)"
            }
        }

        var description: String { "\(title): \(cells)" }
    }

    func live(_ store: HubStore, _ doc: DocID) async throws -> DocSnapshot {
        let (doc, cells) = try await store.docWithCells(doc)
        return DocSnapshot(doc, cells: cells)
    }

    @Test func versionsOpenExtendAndCloseByTime() async throws {
        try await withStore { store, clock, user in
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/e.sqlite", description: "")
            let (doc, cells) = try await store.createDoc(title: "T", owner: user.id, firstQueryEngine: engine.id)
            let cell = cells[0]
            let start = clock.now()
            var versions = try await store.docVersions(doc.id)
            #expect(versions.map(\.number) == [1])
            #expect(versions[0].changeCount == 1)
            #expect(versions[0].authors == [user.id])
            #expect(versions[0].snapshot == nil)

            // Changes less than a window apart join version 1.
            clock.advance(by: 30)
            _ = try await store.updateCell(cell.id, CellChanges(content: "SELECT 1"), user: user.id)
            clock.advance(by: 59)
            _ = try await store.insertCell(doc: doc.id, kind: .text, content: "notes", owner: user.id)
            clock.advance(by: 59)
            _ = try await store.applyCellEdit(
                cell.id, baseVersion: 1, operation: try edit("SELECT 1", appending: "0"), user: user.id,
                clientID: "tab", editID: "1")
            versions = try await store.docVersions(doc.id)
            #expect(versions.map(\.number) == [1])
            #expect(versions[0].changeCount == 4)
            #expect(versions[0].startedAt == start)
            #expect(versions[0].endedAt == clock.now())

            // A pause of a full window: version 1 closes with the doc as it stood, 2 opens.
            let endOfOne = try await live(store, doc.id)
            clock.advance(by: 60)
            _ = try await store.updateDoc(doc.id, title: "T2", archived: nil, user: user.id)
            versions = try await store.docVersions(doc.id)
            #expect(versions.map(\.number) == [2, 1])
            #expect(versions[1].snapshot == endOfOne)
            #expect(Shape(try #require(versions[1].snapshot)).cells.map { $0.hasPrefix("query||SELECT 10|") } == [true, false])
            #expect(versions[0].snapshot == nil)
            #expect(versions[0].changeCount == 1)

            // Archiving is not a change of what the doc says; a duplicate edit is not a change either.
            clock.advance(by: 120)
            _ = try await store.updateDoc(doc.id, title: nil, archived: true, user: user.id)
            _ = try await store.applyCellEdit(
                cell.id, baseVersion: 1, operation: try edit("SELECT 1", appending: "0"), user: user.id,
                clientID: "tab", editID: "1")
            #expect(try await store.docVersions(doc.id).map(\.number) == [2, 1])

            // Steady changes cannot grow a version past the longest span.
            clock.advance(by: 120)
            _ = try await store.updateCell(cell.id, CellChanges(collapsed: true), user: user.id)
            let third = try await store.docVersions(doc.id)[0]
            #expect(third.number == 3)
            for _ in 0..<12 {
                clock.advance(by: 50)
                _ = try await store.updateCell(cell.id, CellChanges(title: "t\(clock.now())"), user: user.id)
            }
            versions = try await store.docVersions(doc.id)
            #expect(versions.map(\.number) == [4, 3, 2, 1])
            #expect(versions[1].endedAt.timeIntervalSince(versions[1].startedAt) < HubStore.historyMaxSpan)
            #expect(versions[1].changeCount + versions[0].changeCount == 13)

            // The current version shows the live doc; a closed one its snapshot.
            let current = try await store.docVersion(doc.id, number: 4)
            #expect(current.isCurrent)
            #expect(current.content == (try await live(store, doc.id)))
            let old = try await store.docVersion(doc.id, number: 1)
            #expect(!old.isCurrent)
            #expect(old.content == endOfOne)
        }
    }

    @Test func restoreBringsBackTheSnapshotAndIsItselfAVersion() async throws {
        try await withStore { store, clock, user in
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/e.sqlite", description: "")
            let (doc, cells) = try await store.createDoc(title: "Plan", owner: user.id, firstQueryEngine: engine.id)
            let query = try await store.updateCell(
                cells[0].id, CellChanges(title: "Count", content: "SELECT count(*) FROM events", rowLimit: .some(50)),
                user: user.id)
            let notes = try await store.insertCell(doc: doc.id, kind: .text, content: "alpha", placement: .first, owner: user.id)
            let last = try await store.insertCell(doc: doc.id, kind: .text, content: "gamma", owner: user.id)
            let one = try await live(store, doc.id)

            // Version 2: a new title, edited text, a move, a deleted cell, an added cell.
            clock.advance(by: 120)
            _ = try await store.updateDoc(doc.id, title: "Plan B", archived: nil, user: user.id)
            _ = try await store.updateCell(notes.id, CellChanges(content: "alpha, revised", placement: .after(last.id)), user: user.id)
            _ = try await store.deleteCell(query.id, user: user.id)
            let added = try await store.insertCell(doc: doc.id, kind: .text, content: "delta", placement: .first, owner: user.id)
            _ = try await store.updateCell(last.id, CellChanges(collapsed: true), user: user.id)
            let two = try await live(store, doc.id)
            #expect(Shape(two) != Shape(one))

            clock.advance(by: 5)
            let restore = try await store.restoreDocVersion(doc.id, number: 1, user: user.id)
            let after = try await live(store, doc.id)
            #expect(Shape(after) == Shape(one), "\(Shape(after)) vs \(Shape(one))")
            #expect(after.cells.map(\.id).filter { $0 != notes.id && $0 != last.id }.count == 1)
            #expect(after.cells.contains { $0.id == notes.id } && after.cells.contains { $0.id == last.id })
            #expect(!after.cells.contains { $0.content == "delta" })
            #expect(restore.deleted == [added.id])
            #expect(restore.created.map(\.content) == ["SELECT count(*) FROM events"])
            #expect(restore.created.first?.engineID == engine.id)
            #expect(restore.titleChanged)
            #expect(restore.cells.map(\.id) == after.cells.map(\.id))

            // Kept cells' text came back through their edit log.
            #expect(restore.edits.map(\.cellID) == [notes.id])
            let log = try await store.cellEdits(notes.id, after: 0)
            #expect(log.last?.clientID == "restore")
            #expect(try log.reduce("alpha") { try $1.operation.apply(to: $0) } == "alpha")
            #expect(log.count == 2)
            #expect(try await store.cell(notes.id)?.version == log.count)

            // History shows the restore on top; version 2 kept the doc as it was before it.
            var versions = try await store.docVersions(doc.id)
            #expect(versions.map(\.number) == [3, 2, 1])
            #expect(versions.map(\.restoredFrom) == [1, nil, nil])
            #expect(versions[1].snapshot == two)
            #expect(versions[0].authors == [user.id])

            // The next change, however soon, starts a version of its own.
            clock.advance(by: 1)
            _ = try await store.updateCell(last.id, CellChanges(content: "gamma 2"), user: user.id)
            versions = try await store.docVersions(doc.id)
            #expect(versions.map(\.number) == [4, 3, 2, 1])
            #expect(Shape(try #require(versions[1].snapshot)) == Shape(one))

            // A restore is undone by restoring the version before it.
            _ = try await store.restoreDocVersion(doc.id, number: 2, user: user.id)
            #expect(Shape(try await live(store, doc.id)) == Shape(two))
            #expect(try await store.docVersions(doc.id).first?.restoredFrom == 2)
        }
    }

    @Test func restoreRefusesTheCurrentAndUnknownVersions() async throws {
        try await withStore { store, clock, user in
            let (doc, _) = try await store.createDoc(title: "Only", owner: user.id, firstQueryEngine: nil)
            await #expect(throws: StoreError.self) { try await store.restoreDocVersion(doc.id, number: 1, user: user.id) }
            clock.advance(by: 120)
            _ = try await store.updateDoc(doc.id, title: "Only 2", archived: nil, user: user.id)
            do {
                _ = try await store.restoreDocVersion(doc.id, number: 2, user: user.id)
                Issue.record("restoring the current version succeeded")
            } catch let error as StoreError {
                guard case .conflict = error else { throw error }
            }
            await #expect(throws: StoreError.notFound(entity: "version", id: 7)) {
                try await store.restoreDocVersion(doc.id, number: 7, user: user.id)
            }
            await #expect(throws: StoreError.notFound(entity: "doc", id: 99)) {
                try await store.docVersions(DocID(99))
            }
            #expect(try await store.docVersions(doc.id).map(\.number) == [2, 1])
            #expect(try await store.doc(doc.id)?.title == "Only 2")
        }
    }

    @Test func migrationGivesEveryExistingDocOneVersion() async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appending(path: "hub.sqlite")
            let queue = try DatabaseQueue(path: url.path)
            try Migrations.migrator.migrate(queue, upTo: "v2-cell-edits")
            try await queue.write { db in
                try db.execute(sql: """
                    INSERT INTO user (id, username, displayName, createdAt) VALUES (1, 'a', 'A', '2026-01-01 00:00:00.000');
                    INSERT INTO user (id, username, displayName, createdAt) VALUES (2, 'b', 'B', '2026-01-01 00:00:00.000');
                    INSERT INTO doc (id, title, ownerID, createdAt, updatedAt)
                        VALUES (5, 'Old', 1, '2026-01-01 10:00:00.000', '2026-01-02 10:00:00.000');
                    INSERT INTO cell (id, docID, kind, position, content, ownerID, createdAt, updatedAt, version)
                        VALUES (9, 5, 'text', 'V', 'xy', 1, '2026-01-01 10:00:00.000', '2026-01-02 10:00:00.000', 2);
                    INSERT INTO cellEdit (cellID, version, operation, userID, clientID, editID, createdAt)
                        VALUES (9, 1, '["x"]', 2, 'c', '1', '2026-01-01 11:00:00.000'),
                               (9, 2, '[1, "y"]', 1, 'c', '2', '2026-01-01 12:00:00.000');
                    """)
            }
            try queue.close()
            let store = try HubStore(url: url)
            let versions = try await store.docVersions(DocID(5))
            #expect(versions.count == 1)
            #expect(versions[0].number == 1)
            #expect(versions[0].authors == [UserID(1), UserID(2)])
            #expect(versions[0].changeCount == 3)
            #expect(versions[0].endedAt.timeIntervalSince(versions[0].startedAt) == 86_400)
            #expect(try await store.docVersion(DocID(5), number: 1).content.cells.map(\.content) == ["xy"])
        }
    }

    func edit(_ text: String, appending suffix: String) throws -> TextOperation {
        var operation = TextOperation()
        operation.retain(text.utf16.count)
        operation.insert(suffix)
        return operation
    }
}
