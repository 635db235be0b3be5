import Core
import Foundation

/// The doc variables of one rendering, each rendered once when first used (so in dependency
/// order), and the `latest_partition` answers already fetched.
final class VariableTable {
    let definitions: [String: DocVariable]
    var resolved: [String: TemplateValue] = [:]
    /// The variables being rendered, outermost first: meeting one again is a cycle.
    var resolving: [String] = []
    var partitions: [String: TemplateValue] = [:]
    /// Loop iterations across the whole rendering.
    var iterations = 0

    init(_ variables: [DocVariable]) {
        definitions = Dictionary(variables.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }
}

/// Renders parsed nodes into text. One per template (a variable's template gets its own, with
/// fresh scopes, sharing the ``VariableTable``); used by one task at a time.
final class Evaluator {
    let context: TemplateContext
    let table: VariableTable
    let today: Int64
    private var scopes: [[String: TemplateValue]] = [[:]]
    private(set) var output = ""
    private var outputSize = 0

    /// Limits that only a runaway template reaches.
    static let maxOutput = 4 << 20
    static let maxIterations = 100_000
    static let tests: Set<String> = ["defined", "undefined", "none"]

    init(context: TemplateContext, table: VariableTable, today: Int64? = nil) {
        self.context = context
        self.table = table
        self.today = today ?? context.today
    }

    func render(_ nodes: [Node]) async throws(TemplateError) {
        for node in nodes {
            switch node {
            case .text(let text):
                try write(text, at: SourcePosition(line: 1, column: 1))
            case .output(let expression):
                try write(try await evaluate(expression).rendered, at: expression.position)
            case .conditional(let branches, let otherwise):
                var taken = false
                for branch in branches where try await evaluate(branch.condition).isTruthy {
                    try await render(branch.body)
                    taken = true
                    break
                }
                if !taken { try await render(otherwise) }
            case .loop(let variable, let sequence, let body, let otherwise, let position):
                guard case .list(let items) = try await evaluate(sequence) else {
                    let found = try await evaluate(sequence)
                    throw TemplateError("'for' needs a list, not \(found.kindName).", at: sequence.position)
                }
                if items.isEmpty { try await render(otherwise) }
                for (offset, item) in items.enumerated() {
                    table.iterations += 1
                    guard table.iterations <= Self.maxIterations else {
                        throw TemplateError("the loops ran more than \(Self.maxIterations) times.", at: position)
                    }
                    let count = Int64(items.count)
                    let index = Int64(offset)
                    let loop: [String: TemplateValue] = [
                        "index": .integer(index + 1), "index0": .integer(index), "revindex": .integer(count - index),
                        "revindex0": .integer(count - index - 1), "first": .boolean(offset == 0),
                        "last": .boolean(offset == items.count - 1), "length": .integer(count),
                    ]
                    scopes.append([variable: item, "loop": .map(loop)])
                    defer { scopes.removeLast() }
                    try await render(body)
                }
            case .assignment(let name, let value):
                let result = try await evaluate(value)
                scopes[scopes.count - 1][name] = result
            }
        }
    }

    private func write(_ text: String, at position: SourcePosition) throws(TemplateError) {
        outputSize += text.utf8.count
        guard outputSize <= Self.maxOutput else {
            throw TemplateError("the rendered query is larger than \(Self.maxOutput >> 20) MB.", at: position)
        }
        output += text
    }

    // MARK: Names

    func lookup(_ name: String, at position: SourcePosition) async throws(TemplateError) -> TemplateValue {
        for scope in scopes.reversed() {
            if let value = scope[name] { return value }
        }
        if table.definitions[name] != nil { return try await variable(name, at: position) }
        switch name {
        case "today": return .date(today)
        case "yesterday": return .date(today - 1)
        case "ds": return .string(TemplateValue.iso(today))
        default: throw TemplateError("'\(name)' is not defined.", at: position, isUndefined: true)
        }
    }

    /// A doc variable's value, its template rendered on first use.
    private func variable(_ name: String, at position: SourcePosition) async throws(TemplateError) -> TemplateValue {
        if let value = table.resolved[name] { return value }
        guard let definition = table.definitions[name] else { throw TemplateError("'\(name)' is not defined.", at: position) }
        if table.resolving.contains(name) {
            let cycle = Array(table.resolving.drop { $0 != name }) + [name]
            throw TemplateError(VariableError.cycle(cycle).description, at: position)
        }
        table.resolving.append(name)
        defer { table.resolving.removeLast() }
        var value = TemplateValue(definition.value)
        if case .string(let text) = definition.value, Template.needsRendering(text) {
            do {
                let nodes = try Parser.parse(text)
                let inner = Evaluator(context: context, table: table, today: today)
                try await inner.render(nodes)
                value = .string(inner.output)
            } catch {
                var wrapped = error
                if wrapped.variable == nil { wrapped.variable = name }
                throw wrapped
            }
        }
        if definition.type == .date, case .string(let text) = value {
            guard let days = TemplateValue.parseDate(text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
                var error = TemplateError("'\(text)' is not a date (YYYY-MM-DD).", at: SourcePosition(line: 1, column: 1))
                error.variable = name
                throw error
            }
            value = .date(days)
        }
        table.resolved[name] = value
        return value
    }

    // MARK: Expressions

    func evaluate(_ expression: Expression) async throws(TemplateError) -> TemplateValue {
        let position = expression.position
        switch expression.kind {
        case .literal(let value):
            return value
        case .name(let name):
            return try await lookup(name, at: position)
        case .list(let items):
            var values: [TemplateValue] = []
            for item in items { values.append(try await evaluate(item)) }
            return .list(values)
        case .attribute(let base, let name):
            return try Operators.attribute(try await evaluate(base), name, at: position)
        case .index(let base, let key):
            return try Operators.index(try await evaluate(base), try await evaluate(key), at: position)
        case .call(let name, let arguments):
            var values: [TemplateValue] = []
            for argument in arguments { values.append(try await evaluate(argument)) }
            return try await call(name, values, at: position)
        case .filter(let base, let name, let arguments):
            return try await filter(name, base, arguments, at: position)
        case .unary(let symbol, let operand):
            let value = try await evaluate(operand)
            return try Operators.unary(symbol, value, at: position)
        case .binary("and", let left, let right):
            let value = try await evaluate(left)
            return value.isTruthy ? try await evaluate(right) : value
        case .binary("or", let left, let right):
            let value = try await evaluate(left)
            return value.isTruthy ? value : try await evaluate(right)
        case .binary(let symbol, let left, let right):
            let lhs = try await evaluate(left)
            let rhs = try await evaluate(right)
            return try Operators.binary(symbol, lhs, rhs, at: position)
        case .test(let operand, let test, let negated):
            let result: Bool
            switch test {
            case "defined", "undefined":
                let defined = try await isDefined(operand)
                result = test == "defined" ? defined : !defined
            default:
                result = try await evaluate(operand) == .none
            }
            return .boolean(negated ? !result : result)
        case .conditional(let condition, let then, let otherwise):
            if try await evaluate(condition).isTruthy { return try await evaluate(then) }
            guard let otherwise else { return .none }
            return try await evaluate(otherwise)
        }
    }

    /// Whether the expression evaluates without naming something undefined.
    func isDefined(_ expression: Expression) async throws(TemplateError) -> Bool {
        do {
            _ = try await evaluate(expression)
            return true
        } catch where error.isUndefined {
            return false
        }
    }
}
