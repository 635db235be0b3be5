import Core
import NIOCore

/// JSON text for PostgreSQL's binary arrays: `int4[]` `{1,NULL,3}` becomes `[1,null,3]`,
/// multi-dimensional arrays nest, and the lower bounds are dropped.
///
/// Elements are decoded like cells of their type; numbers stay JSON numbers (numerics
/// exactly, non-finite ones as strings), booleans `true`/`false`, `json`/`jsonb` elements
/// are embedded as they are, everything else becomes a JSON string. Stateless.
enum PostgresArrays {
    /// The array in `buffer` as JSON; `nil` when malformed.
    static func json(_ buffer: inout ByteBuffer, element: UInt32) -> String? {
        guard let dimensions = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil,
            let elementOID = buffer.readInteger(as: UInt32.self), dimensions >= 0
        else { return nil }
        var sizes: [Int] = []
        for _ in 0..<dimensions {
            guard let size = buffer.readInteger(as: Int32.self), buffer.readInteger(as: Int32.self) != nil, size >= 0
            else { return nil }
            sizes.append(Int(size))
        }
        guard !sizes.isEmpty else { return "[]" }
        var out = ""
        guard nest(&buffer, sizes: sizes[...], element: elementOID == 0 ? element : elementOID, into: &out)
        else { return nil }
        return out
    }

    private static func nest(_ buffer: inout ByteBuffer, sizes: ArraySlice<Int>, element: UInt32, into out: inout String) -> Bool {
        guard let size = sizes.first else { return false }
        out += "["
        for index in 0..<size {
            if index > 0 { out += "," }
            if sizes.count > 1 {
                guard nest(&buffer, sizes: sizes.dropFirst(), element: element, into: &out) else { return false }
            } else {
                guard let length = buffer.readInteger(as: Int32.self) else { return false }
                if length < 0 {
                    out += "null"
                    continue
                }
                guard let bytes = buffer.readSlice(length: Int(length)) else { return false }
                out += fragment(PostgresValues.value(bytes, oid: element), type: PostgresTypes.describe(element).column)
            }
        }
        out += "]"
        return true
    }

    /// One element as a JSON value.
    private static func fragment(_ value: Value, type: ColumnType) -> String {
        switch value {
        case .null:
            return "null"
        case .integer(let number):
            return type == .boolean ? (number == 0 ? "false" : "true") : String(number)
        case .real(let number):
            return number.isFinite ? "\(number)" : quoted(number.isNaN ? "NaN" : (number < 0 ? "-Infinity" : "Infinity"))
        case .text(let text):
            switch type {
            case .json: return text
            case .decimal where text.first?.isNumber == true || text.hasPrefix("-") && text.dropFirst().first?.isNumber == true:
                return text
            default: return quoted(text)
            }
        case .blob(let bytes):
            return quoted("\\x" + bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
        }
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let digits = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
