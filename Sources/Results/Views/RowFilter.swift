import Core

/// The filters of a view compiled against a result's columns: operands parsed once, then
/// `matches` per row. Immutable and `Sendable`.
///
/// Semantics (Docs/API.md): NULL never matches a comparison nor `contains`/`startswith`.
/// On numeric columns (integer, real, decimal) `eq`…`ge` compare by ``ValueOrder`` against
/// the operand read as a number (so text stored in a numeric column is greater than every
/// number, as in SQLite). On other columns they compare the value's text form with the
/// operand by UTF-8 bytes. `contains` and `startswith` match the text form ignoring ASCII
/// case only, like SQLite's `LIKE`, with no wildcards.
struct RowFilter: Sendable {
    private enum Test: Sendable {
        case number(column: Int, type: ColumnType, op: ResultViewSpec.Operator, operand: Value)
        case text(column: Int, op: ResultViewSpec.Operator, operand: [UInt8])
        case contains(column: Int, needle: [UInt8])
        case startsWith(column: Int, prefix: [UInt8])
        case isNull(column: Int)
        case isNotNull(column: Int)
    }

    private let tests: [Test]

    /// Whether the filter lets every row through.
    var isEmpty: Bool { tests.isEmpty }

    /// Whether `op` on a column of `type` compares numbers (and so needs a numeric operand).
    static func comparesNumbers(_ op: ResultViewSpec.Operator, _ type: ColumnType) -> Bool {
        switch op {
        case .eq, .ne, .lt, .le, .gt, .ge: return [.integer, .real, .decimal].contains(type)
        default: return false
        }
    }

    /// Compiles `filters`; throws like ``ResultViewSpec/validate(columns:)``.
    init(_ filters: [ResultViewSpec.Filter], columns: [ResultColumn]) throws(ResultViewError) {
        try ResultViewSpec(filters: filters).validate(columns: columns)
        tests = filters.map { filter in
            let column = filter.column
            let type = columns[column].type
            switch filter.op {
            case .null: return .isNull(column: column)
            case .notnull: return .isNotNull(column: column)
            case .contains: return .contains(column: column, needle: Self.lowercasedASCII(filter.value.utf8))
            case .startswith: return .startsWith(column: column, prefix: Self.lowercasedASCII(filter.value.utf8))
            case .eq, .ne, .lt, .le, .gt, .ge:
                if Self.comparesNumbers(filter.op, type), let operand = ValueOrder.number(filter.value, allowNonFinite: false) {
                    return .number(column: column, type: type, op: filter.op, operand: operand)
                }
                return .text(column: column, op: filter.op, operand: Array(filter.value.utf8))
            }
        }
    }

    /// Whether `row` passes every filter.
    func matches(_ row: [Value]) -> Bool {
        for test in tests where !Self.passes(test, row) {
            return false
        }
        return true
    }

    private static func passes(_ test: Test, _ row: [Value]) -> Bool {
        switch test {
        case .isNull(let column):
            if case .null = row[column] { return true }
            return false
        case .isNotNull(let column):
            if case .null = row[column] { return false }
            return true
        case .number(let column, let type, let op, let operand):
            let value = row[column]
            if case .null = value { return false }
            return holds(op, ValueOrder.compare(ValueOrder.key(value, type: type), operand))
        case .text(let column, let op, let operand):
            let order = operand.withUnsafeBufferPointer { operand in
                ValueOrder.withText(row[column]) { ValueOrder.compareBytes($0, operand) }
            }
            guard let order else { return false }
            return holds(op, order)
        case .contains(let column, let needle):
            return ValueOrder.withText(row[column]) { contains($0, needle) } ?? false
        case .startsWith(let column, let prefix):
            return ValueOrder.withText(row[column]) { text in
                guard text.count >= prefix.count else { return false }
                for index in prefix.indices where lowercased(text[index]) != prefix[index] {
                    return false
                }
                return true
            } ?? false
        }
    }

    private static func holds(_ op: ResultViewSpec.Operator, _ order: Int) -> Bool {
        switch op {
        case .eq: return order == 0
        case .ne: return order != 0
        case .lt: return order < 0
        case .le: return order <= 0
        case .gt: return order > 0
        case .ge: return order >= 0
        default: return false
        }
    }

    /// Naive search: needles are short, and this stays allocation-free per row.
    private static func contains(_ text: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard text.count >= needle.count else { return false }
        let first = needle[0]
        for start in 0...(text.count - needle.count) where lowercased(text[start]) == first {
            var index = 1
            while index < needle.count, lowercased(text[start + index]) == needle[index] {
                index += 1
            }
            if index == needle.count { return true }
        }
        return false
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 65 && byte <= 90 ? byte + 32 : byte
    }

    private static func lowercasedASCII(_ bytes: String.UTF8View) -> [UInt8] {
        bytes.map(lowercased)
    }
}
