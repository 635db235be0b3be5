import Core

/// What a view of a stored result shows: the rows that pass every filter, optionally sorted
/// by one column. An empty spec is the stored result itself.
///
/// A plain value; `normalized` gives the canonical form two equal requests share, and `key`
/// names the view's cache file.
public struct ResultViewSpec: Sendable, Hashable {
    /// Sorting by one column; ties keep the stored order in both directions (as
    /// `ORDER BY col [DESC], rowid` does).
    public struct Sort: Sendable, Hashable {
        /// 0-based column index.
        public var column: Int
        /// Largest first (ties still in stored order).
        public var descending: Bool

        /// Sorting by column `column`, ascending unless `descending`.
        public init(column: Int, descending: Bool = false) {
            self.column = column
            self.descending = descending
        }
    }

    /// A filter's comparison; the raw values are the API's spellings.
    public enum Operator: String, Sendable, Hashable, CaseIterable, Comparable {
        case eq, ne, lt, le, gt, ge, contains, startswith, null, notnull

        /// Whether the operator ignores its operand (`null`, `notnull`).
        public var takesNoValue: Bool { self == .null || self == .notnull }

        /// Alphabetical by spelling, for the canonical filter order.
        public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One condition on one column; see Docs/API.md for the exact semantics.
    public struct Filter: Sendable, Hashable {
        /// 0-based column index.
        public var column: Int
        /// The comparison.
        public var op: Operator
        /// The operand as the client typed it; ignored by `null` and `notnull`.
        public var value: String

        /// A condition `column op value`.
        public init(column: Int, op: Operator, value: String = "") {
            self.column = column
            self.op = op
            self.value = value
        }
    }

    /// The sort, or `nil` to keep the stored order.
    public var sort: Sort?
    /// Conditions that must all hold (AND).
    public var filters: [Filter]

    /// A view sorting by `sort` the rows that pass all `filters`.
    public init(sort: Sort? = nil, filters: [Filter] = []) {
        self.sort = sort
        self.filters = filters
    }

    /// Whether the view is the stored result unchanged.
    public var isEmpty: Bool { sort == nil && filters.isEmpty }

    /// The same view in canonical form: filters in a fixed order without duplicates, and no
    /// operand on `null`/`notnull`. Equal views have equal normalized specs.
    public var normalized: ResultViewSpec {
        let cleaned = filters.map { filter in
            Filter(column: filter.column, op: filter.op, value: filter.op.takesNoValue ? "" : filter.value)
        }
        let unique = Set(cleaned).sorted { lhs, rhs in
            (lhs.column, lhs.op, lhs.value.utf8.count, lhs.value) < (rhs.column, rhs.op, rhs.value.utf8.count, rhs.value)
        }
        return ResultViewSpec(sort: sort, filters: unique)
    }

    /// The normalized spec as text, e.g. `sort=2:desc&filter=0:eq:5` (operands
    /// length-prefixed so no operand can forge another filter).
    public var canonicalText: String {
        let spec = normalized
        var parts: [String] = []
        if let sort = spec.sort { parts.append("sort=\(sort.column):\(sort.descending ? "desc" : "asc")") }
        for filter in spec.filters {
            parts.append("filter=\(filter.column):\(filter.op.rawValue):\(filter.value.utf8.count):\(filter.value)")
        }
        return parts.joined(separator: "&")
    }

    /// 16 hex digits naming the view's cache file: FNV-1a (64 bit) of `canonicalText`,
    /// stable across processes and versions.
    public var key: String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in canonicalText.utf8 {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// Checks the spec against a result's columns.
    ///
    /// - Throws: `ResultViewError` for a column out of range, or a comparison operand on a
    ///   numeric column (integer, real, decimal) that is not a finite number.
    public func validate(columns: [ResultColumn]) throws(ResultViewError) {
        if let sort, !columns.indices.contains(sort.column) {
            throw .noSuchColumn(sort.column)
        }
        for filter in filters {
            guard columns.indices.contains(filter.column) else { throw .noSuchColumn(filter.column) }
            if RowFilter.comparesNumbers(filter.op, columns[filter.column].type),
                ValueOrder.number(filter.value, allowNonFinite: false) == nil
            {
                throw .notANumber(column: filter.column, value: filter.value)
            }
        }
    }
}

/// Why a view cannot be built; no HTTP meaning (the HTTP module checks parameters first and
/// names them).
public enum ResultViewError: Error, Equatable, Sendable {
    /// The spec names a column the result does not have.
    case noSuchColumn(Int)
    /// A comparison on a numeric column was given an operand that is not a number.
    case notANumber(column: Int, value: String)
}
