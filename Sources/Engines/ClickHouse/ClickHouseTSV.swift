import Core

/// Decodes the fields of ClickHouse's TabSeparated output.
///
/// Stateless. In that format a row is one line, fields are split by tabs, and a field escapes
/// tab, newline and backslash (`\t`, `\n`, `\\`, and also `\0`, `\'`, `\b`, `\f`, `\r`, …);
/// `\N` alone is NULL.
enum ClickHouseTSV {
    /// A field's text with its escapes resolved.
    static func unescape(_ field: UnsafeRawBufferPointer) -> String {
        guard field.contains(UInt8(ascii: "\\")) else {
            return String(decoding: field, as: UTF8.self)
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(field.count)
        var index = 0
        while index < field.count {
            let byte = field[index]
            index += 1
            guard byte == UInt8(ascii: "\\"), index < field.count else {
                bytes.append(byte)
                continue
            }
            let escaped = field[index]
            index += 1
            if escaped == UInt8(ascii: "x"), index + 1 < field.count,
                let high = hexDigit(field[index]), let low = hexDigit(field[index + 1])
            {
                bytes.append(high << 4 | low)
                index += 2
            } else {
                bytes.append(unescaped(escaped))
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The byte an escape letter stands for, as ClickHouse's `unescapeChar` reads it; any
    /// other letter stands for itself (`\\`, `\'`, `\"`).
    static func unescaped(_ letter: UInt8) -> UInt8 {
        switch letter {
        case UInt8(ascii: "a"): 0x07
        case UInt8(ascii: "b"): 0x08
        case UInt8(ascii: "e"): 0x1B
        case UInt8(ascii: "f"): 0x0C
        case UInt8(ascii: "n"): 0x0A
        case UInt8(ascii: "r"): 0x0D
        case UInt8(ascii: "t"): 0x09
        case UInt8(ascii: "v"): 0x0B
        case UInt8(ascii: "0"): 0x00
        default: letter
        }
    }

    static func hexDigit(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The fields of one line (without its newline), split at tabs.
    static func fields(_ line: UnsafeRawBufferPointer) -> [UnsafeRawBufferPointer] {
        var fields: [UnsafeRawBufferPointer] = []
        var start = 0
        for index in 0..<line.count where line[index] == UInt8(ascii: "\t") {
            fields.append(UnsafeRawBufferPointer(rebasing: line[start..<index]))
            start = index + 1
        }
        fields.append(UnsafeRawBufferPointer(rebasing: line[start..<line.count]))
        return fields
    }

    /// The value of one field of a column of `type`; `nil` when the text does not fit the
    /// type (which means the line is not a row, for example an error ClickHouse appended).
    static func value(_ field: UnsafeRawBufferPointer, as type: ClickHouseType) -> Value? {
        if type.nullable, field.count == 2, field[0] == UInt8(ascii: "\\"), field[1] == UInt8(ascii: "N") {
            return .null
        }
        switch type.decoding {
        case .signed:
            return integer(field).map(Value.integer)
        case .unsigned64:
            if let value = integer(field) { return .integer(value) }
            // Past Int64.max: exact decimal text, as long as it is all digits.
            guard !field.isEmpty, field.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
                return nil
            }
            return .text(String(decoding: field, as: UTF8.self))
        case .float:
            return Double(String(decoding: field, as: UTF8.self)).map(Value.real)
        case .text:
            return .text(unescape(field))
        case .array:
            return ClickHouseArrayLiteral.json(field).map(Value.text)
        case .nothing:
            return .null
        }
    }

    /// A decimal integer that fits in Int64, parsed without making a String.
    static func integer(_ field: UnsafeRawBufferPointer) -> Int64? {
        guard !field.isEmpty else { return nil }
        var index = 0
        let negative = field[0] == UInt8(ascii: "-")
        if negative { index = 1 }
        guard index < field.count else { return nil }
        var value: Int64 = 0
        while index < field.count {
            let digit = field[index] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative
                ? shifted.subtractingReportingOverflow(Int64(digit)) : shifted.addingReportingOverflow(Int64(digit))
            guard !overflow1, !overflow2 else { return nil }
            value = next
            index += 1
        }
        return value
    }
}
