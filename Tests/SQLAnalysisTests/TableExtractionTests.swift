import SQLAnalysis
import Testing

@Suite("TableExtraction")
struct TableExtractionTests {
    static let cases = ExtractionCase.sqlite + ExtractionCase.postgres + ExtractionCase.clickhouse + ExtractionCase.trino

    @Test(arguments: cases)
    func extractsReadsAndWrites(_ row: ExtractionCase) {
        let found = TableExtractor.analyze(row.sql, dialect: row.dialect)
        #expect(found.kind == row.kind)
        #expect(Set(found.reads.map(\.description)) == row.reads)
        #expect(Set(found.writes.map(\.description)) == row.writes)
        // Each table once.
        #expect(Set(found.reads).count == found.reads.count)
        #expect(Set(found.writes).count == found.writes.count)
    }

    @Test func tableHasEnoughRealStatementsInEveryDialect() {
        #expect(Self.cases.count >= 60)
        for dialect in SQLDialect.allCases {
            #expect(Self.cases.filter { $0.dialect == dialect }.count >= 15, "\(dialect)")
        }
        #expect(Set(Self.cases.map { "\($0.dialect):\($0.name)" }).count == Self.cases.count, "case names are unique")
    }

    @Test func partsAreSplitAndUnquoted() {
        let found = TableExtractor.analyze(#"SELECT * FROM "cat"."my.schema"."t""x" JOIN s.u ON true JOIN v ON true"#, dialect: .trino)
        #expect(
            found.reads == [
                TableReference(catalog: "cat", schema: "my.schema", name: #"t"x"#),
                TableReference(schema: "s", name: "u"),
                TableReference(name: "v"),
            ])
    }

    @Test func namesKeepTheirSpelling() {
        let found = TableExtractor.analyze("select * from Public.Users join EVENTS on true", dialect: .postgres)
        #expect(found.reads == [TableReference(schema: "Public", name: "Users"), TableReference(name: "EVENTS")])
    }

    @Test func lineageLinksEverySourceToEveryTarget() {
        let found = TableExtractor.analyze("INSERT INTO a SELECT * FROM b JOIN c ON b.id = c.id", dialect: .sqlite)
        #expect(found.lineage.map { "\($0.source)→\($0.target)" } == ["b→a", "c→a"])
        let selfCopy = TableExtractor.analyze("INSERT INTO a SELECT * FROM a WHERE x", dialect: .sqlite)
        #expect(selfCopy.lineage.isEmpty)
        let view = TableExtractor.analyze("CREATE VIEW v AS SELECT * FROM t", dialect: .sqlite)
        #expect(view.lineage.map { "\($0.source)→\($0.target)" } == ["t→v"])
        // An update or a delete that reads other tables moves no data into its target.
        #expect(TableExtractor.analyze("DELETE FROM a USING b WHERE a.id = b.id", dialect: .postgres).lineage.isEmpty)
        #expect(TableExtractor.analyze("SELECT * FROM a JOIN b ON true", dialect: .postgres).lineage.isEmpty)
    }

    @Test func analyzeAllCutsAtSemicolons() {
        let all = TableExtractor.analyzeAll(
            "SELECT * FROM a; ; INSERT INTO b VALUES (';'); -- SELECT * FROM c;\nUPDATE d SET x = 1", dialect: .sqlite)
        #expect(all.map(\.kind) == [.query, .insert, .update])
        #expect(all.map { $0.reads.map(\.description) + $0.writes.map(\.description) } == [["a"], ["b"], ["d"]])
        // `analyze` looks at the first statement only.
        #expect(TableExtractor.analyze("SELECT * FROM a; SELECT * FROM b", dialect: .sqlite).reads == [TableReference(name: "a")])
    }

    @Test func oddOrCutShortSQLNeverFailsAndNamesNothingWrong() {
        let inputs = [
            "", ";", "SELECT", "SELECT * FROM", "SELECT * FROM (", "SELECT * FROM a JOIN", "))) FROM x", "INSERT INTO",
            "WITH x AS (", "SELECT 'unterminated FROM y", "SELECT /* FROM z", "CREATE", "UPDATE", "DELETE FROM",
            "MERGE INTO", "FROM", "SELECT * FROM WHERE x = 1", "WITH RECURSIVE",
        ]
        for input in inputs {
            for dialect in SQLDialect.allCases {
                let found = TableExtractor.analyze(input, dialect: dialect)
                for table in found.reads + found.writes {
                    #expect(!["y", "z", "WHERE"].contains(table.name), "\(dialect) \(input): \(table)")
                }
            }
        }
        // Stray closing parentheses do not lose the statement's own FROM.
        #expect(TableExtractor.analyze("SELECT 1))) FROM x", dialect: .sqlite).reads == [TableReference(name: "x")])
    }
}
