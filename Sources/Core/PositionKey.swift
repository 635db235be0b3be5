/// Fractional ordering keys: strings that sort in the order of the items they label, with a
/// key between any two, so an insert or a move changes only the item that moves.
///
/// Keys use the digits `0-9A-Za-z` (base 62, ASCII order) and never end in `0`, which keeps
/// a key strictly between any two distinct keys available.
public enum PositionKey {
    static let digits = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A key that sorts after `before` (or first, when `nil`) and before `after` (or last).
    /// - Precondition: `before < after` when both are given.
    public static func between(_ before: String?, _ after: String?) -> String {
        let low = before.map { Array($0.utf8).map(digitValue) } ?? []
        let high = after.map { Array($0.utf8).map(digitValue) }
        var result: [Int] = []
        var index = 0
        while true {
            let lowDigit = index < low.count ? low[index] : 0
            let highDigit: Int
            if let high {
                // Once the prefix diverged below `high`, the upper bound is open.
                highDigit = (result.count == index && Array(high.prefix(index)) == result && index < high.count)
                    ? high[index] : 62
            } else {
                highDigit = 62
            }
            if highDigit - lowDigit > 1 {
                result.append((lowDigit + highDigit) / 2)
                return String(decoding: result.map { digits[$0] }, as: UTF8.self)
            }
            result.append(lowDigit)
            index += 1
        }
    }

    /// `count` evenly spread keys in ascending order, for a fresh list.
    public static func spread(_ count: Int) -> [String] {
        var keys: [String] = []
        var previous: String?
        for _ in 0..<count {
            let key = between(previous, nil)
            keys.append(key)
            previous = key
        }
        return keys
    }

    private static func digitValue(_ byte: UInt8) -> Int {
        digits.firstIndex(of: byte) ?? 0
    }
}
