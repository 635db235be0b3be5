/// Turns tokens into nodes and expressions. Unknown tags, filters and functions are errors
/// here, before anything renders, even in a branch that would not run.
struct Parser {
    private let tokens: [Token]
    private var index = 0
    private var depth = 0
    /// Deeper nesting than this is refused (it would only come from a hostile template).
    static let maxDepth = 64

    static func parse(_ source: String) throws(TemplateError) -> [Node] {
        var parser = Parser(tokens: try Lexer.tokens(source))
        let (nodes, end) = try parser.body(until: [])
        if let end { throw TemplateError("unexpected '\(end.name)'.", at: end.position) }
        return nodes
    }

    private init(tokens: [Token]) { self.tokens = tokens }

    private var current: Token { tokens[index] }

    private mutating func next() -> Token {
        let token = tokens[index]
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    private func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol(symbol) }
    private func isName(_ name: String) -> Bool { current.kind == .name(name) }

    private mutating func expect(_ kind: Token.Kind, _ what: String) throws(TemplateError) {
        guard current.kind == kind else { throw TemplateError("expected \(what) but found \(Self.describe(current)).", at: current.position) }
        _ = next()
    }

    private mutating func expectName(_ what: String) throws(TemplateError) -> String {
        guard case .name(let name) = current.kind, !Self.keywords.contains(name) else {
            throw TemplateError("expected \(what) but found \(Self.describe(current)).", at: current.position)
        }
        _ = next()
        return name
    }

    static let keywords: Set<String> = ["and", "or", "not", "in", "is", "if", "else", "elif", "endif", "for", "endfor", "set",
                                        "true", "false", "none", "True", "False", "None"]

    static func describe(_ token: Token) -> String {
        switch token.kind {
        case .text: "text"
        case .outputStart: "'{{'"
        case .outputEnd: "'}}'"
        case .tagStart: "'{%'"
        case .tagEnd: "'%}'"
        case .name(let name): "'\(name)'"
        case .string: "a string"
        case .integer, .real: "a number"
        case .symbol(let symbol): "'\(symbol)'"
        case .end: "the end of the template"
        }
    }

    // MARK: Statements

    /// Nodes up to one of the tags in `ends` (returned, with the rest of its tag unread), or the end.
    private mutating func body(until ends: Set<String>) throws(TemplateError) -> ([Node], (name: String, position: SourcePosition)?) {
        var nodes: [Node] = []
        while true {
            let token = next()
            switch token.kind {
            case .end:
                return (nodes, nil)
            case .text(let text):
                nodes.append(.text(text))
            case .outputStart:
                let expression = try self.expression()
                try expect(.outputEnd, "'}}'")
                nodes.append(.output(expression))
            case .tagStart:
                let tag = current
                guard case .name(let name) = tag.kind else {
                    throw TemplateError("expected a tag name (if, for, set…) but found \(Self.describe(tag)).", at: tag.position)
                }
                _ = next()
                if ends.contains(name) { return (nodes, (name, tag.position)) }
                switch name {
                case "if": nodes.append(try conditional(at: tag.position))
                case "for": nodes.append(try loop(at: tag.position))
                case "set":
                    let variable = try expectName("a name to set")
                    try expect(.symbol("="), "'='")
                    let value = try expression()
                    try expect(.tagEnd, "'%}'")
                    nodes.append(.assignment(name: variable, value: value))
                case "elif", "else", "endif", "endfor":
                    let opener = name == "endfor" ? "for" : "if"
                    throw TemplateError("unexpected '\(name)': there is no open '\(opener)'.", at: tag.position)
                default:
                    throw TemplateError("unknown tag '\(name)'.", at: tag.position)
                }
            default:
                throw TemplateError("unexpected \(Self.describe(token)).", at: token.position)
            }
        }
    }

    private mutating func conditional(at opener: SourcePosition) throws(TemplateError) -> Node {
        var branches: [(condition: Expression, body: [Node])] = []
        var condition = try expression()
        while true {
            try expect(.tagEnd, "'%}'")
            let (nodes, end) = try body(until: ["elif", "else", "endif"])
            branches.append((condition, nodes))
            guard let end else { throw TemplateError("this 'if' is never closed: add {% endif %}.", at: opener) }
            switch end.name {
            case "elif":
                condition = try expression()
            case "else":
                try expect(.tagEnd, "'%}'")
                let (otherwise, close) = try body(until: ["endif", "elif", "else"])
                guard let close else { throw TemplateError("this 'if' is never closed: add {% endif %}.", at: opener) }
                guard close.name == "endif" else {
                    throw TemplateError("unexpected '\(close.name)' after 'else'.", at: close.position)
                }
                try expect(.tagEnd, "'%}'")
                return .conditional(branches, otherwise: otherwise)
            default:
                try expect(.tagEnd, "'%}'")
                return .conditional(branches, otherwise: [])
            }
        }
    }

    private mutating func loop(at opener: SourcePosition) throws(TemplateError) -> Node {
        let variable = try expectName("a loop variable")
        guard isName("in") else { throw TemplateError("expected 'in' but found \(Self.describe(current)).", at: current.position) }
        _ = next()
        let sequence = try expression()
        try expect(.tagEnd, "'%}'")
        let (nodes, end) = try body(until: ["else", "endfor"])
        guard let end else { throw TemplateError("this 'for' is never closed: add {% endfor %}.", at: opener) }
        var otherwise: [Node] = []
        if end.name == "else" {
            try expect(.tagEnd, "'%}'")
            let (other, close) = try body(until: ["endfor"])
            guard close != nil else { throw TemplateError("this 'for' is never closed: add {% endfor %}.", at: opener) }
            otherwise = other
        }
        try expect(.tagEnd, "'%}'")
        return .loop(variable: variable, sequence: sequence, body: nodes, otherwise: otherwise, position: opener)
    }

    // MARK: Expressions

    private mutating func nest() throws(TemplateError) {
        depth += 1
        if depth > Self.maxDepth { throw TemplateError("the expression is nested too deeply.", at: current.position) }
    }

    mutating func expression() throws(TemplateError) -> Expression {
        try nest()
        defer { depth -= 1 }
        let value = try or()
        guard isName("if") else { return value }
        _ = next()
        let condition = try or()
        var otherwise: Expression?
        if isName("else") {
            _ = next()
            otherwise = try expression()
        }
        return Expression(kind: .conditional(condition: condition, then: value, otherwise: otherwise), position: value.position)
    }

    private mutating func or() throws(TemplateError) -> Expression {
        var left = try and()
        while isName("or") {
            let position = next().position
            left = Expression(kind: .binary("or", left, try and()), position: position)
        }
        return left
    }

    private mutating func and() throws(TemplateError) -> Expression {
        var left = try not()
        while isName("and") {
            let position = next().position
            left = Expression(kind: .binary("and", left, try not()), position: position)
        }
        return left
    }

    private mutating func not() throws(TemplateError) -> Expression {
        guard isName("not") else { return try comparison() }
        try nest()
        defer { depth -= 1 }
        let position = next().position
        return Expression(kind: .unary("not", try not()), position: position)
    }

    static let comparisons: Set<String> = ["==", "!=", "<", ">", "<=", ">="]

    private mutating func comparison() throws(TemplateError) -> Expression {
        var left = try sum()
        while true {
            let position = current.position
            if case .symbol(let symbol) = current.kind, Self.comparisons.contains(symbol) {
                _ = next()
                left = Expression(kind: .binary(symbol, left, try sum()), position: position)
            } else if isName("in") {
                _ = next()
                left = Expression(kind: .binary("in", left, try sum()), position: position)
            } else if isName("not"), index + 1 < tokens.count, tokens[index + 1].kind == .name("in") {
                _ = next()
                _ = next()
                left = Expression(kind: .binary("not in", left, try sum()), position: position)
            } else {
                return left
            }
        }
    }

    private mutating func sum() throws(TemplateError) -> Expression {
        var left = try concatenation()
        while isSymbol("+") || isSymbol("-") {
            let token = next()
            guard case .symbol(let symbol) = token.kind else { break }
            left = Expression(kind: .binary(symbol, left, try concatenation()), position: token.position)
        }
        return left
    }

    private mutating func concatenation() throws(TemplateError) -> Expression {
        var left = try product()
        while isSymbol("~") {
            let position = next().position
            left = Expression(kind: .binary("~", left, try product()), position: position)
        }
        return left
    }

    private mutating func product() throws(TemplateError) -> Expression {
        var left = try unary()
        while isSymbol("*") || isSymbol("/") || isSymbol("//") || isSymbol("%") {
            let token = next()
            guard case .symbol(let symbol) = token.kind else { break }
            left = Expression(kind: .binary(symbol, left, try unary()), position: token.position)
        }
        return left
    }

    private mutating func unary() throws(TemplateError) -> Expression {
        guard isSymbol("-") || isSymbol("+") else { return try postfix() }
        try nest()
        defer { depth -= 1 }
        let token = next()
        guard case .symbol(let symbol) = token.kind else { return try postfix() }
        return Expression(kind: .unary(symbol, try unary()), position: token.position)
    }

    private mutating func postfix() throws(TemplateError) -> Expression {
        var value = try primary()
        while true {
            let position = current.position
            if isSymbol(".") {
                _ = next()
                let name = try attributeName()
                value = Expression(kind: .attribute(value, name), position: position)
            } else if isSymbol("[") {
                _ = next()
                let key = try expression()
                try expect(.symbol("]"), "']'")
                value = Expression(kind: .index(value, key), position: position)
            } else if isSymbol("|") {
                _ = next()
                let filterPosition = current.position
                guard case .name(let name) = current.kind else {
                    throw TemplateError("expected a filter name after '|' but found \(Self.describe(current)).", at: filterPosition)
                }
                guard Filters.names.contains(name) else {
                    throw TemplateError("unknown filter '\(name)'.", at: filterPosition)
                }
                _ = next()
                let arguments = isSymbol("(") ? try callArguments() : []
                value = Expression(kind: .filter(value, name, arguments), position: filterPosition)
            } else if isName("is") {
                _ = next()
                var negated = false
                if isName("not") { _ = next(); negated = true }
                let testPosition = current.position
                guard case .name(let test) = current.kind, Evaluator.tests.contains(test) else {
                    throw TemplateError(
                        "unknown test \(Self.describe(current)): use 'defined', 'undefined' or 'none'.", at: testPosition)
                }
                _ = next()
                value = Expression(kind: .test(value, test, negated: negated), position: position)
            } else {
                return value
            }
        }
    }

    private mutating func attributeName() throws(TemplateError) -> String {
        guard case .name(let name) = current.kind else {
            throw TemplateError("expected an attribute name after '.' but found \(Self.describe(current)).", at: current.position)
        }
        _ = next()
        return name
    }

    private mutating func callArguments() throws(TemplateError) -> [Expression] {
        try expect(.symbol("("), "'('")
        var arguments: [Expression] = []
        while !isSymbol(")") {
            arguments.append(try expression())
            guard isSymbol(",") else { break }
            _ = next()
        }
        try expect(.symbol(")"), "')' or ','")
        return arguments
    }

    private mutating func primary() throws(TemplateError) -> Expression {
        let token = current
        let position = token.position
        switch token.kind {
        case .string(let text):
            _ = next()
            return Expression(kind: .literal(.string(text)), position: position)
        case .integer(let number):
            _ = next()
            return Expression(kind: .literal(.integer(number)), position: position)
        case .real(let number):
            _ = next()
            return Expression(kind: .literal(.real(number)), position: position)
        case .name(let name):
            switch name {
            case "true", "True": _ = next(); return Expression(kind: .literal(.boolean(true)), position: position)
            case "false", "False": _ = next(); return Expression(kind: .literal(.boolean(false)), position: position)
            case "none", "None": _ = next(); return Expression(kind: .literal(.none), position: position)
            default: break
            }
            guard !Self.keywords.contains(name) else {
                throw TemplateError("expected a value but found '\(name)'.", at: position)
            }
            _ = next()
            guard isSymbol("(") else { return Expression(kind: .name(name), position: position) }
            guard Builtins.functions.contains(name) else {
                throw TemplateError(
                    "unknown function '\(name)': the functions are \(Builtins.functions.sorted().joined(separator: ", ")).",
                    at: position)
            }
            return Expression(kind: .call(name, try callArguments()), position: position)
        case .symbol("("):
            _ = next()
            let inner = try expression()
            try expect(.symbol(")"), "')'")
            return inner
        case .symbol("["):
            _ = next()
            try nest()
            defer { depth -= 1 }
            var items: [Expression] = []
            while !isSymbol("]") {
                items.append(try expression())
                guard isSymbol(",") else { break }
                _ = next()
            }
            try expect(.symbol("]"), "']' or ','")
            return Expression(kind: .list(items), position: position)
        default:
            throw TemplateError("expected a value but found \(Self.describe(token)).", at: position)
        }
    }
}
