import Core
import Foundation

/// Trino's types as result columns, and its JSON values as ``Value``s.
enum TrinoTypes {
    /// The column type for Trino's type name (parameters and `with time zone` included).
    static func columnType(_ type: String) -> ColumnType {
        let base = type.lowercased().split(separator: "(", maxSplits: 1).first.map(String.init) ?? ""
        switch base.trimmingCharacters(in: .whitespaces) {
        case "boolean": return .boolean
        case "tinyint", "smallint", "integer", "bigint": return .integer
        case "real", "double": return .real
        case "decimal": return .decimal
        case "date": return .date
        case "timestamp": return .timestamp
        case "json", "map", "row": return .json
        case "array": return .array
        case "varbinary": return .blob
        default: return .text
        }
    }

    /// The value of one JSON cell in a column of `type`.
    static func value(_ json: Any, type: ColumnType) -> Value {
        if json is NSNull { return .null }
        switch type {
        case .boolean:
            if let flag = json as? Bool { return .integer(flag ? 1 : 0) }
        case .integer:
            if let number = json as? NSNumber { return .integer(number.int64Value) }
        case .real:
            if let number = json as? NSNumber { return .real(number.doubleValue) }
            // Trino writes the special values as strings.
            if let text = json as? String {
                switch text {
                case "NaN": return .real(.nan)
                case "Infinity": return .real(.infinity)
                case "-Infinity": return .real(-.infinity)
                default: break
                }
            }
        case .blob:
            if let text = json as? String, let bytes = Data(base64Encoded: text) { return .blob([UInt8](bytes)) }
        case .json, .array:
            // `json` values arrive as the document's text; maps, rows and arrays as JSON.
            if let text = json as? String, type == .json { return .text(text) }
            if let data = try? JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed, .sortedKeys]) {
                return .text(String(decoding: data, as: UTF8.self))
            }
        default:
            break
        }
        if let text = json as? String { return .text(text) }
        if let number = json as? NSNumber { return .text(number.stringValue) }
        let data = (try? JSONSerialization.data(withJSONObject: json, options: [.fragmentsAllowed])) ?? Data()
        return .text(String(decoding: data, as: UTF8.self))
    }
}
