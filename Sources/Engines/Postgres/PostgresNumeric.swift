import NIOCore

/// Exact decimal text for PostgreSQL's binary `numeric`, as `numeric_out` prints it.
///
/// The wire layout: digit count, weight (of the first base-10000 digit), sign, display scale,
/// then the base-10000 digits. Stateless.
enum PostgresNumeric {
    private static let negative: UInt16 = 0x4000
    private static let notANumber: UInt16 = 0xC000
    private static let positiveInfinity: UInt16 = 0xD000
    private static let negativeInfinity: UInt16 = 0xF000

    /// The numeric in `buffer` as text (`-12.3400`, `NaN`, `Infinity`); `nil` when malformed.
    static func text(_ buffer: inout ByteBuffer) -> String? {
        guard let count = buffer.readInteger(as: Int16.self), let weight = buffer.readInteger(as: Int16.self),
            let sign = buffer.readInteger(as: UInt16.self), let scale = buffer.readInteger(as: Int16.self),
            count >= 0
        else { return nil }
        var digits: [Int16] = []
        digits.reserveCapacity(Int(count))
        for _ in 0..<count {
            guard let digit = buffer.readInteger(as: Int16.self) else { return nil }
            digits.append(digit)
        }
        switch sign {
        case notANumber: return "NaN"
        case positiveInfinity: return "Infinity"
        case negativeInfinity: return "-Infinity"
        default: break
        }
        func digit(_ index: Int) -> Int16 { index >= 0 && index < digits.count ? digits[index] : 0 }
        var out = sign == negative ? "-" : ""
        if weight < 0 {
            out += "0"
        } else {
            out += String(digit(0))
            for index in stride(from: 1, through: Int(weight), by: 1) { out += padded(digit(index)) }
        }
        if scale > 0 {
            var fraction = ""
            var index = Int(weight) + 1
            while fraction.count < Int(scale) {
                fraction += padded(digit(index))
                index += 1
            }
            out += "." + fraction.prefix(Int(scale))
        }
        return out
    }

    /// `value / 10^scale` as exact text, for fixed-point integers such as `money` in cents.
    static func fixed(_ value: Int64, scale: Int) -> String {
        let magnitude = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - magnitude.count)) + magnitude
        let split = padded.index(padded.endIndex, offsetBy: -scale)
        return (value < 0 ? "-" : "") + padded[..<split] + "." + padded[split...]
    }

    private static func padded(_ digit: Int16) -> String {
        let text = String(digit)
        return String(repeating: "0", count: 4 - text.count) + text
    }
}
