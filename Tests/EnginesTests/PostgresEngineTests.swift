import Core
import Engines
import Foundation
import Testing

/// PostgresEngine against the real PostgreSQL 15 that `Tests/Servers/postgres.sh` starts.
@Suite("PostgresEngine")
struct PostgresEngineTests {
    typealias Server = PostgresTestServer

    @Test("round-trips typed values with their PostgreSQL types")
    func typedRoundTrip() async throws {
        let engine = try Server.engine()
        let (sink, outcome) = try await Server.run(
            engine,
            """
            SELECT 7::int2 AS small, 2147483647 AS regular, (-9223372036854775807 - 1)::int8 AS min8,
                   9223372036854775807::int8 AS max8, 1.5::float4 AS f4, 1e300::float8 AS f8,
                   12345678901234567890.123456789012345678::numeric AS big, -0.000120::numeric(10,6) AS tiny,
                   'NaN'::numeric AS nan,
                   'héllo wörld 🎉 名前' AS label, 'abc'::varchar(10) AS code, 'x'::char(3) AS padded,
                   true AS yes, false AS no,
                   DATE '2026-01-02' AS day, TIMESTAMP '2026-01-02 03:04:05.1234' AS seen,
                   TIMESTAMPTZ '2026-01-02 03:04:05+02' AS seen_tz, TIME '13:14:15.5' AS at,
                   NULL::int4 AS nothing, ARRAY[1, NULL, -3] AS ints, ARRAY['a', 'b "q"', 'ü'] AS words,
                   ARRAY[[1.5, 2], [3, 4]]::numeric[] AS grid,
                   '{"a": [1, 2]}'::json AS doc, '{"b": 1, "a": null}'::jsonb AS docb,
                   '\\x00ff10'::bytea AS payload, '00000000-0000-0000-0000-00000000002a'::uuid AS id,
                   INTERVAL '1 year 2 months 3 days 04:05:06' AS span, '127.0.0.1'::inet AS host
            """)
        #expect(outcome == StatementOutcome(rowCount: 1, truncated: false))
        let expected: [(String, ColumnType, String, Value)] = [
            ("small", .integer, "int2", .integer(7)),
            ("regular", .integer, "int4", .integer(2_147_483_647)),
            ("min8", .integer, "int8", .integer(Int64.min)),
            ("max8", .integer, "int8", .integer(Int64.max)),
            ("f4", .real, "float4", .real(1.5)),
            ("f8", .real, "float8", .real(1e300)),
            ("big", .decimal, "numeric", .text("12345678901234567890.123456789012345678")),
            ("tiny", .decimal, "numeric", .text("-0.000120")),
            ("nan", .decimal, "numeric", .text("NaN")),
            ("label", .text, "text", .text("héllo wörld 🎉 名前")),
            ("code", .text, "varchar", .text("abc")),
            ("padded", .text, "bpchar", .text("x  ")),
            ("yes", .boolean, "bool", .integer(1)),
            ("no", .boolean, "bool", .integer(0)),
            ("day", .date, "date", .text("2026-01-02")),
            ("seen", .timestamp, "timestamp", .text("2026-01-02 03:04:05.1234")),
            ("seen_tz", .timestamp, "timestamptz", .text("2026-01-02 01:04:05")),
            ("at", .text, "time", .text("13:14:15.5")),
            ("nothing", .integer, "int4", .null),
            ("ints", .array, "int4[]", .text("[1,null,-3]")),
            ("words", .array, "text[]", .text(#"["a","b \"q\"","ü"]"#)),
            ("grid", .array, "numeric[]", .text("[[1.5,2],[3,4]]")),
            ("doc", .json, "json", .text(#"{"a": [1, 2]}"#)),
            ("docb", .json, "jsonb", .text(#"{"a": null, "b": 1}"#)),
            ("payload", .blob, "bytea", .blob([0x00, 0xFF, 0x10])),
            ("id", .text, "uuid", .text("00000000-0000-0000-0000-00000000002a")),
            ("span", .text, "interval", .text("1 year 2 mons 3 days 04:05:06")),
            ("host", .text, "inet", .text("127.0.0.1")),
        ]
        #expect(sink.columns == expected.map { ResultColumn(name: $0.0, type: $0.1, engineType: $0.2) })
        let row = try #require(sink.rows.first)
        for (index, column) in expected.enumerated() {
            #expect(row[index] == column.3, "column \(column.0)")
        }
    }

    @Test("NULLs of every type, dates far away, and an empty result keep their columns")
    func nullsAndEdges() async throws {
        let engine = try Server.engine()
        let (sink, _) = try await Server.run(
            engine,
            """
            SELECT NULL::int8 AS a, NULL::text AS b, NULL::date AS c, NULL::jsonb AS d, NULL::int4[] AS e,
                   NULL::bytea AS f, NULL::bool AS g, NULL::numeric AS h, NULL::timestamptz AS i
            UNION ALL
            SELECT 0, '', DATE '0044-03-15 BC', '[]', '{}', '', NULL, 0, TIMESTAMPTZ 'infinity'
            """)
        #expect(sink.columns.map(\.type) == [.integer, .text, .date, .json, .array, .blob, .boolean, .decimal, .timestamp])
        #expect(sink.rows.first == Array(repeating: Value.null, count: 9))
        #expect(
            sink.rows.last == [
                .integer(0), .text(""), .text("0044-03-15 BC"), .text("[]"), .text("[]"), .blob([]), .null,
                .text("0"), .text("infinity"),
            ])

        let (empty, outcome) = try await Server.run(engine, "SELECT 1 AS one, 'x'::text AS two WHERE false")
        #expect(outcome == StatementOutcome(rowCount: 0, truncated: false))
        #expect(empty.names == ["one", "two"])
        #expect(empty.beginCount == 1)
    }

    @Test("statements of a run share the session: a temporary table, then its rows")
    func statementsShareSession() async throws {
        let engine = try Server.engine()
        let (created, _) = try await Server.run(engine, "CREATE TEMPORARY TABLE notes (id int PRIMARY KEY, body text)")
        #expect(created.columns.isEmpty)
        try await Server.run(engine, "INSERT INTO notes VALUES (1, 'one'), (2, 'twö')")
        let (sink, _) = try await Server.run(engine, "SELECT id, body FROM notes ORDER BY id")
        #expect(sink.rows == [[.integer(1), .text("one")], [.integer(2), .text("twö")]])
    }

    @Test("enums and their arrays are named from the catalog, domains by their base type; unreadable types show as hex")
    func catalogTypes() async throws {
        let engine = try Server.engine()
        try await Server.run(engine, "CREATE TYPE pg_temp.mood AS ENUM ('ok', 'sad')")
        try await Server.run(engine, "CREATE DOMAIN pg_temp.positive AS int4 CHECK (VALUE > 0)")
        let (sink, _) = try await Server.run(
            engine,
            """
            SELECT 'sad'::pg_temp.mood AS m, 5::pg_temp.positive AS p, ARRAY['ok', 'sad']::pg_temp.mood[] AS ms,
                   point(1, 2) AS pt
            """)
        #expect(
            sink.columns == [
                ResultColumn(name: "m", type: .text, engineType: "mood"),
                // The server describes a domain's column by its base type.
                ResultColumn(name: "p", type: .integer, engineType: "int4"),
                ResultColumn(name: "ms", type: .array, engineType: "_mood"),
                ResultColumn(name: "pt", type: .text, engineType: "point"),
            ])
        #expect(
            sink.rows == [
                [.text("sad"), .integer(5), .text(#"["ok","sad"]"#), .text("\\x3ff00000000000004000000000000000")]
            ])
    }

    @Test("an error carries the server's message and its line and column", arguments: [
        ("SELECT 1,\n  nosuch + 1", "column \"nosuch\" does not exist", 2, 3),
        ("SELECT 'é🎉' AS x, nosuch", "column \"nosuch\" does not exist", 1, 19),
        ("SELECT 1 +* 2", "operator does not exist: integer +* integer", 1, 10),
        ("SELEC 1", "syntax error at or near \"SELEC\"", 1, 1),
    ])
    func errorPosition(sql: String, message: String, line: Int, column: Int) async throws {
        let engine = try Server.engine()
        let error = await #expect(throws: EngineError.self) { try await Server.run(engine, sql) }
        guard case .failed(let runError) = error else {
            Issue.record("expected .failed, got \(String(describing: error))")
            return
        }
        #expect(runError.message.hasPrefix(message))
        #expect(runError.line == line)
        #expect(runError.column == column)
        // The connection survives a statement error and is reused.
        let (sink, _) = try await Server.run(engine, "SELECT 2")
        #expect(sink.rows == [[.integer(2)]])
    }

    @Test("an error without a position, such as division by zero mid-stream")
    func errorWithoutPosition() async throws {
        let engine = try Server.engine()
        let error = await #expect(throws: EngineError.self) {
            try await Server.run(engine, "SELECT 10 / (5 - g) FROM generate_series(1, 10) g")
        }
        #expect(error == .failed(RunError(message: "division by zero")))
    }
}
