import Foundation

/// A table or view as its engine describes it: what metadata readers return and ingestion
/// stores. Names are kept exactly as the engine spells them.
public struct EngineTable: Sendable, Hashable, Codable {
    /// The engine's namespace (see ``MetaTable/schemaName``).
    public var schema: String
    public var name: String
    public var kind: TableKind
    /// The engine's own comment on the table; empty when it has none.
    public var comment: String
    /// Rows, when the engine keeps a count or an estimate; `nil` otherwise.
    public var rowCount: Int64?
    /// Bytes on disk (with indexes), when the engine can tell; `nil` otherwise.
    public var sizeBytes: Int64?
    /// In the engine's order; `position` counts from 0.
    public var columns: [EngineColumn]

    public init(
        schema: String, name: String, kind: TableKind = .table, comment: String = "", rowCount: Int64? = nil,
        sizeBytes: Int64? = nil, columns: [EngineColumn] = []
    ) {
        self.schema = schema
        self.name = name
        self.kind = kind
        self.comment = comment
        self.rowCount = rowCount
        self.sizeBytes = sizeBytes
        self.columns = columns
    }

    /// A fingerprint of everything ingestion stores from the engine: kind, comment, the
    /// columns (position, name, type, comment) and the statistics rounded to two significant
    /// digits, so a table whose row count drifts a little is not rewritten on every sync,
    /// while one that grew by a tenth is. Stable across processes and versions (FNV-1a, hex).
    public var signature: String {
        var hasher = StableHasher()
        hasher.add("v1")
        hasher.add(kind.rawValue)
        hasher.add(comment)
        hasher.add(Self.rounded(rowCount))
        hasher.add(Self.rounded(sizeBytes))
        for column in columns {
            hasher.add(String(column.position))
            hasher.add(column.name)
            hasher.add(column.type)
            hasher.add(column.comment)
        }
        return hasher.hex
    }

    /// `value` to two significant digits, as text; `-` for none.
    static func rounded(_ value: Int64?) -> String {
        guard let value else { return "-" }
        guard value >= 100 else { return String(value) }
        var scale: Int64 = 1
        var rest = value
        while rest >= 100 {
            rest /= 10
            scale *= 10
        }
        return "\(rest)e\(String(scale).count - 1)"
    }
}

/// One column of a ``EngineTable``.
public struct EngineColumn: Sendable, Hashable, Codable {
    /// 0-based, in the engine's order.
    public var position: Int
    public var name: String
    /// The engine's own spelling of the type (`character varying(20)`, `Nullable(String)`).
    public var type: String
    public var comment: String

    public init(position: Int, name: String, type: String, comment: String = "") {
        self.position = position
        self.name = name
        self.type = type
        self.comment = comment
    }
}

/// 64-bit FNV-1a over length-prefixed strings, so `("ab", "c")` and `("a", "bc")` differ.
/// Not cryptographic: it only tells whether a definition changed.
struct StableHasher {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ text: String) {
        let bytes = Array(text.utf8)
        for byte in String(bytes.count).utf8 { mix(byte) }
        mix(0x3a)
        for byte in bytes { mix(byte) }
    }

    private mutating func mix(_ byte: UInt8) {
        state ^= UInt64(byte)
        state = state &* 0x0000_0100_0000_01b3
    }

    var hex: String {
        let digits = String(state, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
