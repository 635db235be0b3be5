import Core
import Foundation

/// Reads the schemas, tables, views and columns of one engine through its ordinary
/// ``QueryEngine`` (so connections, TLS, credentials and time limits are the runs' own).
///
/// Each kind asks its own catalog (see the `MetadataReader+Kind` files): SQLite
/// `sqlite_schema` and `pragma_table_xinfo`, PostgreSQL `pg_class`/`pg_attribute`, ClickHouse
/// `system.tables`/`system.columns`, Trino `information_schema`. Statistics an engine lacks
/// are `nil`; a statistics query the engine refuses (an old version, a missing privilege) is
/// skipped rather than failing the read. Every statement runs under `limits` and stops when
/// `cancellation` fires. Never touches the hub's own database.
public struct MetadataReader: Sendable {
    let engine: any QueryEngine
    let kind: EngineKind
    /// Trino only: the one catalog to read; `nil` reads every catalog but `system`.
    let catalog: String?
    let limits: QueryLimits
    let cancellation: QueryCancellation

    /// A reader for `engine`, of `kind`. `timeout` bounds each catalog statement (seconds,
    /// non-positive for none).
    public init(
        engine: any QueryEngine, kind: EngineKind, catalog: String? = nil, timeout: Double,
        cancellation: QueryCancellation = QueryCancellation()
    ) {
        self.engine = engine
        self.kind = kind
        self.catalog = catalog
        self.limits = QueryLimits(timeout: timeout, maxRows: .max)
        self.cancellation = cancellation
    }

    /// Every table and view with its columns, sorted by schema and name, without duplicates.
    /// - Throws: ``EngineError`` when the engine cannot be reached or refuses the catalog.
    public func tables() async throws -> [EngineTable] {
        let read: [EngineTable]
        switch kind {
        case .sqlite: read = try await sqliteTables()
        case .postgres: read = try await postgresTables()
        case .clickhouse: read = try await clickHouseTables()
        case .trino: read = try await trinoTables()
        }
        var seen = Set<[String]>()
        return read.filter { seen.insert([$0.schema, $0.name]).inserted }
            .sorted { ($0.schema, $0.name) < ($1.schema, $1.name) }
    }

    /// The rows of `sql`, collected (catalog answers are small next to user results).
    func rows(_ sql: String) async throws -> [[Value]] {
        try await result(sql).rows
    }

    /// The columns and rows of `sql`.
    func result(_ sql: String) async throws -> (columns: [ResultColumn], rows: [[Value]]) {
        let sink = CollectingRows()
        _ = try await engine.execute(sql, limits: limits, cancellation: cancellation, sink: sink)
        return (sink.columns, sink.rows)
    }

    /// The rows of `sql`, or `nil` when the engine refuses it (statistics are optional).
    /// Cancellation and an unreachable engine still throw.
    func optionalRows(_ sql: String) async throws -> [[Value]]? {
        do {
            return try await rows(sql)
        } catch EngineError.failed {
            return nil
        }
    }
}

/// A sink that keeps every row, for catalog queries.
final class CollectingRows: RowSink, @unchecked Sendable {
    // Used from one thread at a time (the RowSink contract); read after execute returns.
    private(set) var columns: [ResultColumn] = []
    private(set) var rows: [[Value]] = []

    func begin(columns: [ResultColumn]) throws { self.columns = columns }
    func append(_ row: [Value]) throws { rows.append(row) }
}

extension Value {
    /// The value as text: numbers in decimal, `nil` for NULL (and blobs, decoded as UTF-8).
    var textValue: String? {
        switch self {
        case .null: nil
        case .text(let text): text
        case .integer(let value): String(value)
        case .real(let value): String(value)
        case .blob(let bytes): String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The value as an integer, when it is one (or decimal text of one, or a whole real).
    var integerValue: Int64? {
        switch self {
        case .integer(let value): value
        case .real(let value) where value.isFinite && value.rounded() == value && abs(value) < 9e18: Int64(value)
        case .text(let text): Int64(text) ?? Double(text).flatMap { $0.isFinite && abs($0) < 9e18 ? Int64($0) : nil }
        default: nil
        }
    }
}

extension Array where Element == Value {
    /// The text at `index`, `""` for NULL or past the end.
    func text(_ index: Int) -> String { index < count ? self[index].textValue ?? "" : "" }
    /// The integer at `index`, `nil` for NULL, non-numbers or past the end.
    func integer(_ index: Int) -> Int64? { index < count ? self[index].integerValue : nil }
}

/// SQL string literal quoting (`'` doubled), for names read from the engine's own catalog.
func sqlLiteral(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
}

/// SQL identifier quoting with `"` (SQLite, PostgreSQL, Trino).
func quotedIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}
