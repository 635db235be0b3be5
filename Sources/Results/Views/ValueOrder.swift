import Core
import Foundation

/// The order of stored values used by sorting, range filters and min/max, the one SQLite's
/// `ORDER BY` gives with the BINARY collation.
///
/// NULL sorts first, then numbers (integers and reals compared by value, exactly even for
/// integers beyond 2^53; NaN, which SQLite cannot store, below every other number), then text
/// by UTF-8 bytes, then blobs by bytes (`memcmp`, a shorter prefix first). Pure functions.
enum ValueOrder {
    /// -1, 0 or 1 as `lhs` sorts before, with, or after `rhs`.
    static func compare(_ lhs: Value, _ rhs: Value) -> Int {
        switch (lhs, rhs) {
        case (.null, .null): return 0
        case (.null, _): return -1
        case (_, .null): return 1
        case (.integer(let left), .integer(let right)): return left < right ? -1 : (left == right ? 0 : 1)
        case (.integer(let left), .real(let right)): return compare(integer: left, real: right)
        case (.real(let left), .integer(let right)): return -compare(integer: right, real: left)
        case (.real(let left), .real(let right)): return compare(real: left, real: right)
        case (.integer, _), (.real, _): return -1
        case (_, .integer), (_, .real): return 1
        case (.text(let left), .text(let right)): return compareUTF8(left, right)
        case (.text, .blob): return -1
        case (.blob, .text): return 1
        case (.blob(let left), .blob(let right)):
            return left.withUnsafeBufferPointer { l in right.withUnsafeBufferPointer { r in compareBytes(l, r) } }
        }
    }

    /// The value a column sorts by: a `decimal` column's text (exact decimal digits) is read as
    /// a number, an integer when it is one, so decimals sort numerically; every other value is
    /// itself. Decimal text beyond a `Double`'s precision sorts by its nearest `Double`.
    static func key(_ value: Value, type: ColumnType) -> Value {
        guard type == .decimal, case .text(let text) = value, let number = number(text) else { return value }
        return number
    }

    /// `text` as an integer or a real, or `nil` when it is not a decimal number.
    ///
    /// Only `[+-]digits[.digits][e[+-]digits]` (and the `NaN`/`Infinity` spellings engines use)
    /// is accepted, so hexadecimal and padded text are not numbers.
    static func number(_ text: String, allowNonFinite: Bool = true) -> Value? {
        if let integer = Int64(text) { return .integer(integer) }
        switch text {
        case "NaN", "nan": return allowNonFinite ? .real(.nan) : nil
        case "Infinity", "+Infinity", "inf": return allowNonFinite ? .real(.infinity) : nil
        case "-Infinity", "-inf": return allowNonFinite ? .real(-.infinity) : nil
        default: break
        }
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): continue
            default: return nil
            }
        }
        guard digits > 0, let real = Double(text), real.isFinite else { return nil }
        return .real(real)
    }

    /// An integer against a real, exactly: the real is split into its floor (which fits an
    /// Int64 whenever it is in range) and a fraction, instead of rounding the integer.
    static func compare(integer: Int64, real: Double) -> Int {
        if real.isNaN { return 1 }
        if real < -9_223_372_036_854_775_808.0 { return 1 }
        if real >= 9_223_372_036_854_775_808.0 { return -1 }
        let floor = real.rounded(.down)
        let whole = Int64(floor)
        if integer < whole { return -1 }
        if integer > whole { return 1 }
        return real > floor ? -1 : 0
    }

    static func compare(real left: Double, real right: Double) -> Int {
        if left.isNaN || right.isNaN { return left.isNaN ? (right.isNaN ? 0 : -1) : 1 }
        return left < right ? -1 : (left == right ? 0 : 1)
    }

    /// Byte order of two strings' UTF-8, without copying native strings.
    static func compareUTF8(_ lhs: String, _ rhs: String) -> Int {
        var left = lhs
        var right = rhs
        return left.withUTF8 { l in right.withUTF8 { r in compareBytes(l, r) } }
    }

    static func compareBytes(_ lhs: UnsafeBufferPointer<UInt8>, _ rhs: UnsafeBufferPointer<UInt8>) -> Int {
        let common = min(lhs.count, rhs.count)
        if common > 0, let l = lhs.baseAddress, let r = rhs.baseAddress {
            let order = memcmp(l, r, common)
            if order != 0 { return order < 0 ? -1 : 1 }
        }
        return lhs.count < rhs.count ? -1 : (lhs.count == rhs.count ? 0 : 1)
    }

    /// Calls `body` with the bytes of a value's text form, or returns `nil` for NULL: text
    /// as its UTF-8, a blob as its raw bytes (like SQLite's `CAST(x AS TEXT)`), an integer in
    /// decimal, a real as the shortest text that reads back as it (`2.5`, `1e+20`, and `NaN`,
    /// `Infinity`, `-Infinity` as in the API's JSON).
    static func withText<R>(_ value: Value, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        switch value {
        case .null: return nil
        case .text(let text):
            var text = text
            return text.withUTF8(body)
        case .blob(let bytes): return bytes.withUnsafeBufferPointer(body)
        case .integer(let number):
            var text = String(number)
            return text.withUTF8(body)
        case .real(let number):
            var text = number.isFinite ? number.description : (number.isNaN ? "NaN" : (number > 0 ? "Infinity" : "-Infinity"))
            return text.withUTF8(body)
        }
    }
}
