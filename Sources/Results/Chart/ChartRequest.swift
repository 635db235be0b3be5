import Core

/// What a chart asks of a stored result: which column gives the x axis, which one splits the
/// points into series, and which aggregated values to draw. Pure value; checked against the
/// result's columns by ``validate(columns:)``.
public struct ChartRequest: Sendable, Hashable {
    /// How the rows of one x group (and series) become one number.
    public enum Aggregation: String, Sendable, CaseIterable {
        /// `count` counts non-null values of the column, or rows when the column is `nil`;
        /// `distinct` counts distinct non-null values; `none` draws every row (sampled).
        case count, sum, avg, min, max, median, distinct, none

        /// Whether the aggregation needs numbers (text that is no number is skipped).
        var isNumeric: Bool { [.sum, .avg, .min, .max, .median, .none].contains(self) }
    }

    /// One value to draw: a column (or all rows, for `count`) and how to aggregate it.
    public struct Measure: Sendable, Hashable {
        public var column: Int?
        public var aggregation: Aggregation

        public init(column: Int?, aggregation: Aggregation) {
            self.column = column
            self.aggregation = aggregation
        }
    }

    /// Truncation of a date/time x (ISO text, or epoch seconds) to the start of its period.
    public enum Bucket: String, Sendable, CaseIterable { case hour, day, week, month, year }

    /// What the x groups are ordered by: the x value itself, or the total of the values.
    public enum SortKey: String, Sendable, CaseIterable { case x, value }

    /// Column of the x axis; `nil` puts every row in one group.
    public var x: Int?
    /// Column whose values split the points into series (pivot long to wide); `nil` for none.
    public var series: Int?
    /// The values to draw, at least one.
    public var measures: [Measure]
    /// Column of a bubble's size, only with `none` measures.
    public var size: Int?
    /// Truncate a date/time x to this period.
    public var bucket: Bucket?
    /// Bin a numeric x into this many equal-width bins (a histogram).
    public var bins: Int?
    public var sort: SortKey
    public var descending: Bool
    /// Keep the `top` x groups by total value and sum the rest into one "Other" group.
    public var top: Int?
    /// At most this many x groups (or raw points, sampled evenly) in the answer.
    public var limit: Int
    /// At most this many series; the rest are summed into an "Other" series.
    public var seriesLimit: Int

    /// Groups or points when no `limit` is given.
    public static let defaultLimit = 1000
    public static let defaultRawLimit = 2000
    /// The largest `limit` and `seriesLimit` a request may ask for, and `bins`.
    public static let maxLimit = 50_000
    public static let maxSeries = 200
    public static let maxBins = 1000

    public init(
        x: Int?, series: Int? = nil, measures: [Measure], size: Int? = nil, bucket: Bucket? = nil,
        bins: Int? = nil, sort: SortKey = .x, descending: Bool = false, top: Int? = nil,
        limit: Int? = nil, seriesLimit: Int = 20
    ) {
        self.x = x
        self.series = series
        self.measures = measures
        self.size = size
        self.bucket = bucket
        self.bins = bins
        self.sort = sort
        self.descending = descending
        self.top = top
        let raw = measures.contains { $0.aggregation == .none }
        self.limit = limit ?? (raw ? Self.defaultRawLimit : Self.defaultLimit)
        self.seriesLimit = seriesLimit
    }

    /// Whether the chart draws rows as they are (scatter, bubble) instead of groups.
    public var isRaw: Bool { measures.first?.aggregation == ChartRequest.Aggregation.none }

    /// Every column the scan reads.
    var columnsRead: [Int] {
        var columns = [x, series, size].compactMap { $0 }
        columns += measures.compactMap(\.column)
        return Array(Set(columns)).sorted()
    }

    /// The columns whose values the chart compares (groups by, counts distinct): their column
    /// files need dictionary codes; the others only numbers.
    var columnsCompared: Set<Int> {
        var columns = Set(measures.filter { $0.aggregation == .distinct }.compactMap(\.column))
        if let series { columns.insert(series) }
        if let x, bins == nil, !isRaw { columns.insert(x) }
        return columns
    }

    /// A stable text of the request, for the cache file's name.
    var key: String {
        let measures = measures.map { "\($0.column.map(String.init) ?? "*"):\($0.aggregation.rawValue)" }
        let parts: [String] = [
            "x=\(x.map(String.init) ?? "-")", "s=\(series.map(String.init) ?? "-")",
            "v=\(measures.joined(separator: ","))", "z=\(size.map(String.init) ?? "-")",
            "b=\(bucket?.rawValue ?? "-")", "n=\(bins.map(String.init) ?? "-")",
            "o=\(sort.rawValue)\(descending ? "-" : "+")", "t=\(top.map(String.init) ?? "-")",
            "l=\(limit)", "sl=\(seriesLimit)",
        ]
        return parts.joined(separator: ";")
    }

    /// Checks the request against the result's columns.
    ///
    /// - Throws: ``ChartError/invalid(parameter:message:)`` naming the parameter at fault.
    public func validate(columns: [ResultColumn]) throws(ChartError) {
        func check(_ index: Int?, _ parameter: String) throws(ChartError) {
            guard let index else { return }
            guard columns.indices.contains(index) else {
                throw .invalid(parameter: parameter, message: "`\(parameter)` must be a column index below \(columns.count), not \(index).")
            }
        }
        try check(x, "x")
        try check(series, "series")
        try check(size, "size")
        guard !measures.isEmpty else {
            throw .invalid(parameter: "value", message: "Give at least one `value=K:AGGREGATION`.")
        }
        for measure in measures {
            try check(measure.column, "value")
            if measure.column == nil, measure.aggregation != .count {
                throw .invalid(parameter: "value", message: "`*` (all rows) can only be counted: use `*:count`.")
            }
        }
        let raw = measures.filter { $0.aggregation == .none }.count
        if raw > 0, raw < measures.count {
            throw .invalid(parameter: "value", message: "`none` (every row) cannot be mixed with aggregations.")
        }
        if raw > 0, x == nil {
            throw .invalid(parameter: "x", message: "Drawing every row (`none`) needs an `x` column.")
        }
        if size != nil, raw == 0 {
            throw .invalid(parameter: "size", message: "`size` (bubble radius) needs values aggregated with `none`.")
        }
        if raw > 0, series != nil || bins != nil || bucket != nil || top != nil {
            throw .invalid(parameter: "value", message: "`none` (every row) cannot be combined with series, bins, bucket or top.")
        }
        if bins != nil, bucket != nil {
            throw .invalid(parameter: "bins", message: "`bins` and `bucket` cannot be used together.")
        }
        if bins != nil || bucket != nil, x == nil {
            throw .invalid(parameter: bins != nil ? "bins" : "bucket", message: "Binning needs an `x` column.")
        }
        if let bins, !(1...Self.maxBins).contains(bins) {
            throw .invalid(parameter: "bins", message: "`bins` must be 1 to \(Self.maxBins), not \(bins).")
        }
        if let top, !(1...Self.maxLimit).contains(top) {
            throw .invalid(parameter: "top", message: "`top` must be 1 to \(Self.maxLimit), not \(top).")
        }
        guard (1...Self.maxLimit).contains(limit) else {
            throw .invalid(parameter: "limit", message: "`limit` must be 1 to \(Self.maxLimit), not \(limit).")
        }
        guard (1...Self.maxSeries).contains(seriesLimit) else {
            throw .invalid(parameter: "seriesLimit", message: "`seriesLimit` must be 1 to \(Self.maxSeries), not \(seriesLimit).")
        }
    }
}

/// Why a chart cannot be drawn from a result.
public enum ChartError: Error, Sendable, Equatable {
    /// A request parameter that does not fit the result (a bad column index, a bad combination).
    case invalid(parameter: String, message: String)
    /// The request is well formed but the data cannot give it, e.g. summing a text column;
    /// `message` is for people.
    case unsuitable(String)
}
