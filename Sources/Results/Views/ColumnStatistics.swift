import Core

/// Figures about one column of a stored result, as `GET …/stats` reports them.
public struct ColumnStatistics: Sendable, Equatable, Codable {
    /// One histogram bin: values `from ..< to` (the last bin also holds `to`).
    public struct Bin: Sendable, Equatable, Codable {
        /// Lower bound (inclusive), upper bound, and how many values fell in between.
        public var from: Double
        public var to: Double
        public var count: Int
    }

    /// The column's 0-based position in the result.
    public var index: Int
    /// The column's name and type, as in the result.
    public var name: String
    public var type: ColumnType
    /// Non-null values.
    public var count: Int
    /// NULL values; `count + nulls` is the row count.
    public var nulls: Int
    /// Distinct non-null values: exact up to 4096, then a HyperLogLog estimate (~1 %).
    public var distinct: Int
    /// Smallest and largest non-null value by ``ValueOrder`` (decimal columns numerically);
    /// `nil` when the column has no non-null value.
    public var min: Value?
    public var max: Value?
    /// Equal-width bins (at most 20) over the finite numbers of an integer, real or decimal
    /// column; `nil` for other columns.
    public var histogram: [Bin]?

    enum CodingKeys: String, CodingKey { case index, name, type, count, nulls, distinct, min, max, histogram }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        index = try c.decode(Int.self, forKey: .index)
        name = try c.decode(String.self, forKey: .name)
        type = try c.decode(ColumnType.self, forKey: .type)
        count = try c.decode(Int.self, forKey: .count)
        nulls = try c.decode(Int.self, forKey: .nulls)
        distinct = try c.decode(Int.self, forKey: .distinct)
        min = try c.decodeIfPresent(TaggedValue.self, forKey: .min)?.value
        max = try c.decodeIfPresent(TaggedValue.self, forKey: .max)?.value
        histogram = try c.decodeIfPresent([Bin].self, forKey: .histogram)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(index, forKey: .index)
        try c.encode(name, forKey: .name)
        try c.encode(type, forKey: .type)
        try c.encode(count, forKey: .count)
        try c.encode(nulls, forKey: .nulls)
        try c.encode(distinct, forKey: .distinct)
        try c.encodeIfPresent(min.map(TaggedValue.init), forKey: .min)
        try c.encodeIfPresent(max.map(TaggedValue.init), forKey: .max)
        try c.encodeIfPresent(histogram, forKey: .histogram)
    }

    init(index: Int, column: ResultColumn) {
        self.index = index
        name = column.name
        type = column.type
        count = 0
        nulls = 0
        distinct = 0
    }
}

/// The statistics of a whole stored result, as cached in `<n>.stats.json`.
public struct ResultStatistics: Sendable, Equatable, Codable {
    /// Cache format version, bumped when the figures' meaning changes.
    public var version: Int
    /// Rows in the result.
    public var rows: Int
    /// One entry per column, in column order.
    public var columns: [ColumnStatistics]
}

/// A value in the statistics cache without loss: `{"integer": 1}`, `{"real": 2.5}` (or the
/// bit pattern for NaN and infinities: `{"realBits": "7ff8000000000000"}`), `{"text": "…"}`,
/// `{"blob": "hex"}`.
struct TaggedValue: Codable {
    let value: Value

    init(_ value: Value) { self.value = value }

    enum CodingKeys: String, CodingKey { case integer, real, realBits, text, blob }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let number = try c.decodeIfPresent(Int64.self, forKey: .integer) {
            value = .integer(number)
        } else if let number = try c.decodeIfPresent(Double.self, forKey: .real) {
            value = .real(number)
        } else if let bits = try c.decodeIfPresent(String.self, forKey: .realBits), let pattern = UInt64(bits, radix: 16) {
            value = .real(Double(bitPattern: pattern))
        } else if let text = try c.decodeIfPresent(String.self, forKey: .text) {
            value = .text(text)
        } else if let hex = try c.decodeIfPresent(String.self, forKey: .blob) {
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex, let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex),
                let byte = UInt8(hex[index..<next], radix: 16)
            {
                bytes.append(byte)
                index = next
            }
            value = .blob(bytes)
        } else {
            value = .null
        }
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch value {
        case .null: break
        case .integer(let number): try c.encode(number, forKey: .integer)
        case .real(let number):
            if number.isFinite {
                try c.encode(number, forKey: .real)
            } else {
                try c.encode(String(number.bitPattern, radix: 16), forKey: .realBits)
            }
        case .text(let text): try c.encode(text, forKey: .text)
        case .blob(let bytes):
            try c.encode(bytes.map { byte in String(byte >> 4, radix: 16) + String(byte & 15, radix: 16) }.joined(), forKey: .blob)
        }
    }
}
