import Core

/// The built-in PostgreSQL types the engine knows by OID: their `pg_type` name and the
/// column type the UI shows.
///
/// Stateless. OIDs of built-in types are fixed by PostgreSQL (`pg_type.dat`); other types
/// (enums, extension types, their arrays) are looked up in the server's `pg_type` by
/// ``PostgresTypeCatalog``, and are `text` named `oid NNN` when that fails.
enum PostgresTypes {
    /// One known type: its name and UI type; `element` is set for array types.
    struct Known: Sendable {
        var name: String
        var column: ColumnType
        var element: UInt32? = nil
    }

    static let bool: UInt32 = 16
    static let bytea: UInt32 = 17
    static let char: UInt32 = 18
    static let name: UInt32 = 19
    static let int8: UInt32 = 20
    static let int2: UInt32 = 21
    static let int4: UInt32 = 23
    static let text: UInt32 = 25
    static let oid: UInt32 = 26
    static let json: UInt32 = 114
    static let xml: UInt32 = 142
    static let cidr: UInt32 = 650
    static let float4: UInt32 = 700
    static let float8: UInt32 = 701
    static let unknown: UInt32 = 705
    static let money: UInt32 = 790
    static let inet: UInt32 = 869
    static let bpchar: UInt32 = 1042
    static let varchar: UInt32 = 1043
    static let date: UInt32 = 1082
    static let time: UInt32 = 1083
    static let timestamp: UInt32 = 1114
    static let timestamptz: UInt32 = 1184
    static let interval: UInt32 = 1186
    static let timetz: UInt32 = 1266
    static let numeric: UInt32 = 1700
    static let uuid: UInt32 = 2950
    static let jsonb: UInt32 = 3802

    private static let scalars: [UInt32: Known] = [
        bool: Known(name: "bool", column: .boolean),
        bytea: Known(name: "bytea", column: .blob),
        char: Known(name: "char", column: .text),
        name: Known(name: "name", column: .text),
        int8: Known(name: "int8", column: .integer),
        int2: Known(name: "int2", column: .integer),
        int4: Known(name: "int4", column: .integer),
        text: Known(name: "text", column: .text),
        oid: Known(name: "oid", column: .integer),
        json: Known(name: "json", column: .json),
        xml: Known(name: "xml", column: .text),
        cidr: Known(name: "cidr", column: .text),
        float4: Known(name: "float4", column: .real),
        float8: Known(name: "float8", column: .real),
        unknown: Known(name: "unknown", column: .text),
        money: Known(name: "money", column: .decimal),
        inet: Known(name: "inet", column: .text),
        bpchar: Known(name: "bpchar", column: .text),
        varchar: Known(name: "varchar", column: .text),
        date: Known(name: "date", column: .date),
        time: Known(name: "time", column: .text),
        timestamp: Known(name: "timestamp", column: .timestamp),
        timestamptz: Known(name: "timestamptz", column: .timestamp),
        interval: Known(name: "interval", column: .text),
        timetz: Known(name: "timetz", column: .text),
        numeric: Known(name: "numeric", column: .decimal),
        uuid: Known(name: "uuid", column: .text),
        jsonb: Known(name: "jsonb", column: .json),
        2278: Known(name: "void", column: .text),
    ]

    /// Array type OID → element type OID (`pg_type.typarray`, reversed).
    private static let arrays: [UInt32: UInt32] = [
        1000: bool, 1001: bytea, 1002: char, 1003: name, 1016: int8, 1005: int2, 1007: int4,
        1009: text, 1028: oid, 199: json, 143: xml, 651: cidr, 1021: float4, 1022: float8,
        791: money, 1041: inet, 1014: bpchar, 1015: varchar, 1182: date, 1183: time,
        1115: timestamp, 1185: timestamptz, 1187: interval, 1270: timetz, 1231: numeric,
        2951: uuid, 3807: jsonb,
    ]

    /// Whether `oid` is a built-in type this table knows.
    static func isBuiltIn(_ oid: UInt32) -> Bool {
        scalars[oid] != nil || arrays[oid] != nil
    }

    /// The name and UI type of `oid`; arrays are named `element[]` (for example `int4[]`).
    static func describe(_ oid: UInt32) -> Known {
        if let known = scalars[oid] { return known }
        if let element = arrays[oid] {
            let elementName = scalars[element]?.name ?? "oid \(element)"
            return Known(name: "\(elementName)[]", column: .array, element: element)
        }
        return Known(name: "oid \(oid)", column: .text)
    }
}
