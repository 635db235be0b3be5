import Core
import Foundation
import Logging
import SQLAnalysis
import ServiceLifecycle
import Store

/// Records which tables each successful run read and wrote, from the store's durable queue
/// (jobs of kind ``HubStore/analyticsJobKind``, enqueued in the transaction that marks a run
/// done).
///
/// For each job it reads the run's statements, extracts the tables of each statement that ran
/// OK (``TableExtractor``, in the engine's dialect), and hands them to
/// ``HubStore/recordTableUse(execution:statements:completing:owner:)``, which writes them and
/// completes the job in one transaction and skips a run already recorded: a job retried after
/// a crash never counts twice. Idle, it looks for work every `interval` seconds (a read).
public final class QueryAnalytics: Service, Sendable {
    let store: HubStore
    let interval: Double
    let lease: Double
    let logger: Logger
    private let owner = "analytics:\(getpid()):\(UUID().uuidString.prefix(8))"

    public init(store: HubStore, interval: Double = 0.5, lease: Double = 120, logger: Logger) {
        self.store = store
        self.interval = max(0.05, interval)
        self.lease = lease
        self.logger = logger
    }

    /// Works through ready jobs until shutdown.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await self.drain()
                } catch {
                    self.logger.error("Query analytics failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: .seconds(self.interval))
            }
        }
    }

    /// Runs every ready analytics job; returns how many it ran.
    @discardableResult
    public func drain() async throws -> Int {
        var ran = 0
        let kinds = [HubStore.analyticsJobKind]
        for job in try await store.failExhaustedJobs(kinds: kinds) {
            logger.warning("Gave up recording the tables of a run", metadata: ["job": "\(job.id)", "run": "\(job.payload)"])
        }
        while !Task.isCancelled, try await store.hasReadyJob(kinds: kinds),
            let job = try await store.claimNextJob(kinds: kinds, owner: owner, lease: lease)
        {
            try await runJob(job)
            ran += 1
        }
        return ran
    }

    /// Extracts and records the tables of the run `job` names, completing the job.
    func runJob(_ job: Job) async throws {
        guard let id = ExecutionID(job.payload) else {
            try await store.failJob(job.id, error: "Bad payload \(job.payload)")
            return
        }
        let statements: [StatementTableUse]
        do {
            statements = try await Self.tables(of: id, store: store)
        } catch StoreError.notFound {
            statements = []
        }
        try await store.recordTableUse(execution: id, statements: statements, completing: job.id, owner: owner)
    }

    /// The tables of each statement of run `id` that ran OK.
    public static func tables(of id: ExecutionID, store: HubStore) async throws -> [StatementTableUse] {
        let (execution, statements) = try await store.executionWithStatements(id)
        guard execution.status == .done, let engine = try await store.engine(execution.engineID) else { return [] }
        let dialect = SQLDialect(engine.kind)
        return statements.filter { $0.status == .done }.map { statement in
            let found = TableExtractor.analyze(statement.text, dialect: dialect)
            return StatementTableUse(
                index: statement.index, reads: found.reads.map(NamedTable.init), writes: found.writes.map(NamedTable.init),
                lineage: found.lineage.map { (NamedTable($0.source), NamedTable($0.target)) })
        }
    }
}

extension SQLDialect {
    /// The dialect engines of `kind` speak.
    init(_ kind: EngineKind) {
        switch kind {
        case .sqlite: self = .sqlite
        case .postgres: self = .postgres
        case .clickhouse: self = .clickhouse
        case .trino: self = .trino
        }
    }
}

extension NamedTable {
    init(_ table: TableReference) {
        self.init(catalog: table.catalog, schema: table.schema, name: table.name)
    }
}
