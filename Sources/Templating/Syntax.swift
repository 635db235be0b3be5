/// An expression with the place it starts, for errors.
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case literal(TemplateValue)
        case name(String)
        case list([Expression])
        case attribute(Expression, String)
        case index(Expression, Expression)
        /// A built-in function: `ds_add(ds, -1)`.
        case call(String, [Expression])
        /// `value | name(arguments)`.
        case filter(Expression, String, [Expression])
        case unary(String, Expression)
        case binary(String, Expression, Expression)
        /// `value is [not] test`.
        case test(Expression, String, negated: Bool)
        /// `then if condition else otherwise`.
        case conditional(condition: Expression, then: Expression, otherwise: Expression?)
    }

    var kind: Kind
    var position: SourcePosition

    /// Every name the expression reads (to order doc variables by what they use).
    func names(into names: inout Set<String>) {
        switch kind {
        case .literal: break
        case .name(let name): names.insert(name)
        case .list(let items): for item in items { item.names(into: &names) }
        case .attribute(let base, _): base.names(into: &names)
        case .index(let base, let key): base.names(into: &names); key.names(into: &names)
        case .call(_, let arguments): for argument in arguments { argument.names(into: &names) }
        case .filter(let base, _, let arguments):
            base.names(into: &names)
            for argument in arguments { argument.names(into: &names) }
        case .unary(_, let operand): operand.names(into: &names)
        case .binary(_, let left, let right): left.names(into: &names); right.names(into: &names)
        case .test(let operand, _, _): operand.names(into: &names)
        case .conditional(let condition, let then, let otherwise):
            condition.names(into: &names)
            then.names(into: &names)
            otherwise?.names(into: &names)
        }
    }
}

/// A piece of a parsed template.
indirect enum Node: Sendable {
    case text(String)
    case output(Expression)
    /// `if`/`elif` branches in order, then the `else` body.
    case conditional([(condition: Expression, body: [Node])], otherwise: [Node])
    case loop(variable: String, sequence: Expression, body: [Node], otherwise: [Node], position: SourcePosition)
    case assignment(name: String, value: Expression)

    /// Every name the nodes read.
    static func names(in nodes: [Node], into names: inout Set<String>) {
        for node in nodes {
            switch node {
            case .text: break
            case .output(let expression): expression.names(into: &names)
            case .conditional(let branches, let otherwise):
                for branch in branches {
                    branch.condition.names(into: &names)
                    Self.names(in: branch.body, into: &names)
                }
                Self.names(in: otherwise, into: &names)
            case .loop(_, let sequence, let body, let otherwise, _):
                sequence.names(into: &names)
                Self.names(in: body, into: &names)
                Self.names(in: otherwise, into: &names)
            case .assignment(_, let value): value.names(into: &names)
            }
        }
    }
}
