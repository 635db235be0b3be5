import Core

/// The points of one chart, aggregated from a whole stored result: the x labels in order and,
/// for each series, one number (or `nil` for a gap) per label.
public struct ChartData: Sendable, Equatable, Codable {
    /// One line, bar group or slice set.
    public struct Series: Sendable, Equatable, Codable {
        /// `sum(duration_ms)`, or the pivoted series value as text (with the measure when
        /// there are several): `web · sum(duration_ms)`; `Other` for folded series.
        public var name: String
        /// Index of the measure (`value` parameter) this series draws.
        public var measure: Int
        /// The series column's value; `nil` without a series column and for `Other`.
        public var group: Value?
        /// One number per label; `nil` where the group has no value.
        public var data: [Double?]

        enum CodingKeys: String, CodingKey { case name, measure, group, data }

        public init(name: String, measure: Int, group: Value?, data: [Double?]) {
            self.name = name
            self.measure = measure
            self.group = group
            self.data = data
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            name = try c.decode(String.self, forKey: .name)
            measure = try c.decode(Int.self, forKey: .measure)
            group = try c.decodeIfPresent(TaggedValue.self, forKey: .group)?.value
            data = try c.decode([Double?].self, forKey: .data)
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(measure, forKey: .measure)
            try c.encodeIfPresent(group.map(TaggedValue.init), forKey: .group)
            try c.encode(data, forKey: .data)
        }
    }

    /// A histogram bin: values `from ..< to` (the last bin also holds `to`).
    public struct Bin: Sendable, Equatable, Codable {
        public var from: Double
        public var to: Double
    }

    /// Cache format version, bumped when the figures' meaning changes.
    public var version: Int
    /// One per point or group, in drawing order: x values as stored (`.null` for the NULL
    /// group), bucket starts as ISO text, a bin's lower bound, or `Other`.
    public var labels: [Value]
    /// The bins of a histogram, one per label; `nil` otherwise.
    public var bins: [Bin]?
    public var series: [Series]
    /// Bubble sizes, one per label; `nil` without a size column.
    public var size: [Double?]?
    /// Rows aggregated (or, for raw points, rows of the result).
    public var rows: Int
    /// x groups before `top` and `limit` applied (raw points: rows with an x).
    public var groups: Int
    /// Whether `limit` dropped groups.
    public var truncated: Bool
    /// Whether raw points were sampled evenly down to `limit`.
    public var sampled: Bool
    /// Whether the last label is the `Other` group made by `top`.
    public var other: Bool
    /// Values that numeric aggregations skipped because they were no number, and x values
    /// that were no date (with `bucket`) or no number (with `bins`).
    public var skipped: Int

    enum CodingKeys: String, CodingKey { case version, labels, bins, series, size, rows, groups, truncated, sampled, other, skipped }

    init(labels: [Value], series: [Series]) {
        version = Self.currentVersion
        self.labels = labels
        self.series = series
        rows = 0
        groups = 0
        truncated = false
        sampled = false
        other = false
        skipped = 0
    }

    static let currentVersion = 1

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        labels = try c.decode([TaggedValue].self, forKey: .labels).map(\.value)
        bins = try c.decodeIfPresent([Bin].self, forKey: .bins)
        series = try c.decode([Series].self, forKey: .series)
        size = try c.decodeIfPresent([Double?].self, forKey: .size)
        rows = try c.decode(Int.self, forKey: .rows)
        groups = try c.decode(Int.self, forKey: .groups)
        truncated = try c.decode(Bool.self, forKey: .truncated)
        sampled = try c.decode(Bool.self, forKey: .sampled)
        other = try c.decode(Bool.self, forKey: .other)
        skipped = try c.decode(Int.self, forKey: .skipped)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encode(labels.map(TaggedValue.init), forKey: .labels)
        try c.encodeIfPresent(bins, forKey: .bins)
        try c.encode(series, forKey: .series)
        try c.encodeIfPresent(size, forKey: .size)
        try c.encode(rows, forKey: .rows)
        try c.encode(groups, forKey: .groups)
        try c.encode(truncated, forKey: .truncated)
        try c.encode(sampled, forKey: .sampled)
        try c.encode(other, forKey: .other)
        try c.encode(skipped, forKey: .skipped)
    }
}
