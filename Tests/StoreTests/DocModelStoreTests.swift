import Core
import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// Clones, duplicates, per-user favorites and views, and the doc list's filters and orders,
/// on a real store file.
@Suite struct DocModelStoreTests {
    func withStore(_ body: (HubStore, User, ManualClock, URL) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appending(path: "hub.sqlite")
            let clock = ManualClock()
            let store = try HubStore(url: url, clock: clock)
            try await body(store, try await store.ensureLocalUser(), clock, url)
        }
    }

    /// A second person, written straight into the file (accounts have no store API yet).
    func addUser(_ url: URL, _ name: String) throws -> UserID {
        try DatabaseQueue(path: url.path).write { db in
            try db.execute(
                sql: "INSERT INTO user (username, displayName, createdAt) VALUES (?, ?, ?)",
                arguments: [name, name, Date()])
            return UserID(db.lastInsertedRowID)
        }
    }

    @Test func cloneCopiesEveryCellInOrderWithNewIDs() async throws {
        try await withStore { store, user, clock, url in
            let other = try addUser(url, "ana")
            let engine = try await store.upsertSQLiteEngine(name: "e", path: "/tmp/x.sqlite", description: "")
            let (doc, first) = try await store.createDoc(title: "Growth", owner: user.id, firstQueryEngine: engine.id)
            let query = try await store.updateCell(
                first[0].id, CellChanges(title: "Signups", content: "SELECT 1", rowLimit: .some(1000), collapsed: true),
                user: user.id)
            let text = try await store.insertCell(doc: doc.id, kind: .text, content: "# Notes", placement: .first, owner: user.id)
            let chart = try await store.insertCell(
                doc: doc.id, kind: .chart, content: #"{"source": \#(query.id), "type": "line", "x": "day"}"#, owner: user.id)
            _ = try await store.updateDoc(doc.id, title: nil, archived: true, user: user.id)
            clock.advance(by: 60)

            let (copy, cells) = try await store.cloneDoc(doc.id, owner: other)
            #expect(copy.title == "Copy of Growth")
            #expect(copy.ownerID == other)
            #expect(copy.archived == false)
            #expect(copy.id != doc.id)
            let reread = try await store.docWithCells(copy.id).1
            #expect(reread == cells)
            #expect(cells.map(\.kind) == [.text, .query, .chart])
            #expect(Set(cells.map(\.id)).isDisjoint(with: [text.id, query.id, chart.id]))
            #expect(cells.allSatisfy { $0.docID == copy.id && $0.ownerID == other && $0.version == 0 })
            let copiedQuery = cells[1]
            #expect(copiedQuery.title == "Signups")
            #expect(copiedQuery.content == "SELECT 1")
            #expect(copiedQuery.engineID == engine.id)
            #expect(copiedQuery.rowLimit == 1000)
            #expect(copiedQuery.collapsed)
            #expect(cells[0].content == "# Notes")
            // The chart follows the copy of its source and keeps the keys it does not know.
            #expect(ChartConfig.source(in: cells[2].content) == copiedQuery.id.rawValue)
            #expect(cells[2].content.contains(#""x":"day""#))
            // The original is untouched.
            #expect(try await store.docWithCells(doc.id).1.map(\.id) == [text.id, query.id, chart.id])
            let originalChart = try #require(try await store.cell(chart.id))
            #expect(ChartConfig.source(in: originalChart.content) == query.id.rawValue)
        }
    }

    @Test func cloneOfAnUntitledDocAndOfNothing() async throws {
        try await withStore { store, user, _, _ in
            let (doc, _) = try await store.createDoc(title: "", owner: user.id, firstQueryEngine: nil)
            let (copy, cells) = try await store.cloneDoc(doc.id, owner: user.id)
            #expect(copy.title == "Copy of Untitled")
            #expect(cells.isEmpty)
            await #expect(throws: StoreError.notFound(entity: "doc", id: 999)) {
                try await store.cloneDoc(DocID(999), owner: user.id)
            }
        }
    }

    @Test func duplicateGoesRightAfterTheOriginal() async throws {
        try await withStore { store, user, _, _ in
            let (doc, _) = try await store.createDoc(title: "T", owner: user.id, firstQueryEngine: nil)
            let a = try await store.insertCell(doc: doc.id, kind: .text, content: "a", owner: user.id)
            let b = try await store.insertCell(doc: doc.id, kind: .query, title: "B", content: "SELECT 2", rowLimit: 5, collapsed: true, owner: user.id)
            let c = try await store.insertCell(doc: doc.id, kind: .text, content: "c", owner: user.id)
            let copy = try await store.duplicateCell(b.id, owner: user.id)
            #expect(try await store.docWithCells(doc.id).1.map(\.id) == [a.id, b.id, copy.id, c.id])
            #expect(copy.kind == .query && copy.title == "B" && copy.content == "SELECT 2")
            #expect(copy.rowLimit == 5 && copy.collapsed)
            let last = try await store.duplicateCell(c.id, owner: user.id)
            #expect(try await store.docWithCells(doc.id).1.map(\.id) == [a.id, b.id, copy.id, c.id, last.id])
            await #expect(throws: StoreError.notFound(entity: "cell", id: 999)) {
                try await store.duplicateCell(CellID(999), owner: user.id)
            }
        }
    }

    @Test func favoritesAndViewsBelongToEachUser() async throws {
        try await withStore { store, me, clock, url in
            let ana = try addUser(url, "ana")
            let (one, _) = try await store.createDoc(title: "One", owner: me.id, firstQueryEngine: nil)
            let (two, _) = try await store.createDoc(title: "Two", owner: ana, firstQueryEngine: nil)
            let (three, _) = try await store.createDoc(title: "Three", owner: me.id, firstQueryEngine: nil)
            try await store.setFavorite(two.id, true, user: me.id)
            try await store.setFavorite(two.id, true, user: me.id)
            try await store.setFavorite(one.id, true, user: ana)
            #expect(try await store.isFavorite(two.id, user: me.id))
            #expect(try await store.isFavorite(two.id, user: ana) == false)

            var query = DocQuery()
            query.favoritesOnly = true
            #expect(try await store.docs(matching: query, for: me.id).docs.map(\.doc.id) == [two.id])
            #expect(try await store.docs(matching: query, for: ana).docs.map(\.doc.id) == [one.id])
            try await store.setFavorite(two.id, false, user: me.id)
            #expect(try await store.docs(matching: query, for: me.id).docs.isEmpty)

            try await store.recordView(one.id, user: me.id)
            clock.advance(by: 10)
            try await store.recordView(three.id, user: me.id)
            clock.advance(by: 10)
            try await store.recordView(two.id, user: ana)
            clock.advance(by: 10)
            try await store.recordView(one.id, user: me.id)  // upserted: moves to the front
            var recent = DocQuery()
            recent.viewedOnly = true
            recent.sort = .viewed
            let mine = try await store.docs(matching: recent, for: me.id)
            #expect(mine.docs.map(\.doc.id) == [one.id, three.id])
            #expect(mine.docs.first?.viewedAt == clock.now())
            #expect(try await store.docs(matching: recent, for: ana).docs.map(\.doc.id) == [two.id])
            let rows = try await DatabaseQueue(path: url.path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM docView WHERE userID = ?", arguments: [me.id])
            }
            #expect(rows == 2, "one row per user and doc")

            await #expect(throws: StoreError.notFound(entity: "doc", id: 999)) {
                try await store.setFavorite(DocID(999), true, user: me.id)
            }
            await #expect(throws: StoreError.notFound(entity: "doc", id: 999)) {
                try await store.recordView(DocID(999), user: me.id)
            }
            // Deleting a doc removes its marks with it.
            try await store.deleteDoc(one.id)
            #expect(try await store.docs(matching: recent, for: me.id).docs.map(\.doc.id) == [three.id])
        }
    }

    @Test func listSortsFiltersAndPages() async throws {
        try await withStore { store, me, clock, url in
            let ana = try addUser(url, "ana")
            var ids: [String: DocID] = [:]
            for (title, owner) in [("beta", me.id), ("Alpha", ana), ("100% growth", me.id), ("gamma_2", me.id), ("Gamma2", me.id)] {
                ids[title] = try await store.createDoc(title: title, owner: owner, firstQueryEngine: nil).0.id
                clock.advance(by: 1)
            }
            _ = try await store.updateDoc(try #require(ids["beta"]), title: nil, archived: nil, user: me.id)  // now the latest change
            _ = try await store.updateDoc(try #require(ids["Gamma2"]), title: nil, archived: true, user: me.id)
            func titles(_ change: (inout DocQuery) -> Void) async throws -> [String] {
                var query = DocQuery()
                change(&query)
                return try await store.docs(matching: query, for: me.id).docs.map(\.doc.title)
            }
            #expect(try await titles { _ in } == ["beta", "gamma_2", "100% growth", "Alpha"])
            #expect(try await titles { $0.sort = .created } == ["gamma_2", "100% growth", "Alpha", "beta"])
            #expect(try await titles { $0.sort = .created; $0.descending = false } == ["beta", "Alpha", "100% growth", "gamma_2"])
            #expect(try await titles { $0.sort = .title; $0.descending = false } == ["100% growth", "Alpha", "beta", "gamma_2"])
            #expect(try await titles { $0.titleContains = "ALPH" } == ["Alpha"])
            #expect(try await titles { $0.titleContains = "%" } == ["100% growth"], "a % is literal")
            #expect(try await titles { $0.titleContains = "a_" } == ["gamma_2"], "an _ is literal")
            #expect(try await titles { $0.titleContains = "a_"; $0.archived = .all } == ["gamma_2"])
            #expect(try await titles { $0.titleContains = "gamma"; $0.archived = .all } == ["Gamma2", "gamma_2"])
            #expect(try await titles { $0.archived = .true } == ["Gamma2"])
            #expect(try await titles { $0.owner = ana } == ["Alpha"])
            let page = try await store.docs(
                matching: { var q = DocQuery(); q.limit = 2; q.offset = 1; return q }(), for: me.id)
            #expect(page.total == 4)
            #expect(page.docs.map(\.doc.title) == ["gamma_2", "100% growth"])
            try await store.recordView(try #require(ids["Alpha"]), user: me.id)
            #expect(try await titles { $0.sort = .viewed } == ["Alpha", "beta", "gamma_2", "100% growth"],
                    "viewed first, then never-viewed by last change")
        }
    }

    @Test func chartSettingsAreCheckedOnCreateAndChange() async throws {
        try await withStore { store, user, _, _ in
            let (doc, _) = try await store.createDoc(title: "T", owner: user.id, firstQueryEngine: nil)
            let chart = try await store.insertCell(doc: doc.id, kind: .chart, owner: user.id)
            #expect(chart.content == ChartConfig.empty)
            for bad in ["{not json", "[1, 2]", #"{"source": "three"}"#, #"{"source": true}"#, #"{"source": 1.5}"#,
                        #"{"source": -1}"#, #"{"type": "radar"}"#] {
                await #expect(throws: StoreError.self, "\(bad)") {
                    try await store.insertCell(doc: doc.id, kind: .chart, content: bad, owner: user.id)
                }
                await #expect(throws: StoreError.self, "\(bad)") {
                    try await store.updateCell(chart.id, CellChanges(content: bad), user: user.id)
                }
            }
            #expect(try await store.cell(chart.id)?.content == ChartConfig.empty, "nothing saved")
            let changed = try await store.updateCell(chart.id, CellChanges(content: #"{"source": 4, "type": "pie"}"#), user: user.id)
            #expect(ChartConfig.source(in: changed.content) == 4)
            // Text cells may hold anything, JSON or not.
            _ = try await store.insertCell(doc: doc.id, kind: .text, content: "{not json", owner: user.id)
        }
    }
}

extension HubStore {
    /// The doc list as the user with `id` sees it.
    fileprivate func docs(matching query: DocQuery, for id: UserID) async throws -> DocPage {
        guard let user = try await user(id) else { throw StoreError.notFound(entity: "user", id: id.rawValue) }
        return try await docs(matching: query, for: user)
    }
}
