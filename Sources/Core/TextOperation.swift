/// A change to a text, as operational transformation needs it: a sequence of retain, insert
/// and delete over the whole text, counted in UTF-16 code units so that positions agree with
/// browsers' strings (and CodeMirror's). Its JSON form is ot.js's: a positive integer retains,
/// a negative integer deletes, a string inserts — `[5, "hi", -2, 3]`.
///
/// Two operations made concurrently on the same text are reconciled with
/// ``transform(_:_:)``, so every replica ends with the same text and keeps both edits.
public struct TextOperation: Hashable, Sendable, Codable {
    /// One step of an operation.
    public enum Component: Hashable, Sendable {
        case retain(Int)
        case insert(String)
        case delete(Int)
    }

    /// Why an operation cannot be used; its `description` is a sentence for people.
    public enum Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// The operation expects a text of `expected` UTF-16 units; it got `actual`.
        case lengthMismatch(expected: Int, actual: Int)
        /// A retain or delete count that is not positive, or a JSON element of another kind.
        case malformed(String)

        public var description: String {
            switch self {
            case .lengthMismatch(let expected, let actual):
                "It covers \(expected) UTF-16 units, but the text has \(actual)."
            case .malformed(let reason): reason
            }
        }
    }

    public private(set) var components: [Component] = []
    /// UTF-16 length of the text the operation applies to.
    public private(set) var baseLength = 0
    /// UTF-16 length of the text it produces.
    public private(set) var targetLength = 0

    public init() {}

    /// An operation from components, normalised as the builder methods do.
    public init(_ components: [Component]) throws {
        for component in components {
            switch component {
            case .retain(let count) where count <= 0, .delete(let count) where count <= 0:
                throw Failure.malformed("Retain and delete counts must be positive.")
            case .retain(let count): retain(count)
            case .insert(let text): insert(text)
            case .delete(let count): delete(count)
            }
        }
    }

    /// Whether the operation changes nothing.
    public var isNoop: Bool {
        components.allSatisfy { if case .retain = $0 { true } else { false } }
    }

    /// Appends: keep the next `count` units.
    public mutating func retain(_ count: Int) {
        guard count > 0 else { return }
        baseLength += count
        targetLength += count
        if case .retain(let last) = components.last {
            components[components.count - 1] = .retain(last + count)
        } else {
            components.append(.retain(count))
        }
    }

    /// Appends: insert `text` here. An insert right after a delete goes before it, so equal
    /// operations have equal components.
    public mutating func insert(_ text: String) {
        guard !text.isEmpty else { return }
        targetLength += text.utf16.count
        switch components.last {
        case .insert(let last):
            components[components.count - 1] = .insert(last + text)
        case .delete(let count):
            if components.count >= 2, case .insert(let previous) = components[components.count - 2] {
                components[components.count - 2] = .insert(previous + text)
            } else {
                components[components.count - 1] = .insert(text)
                components.append(.delete(count))
            }
        default:
            components.append(.insert(text))
        }
    }

    /// Appends: delete the next `count` units.
    public mutating func delete(_ count: Int) {
        guard count > 0 else { return }
        baseLength += count
        if case .delete(let last) = components.last {
            components[components.count - 1] = .delete(last + count)
        } else {
            components.append(.delete(count))
        }
    }

    /// The operation that turns `old` into `new`: one replacement of the part that differs.
    public static func replacing(_ old: String, with new: String) -> TextOperation {
        let a = Array(old.utf16), b = Array(new.utf16)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        // Whole characters only: "🙂" → "🙃" share their first UTF-16 unit, not a character.
        if prefix > 0, UTF16.isLeadSurrogate(a[prefix - 1]) { prefix -= 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] {
            suffix += 1
        }
        if suffix > 0, UTF16.isTrailSurrogate(a[a.count - suffix]) { suffix -= 1 }
        var operation = TextOperation()
        operation.retain(prefix)
        operation.insert(String(decoding: b[prefix..<(b.count - suffix)], as: UTF16.self))
        operation.delete(a.count - prefix - suffix)
        operation.retain(suffix)
        return operation
    }

    /// The text after the operation.
    /// - Throws: ``Failure/lengthMismatch(expected:actual:)`` when `text` is not its base.
    public func apply(to text: String) throws -> String {
        let units = Array(text.utf16)
        guard units.count == baseLength else {
            throw Failure.lengthMismatch(expected: baseLength, actual: units.count)
        }
        var result: [UInt16] = []
        result.reserveCapacity(targetLength)
        var index = 0
        for component in components {
            switch component {
            case .retain(let count):
                result.append(contentsOf: units[index..<(index + count)])
                index += count
            case .insert(let inserted):
                result.append(contentsOf: inserted.utf16)
            case .delete(let count):
                index += count
            }
            // A cut between the two units of a surrogate pair would leave half a character,
            // which decoding silently turns into U+FFFD: refuse the operation instead.
            if index > 0, index < units.count, UTF16.isTrailSurrogate(units[index]) {
                throw Failure.malformed("It cuts the character at UTF-16 offset \(index - 1) in half.")
            }
        }
        return String(decoding: result, as: UTF16.self)
    }
}
