import Core

/// What a doc's variables must be: at most 100, each named `[A-Za-z_][A-Za-z0-9_]{0,63}`,
/// unique, not a built-in, with a value of its type, template values that parse, and no cycle
/// between variables that use each other.
public enum VariableRules {
    public static let maxCount = 100
    public static let maxNameLength = 64
    public static let maxValueLength = 10_000
    public static let maxListItems = 1_000

    /// - Throws: ``VariableError/invalid(name:message:)`` naming the first bad variable, or
    ///   ``VariableError/cycle(_:)``.
    public static func check(_ variables: [DocVariable]) throws(VariableError) {
        guard variables.count <= maxCount else {
            throw .invalid(name: "", message: "A doc has at most \(maxCount) variables, not \(variables.count).")
        }
        var seen = Set<String>()
        var uses: [String: Set<String>] = [:]
        for variable in variables {
            let name = variable.name
            guard isValidName(name) else {
                throw .invalid(
                    name: name,
                    message: "'\(name)' is not a valid variable name: use letters, digits and _ (not first), at most \(maxNameLength).")
            }
            guard !Builtins.reserved.contains(name) else {
                throw .invalid(name: name, message: "'\(name)' is a built-in name; pick another name for the variable.")
            }
            guard seen.insert(name).inserted else {
                throw .invalid(name: name, message: "There are two variables named '\(name)'.")
            }
            uses[name] = try checkValue(variable)
        }
        if let cycle = cycle(in: variables.map(\.name), uses: uses) { throw .cycle(cycle) }
    }

    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, name.unicodeScalars.count <= maxNameLength else { return false }
        func letter(_ scalar: Unicode.Scalar) -> Bool { scalar == "_" || ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
        return letter(first) && name.unicodeScalars.allSatisfy { letter($0) || ("0"..."9").contains($0) }
    }

    /// The names a variable's value uses (none unless it is a template).
    private static func checkValue(_ variable: DocVariable) throws(VariableError) -> Set<String> {
        let name = variable.name
        func invalid(_ message: String) -> VariableError { .invalid(name: name, message: "Variable '\(name)': \(message)") }
        switch (variable.type, variable.value) {
        case (.string, .string(let text)), (.date, .string(let text)):
            guard text.count <= maxValueLength else { throw invalid("the value is longer than \(maxValueLength) characters.") }
            guard !text.contains("\0") else { throw invalid("the value holds a NUL character.") }
            if Template.needsRendering(text) {
                do {
                    return try Template.names(in: text)
                } catch {
                    throw invalid(error.message)
                }
            }
            if variable.type == .date, TemplateValue.parseDate(text) == nil {
                throw invalid("'\(text)' is not a date; write YYYY-MM-DD (or a template such as {{ ds_add(ds, -7) }}).")
            }
            return []
        case (.number, .integer), (.number, .real(_)):
            if case .real(let number) = variable.value, !number.isFinite { throw invalid("the number must be finite.") }
            return []
        case (.boolean, .boolean):
            return []
        case (.list, .list(let items)):
            guard items.count <= maxListItems else { throw invalid("a list has at most \(maxListItems) items.") }
            for item in items {
                switch item {
                case .string(let text):
                    guard text.count <= maxValueLength, !text.contains("\0") else { throw invalid("a list item is too long or holds NUL.") }
                case .integer, .real: continue
                default: throw invalid("a list holds only strings and numbers.")
                }
            }
            return []
        default:
            let wanted = [
                DocVariable.Kind.string: "a string", .number: "a number", .boolean: "true or false", .date: "a date string (YYYY-MM-DD)",
                .list: "a list of strings and numbers",
            ][variable.type] ?? "a value"
            throw invalid("a \(variable.type.rawValue) variable needs \(wanted) as its value.")
        }
    }

    /// The first cycle, in declaration order, as names with the first repeated at the end.
    static func cycle(in order: [String], uses: [String: Set<String>]) -> [String]? {
        var done = Set<String>()
        var path: [String] = []
        func visit(_ name: String) -> [String]? {
            if let start = path.firstIndex(of: name) { return Array(path[start...]) + [name] }
            guard !done.contains(name), let used = uses[name] else { return nil }
            path.append(name)
            // Follow uses in declaration order, so the message is the same every time.
            for next in order where used.contains(next) {
                if let found = visit(next) { return found }
            }
            path.removeLast()
            done.insert(name)
            return nil
        }
        for name in order {
            if let found = visit(name) { return found }
        }
        return nil
    }
}
