import Core
import Testing

/// Operations count UTF-16 units, but a character outside the BMP takes two of them: an
/// operation must never cut between the two.
@Suite struct TextOperationCharacterTests {
    // "a🙂b": a at 0, the emoji at 1–2, b at 3.
    static let cuts: [[TextOperation.Component]] = [
        [.retain(2), .insert("x"), .retain(2)],
        [.retain(1), .delete(1), .retain(2)],
        [.retain(2), .delete(2)],
        [.delete(2), .retain(2)],
    ]

    @Test(arguments: cuts)
    func anOperationThatCutsACharacterIsRefused(_ components: [TextOperation.Component]) throws {
        let operation = try TextOperation(components)
        #expect(throws: TextOperation.Failure.self) { try operation.apply(to: "a🙂b") }
    }

    @Test func wholeCharactersStillApply() throws {
        #expect(try TextOperation([.retain(3), .insert("x"), .retain(1)]).apply(to: "a🙂b") == "a🙂xb")
        #expect(try TextOperation([.retain(1), .delete(2), .retain(1)]).apply(to: "a🙂b") == "ab")
        #expect(try TextOperation([.retain(1), .insert("🙃"), .retain(3)]).apply(to: "a🙂b") == "a🙃🙂b")
    }

    @Test(arguments: [("🙂", "🙃"), ("a🙂", "a🙃"), ("🙂b", "🙃b"), ("x🙂🙂y", "x🙂🙃y"), ("😀", "😀😀"), ("𝄞", "")])
    func replacingKeepsWholeCharacters(_ old: String, _ new: String) throws {
        let operation = TextOperation.replacing(old, with: new)
        #expect(try operation.apply(to: old) == new)
        for component in operation.components {
            if case .insert(let text) = component { #expect(!text.contains("\u{FFFD}")) }
        }
    }
}
