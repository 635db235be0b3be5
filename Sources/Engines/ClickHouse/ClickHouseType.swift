import Core

/// A ClickHouse column type, reduced to how its TabSeparated text becomes a ``Value``.
///
/// Stateless and Sendable; built once per column from the types row of
/// `TabSeparatedWithNamesAndTypes`.
struct ClickHouseType: Sendable, Hashable {
    /// How a field's text is decoded.
    enum Decoding: Sendable, Hashable {
        /// Int8…Int64, UInt8…UInt32: `.integer`.
        case signed
        /// UInt64: `.integer` while it fits in Int64, exact decimal text beyond.
        case unsigned64
        /// Float32/Float64: `.real`, with `nan`, `inf` and `-inf`.
        case float
        /// Everything shown as text (strings, decimals, dates, UUIDs, enums, others).
        case text
        /// Array(T): ClickHouse's quoted literal, re-encoded as JSON text.
        case array
        /// Nothing (the type of a bare NULL): always `.null`.
        case nothing
    }

    /// The type exactly as ClickHouse names it, for ``ResultColumn/engineType``.
    let name: String
    /// The type the UI shows.
    let columnType: ColumnType
    let decoding: Decoding
    /// Whether `\N` means NULL (Nullable, possibly inside LowCardinality).
    let nullable: Bool

    /// The type named `name` (already unescaped from the TSV types row).
    init(_ name: String) {
        self.name = name
        var inner = Substring(name)
        var nullable = false
        // LowCardinality(Nullable(T)) and Nullable(T) hold T's values; NULL is `\N`.
        while true {
            if let unwrapped = Self.unwrap(inner, "LowCardinality") {
                inner = unwrapped
            } else if let unwrapped = Self.unwrap(inner, "Nullable") {
                inner = unwrapped
                nullable = true
            } else {
                break
            }
        }
        self.nullable = nullable
        let base = inner.prefix { $0 != "(" }
        let mapped = Self.mapping(base: String(base))
        self.columnType = mapped.0
        self.decoding = mapped.1
    }

    private static func unwrap(_ type: Substring, _ wrapper: String) -> Substring? {
        guard type.hasPrefix(wrapper + "("), type.hasSuffix(")") else { return nil }
        return type.dropFirst(wrapper.count + 1).dropLast()
    }

    private static func mapping(base: String) -> (ColumnType, Decoding) {
        switch base {
        case "Int8", "Int16", "Int32", "Int64", "UInt8", "UInt16", "UInt32":
            // UInt8 is a number in ClickHouse (it has no boolean type): never guessed as one.
            (.integer, .signed)
        case "UInt64": (.integer, .unsigned64)
        case "Float32", "Float64": (.real, .float)
        case "Decimal", "Decimal32", "Decimal64", "Decimal128": (.decimal, .text)
        case "String", "FixedString", "UUID", "Enum8", "Enum16": (.text, .text)
        case "Date": (.date, .text)
        case "DateTime": (.timestamp, .text)
        case "Array": (.array, .array)
        case "Nothing": (.unknown, .nothing)
        default: (.text, .text)
        }
    }
}
