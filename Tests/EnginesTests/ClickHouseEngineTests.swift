import Core
import Engines
import Foundation
import Testing

/// ClickHouseEngine against the real ClickHouse 18.16 that Tests/Servers/clickhouse.sh starts.
@Suite("ClickHouseEngine", .serialized)
struct ClickHouseEngineTests {
    func run(
        _ sql: String, config: ClickHouseConfig? = nil, timeout: Double = 30, maxRows: Int = 1000,
        cancellation: QueryCancellation = QueryCancellation(), sink: ClickHouseTestSink = ClickHouseTestSink()
    ) async throws -> (ClickHouseTestSink, StatementOutcome) {
        let engine = ClickHouseEngine(config: try config ?? ClickHouseTestServer.config())
        let outcome = try await engine.execute(
            sql, limits: QueryLimits(timeout: timeout, maxRows: maxRows), cancellation: cancellation, sink: sink)
        return (sink, outcome)
    }

    /// The error `body` throws, or a recorded issue when it throws none.
    func engineError(_ body: () async throws -> Void) async -> EngineError? {
        do {
            try await body()
            Issue.record("expected an engine error")
            return nil
        } catch let error as EngineError {
            return error
        } catch {
            Issue.record("expected an EngineError, got \(error)")
            return nil
        }
    }

    @Test("round-trips typed values: columns, engine types and values")
    func typedRoundTrip() async throws {
        let (sink, outcome) = try await run(
            #"""
            SELECT toInt8(-128) AS i8, toInt64(-9223372036854775808) AS i64min, toInt64(9223372036854775807) AS i64max,
              toUInt8(255) AS u8, toUInt32(4294967295) AS u32, toUInt64(9223372036854775807) AS u64fits,
              toUInt64(18446744073709551615) AS u64max,
              toFloat32(1.5) AS f32, toFloat64(-0.25) AS f64, nan AS fnan, inf AS finf, -inf AS fneginf,
              CAST('12345678901234.5678' AS Decimal(18, 4)) AS dec, toDecimal32('-0.10', 2) AS dec2,
              'héllo wörld 🎉\ttab\nnewline\\backslash\'quote' AS s, toFixedString('ab', 3) AS fs,
              toDate('2026-01-02') AS d, toDateTime('2026-01-02 03:04:05') AS dt,
              CAST(NULL AS Nullable(Int32)) AS nint, CAST('x' AS Nullable(String)) AS nstr,
              CAST([1, -2, 3] AS Array(Int32)) AS ai, ['a\'b', 'c"d', 'é🎉', 'tab\there', 'back\\slash'] AS astr,
              [[1, 2], []] AS nested, [NULL, 1.5] AS anull,
              toUUID('61f0c404-5cb3-11e7-907b-a6006ad3dba0') AS u, CAST('b' AS Enum8('a' = 1, 'b' = 2)) AS e,
              toLowCardinality('lc') AS lc, tuple(1, 'a') AS t, NULL AS nothing
            """#)
        #expect(outcome == StatementOutcome(rowCount: 1, truncated: false))
        #expect(
            sink.columns == [
                ResultColumn(name: "i8", type: .integer, engineType: "Int8"),
                ResultColumn(name: "i64min", type: .integer, engineType: "Int64"),
                ResultColumn(name: "i64max", type: .integer, engineType: "Int64"),
                ResultColumn(name: "u8", type: .integer, engineType: "UInt8"),
                ResultColumn(name: "u32", type: .integer, engineType: "UInt32"),
                ResultColumn(name: "u64fits", type: .integer, engineType: "UInt64"),
                ResultColumn(name: "u64max", type: .integer, engineType: "UInt64"),
                ResultColumn(name: "f32", type: .real, engineType: "Float32"),
                ResultColumn(name: "f64", type: .real, engineType: "Float64"),
                ResultColumn(name: "fnan", type: .real, engineType: "Float64"),
                ResultColumn(name: "finf", type: .real, engineType: "Float64"),
                ResultColumn(name: "fneginf", type: .real, engineType: "Float64"),
                ResultColumn(name: "dec", type: .decimal, engineType: "Decimal(18, 4)"),
                ResultColumn(name: "dec2", type: .decimal, engineType: "Decimal(9, 2)"),
                ResultColumn(name: "s", type: .text, engineType: "String"),
                ResultColumn(name: "fs", type: .text, engineType: "FixedString(3)"),
                ResultColumn(name: "d", type: .date, engineType: "Date"),
                ResultColumn(name: "dt", type: .timestamp, engineType: "DateTime"),
                ResultColumn(name: "nint", type: .integer, engineType: "Nullable(Int32)"),
                ResultColumn(name: "nstr", type: .text, engineType: "Nullable(String)"),
                ResultColumn(name: "ai", type: .array, engineType: "Array(Int32)"),
                ResultColumn(name: "astr", type: .array, engineType: "Array(String)"),
                ResultColumn(name: "nested", type: .array, engineType: "Array(Array(UInt8))"),
                ResultColumn(name: "anull", type: .array, engineType: "Array(Nullable(Float64))"),
                ResultColumn(name: "u", type: .text, engineType: "UUID"),
                ResultColumn(name: "e", type: .text, engineType: "Enum8('a' = 1, 'b' = 2)"),
                ResultColumn(name: "lc", type: .text, engineType: "LowCardinality(String)"),
                ResultColumn(name: "t", type: .text, engineType: "Tuple(UInt8, String)"),
                ResultColumn(name: "nothing", type: .unknown, engineType: "Nullable(Nothing)"),
            ])
        let row = try #require(sink.rows.first)
        let expected: [Value] = [
            .integer(-128), .integer(Int64.min), .integer(Int64.max), .integer(255), .integer(4_294_967_295),
            .integer(Int64.max), .text("18446744073709551615"), .real(1.5), .real(-0.25),
        ]
        #expect(Array(row.prefix(9)) == expected)
        guard case .real(let nan) = row[9] else { Issue.record("nan is \(row[9])"); return }
        #expect(nan.isNaN)
        #expect(row[10] == .real(.infinity))
        #expect(row[11] == .real(-.infinity))
        #expect(
            Array(row.dropFirst(12)) == [
                .text("12345678901234.5678"), .text("-0.10"),
                .text("héllo wörld 🎉\ttab\nnewline\\backslash'quote"), .text("ab\u{0}"),
                .text("2026-01-02"), .text("2026-01-02 03:04:05"), .null, .text("x"),
                .text("[1,-2,3]"), .text(#"["a'b","c\"d","é🎉","tab\there","back\\slash"]"#),
                .text("[[1,2],[]]"), .text("[null,1.5]"),
                .text("61f0c404-5cb3-11e7-907b-a6006ad3dba0"), .text("b"), .text("lc"), .text("(1,'a')"), .null,
            ])
        // The arrays are JSON a browser can read.
        let strings = try JSONSerialization.jsonObject(with: Data(#"["a'b","c\"d","é🎉","tab\there","back\\slash"]"#.utf8))
        #expect(strings as? [String] == ["a'b", "c\"d", "é🎉", "tab\there", "back\\slash"])
    }

    @Test("reports the hub's query id once")
    func reportsQueryID() async throws {
        let (sink, _) = try await run("SELECT 1")
        let messages = sink.progress.compactMap(\.message)
        #expect(messages.count == 1)
        let id = try #require(sink.queryID)
        #expect(id.hasPrefix("querybook-") && UUID(uuidString: String(id.dropFirst("querybook-".count))) != nil)
    }

    @Test("streams a million rows without keeping them")
    func streamsLargeResult() async throws {
        let sink = ClickHouseTestSink(keepRows: false)
        let (_, outcome) = try await run(
            "SELECT number FROM system.numbers LIMIT 1000000", maxRows: 2_000_000, sink: sink)
        #expect(outcome == StatementOutcome(rowCount: 1_000_000, truncated: false))
        #expect(sink.rowCount == 1_000_000)
        #expect(sink.firstColumnSum == 999_999 * 1_000_000 / 2)
        #expect(sink.last == [.integer(999_999)])
        #expect(sink.columns == [ResultColumn(name: "number", type: .integer, engineType: "UInt64")])
    }

    @Test("stops an endless result at the row cap and kills it on the server")
    func maxRowsStopsTheServerQuery() async throws {
        let sink = ClickHouseTestSink(keepRows: false)
        // Endless: only a reader that streams and stops ever returns.
        let (_, outcome) = try await run("SELECT number FROM system.numbers", maxRows: 100_000, sink: sink)
        #expect(outcome == StatementOutcome(rowCount: 100_000, truncated: true))
        #expect(sink.last == [.integer(99_999)])
        let id = try #require(sink.queryID)
        #expect(try await ClickHouseTestServer.waitUntil(id, running: false, within: 1) != nil)
    }

    @Test("places a syntax error on line 2, counting characters, not bytes")
    func syntaxErrorPosition() async throws {
        let error = await engineError {
            _ = try await run("SELECT 1 AS a,\n  'é🎉' AS b c FROM system.one")
        }
        guard case .failed(let runError)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(runError.message.hasPrefix("Syntax error: failed at position 32: c FROM system.one."))
        #expect(!runError.message.contains("Code:") && !runError.message.contains("e.what()"))
        #expect(runError.line == 2)
        #expect(runError.column == 13)
    }

    @Test("an unknown table fails with ClickHouse's message and no position")
    func unknownTable() async throws {
        let error = await engineError { _ = try await run("SELECT * FROM querybook_no_such_table") }
        #expect(error == .failed(RunError(message: "Table default.querybook_no_such_table doesn't exist.")))
    }

    @Test("an error ClickHouse appends after rows fails the run instead of becoming a row")
    func errorAfterRows() async throws {
        let sink = ClickHouseTestSink(keepRows: false)
        let error = await engineError {
            _ = try await run(
                "SELECT toString(number) AS s, throwIf(number = 300000) AS boom FROM numbers(1000000)",
                maxRows: 2_000_000, sink: sink)
        }
        #expect(error == .failed(RunError(message: "Value passed to 'throwIf' function is non zero")))
        // Rows did stream before the error, and none of them is the error's text.
        #expect(sink.rowCount > 0 && sink.rowCount <= 300_000)
        #expect(sink.last.count == 2 && sink.last.last == .integer(0))
    }

    @Test("a statement without a result gives no columns")
    func statementWithoutResult() async throws {
        let (sink, outcome) = try await run("CREATE TABLE IF NOT EXISTS querybook_empty (x UInt8) ENGINE = Memory")
        #expect(outcome == StatementOutcome(rowCount: 0, truncated: false))
        #expect(sink.columns.isEmpty)
    }

    @Test("a statement with its own FORMAT clause gets a clear error")
    func foreignFormat() async throws {
        let error = await engineError { _ = try await run("SELECT 1 FORMAT JSON") }
        guard case .failed(let runError)? = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(runError.message.contains("FORMAT clause"))
    }

    @Test("a multi-statement text runs statement by statement, the failing one placed in it")
    func multiStatement() async throws {
        let statements = StatementSplitter.split(
            "SELECT 1 AS a;\nSELECT 'two' AS b, [2] AS c;\n\nSELECT 3\n  FROM system.one\n  WHER x;\n")
        #expect(statements.count == 3)
        let (first, _) = try await run(statements[0].text)
        #expect(first.rows == [[.integer(1)]])
        let (second, _) = try await run(statements[1].text)
        #expect(second.rows == [[.text("two"), .text("[2]")]])
        let error = await engineError { _ = try await run(statements[2].text) }
        guard case .failed(let runError)? = error else { Issue.record("got \(String(describing: error))"); return }
        // Line 3 of the statement ("  WHER x"), which starts on line 4 of the text.
        #expect(runError.line == 3 && runError.column == 8)
        #expect(statements[2].startLine == 4)
    }

    @Test("configured settings reach ClickHouse; credentials among them never do")
    func configuredSettings() async throws {
        var config = try ClickHouseTestServer.config()
        config.settings = ["max_threads": "1", "password": "not-this-one", "user": "nobody"]
        let (sink, _) = try await run(
            "SELECT name, value FROM system.settings WHERE name = 'max_threads'", config: config)
        #expect(sink.rows == [[.text("max_threads"), .text("1")]])
    }
}
