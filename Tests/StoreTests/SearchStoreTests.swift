import Core
import Foundation
import GRDB
import Store
import Testing
import TestSupport

/// Search over a fixture of docs, cells, tables, runs and people: expected top results for a
/// table of queries, permissions, filters, hostile input, and the index following every change.
@Suite struct SearchStoreTests {
    struct World {
        let store: HubStore
        let url: URL
        let admin: User, owner: User, outsider: User
        let engine: EngineID
        let secretDoc: DocID
        let reportDoc: DocID
    }

    /// Inserts a metastore table (as ingestion would), with columns and tags; returns its id.
    static func insertTable(
        _ db: Database, engine: EngineID, schema: String, name: String, description: String, columns: [String],
        tags: [String] = [], queryCount: Int = 0
    ) throws -> Int64 {
        let now = Date()
        try db.execute(
            sql: """
                INSERT INTO metaTable (engineID, schemaName, name, description, queryCount, syncedAt, createdAt, updatedAt)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [engine, schema, name, description, queryCount, now, now, now])
        let id = db.lastInsertedRowID
        for (position, column) in columns.enumerated() {
            try db.execute(
                sql: "INSERT INTO metaColumn (tableID, position, name, type) VALUES (?, ?, ?, 'TEXT')",
                arguments: [id, position, column])
        }
        for tag in tags { try db.execute(sql: "INSERT INTO tableTag VALUES (?, ?)", arguments: [id, tag]) }
        // Columns and tags reach the index through the table's own row (the store's rule).
        try db.execute(sql: "UPDATE metaTable SET updatedAt = ? WHERE id = ?", arguments: [now.addingTimeInterval(1), id])
        return id
    }

    func withWorld(_ body: (World) async throws -> Void) async throws {
        try await withTemporaryDirectory { dir in
            let url = dir.appending(path: "hub.sqlite")
            let store = try HubStore(url: url)
            _ = try await store.ensureLocalUser()
            let admin = try await store.createUser(username: "admin", displayName: "Ada Admin", passwordHash: "x", isAdmin: true)
            let owner = try await store.createUser(username: "olive", displayName: "Olive Owner", passwordHash: "x", isAdmin: false)
            let outsider = try await store.createUser(username: "oscar", displayName: "Oscar Outsider", passwordHash: "x", isAdmin: false)
            let engine = try await store.upsertSQLiteEngine(name: "warehouse", path: "/tmp/warehouse.sqlite", description: "").id

            let (report, reportCells) = try await store.createDoc(title: "Weekly revenue report", owner: owner.id, firstQueryEngine: engine)
            _ = try await store.updateCell(
                reportCells[0].id,
                CellChanges(content: "SELECT country, sum(revenue) FROM revenue_daily GROUP BY country"), user: owner.id)
            _ = try await store.insertCell(
                doc: report.id, kind: .text, content: "Revenue by country, read from revenue_daily every Monday.", owner: owner.id)
            let (pins, pinCells) = try await store.createDoc(title: "Pin engagement", owner: owner.id, firstQueryEngine: engine)
            _ = try await store.updateCell(
                pinCells[0].id, CellChanges(title: "Saves per day", content: "SELECT date(event_time), count(*) FROM pin_events"),
                user: owner.id)
            _ = pins
            let (secret, secretCells) = try await store.createDoc(
                title: "Secret merger plans", owner: owner.id, firstQueryEngine: engine, isPublic: false)
            _ = try await store.updateCell(
                secretCells[0].id, CellChanges(content: "SELECT * FROM zebra_targets -- acquisition shortlist"), user: owner.id)
            _ = try await store.insertCell(doc: secret.id, kind: .text, content: "The zebra acquisition closes in May.", owner: owner.id)
            _ = try await store.createExecution(
                engine: engine, cell: secretCells[0].id, owner: owner.id, query: "SELECT * FROM zebra_targets", statements: [])
            _ = try await store.createExecution(
                engine: engine, cell: nil, owner: owner.id, query: "SELECT count(*) FROM boards WHERE zebra_flag", statements: [])

            try await DatabasePool(path: url.path).write { db in
                _ = try Self.insertTable(
                    db, engine: engine, schema: "main", name: "pin_events", description: "Every pin save and click.",
                    columns: ["user_id", "pin_id", "event_time"], tags: ["core"], queryCount: 50)
                _ = try Self.insertTable(
                    db, engine: engine, schema: "main", name: "pins", description: "One row per pin, with its board.",
                    columns: ["pin_id", "board_id", "created_at"], queryCount: 10)
                _ = try Self.insertTable(
                    db, engine: engine, schema: "main", name: "pin_events_archive",
                    description: "Pin events before 2020, kept for audits.", columns: ["user_id", "pin_id", "event_time"])
                _ = try Self.insertTable(
                    db, engine: engine, schema: "main", name: "boards", description: "Boards people create to collect pins.",
                    columns: ["board_id", "owner_id", "title"], queryCount: 5)
                _ = try Self.insertTable(
                    db, engine: engine, schema: "main", name: "revenue_daily", description: "Daily revenue by country, in USD.",
                    columns: ["ds", "country", "revenue"], tags: ["finance"], queryCount: 30)
                _ = try Self.insertTable(
                    db, engine: engine, schema: "analytics", name: "revenue_monthly", description: "Monthly roll-up of revenue.",
                    columns: ["month", "country", "revenue"], tags: ["finance"], queryCount: 3)
                _ = try Self.insertTable(
                    db, engine: engine, schema: "main", name: "accounts", description: "Advertiser accounts and their spend.",
                    columns: ["account_id", "country", "spend"])
                // Much used, and full of the word "accounts": only the exact-name boost puts
                // `accounts` itself above it.
                _ = try Self.insertTable(
                    db, engine: engine, schema: "main", name: "spend_by_account_daily",
                    description: "Daily spend of accounts: accounts by market, accounts by team, accounts by day.",
                    columns: ["accounts_id", "accounts_market", "spend"], queryCount: 400)
            }
            try await body(
                World(
                    store: store, url: url, admin: admin, owner: owner, outsider: outsider, engine: engine, secretDoc: secret.id,
                    reportDoc: report.id))
        }
    }

    static func labels(_ page: SearchPage) -> [String] {
        page.hits.map { "\($0.type.rawValue):\($0.title)" }
    }

    /// What people type, and what must be among (or at the head of) the first three results.
    static let relevance: [(query: String, types: Set<SearchType>, top: [String], first: String?)] = [
        ("pin_events", [], ["table:main.pin_events"], "table:main.pin_events"),
        ("pin events", [.table], ["table:main.pin_events", "table:main.pin_events_archive"], "table:main.pin_events"),
        ("pins", [.table], ["table:main.pins"], "table:main.pins"),
        ("boards", [.table], ["table:main.boards"], "table:main.boards"),
        ("revenue", [], ["doc:Weekly revenue report", "table:main.revenue_daily"], nil),
        ("revenue_daily", [], ["table:main.revenue_daily"], "table:main.revenue_daily"),
        ("country revenue", [.table], ["table:main.revenue_daily", "table:analytics.revenue_monthly"], nil),
        ("rev", [.doc], ["doc:Weekly revenue report"], "doc:Weekly revenue report"),
        ("weekly report", [], ["doc:Weekly revenue report"], "doc:Weekly revenue report"),
        ("saves per day", [.query], ["query:Saves per day"], "query:Saves per day"),
        ("event_time", [.table], ["table:main.pin_events", "table:main.pin_events_archive"], nil),
        ("advertiser spend", [], ["table:main.accounts"], "table:main.accounts"),
        ("advertis", [.table], ["table:main.accounts"], "table:main.accounts"),
        ("advertiser", [.table], ["table:main.accounts"], "table:main.accounts"),
        ("accounts", [.table], ["table:main.accounts", "table:main.spend_by_account_daily"], "table:main.accounts"),
        ("olive", [.user], ["user:Olive Owner"], "user:Olive Owner"),
        ("Oscar Outsider", [], ["user:Oscar Outsider"], "user:Oscar Outsider"),
        ("monday", [.doc], ["doc:Weekly revenue report"], "doc:Weekly revenue report"),
    ]

    @Test func expectedResultsComeFirst() async throws {
        try await withWorld { w in
            for case let (query, types, top, first) in Self.relevance {
                let page = try await w.store.search(SearchRequest(text: query, types: types, limit: 3), for: w.outsider)
                let labels = Self.labels(page)
                for expected in top {
                    #expect(labels.contains(expected), "\(query): \(expected) not in the top 3 \(labels)")
                }
                if let first { #expect(labels.first == first, "\(query): first should be \(first), got \(labels)") }
            }
        }
    }

    @Test func privateDocsNeverReachAnOutsider() async throws {
        try await withWorld { w in
            for query in ["zebra", "secret merger", "acquisition", "zebra_targets", "merger plans"] {
                let outsider = try await w.store.search(SearchRequest(text: query, limit: 50), for: w.outsider)
                let leaked = outsider.hits.filter { $0.docID == w.secretDoc || $0.title.lowercased().contains("zebra_targets") }
                #expect(leaked.isEmpty, "\(query) showed \(Self.labels(outsider)) to an outsider")
                let owner = try await w.store.search(SearchRequest(text: query, limit: 50), for: w.owner)
                #expect(owner.hits.contains { $0.docID == w.secretDoc }, "\(query): the owner should find their doc")
            }
            // The run outside any doc is its owner's only.
            let ownerRuns = try await w.store.search(SearchRequest(text: "zebra_flag", types: [.execution]), for: w.owner)
            #expect(ownerRuns.hits.count == 1)
            let outsiderRuns = try await w.store.search(SearchRequest(text: "zebra_flag", types: [.execution]), for: w.outsider)
            #expect(outsiderRuns.hits.isEmpty)
            let adminRuns = try await w.store.search(SearchRequest(text: "zebra", types: [.execution]), for: w.admin)
            #expect(adminRuns.hits.count == 2)
        }
    }

    @Test func filtersNarrowResults() async throws {
        try await withWorld { w in
            let monthly = try await w.store.search(
                SearchRequest(text: "revenue", types: [.table], schema: "analytics"), for: w.outsider)
            #expect(Self.labels(monthly) == ["table:analytics.revenue_monthly"])
            let core = try await w.store.search(SearchRequest(text: "pin", tag: "core"), for: w.outsider)
            #expect(Self.labels(core) == ["table:main.pin_events"])
            let olives = try await w.store.search(SearchRequest(text: "revenue", types: [.doc], owner: w.owner.id), for: w.outsider)
            #expect(Self.labels(olives) == ["doc:Weekly revenue report"])
            let nobody = try await w.store.search(SearchRequest(text: "revenue", types: [.doc], owner: w.admin.id), for: w.outsider)
            #expect(nobody.hits.isEmpty)
            let future = try await w.store.search(
                SearchRequest(text: "revenue", from: Date().addingTimeInterval(3600)), for: w.outsider)
            #expect(future.hits.isEmpty)
            let onEngine = try await w.store.search(SearchRequest(text: "revenue", engine: w.engine), for: w.outsider)
            #expect(!onEngine.hits.isEmpty)
            #expect(onEngine.hits.allSatisfy { $0.type != .doc && $0.type != .user })
        }
    }

    @Test func snippetsMarkTheMatchedWords() async throws {
        try await withWorld { w in
            let page = try await w.store.search(SearchRequest(text: "monday", types: [.doc]), for: w.outsider)
            let snippet = try #require(page.hits.first?.snippet)
            #expect(snippet.contains(SnippetSegment(text: "Monday", hit: true)))
            #expect(snippet.map(\.text).joined().contains("read from revenue_daily every Monday"))
            let table = try await w.store.search(SearchRequest(text: "advertiser", types: [.table]), for: w.outsider)
            #expect(table.hits.first?.snippet.contains(SnippetSegment(text: "Advertiser", hit: true)) == true)
        }
    }

    static let hostile: [String] = [
        "\"", "\"\"\"", "'", "''", "AND", "OR", "NOT", "a OR", "NEAR(a b)", "NEAR", "title:revenue", "{title body}: x",
        "*", "rev*", "^pin", "a*b", "(((", ")", "-pin", "+pin", "--", "/*", "\\", "\u{0}", "\u{1}\u{2}", "%", "_",
        "😀 pins", "ünïcödé", "SELECT * FROM pins; DROP TABLE doc;", "pin\"events", "\"pin events\"", "a:b:c",
        String(repeating: "x", count: 10_000), String(repeating: "ab \" OR (", count: 1_300),
        String(repeating: "pin ", count: 2_600),
    ]

    @Test func hostileInputNeverFails() async throws {
        try await withWorld { w in
            for text in Self.hostile {
                for types: Set<SearchType> in [[], [.table], [.doc, .query]] {
                    _ = try await w.store.search(SearchRequest(text: text, types: types), for: w.outsider)
                }
            }
            let quoted = try await w.store.search(SearchRequest(text: "\"pin events\"", types: [.table]), for: w.outsider)
            #expect(Self.labels(quoted).first == "table:main.pin_events")
            let empty = try await w.store.search(SearchRequest(text: "  -- ** "), for: w.outsider)
            #expect(empty.hits.isEmpty && empty.complete)
        }
    }

    @Test func theIndexFollowsEveryChange() async throws {
        try await withWorld { w in
            let store = w.store
            func titles(_ text: String, _ types: Set<SearchType> = []) async throws -> [String] {
                Self.labels(try await store.search(SearchRequest(text: text, types: types, limit: 50), for: w.owner))
            }
            let (doc, cells) = try await store.createDoc(title: "Kestrel sightings", owner: w.owner.id, firstQueryEngine: w.engine)
            #expect(try await titles("kestrel", [.doc]) == ["doc:Kestrel sightings"])
            _ = try await store.updateCell(cells[0].id, CellChanges(content: "SELECT * FROM osprey_nests"), user: w.owner.id)
            #expect(try await titles("osprey", [.query]).count == 1)
            _ = try await store.updateCell(cells[0].id, CellChanges(content: "SELECT * FROM heron_nests"), user: w.owner.id)
            #expect(try await titles("osprey", [.query]).isEmpty)
            #expect(try await titles("heron", [.doc]) == ["doc:Kestrel sightings"])
            // A renamed doc: its cells are found by the new title, not the old one.
            _ = try await store.updateDoc(doc.id, title: "Falcon sightings", archived: nil, user: w.owner.id)
            #expect(try await titles("kestrel").isEmpty)
            #expect(try await titles("falcon heron", [.query]).count == 1)
            // Archived docs drop out; deleted ones leave nothing behind.
            _ = try await store.updateDoc(doc.id, title: nil, archived: true, user: w.owner.id)
            #expect(try await titles("falcon").isEmpty)
            try await store.deleteDoc(doc.id)
            let leftovers = try await DatabasePool(path: w.url.path).read { db in
                try Int.fetchOne(db, sql: "SELECT count(*) FROM searchIndex WHERE searchIndex MATCH 'falcon OR heron'")
            }
            #expect(leftovers == 0)
            // Tables: a description edit, a new column (with the updatedAt bump), a rename, a drop.
            let pool = try DatabasePool(path: w.url.path)
            let id = try await pool.write { db in
                try Self.insertTable(db, engine: w.engine, schema: "main", name: "nests", description: "", columns: ["site"])
            }
            try await pool.write { db in
                try db.execute(sql: "UPDATE metaTable SET description = 'Where ospreys breed' WHERE id = ?", arguments: [id])
            }
            #expect(try await titles("ospreys", [.table]) == ["table:main.nests"])
            try await pool.write { db in
                try db.execute(sql: "INSERT INTO metaColumn (tableID, position, name, type) VALUES (?, 1, 'clutch_size', 'INT')", arguments: [id])
                try db.execute(sql: "UPDATE metaTable SET updatedAt = ? WHERE id = ?", arguments: [Date().addingTimeInterval(5), id])
            }
            #expect(try await titles("clutch", [.table]) == ["table:main.nests"])
            try await pool.write { db in try db.execute(sql: "DELETE FROM metaTable WHERE id = ?", arguments: [id]) }
            #expect(try await titles("ospreys clutch").isEmpty)
            // People.
            _ = try await store.updateUser(w.outsider.id, UserChanges(displayName: "Oscar Wilde"))
            #expect(try await titles("wilde", [.user]) == ["user:Oscar Wilde"])
            #expect(try await Self.titleIndexDisagreements(w.url) == 0)
        }
    }

    /// Entries whose title differs between `searchIndex` and the title-only `searchTitle`
    /// (either way), and title words each finds (the broad path reads the second).
    static func titleIndexDisagreements(_ url: URL) async throws -> Int {
        try await DatabasePool(path: url.path).read { db in
            let missing = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT rowid, title FROM searchIndex WHERE title <> ''
                EXCEPT SELECT rowid, title FROM searchTitle)
                """) ?? -1
            let extra = try Int.fetchOne(db, sql: """
                SELECT count(*) FROM (SELECT rowid, title FROM searchTitle
                EXCEPT SELECT rowid, title FROM searchIndex WHERE title <> '')
                """) ?? -1
            return missing + extra
        }
    }

    /// A word in thousands of entries is ranked without bm25 (see SearchRun.rankBroad): names
    /// still come first, and permissions still hold.
    @Test func veryCommonWordsStillFindNamesFirstAndHidePrivateDocs() async throws {
        try await withWorld { w in
            try await DatabasePool(path: w.url.path).write { db in
                let now = Date()
                for index in 0..<2_600 {
                    try db.execute(
                        sql: """
                            INSERT INTO doc (title, ownerID, archived, createdAt, updatedAt, environmentID, public)
                            VALUES (?, ?, 0, ?, ?, 1, ?)
                            """,
                        arguments: [index % 5 == 0 ? "Data secrets \(index)" : "Data notes \(index)", w.owner.id, now, now, index % 5 != 0])
                }
                _ = try Self.insertTable(
                    db, engine: w.engine, schema: "main", name: "data", description: "Raw data as it arrives.", columns: ["payload"])
            }
            let all = try await w.store.search(SearchRequest(text: "data", limit: 20), for: w.outsider)
            #expect(Self.labels(all).first == "table:main.data")
            #expect(all.hits.count == 20)
            #expect(!all.complete)
            #expect(all.hits.allSatisfy { !$0.title.hasPrefix("Data secrets") })
            let docs = try await w.store.search(SearchRequest(text: "data notes", types: [.doc], limit: 50), for: w.outsider)
            #expect(docs.hits.count == 50)
            #expect(docs.hits.allSatisfy { $0.title.hasPrefix("Data notes") })
            let owner = try await w.store.search(SearchRequest(text: "data secrets", types: [.doc], limit: 5), for: w.owner)
            #expect(owner.hits.count == 5)
            #expect(owner.hits.first?.snippet.contains(SnippetSegment(text: "Data", hit: true)) == true)
            // A renamed doc is found by its new title, and no longer by its old one, on this path too.
            let renamed = try #require(docs.hits.first)
            _ = try await w.store.updateDoc(DocID(rawValue: renamed.id), title: "Data plover", archived: nil, user: w.owner.id)
            let plover = try await w.store.search(SearchRequest(text: "data plover", types: [.doc], limit: 50), for: w.outsider)
            #expect(plover.hits.first?.title == "Data plover")
            let old = try await w.store.search(SearchRequest(text: "data \(renamed.title.split(separator: " ").last!)", types: [.doc], limit: 50), for: w.outsider)
            #expect(!old.hits.contains { $0.id == renamed.id })
            #expect(try await Self.titleIndexDisagreements(w.url) == 0)
        }
    }

    /// Entries written a transaction at a time pile up in segments; merge steps fold them
    /// together without changing what a search finds.
    @Test func mergingFoldsSegmentsAndKeepsResults() async throws {
        try await withWorld { w in
            let pool = try DatabasePool(path: w.url.path)
            for index in 0..<60 {
                _ = try await w.store.createDoc(title: "Merge plover \(index)", owner: w.owner.id, firstQueryEngine: w.engine)
            }
            func segments() async throws -> Int {
                try await pool.read { db in
                    try Int.fetchOne(db, sql: "SELECT (SELECT count(DISTINCT segid) FROM searchIndex_idx) + (SELECT count(DISTINCT segid) FROM searchTitle_idx)") ?? 0
                }
            }
            let before = try await segments()
            let found = Self.labels(try await w.store.search(SearchRequest(text: "plover", types: [.doc], limit: 100), for: w.owner))
            #expect(found.count == 60)
            var steps = 0
            while try await w.store.mergeSearchIndex(pages: 10), steps < 1_000 { steps += 1 }
            let after = try await segments()
            #expect(steps > 0)
            #expect(after < before / 2, "segments before \(before), after \(after)")
            #expect(try await w.store.mergeSearchIndex() == false)
            let again = Self.labels(try await w.store.search(SearchRequest(text: "plover", types: [.doc], limit: 100), for: w.owner))
            #expect(again == found)
            #expect(try await Self.titleIndexDisagreements(w.url) == 0)
        }
    }

    @Test func rebuildingGivesTheSameIndex() async throws {
        try await withWorld { w in
            let before = try await w.store.search(SearchRequest(text: "revenue", limit: 50), for: w.owner)
            let entries = try await w.store.rebuildSearchIndex()
            #expect(entries > 10)
            let after = try await w.store.search(SearchRequest(text: "revenue", limit: 50), for: w.owner)
            #expect(Self.labels(after) == Self.labels(before))
            #expect(try await Self.titleIndexDisagreements(w.url) == 0)
        }
    }
}
