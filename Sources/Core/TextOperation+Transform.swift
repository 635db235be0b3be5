extension TextOperation {
    /// Reconciles two operations made on the same text: returns `(a′, b′)` such that applying
    /// `a` then `b′` gives the same text as `b` then `a′`. When both insert at one place,
    /// `a`'s text comes first — the server passes the incoming edit as `a`, and clients pass
    /// their own pending edit as `a`, so both sides order ties alike.
    /// - Throws: ``Failure/lengthMismatch(expected:actual:)`` when their bases differ.
    public static func transform(_ a: TextOperation, _ b: TextOperation) throws -> (TextOperation, TextOperation) {
        guard a.baseLength == b.baseLength else {
            throw Failure.lengthMismatch(expected: a.baseLength, actual: b.baseLength)
        }
        var aPrime = TextOperation(), bPrime = TextOperation()
        var first = Cursor(a.components), second = Cursor(b.components)
        while first.current != nil || second.current != nil {
            if case .insert(let text) = first.current {
                aPrime.insert(text)
                bPrime.retain(text.utf16.count)
                first.advance()
                continue
            }
            if case .insert(let text) = second.current {
                aPrime.retain(text.utf16.count)
                bPrime.insert(text)
                second.advance()
                continue
            }
            guard let x = first.current, let y = second.current else {
                throw Failure.malformed("The operations cover different lengths.")
            }
            let count = min(x.length, y.length)
            switch (x, y) {
            case (.retain, .retain):
                aPrime.retain(count)
                bPrime.retain(count)
            case (.delete, .retain):
                aPrime.delete(count)
            case (.retain, .delete):
                bPrime.delete(count)
            case (.delete, .delete):
                break
            default:
                throw Failure.malformed("Unexpected components.")
            }
            first.consume(count)
            second.consume(count)
        }
        return (aPrime, bPrime)
    }

    /// One operation with the effect of `self` followed by `next`.
    /// - Throws: ``Failure/lengthMismatch(expected:actual:)`` unless `next` applies to
    ///   `self`'s result.
    public func compose(_ next: TextOperation) throws -> TextOperation {
        guard targetLength == next.baseLength else {
            throw Failure.lengthMismatch(expected: targetLength, actual: next.baseLength)
        }
        var result = TextOperation()
        var first = Cursor(components), second = Cursor(next.components)
        while first.current != nil || second.current != nil {
            if case .delete(let count) = first.current {
                result.delete(count)
                first.advance()
                continue
            }
            if case .insert(let text) = second.current {
                result.insert(text)
                second.advance()
                continue
            }
            guard let x = first.current, let y = second.current else {
                throw Failure.malformed("The operations cover different lengths.")
            }
            switch (x, y) {
            case (.retain, .retain):
                let count = min(x.length, y.length)
                result.retain(count)
                first.consume(count)
                second.consume(count)
            case (.retain, .delete):
                let count = min(x.length, y.length)
                result.delete(count)
                first.consume(count)
                second.consume(count)
            case (.insert(let text), .retain):
                let count = min(x.length, y.length)
                result.insert(String(decoding: Array(text.utf16)[0..<count], as: UTF16.self))
                first.consume(count)
                second.consume(count)
            case (.insert, .delete):
                let count = min(x.length, y.length)
                first.consume(count)
                second.consume(count)
            default:
                throw Failure.malformed("Unexpected components.")
            }
        }
        return result
    }

    /// Walks components, splitting one when only part of it is used.
    private struct Cursor {
        private var remaining: ArraySlice<Component>
        private(set) var current: Component?

        init(_ components: [Component]) {
            remaining = components[...]
            current = remaining.popFirst()
        }

        mutating func advance() {
            current = remaining.popFirst()
        }

        /// Uses `count` units of the current component.
        mutating func consume(_ count: Int) {
            guard let component = current else { return }
            if component.length == count {
                advance()
                return
            }
            switch component {
            case .retain(let n): current = .retain(n - count)
            case .delete(let n): current = .delete(n - count)
            case .insert(let text):
                current = .insert(String(decoding: Array(text.utf16)[count...], as: UTF16.self))
            }
        }
    }
}

extension TextOperation.Component {
    /// Units this component covers (of the base for retain/delete, of the result for insert).
    var length: Int {
        switch self {
        case .retain(let count), .delete(let count): count
        case .insert(let text): text.utf16.count
        }
    }
}

extension TextOperation {
    /// ot.js's JSON form: `[5, "hi", -2]`.
    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var components: [Component] = []
        while !container.isAtEnd {
            if let count = try? container.decode(Int.self) {
                guard count != 0 else { throw Failure.malformed("0 is not a retain or delete count.") }
                components.append(count > 0 ? .retain(count) : .delete(-count))
            } else if let text = try? container.decode(String.self) {
                components.append(.insert(text))
            } else {
                throw Failure.malformed("Operation elements are integers or strings.")
            }
        }
        try self.init(components)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        for component in components {
            switch component {
            case .retain(let count): try container.encode(count)
            case .insert(let text): try container.encode(text)
            case .delete(let count): try container.encode(-count)
            }
        }
    }
}
