import Core
import Glibc

/// Reads a `TabSeparatedWithNamesAndTypes` body as it streams in and hands its columns and
/// rows to a sink, one line at a time: only the current partial line is ever kept.
///
/// Not thread-safe: one reader task feeds it chunks in order. An exception ClickHouse appends
/// after rows already went out (`Code: 159, e.displayText() = DB::Exception: …`, possibly
/// after a cut row) ends the rows; everything from there on is the error's text.
final class ClickHouseRowParser {
    private enum Phase {
        case names, types, rows, error
    }

    private let statement: String
    private let limits: QueryLimits
    private let sink: any RowSink
    private let tabSeparated: Bool
    private var phase = Phase.names
    private var names: [String] = []
    private var types: [ClickHouseType] = []
    private var pending: [UInt8] = []
    private var errorText: [UInt8] = []
    private(set) var rowCount = 0
    /// Whether a row past `limits.maxRows` arrived; the parser then stops.
    private(set) var truncated = false

    /// A parser for the body of `statement`; `tabSeparated` is whether the response's
    /// Content-Type says TabSeparated (a statement with its own FORMAT clause answers in another).
    init(statement: String, limits: QueryLimits, sink: any RowSink, tabSeparated: Bool) {
        self.statement = statement
        self.limits = limits
        self.sink = sink
        self.tabSeparated = tabSeparated
    }

    /// Feeds the next chunk of the body; returns `false` once the row cap is reached and the
    /// rest should not be read.
    func consume(_ chunk: UnsafeRawBufferPointer) throws -> Bool {
        var start = 0
        while start < chunk.count {
            guard let newline = Self.find(UInt8(ascii: "\n"), in: chunk, from: start) else {
                pending.append(contentsOf: chunk[start...])
                return true
            }
            let keepGoing: Bool
            if pending.isEmpty {
                keepGoing = try line(UnsafeRawBufferPointer(rebasing: chunk[start..<newline]))
            } else {
                pending.append(contentsOf: chunk[start..<newline])
                let whole = pending
                pending.removeAll(keepingCapacity: true)
                keepGoing = try whole.withUnsafeBytes { try line($0) }
            }
            if !keepGoing { return false }
            start = newline + 1
        }
        return true
    }

    /// Ends the body: throws the error ClickHouse appended, if any, and returns the outcome.
    func finish() throws -> StatementOutcome {
        if !pending.isEmpty {
            let rest = pending
            pending = []
            _ = try rest.withUnsafeBytes { try line($0) }
        }
        switch phase {
        case .error:
            let text = String(decoding: errorText, as: UTF8.self)
            throw ClickHouseServerError(text: text).engineError(statement: statement, timeout: limits.timeout)
        case .names:
            // No output at all: a statement without a result (CREATE, INSERT, SET, …).
            try sink.begin(columns: [])
        case .types:
            throw EngineError.failed(RunError(message: "ClickHouse sent column names but no types"))
        case .rows:
            break
        }
        return StatementOutcome(rowCount: rowCount, truncated: truncated)
    }

    private func line(_ line: UnsafeRawBufferPointer) throws -> Bool {
        if phase == .error {
            // An exception is a few lines; more than that is not worth keeping.
            guard errorText.count < Self.errorTextLimit else { return true }
            errorText.append(contentsOf: line.prefix(Self.errorTextLimit))
            errorText.append(UInt8(ascii: "\n"))
            return true
        }
        if let start = Self.exceptionStart(in: line) {
            phase = .error
            errorText.append(contentsOf: line[start...])
            errorText.append(UInt8(ascii: "\n"))
            return true
        }
        switch phase {
        case .names:
            guard tabSeparated else {
                throw EngineError.failed(
                    RunError(
                        message: "ClickHouse answered in another format: remove the statement's FORMAT clause "
                            + "(Querybook reads TabSeparatedWithNamesAndTypes)"))
            }
            names = ClickHouseTSV.fields(line).map(ClickHouseTSV.unescape)
            phase = .types
        case .types:
            types = ClickHouseTSV.fields(line).map { ClickHouseType(ClickHouseTSV.unescape($0)) }
            guard types.count == names.count else { throw unreadable("its types row") }
            try sink.begin(
                columns: zip(names, types).map { ResultColumn(name: $0, type: $1.columnType, engineType: $1.name) })
            phase = .rows
        case .rows:
            guard rowCount < limits.maxRows else {
                truncated = true
                return false
            }
            let fields = ClickHouseTSV.fields(line)
            guard fields.count == types.count else { throw unreadable("row \(rowCount + 1)") }
            var row: [Value] = []
            row.reserveCapacity(fields.count)
            for (field, type) in zip(fields, types) {
                guard let value = ClickHouseTSV.value(field, as: type) else { throw unreadable("row \(rowCount + 1)") }
                row.append(value)
            }
            try sink.append(row)
            rowCount += 1
        case .error:
            break
        }
        return true
    }

    private func unreadable(_ what: String) -> EngineError {
        .failed(RunError(message: "ClickHouse sent \(what) in a shape Querybook cannot read"))
    }

    private static let errorTextLimit = 64 << 10
    private static let exceptionMarker = Array("DB::Exception".utf8)
    private static let codeMarker = Array("Code: ".utf8)

    /// Where an exception's text starts in `line` (its `Code: ` before `DB::Exception`), or
    /// `nil` for an ordinary line. Row text cannot be mistaken for it unless a value itself
    /// holds both markers.
    static func exceptionStart(in line: UnsafeRawBufferPointer) -> Int? {
        guard let exception = search(exceptionMarker, in: line) else { return nil }
        let before = UnsafeRawBufferPointer(rebasing: line[..<exception])
        var start: Int?
        var from = 0
        while from < before.count,
            let hit = search(codeMarker, in: UnsafeRawBufferPointer(rebasing: before[from...]))
        {
            start = from + hit
            from = from + hit + 1
        }
        return start
    }

    /// The first index of `needle` in `haystack` (memchr for its first byte, then memcmp:
    /// Glibc's memmem is a GNU extension Swift does not import).
    private static func search(_ needle: [UInt8], in haystack: UnsafeRawBufferPointer) -> Int? {
        guard let first = needle.first, let base = haystack.baseAddress, haystack.count >= needle.count else {
            return nil
        }
        var from = 0
        let lastStart = haystack.count - needle.count
        while from <= lastStart, let hit = find(first, in: haystack, from: from) {
            guard hit <= lastStart else { return nil }
            let matches = needle.withUnsafeBytes { needleBytes in
                needleBytes.baseAddress.map { memcmp(base + hit, $0, needle.count) == 0 } ?? false
            }
            if matches { return hit }
            from = hit + 1
        }
        return nil
    }

    private static func find(_ byte: UInt8, in chunk: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = chunk.baseAddress, start < chunk.count else { return nil }
        guard let found = memchr(base + start, Int32(byte), chunk.count - start) else { return nil }
        return base.distance(to: UnsafeRawPointer(found))
    }
}
