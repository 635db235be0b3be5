import Core
import Foundation
import Templating
import Testing

/// One row of the rendering table: a template, its variables, and the output or the error
/// (message and line) it must give.
struct RenderCase: Sendable, CustomTestStringConvertible {
    enum Expected: Sendable {
        case output(String)
        /// The whole message, and the line (`nil` for errors about the variables as a set).
        case error(String, line: Int?)
    }

    let name: String
    let template: String
    var variables: [DocVariable] = []
    let expected: Expected
    /// The instant rendered at (ISO 8601) and the server's time zone.
    var at = "2026-03-01T10:00:00Z"
    var zone = "UTC"
    var dialect = SQLDialect.standard

    var testDescription: String { name }

    init(
        _ name: String, _ template: String, _ variables: [DocVariable] = [], _ expected: Expected,
        at: String = "2026-03-01T10:00:00Z", zone: String = "UTC", dialect: SQLDialect = .standard
    ) {
        self.name = name
        self.template = template
        self.variables = variables
        self.expected = expected
        self.at = at
        self.zone = zone
        self.dialect = dialect
    }

    /// What rendering gives: the output, or the error's message and line. Checks the
    /// variables first, as every caller does.
    func run() async -> Expected {
        do {
            try VariableRules.check(variables)
        } catch {
            return .error(error.description, line: nil)
        }
        let context = TemplateContext(
            at: ISO8601DateFormatter().date(from: at)!, timeZone: TimeZone(identifier: zone)!, dialect: dialect,
            variables: variables, latestPartition: Self.partitions)
        do {
            return .output(try await Template.render(template, context: context))
        } catch {
            return .error(error.message, line: error.line)
        }
    }

    /// A stand-in for the engine: one table with partitions.
    static let partitions: LatestPartitionLookup = { table, key in
        guard table == "analytics.events", key == "dt" else { throw TemplateLookupError("no table \(table) with a column \(key).") }
        return .string("2026-11-30")
    }
}

extension RenderCase.Expected: Equatable {}

func string(_ name: String, _ value: String) -> DocVariable { DocVariable(name: name, type: .string, value: .string(value)) }
func date(_ name: String, _ value: String) -> DocVariable { DocVariable(name: name, type: .date, value: .string(value)) }
func number(_ name: String, _ value: Int64) -> DocVariable { DocVariable(name: name, type: .number, value: .integer(value)) }
func list(_ name: String, _ items: [DocVariable.Value]) -> DocVariable { DocVariable(name: name, type: .list, value: .list(items)) }
