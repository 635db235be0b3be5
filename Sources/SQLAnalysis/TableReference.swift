/// A table as a statement names it: up to three dotted parts, quotes removed, spelled as written.
///
/// `a.b.c` is catalog `a`, schema `b`, table `c` (Trino's catalog, PostgreSQL's database);
/// `a.b` is schema (SQLite's attached database, ClickHouse's database) and table; a bare name
/// has neither. Names longer than three parts keep their last three.
public struct TableReference: Sendable, Hashable, Codable, CustomStringConvertible {
    public var catalog: String?
    public var schema: String?
    public var name: String

    public init(catalog: String? = nil, schema: String? = nil, name: String) {
        self.catalog = catalog
        self.schema = schema
        self.name = name
    }

    /// From the dotted parts in order (`["hive", "web", "views"]`); `nil` for no parts.
    init?(parts: [String]) {
        guard let last = parts.last else { return nil }
        name = last
        schema = parts.count >= 2 ? parts[parts.count - 2] : nil
        catalog = parts.count >= 3 ? parts[parts.count - 3] : nil
    }

    /// `catalog.schema.name` with the parts it has (no quoting).
    public var description: String {
        [catalog, schema, name].compactMap { $0 }.joined(separator: ".")
    }
}

/// What one statement does, which decides what its tables mean.
public enum StatementKind: String, Sendable, Hashable, Codable {
    /// `SELECT`, `VALUES`, `TABLE t`, `WITH … SELECT`: reads only.
    case query
    /// `INSERT`, `REPLACE`, `INSERT OVERWRITE`, `COPY … FROM`.
    case insert
    case update
    case delete
    case merge
    /// `CREATE TABLE`, `CREATE VIEW`, `CREATE MATERIALIZED VIEW`, `SELECT … INTO`.
    case create
    /// `ALTER TABLE`, `TRUNCATE`, `REFRESH MATERIALIZED VIEW`.
    case alter
    /// `EXPLAIN` without `ANALYZE`: the statement is planned, not run, so it writes nothing.
    case explain
    /// Anything else (`SHOW`, `SET`, `DROP`, `GRANT`, `PRAGMA`, `CREATE INDEX`…): no tables.
    case other
}

/// The tables one statement reads and writes, each once, in the order they first appear.
public struct StatementTables: Sendable, Hashable {
    public var kind: StatementKind
    public var reads: [TableReference]
    public var writes: [TableReference]

    public init(kind: StatementKind, reads: [TableReference] = [], writes: [TableReference] = []) {
        self.kind = kind
        self.reads = reads
        self.writes = writes
    }

    /// Where data flowed: every table read to every table written, for statements that copy
    /// data (`INSERT … SELECT`, `CREATE TABLE … AS`, `CREATE VIEW … AS`, `INSERT OVERWRITE`,
    /// `MERGE … USING`, `SELECT … INTO`). A table is never its own source.
    public var lineage: [(source: TableReference, target: TableReference)] {
        guard [.insert, .create, .merge].contains(kind) else { return [] }
        return writes.flatMap { target in
            reads.filter { $0 != target }.map { (source: $0, target: target) }
        }
    }
}
