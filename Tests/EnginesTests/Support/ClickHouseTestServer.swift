import Core
import Engines
import Foundation

/// The real ClickHouse that `Tests/Servers/clickhouse.sh` starts, as its environment lines
/// describe it, and ways to ask it about its running queries.
enum ClickHouseTestServer {
    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The passwordless `default` user's configuration, the password user's with `secured`, or
    /// the `readonly=1` user's with `readOnly`;
    /// throws (never skips) when the tests run without the server.
    static func config(secured: Bool = false, readOnly: Bool = false) throws -> ClickHouseConfig {
        let environment = ProcessInfo.processInfo.environment
        guard let url = environment["QUERYBOOK_TEST_CLICKHOUSE"].flatMap(URL.init(string:)), let host = url.host,
            let port = url.port
        else {
            throw Missing(
                description: "QUERYBOOK_TEST_CLICKHOUSE is not set: run the ClickHouse tests through "
                    + "`bash Tests/Servers/with-servers.sh swift test --skip-build --filter ClickHouse`")
        }
        if readOnly {
            guard let user = environment["QUERYBOOK_TEST_CLICKHOUSE_READONLY_USER"] else {
                throw Missing(description: "QUERYBOOK_TEST_CLICKHOUSE_READONLY_USER is not set")
            }
            return ClickHouseConfig(host: host, port: port, user: user)
        }
        guard secured else { return ClickHouseConfig(host: host, port: port) }
        guard let user = environment["QUERYBOOK_TEST_CLICKHOUSE_USER"],
            let password = environment["QUERYBOOK_TEST_CLICKHOUSE_PASSWORD"]
        else { throw Missing(description: "QUERYBOOK_TEST_CLICKHOUSE_USER/_PASSWORD are not set") }
        return ClickHouseConfig(host: host, port: port, user: user, password: password)
    }

    /// Runs `sql` and returns its rows (for looking at the server's own tables).
    static func rows(_ sql: String) async throws -> [[Value]] {
        let sink = ClickHouseTestSink()
        _ = try await ClickHouseEngine(config: config()).execute(
            sql, limits: QueryLimits(timeout: 10, maxRows: 10_000), cancellation: QueryCancellation(), sink: sink)
        return sink.rows
    }

    /// Whether ClickHouse lists the query in `system.processes`.
    static func isRunning(_ queryID: String) async throws -> Bool {
        try await !rows("SELECT query_id FROM system.processes WHERE query_id = '\(queryID)'").isEmpty
    }

    /// Asks `system.processes` until `condition` holds for whether the query runs, for at most
    /// `seconds`; returns how long that took, or `nil` when it never held.
    static func waitUntil(
        _ queryID: String, running: Bool, within seconds: Double
    ) async throws -> Duration? {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < .seconds(seconds) {
            if try await isRunning(queryID) == running { return clock.now - start }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// A loopback port nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Missing(description: "socket() failed") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
            }
        }
        guard bound else { throw Missing(description: "bind() failed") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

/// A sink that keeps rows (unless told to only count them) and every progress report, and
/// lets a test wait for a report.
final class ClickHouseTestSink: RowSink, @unchecked Sendable {
    private let lock = NSLock()
    private let keepRows: Bool
    private var storedColumns: [ResultColumn] = []
    private var storedRows: [[Value]] = []
    private var storedProgress: [EngineProgress] = []
    private var count = 0
    private var lastRow: [Value] = []
    private var sum: Int64 = 0
    private let updates: AsyncStream<EngineProgress>.Continuation
    private let stream: AsyncStream<EngineProgress>

    init(keepRows: Bool = true) {
        self.keepRows = keepRows
        (stream, updates) = AsyncStream<EngineProgress>.makeStream()
    }

    func begin(columns: [ResultColumn]) throws {
        lock.withLock { storedColumns = columns }
    }

    func append(_ row: [Value]) throws {
        lock.withLock {
            count += 1
            lastRow = row
            if case .integer(let value)? = row.first { sum &+= value }
            if keepRows { storedRows.append(row) }
        }
    }

    func report(_ progress: EngineProgress) {
        lock.withLock { storedProgress.append(progress) }
        updates.yield(progress)
    }

    var columns: [ResultColumn] { lock.withLock { storedColumns } }
    var rows: [[Value]] { lock.withLock { storedRows } }
    var progress: [EngineProgress] { lock.withLock { storedProgress } }
    var rowCount: Int { lock.withLock { count } }
    var last: [Value] { lock.withLock { lastRow } }
    /// The sum of the first column's integers.
    var firstColumnSum: Int64 { lock.withLock { sum } }

    /// The query id the engine reported.
    var queryID: String? {
        progress.compactMap(\.message).first { $0.hasPrefix("ClickHouse query id ") }
            .map { String($0.dropFirst("ClickHouse query id ".count)) }
    }

    /// The first report (past or future) that satisfies `condition`, or `nil` after `seconds`.
    func firstReport(
        within seconds: Double, where condition: @escaping @Sendable (EngineProgress) -> Bool
    ) async -> EngineProgress? {
        if let found = progress.first(where: condition) { return found }
        let stream = stream
        return await withTaskGroup(of: EngineProgress?.self) { group in
            group.addTask {
                for await report in stream where condition(report) { return report }
                return nil
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(seconds))
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }
}
