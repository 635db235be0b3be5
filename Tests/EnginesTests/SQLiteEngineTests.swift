import Core
import Engines
import Foundation
import Testing

@Suite("SQLiteEngine")
struct SQLiteEngineTests {
    static let runaway = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    static let fixture = """
        CREATE TABLE samples (
          id INTEGER PRIMARY KEY, amount REAL, label VARCHAR(40), note TEXT, payload BLOB,
          day DATE, seen_at DATETIME, flag BOOLEAN, price NUMERIC
        );
        INSERT INTO samples VALUES
          (1, 1.5, 'héllo wörld 🎉', NULL, x'00ff10', '2026-01-02', '2026-01-02 03:04:05', 1, 9.99),
          (2, -0.25, '名前', 'note', x'', '2025-12-31', '2025-12-31 23:59:59', 0, 3),
          (-9223372036854775808, 1e300, '', NULL, NULL, NULL, NULL, NULL, NULL);
        """

    /// Runs `body` with an engine over a fresh fixture database, then removes it.
    func withEngine(_ body: (SQLiteEngine, ScratchDirectory) async throws -> Void) async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        try SQLiteFixture.create(at: directory.path("fixture.sqlite"), sql: Self.fixture)
        try await body(SQLiteEngine(path: directory.path("fixture.sqlite")), directory)
    }

    func run(
        _ engine: SQLiteEngine, _ sql: String, timeout: Double = 30, maxRows: Int = 1000,
        cancellation: QueryCancellation = QueryCancellation()
    ) async throws -> (CollectingSink, StatementOutcome) {
        let sink = CollectingSink()
        let outcome = try await engine.execute(
            sql, limits: QueryLimits(timeout: timeout, maxRows: maxRows), cancellation: cancellation, sink: sink)
        return (sink, outcome)
    }

    @Test("round-trips typed values")
    func typedRoundTrip() async throws {
        try await withEngine { engine, _ in
            let (sink, outcome) = try await run(
                engine,
                """
                SELECT id, amount, label, note, payload, day, seen_at, flag, price,
                       id * 2 AS doubled, upper(label) AS shout, NULL AS empty
                FROM samples ORDER BY id DESC
                """)
            #expect(outcome == StatementOutcome(rowCount: 3, truncated: false))
            #expect(sink.beginCount == 1)
            #expect(
                sink.columns == [
                    ResultColumn(name: "id", type: .integer, engineType: "INTEGER"),
                    ResultColumn(name: "amount", type: .real, engineType: "REAL"),
                    ResultColumn(name: "label", type: .text, engineType: "VARCHAR(40)"),
                    ResultColumn(name: "note", type: .text, engineType: "TEXT"),
                    ResultColumn(name: "payload", type: .blob, engineType: "BLOB"),
                    ResultColumn(name: "day", type: .date, engineType: "DATE"),
                    ResultColumn(name: "seen_at", type: .timestamp, engineType: "DATETIME"),
                    ResultColumn(name: "flag", type: .boolean, engineType: "BOOLEAN"),
                    // NUMERIC says nothing definite: the first row's value (3, an integer) decides.
                    ResultColumn(name: "price", type: .integer, engineType: "NUMERIC"),
                    ResultColumn(name: "doubled", type: .integer, engineType: nil),
                    ResultColumn(name: "shout", type: .text, engineType: nil),
                    ResultColumn(name: "empty", type: .unknown, engineType: nil),
                ])
            #expect(
                sink.rows == [
                    [
                        .integer(2), .real(-0.25), .text("名前"), .text("note"), .blob([]), .text("2025-12-31"),
                        .text("2025-12-31 23:59:59"), .integer(0), .integer(3), .integer(4), .text("名前"), .null,
                    ],
                    [
                        .integer(1), .real(1.5), .text("héllo wörld 🎉"), .null, .blob([0x00, 0xFF, 0x10]),
                        .text("2026-01-02"), .text("2026-01-02 03:04:05"), .integer(1), .real(9.99), .integer(2),
                        .text("HéLLO WöRLD 🎉"), .null,
                    ],
                    [
                        .integer(Int64.min), .real(1e300), .text(""), .null, .null, .null, .null, .null, .null,
                        .real(-1.8446744073709552e19), .text(""), .null,
                    ],
                ])
        }
    }

    @Test("a result without rows still has its columns")
    func zeroRowsKeepColumns() async throws {
        try await withEngine { engine, _ in
            let (sink, outcome) = try await run(engine, "SELECT id, label, amount + 1 AS more FROM samples WHERE 0")
            #expect(outcome == StatementOutcome(rowCount: 0, truncated: false))
            #expect(sink.beginCount == 1)
            #expect(sink.names == ["id", "label", "more"])
            #expect(sink.columns.map(\.type) == [.integer, .text, .unknown])
            #expect(sink.rows.isEmpty)
        }
    }

    @Test("statements without columns or without SQL still begin once", arguments: ["PRAGMA query_only = 1", "  -- only a comment\n", ";"])
    func noColumns(_ sql: String) async throws {
        try await withEngine { engine, _ in
            let (sink, outcome) = try await run(engine, sql)
            #expect(outcome == StatementOutcome(rowCount: 0, truncated: false))
            #expect(sink.beginCount == 1)
            #expect(sink.columns.isEmpty)
        }
    }

    @Test("writes are rejected as read-only", arguments: [
        "INSERT INTO samples (id) VALUES (99)", "DELETE FROM samples", "CREATE TABLE more (a)",
        "UPDATE samples SET note = 'x'",
    ])
    func writesRejected(_ sql: String) async throws {
        try await withEngine { engine, _ in
            let error = await #expect(throws: EngineError.self) { try await run(engine, sql) }
            guard case .failed(let runError) = error else {
                Issue.record("expected a failure, got \(String(describing: error))")
                return
            }
            #expect(runError.message.contains("readonly"))
            let (sink, _) = try await run(engine, "SELECT count(*) FROM samples")
            #expect(sink.rows == [[.integer(3)]])
        }
    }

    @Test("ATTACH is refused and creates no file")
    func attachRefused() async throws {
        try await withEngine { engine, directory in
            let other = directory.path("other.sqlite")
            let error = await #expect(throws: EngineError.self) {
                try await run(engine, "ATTACH DATABASE '\(other)' AS other")
            }
            guard case .failed(let runError) = error else {
                Issue.record("expected a failure, got \(String(describing: error))")
                return
            }
            #expect(runError.message.contains("not authorized"))
            #expect(!FileManager.default.fileExists(atPath: other))
        }
    }

    @Test("a syntax error is placed at its line and column")
    func syntaxErrorPosition() async throws {
        try await withEngine { engine, _ in
            let sql = "SELECT id,\n       label\nFROM samples WHERE id = = 1"
            let error = await #expect(throws: EngineError.self) { try await run(engine, sql) }
            guard case .failed(let runError) = error else {
                Issue.record("expected a failure, got \(String(describing: error))")
                return
            }
            #expect(runError.message.contains("syntax error"))
            #expect(runError.line == 3)
            #expect(runError.column == 25)
        }
    }

    @Test("an unknown column is placed in CRLF text; an unknown table has no place")
    func unknownNames() async throws {
        try await withEngine { engine, _ in
            let column = await #expect(throws: EngineError.self) { try await run(engine, "SELECT id,\r\n  nope FROM samples") }
            #expect(column == .failed(RunError(message: "no such column: nope", line: 2, column: 3)))
            // SQLite 3.40 gives no offset for this one.
            let table = await #expect(throws: EngineError.self) { try await run(engine, "SELECT *\r\nFROM nowhere") }
            #expect(table == .failed(RunError(message: "no such table: nowhere", line: nil, column: nil)))
        }
    }

    @Test("a second statement in the text is refused")
    func secondStatementRefused() async throws {
        try await withEngine { engine, _ in
            let error = await #expect(throws: EngineError.self) { try await run(engine, "SELECT 1;\n  SELECT 2") }
            guard case .failed(let runError) = error else {
                Issue.record("expected a failure, got \(String(describing: error))")
                return
            }
            #expect(runError.line == 2)
            #expect(runError.column == 3)
            // A trailing semicolon and comment are fine.
            let (sink, _) = try await run(engine, "SELECT 1; -- done\n")
            #expect(sink.rows == [[.integer(1)]])
        }
    }

    @Test("rows past maxRows are cut and marked truncated")
    func truncation() async throws {
        try await withEngine { engine, _ in
            let hundred = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) SELECT x FROM c"
            let (cut, cutOutcome) = try await run(engine, hundred, maxRows: 10)
            #expect(cutOutcome == StatementOutcome(rowCount: 10, truncated: true))
            #expect(cut.rows == (1...10).map { [.integer(Int64($0))] })
            let (whole, wholeOutcome) = try await run(engine, hundred, maxRows: 100)
            #expect(wholeOutcome == StatementOutcome(rowCount: 100, truncated: false))
            #expect(whole.rows.count == 100)
        }
    }

    @Test("a runaway query stops at its time limit")
    func timeLimit() async throws {
        try await withEngine { engine, _ in
            let started = ContinuousClock.now
            await #expect(throws: EngineError.timedOut(seconds: 0.2)) {
                try await run(engine, Self.runaway, timeout: 0.2)
            }
            #expect(ContinuousClock.now - started < .seconds(2))
        }
    }

    /// The query never ends by itself; its speed is measured by `make bench` (cancel latency).
    @Test("cancel stops a runaway query")
    func cancelIsFast() async throws {
        try await withEngine { engine, _ in
            let cancellation = QueryCancellation()
            let limits = QueryLimits(timeout: 60, maxRows: 10)
            let running = Task {
                try await engine.execute(Self.runaway, limits: limits, cancellation: cancellation, sink: CollectingSink())
            }
            // Let the query get going; there is no event to wait for inside SQLite's loop.
            try await Task.sleep(for: .milliseconds(200))
            let cancelledAt = ContinuousClock.now
            cancellation.cancel()
            let result = await running.result
            let latency = ContinuousClock.now - cancelledAt
            #expect(throws: EngineError.cancelled) { try result.get() }
            print("cancel latency: \(latency)")
            #expect(latency < .seconds(10))
        }
    }

    @Test("a run cancelled before it starts never opens the file")
    func cancelledBeforeStart() async throws {
        try await withEngine { engine, _ in
            let cancellation = QueryCancellation()
            cancellation.cancel()
            await #expect(throws: EngineError.cancelled) {
                try await run(engine, "SELECT 1", cancellation: cancellation)
            }
        }
    }

    @Test("cancelling the calling task stops the query")
    func taskCancellation() async throws {
        try await withEngine { engine, _ in
            let running = Task { try await run(engine, Self.runaway, timeout: 60) }
            try await Task.sleep(for: .milliseconds(50))
            running.cancel()
            await #expect(throws: EngineError.cancelled) { try await running.value }
        }
    }

    @Test("a missing file is unavailable and is not created")
    func missingFile() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("absent.sqlite")
        let error = await #expect(throws: EngineError.self) {
            try await run(SQLiteEngine(path: path), "SELECT 1")
        }
        guard case .unavailable(let message) = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
        #expect(message.contains("absent.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a file that is not a database is unavailable")
    func notADatabase() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("junk.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        let error = await #expect(throws: EngineError.self) { try await run(SQLiteEngine(path: path), "SELECT * FROM t") }
        guard case .unavailable = error else {
            Issue.record("expected unavailable, got \(String(describing: error))")
            return
        }
    }

    @Test("the factory builds a SQLite engine from its info")
    func factory() throws {
        let info = EngineInfo(
            id: EngineID(1), name: "demo", kind: .sqlite, description: "", path: "/tmp/x.sqlite", createdAt: Date())
        let engine = try EngineFactory.make(info)
        #expect((engine as? SQLiteEngine)?.path == "/tmp/x.sqlite")
        var pathless = info
        pathless.path = nil
        #expect(throws: EngineError.self) { try EngineFactory.make(pathless) }
    }
}
