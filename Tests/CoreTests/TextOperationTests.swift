import Core
import Foundation
import Testing
import TestSupport

/// A random edit of `text`: a few retains, inserts (with multi-unit characters) and deletes.
func randomOperation(on text: String, using random: inout SeededRandom) -> TextOperation {
    let pieces = ["a", "b", "é", "中", "🙂", "\n", "xyz"]
    var operation = TextOperation()
    var left = text.utf16.count
    let units = Array(text.utf16)
    while left > 0 {
        let count = Int.random(in: 1...max(1, min(left, 5)), using: &random)
        let start = units.count - left
        // Never cut a surrogate pair: whole characters only, as editors do.
        var end = start + count
        while end < units.count, UTF16.isTrailSurrogate(units[end]) { end += 1 }
        let span = end - start
        switch Int.random(in: 0..<3, using: &random) {
        case 0: operation.retain(span)
        case 1: operation.delete(span)
        default: operation.insert(pieces.randomElement(using: &random)!); operation.retain(span)
        }
        left -= span
    }
    if Bool.random(using: &random) { operation.insert(pieces.randomElement(using: &random)!) }
    return operation
}

@Suite struct TextOperationTests {
    @Test func appliesInUTF16Units() throws {
        // "a🙂bc" is 5 UTF-16 units: a, the emoji's two, b, c.
        let operation = try TextOperation([.retain(3), .insert("中"), .delete(1), .retain(1)])
        #expect(operation.baseLength == 5 && operation.targetLength == 5)
        #expect(try operation.apply(to: "a🙂bc") == "a🙂中c")
    }

    @Test func jsonIsOtJsForm() throws {
        let operation = try TextOperation([.retain(5), .insert("hi"), .delete(2), .retain(3)])
        let json = String(decoding: try JSONEncoder().encode(operation), as: UTF8.self)
        #expect(json == #"[5,"hi",-2,3]"#)
        #expect(try JSONDecoder().decode(TextOperation.self, from: Data(json.utf8)) == operation)
        #expect(throws: (any Error).self) { try JSONDecoder().decode(TextOperation.self, from: Data("[0]".utf8)) }
        #expect(throws: (any Error).self) { try JSONDecoder().decode(TextOperation.self, from: Data("[true]".utf8)) }
    }

    @Test func refusesATextOfAnotherLength() throws {
        let operation = try TextOperation([.retain(3)])
        #expect(throws: TextOperation.Failure.lengthMismatch(expected: 3, actual: 2)) { try operation.apply(to: "ab") }
    }

    @Test func replacingDiffsToOneChange() throws {
        let operation = TextOperation.replacing("SELECT 1 FROM t", with: "SELECT 42 FROM t")
        #expect(operation.components == [.retain(7), .insert("42"), .delete(1), .retain(7)])
        #expect(try operation.apply(to: "SELECT 1 FROM t") == "SELECT 42 FROM t")
    }

    @Test(arguments: 0..<300)
    func concurrentEditsConvergeAndKeepBothInsertions(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed))
        let base = ["", "SELECT 1", "héllo 🙂 world", "a\nb\nc"][seed % 4]
        let a = randomOperation(on: base, using: &random)
        let b = randomOperation(on: base, using: &random)
        let (aPrime, bPrime) = try TextOperation.transform(a, b)
        let viaA = try bPrime.apply(to: try a.apply(to: base))
        let viaB = try aPrime.apply(to: try b.apply(to: base))
        #expect(viaA == viaB)
        for case .insert(let text) in a.components + b.components {
            #expect(viaA.contains(text), "lost insertion \(text)")
        }
    }

    @Test(arguments: 0..<200)
    func composeEqualsApplyingInTurn(seed: Int) throws {
        var random = SeededRandom(seed: UInt64(seed) + 10_000)
        let base = "SELECT kind, count(*) FROM events 🙂"
        let first = randomOperation(on: base, using: &random)
        let middle = try first.apply(to: base)
        let second = randomOperation(on: middle, using: &random)
        #expect(try first.compose(second).apply(to: base) == second.apply(to: middle))
    }
}
