import Core
import Engines
import Foundation
import Store
import Synchronization

/// A few rows of a metastore table, read straight from its engine (nothing is stored).
public struct TableSample: Sendable, Hashable {
    public var columns: [ResultColumn]
    public var rows: [[Value]]
    /// More rows existed than were asked for.
    public var truncated: Bool
}

/// Why a sample could not be read.
public enum SampleError: Error, Sendable, Equatable {
    /// The engine refused or failed the statement, or could not be reached; in words for people.
    case engine(String)
    /// The engine is already running as many statements as its concurrency limit allows.
    case busy(String)
}

/// Reads sample rows of a table through the runs' engines, under the engine's limits: the
/// runs' time limit tightened by the engine's, and its concurrency limit (runs going on the
/// engine, across processes, plus samples going here). Safe to share.
public final class TableSampler: Sendable {
    let store: HubStore
    let engines: EngineCache
    let queryTimeout: Double
    private let inFlight = Mutex<[EngineID: Int]>([:])

    /// The largest sample one request may ask for.
    public static let maxLimit = 100

    public init(executions: ExecutionService) {
        store = executions.store
        engines = executions.engineCache
        queryTimeout = executions.settings.queryTimeout
    }

    /// At most `limit` rows of `table` (`SELECT *`), in the engine's order.
    /// - Throws: ``SampleError``, ``ExecutionError/engineDisabled(_:)``,
    ///   `StoreError.notFound` when the engine is gone.
    public func sample(_ table: MetaTable, limit: Int) async throws -> TableSample {
        guard let info = try await store.engine(table.engineID) else {
            throw StoreError.notFound(entity: "engine", id: table.engineID.rawValue)
        }
        guard !info.disabled else { throw ExecutionError.engineDisabled(info.name) }
        let limit = min(max(1, limit), Self.maxLimit)
        let secret = try await store.engineSecret(info.id)
        let engine: any QueryEngine
        do {
            engine = try engines.engine(for: info, secret: secret)
        } catch {
            throw SampleError.engine(ExecutionService.message(for: error))
        }
        try await reserve(info)
        defer { inFlight.withLock { $0[info.id, default: 1] -= 1 } }
        var timeout = queryTimeout
        if let limit = info.limits.timeLimit, limit > 0 { timeout = timeout > 0 ? min(timeout, limit) : limit }
        let statement = "SELECT * FROM \(Self.reference(table, kind: info.kind)) LIMIT \(limit + 1)"
        let sink = SampleSink()
        let cancellation = QueryCancellation()
        do {
            let outcome = try await withTaskCancellationHandler {
                try await engine.execute(
                    statement, limits: QueryLimits(timeout: timeout, maxRows: limit), cancellation: cancellation, sink: sink)
            } onCancel: {
                cancellation.cancel()
            }
            return TableSample(columns: sink.columns, rows: sink.rows, truncated: outcome.truncated)
        } catch let error as EngineError {
            throw SampleError.engine(ExecutionService.message(for: error))
        }
    }

    /// Counts this sample against the engine's concurrency limit, or refuses it.
    private func reserve(_ info: EngineInfo) async throws {
        let running = info.limits.concurrency == nil ? 0 : try await store.activeRunCount(engine: info.id)
        let admitted = inFlight.withLock { counts -> Bool in
            let here = counts[info.id, default: 0]
            if let cap = info.limits.concurrency, running + here >= cap { return false }
            counts[info.id] = here + 1
            return true
        }
        guard admitted else {
            throw SampleError.busy(
                "The engine \(info.name) is running as many queries as it allows (\(info.limits.concurrency ?? 0)). Try again shortly.")
        }
    }

    /// The table as the engine's SQL names it, every part quoted.
    static func reference(_ table: MetaTable, kind: EngineKind) -> String {
        switch kind {
        case .clickhouse:
            return [table.schemaName, table.name].map(backquoted).joined(separator: ".")
        case .trino:
            // `catalog.schema`: the catalog is up to the first dot.
            let parts = table.schemaName.split(separator: ".", maxSplits: 1).map(String.init)
            return (parts + [table.name]).map(doubleQuoted).joined(separator: ".")
        case .sqlite, .postgres:
            return [table.schemaName, table.name].map(doubleQuoted).joined(separator: ".")
        }
    }

    static func doubleQuoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func backquoted(_ name: String) -> String {
        "`" + name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "`", with: "\\`") + "`"
    }
}

/// Keeps the few rows of a sample.
final class SampleSink: RowSink, @unchecked Sendable {
    // Used from one thread at a time (the RowSink contract); read after execute returns.
    private(set) var columns: [ResultColumn] = []
    private(set) var rows: [[Value]] = []

    func begin(columns: [ResultColumn]) throws { self.columns = columns }
    func append(_ row: [Value]) throws { rows.append(row) }
}
