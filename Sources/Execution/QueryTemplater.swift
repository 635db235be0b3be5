import Core
import Engines
import Foundation
import Store
import Synchronization
import Templating

/// Renders query cells' templates into the SQL that runs (``QueryRendering``): the doc's
/// variables from the store, the built-ins at the given instant in the server's time zone,
/// quoting in the engine's dialect, and `latest_partition` answered by
/// `SELECT MAX(key) FROM schema.table` on the query's engine, under the runs' time limit
/// (tightened by the engine's) and its concurrency limit. Safe to share.
public final class QueryTemplater: QueryRendering, Sendable {
    let store: HubStore
    let engines: EngineCache
    let queryTimeout: Double
    /// The zone whose calendar day is `today`.
    public let timeZone: TimeZone
    /// The clock a person's run or preview is rendered at (a schedule passes its slot instead).
    public let clock: any WallClock
    private let inFlight = Mutex<[EngineID: Int]>([:])

    public init(executions: ExecutionService, timeZone: TimeZone = .current, clock: any WallClock = SystemClock()) {
        store = executions.store
        engines = executions.engineCache
        queryTimeout = executions.settings.queryTimeout
        self.timeZone = timeZone
        self.clock = clock
    }

    /// `query` rendered with `doc`'s saved variables (none without a doc) for a run on `engine`.
    /// - Throws: ``TemplateError`` (with the line), `StoreError.notFound` for the doc or engine.
    public func render(_ query: String, doc: DocID?, engine: EngineID, user: UserID, at: Date) async throws -> String {
        guard Template.needsRendering(query) else { return query }
        var variables: [DocVariable] = []
        if let doc { variables = try await store.variables(of: doc) }
        return try await render(query, variables: variables, engine: engine, at: at)
    }

    /// `query` rendered with `variables` (checked here first) for a run on `engine`.
    /// - Throws: ``VariableError`` for bad variables, ``TemplateError``, `StoreError.notFound`.
    public func render(_ query: String, variables: [DocVariable], engine: EngineID, at: Date) async throws -> String {
        guard Template.needsRendering(query) else { return query }
        try VariableRules.check(variables)
        guard let info = try await store.engine(engine) else { throw StoreError.notFound(entity: "engine", id: engine.rawValue) }
        let context = TemplateContext(
            at: at, timeZone: timeZone, dialect: SQLDialect(info.kind), variables: variables,
            latestPartition: { [self] table, key in try await latestPartition(table: table, key: key, engine: info) })
        return try await Template.render(query, context: context)
    }

    /// The largest `key` in `table` on the engine.
    /// - Throws: ``TemplateLookupError`` in words for people.
    func latestPartition(table: String, key: String, engine info: EngineInfo) async throws -> TemplateValue {
        guard !info.disabled else { throw TemplateLookupError("the engine \(info.name) is disabled.") }
        let dialect = SQLDialect(info.kind)
        let statement = "SELECT MAX(\(dialect.qualifiedName(key))) FROM \(dialect.qualifiedName(table))"
        let engine: any QueryEngine
        do {
            engine = try engines.engine(for: info, secret: try await store.engineSecret(info.id))
        } catch let error as EngineError {
            throw TemplateLookupError(ExecutionService.message(for: error))
        }
        try await reserve(info)
        defer { inFlight.withLock { $0[info.id, default: 1] -= 1 } }
        var timeout = queryTimeout
        if let limit = info.limits.timeLimit, limit > 0 { timeout = timeout > 0 ? min(timeout, limit) : limit }
        let sink = SampleSink()
        let cancellation = QueryCancellation()
        do {
            _ = try await withTaskCancellationHandler {
                try await engine.execute(
                    statement, limits: QueryLimits(timeout: timeout, maxRows: 1), cancellation: cancellation, sink: sink)
            } onCancel: {
                cancellation.cancel()
            }
        } catch let error as EngineError {
            throw TemplateLookupError(ExecutionService.message(for: error))
        }
        switch sink.rows.first?.first ?? .null {
        case .null: throw TemplateLookupError("\(table) has no rows, so it has no latest \(key).")
        case .integer(let number): return .integer(number)
        case .real(let number): return .real(number)
        case .text(let text): return .string(text)
        case .blob: throw TemplateLookupError("\(key) is binary; a partition key must be text, a date or a number.")
        }
    }

    /// Counts this lookup against the engine's concurrency limit, or refuses it.
    private func reserve(_ info: EngineInfo) async throws {
        let running = info.limits.concurrency == nil ? 0 : try await store.activeRunCount(engine: info.id)
        let admitted = inFlight.withLock { counts -> Bool in
            let here = counts[info.id, default: 0]
            if let cap = info.limits.concurrency, running + here >= cap { return false }
            counts[info.id] = here + 1
            return true
        }
        guard admitted else {
            throw TemplateLookupError(
                "the engine \(info.name) is running as many queries as it allows (\(info.limits.concurrency ?? 0)); try again shortly.")
        }
    }
}
