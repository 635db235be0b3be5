import Core
import Foundation

/// Answers `latest_partition('schema.table', 'key')`: the largest value of `key` in the table.
/// The Execution side runs `SELECT MAX(key) FROM schema.table` on the query's engine.
/// A thrown error's description becomes the template error's text.
public typealias LatestPartitionLookup = @Sendable (_ table: String, _ key: String) async throws -> TemplateValue

/// Everything a rendering depends on; rendering is pure given these.
public struct TemplateContext: Sendable {
    /// The instant `today`, `yesterday` and `ds` are taken from.
    public var at: Date
    /// The zone whose calendar day `at` falls on is `today`.
    public var timeZone: TimeZone
    /// How `sql_string`, `sql_identifier` and `sql_list` quote.
    public var dialect: SQLDialect
    /// The doc's variables (checked with ``VariableRules/check(_:)`` first), in their order.
    public var variables: [DocVariable]
    public var latestPartition: LatestPartitionLookup

    public init(
        at: Date, timeZone: TimeZone, dialect: SQLDialect = .standard, variables: [DocVariable] = [],
        latestPartition: @escaping LatestPartitionLookup = { _, _ in
            throw TemplateLookupError("latest_partition is not available here.")
        }
    ) {
        self.at = at
        self.timeZone = timeZone
        self.dialect = dialect
        self.variables = variables
        self.latestPartition = latestPartition
    }

    /// Days since 1970-01-01 of the calendar day `at` falls on in `timeZone`.
    var today: Int64 {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: at)
        return CivilDate.days(year: Int64(parts.year ?? 1970), month: Int64(parts.month ?? 1), day: Int64(parts.day ?? 1))
    }
}

/// An error a lookup throws with words for people.
public struct TemplateLookupError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// The templates of query cells: a small Jinja-compatible language (see Docs/user-guide.md).
public enum Template {
    /// Whether `source` has any template syntax (`{{`, `{%` or `{#`); one without is used as is.
    public static func needsRendering(_ source: String) -> Bool {
        source.contains("{{") || source.contains("{%") || source.contains("{#")
    }

    /// Checks a template's syntax, filters and function names without rendering it.
    public static func check(_ source: String) throws(TemplateError) {
        guard needsRendering(source) else { return }
        _ = try Parser.parse(source)
    }

    /// The SQL `source` renders to in `context`; `source` itself when it has no template syntax.
    /// Calls `context.latestPartition` (at most once per table and key); no other effects.
    /// - Throws: ``TemplateError`` with the line (and column) of the problem.
    public static func render(_ source: String, context: TemplateContext) async throws(TemplateError) -> String {
        guard needsRendering(source) else { return source }
        let nodes = try Parser.parse(source)
        let evaluator = Evaluator(context: context, table: VariableTable(context.variables))
        try await evaluator.render(nodes)
        return evaluator.output
    }

    /// The names a template reads (every name, including loop variables).
    static func names(in source: String) throws(TemplateError) -> Set<String> {
        guard needsRendering(source) else { return [] }
        var names = Set<String>()
        Node.names(in: try Parser.parse(source), into: &names)
        return names
    }
}
