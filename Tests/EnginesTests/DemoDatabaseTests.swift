import Core
import Engines
import Foundation
import Testing

@Suite("DemoDatabase")
struct DemoDatabaseTests {
    /// Runs `sql` on the file at `path` and returns its rows.
    func rows(_ path: String, _ sql: String) async throws -> [[Value]] {
        try await columnsAndRows(path, sql).rows
    }

    func columnsAndRows(_ path: String, _ sql: String) async throws -> CollectingSink {
        let sink = CollectingSink()
        _ = try await SQLiteEngine(path: path).execute(
            sql, limits: QueryLimits(timeout: 60, maxRows: 100_000), cancellation: QueryCancellation(), sink: sink)
        return sink
    }

    /// A summary that changes if any generated value changes.
    static let fingerprints = [
        "SELECT count(*), sum(length(username)), sum(unicode(display_name)), sum(is_business), min(signup_at), max(signup_at), group_concat(DISTINCT country) FROM users",
        "SELECT count(*), sum(user_id), sum(length(name)), min(created_at), max(created_at) FROM boards",
        "SELECT count(*), sum(board_id), sum(user_id), sum(length(title)), sum(aspect_ratio), min(created_at) FROM pins",
        "SELECT kind, count(*), sum(user_id), sum(pin_id), sum(duration_ms), min(created_at), max(created_at) FROM events GROUP BY kind ORDER BY kind",
        "SELECT device, country, count(*) FROM events GROUP BY 1, 2 ORDER BY 1, 2",
    ]

    @Test("a small demo has its tables, sound data, and is the same every time")
    func smallDemo() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let first = directory.url.appending(path: "first.sqlite")
        let second = directory.url.appending(path: "second.sqlite")
        try await onThread {
            try DemoDatabase.create(at: first, eventRows: 20_000)
            try DemoDatabase.create(at: second, eventRows: 20_000)
        }

        let counts = try await rows(
            first.path,
            "SELECT (SELECT count(*) FROM users), (SELECT count(*) FROM boards), (SELECT count(*) FROM pins), (SELECT count(*) FROM events)")
        #expect(counts == [[.integer(10_000), .integer(50_000), .integer(200_000), .integer(20_000)]])

        for sql in Self.fingerprints {
            let one = try await rows(first.path, sql)
            #expect(!one.isEmpty)
            #expect(try await rows(second.path, sql) == one, "\(sql)")
        }

        // Only the finished files remain: no temporary build files.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        #expect(names == ["first.sqlite", "second.sqlite"])

        try await expectSoundData(first.path)
    }

    /// The generated rows obey the schema and tell one consistent story.
    func expectSoundData(_ path: String) async throws {
        #expect(try await rows(path, "PRAGMA foreign_key_check").isEmpty)
        #expect(try await rows(path, "SELECT count(*) FROM users GROUP BY username HAVING count(*) > 1").isEmpty)
        let kinds = try await rows(path, "SELECT kind FROM events GROUP BY kind ORDER BY count(*) DESC")
        #expect(kinds == ["view", "click", "save", "comment", "share"].map { [.text($0)] })
        let inconsistent = try await rows(
            path,
            """
            SELECT (SELECT count(*) FROM events e JOIN users u ON u.id = e.user_id JOIN pins p ON p.id = e.pin_id
                    WHERE e.country <> u.country OR e.created_at < u.signup_at OR e.created_at < p.created_at),
                   (SELECT count(*) FROM boards b JOIN users u ON u.id = b.user_id WHERE b.created_at < u.signup_at),
                   (SELECT count(*) FROM pins p JOIN boards b ON b.id = p.board_id
                    WHERE p.user_id <> b.user_id OR p.created_at < b.created_at),
                   (SELECT count(*) FROM events WHERE created_at < '2025-11-01' OR created_at >= '2026-11-01')
            """)
        #expect(inconsistent == [[.integer(0), .integer(0), .integer(0), .integer(0)]])
        for (table, column) in [("users", "signup_at"), ("boards", "created_at"), ("pins", "created_at"), ("events", "created_at")] {
            let backwards = try await rows(
                path,
                "SELECT count(*) FROM (SELECT \(column) < lag(\(column)) OVER (ORDER BY id) AS back FROM \(table)) WHERE back")
            #expect(backwards == [[.integer(0)]], "ids of \(table) follow time")
        }
        let typed = try await columnsAndRows(
            path, "SELECT e.id, e.created_at, e.duration_ms, u.is_business, p.aspect_ratio, e.kind FROM events e JOIN users u ON u.id = e.user_id JOIN pins p ON p.id = e.pin_id LIMIT 1")
        #expect(typed.columns.map(\.type) == [.integer, .timestamp, .integer, .boolean, .real, .text])
        let sample = try await columnsAndRows(path, DemoDatabase.sampleQuery)
        #expect(sample.names == ["day", "events", "active_users", "saves", "click_through_pct", "avg_seconds"])
        #expect(sample.rows.count == 30)
    }

    @Test("building replaces an existing file")
    func replaces() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let url = directory.url.appending(path: "demo.sqlite")
        try Data("not a database".utf8).write(to: url)
        try await onThread { try DemoDatabase.create(at: url, eventRows: 0) }
        #expect(try await rows(url.path, "SELECT count(*) FROM events") == [[.integer(0)]])
    }

    @Test("a negative row count is refused")
    func invalidRowCount() throws {
        let url = FileManager.default.temporaryDirectory.appending(path: "never-\(UUID().uuidString).sqlite")
        #expect(throws: DemoDatabaseError.invalidEventRows(-1)) { try DemoDatabase.create(at: url, eventRows: -1) }
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test("the full million-event demo builds")
    func fullDemo() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let url = directory.url.appending(path: "demo.sqlite")
        let started = ContinuousClock.now
        try await onThread { try DemoDatabase.create(at: url) }
        let elapsed = ContinuousClock.now - started
        print("demo database with 1,000,000 events built in \(elapsed)")
        #expect(try await rows(url.path, "SELECT count(*) FROM events") == [[.integer(1_000_000)]])
        let sample = try await columnsAndRows(url.path, DemoDatabase.sampleQuery)
        #expect(sample.rows.count == 30)
    }
}
