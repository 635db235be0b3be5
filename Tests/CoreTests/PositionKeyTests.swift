import Core
import Testing

@Suite struct PositionKeyTests {
    @Test(arguments: [
        (nil, nil), (nil, "V"), ("V", nil), ("a", "b"), ("0V", "1"), ("Z", "Z1"), ("a", "a01"), (nil, "01"),
        ("zzz", nil), ("y", "z"),
    ] as [(String?, String?)])
    func keyFallsStrictlyBetween(before: String?, after: String?) {
        let key = PositionKey.between(before, after)
        if let before { #expect(before < key) }
        if let after { #expect(key < after) }
        #expect(!key.hasSuffix("0"))
    }

    @Test func repeatedInsertsAtTheFrontAndBetweenStayOrdered() {
        var keys = PositionKey.spread(3)
        for _ in 0..<200 { keys.insert(PositionKey.between(nil, keys[0]), at: 0) }
        for _ in 0..<200 { keys.insert(PositionKey.between(keys[100], keys[101]), at: 101) }
        #expect(keys == keys.sorted())
        #expect(Set(keys).count == keys.count)
    }
}
