import SQLAnalysis
import Testing

/// One row of the extraction table: a statement and the tables it must read and write.
struct ExtractionCase: Sendable, CustomTestStringConvertible {
    var name: String
    var dialect: SQLDialect
    var sql: String
    var kind: StatementKind
    /// Tables as `catalog.schema.name` with the parts the statement gives.
    var reads: Set<String>
    var writes: Set<String>

    init(
        _ name: String, _ dialect: SQLDialect, _ sql: String, _ kind: StatementKind, reads: Set<String> = [],
        writes: Set<String> = []
    ) {
        self.name = name
        self.dialect = dialect
        self.sql = sql
        self.kind = kind
        self.reads = reads
        self.writes = writes
    }

    var testDescription: String { "\(dialect.rawValue): \(name)" }
}
