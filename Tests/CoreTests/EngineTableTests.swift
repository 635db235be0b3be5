import Core
import Testing

/// The ingestion signature: what counts as a change of a table's definition.
@Suite struct EngineTableTests {
    static let base = EngineTable(
        schema: "s", name: "t", comment: "c", rowCount: 12_345, sizeBytes: 1_000_000,
        columns: [EngineColumn(position: 0, name: "a", type: "int"), EngineColumn(position: 1, name: "b", type: "text")])

    @Test func theSignatureIsStableAndFollowsTheDefinition() {
        #expect(Self.base.signature == Self.base.signature)
        #expect(Self.base.signature.count == 16)
        var changes: [EngineTable] = []
        var kind = Self.base
        kind.kind = .view
        changes.append(kind)
        var comment = Self.base
        comment.comment = "d"
        changes.append(comment)
        var type = Self.base
        type.columns[1].type = "varchar"
        changes.append(type)
        var renamed = Self.base
        renamed.columns[1].name = "c"
        changes.append(renamed)
        var columnComment = Self.base
        columnComment.columns[0].comment = "x"
        changes.append(columnComment)
        var grown = Self.base
        grown.rowCount = 13_500
        changes.append(grown)
        var counted = Self.base
        counted.rowCount = nil
        changes.append(counted)
        for changed in changes { #expect(changed.signature != Self.base.signature) }
        // Boundaries between strings count: ("ab", "c") is not ("a", "bc").
        var left = Self.base
        left.columns = [EngineColumn(position: 0, name: "ab", type: "c")]
        var right = Self.base
        right.columns = [EngineColumn(position: 0, name: "a", type: "bc")]
        #expect(left.signature != right.signature)
    }

    @Test(arguments: [[12_345, 12_399], [1_000_000, 1_040_000], [99, 99], [0, 0]])
    func smallDriftInStatisticsIsNoChange(counts: [Int]) {
        var a = Self.base
        a.rowCount = Int64(counts[0])
        var b = Self.base
        b.rowCount = Int64(counts[1])
        #expect(a.signature == b.signature)
    }
}
