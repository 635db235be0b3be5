import Core
import Hummingbird
import HummingbirdCore
import Results

/// The optional `sort`, `order` and `filter` query parameters shared by the routes that read
/// a stored result (rows, export), and the reader they select.
enum ResultViewParameters {
    /// Reads `sort=K`, `order=asc|desc` and any number of `filter=K:OP:VALUE` (split on the
    /// first two colons only, so VALUE may hold colons) against `columns`.
    ///
    /// - Throws: `APIError.badRequest` naming the parameter: a column index that is not a
    ///   number or out of range, an unknown order or operator, a filter without two colons, or
    ///   a comparison on a numeric column whose VALUE is not a finite number.
    static func spec(_ query: FlatDictionary<Substring, Substring>, columns: [ResultColumn]) throws -> ResultViewSpec {
        var spec = ResultViewSpec()
        let descending: Bool
        switch query["order"].map({ String($0) }) {
        case nil, "asc"?: descending = false
        case "desc"?: descending = true
        case let other?: throw APIError.badRequest("`order` must be `asc` or `desc`, not `\(other)`.")
        }
        if let sort = query["sort"] {
            spec.sort = ResultViewSpec.Sort(column: try column(sort, parameter: "sort", columns: columns), descending: descending)
        }
        for raw in query[values: "filter"] {
            spec.filters.append(try filter(String(raw), columns: columns))
        }
        return spec
    }

    /// The reader to page or export from: `source` itself for an empty spec, else the view
    /// of it (built once and cached beside the result; concurrent requests share one build).
    static func reader(_ source: ResultReader, spec: ResultViewSpec) async throws -> ResultReader {
        do {
            return try await ResultViews.reader(source: source, spec: spec)
        } catch let error as ResultViewError {
            throw APIError.badRequest(message(error))
        }
    }

    static func filter(_ raw: String, columns: [ResultColumn]) throws -> ResultViewSpec.Filter {
        let parts = raw.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw APIError.badRequest("`filter` must be `column:operator:value`, not `\(raw)`.")
        }
        let index = try column(parts[0], parameter: "filter", columns: columns)
        guard let op = ResultViewSpec.Operator(rawValue: String(parts[1])) else {
            let known = ResultViewSpec.Operator.allCases.map(\.rawValue).joined(separator: ", ")
            throw APIError.badRequest("`filter` operator must be one of \(known), not `\(parts[1])`.")
        }
        let filter = ResultViewSpec.Filter(column: index, op: op, value: String(parts[2]))
        do {
            try ResultViewSpec(filters: [filter]).validate(columns: columns)
        } catch {
            throw APIError.badRequest(message(error))
        }
        return filter
    }

    static func column(_ text: Substring, parameter: String, columns: [ResultColumn]) throws -> Int {
        guard let index = Int(text), columns.indices.contains(index) else {
            let range = columns.isEmpty ? "the result has no columns" : "a column index from 0 to \(columns.count - 1)"
            throw APIError.badRequest("`\(parameter)` must name \(range), not `\(text)`.")
        }
        return index
    }

    private static func message(_ error: ResultViewError) -> String {
        switch error {
        case .noSuchColumn(let index): return "`filter` names column \(index), which the result does not have."
        case .notANumber(let column, let value):
            return "`filter` on column \(column) compares numbers; `\(value)` is not a number."
        }
    }
}
