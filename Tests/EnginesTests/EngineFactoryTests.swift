import Core
import Engines
import Foundation
import Testing

/// The factory: SQLite engines honour `readOnly`, server kinds say they are not in this build,
/// and a connection test answers in words for every way a SQLite file can be wrong.
@Suite("EngineFactory") struct EngineFactoryTests {
    func info(_ settings: EngineSettings, kind: EngineKind = .sqlite) -> EngineInfo {
        EngineInfo(id: EngineID(1), name: "e", kind: kind, description: "", settings: settings, createdAt: Date())
    }

    func run(_ engine: any QueryEngine, _ sql: String) async throws -> CollectingSink {
        let sink = CollectingSink()
        _ = try await engine.execute(
            sql, limits: QueryLimits(timeout: 10, maxRows: 100), cancellation: QueryCancellation(), sink: sink)
        return sink
    }

    @Test("a writable SQLite engine writes only when readOnly is off")
    func writable() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let path = directory.path("scratch.sqlite")
        try SQLiteFixture.create(at: path, sql: "CREATE TABLE t (x INTEGER)")
        let readOnly = try EngineFactory.make(info(EngineSettings(path: path)))
        await #expect(throws: EngineError.self) { _ = try await run(readOnly, "INSERT INTO t VALUES (1)") }
        let writable = try EngineFactory.make(info(EngineSettings(path: path, readOnly: false)))
        _ = try await run(writable, "INSERT INTO t VALUES (1)")
        #expect(try await run(readOnly, "SELECT count(*) FROM t").rows == [[.integer(1)]])
        // Writable still never creates a file, and ATTACH stays refused.
        let missing = try EngineFactory.make(info(EngineSettings(path: directory.path("new.sqlite"), readOnly: false)))
        await #expect(throws: EngineError.self) { _ = try await run(missing, "SELECT 1") }
        #expect(!FileManager.default.fileExists(atPath: directory.path("new.sqlite")))
        await #expect(throws: EngineError.self) {
            _ = try await run(writable, "ATTACH '\(directory.path("other.sqlite"))' AS other")
        }
    }

    @Test("server kinds build their clients from the settings")
    func serverKinds() throws {
        let full = EngineSettings(host: "h", port: 7000, database: "d", user: "u", tls: true)
        #expect(try EngineFactory.make(info(full, kind: .postgres), secret: "pw") is PostgresEngine)
        let clickHouse = try #require(try EngineFactory.make(info(full, kind: .clickhouse), secret: "pw") as? ClickHouseEngine)
        #expect(clickHouse.config == ClickHouseConfig(scheme: .https, host: "h", port: 7000, database: "d", user: "u", password: "pw"))
        let trino = try #require(try EngineFactory.make(info(full, kind: .trino), secret: "pw") as? TrinoEngine)
        #expect(trino.config == TrinoConfig(scheme: .https, host: "h", port: 7000, user: "u", password: "pw"))
        // PostgreSQL cannot guess a database.
        #expect(throws: EngineError.self) {
            try EngineFactory.make(info(EngineSettings(host: "h", user: "u"), kind: .postgres), secret: nil)
        }
    }

    @Test("a connection test says ok, or what is wrong with the file")
    func testConnection() async throws {
        let directory = try ScratchDirectory()
        defer { directory.remove() }
        let good = directory.path("good.sqlite")
        try SQLiteFixture.create(at: good, sql: "CREATE TABLE t (x)")
        let ok = await EngineFactory.testConnection(info(EngineSettings(path: good)), secret: nil)
        #expect(ok.ok && ok.message == nil && ok.elapsedMs >= 0)

        let missing = await EngineFactory.testConnection(info(EngineSettings(path: directory.path("none.sqlite"))), secret: nil)
        #expect(!missing.ok)
        #expect(missing.message?.contains("does not exist") == true)

        let junk = directory.path("junk.sqlite")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: junk))
        let notDatabase = await EngineFactory.testConnection(info(EngineSettings(path: junk)), secret: nil)
        #expect(!notDatabase.ok)
        #expect(notDatabase.message?.contains("not a database") == true, "\(String(describing: notDatabase.message))")
        #expect(SQLiteFileCheck.problem(at: junk)?.contains("not a SQLite database") == true)
        #expect(SQLiteFileCheck.problem(at: good) == nil)
        #expect(SQLiteFileCheck.problem(at: directory.path("")) != nil, "a folder")

        let server = await EngineFactory.testConnection(info(EngineSettings(host: "h", user: "u"), kind: .postgres), secret: "pw")
        #expect(!server.ok && server.message?.contains("PostgreSQL") == true)
    }
}
